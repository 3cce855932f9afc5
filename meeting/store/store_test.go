package store

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

func TestOpenCreatesPrivateFilesAndSeedsOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := openDir(t, dir)
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{dir: 0o700, s.Path(): 0o600} {
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != want {
				t.Errorf("%s has mode %v, want %v", path, got, want)
			}
		}
	}
	ds, err := s.Departments()
	if err != nil {
		t.Fatal(err)
	}
	want := meeting.DefaultDirectory()
	if len(ds) != len(want) {
		t.Fatalf("seeded %d departments, want %d", len(ds), len(want))
	}
	for i := range want {
		want[i].ID = ds[i].ID
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("seeded directory differs:\n got %+v\nwant %+v", ds, want)
	}

	// An office that removes the whole directory does not get it back on reopening.
	if err := s.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketDepartments).ForEach(func(k, _ []byte) error {
			return tx.Bucket(bucketDepartments).Delete(k)
		})
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openDir(t, dir)
	if ds, err := s.Departments(); err != nil || len(ds) != 0 {
		t.Errorf("after reopening, %d departments (%v), want the directory left empty", len(ds), err)
	}
}

func TestSchemaVersionCountsMigrations(t *testing.T) {
	if got := uint64(len(migrations) + 1); got != schemaVersion {
		t.Fatalf("schemaVersion = %d but there are %d migrations: bump it with the list", schemaVersion, len(migrations))
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir) // not openDir: the file is meant to fail the check at cleanup
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(schemaKey, []byte{0, 0, 0, 0, 0, 0, 0, 99})
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(dir)
	wantCode(t, err, meeting.CodeConflict)
}

func TestForeignBoltFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	db, err := bbolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucket([]byte("somebody-else"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(dir)
	wantCode(t, err, meeting.CodeCorrupt)
}

func TestClosedStoreReportsAnError(t *testing.T) {
	s := openTest(t)
	s.Close()
	_, err := s.Meetings(meeting.MeetingFilter{})
	wantCode(t, err, meeting.CodeInternal)
}
