package store

import "os"

// pagesOf returns a view of the file for walkTree. On Windows it reads with ReadAt;
// the returned function releases nothing.
func pagesOf(f *os.File, size int64) (pageSource, func()) {
	return readerFile{f, size}, func() {}
}
