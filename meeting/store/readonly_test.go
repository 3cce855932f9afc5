package store

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/store/storetest"
)

func TestReadOnlyFolderOpensForReading(t *testing.T) {
	dir := t.TempDir()
	func() {
		s, err := Open(dir, WithClock(newClock().now))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		c := saveCase(t, s, testCase())
		saveMeeting(t, s, testMeeting(c.ID))
	}()
	backups := backupFiles(t, dir)
	ro := storetest.ReadOnlyView(t, dir)

	_, err := Open(ro)
	e := wantCode(t, err, meeting.CodeReadOnly)
	if want := "数据文件夹只读，不能修改数据（" + ro + "）"; !strings.HasPrefix(e.Message, want) {
		t.Errorf("Open without the fallback: %q, want it to begin with %q", e.Message, want)
	}

	s, err := Open(ro, ReadOnlyFallback(), WithClock(func() time.Time { return newClock().now().AddDate(0, 0, 1) }))
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if !s.ReadOnly() {
		t.Fatal("the store of a read-only mount was opened for writing")
	}
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("Meetings: %v, %d", err, len(ms))
	}
	if _, err := s.Minutes(ms[0].ID); err != nil {
		t.Errorf("Minutes: %v", err)
	}
	if err := s.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	m := ms[0]
	m.Title += "（改）"
	e = wantCode(t, s.SaveMeeting(&m), meeting.CodeReadOnly)
	if !strings.Contains(e.Message, ro) {
		t.Errorf("SaveMeeting: %q does not name the folder", e.Message)
	}
	c := testPersonCase()
	wantCode(t, s.SaveCase(&c), meeting.CodeReadOnly)
	if got := backupFiles(t, dir); !slices.Equal(got, backups) {
		t.Errorf("a read-only open wrote a backup: %v, was %v", got, backups)
	}
}

func TestReadOnlyFolderWithoutCurrentData(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		says  string
	}{
		{"no data file", func(*testing.T, string) {}, "数据文件夹只读，且其中没有数据文件 backstop.db，无法查看（"},
		{"older schema", func(t *testing.T, dir string) {
			b, err := os.ReadFile(schema1Fixture)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, FileName), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "由旧版本的 Backstop 写入（数据版本 1），要先升级才能查看，但数据文件夹只读（"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			ro := storetest.ReadOnlyView(t, dir)
			_, err := Open(ro, ReadOnlyFallback())
			e := wantCode(t, err, meeting.CodeReadOnly)
			if !strings.Contains(e.Message, tt.says) || !strings.Contains(e.Message, ro) {
				t.Errorf("message %q, want %q naming %s", e.Message, tt.says, ro)
			}
		})
	}
}

// A window holding the data for writing keeps a read-only opener out, as it keeps out
// a second window: the reader never sees a half-written file.
func TestReadOnlyOpenWaitsForTheWriter(t *testing.T) {
	dir := t.TempDir()
	ro := storetest.ReadOnlyView(t, dir)
	openDir(t, dir)
	_, err := Open(ro, ReadOnlyFallback(), WithLockTimeout(100*time.Millisecond))
	wantCode(t, err, meeting.CodeInUse)
}

// folderState is every file of dir with its size and modification time.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = fmt.Sprintf("%d %s %x", info.Size(), info.ModTime(), sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestForReadingWritesNothing: a writable folder opened ForReading reads as usual,
// refuses every change, and is left exactly as it was, on a later day too (no daily
// backup); a file of an older schema is refused, not upgraded.
func TestForReadingWritesNothing(t *testing.T) {
	dir := t.TempDir()
	func() {
		s := openDir(t, dir, WithClock(newClock().now))
		defer s.Close()
		c := saveCase(t, s, testCase())
		saveMeeting(t, s, testMeeting(c.ID))
	}()
	before := folderState(t, dir)
	s, err := Open(dir, ForReading(), WithClock(func() time.Time { return newClock().now().AddDate(0, 0, 3) }))
	if err != nil {
		t.Fatal(err)
	}
	if !s.ReadOnly() {
		t.Error("a store opened ForReading says it can be written")
	}
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("Meetings: %v, %d", err, len(ms))
	}
	if problems, err := s.VerifyAll(); err != nil || len(problems) != 0 {
		t.Errorf("VerifyAll: %v, %v", problems, err)
	}
	m := ms[0]
	m.Title += "（改）"
	wantCode(t, s.SaveMeeting(&m), meeting.CodeReadOnly)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := folderState(t, dir); !maps.Equal(before, after) {
		t.Errorf("opening ForReading changed the folder:\nbefore %v\nafter  %v", before, after)
	}

	old := t.TempDir()
	data, err := os.ReadFile("testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, FileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	before = folderState(t, old)
	_, err = Open(old, ForReading())
	if e := wantCode(t, err, meeting.CodeConflict); !strings.Contains(e.Message, "旧版本") || !strings.Contains(e.Message, "正常打开一次") {
		t.Errorf("an older file opened ForReading: %q", e.Message)
	}
	if after := folderState(t, old); !maps.Equal(before, after) {
		t.Errorf("opening an older file ForReading changed the folder:\nbefore %v\nafter  %v", before, after)
	}
	missing := filepath.Join(t.TempDir(), "没有这个文件夹")
	_, err = Open(missing, ForReading())
	wantCode(t, err, meeting.CodeNotFound)
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("opening a missing folder ForReading made it: %v", err)
	}
}
