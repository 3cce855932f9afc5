package store

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// The process tests re-execute the test binary as a second Backstop process:
// TestChildProcess, with the mode and the data directory in the environment.
const (
	childModeEnv = "BACKSTOP_STORE_CHILD"
	childDirEnv  = "BACKSTOP_STORE_CHILD_DIR"
)

// TestChildProcess is not a test of its own: it is the other process of the process
// tests. Mode "hold" opens the store, says "ready", and keeps it open until its
// standard input closes. Mode "write" opens the store, says "ready", then writes
// until it is killed, printing every write on its own line once it is acknowledged
// (see crashWriter).
func TestChildProcess(t *testing.T) {
	mode, dir := os.Getenv(childModeEnv), os.Getenv(childDirEnv)
	if mode == "" {
		t.Skip("helper process of the process tests")
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	defer s.Close()
	fmt.Println("ready")
	switch mode {
	case "hold":
		_, _ = io.Copy(io.Discard, os.Stdin)
	case "write":
		crashWriter(s, os.Stdout)
	}
}

// child is a running TestChildProcess.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string // complete lines of its output; closed at EOF
	stderr *bytes.Buffer
}

// startChild starts TestChildProcess in the given mode on dir.
func startChild(t *testing.T, mode, dir string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), childModeEnv+"="+mode, childDirEnv+"="+dir)
	c := &child{cmd: cmd, lines: make(chan string, 1024), stderr: new(bytes.Buffer)}
	cmd.Stderr = c.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.lines)
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return // a line cut off by the kill was never acknowledged
			}
			c.lines <- strings.TrimSuffix(line, "\n")
		}
	}()
	return c
}

// waitReady waits for the child's "ready" line.
func (c *child) waitReady(t *testing.T) {
	t.Helper()
	select {
	case line, ok := <-c.lines:
		if !ok || line != "ready" {
			t.Fatalf("child did not get ready: %q (stderr: %s)", line, c.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("child not ready after 30 s (stderr: %s)", c.stderr)
	}
}

func TestSecondProcessGetsInUse(t *testing.T) {
	dir := t.TempDir()
	holder := startChild(t, "hold", dir)
	holder.waitReady(t)

	start := time.Now()
	_, err := Open(dir)
	elapsed := time.Since(start)
	e := wantCode(t, err, meeting.CodeInUse)
	if !strings.Contains(e.Message, "另一个 Backstop 窗口") {
		t.Errorf("message %q does not say another Backstop window holds the data", e.Message)
	}
	if elapsed > 2*time.Second {
		t.Errorf("Open gave up after %v, want within 2 s", elapsed)
	}

	backup, err := NewestBackup(dir)
	if err != nil || backup == "" {
		t.Fatalf("the holder's open made no backup: %q, %v", backup, err)
	}
	_, err = Restore(dir, backup)
	wantCode(t, err, meeting.CodeInUse)

	holder.stdin.Close()
	if err := holder.cmd.Wait(); err != nil {
		t.Fatalf("holder: %v (stderr: %s)", err, holder.stderr)
	}
	s := openDir(t, dir)
	s.Close()
}

// crashWriter writes until the process is killed. Each write prints one line after
// its transaction returned:
//
//	case ID TITLE       a case was created
//	meeting ID TITLE    a draft was created
//	final ID NUMBER     a meeting was finalized
//	try case ID TITLE   an edit of a case begins (it may or may not land)
//	edit case ID TITLE  that edit was acknowledged
func crashWriter(s *Store, out io.Writer) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, seed>>7))
	var cases, drafts []meeting.ID
	for i := 0; ; i++ {
		c := testCase()
		c.Title = fmt.Sprintf("崩溃测试 %x-%d", seed&0xFFFF, i)
		if err := s.SaveCase(&c); err != nil {
			fmt.Fprintf(out, "error %v\n", err)
			return
		}
		fmt.Fprintf(out, "case %d %s\n", c.ID, c.Title)
		cases = append(cases, c.ID)

		switch rng.IntN(4) {
		case 0:
			m := testMeeting(c.ID)
			m.Title = fmt.Sprintf("崩溃测试会议 %x-%d", seed&0xFFFF, i)
			if err := s.SaveMeeting(&m); err != nil {
				fmt.Fprintf(out, "error %v\n", err)
				return
			}
			fmt.Fprintf(out, "meeting %d %s\n", m.ID, m.Title)
			drafts = append(drafts, m.ID)
		case 1:
			if len(drafts) == 0 {
				continue
			}
			id := drafts[0]
			drafts = drafts[1:]
			mn, err := s.Finalize(id, time.Now())
			if err != nil {
				fmt.Fprintf(out, "error %v\n", err)
				return
			}
			fmt.Fprintf(out, "final %d %s\n", id, mn.Meeting.Number)
		case 2:
			edit, err := s.Case(cases[rng.IntN(len(cases))])
			if err != nil {
				fmt.Fprintf(out, "error %v\n", err)
				return
			}
			edit.Title = fmt.Sprintf("崩溃测试改 %x-%d", seed&0xFFFF, i)
			fmt.Fprintf(out, "try case %d %s\n", edit.ID, edit.Title)
			if err := s.SaveCase(&edit); err != nil {
				fmt.Fprintf(out, "error %v\n", err)
				return
			}
			fmt.Fprintf(out, "edit case %d %s\n", edit.ID, edit.Title)
		}
	}
}

