package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"backstop/meeting"
)

func TestWriteReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "纪要 〔2026〕12号.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("content %q", b)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode())
	}
	assertNoStrays(t, dir)
}

func TestWriteFailureLeavesOldFile(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code meeting.Code
		want string
	}{
		{"disk full", &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, meeting.CodeStorage, "磁盘空间已满"},
		{"read-only", &os.PathError{Op: "write", Path: "x", Err: syscall.EROFS}, meeting.CodeReadOnly, "只读"},
		{"other", errors.New("boom"), meeting.CodeStorage, "无法写入"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "a.pdf")
			os.WriteFile(path, []byte("old"), 0o600)
			err := Write(path, 0o600, func(w io.Writer) error {
				io.WriteString(w, "half")
				return tt.err
			})
			if meeting.ErrorCode(err) != tt.code || !strings.Contains(meeting.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want %s with %q", err, tt.code, tt.want)
			}
			if b, _ := os.ReadFile(path); string(b) != "old" {
				t.Fatalf("old file changed to %q", b)
			}
			assertNoStrays(t, dir)
		})
	}
}

func TestWriteIntoReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions; the injected EROFS case covers the message")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	err := Write(filepath.Join(dir, "a.pdf"), 0o600, func(io.Writer) error { return nil })
	if meeting.ErrorCode(err) != meeting.CodeReadOnly || !strings.Contains(meeting.ErrorMessage(err), "没有权限") {
		t.Fatalf("got %v", err)
	}
}

func TestRemoveStrays(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, TempPrefix+"123"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, "keep.pdf"), nil, 0o600)
	if n, err := RemoveStrays(dir); n != 1 || err != nil {
		t.Fatalf("RemoveStrays = %d, %v", n, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "keep.pdf")); err != nil {
		t.Fatal("removed a real file")
	}
}

func assertNoStrays(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestFullDiskSaysWhyAndWhere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "纪要.pdf")
	err := Write(path, 0o644, func(io.Writer) error { return fmt.Errorf("write: %w", syscall.ENOSPC) })
	want := fmt.Sprintf("磁盘空间已满，无法写入「%s」。请清理磁盘或换一个位置后重试；已有数据没有改动。", path)
	if got := meeting.ErrorMessage(err); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
