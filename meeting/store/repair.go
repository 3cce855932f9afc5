package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// RestoredRecord is one damaged record put back from a backup.
type RestoredRecord struct {
	What   string // the record, in Chinese: 会议（编号 3）
	Backup string // the backup its copy came from
}

// RestoreDamaged puts back only the damaged records that Check finds, each from the
// newest backup holding it intact, leaving every other record as it is: a restore
// of the whole backup would undo the edits made since. It is all or nothing, in one
// transaction: when a damaged record has no intact copy in any backup, when the
// damage is to the file's structure rather than to records, or when the records put
// back still do not pass the sweep (an index entry whose record is gone, say),
// nothing is changed and the error says why and what to do instead. The data file as
// it was is first kept in the backup folder (…-before-repair.db), whose path comes
// back with the records restored.
func (s *Store) RestoreDamaged() (saved string, restored []RestoredRecord, err error) {
	if s.readOnly {
		return "", nil, readOnlyError(s.dir, nil)
	}
	if err := s.walkLive(); err != nil {
		return "", nil, wholeRestoreOnly(s.dir, err)
	}
	if err := s.checkStructure(); err != nil {
		return "", nil, wholeRestoreOnly(s.dir, err)
	}
	var found []damage
	if err := s.view(func(tx *bbolt.Tx) error { found = sweepRecords(tx); return nil }); err != nil {
		return "", nil, err
	}
	if len(found) == 0 {
		return "", nil, nil
	}
	intact, _ := s.findIntact(found)
	var missing []string
	for i, d := range found {
		if intact[i] == "" || d.key == nil {
			missing = append(missing, d.what)
		}
	}
	if len(missing) > 0 {
		return "", nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"不能只恢复损坏的记录：%s在备份中都没有完好的副本。数据文件未作任何改动。请运行 backstop check 查看全部损坏之处，用 backstop restore 备份文件 整体恢复（备份之后的修改会丢失），或联系技术支持。",
			strings.Join(missing, "、")), nil)
	}

	// Read the intact copies before writing: each backup is opened on its own.
	values := make([][]byte, len(found))
	for i, d := range found {
		err := viewFile(intact[i], func(tx *bbolt.Tx) error {
			values[i] = bytes.Clone(tx.Bucket(d.bucket).Get(d.key))
			return nil
		})
		if err != nil || values[i] == nil {
			return "", nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
				"读取备份 %s 中%s的副本时出错，数据文件未作任何改动。", intact[i], d.what), err)
		}
	}

	saved = s.backupPath("backstop-" + s.now().Format("2006-01-02-150405") + "-before-repair.db")
	if err := s.writeBackup(filepath.Base(saved)); err != nil {
		return "", nil, err
	}
	var still []damage
	err = s.update(func(tx *bbolt.Tx) error {
		for i, d := range found {
			if err := tx.Bucket(d.bucket).Put(d.key, values[i]); err != nil {
				return err
			}
		}
		if still = sweepRecords(tx); len(still) > 0 {
			return errStillDamaged
		}
		return nil
	})
	if err == errStillDamaged {
		var names []string
		for _, d := range still {
			names = append(names, d.message())
		}
		return "", nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"从备份放回损坏的记录后仍有不一致之处（%s），所以没有放回任何记录，数据文件未作改动。请用 backstop restore 备份文件 整体恢复（备份之后的修改会丢失），或联系技术支持。",
			strings.Join(names, "；")), nil)
	}
	if err != nil {
		return "", nil, err
	}
	for i, d := range found {
		restored = append(restored, RestoredRecord{What: d.what, Backup: intact[i]})
	}
	return saved, restored, nil
}

var errStillDamaged = fmt.Errorf("records still damaged after restoring them from backups")

// wholeRestoreOnly says that damage to the file's structure cannot be repaired one
// record at a time, keeping the message that names the backup to restore.
func wholeRestoreOnly(dir string, err error) error {
	e, ok := err.(*meeting.Error)
	if !ok || e.Code != meeting.CodeCorrupt {
		return err
	}
	return &meeting.Error{Code: meeting.CodeCorrupt, Err: e.Err, Problems: e.Problems,
		Message: "损坏的是数据文件的结构，而不只是个别记录，不能只恢复损坏的记录，只能整体恢复。" + e.Message}
}
