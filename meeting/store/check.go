package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// CheckRecords is the part of Check about records (see checkRecords), for the app to
// run at start: a damaged record is named, with the meeting it belongs to, while the
// rest of the file stays usable.
func (s *Store) CheckRecords() error { return s.checkRecords() }

// checkRecords sweeps the records of the open file (sweepRecords), then checks the
// revision chains and follow-up items (VerifyAll). Each damaged record becomes one
// Problem naming it and the newest backup that holds it intact.
func (s *Store) checkRecords() error {
	var found []damage
	if err := s.view(func(tx *bbolt.Tx) error { found = sweepRecords(tx); return nil }); err != nil {
		return err
	}
	chain, err := s.VerifyAll()
	if err != nil && len(found) == 0 {
		return err // the sweep found nothing, so this is not the damage it reports
	}
	damaged := map[meeting.ID]bool{}
	for _, d := range found {
		if slices.ContainsFunc([][]byte{bucketMeetings, bucketRevisions, bucketAudit}, func(b []byte) bool { return bytes.Equal(b, d.bucket) }) && len(d.key) >= 8 {
			damaged[keyID(d.key)] = true
		}
	}
	var problems meeting.Problems
	if len(found) > 0 {
		intact, whole := s.findIntact(found)
		for i, d := range found {
			msg := d.message()
			if intact[i] != "" {
				msg += "最近一份完好保存它的备份是 " + intact[i] + "。"
			} else {
				msg += "备份中都没有它的完好副本。"
			}
			problems = append(problems, meeting.Problem{Message: msg})
		}
		for _, p := range chain {
			if !damaged[p.Meeting] {
				problems = append(problems, meeting.Problem{Message: p.Message})
			}
		}
		return &meeting.Error{Code: meeting.CodeCorrupt, Message: recordsMessage(s.dir, len(problems), whole), Problems: problems,
			Err: fmt.Errorf("%d damaged records, first: %s %x: %v", len(found), found[0].bucket, found[0].key, found[0].cause)}
	}
	for _, p := range chain {
		problems = append(problems, meeting.Problem{Message: p.Message})
	}
	if len(problems) > 0 {
		return &meeting.Error{Code: meeting.CodeCorrupt, Message: recordsMessage(s.dir, len(problems), ""), Problems: problems}
	}
	return nil
}

// recordsMessage is the headline of a check that found damaged records; whole is a
// backup that holds every one of them intact, or "".
func recordsMessage(dir string, n int, whole string) string {
	msg := fmt.Sprintf("数据文件 %s 的结构完好，但有 %d 处记录损坏或不一致，Backstop 读到它们时会拒绝：", filepath.Join(dir, FileName), n)
	if whole != "" {
		msg = fmt.Sprintf("数据文件 %s 的结构完好，但有 %d 处记录损坏或不一致，Backstop 读到它们时会拒绝。"+
			"备份 %s 完好保存了这些记录：请关闭所有 Backstop 窗口，然后运行 backstop restore \"%s\"（数据目录不是默认目录时，在 backstop 后加上 --data \"%s\"）。"+
			"恢复会用整个备份替换数据文件，备份之后的修改会丢失；恢复前当前数据会另存到 backups 目录。"+
			"也可以运行 backstop restore -damaged，只从备份放回损坏的记录，其余记录保持不变。损坏之处：",
			filepath.Join(dir, FileName), n, whole, whole, dir)
	}
	return msg
}

// findIntact returns, for each damage, the newest backup holding its record intact
// (or ""), and the newest backup holding all of them intact (or "").
func (s *Store) findIntact(found []damage) (intact []string, whole string) {
	intact = make([]string, len(found))
	backups, _ := backupsNewestFirst(s.dir)
	left := len(found)
	for _, path := range backups {
		if left == 0 && whole != "" {
			break
		}
		if verifyFile(path) != nil {
			continue
		}
		all := true
		_ = viewFile(path, func(tx *bbolt.Tx) error {
			theirs := sweepRecords(tx)
			for i, d := range found {
				ok := intactIn(tx, theirs, d)
				all = all && ok
				if ok && intact[i] == "" {
					intact[i] = path
					left--
				}
			}
			return nil
		})
		if all && whole == "" {
			whole = path
		}
	}
	return intact, whole
}

// viewFile runs fn in a read transaction of a data file no Backstop process writes
// (a backup), opened read-only; a panic while reading it becomes an error.
func viewFile(path string, fn func(*bbolt.Tx) error) (err error) {
	db, err := openBolt(path, &bbolt.Options{ReadOnly: true, Timeout: DefaultLockTimeout})
	if err != nil {
		return err
	}
	defer db.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bbolt panicked while reading %s: %v", path, r)
		}
	}()
	return db.View(fn)
}
