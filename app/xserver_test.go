//go:build integration || wine || e2e

package main

import (
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The X server and window helpers of the integration tests and the Wine test.

// xvfb starts a virtual X server and returns its DISPLAY value.
func xvfb(t *testing.T) string {
	t.Helper()
	return xvfbSized(t, "1440x900")
}

// xvfbSized starts a virtual X server with one screen of size (as "1024x768").
func xvfbSized(t *testing.T, size string) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Fatal("Xvfb is not installed; `make test` installs it (package xvfb)")
	}
	for n := 90 + os.Getpid()%100; n < 300; n++ {
		display := fmt.Sprintf(":%d", n)
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		cmd := exec.Command("Xvfb", display, "-screen", "0", size+"x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		for i := 0; i < 50; i++ {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return display
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not start", display)
	}
	t.Fatal("no free X display")
	return ""
}

// windowShown waits until a top-level window whose name contains title is mapped,
// giving up early when exited (which may be nil) is closed: the program ended.
func windowShown(display, title string, within time.Duration, exited <-chan struct{}) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		out, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
		if strings.Contains(string(out), title) {
			return true
		}
		select {
		case <-exited:
			return false
		case <-time.After(200 * time.Millisecond):
		}
	}
	return false
}

// assertNotBlank fails unless the screenshot has enough distinct colours to be a
// rendered window with text, not an empty screen.
func assertNotBlank(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	colours := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
		}
	}
	if len(colours) < 16 {
		t.Fatalf("screenshot %s looks blank: %d colours", path, len(colours))
	}
}
