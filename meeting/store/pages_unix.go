//go:build !windows

package store

import (
	"os"
	"syscall"
)

// pagesOf returns a read-only view of the file for walkTree: a mapping of exactly the
// file's size, or reads when the file cannot be mapped. The returned function
// releases it; unmapping a large file takes milliseconds, so that happens in the
// background, off the path of Open.
func pagesOf(f *os.File, size int64) (pageSource, func()) {
	if size > 0 && int64(int(size)) == size {
		if data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
			return mappedFile(data), func() { go syscall.Munmap(data) }
		}
	}
	return readerFile{f, size}, func() {}
}
