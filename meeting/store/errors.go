package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	berrors "go.etcd.io/bbolt/errors"

	"backstop/meeting"
)

// storageError translates an error of the disk or of bbolt into a *meeting.Error
// that tells the person what to do.
func (s *Store) storageError(err error) error {
	var e *meeting.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return inUseError(err)
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return meeting.Errorf(meeting.CodeInternal, "数据文件已关闭，无法继续读写。请重新打开 Backstop。", err)
	case diskFull(err):
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("磁盘已满，刚才的修改未能保存。请清理数据目录 %s 所在磁盘的空间后再试；已保存的数据不受影响。", s.dir), err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, berrors.ErrDatabaseReadOnly):
		return readOnlyError(s.dir, err)
	case errors.Is(err, fs.ErrPermission):
		return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf("没有权限读写数据文件夹 %s。请检查该文件夹及其中文件的权限，或用 --data 换一个文件夹。", s.dir), err)
	}
	return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("读写数据文件 %s 时出错，刚才的操作未完成。", s.path), err)
}

// diskFull reports whether err says the disk or the user's quota is full. bbolt
// formats some errors with %s, so the text is checked as well as the chain.
func diskFull(err error) bool {
	for _, errno := range diskFullErrnos {
		if errors.Is(err, errno) || strings.Contains(err.Error(), errno.Error()) {
			return true
		}
	}
	return false
}

// openError translates an error of bbolt.Open: a held lock, a file that is not a
// bbolt file, or the disk.
func (s *Store) openError(err error) error {
	var pathErr *fs.PathError
	var errno syscall.Errno
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return inUseError(err)
	case errors.As(err, &pathErr), errors.As(err, &errno):
		return s.storageError(err)
	}
	// Everything else bbolt.Open reports is about the file's content: invalid or
	// mismatched meta pages, a file too small to hold them, a panic while reading.
	return corruptError(s.dir, err)
}

func inUseError(cause error) *meeting.Error {
	return &meeting.Error{Code: meeting.CodeInUse, Message: meeting.ErrInUse.Message, Err: cause}
}

// corruptError reports that the data file of dir failed its integrity check, naming
// the newest backup that passes it and the command that restores it.
func corruptError(dir string, cause error) *meeting.Error {
	path := filepath.Join(dir, FileName)
	backup, _ := NewestBackup(dir)
	var msg string
	if backup != "" {
		msg = fmt.Sprintf("数据文件 %s 已损坏，未通过完整性检查。最近一次可用的备份是 %s。"+
			"请关闭所有 Backstop 窗口，然后运行：backstop restore \"%s\"（数据目录不是默认目录时，在 backstop 后加上 --data \"%s\"）。"+
			"恢复前会把损坏的数据文件另存到 backups 目录。",
			path, backup, backup, dir)
	} else {
		msg = fmt.Sprintf("数据文件 %s 已损坏，未通过完整性检查，且 %s 中没有可用的备份。请不要删除或覆盖这个文件，并联系技术支持。",
			path, filepath.Join(dir, BackupDirName))
	}
	return &meeting.Error{Code: meeting.CodeCorrupt, Message: msg, Err: cause}
}

// lostDataError reports a data directory whose data file is gone while backups
// remain.
func lostDataError(dir, backup string) *meeting.Error {
	return &meeting.Error{Code: meeting.CodeCorrupt, Message: fmt.Sprintf(
		"数据目录 %s 中没有数据文件 %s，但有备份：数据文件可能被误删或移走了。最近一次可用的备份是 %s。"+
			"请关闭所有 Backstop 窗口，然后运行：backstop restore \"%s\"（数据目录不是默认目录时，在 backstop 后加上 --data \"%s\"）。"+
			"如果确实要从空白数据重新开始，请先把 %s 目录移到别处。",
		dir, FileName, backup, backup, dir, filepath.Join(dir, BackupDirName))}
}

// recordError reports a record that cannot be decoded: the file passed bbolt's check
// but a value in it is not what Backstop wrote.
func (s *Store) recordError(bucket []byte, key []byte, err error) *meeting.Error {
	return corruptError(s.dir, fmt.Errorf("bucket %s, key %x: %w", bucket, key, err))
}

func notFound(format string, args ...any) *meeting.Error {
	return &meeting.Error{Code: meeting.CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// missingFile reports whether err says a file does not exist.
func missingFile(err error) bool { return errors.Is(err, os.ErrNotExist) }
