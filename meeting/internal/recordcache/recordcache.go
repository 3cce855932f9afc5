// Package recordcache keeps the records decoded by the last read of a view beside
// the exact bytes they were decoded from, so that the next read of the same view
// decodes only what changed. The 督办 board is read again after every change made on
// this PC or another one, and decoding its thousands of items is most of its cost.
//
// Nothing is taken from the cache that the bytes just read from the store do not
// match byte for byte: the store stays the only source, the cache only saves the
// decoding. It holds the records of the last read only, so it never grows beyond
// one view's worth.
package recordcache

import (
	"bytes"
	"runtime"
	"sync"
)

// Cloner is a record that can be copied without sharing anything with the copy, so
// that a caller changing what it got cannot change the cache.
type Cloner[V any] interface {
	Clone() V
}

// Cache holds the records of the last Read. The zero value is an empty cache.
type Cache[K comparable, V Cloner[V]] struct {
	mu   sync.Mutex
	last map[K]entry[V]
}

type entry[V any] struct {
	raw []byte
	v   V
}

// parallelFrom is how many records to decode before the decoding is spread over
// the processors: below it, starting goroutines costs more than it saves.
const parallelFrom = 512

// Read runs one read of the view: fn calls add for every record it reads, in the
// view's order, with the record's key and stored bytes (which may be reused once add
// returns). Read returns the records in that order: the cached one where raw is what
// it was decoded from, decode(k, raw) otherwise (spread over the processors when
// there are many). When fn and every decode succeed, the records replace the cache;
// otherwise the cache is left as it was and the first error in the view's order is
// returned. Reads run one at a time.
func (c *Cache[K, V]) Read(decode func(k K, raw []byte) (V, error), fn func(add func(k K, raw []byte)) error) ([]V, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	type slot struct {
		k   K
		raw []byte // a copy, for a record to decode
		v   V
		err error
	}
	var slots []slot
	var misses []int
	add := func(k K, raw []byte) {
		if e, ok := c.last[k]; ok && bytes.Equal(e.raw, raw) {
			slots = append(slots, slot{k: k, raw: e.raw, v: e.v})
			return
		}
		misses = append(misses, len(slots))
		slots = append(slots, slot{k: k, raw: bytes.Clone(raw)})
	}
	if err := fn(add); err != nil {
		return nil, err
	}
	decodeSlot := func(i int) {
		s := &slots[i]
		s.v, s.err = decode(s.k, s.raw)
	}
	if workers := min(runtime.GOMAXPROCS(0), len(misses)/parallelFrom+1); workers > 1 {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for j := w; j < len(misses); j += workers {
					decodeSlot(misses[j])
				}
			})
		}
		wg.Wait()
	} else {
		for _, i := range misses {
			decodeSlot(i)
		}
	}
	next := make(map[K]entry[V], len(slots))
	out := make([]V, len(slots))
	for i := range slots {
		s := &slots[i]
		if s.err != nil {
			return nil, s.err
		}
		next[s.k] = entry[V]{raw: s.raw, v: s.v}
		out[i] = s.v.Clone()
	}
	c.last = next
	return out, nil
}

// Len is how many records the cache holds.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.last)
}
