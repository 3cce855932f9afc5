package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"runtime/debug"
	"time"
)

// bbolt maps the data file into memory and trusts its meta page: a file cut short
// (a copy interrupted, a full disk during a restore) makes it read past the end of
// the mapping, which is a SIGBUS that no recover can catch. So before bbolt sees a
// file, the store reads the meta pages itself and checks that the file holds every
// page they claim. The layout below is bbolt's on-disk format (version 2), which
// bbolt writes in the machine's byte order.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16 // id uint64, flags uint16, count uint16, overflow uint32
	metaSize         = 64 // magic, version, pageSize, flags, root (pgid, sequence), freelist, pgid, txid
	metaChecksumEnd  = pageHeaderSize + metaSize - 8
	noFreelist       = ^uint64(0)
	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	freelistPageFlag = 0x10
	minPageSize      = 1024
	maxPageSize      = 1 << 24
)

// boltMeta is the part of a meta page the checks need.
type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // high-water mark: the file holds pages [0, pgid)
	txid     uint64
}

var errNotBolt = errors.New("not a bbolt data file: no valid meta page")

// parseMeta decodes and validates the meta page at the start of buf.
func parseMeta(buf []byte) (boltMeta, error) {
	if len(buf) < pageHeaderSize+metaSize {
		return boltMeta{}, errNotBolt
	}
	ne := binary.NativeEndian
	b := buf[pageHeaderSize:]
	if ne.Uint32(b[0:]) != boltMagic {
		return boltMeta{}, errNotBolt
	}
	if v := ne.Uint32(b[4:]); v != boltVersion {
		return boltMeta{}, fmt.Errorf("bbolt format version %d, want %d", v, boltVersion)
	}
	h := fnv.New64a()
	h.Write(buf[pageHeaderSize:metaChecksumEnd])
	if h.Sum64() != ne.Uint64(buf[metaChecksumEnd:]) {
		return boltMeta{}, errors.New("meta page checksum mismatch")
	}
	return boltMeta{
		pageSize: ne.Uint32(b[8:]),
		root:     ne.Uint64(b[16:]),
		freelist: ne.Uint64(b[32:]),
		pgid:     ne.Uint64(b[40:]),
		txid:     ne.Uint64(b[48:]),
	}, nil
}

// checkLayout checks that f is a bbolt file whose current meta page (the valid one
// with the higher transaction ID, as bbolt chooses) describes pages the file holds,
// and whose page tree stays within them (walkTree). The caller holds the file's lock,
// so its size cannot change underneath.
func checkLayout(f *os.File, size int64) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading the file failed: %v", r)
		}
	}()
	if size < 2*minPageSize {
		return fmt.Errorf("file of %d bytes is too small to hold the two meta pages", size)
	}
	buf := make([]byte, 4096)
	n, _ := f.ReadAt(buf, 0)
	m0, err0 := parseMeta(buf[:n])

	// Page 1 sits one page in; without a valid page 0 the page size is unknown, so
	// try every size bbolt would, as bbolt does.
	var m1 boltMeta
	err1 := errNotBolt
	for ps := int64(minPageSize); ps <= maxPageSize && ps < size; ps *= 2 {
		if err0 == nil && ps != int64(m0.pageSize) {
			continue
		}
		n, _ := f.ReadAt(buf, ps)
		if m1, err1 = parseMeta(buf[:n]); err1 == nil {
			break
		}
	}

	var m boltMeta
	switch {
	case err0 != nil && err1 != nil:
		return err0
	case err0 != nil:
		m = m1
	case err1 != nil || m0.txid >= m1.txid:
		m = m0
	default:
		m = m1
	}
	if err := checkMeta(size, m); err != nil {
		return err
	}
	src, unmap := pagesOf(f, size)
	defer unmap()
	return walkTree(src, m)
}

// checkMeta checks the chosen meta page against the file: a possible page size, and
// a file at least as long as the high-water mark says.
func checkMeta(size int64, m boltMeta) error {
	ps := int64(m.pageSize)
	if ps < minPageSize || ps > maxPageSize || ps&(ps-1) != 0 {
		return fmt.Errorf("meta page gives an impossible page size %d", ps)
	}
	if m.pgid < 3 || m.pgid > 1<<40 {
		return fmt.Errorf("meta page gives an impossible high-water mark %d", m.pgid)
	}
	if need := int64(m.pgid) * ps; need > size {
		return fmt.Errorf("file is truncated: the meta page needs %d pages of %d bytes (%d bytes), the file has %d bytes", m.pgid, ps, need, size)
	}
	return nil
}

// preflight looks at the data file before bbolt does. It takes the file's lock first,
// so that a file another process is writing is reported as in use rather than judged
// half-written. A missing or empty file is a new store when there are no backups (a
// store never opened to the end); with backups, it is data that was lost, and bbolt
// must not start a new store over it: ten days later the rotation would have removed
// the backups that hold the data.
func (s *Store) preflight(lockTimeout time.Duration) error {
	f, err := os.Open(s.path)
	if missingFile(err) {
		if backup, _ := NewestBackup(s.dir); backup != "" {
			return lostDataError(s.dir, backup)
		}
		return nil
	}
	if err != nil {
		return s.storageError(err)
	}
	defer f.Close()
	if err := lockFile(f, lockTimeout); err != nil {
		return s.storageError(err)
	}
	defer unlockFile(f)
	info, err := f.Stat()
	if err != nil {
		return s.storageError(err)
	}
	if info.Size() == 0 {
		if backup, _ := NewestBackup(s.dir); backup != "" {
			return corruptError(s.dir, errors.New("data file is empty"))
		}
		return nil
	}
	if err := checkLayout(f, info.Size()); err != nil {
		return corruptError(s.dir, err)
	}
	return nil
}
