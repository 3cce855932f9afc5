//go:build !windows

package store

import (
	"os"
	"syscall"
	"time"

	berrors "go.etcd.io/bbolt/errors"
)

// renameWhileLocked says whether a locked data file may be replaced by renaming
// another file over it. On Unix the lock stays with the old file and the new one
// appears atomically.
const renameWhileLocked = true

// lockFile takes the lock bbolt takes on its data file (an exclusive flock), waiting
// at most timeout; it returns berrors.ErrTimeout when another process holds it. A
// lock taken on one file descriptor conflicts with bbolt's on another, also within
// one process.
func lockFile(f *os.File, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if err != syscall.EWOULDBLOCK {
			return &os.PathError{Op: "flock", Path: f.Name(), Err: err}
		}
		if time.Now().After(deadline) {
			return berrors.ErrTimeout
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// unlockFile releases the lock taken by lockFile.
func unlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
