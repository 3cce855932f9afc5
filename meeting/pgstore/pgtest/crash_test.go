package pgtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

const crashChildEnv = "BACKSTOP_PGTEST_CRASH_CHILD"

// TestCrashChild is not a test of its own: it is the test binary that dies in
// TestServerStopsWhenTheTestsDie. It starts a server, prints the postmaster's PID
// and folder, and kills itself without any clean-up.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("helper process of TestServerStopsWhenTheTestsDie")
	}
	bin, err := FindBinaries()
	if err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	s, err := Start(bin)
	if err != nil {
		fmt.Printf("error %v\n", err)
		return
	}
	fmt.Printf("server %d %s\n", s.cmd.Process.Pid, s.Root())
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
}

// TestServerStopsWhenTheTestsDie: a test binary killed with SIGKILL (no deferred
// clean-up, no Main) does not leave its PostgreSQL running: the kernel's parent-death
// signal stops the server. (Its temporary folder stays; this test removes it.)
func TestServerStopsWhenTheTestsDie(t *testing.T) {
	if _, err := FindBinaries(); err != nil {
		Missing(t, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	var root string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "error ") {
			t.Fatal(line)
		}
		if _, err := fmt.Sscanf(line, "server %d %s", &pid, &root); err == nil {
			break
		}
	}
	for sc.Scan() {
	}
	_ = cmd.Wait()
	if pid == 0 || !strings.Contains(root, "pgtest-") {
		t.Fatalf("the child did not report its server")
	}
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	deadline := time.Now().Add(15 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("postmaster %d still running 15 s after its test binary was killed", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// alive reports whether a process runs (a zombie, exited but not yet reaped by its
// new parent, does not count).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	// pid (comm) state …: the state follows the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}
