package export

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"backstop/meeting"
)

// This file runs the poppler and qpdf tools on PDFs written by the tests. The Makefile
// installs them (Debian poppler-utils, qpdf); without them the PDF tests are skipped.

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed (Debian: poppler-utils, qpdf)", name)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	needTool(t, name)
	var out, errOut bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String()
}

// writePDF writes the minutes to a temporary file and returns its path and bytes.
func writePDF(t *testing.T, mn *meeting.Minutes, opts Options) (string, []byte, Report) {
	t.Helper()
	var b bytes.Buffer
	rep, err := WriteMinutes(&b, mn, opts)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes(), rep
}

// pageText returns the text pdftotext reads from pages first to last of the text block
// only: the page number and footer below it are cropped off, so that text running from
// one page to the next reads on without them.
func pageText(t *testing.T, path string, first, last int) string {
	t.Helper()
	blockBottomPt := blockBottom * ptPerMM
	return run(t, "pdftotext", "-q", "-f", fmt.Sprint(first), "-l", fmt.Sprint(last),
		"-x", "0", "-y", "0", "-W", "596", "-H", fmt.Sprint(int(blockBottomPt+3)), path, "-")
}

// columnText returns the text of a vertical strip of pages first to last, x in mm.
func columnText(t *testing.T, path string, first, last int, x, w float64) string {
	t.Helper()
	return run(t, "pdftotext", "-q", "-f", fmt.Sprint(first), "-l", fmt.Sprint(last),
		"-x", fmt.Sprint(int(x*ptPerMM+1)), "-y", "0", "-W", fmt.Sprint(int(w*ptPerMM-2)), "-H", "842", path, "-")
}

func itoa(n int) string { return fmt.Sprint(n) }

// squeeze removes all white space, so that text compares whatever the line breaks and
// the spacing of justified lines.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// checkInOrder checks that each of fields occurs in text exactly once, and after the one
// before it (both squeezed).
func checkInOrder(t *testing.T, text string, fields []string) {
	t.Helper()
	text = squeeze(text)
	pos := 0
	for _, f := range fields {
		f = squeeze(f)
		if f == "" {
			continue
		}
		if n := strings.Count(text, f); n != 1 {
			t.Errorf("%q occurs %d times, want once", f, n)
			continue
		}
		i := strings.Index(text, f)
		if i < pos {
			t.Errorf("%q is out of order", f)
			continue
		}
		pos = i + len(f)
	}
}
