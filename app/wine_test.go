//go:build wine

// The Windows build under Wine (run by `make windows-test`, part of `make test`): a
// fresh Wine prefix on Xvfb, the stub bcryptprimitives.dll that Wine 8 lacks built from
// build/windows into it, then the window of dist/backstop.exe on a fresh data
// directory, and the command line of dist/backstop-cli.exe importing the example meeting
// and exporting its minutes, whose text must equal the Linux build's.
package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// wineEnv is a fresh, quiet Wine prefix on its own X display.
type wineEnv struct {
	prefix, display string
	env             []string
}

// needEnv returns the absolute path named by the environment variable, which `make
// windows-test` sets.
func needEnv(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set; run `make windows-test`", name)
	}
	if _, err := os.Stat(v); err != nil {
		t.Fatal(err)
	}
	return v
}

// winPath is path as a Windows program under Wine sees it, on drive Z: (the root).
func winPath(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return `Z:` + strings.ReplaceAll(abs, "/", `\`)
}

// newWine starts Xvfb, creates a Wine prefix in a temporary directory and puts the
// bcryptprimitives.dll stub, compiled now from build/windows, into its system32.
func newWine(t *testing.T) *wineEnv {
	t.Helper()
	for _, tool := range []string{"wine", "wineboot", "wineserver", "x86_64-w64-mingw32-gcc", "Xvfb", "xwininfo", "import", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed; `make windows-test` installs what it needs", tool)
		}
	}
	// Wine takes the Windows user locale from the Unix one, and the meeting-room PC runs
	// a Chinese Windows: compile zh_CN.UTF-8 into a private LOCPATH (Debian `locales`)
	// rather than relying on the machine's generated locales.
	locales := t.TempDir()
	if out, err := exec.Command("localedef", "-i", "zh_CN", "-f", "UTF-8", filepath.Join(locales, "zh_CN.UTF-8")).CombinedOutput(); err != nil {
		t.Fatalf("localedef zh_CN.UTF-8 (package locales): %v\n%s", err, out)
	}
	w := &wineEnv{prefix: filepath.Join(t.TempDir(), "prefix"), display: xvfb(t)}
	w.env = append(os.Environ(),
		"WINEPREFIX="+w.prefix,
		"WINEARCH=win64",
		"WINEDEBUG=-all",
		// No prompts to download Mono and Gecko (Backstop needs neither), and no menu
		// entries for the prefix's programs written into the user's home directory.
		"WINEDLLOVERRIDES=mscoree,mshtml=;winemenubuilder.exe=d",
		"DISPLAY="+w.display,
		"LOCPATH="+locales,
		"LANG=zh_CN.UTF-8",
		"LC_ALL=zh_CN.UTF-8",
		"FYNE_SCALE=1",
	)
	t.Cleanup(func() {
		cmd := exec.Command("wineserver", "-k")
		cmd.Env = w.env
		cmd.Run()
		cmd = exec.Command("wineserver", "-w")
		cmd.Env = w.env
		cmd.Run()
	})

	start := time.Now()
	w.run(t, 5*time.Minute, "wineboot", "-i")
	w.run(t, 5*time.Minute, "wineserver", "-w")
	t.Logf("wineboot: %v", time.Since(start).Round(100*time.Millisecond))

	system32 := filepath.Join(w.prefix, "drive_c", "windows", "system32")
	if _, err := os.Stat(system32); err != nil {
		t.Fatalf("wineboot made no system32: %v", err)
	}
	src := filepath.Join("..", "build", "windows")
	out, err := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-Wall", "-shared", "-s",
		"-o", filepath.Join(system32, "bcryptprimitives.dll"),
		filepath.Join(src, "bcryptprimitives.c"), filepath.Join(src, "bcryptprimitives.def"),
		"-ladvapi32").CombinedOutput()
	if err != nil {
		t.Fatalf("building the bcryptprimitives.dll stub: %v\n%s", err, out)
	}
	return w
}

// run runs a command in the prefix and fails the test unless it succeeds in time.
func (w *wineEnv) run(t *testing.T, within time.Duration, name string, args ...string) string {
	t.Helper()
	code, out, errs := w.exec(t, within, name, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\n%s%s", name, args, code, out, errs)
	}
	return out
}

// exec runs a command in the prefix and returns its exit code and output.
func (w *wineEnv) exec(t *testing.T, within time.Duration, name string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = w.env
	// Files, not pipes: Wine's background processes (wineserver, services) inherit the
	// descriptors and would hold a pipe open long after the program has exited.
	dir := t.TempDir()
	stdout, stderr := outFile(t, dir, "stdout"), outFile(t, dir, "stderr")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	out, errs := readOut(t, stdout), readOut(t, stderr)
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not finish within %v\n%s%s", name, args, within, out, errs)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return code, out, errs
}

func outFile(t *testing.T, dir, name string) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readOut(t *testing.T, f *os.File) string {
	t.Helper()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWine runs both Windows executables in one fresh prefix (a wineboot takes most of
// the time, so the parts share it).
func TestWine(t *testing.T) {
	exe := needEnv(t, "BACKSTOP_EXE")
	cliExe := needEnv(t, "BACKSTOP_CLI_EXE")
	linux := needEnv(t, "BACKSTOP_BIN")
	w := newWine(t)
	artifacts := filepath.Join("..", "dist", "test-artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	t.Run("Resources", func(t *testing.T) {
		version, err := exec.Command(linux, "-version").Output()
		if err != nil {
			t.Fatal(err)
		}
		v := strings.TrimPrefix(strings.TrimSpace(string(version)), "Backstop ")
		for _, path := range []string{exe, cliExe} {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"GLFW_ICON", "兜底协调会", "ProductVersion\x00" + v + "\x00", "asInvoker"} {
				enc := utf16LE(want)
				if want == "asInvoker" { // the manifest is UTF-8
					enc = []byte(want)
				}
				if !bytes.Contains(b, enc) {
					t.Errorf("%s lacks the resource string %q (build/windows/backstop.rc)", filepath.Base(path), want)
				}
			}
		}
	})

	t.Run("CLI", func(t *testing.T) {
		start := time.Now()
		want, err := exec.Command(linux, "-version").Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := w.run(t, time.Minute, "wine", cliExe, "-version"); strings.TrimSpace(got) != strings.TrimSpace(string(want)) {
			t.Fatalf("backstop-cli.exe -version says %q, the Linux build %q", got, want)
		}

		example := winPath(t, filepath.Join("..", "examples", "plastics-title-meeting.json"))
		data := winPath(t, t.TempDir())
		out := w.run(t, time.Minute, "wine", cliExe, "--data", data, "import", example)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		id := strings.TrimSpace(lines[len(lines)-1])
		if id != "1" {
			t.Fatalf("import under Wine printed ID %q, want 1:\n%s", id, out)
		}
		if out := w.run(t, time.Minute, "wine", cliExe, "--data", data, "list"); !strings.Contains(out, "企业分期办理不动产权证等疑难事项协调会") {
			t.Fatalf("list under Wine does not show the meeting:\n%s", out)
		}
		winePDF := filepath.Join(artifacts, "wine-minutes.pdf")
		os.Remove(winePDF)
		w.run(t, time.Minute, "wine", cliExe, "--data", data, "export", "-meeting", id, "-o", winPath(t, winePDF))

		linuxData := t.TempDir()
		if out, err := exec.Command(linux, "--data", linuxData, "import", filepath.Join("..", "examples", "plastics-title-meeting.json")).CombinedOutput(); err != nil {
			t.Fatalf("Linux import: %v\n%s", err, out)
		}
		linuxPDF := filepath.Join(t.TempDir(), "linux-minutes.pdf")
		if out, err := exec.Command(linux, "--data", linuxData, "export", "-meeting", "1", "-o", linuxPDF).CombinedOutput(); err != nil {
			t.Fatalf("Linux export: %v\n%s", err, out)
		}
		// The fingerprint printed on every page hashes the cases' UIDs, which each import
		// draws afresh; everything else must match.
		wineText, linuxText := maskFingerprint(pdfText(t, winePDF)), maskFingerprint(pdfText(t, linuxPDF))
		if !strings.Contains(linuxText, "纪要") {
			t.Fatalf("the Linux minutes have no 纪要 in their text:\n%s", linuxText)
		}
		if wineText != linuxText {
			t.Fatalf("the minutes exported under Wine differ from the Linux build's:\n--- Wine\n%s\n--- Linux\n%s", wineText, linuxText)
		}
		t.Logf("CLI under Wine: %v; the PDF's text (%d characters) equals the Linux build's", time.Since(start).Round(100*time.Millisecond), len([]rune(wineText)))
	})

	t.Run("Window", func(t *testing.T) {
		start := time.Now()
		data := t.TempDir() // fresh: no backstop.db yet
		imeLog := filepath.Join(t.TempDir(), "ime.log")
		cmd := exec.Command("wine", exe, "--data", winPath(t, data))
		cmd.Env = append(append([]string(nil), w.env...), "BACKSTOP_DEBUG_IME="+winPath(t, imeLog))
		logs := outFile(t, t.TempDir(), "logs")
		cmd.Stdout, cmd.Stderr = logs, logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		defer func() {
			cmd.Process.Kill()
			<-exited
		}()

		if !windowShown(w.display, "兜底协调会", 90*time.Second, exited) {
			t.Fatalf("no window titled 兜底协调会 within 90 s; output:\n%s", readOut(t, logs))
		}
		t.Logf("window shown after %v", time.Since(start).Round(100*time.Millisecond))
		time.Sleep(4 * time.Second) // let the first frames render

		shot := filepath.Join(artifacts, "wine-window.png")
		if out, err := exec.Command("import", "-display", w.display, "-window", "root", shot).CombinedOutput(); err != nil {
			t.Fatalf("screenshot: %v: %s", err, out)
		}
		assertNotBlank(t, shot)
		if _, err := os.Stat(filepath.Join(data, "backstop.db")); err != nil {
			t.Fatalf("the window did not create its data file in the fresh directory: %v", err)
		}

		// The input method's windows follow the caret: a new meeting puts the cursor
		// in its title, and the IME's composition and candidate windows, read back
		// through imm32, are at that field.
		focus := exec.Command("xdotool", "search", "--name", "兜底协调会", "windowfocus", "--sync", "key", "ctrl+n")
		focus.Env = w.env
		if out, err := focus.CombinedOutput(); err != nil {
			t.Fatalf("xdotool: %v: %s", err, out)
		}
		re := regexp.MustCompile(`composition window at (\d+),(\d+) \(read back true\), candidate window at (\d+),(\d+) \(read back true\)`)
		var m []string
		deadline := time.Now().Add(20 * time.Second)
		for m == nil && time.Now().Before(deadline) {
			b, _ := os.ReadFile(imeLog)
			if all := re.FindAllStringSubmatch(string(b), -1); len(all) > 0 {
				m = all[len(all)-1]
			}
			time.Sleep(200 * time.Millisecond)
		}
		if m == nil {
			b, _ := os.ReadFile(imeLog)
			t.Fatalf("the IME windows were not placed within 20 s of Ctrl+N; log:\n%s\noutput:\n%s", b, readOut(t, logs))
		}
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		cx, cy, kx, ky := n(m[1]), n(m[2]), n(m[3]), n(m[4])
		shot = filepath.Join(artifacts, "wine-ime.png")
		exec.Command("import", "-display", w.display, "-window", "root", shot).Run()
		// The title field: the first field under the step buttons, well inside the window.
		if cx < 60 || cx > 700 || cy < 150 || cy > 450 || kx != cx || ky <= cy || ky > cy+60 {
			t.Errorf("IME windows: composition at %d,%d, candidates at %d,%d; want them at the title field's caret", cx, cy, kx, ky)
		}
		t.Logf("IME under Wine: composition window at %d,%d, candidate window at %d,%d (read back through imm32)", cx, cy, kx, ky)
	})
}

var fingerprintRE = regexp.MustCompile(`指纹 [0-9a-f]{12}`)

// maskFingerprint replaces each printed fingerprint with the same placeholder, and
// fails unless there is one.
func maskFingerprint(text string) string {
	if !fingerprintRE.MatchString(text) {
		return "no fingerprint in:\n" + text
	}
	return fingerprintRE.ReplaceAllString(text, "指纹 ############")
}

// utf16LE is s as UTF-16LE bytes, the way Windows resources store strings.
func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// pdfText is the text of a PDF as pdftotext extracts it.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}
