package recordcache

import (
	"errors"
	"slices"
	"strings"
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
type decoder struct{ calls int }

func (d *decoder) decode(_ int, raw []byte) (record, error) {
	d.calls++
	if len(raw) == 0 {
		return record{}, errors.New("empty record")
	}
	parts := strings.Split(string(raw), ",")
	return record{name: parts[0], tags: parts[1:]}, nil
}

// read runs one Read over the stored records and returns what it got.
func read(t *testing.T, c *Cache[int, record], d *decoder, stored map[int]string) map[int]record {
	t.Helper()
	got := map[int]record{}
	err := c.Read(d.decode, func(get func(int, []byte) (record, error)) error {
		for k, raw := range stored {
			buf := []byte(raw) // the store may reuse its buffer once get returns
			r, err := get(k, buf)
			clear(buf)
			if err != nil {
				return err
			}
			got[k] = r
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestReadDecodesOnlyWhatChanged(t *testing.T) {
	var c Cache[int, record]
	d := &decoder{}
	stored := map[int]string{1: "甲,a", 2: "乙,b", 3: "丙,c"}
	read(t, &c, d, stored)
	if d.calls != 3 {
		t.Fatalf("first read decoded %d records, want 3", d.calls)
	}
	got := read(t, &c, d, stored)
	if d.calls != 3 {
		t.Errorf("second read of the same bytes decoded %d more", d.calls-3)
	}
	if got[2].name != "乙" || !slices.Equal(got[2].tags, []string{"b"}) {
		t.Errorf("cached record 2 is %+v", got[2])
	}

	// Changed bytes are decoded again, even of the same length.
	stored[2] = "乙,x"
	if got = read(t, &c, d, stored); d.calls != 4 || !slices.Equal(got[2].tags, []string{"x"}) {
		t.Errorf("after a change: %d decodes, record 2 %+v; want 4 and tag x", d.calls, got[2])
	}

	// A record left out of a read is forgotten.
	delete(stored, 3)
	read(t, &c, d, stored)
	if c.Len() != 2 {
		t.Errorf("the cache holds %d records after a read of 2", c.Len())
	}
	stored[3] = "丙,c"
	read(t, &c, d, stored)
	if d.calls != 5 {
		t.Errorf("a record back after a read without it was not decoded again (%d decodes, want 5)", d.calls)
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
	err := c.Read(d.decode, func(get func(int, []byte) (record, error)) error {
		if _, err := get(1, []byte("甲,a")); err != nil {
			return err
		}
		_, err := get(2, nil)
		return err
	})
	if err == nil {
		t.Fatal("a record that does not decode did not fail the read")
	}
	if c.Len() != 2 {
		t.Errorf("a failed read left %d records in the cache, want the 2 of the last good read", c.Len())
	}
	before := d.calls
	read(t, &c, d, map[int]string{1: "甲,a", 2: "乙,b"})
	if d.calls != before {
		t.Errorf("after a failed read, the last good read's records were decoded again")
	}
}