// acknowledged is what the writers were told is stored.
type acknowledged struct {
	caseTitle    map[meeting.ID]string // last acknowledged title
	caseTrying   map[meeting.ID]string // title of an edit in flight when the writer died
	meetingTitle map[meeting.ID]string
	number       map[meeting.ID]string
	writes       int
}

// read takes in one line of a writer's output.
func (a *acknowledged) read(t *testing.T, line string) {
	f := strings.SplitN(line, " ", 4)
	id := func(s string) meeting.ID {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("bad line from writer: %q", line)
		}
		return meeting.ID(n)
	}
	switch {
	case f[0] == "case" && len(f) >= 3:
		a.caseTitle[id(f[1])] = strings.Join(f[2:], " ")
	case f[0] == "meeting" && len(f) >= 3:
		a.meetingTitle[id(f[1])] = strings.Join(f[2:], " ")
	case f[0] == "final" && len(f) == 3:
		a.number[id(f[1])] = f[2]
	case f[0] == "try" && len(f) == 4:
		a.caseTrying[id(f[2])] = f[3]
		return
	case f[0] == "edit" && len(f) == 4:
		delete(a.caseTrying, id(f[2]))
		a.caseTitle[id(f[2])] = f[3]
	default:
		t.Fatalf("writer said: %q", line)
	}
	a.writes++
}

// verify checks that everything acknowledged is stored, and that no document number
// was given twice.
func (a *acknowledged) verify(t *testing.T, s *Store) {
	t.Helper()
	for id, title := range a.caseTitle {
		c, err := s.Case(id)
		if err != nil {
			t.Fatalf("acknowledged case %d: %v", id, err)
		}
		if c.Title != title && c.Title != a.caseTrying[id] {
			t.Fatalf("case %d has title %q, acknowledged %q", id, c.Title, title)
		}
	}
	for id, title := range a.meetingTitle {
		m, err := s.Meeting(id)
		if err != nil {
			t.Fatalf("acknowledged meeting %d: %v", id, err)
		}
		if m.Title != title {
			t.Fatalf("meeting %d has title %q, acknowledged %q", id, m.Title, title)
		}
		if n, ok := a.number[id]; ok && (m.State != meeting.StateFinalized || m.Number.String() != n) {
			t.Fatalf("meeting %d is %s %s, acknowledged finalized as %s", id, m.State, m.Number, n)
		}
	}
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[meeting.DocNumber]meeting.ID{}
	for _, m := range ms {
		if m.Number.IsZero() {
			continue
		}
		if other, dup := seen[m.Number]; dup {
			t.Fatalf("number %s given to meetings %d and %d", m.Number, other, m.ID)
		}
		seen[m.Number] = m.ID
	}
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 50 processes")
	}
	const kills = 50
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	ack := &acknowledged{caseTitle: map[meeting.ID]string{}, caseTrying: map[meeting.ID]string{},
		meetingTitle: map[meeting.ID]string{}, number: map[meeting.ID]string{}}
	for round := 0; round < kills; round++ {
		w := startChild(t, "write", dir)
		// Most kills land while the writer writes; every fifth may land while it is
		// still opening, checking or backing up the file.
		if round%5 != 0 {
			w.waitReady(t)
		}
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		if err := w.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = w.cmd.Wait()
		for line := range w.lines {
			if line != "ready" {
				ack.read(t, line)
			}
		}

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("round %d: check after the kill: %v", round, err)
		}
		ack.verify(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s := openDir(t, dir)
	s.Close()
	for _, folder := range []string{dir, filepath.Join(dir, BackupDirName)} {
		if temps, _ := filepath.Glob(filepath.Join(folder, ".*.tmp-*")); len(temps) > 0 {
			t.Errorf("temporary files left after reopening: %v", temps)
		}
	}
	t.Logf("%d kills, %d acknowledged writes (%d cases, %d meetings, %d finalized), all present",
		kills, ack.writes, len(ack.caseTitle), len(ack.meetingTitle), len(ack.number))
	if ack.writes < kills {
		t.Errorf("only %d acknowledged writes in %d rounds: the writers hardly wrote", ack.writes, kills)
	}
}
