package store

import (
	"os"
	"time"

	berrors "go.etcd.io/bbolt/errors"
	"golang.org/x/sys/windows"
)

// renameWhileLocked says whether a locked data file may be replaced by renaming
// another file over it. Windows refuses to replace an open file, so the lock is
// released just before the rename.
const renameWhileLocked = false

// lockRange is the byte range bbolt locks on Windows: one byte at offset 2^64-1.
const lockRange = (1 << 32) - 1

// lockFile takes the lock bbolt takes on its data file, waiting at most timeout; it
// returns berrors.ErrTimeout when another process holds it.
func lockFile(f *os.File, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
			0, 1, 0, &windows.Overlapped{Offset: lockRange, OffsetHigh: lockRange})
		if err == nil {
			return nil
		}
		if err != windows.ERROR_LOCK_VIOLATION {
			return &os.PathError{Op: "LockFileEx", Path: f.Name(), Err: err}
		}
		if time.Now().After(deadline) {
			return berrors.ErrTimeout
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// unlockFile releases the lock taken by lockFile.
func unlockFile(f *os.File) error {
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &windows.Overlapped{Offset: lockRange, OffsetHigh: lockRange})
}
