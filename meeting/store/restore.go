package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Check checks the whole data file: as Open does, the page tree's pointers (see
// walkTree) and bbolt's consistency check (every page reachable once, none both used
// and free, keys in order); then every record the app reads (see sweepRecords and
// VerifyAll). A file that fails gets CodeCorrupt: a structural failure names the
// newest usable backup and how to restore it; damaged records are listed one by one
// as Problems, each with the newest backup that holds it intact.
func (s *Store) Check() error {
	if err := s.walkLive(); err != nil {
		return err
	}
	if err := s.checkStructure(); err != nil {
		return err
	}
	return s.checkRecords()
}

// walkLive runs the preflight's checks on the open file. It holds bbolt's writer
// lock meanwhile, so that the file on disk is exactly the last committed state, and
// rolls back without writing. A store opened read-only cannot take that lock and
// need not: its shared lock on the file keeps every writer out.
func (s *Store) walkLive() (err error) {
	if !s.readOnly {
		tx, err := s.db.Begin(true)
		if err != nil {
			return s.storageError(err)
		}
		defer tx.Rollback()
	}
	f, err := os.Open(s.path)
	if err != nil {
		return s.storageError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return s.storageError(err)
	}
	if err := checkLayout(f, info.Size()); err != nil {
		return corruptError(s.dir, err)
	}
	return nil
}

// checkStructure runs tx.Check and keeps the first few problems it reports.
func (s *Store) checkStructure() error {
	var problems []error
	err := s.view(func(tx *bbolt.Tx) error {
		problems = checkTx(tx)
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return corruptError(s.dir, errors.Join(problems...))
	}
	return nil
}

// checkTx runs bbolt's check and returns at most ten of its findings. The channel is
// drained to the end, which is when the checking goroutine finishes.
func checkTx(tx *bbolt.Tx) []error {
	var problems []error
	for err := range tx.Check() {
		if len(problems) < 10 {
			problems = append(problems, err)
		}
	}
	return problems
}

// newerSchemaError says a file was written by a newer Backstop.
type newerSchemaError struct{ version uint64 }

func (e newerSchemaError) Error() string {
	return fmt.Sprintf("schema %d is newer than this program's %d", e.version, schemaVersion)
}

// verifyFile checks a data file that no Backstop process has open: its layout, bbolt's
// consistency check, and that it is a Backstop file of a schema this program reads.
func verifyFile(path string) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err == nil {
		err = checkLayout(f, info.Size())
	}
	f.Close()
	if err != nil {
		return err
	}
	db, err := openBolt(path, &bbolt.Options{ReadOnly: true, Timeout: DefaultLockTimeout})
	if err != nil {
		return err
	}
	defer db.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bbolt panicked while checking %s: %v", path, r)
		}
	}()
	return db.View(func(tx *bbolt.Tx) error {
		if problems := checkTx(tx); len(problems) > 0 {
			return errors.Join(problems...)
		}
		version, err := schemaOf(tx)
		switch {
		case err != nil:
			return err
		case version == 0:
			return errors.New("the file holds no Backstop data")
		case version > schemaVersion:
			return newerSchemaError{version}
		}
		return nil
	})
}

// Restore replaces the data file of dir with a copy of the backup file. The copy is
// checked before it replaces anything, and a file that fails is refused with
// CodeCorrupt. It takes the data file's lock for the whole swap, so it fails with
// CodeInUse while a Backstop window has the data open. The data being replaced is
// first kept in the backup folder, as backstop-DATE-TIME-before-restore.db, whose
// path it returns ("" when there was no data). An older schema is upgraded the next
// time the store is opened.
func Restore(dir, file string, opts ...Option) (saved string, err error) {
	cfg := config{now: time.Now, lockTimeout: DefaultLockTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return "", meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("数据目录「%s」无效。", dir), err)
	}
	s := &Store{dir: dir, path: filepath.Join(dir, FileName), now: cfg.now}
	if file, err = filepath.Abs(file); err != nil {
		return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("备份文件路径「%s」无效。", file), err)
	}
	src, err := os.Stat(file)
	if missingFile(err) {
		return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("找不到备份文件 %s。", file), err)
	}
	if err != nil {
		return "", s.storageError(err)
	}
	if cur, err := os.Stat(s.path); err == nil && os.SameFile(src, cur) {
		return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("%s 就是当前的数据文件，不能用它自己来恢复。请指定 %s 中的一个备份文件。", file, filepath.Join(dir, BackupDirName)), nil)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", s.storageError(err)
	}

	_, statErr := os.Stat(s.path)
	created := missingFile(statErr)
	cur, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return "", s.storageError(err)
	}
	locked := true
	defer func() {
		if locked {
			_ = unlockFile(cur)
			cur.Close()
		}
		if err != nil && created {
			os.Remove(s.path) // the empty file made only to hold the lock
		}
	}()
	if err := lockFile(cur, cfg.lockTimeout); err != nil {
		locked = false
		cur.Close()
		return "", s.storageError(err)
	}

	// Check the copy, not the original: what passes is exactly what is installed.
	tmp, err := writeTemp(s.path, func(f *os.File) error {
		in, err := os.Open(file)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(f, in)
		return err
	})
	if err != nil {
		return "", s.storageError(err)
	}
	if verr := verifyFile(tmp); verr != nil {
		os.Remove(tmp)
		return "", restoreRefused(file, verr)
	}

	if info, err := cur.Stat(); err == nil && info.Size() > 0 {
		saved = s.backupPath("backstop-" + s.now().Format("2006-01-02-150405") + "-before-restore.db")
		err := os.MkdirAll(filepath.Dir(saved), 0o700)
		if err == nil {
			err = writeFileAtomic(saved, func(f *os.File) error {
				_, err := io.Copy(f, io.NewSectionReader(cur, 0, info.Size()))
				return err
			})
		}
		if err != nil {
			os.Remove(tmp)
			return "", s.storageError(err)
		}
	}

	if !renameWhileLocked {
		_ = unlockFile(cur)
		cur.Close()
		locked = false
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return "", s.storageError(err)
	}
	created = false // the restored file is in place; never remove it
	if err := syncDir(dir); err != nil {
		return saved, s.storageError(err)
	}
	return saved, nil
}

// restoreRefused explains why a backup file cannot be restored.
func restoreRefused(file string, cause error) error {
	var newer newerSchemaError
	if errors.As(cause, &newer) {
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"备份文件 %s 由更新版本的 Backstop 写入（数据版本 %d），本程序无法使用；当前数据未作任何改动。", file, newer.version), cause)
	}
	return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
		"备份文件 %s 未通过完整性检查（已损坏或不是 Backstop 的数据文件），不能用来恢复；当前数据未作任何改动。请换一个备份文件。", file), cause)
}
