package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"backstop/meeting"
)

// A data folder on a read-only mount, a write-protected stick or a share the user may
// only read still holds minutes someone needs to look at. Open with ReadOnlyFallback
// opens such a folder read-only instead of refusing it: reading works, and every
// change is refused with CodeReadOnly naming the folder. Nothing is written then: no
// daily backup, no migration, no clean-up of temporary files.

// ReadOnlyFallback makes Open open the store read-only when the data folder or the
// data file cannot be written, instead of failing with CodeReadOnly. ReadOnly tells
// which happened.
func ReadOnlyFallback() Option {
	return func(c *config) { c.readOnlyFallback = true }
}

// ForReading makes Open open the store read-only whether or not its folder can be
// written: nothing is written to the folder, not even the daily backup, and a file
// of an older schema is refused instead of upgraded. backstop migrate reads its
// source so, to leave it as it was.
func ForReading() Option {
	return func(c *config) { c.forReading = true }
}

// ReadOnly reports whether the store was opened read-only (see ReadOnlyFallback
// and ForReading).
func (s *Store) ReadOnly() bool { return s.readOnly }

// ReadOnlyNotice is the sentence the command line and the app show once when they
// work on a read-only data folder.
func ReadOnlyNotice(dir string) string {
	return fmt.Sprintf("数据文件夹只读，只能查看（%s）", dir)
}

// readOnlyError refuses a change to the data of dir because the folder or its data
// file cannot be written.
func readOnlyError(dir string, cause error) *meeting.Error {
	return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf(
		"数据文件夹只读，不能修改数据（%s）。请检查磁盘是否写保护或以只读方式挂载、该文件夹和其中数据文件的权限，或用 --data 换一个可写的文件夹；查看、导出和核验仍可进行。", dir), cause)
}

// cannotWrite reports whether err says the file system refuses to write: a
// read-only mount, or missing permission.
func cannotWrite(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission) || errors.Is(err, berrors.ErrDatabaseReadOnly)
}

// writable finds out whether the store can write its folder (backups, temporary files
// and the archive go there) and its data file, by trying: permission bits do not
// tell, since root ignores them and a read-only mount keeps them. It returns the
// refusal that says it cannot, or nil; other errors are reported as they are.
func (s *Store) writable() (refusal, err error) {
	// The name matches staleTemp, so a probe left by a crash is removed at the next open.
	probe, err := os.CreateTemp(s.dir, ".backstop-write-test.db.tmp-*")
	if err != nil {
		if cannotWrite(err) {
			return err, nil
		}
		return nil, err
	}
	probe.Close()
	os.Remove(probe.Name())
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	switch {
	case err == nil:
		f.Close()
		return nil, nil
	case missingFile(err):
		return nil, nil
	case cannotWrite(err):
		return err, nil
	}
	return nil, err
}

// prepareReadOnly is prepare for a store opened read-only: a file of the current
// schema is used as it is; anything that needs writing first is refused.
func (s *Store) prepareReadOnly() error {
	var version uint64
	var foreign error
	if err := s.view(func(tx *bbolt.Tx) error {
		version, foreign = schemaOf(tx)
		return nil
	}); err != nil {
		return err
	}
	switch {
	case foreign != nil:
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"%s 不是 Backstop 的数据文件。请检查 --data 指定的数据目录是否正确。", s.path), foreign)
	case version > schemaVersion:
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"数据文件 %s 由更新版本的 Backstop 写入（数据版本 %d，本程序只支持到 %d）。请使用新版本的 Backstop 打开。",
			s.path, version, schemaVersion), nil)
	case version == 0 && s.forReading:
		return meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf(
			"数据文件 %s 中还没有数据。请检查 --data 指定的数据目录是否正确。", s.path), nil)
	case version == 0:
		return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf(
			"数据文件夹只读，且其中还没有数据，无法查看（%s）。", s.dir), nil)
	case version < schemaVersion && s.forReading:
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"数据文件 %s 由旧版本的 Backstop 写入（数据版本 %d），要先升级才能读取。请先用本版本的 Backstop 正常打开一次这个数据文件夹（升级前会自动备份原文件），再重试。",
			s.path, version), nil)
	case version < schemaVersion:
		return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf(
			"数据文件 %s 由旧版本的 Backstop 写入（数据版本 %d），要先升级才能查看，但数据文件夹只读（%s）。请把数据文件夹复制到可写的位置，再用 --data 打开副本。",
			s.path, version, s.dir), nil)
	}
	return nil
}
