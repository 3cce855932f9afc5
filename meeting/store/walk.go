package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// bbolt's Check follows every pointer in the file without checking it: a child page
// ID, an element's key offset, a value that claims to be a nested bucket. On a file
// damaged in the middle, one wrong pointer makes it read outside the mapped file, and
// the check runs in a goroutine of bbolt's own where that fault cannot be recovered:
// the process dies. So before bbolt opens a file, walkTree follows the same pointers
// through a bounds-checked view of the file and refuses the file at the first one
// that leads outside it, to a page of the wrong kind, or back to a page already seen.
// It checks structure only; bbolt's Check then checks key order and the freelist's
// accounting, on a file where every pointer it follows is known to be in bounds.

const (
	elementSize      = 16 // branch: pos, ksize uint32, pgid uint64; leaf: flags, pos, ksize, vsize uint32
	bucketHeaderSize = 16 // root pgid, sequence uint64
	bucketLeafFlag   = 0x01
	maxTreeDepth     = 64 // far deeper than any real file: a B+tree of 2^64 keys is ~20 levels
)

// pageSource reads n bytes at off, failing instead of reading past the file's end.
type pageSource interface {
	bytes(off, n int64) ([]byte, error)
}

// mappedFile is a read-only mapping of the whole file; slicing within its length
// cannot fault because the length is the file's size, which the lock keeps fixed.
type mappedFile []byte

func (m mappedFile) bytes(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > int64(len(m)) || n > int64(len(m))-off {
		return nil, fmt.Errorf("read of %d bytes at %d is outside the file", n, off)
	}
	return m[off : off+n], nil
}

// readerFile reads with ReadAt where the file cannot be mapped.
type readerFile struct {
	r    io.ReaderAt
	size int64
}

func (f readerFile) bytes(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > f.size || n > f.size-off {
		return nil, fmt.Errorf("read of %d bytes at %d is outside the file", n, off)
	}
	b := make([]byte, n)
	if _, err := f.r.ReadAt(b, off); err != nil {
		return nil, err
	}
	return b, nil
}

// treeWalker visits each page reachable from the meta page once.
type treeWalker struct {
	src      pageSource
	pageSize int64
	pgid     uint64   // high-water mark: valid pages are [2, pgid)
	seen     []uint64 // bitmap of pages visited, overflow pages included
}

// walkTree checks every page reachable from the meta page m, and the freelist.
func walkTree(src pageSource, m boltMeta) error {
	w := &treeWalker{src: src, pageSize: int64(m.pageSize), pgid: m.pgid, seen: make([]uint64, m.pgid/64+1)}
	if m.freelist != noFreelist {
		if err := w.freelist(m.freelist); err != nil {
			return err
		}
	}
	return w.page(m.root, 0)
}

// mark records that pages [id, id+n] are in use and fails on one used twice.
func (w *treeWalker) mark(id, overflow uint64) error {
	if id < 2 || id >= w.pgid || overflow >= w.pgid-id {
		return fmt.Errorf("page %d (+%d overflow) is outside the file's %d pages", id, overflow, w.pgid)
	}
	for p := id; p <= id+overflow; p++ {
		if w.seen[p/64]&(1<<(p%64)) != 0 {
			return fmt.Errorf("page %d is referenced twice", p)
		}
		w.seen[p/64] |= 1 << (p % 64)
	}
	return nil
}

// header reads and checks the header of page id: its ID, a type among want, and its
// overflow within the file. It returns the page's bytes up to the end of its element
// array.
func (w *treeWalker) header(id uint64, want uint16) (flags uint16, count int, span int64, elems []byte, err error) {
	if id < 2 || id >= w.pgid {
		return 0, 0, 0, nil, fmt.Errorf("page %d is outside the file's %d pages", id, w.pgid)
	}
	h, err := w.src.bytes(int64(id)*w.pageSize, pageHeaderSize)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	ne := binary.NativeEndian
	flags, count, overflow := ne.Uint16(h[8:]), int(ne.Uint16(h[10:])), uint64(ne.Uint32(h[12:]))
	if got := ne.Uint64(h); got != id {
		return 0, 0, 0, nil, fmt.Errorf("page %d carries the ID %d", id, got)
	}
	if flags != want && (want != branchPageFlag|leafPageFlag || (flags != branchPageFlag && flags != leafPageFlag)) {
		return 0, 0, 0, nil, fmt.Errorf("page %d has type %#x, want %#x", id, flags, want)
	}
	if err := w.mark(id, overflow); err != nil {
		return 0, 0, 0, nil, err
	}
	span = int64(overflow+1) * w.pageSize
	need := int64(pageHeaderSize)
	if flags != freelistPageFlag {
		need += int64(count) * elementSize
	}
	if need > span {
		return 0, 0, 0, nil, fmt.Errorf("page %d: %d elements do not fit in %d bytes", id, count, span)
	}
	elems, err = w.src.bytes(int64(id)*w.pageSize, need)
	return flags, count, span, elems, err
}

