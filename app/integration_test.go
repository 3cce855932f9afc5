//go:build integration || e2e

// Integration tests run the built binary (BACKSTOP_BIN, set by `make integration`)
// as users and scripts do: the command line, two processes on one data directory,
// and the real window under Xvfb.
package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func binary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("BACKSTOP_BIN")
	if bin == "" {
		t.Fatal("BACKSTOP_BIN is not set; run `make integration`")
	}
	return bin
}

// backstop runs the binary on dir and returns its exit code and output.
func backstop(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), append([]string{"--data", dir}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running backstop %v: %v", args, err)
	}
	return code, out.String(), errb.String()
}

func importExample(t *testing.T, dir string) string {
	t.Helper()
	code, out, errs := backstop(t, dir, "import", "../examples/plastics-title-meeting.json")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

func TestCLIImportListCheck(t *testing.T) {
	dir := t.TempDir()
	if id := importExample(t, dir); id != "1" {
		t.Fatalf("import printed ID %q, want 1", id)
	}
	code, out, _ := backstop(t, dir, "list")
	if code != 0 || !strings.Contains(out, "企业分期办理不动产权证等疑难事项协调会") {
		t.Fatalf("list: exit %d: %s", code, out)
	}
	if code, out, _ := backstop(t, dir, "check"); code != 0 || !strings.Contains(out, "数据文件完好") {
		t.Fatalf("check: exit %d: %s", code, out)
	}
	info, err := os.Stat(filepath.Join(dir, "backstop.db"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("data file mode: %v %v", info.Mode(), err)
	}
}

// TestRealWindow starts the app under Xvfb on data holding the example meeting, takes
// a screenshot, checks that it shows a window and is not blank, checks that a second
// process is refused quickly while the window holds the data, and closes the window.
func TestRealWindow(t *testing.T) {
	dir := t.TempDir()
	importExample(t, dir)
	display := xvfb(t)

	cmd := exec.Command(binary(t), "--data", dir)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "XDG_RUNTIME_DIR="+t.TempDir())
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })

	if !windowShown(display, "兜底协调会", 60*time.Second, nil) {
		t.Fatalf("no window within 60 s; app output:\n%s", logs.String())
	}
	time.Sleep(3 * time.Second) // let the first frames render

	artifacts := filepath.Join("..", "dist", "test-artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(artifacts, "window.png")
	if out, err := exec.Command("import", "-display", display, "-window", "root", shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, out)
	}
	assertNotBlank(t, shot)

	start := time.Now()
	code, _, errs := backstop(t, dir, "list")
	if code == 0 || !strings.Contains(errs, "另一个 Backstop 窗口") || time.Since(start) > 2500*time.Millisecond {
		t.Fatalf("second process: exit %d after %v: %s", code, time.Since(start), errs)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app did not exit cleanly: %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("the app did not close within 15 s of an interrupt")
	}
	if code, out, errs := backstop(t, dir, "check"); code != 0 {
		t.Fatalf("check after closing: exit %d: %s %s", code, out, errs)
	}
}
