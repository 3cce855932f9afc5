package store

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// populated makes a data directory with a few hundred records and a backup, closes
// it, and returns the directory, the page size, and the bytes in use (tx.Size).
func populated(t testing.TB) (dir string, pageSize int, used int64) {
	t.Helper()
	dir = t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		var cs []meeting.Case
		for j := 0; j < 10; j++ {
			c := testCase()
			c.ID = meeting.ID(j + 1)
			cs = append(cs, c)
		}
		m := testMeeting(1)
		if _, err := s.Import(nil, cs, m); err != nil {
			t.Fatal(err)
		}
	}
	pageSize = s.db.Info().PageSize
	if err := s.db.View(func(tx *bbolt.Tx) error { used = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir, pageSize, used
}

// wantCorrupt checks the error a damaged file gets: CodeCorrupt, naming the data
// file, the backup (or saying there is none) and the restore command.
func wantCorrupt(t *testing.T, err error, dir, backup string) {
	t.Helper()
	e := wantCode(t, err, meeting.CodeCorrupt)
	if !strings.Contains(e.Message, filepath.Join(dir, FileName)) {
		t.Errorf("message does not name the data file: %s", e.Message)
	}
	if backup == "" {
		if !strings.Contains(e.Message, "没有可用的备份") {
			t.Errorf("message does not say there is no backup: %s", e.Message)
		}
		return
	}
	if !strings.Contains(e.Message, backup) || !strings.Contains(e.Message, `backstop restore "`+backup+`"`) {
		t.Errorf("message does not name the backup %s and how to restore it: %s", backup, e.Message)
	}
}

// garbage returns n reproducible random bytes.
func garbage(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// damages are the ways a data file gets damaged: cut short by an interrupted copy or
// a full disk, replaced by something else, or overwritten in the middle.
var damages = []struct {
	name   string
	damage func(t testing.TB, path string, pageSize int, used int64)
}{
	{"truncated to nothing", func(t testing.TB, path string, _ int, _ int64) { truncate(t, path, 0) }},
	{"truncated inside the first page", func(t testing.TB, path string, _ int, _ int64) { truncate(t, path, 100) }},
	{"truncated after the meta pages", func(t testing.TB, path string, ps int, _ int64) { truncate(t, path, int64(2*ps)) }},
	{"truncated to half", func(t testing.TB, path string, _ int, used int64) { truncate(t, path, used/2) }},
	{"truncated by one page", func(t testing.TB, path string, ps int, used int64) { truncate(t, path, used-int64(ps)) }},
	{"truncated mid-page", func(t testing.TB, path string, ps int, used int64) { truncate(t, path, used-int64(ps)/2) }},
	{"random bytes", func(t testing.TB, path string, _ int, _ int64) { write(t, path, garbage(64<<10)) }},
	{"a text file", func(t testing.TB, path string, _ int, _ int64) {
		write(t, path, bytes.Repeat([]byte("这不是数据库文件。\n"), 1000))
	}},
	{"meta pages zeroed", func(t testing.TB, path string, ps int, _ int64) { overwrite(t, path, 0, make([]byte, 2*ps)) }},
	{"data pages overwritten with random bytes", func(t testing.TB, path string, ps int, used int64) {
		overwrite(t, path, int64(2*ps), garbage(int(used)-2*ps))
	}},
	{"data pages zeroed", func(t testing.TB, path string, ps int, used int64) {
		overwrite(t, path, int64(2*ps), make([]byte, int(used)-2*ps))
	}},
}

func TestDamagedFileGivesCorruptNamingTheBackup(t *testing.T) {
	for _, tt := range damages {
		t.Run(tt.name, func(t *testing.T) {
			dir, pageSize, used := populated(t)
			backup, err := NewestBackup(dir)
			if err != nil || backup == "" {
				t.Fatalf("no backup to name: %q, %v", backup, err)
			}
			tt.damage(t, filepath.Join(dir, FileName), pageSize, used)
			_, err = Open(dir)
			wantCorrupt(t, err, dir, backup)

			// The backup the message names restores the data.
			if _, err := Restore(dir, backup); err != nil {
				t.Fatalf("Restore(%s): %v", backup, err)
			}
			s := openDir(t, dir)
			if _, err := s.Departments(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDamagedFileWithoutBackup(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), []byte("garbage, and never a backup"))
	_, err := Open(dir)
	wantCorrupt(t, err, dir, "")
}

func TestDamagedBackupIsNotNamed(t *testing.T) {
	dir, _, _ := populated(t)
	good, _ := NewestBackup(dir)
	bad := filepath.Join(dir, BackupDirName, "backstop-2099-01-01.db") // newer, but damaged
	write(t, bad, []byte("not a backup"))
	if got, _ := NewestBackup(dir); got != good {
		t.Fatalf("NewestBackup = %s, want the newest usable %s", got, good)
	}
	truncate(t, filepath.Join(dir, FileName), 4096)
	_, err := Open(dir)
	wantCorrupt(t, err, dir, good)
}

func TestMissingFileWithBackupsIsLostData(t *testing.T) {
	dir, _, _ := populated(t)
	backup := mustNewestBackup(t, dir)
	if err := os.Remove(filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	e := wantCode(t, err, meeting.CodeCorrupt)
	if !strings.Contains(e.Message, `backstop restore "`+backup+`"`) {
		t.Errorf("message does not say how to restore %s: %s", backup, e.Message)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
		t.Errorf("Open created a new data file over the lost one")
	}
	if _, err := Restore(dir, backup); err != nil {
		t.Fatal(err)
	}
	openDir(t, dir)
}

func TestEmptyFileWithoutBackupIsANewStore(t *testing.T) {
	// A crash between creating the file and writing its first pages leaves it empty;
	// with no backup yet, nothing was ever stored in it.
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), nil)
	s := openDir(t, dir)
	if ds, _ := s.Departments(); len(ds) == 0 {
		t.Errorf("the empty file was not set up as a new store")
	}
}

func truncate(t testing.TB, path string, size int64) {
	t.Helper()
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func overwrite(t testing.TB, path string, at int64, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, at); err != nil {
		t.Fatal(err)
	}
}

// damagedOpen opens a store on data and exercises it: whatever the bytes, every call
// returns a *meeting.Error or nothing, and none panics or crashes the process.
func damagedOpen(t testing.TB, data []byte) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), data)
	s, err := Open(dir)
	if err != nil {
		wantMeetingError(t, err)
		return
	}
	defer s.Close()
	_, err = s.Meetings(meeting.MeetingFilter{Query: "协调会"})
	wantMeetingError(t, err)
	_, err = s.Cases(meeting.CaseFilter{})
	wantMeetingError(t, err)
	_, err = s.Minutes(1)
	wantMeetingError(t, err)
	wantMeetingError(t, s.Check())
}

func wantMeetingError(t testing.TB, err error) {
	t.Helper()
	var e *meeting.Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want a *meeting.Error", err, err)
	}
}

