package recordcache

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

type record struct {
	name string
	tags []string
}

func (r record) Clone() record {
	r.tags = slices.Clone(r.tags)
	return r
}

// decoder counts its calls; a record's bytes are "name,tag,tag…".
type decoder struct{ calls atomic.Int64 }

func (d *decoder) decode(_ int, raw []byte) (record, error) {
	d.calls.Add(1)
	if len(raw) == 0 {
		return record{}, errors.New("empty record")
	}
	parts := strings.Split(string(raw), ",")
	return record{name: parts[0], tags: parts[1:]}, nil
}

// read runs one Read over the stored records, in key order, and returns what it got
// by key.
func read(t *testing.T, c *Cache[int, record], d *decoder, stored map[int]string) map[int]record {
	t.Helper()
	keys := slices.Sorted(maps.Keys(stored))
	got, err := c.Read(d.decode, func(add func(int, []byte)) error {
		for _, k := range keys {
			buf := []byte(stored[k]) // the store may reuse its buffer once add returns
			add(k, buf)
			clear(buf)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(keys) {
		t.Fatalf("Read returned %d records for %d", len(got), len(keys))
	}
	out := map[int]record{}
	for i, k := range keys {
		out[k] = got[i]
	}
	return out
}

func TestReadDecodesOnlyWhatChanged(t *testing.T) {
	var c Cache[int, record]
	d := &decoder{}
	stored := map[int]string{1: "甲,a", 2: "乙,b", 3: "丙,c"}
	read(t, &c, d, stored)
	if d.calls.Load() != 3 {
		t.Fatalf("first read decoded %d records, want 3", d.calls.Load())
	}
	got := read(t, &c, d, stored)
	if d.calls.Load() != 3 {
		t.Errorf("second read of the same bytes decoded %d more", d.calls.Load()-3)
	}
	if got[2].name != "乙" || !slices.Equal(got[2].tags, []string{"b"}) {
		t.Errorf("cached record 2 is %+v", got[2])
	}

	// Changed bytes are decoded again, even of the same length.
	stored[2] = "乙,x"
	if got = read(t, &c, d, stored); d.calls.Load() != 4 || !slices.Equal(got[2].tags, []string{"x"}) {
		t.Errorf("after a change: %d decodes, record 2 %+v; want 4 and tag x", d.calls.Load(), got[2])
	}

	// A record left out of a read is forgotten.
	delete(stored, 3)
	read(t, &c, d, stored)
	if c.Len() != 2 {
		t.Errorf("the cache holds %d records after a read of 2", c.Len())
	}
	stored[3] = "丙,c"
	read(t, &c, d, stored)
	if d.calls.Load() != 5 {
		t.Errorf("a record back after a read without it was not decoded again (%d decodes, want 5)", d.calls.Load())
	}
}

func TestCallersCannotChangeTheCache(t *testing.T) {
	var c Cache[int, record]
	d := &decoder{}
	stored := map[int]string{1: "甲,a,b"}
	for range 2 { // the decoded record, then the cached one
		got := read(t, &c, d, stored)
		got[1].tags[0] = "changed"
	}
	if got := read(t, &c, d, stored); got[1].tags[0] != "a" {
		t.Errorf("a caller's change reached the cache: %+v", got[1])
	}
}

func TestFailedReadKeepsTheCache(t *testing.T) {
	var c Cache[int, record]
	d := &decoder{}
	read(t, &c, d, map[int]string{1: "甲,a", 2: "乙,b"})
	_, err := c.Read(d.decode, func(add func(int, []byte)) error {
		add(1, []byte("甲,a"))
		add(2, nil)
		return nil
	})
	if err == nil {
		t.Fatal("a record that does not decode did not fail the read")
	}
	if c.Len() != 2 {
		t.Errorf("a failed read left %d records in the cache, want the 2 of the last good read", c.Len())
	}
	before := d.calls.Load()
	read(t, &c, d, map[int]string{1: "甲,a", 2: "乙,b"})
	if d.calls.Load() != before {
		t.Errorf("after a failed read, the last good read's records were decoded again")
	}
}

// TestManyRecordsKeepTheirOrder: enough records to be decoded on several processors
// come back in the view's order, each decoded once, and a failure among them is the
// first in that order.
func TestManyRecordsKeepTheirOrder(t *testing.T) {
	var c Cache[int, record]
	d := &decoder{}
	stored := map[int]string{}
	const n = 5 * parallelFrom
	for k := range n {
		stored[k] = fmt.Sprintf("r%d,t%d", k, k)
	}
	got := read(t, &c, d, stored)
	for k := range n {
		if got[k].name != fmt.Sprintf("r%d", k) || got[k].tags[0] != fmt.Sprintf("t%d", k) {
			t.Fatalf("record %d came back as %+v", k, got[k])
		}
	}
	if d.calls.Load() != n {
		t.Errorf("%d decodes of %d records", d.calls.Load(), n)
	}
	stored[7], stored[3000] = "", ""
	_, err := c.Read(func(k int, raw []byte) (record, error) {
		r, err := d.decode(k, raw)
		if err != nil {
			err = fmt.Errorf("record %d: %w", k, err)
		}
		return r, err
	}, func(add func(int, []byte)) error {
		for _, k := range slices.Sorted(maps.Keys(stored)) {
			add(k, []byte(stored[k]))
		}
		return nil
	})
	if err == nil || err.Error() != "record 7: empty record" {
		t.Errorf("a read with records 7 and 3000 broken: %v, want record 7's error", err)
	}
}
