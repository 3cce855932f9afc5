package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

func TestDailyBackupOncePerDayKeepsTen(t *testing.T) {
	dir := t.TempDir()
	clk := newClock()
	open := func() *Store {
		t.Helper()
		s, err := Open(dir, WithClock(clk.now))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.BackupErr(); err != nil {
			t.Fatalf("backup at open: %v", err)
		}
		return s
	}
	s := open()
	s.Close()
	first := filepath.Join(dir, BackupDirName, "backstop-2026-10-12.db")
	before, err := os.ReadFile(first)
	if err != nil {
		t.Fatalf("no backup after the first open: %v", err)
	}

	// The same day, the backup is not written again.
	s = open()
	saveCase(t, s, testCase())
	s.Close()
	s = open()
	s.Close()
	if after, _ := os.ReadFile(first); !bytes.Equal(before, after) {
		t.Errorf("the day's backup was rewritten on a second open the same day")
	}

	// Backups the store did not make by the day are never removed.
	other := []string{"backstop-2026-10-12-schema1.db", "backstop-manual-20261012-093000.db"}
	for _, name := range other {
		write(t, filepath.Join(dir, BackupDirName, name), []byte("kept"))
	}
	for day := 1; day <= 12; day++ {
		clk.advance(24 * time.Hour)
		open().Close()
	}
	var want []string
	for day := 3; day <= 12; day++ {
		want = append(want, "backstop-"+time.Date(2026, 10, 12+day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")+".db")
	}
	want = append(want, other...)
	slices.Sort(want)
	if got := backupFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("backups after 13 days:\n got %v\nwant %v", got, want)
	}
	s = open()
	closeAndVerify(t, s)
}

func TestBackupFailureDoesNotStopOpen(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, BackupDirName), []byte("a file where the folder should be"))
	s := openDir(t, dir)
	wantCode(t, s.BackupErr(), meeting.CodeStorage)
	saveCase(t, s, testCase())
}

func TestBackupTo(t *testing.T) {
	s := openTest(t)
	c := saveCase(t, s, testCase())
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.BackupTo(out); err != nil {
		t.Fatal(err)
	}
	if err := verifyFile(out); err != nil {
		t.Fatalf("the backup fails the check: %v", err)
	}
	var buf bytes.Buffer
	if err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	var size int64
	_ = s.db.View(func(tx *bbolt.Tx) error { size = tx.Size(); return nil })
	if int64(buf.Len()) != size {
		t.Errorf("Backup wrote %d bytes, want the file's %d", buf.Len(), size)
	}

	// The copy is a store of its own with the same data.
	other := t.TempDir()
	if err := os.Rename(out, filepath.Join(other, FileName)); err != nil {
		t.Fatal(err)
	}
	got, err := openDir(t, other).Case(c.ID)
	if err != nil || got.Title != c.Title {
		t.Errorf("case in the backup: %+v, %v", got, err)
	}
	if err := s.BackupTo(filepath.Join(t.TempDir(), "missing", "folder", "copy.db")); err == nil {
		t.Errorf("backup into a missing folder succeeded")
	}
}

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	old := saveCase(t, s, testCase())
	backup := filepath.Join(t.TempDir(), "before.db")
	if err := s.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	later := testPersonCase()
	later = saveCase(t, s, later)

	// Not while the data is open, in this process or another.
	_, err := Restore(dir, backup, WithLockTimeout(100*time.Millisecond))
	wantCode(t, err, meeting.CodeInUse)
	s.Close()

	saved, err := Restore(dir, backup, WithClock(newClock().now))
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if filepath.Base(saved) != "backstop-2026-10-12-090000-before-restore.db" {
		t.Errorf("replaced data kept as %s", saved)
	}
	s = openDir(t, dir)
	if _, err := s.Case(old.ID); err != nil {
		t.Errorf("case from the backup: %v", err)
	}
	wantCode(t, second(s.Case(later.ID)), meeting.CodeNotFound)
	s.Close()

	// The replaced data is a usable store: nothing is lost by restoring.
	other := t.TempDir()
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(other, FileName), data)
	if c, err := openDir(t, other).Case(later.ID); err != nil || c.Title != later.Title {
		t.Errorf("the data replaced by the restore lost the later case: %+v, %v", c, err)
	}
}

func TestRestoreRefuses(t *testing.T) {
	foreign := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "foreign.db")
		db, err := bbolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(func(tx *bbolt.Tx) error {
			_, err := tx.CreateBucket([]byte("other"))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	newer := func(t *testing.T) string {
		dir := t.TempDir()
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.db.Update(func(tx *bbolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(schemaKey, []byte{0, 0, 0, 0, 0, 0, 0, 9})
		}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return s.Path()
	}
	tests := []struct {
		name string
		file func(t *testing.T, dir string) string
		code meeting.Code
	}{
		{"missing file", func(t *testing.T, _ string) string { return filepath.Join(t.TempDir(), "nothing.db") }, meeting.CodeInvalid},
		{"the data file itself", func(_ *testing.T, dir string) string { return filepath.Join(dir, FileName) }, meeting.CodeInvalid},
		{"garbage", func(t *testing.T, _ string) string {
			path := filepath.Join(t.TempDir(), "garbage.db")
			write(t, path, garbage(32<<10))
			return path
		}, meeting.CodeCorrupt},
		{"truncated backup", func(t *testing.T, dir string) string {
			backup, _ := NewestBackup(dir)
			data, _ := os.ReadFile(backup)
			path := filepath.Join(t.TempDir(), "cut.db")
			write(t, path, data[:len(data)/2])
			return path
		}, meeting.CodeCorrupt},
		{"another program's bbolt file", func(t *testing.T, _ string) string { return foreign(t) }, meeting.CodeCorrupt},
		{"a newer Backstop's file", func(t *testing.T, _ string) string { return newer(t) }, meeting.CodeConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openDir(t, dir)
			saveCase(t, s, testCase())
			before := dump(t, s)
			s.Close()
			backups := backupFiles(t, dir)

			_, err := Restore(dir, tt.file(t, dir))
			wantCode(t, err, tt.code)

			if got := backupFiles(t, dir); !slices.Equal(got, backups) {
				t.Errorf("a refused restore changed the backups: %v, before %v", got, backups)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("a refused restore left files behind: %v", entries)
			}
			s = openDir(t, dir)
			if after := dump(t, s); after != before {
				t.Errorf("a refused restore changed the data")
			}
		})
	}
}

func TestRestoreIntoEmptyDirectory(t *testing.T) {
	src := openTest(t)
	c := saveCase(t, src, testCase())
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := src.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "new")
	saved, err := Restore(dir, backup)
	if err != nil || saved != "" {
		t.Fatalf("Restore into a new directory: %q, %v", saved, err)
	}
	if _, err := openDir(t, dir).Case(c.ID); err != nil {
		t.Errorf("restored case: %v", err)
	}
}

func TestOpenRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	openDir(t, dir).Close()
	stale := []string{filepath.Join(dir, ".backstop.db.tmp-123"), filepath.Join(dir, BackupDirName, ".backstop-2026-10-11.db.tmp-456")}
	foreign := filepath.Join(dir, BackupDirName, ".notes.txt.tmp-1")
	for _, p := range append(stale, foreign) {
		write(t, p, []byte("left by a killed process"))
	}
	openDir(t, dir)
	for _, p := range stale {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("stale %s not removed", p)
		}
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Errorf("a file the store did not write was removed: %v", err)
	}
}

func TestBackupRefusesTheDataFile(t *testing.T) {
	s := openTest(t)
	wantCode(t, s.BackupTo(s.Path()), meeting.CodeInvalid)
}
