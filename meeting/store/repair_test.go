package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// damageRecord makes the record under key in bucket unreadable in the data file of
// dir, in place (its JSON no longer starts with {), as a stray write would.
func damageRecord(t *testing.T, dir string, bucket, key []byte) {
	t.Helper()
	path := filepath.Join(dir, FileName)
	var value []byte
	func() {
		db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_ = db.View(func(tx *bbolt.Tx) error {
			value = bytes.Clone(tx.Bucket(bucket).Get(key))
			return nil
		})
	}()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, value)
	if at < 0 || bytes.Count(data, value) != 1 {
		t.Fatalf("the record is not in the file once (at %d)", at)
	}
	data[at] = '<'
	write(t, path, data)
}

// Only the damaged draft comes back from the backup: a case edited after the backup
// keeps its edit, the store passes its check, and the file as it was is kept.
func TestRestoreDamagedPutsBackOnlyTheDamagedRecord(t *testing.T) {
	fx := newCheckFixture(t, 0)
	s := openUnverified(t, fx.dir)
	c, err := s.Case(fx.cases[0])
	if err != nil {
		t.Fatal(err)
	}
	c.Background += "（备份之后补充）"
	saveCase(t, s, c)
	s.Close()
	damageRecord(t, fx.dir, bucketMeetings, idKey(fx.meetings[1]))

	s = openUnverified(t, fx.dir)
	wantCode(t, s.Check(), meeting.CodeCorrupt)
	saved, restored, err := s.RestoreDamaged()
	if err != nil {
		t.Fatalf("RestoreDamaged: %v", err)
	}
	backup := filepath.Join(fx.dir, BackupDirName, "backstop-manual.db")
	if len(restored) != 1 || restored[0].Backup != backup || !strings.Contains(restored[0].What, "会议（编号") {
		t.Errorf("restored %+v", restored)
	}
	if err := s.Check(); err != nil {
		t.Errorf("Check after the repair: %v", err)
	}
	if m, err := s.Meeting(fx.meetings[1]); err != nil || m.Title != "关于老旧小区房屋办证的协调会" {
		t.Errorf("the repaired draft: %v %q", err, m.Title)
	}
	if got, _ := s.Case(fx.cases[0]); !strings.HasSuffix(got.Background, "（备份之后补充）") {
		t.Errorf("an edit made after the backup was lost: %q", got.Background)
	}
	if err := verifyFile(saved); err != nil || !strings.HasSuffix(saved, "-before-repair.db") {
		t.Errorf("the file before the repair, %s: %v", saved, err)
	}
}

// A record made after the newest backup has no intact copy: nothing is changed, and
// the message says so and what to do instead.
func TestRestoreDamagedRefusesWithoutAnIntactCopy(t *testing.T) {
	fx := newCheckFixture(t, 0)
	s := openUnverified(t, fx.dir)
	late := testPersonCase()
	late.Title = "备份之后登记的诉求"
	late = saveCase(t, s, late)
	s.Close()
	damageRecord(t, fx.dir, bucketCases, idKey(late.ID))
	before, _ := os.ReadFile(filepath.Join(fx.dir, FileName))

	s = openUnverified(t, fx.dir)
	_, _, err := s.RestoreDamaged()
	e := wantCode(t, err, meeting.CodeCorrupt)
	if !strings.HasPrefix(e.Message, "不能只恢复损坏的记录：诉求（编号 3）在备份中都没有完好的副本。数据文件未作任何改动。") {
		t.Errorf("message %q", e.Message)
	}
	s.Close()
	if after, _ := os.ReadFile(filepath.Join(fx.dir, FileName)); !bytes.Equal(before, after) {
		t.Error("a refused repair changed the data file")
	}
}

// While a record is damaged, opening the store day after day writes no daily backup
// and removes none, so the backup that holds the record intact is not pushed out; a
// backup that copied the damage is never the one recommended.
func TestDamagedRecordsStopTheDailyBackup(t *testing.T) {
	fx := newCheckFixture(t, 0)
	damageRecord(t, fx.dir, bucketMeetings, idKey(fx.meetings[1]))
	before := backupFiles(t, fx.dir)
	clk := newClock()
	for range KeepDailyBackups + 2 {
		clk.advance(24 * time.Hour)
		s, err := Open(fx.dir, WithClock(clk.now))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.BackupErr(); err != nil {
			t.Errorf("backup at open: %v", err)
		}
		s.Close()
	}
	if got := backupFiles(t, fx.dir); !slices.Equal(got, before) {
		t.Errorf("backups after %d days with a damaged record:\n got %v\nwant %v", KeepDailyBackups+2, got, before)
	}

	// A copy of the damaged file, made by hand and newer than every other backup.
	s := openUnverified(t, fx.dir)
	copied := filepath.Join(fx.dir, BackupDirName, "backstop-manual-later.db")
	if err := s.BackupTo(copied); err != nil {
		t.Fatal(err)
	}
	s.Close()
	later := time.Now().Add(time.Hour)
	_ = os.Chtimes(copied, later, later)
	manual := filepath.Join(fx.dir, BackupDirName, "backstop-manual.db")
	if got, err := NewestBackup(fx.dir); err != nil || got != manual {
		t.Errorf("NewestBackup = %q, %v; want %q (the later copy holds the damaged record)", got, err, manual)
	}

	// Repaired, the next open writes the day's backup again.
	s = openUnverified(t, fx.dir)
	if _, _, err := s.RestoreDamaged(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	clk.advance(24 * time.Hour)
	s, err := Open(fx.dir, WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(fx.dir, BackupDirName, "backstop-"+clk.now().Format("2006-01-02")+".db")); err != nil {
		t.Errorf("no daily backup after the repair: %v", err)
	}
}
