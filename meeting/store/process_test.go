package store

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
		crashWriter(s, filepath.Join(dir, standInArchive), os.Stdout)
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
