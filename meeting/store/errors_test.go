package store

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	berrors "go.etcd.io/bbolt/errors"

	"backstop/meeting"
)

func TestStorageErrors(t *testing.T) {
	s := &Store{dir: "/data/backstop", path: "/data/backstop/" + FileName}
	pathErr := func(errno syscall.Errno) error {
		return &fs.PathError{Op: "write", Path: s.path, Err: errno}
	}
	tests := []struct {
		name string
		err  error
		code meeting.Code
		says string
	}{
		{"disk full", pathErr(diskFullErrnos[0]), meeting.CodeStorage, "磁盘已满"},
		{"disk full, formatted by bbolt with %s", fmt.Errorf("file resize error: %s", pathErr(diskFullErrnos[0])), meeting.CodeStorage, "磁盘已满"},
		{"read-only file system", pathErr(syscall.EROFS), meeting.CodeReadOnly, "数据文件夹只读，不能修改数据（/data/backstop）"},
		{"permission denied", pathErr(syscall.EACCES), meeting.CodeReadOnly, "没有权限"},
		{"operation not permitted", pathErr(syscall.EPERM), meeting.CodeReadOnly, "没有权限"},
		{"lock held", berrors.ErrTimeout, meeting.CodeInUse, "另一个 Backstop 窗口"},
		{"closed", berrors.ErrDatabaseNotOpen, meeting.CodeInternal, "已关闭"},
		{"anything else", errors.New("input/output error"), meeting.CodeStorage, s.path},
		{"already translated", meeting.ErrLocked, meeting.CodeLocked, "已定稿"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.storageError(tt.err)
			e := wantCode(t, err, tt.code)
			if !strings.Contains(e.Message, tt.says) {
				t.Errorf("message %q does not say %q", e.Message, tt.says)
			}
			if tt.code != meeting.CodeLocked && !errors.Is(err, tt.err) && !strings.Contains(err.Error(), tt.err.Error()) {
				t.Errorf("the cause %v is lost: %v", tt.err, err)
			}
		})
	}
}