// page checks a branch or leaf page and, through it, every page below it.
func (w *treeWalker) page(id uint64, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("page %d: the tree is deeper than %d levels", id, maxTreeDepth)
	}
	flags, count, span, p, err := w.header(id, branchPageFlag|leafPageFlag)
	if err != nil {
		return err
	}
	ne := binary.NativeEndian
	for i := 0; i < count; i++ {
		at := int64(pageHeaderSize + i*elementSize)
		e := p[at : at+elementSize]
		if flags == branchPageFlag {
			pos, ksize, child := int64(ne.Uint32(e[0:])), int64(ne.Uint32(e[4:])), ne.Uint64(e[8:])
			if at+pos+ksize > span {
				return fmt.Errorf("page %d, element %d: key outside the page", id, i)
			}
			if err := w.page(child, depth+1); err != nil {
				return err
			}
			continue
		}
		elemFlags, pos, ksize, vsize := ne.Uint32(e[0:]), int64(ne.Uint32(e[4:])), int64(ne.Uint32(e[8:])), int64(ne.Uint32(e[12:]))
		if at+pos+ksize+vsize > span {
			return fmt.Errorf("page %d, element %d: key or value outside the page", id, i)
		}
		if elemFlags&bucketLeafFlag == 0 {
			continue
		}
		value, err := w.src.bytes(int64(id)*w.pageSize+at+pos+ksize, vsize)
		if err != nil {
			return err
		}
		if err := w.bucket(value, depth+1); err != nil {
			return fmt.Errorf("page %d, element %d: %w", id, i, err)
		}
	}
	return nil
}

// bucket checks the value of a nested-bucket entry: a bucket header, then either the
// root page's ID or, for a small bucket stored inline, the page itself.
func (w *treeWalker) bucket(value []byte, depth int) error {
	if len(value) < bucketHeaderSize {
		return errors.New("bucket value shorter than a bucket header")
	}
	if root := binary.NativeEndian.Uint64(value); root != 0 {
		return w.page(root, depth)
	}
	return inlinePage(value[bucketHeaderSize:])
}

// inlinePage checks a bucket stored inline in its parent's value: a leaf page whose
// elements must lie within the value and which holds no buckets of its own.
func inlinePage(p []byte) error {
	ne := binary.NativeEndian
	if len(p) < pageHeaderSize {
		return errors.New("inline bucket shorter than a page header")
	}
	if flags := ne.Uint16(p[8:]); flags != leafPageFlag {
		return fmt.Errorf("inline bucket has page type %#x", flags)
	}
	count := int64(ne.Uint16(p[10:]))
	if pageHeaderSize+count*elementSize > int64(len(p)) {
		return errors.New("inline bucket's elements do not fit")
	}
	for i := int64(0); i < count; i++ {
		at := pageHeaderSize + i*elementSize
		e := p[at : at+elementSize]
		if ne.Uint32(e)&bucketLeafFlag != 0 {
			return errors.New("inline bucket holds a bucket")
		}
		if at+int64(ne.Uint32(e[4:]))+int64(ne.Uint32(e[8:]))+int64(ne.Uint32(e[12:])) > int64(len(p)) {
			return fmt.Errorf("inline bucket, element %d: key or value outside the bucket", i)
		}
	}
	return nil
}

// freelist checks the freelist page and that every page it lists is in the file.
func (w *treeWalker) freelist(id uint64) error {
	_, count, span, _, err := w.header(id, freelistPageFlag)
	if err != nil {
		return err
	}
	base := int64(id)*w.pageSize + pageHeaderSize
	n := int64(count)
	if count == 0xFFFF { // the real count is the first element
		c, err := w.src.bytes(base, 8)
		if err != nil {
			return err
		}
		n, base = int64(binary.NativeEndian.Uint64(c)), base+8
	}
	if n < 0 || n > span/8 || base+n*8 > int64(id)*w.pageSize+span {
		return fmt.Errorf("freelist page %d: %d free pages do not fit", id, n)
	}
	ids, err := w.src.bytes(base, n*8)
	if err != nil {
		return err
	}
	for i := int64(0); i < n; i++ {
		if p := binary.NativeEndian.Uint64(ids[i*8:]); p < 2 || p >= w.pgid {
			return fmt.Errorf("freelist page %d lists page %d, outside the file's %d pages", id, p, w.pgid)
		}
	}
	return nil
}
