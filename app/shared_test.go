//go:build integration

package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backstop/meeting/pgstore"
	"backstop/meeting/pgstore/pgtest"
)

// sharedDatabaseURL creates a migrated database on the private PostgreSQL server and
// returns its URL for an office PC's login.
func sharedDatabaseURL(t *testing.T) string {
	t.Helper()
	srv := pgtest.Shared(t)
	srv.Exec(t, pgstore.RolesSQL)
	srv.Exec(t, "CREATE ROLE office_pc LOGIN IN ROLE "+pgstore.AppRole)
	name := srv.NewDatabase(t, pgstore.OwnerRole)
	st, err := pgstore.Open(context.Background(), srv.URL(name, pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return srv.URL(name, "office_pc")
}

// TestTwoWindowsOneDatabase runs two real windows (two data folders, two X
// displays: two PCs) on one private PostgreSQL database. PC A creates a meeting and
// types its title with real X key events; PC B's meeting list, untouched, changes
// within a second of A's save of the title. Screenshots: dist/test-artifacts/shared-{a,b}-*.png.
func TestTwoWindowsOneDatabase(t *testing.T) {
	url := sharedDatabaseURL(t)
	dirA, dirB := t.TempDir(), t.TempDir()
	if code, _, errs := backstop(t, dirA, "--db", url, "import", "../examples/plastics-title-meeting.json"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	artifacts := filepath.Join("..", "dist", "test-artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	start := func(dir string) string {
		display := xvfbSized(t, "1366x768")
		cmd := exec.Command(binary(t), "--data", dir, "--db", url)
		cmd.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "XDG_RUNTIME_DIR="+t.TempDir())
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Signal(os.Interrupt)
			time.Sleep(500 * time.Millisecond)
			cmd.Process.Kill()
			cmd.Wait()
		})
		if !windowShown(display, "兜底协调会", 60*time.Second, nil) {
			t.Fatalf("no window on %s within 60 s:\n%s", display, logs.String())
		}
		return display
	}
	a, b := start(dirA), start(dirB)
	time.Sleep(3 * time.Second) // the first frames
	shoot := func(display, name string) image.Image {
		t.Helper()
		path := filepath.Join(artifacts, "shared-"+name+".png")
		if out, err := exec.Command("import", "-display", display, "-window", "root", path).CombinedOutput(); err != nil {
			t.Fatalf("screenshot: %v: %s", err, out)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	// PC A: Ctrl+N and a title, typed as X key events into A's window. B's list
	// gains the new draft (未命名会议); its title is what is measured.
	key := func(args ...string) {
		if out, err := exec.Command("xdotool", append([]string{"key", "--clearmodifiers"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool: %v: %s", err, out)
		}
	}
	t.Setenv("DISPLAY", a)
	key("ctrl+n")
	time.Sleep(2 * time.Second)
	before := shoot(b, "b-before")
	if out, err := exec.Command("xdotool", "type", "--delay", "40", "Room 3 coordination").CombinedOutput(); err != nil {
		t.Fatalf("xdotool type: %v: %s", err, out)
	}
	// A's autosave commits the title; from then B has a second.
	deadline := time.Now().Add(10 * time.Second)
	var saved time.Time
	for saved.IsZero() {
		if _, out, _ := backstop(t, dirA, "--db", url, "list"); strings.Contains(out, "Room 3 coordination") {
			saved = time.Now()
		} else if time.Now().After(deadline) {
			shoot(a, "a-typed")
			t.Fatal("A's title was not saved within 10 s")
		}
	}
	shoot(a, "a-typed")
	var after image.Image
	for {
		after = shoot(b, "b-after")
		if differs(before, after) {
			break
		}
		if time.Since(saved) > time.Second {
			t.Fatalf("B's window did not change within a second of A's save")
		}
	}
	t.Logf("B's window showed A's title %v after it was saved", time.Since(saved).Round(10*time.Millisecond))
	time.Sleep(time.Second)
	shoot(b, "b-after")
}

// differs reports whether the meeting list area of two screenshots differs.
func differs(a, b image.Image) bool {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y + 150; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n > 200
}