// TestRandomDamageNeverCrashes damages a store's pages at random, a few bytes at a
// time. Without the preflight walk, bbolt's check reads outside the file within the
// first hundred trials and the process dies with a fault no recover can catch.
func TestRandomDamageNeverCrashes(t *testing.T) {
	trials := 200
	if testing.Short() {
		trials = 30
	}
	dir, ps, used := populated(t)
	orig, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(20261012, 1))
	for i := 0; i < trials; i++ {
		data := bytes.Clone(orig)
		for range 1 + r.IntN(4) {
			at := 2*ps + r.IntN(int(used)-2*ps)
			for k := at; k < at+1+r.IntN(64) && k < int(used); k++ {
				data[k] ^= byte(1 + r.IntN(255))
			}
		}
		damagedOpen(t, data)
	}
}

// FuzzOpen opens a store on arbitrary bytes; the seeds are a healthy store and the
// damages above.
func FuzzOpen(f *testing.F) {
	dir, ps, used := populated(f)
	path := filepath.Join(dir, FileName)
	orig, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(orig)
	for _, d := range damages {
		write(f, path, orig)
		d.damage(f, path, ps, used)
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { damagedOpen(t, data) })
}

// TestCheckFindsDamageWhileOpen damages the file under an open store, as a failing
// disk would, and wants Check to report it rather than crash.
func TestCheckFindsDamageWhileOpen(t *testing.T) {
	dir, ps, used := populated(t)
	s, err := Open(dir) // not openDir: the file is meant to fail the check at cleanup
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatalf("Check of a healthy file: %v", err)
	}
	overwrite(t, s.Path(), int64(2*ps), garbage(int(used)-2*ps))
	wantCorrupt(t, s.Check(), dir, mustNewestBackup(t, dir))
}

func mustNewestBackup(t *testing.T, dir string) string {
	t.Helper()
	b, err := NewestBackup(dir)
	if err != nil || b == "" {
		t.Fatalf("no backup: %q, %v", b, err)
	}
	return b
}
