package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// The indexes let a list or a keyword search walk small entries in date order
// instead of decoding every record. An entry's key is a date and the record's ID, so
// a reverse cursor gives newest first; its value holds the fields filters compare
// and the lower-cased search text, as length-prefixed strings. Only the records that
// pass are then decoded.

// undated sorts meetings without a date (drafts being prepared) before every dated one.
var undated = meeting.Date{Year: 0xFFFF, Month: 0xFF, Day: 0xFF}

// dateKey returns a date as 4 bytes: year (2), month, day.
func dateKey(d meeting.Date) []byte {
	if d.IsZero() {
		d = undated
	}
	year := min(max(d.Year, 0), 0xFFFF)
	return []byte{byte(year >> 8), byte(year), byte(d.Month), byte(d.Day)}
}

// yearPrefix returns the index key prefix of a year.
func yearPrefix(year int) []byte { return []byte{byte(year >> 8), byte(year)} }

// entryKey returns the index key of a record dated d.
func entryKey(d meeting.Date, id meeting.ID) []byte { return append(dateKey(d), idKey(id)...) }

// entryKeyLen is the length of an index key.
const entryKeyLen = 4 + 8

// entryID reads the record ID from an index key.
func entryID(k []byte) meeting.ID { return keyID(k[4:]) }

// appendField appends s as a length-prefixed field.
func appendField(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errBadEntry = errors.New("malformed index entry")

// entryFields splits an index value into its fields, without copying.
func entryFields(v []byte, out [][]byte) error {
	for i := range out {
		n, w := binary.Uvarint(v)
		if w <= 0 || uint64(len(v)-w) < n {
			return errBadEntry
		}
		out[i], v = v[w:w+int(n)], v[w+int(n):]
	}
	return nil
}

// searchText joins the searchable parts of a record, lower-cased so that Latin
// letters match in either case. Parts are separated by a line break, which no query
// word contains, so a word never matches across two parts.
func searchText(parts ...string) string {
	return strings.ToLower(strings.Join(parts, "\n"))
}

// meetingSearchText is what a meeting query searches: the title, the applicants of
// the agenda's cases and the decisions' texts.
func meetingSearchText(m *meeting.Meeting, cases []meeting.Case) string {
	parts := []string{m.Title}
	for _, c := range cases {
		parts = append(parts, c.Applicant.Name)
	}
	for _, it := range m.Agenda {
		for _, d := range it.Decisions {
			parts = append(parts, d.Text)
		}
	}
	return searchText(parts...)
}

// caseSearchText is what a case query searches: title, applicant and credit code.
func caseSearchText(c *meeting.Case) string {
	return searchText(c.Title, c.Applicant.Name, c.Applicant.CreditCode)
}

// indexMeeting replaces the index entries of old (nil for a new meeting) with those
// of m: its listing entry and its agenda links. cases are the cases its minutes show.
func indexMeeting(tx *bbolt.Tx, old, m *meeting.Meeting, cases []meeting.Case) error {
	if old != nil {
		if err := unindexMeeting(tx, old); err != nil {
			return err
		}
	}
	v := appendField(nil, string(m.State))
	v = appendField(v, meetingSearchText(m, cases))
	if err := tx.Bucket(bucketMeetingIndex).Put(entryKey(m.Date, m.ID), v); err != nil {
		return err
	}
	links := tx.Bucket(bucketAgendaLinks)
	for _, it := range m.Agenda {
		if it.CaseID != 0 {
			if err := links.Put(append(idKey(it.CaseID), idKey(m.ID)...), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// unindexMeeting removes the index entries of a stored meeting.
func unindexMeeting(tx *bbolt.Tx, m *meeting.Meeting) error {
	if err := tx.Bucket(bucketMeetingIndex).Delete(entryKey(m.Date, m.ID)); err != nil {
		return err
	}
	links := tx.Bucket(bucketAgendaLinks)
	for _, it := range m.Agenda {
		if err := links.Delete(append(idKey(it.CaseID), idKey(m.ID)...)); err != nil {
			return err
		}
	}
	return nil
}

// indexCase replaces the index entry of old (nil for a new case) with that of c.
func indexCase(tx *bbolt.Tx, old, c *meeting.Case) error {
	idx := tx.Bucket(bucketCaseIndex)
	if old != nil {
		if err := idx.Delete(entryKey(old.Received, old.ID)); err != nil {
			return err
		}
	}
	v := appendField(nil, string(c.Category))
	v = appendField(v, string(c.Channel))
	v = appendField(v, string(c.Status))
	v = appendField(v, caseSearchText(c))
	return idx.Put(entryKey(c.Received, c.ID), v)
}

// meetingsOfCase returns the IDs of the meetings whose agenda has the case.
func meetingsOfCase(tx *bbolt.Tx, id meeting.ID) []meeting.ID {
	var out []meeting.ID
	prefix := idKey(id)
	c := tx.Bucket(bucketAgendaLinks).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		out = append(out, keyID(k[8:]))
	}
	return out
}

// query is a keyword search: lower-cased words that must all occur.
type query [][]byte

// parseQuery splits s at spaces, including the full-width space.
func parseQuery(s string) query {
	var q query
	for _, w := range strings.Fields(strings.ToLower(s)) {
		q = append(q, []byte(w))
	}
	return q
}

// match reports whether every word occurs in text.
func (q query) match(text []byte) bool {
	for _, w := range q {
		if !bytes.Contains(text, w) {
			return false
		}
	}
	return true
}

// newestFirst walks an index from the newest entry to the oldest, within a prefix
// when one is given, until fn returns false or an error.
func newestFirst(b *bbolt.Bucket, prefix []byte, fn func(k, v []byte) (bool, error)) error {
	c := b.Cursor()
	k, v := c.Last()
	// With a prefix, seek to the first key after its range, then step back into it.
	if end := prefixEnd(prefix); end != nil {
		if k, _ = c.Seek(end); k != nil {
			k, v = c.Prev()
		} else {
			k, v = c.Last()
		}
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
		more, err := fn(k, v)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// prefixEnd returns the smallest key greater than every key with the prefix, or nil
// when there is none (no prefix, or one of 0xFF bytes only).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}
