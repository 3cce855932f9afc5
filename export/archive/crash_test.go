package archive

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/store"
)

// The crash test re-executes the test binary as TestCrashChild, which finalizes and
// attaches in a loop until it is killed with SIGKILL.
const crashDirEnv = "BACKSTOP_ARCHIVE_CRASH_DIR"

// TestCrashChild is not a test of its own: it is the process the crash test kills.
// It prints "ready", then for each meeting "finalized ID" once Finalize returned and
// "attached ID HASH" once AttachScan returned: those are acknowledged.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("helper process of TestKillDuringFinalizeAndAttach")
	}
	st, err := store.Open(dir)
	if err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	defer st.Close()
	if _, err := Recover(st, dir); err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	fmt.Println("ready")
	src := filepath.Join(dir, "扫描 来源")
	os.MkdirAll(src, 0o700)
	for i := 0; ; i++ {
		id := draft(t, st, fmt.Sprintf("崩溃测试 %d", i))
		if _, err := Finalize(st, dir, id, testTime); err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		fmt.Printf("finalized %d\n", id)
		scan := append(append([]byte(nil), pngScan...), bytes.Repeat([]byte(fmt.Sprint(i)), 20000)...)
		file := filepath.Join(src, fmt.Sprintf("签字 %d.png", i))
		os.WriteFile(file, scan, 0o600)
		if _, err := AttachScan(st, dir, id, file, testTime); err != nil {
			fmt.Printf("error %v\n", err)
			return
		}
		fmt.Printf("attached %d %s\n", id, sha(scan))
	}
}

// TestKillDuringFinalizeAndAttach kills a process that finalizes and attaches at
// random points, many times, and requires after each restart: the store opens,
// Recover leaves every meeting either a draft or finalized with its PDF present and
// matching, no temporary or unrecorded file remains, and everything acknowledged is
// there.
func TestKillDuringFinalizeAndAttach(t *testing.T) {
	runs := 12
	if testing.Short() {
		runs = 3
	}
	dir := t.TempDir()
	finalizedIDs := map[meeting.ID]bool{}
	attached := map[meeting.ID]string{}
	for run := 0; run < runs; run++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			defer close(lines)
			r := bufio.NewReader(stdout)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return // a line cut off by the kill was never acknowledged
				}
				lines <- strings.TrimSuffix(line, "\n")
			}
		}()
		select {
		case line := <-lines:
			if line != "ready" {
				t.Fatalf("run %d: child said %q (stderr: %s)", run, line, stderr.String())
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("run %d: child not ready (stderr: %s)", run, stderr.String())
		}
		// Let a few steps complete, then kill at a random moment of the next ones.
		var acked []string
		for n := rand.IntN(4); len(acked) < n; {
			line, ok := <-lines
			if !ok {
				break
			}
			acked = append(acked, line)
		}
		time.Sleep(time.Duration(rand.IntN(60)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		for line := range lines {
			acked = append(acked, line)
		}
		for _, line := range acked {
			var id meeting.ID
			var hash string
			switch {
			case strings.HasPrefix(line, "finalized "):
				fmt.Sscan(strings.TrimPrefix(line, "finalized "), &id)
				finalizedIDs[id] = true
			case strings.HasPrefix(line, "attached "):
				fmt.Sscan(strings.TrimPrefix(line, "attached "), &id, &hash)
				attached[id] = hash
			default:
				t.Fatalf("run %d: child said %q", run, line)
			}
		}
		checkAfterCrash(t, run, dir, finalizedIDs, attached)
	}
	t.Logf("%d runs: %d finalizes and %d attaches acknowledged", runs, len(finalizedIDs), len(attached))
	if len(finalizedIDs) == 0 {
		t.Errorf("no finalize was acknowledged in %d runs", runs)
	}
}

func checkAfterCrash(t *testing.T, run int, dir string, finalizedIDs map[meeting.ID]bool, attached map[meeting.ID]string) {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatalf("run %d: store does not open after the kill: %v", run, err)
	}
	defer st.Close()
	if _, err := Recover(st, dir); err != nil {
		t.Fatalf("run %d: Recover: %v", run, err)
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) > 0 {
		t.Fatalf("run %d: VerifyAll after Recover: %v %v", run, ps, err)
	}
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	for _, m := range ms {
		switch {
		case m.State == meeting.StateDraft && len(m.Revisions) == 0:
			if finalizedIDs[m.ID] {
				t.Errorf("run %d: meeting %d was acknowledged as finalized but is a draft", run, m.ID)
			}
		case m.State == meeting.StateFinalized || m.State == meeting.StateSigned:
			rev, _ := m.LastRevision()
			if rev.PDFHash == "" {
				t.Errorf("run %d: meeting %d finalized without its PDF", run, m.ID)
			}
			recorded[rev.PDFPath] = true
			for _, sc := range rev.Scans {
				recorded[sc.Path] = true
			}
			if h := attached[m.ID]; h != "" && (len(rev.Scans) != 1 || rev.Scans[0].Hash != h) {
				t.Errorf("run %d: meeting %d lost its acknowledged scan: %+v", run, m.ID, rev.Scans)
			}
		default:
			t.Errorf("run %d: meeting %d in state %s with %d revisions", run, m.ID, m.State, len(m.Revisions))
		}
	}
	filepath.WalkDir(Dir(dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(Dir(dir), p)
		if !recorded[filepath.ToSlash(rel)] {
			t.Errorf("run %d: file %s in the archive is not recorded", run, rel)
		}
		return nil
	})
}
