// Package safefile writes files so that a crash, a full disk or a pulled plug never
// leaves a half-written file under the final name: the content goes to a temporary
// file in the same folder, is synced, and is renamed into place. It also turns the
// disk's refusals into messages a person can act on.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"backstop/meeting"
)

// TempPrefix starts the name of every temporary file this package creates, so that a
// cleanup after a crash can recognise and remove strays.
const TempPrefix = ".backstop-tmp-"

// Write creates or replaces path with what write produces, atomically. The file gets
// mode perm. On any error the temporary file is removed and path is left as it was.
func Write(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, TempPrefix+"*")
	if err != nil {
		return Describe(err, path)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return Describe(err, path)
	}
	if err := write(tmp); err != nil {
		return Describe(err, path)
	}
	if err := tmp.Sync(); err != nil {
		return Describe(err, path)
	}
	if err := tmp.Close(); err != nil {
		return Describe(err, path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Describe(err, path)
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable where the platform allows syncing a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not supported on every platform; the rename is done either way
		d.Close()
	}
}

// RemoveStrays deletes temporary files a crashed write left in dir and returns how
// many it removed.
func RemoveStrays(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), TempPrefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err == nil {
				n++
			}
		}
	}
	return n, nil
}

// Describe turns an error from the file system into a *meeting.Error with a Chinese
// sentence naming path and what the person can do: CodeReadOnly for a place that
// cannot be written (a read-only disk, permissions), CodeInvalid for a folder that
// does not exist, CodeStorage for the rest (a full disk, an I/O error). Errors that
// already are *meeting.Error pass through.
func Describe(err error, path string) error {
	if err == nil {
		return nil
	}
	var me *meeting.Error
	if errors.As(err, &me) {
		return err
	}
	code, msg := meeting.CodeStorage, ""
	switch {
	case errors.Is(err, syscall.ENOSPC):
		msg = fmt.Sprintf("磁盘空间已满，无法写入「%s」。请清理磁盘或换一个位置后重试；已有数据没有改动。", path)
	case errors.Is(err, syscall.EROFS):
		code, msg = meeting.CodeReadOnly, fmt.Sprintf("「%s」所在的磁盘是只读的，无法写入。请换一个位置后重试。", path)
	case errors.Is(err, fs.ErrPermission):
		code, msg = meeting.CodeReadOnly, fmt.Sprintf("没有权限写入「%s」。请检查文件夹的权限，或换一个位置后重试。", path)
	case errors.Is(err, fs.ErrNotExist):
		code, msg = meeting.CodeInvalid, fmt.Sprintf("文件夹不存在：「%s」。", filepath.Dir(path))
	default:
		msg = fmt.Sprintf("无法写入「%s」。", path)
	}
	return meeting.Errorf(code, msg, err)
}
