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

// Read runs one read of the view: fn calls get for every record it reads, with the
// record's key and stored bytes (which may be reused once get returns); get returns
// the cached record when raw is what it was decoded from, and decode(k, raw)
// otherwise. When fn succeeds, the records it got replace the cache; when it fails,
// the cache is left as it was. Reads run one at a time.
func (c *Cache[K, V]) Read(decode func(k K, raw []byte) (V, error), fn func(get func(k K, raw []byte) (V, error)) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	next := make(map[K]entry[V], len(c.last))
	get := func(k K, raw []byte) (V, error) {
		if e, ok := c.last[k]; ok && bytes.Equal(e.raw, raw) {
			next[k] = e
			return e.v.Clone(), nil
		}
		v, err := decode(k, raw)
		if err != nil {
			return v, err
		}
		next[k] = entry[V]{raw: bytes.Clone(raw), v: v.Clone()}
		return v, nil
	}
	if err := fn(get); err != nil {
		return err
	}
	c.last = next
	return nil
}

// Len is how many records the cache holds.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.last)
}
