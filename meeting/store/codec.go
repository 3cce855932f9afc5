package store

import (
	"encoding/binary"
	"encoding/json"
	"strings"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Keys are fixed-width big-endian integers, so that bbolt's byte order is numeric
// order and a cursor walks records by ID, by date, or by meeting and revision.

// idKey returns the key of a record: its ID as 8 bytes, big-endian.
func idKey(id meeting.ID) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(id))
}

// keyID reads an ID from the first 8 bytes of k.
func keyID(k []byte) meeting.ID { return meeting.ID(binary.BigEndian.Uint64(k)) }

// revisionKey returns the key of a finalized revision: the meeting's ID, then the
// revision number as 4 bytes, so a meeting's revisions are adjacent and in order.
func revisionKey(id meeting.ID, n int) []byte {
	return binary.BigEndian.AppendUint32(idKey(id), uint32(n))
}

// revisionOf reads the revision number from a revision key.
func revisionOf(k []byte) int { return int(binary.BigEndian.Uint32(k[8:12])) }

// yearKey returns the key of a year: of its number counter, of its calendar.
func yearKey(year int) []byte {
	return binary.BigEndian.AppendUint32(make([]byte, 0, 4), uint32(year))
}

// nextID draws the next ID of a bucket from its sequence. The sequence is part of
// the transaction, so an ID drawn in a transaction that rolls back is drawn again.
func nextID(b *bbolt.Bucket) (meeting.ID, error) {
	n, err := b.NextSequence()
	return meeting.ID(n), err
}

// putJSON stores v as JSON under key in the named bucket. It first decodes what it
// is about to write: a value whose JSON does not read back (a draft's impossible
// date, say 2026-02-30, is written but refused when read) would make the record
// unreadable for good, so it is refused before anything is stored.
func putJSON[T any](tx *bbolt.Tx, bucket, key []byte, v T) error {
	data, err := json.Marshal(v)
	if err != nil {
		return meeting.Errorf(meeting.CodeInternal, "无法保存记录：数据无法编码。", err)
	}
	var back T
	if err := json.Unmarshal(data, &back); err != nil {
		return meeting.Errorf(meeting.CodeInvalid, "无法保存："+strings.TrimSuffix(meeting.DescribeJSONError(data, err), "。")+"。请改正后再保存。", err)
	}
	return tx.Bucket(bucket).Put(key, data)
}

// getJSON decodes the record under key in the named bucket into v and reports
// whether there was one. Decoding copies every value out of the transaction's memory.
func (s *Store) getJSON(tx *bbolt.Tx, bucket, key []byte, v any) (bool, error) {
	data := tx.Bucket(bucket).Get(key)
	if data == nil {
		return false, nil
	}
	return true, s.decode(bucket, key, data, v)
}

// decode decodes a record read from the named bucket.
func (s *Store) decode(bucket, key, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return s.recordError(bucket, key, err)
	}
	return nil
}

// eachMeeting decodes every stored meeting in key order and passes it, with its ID
// set from the key, to fn; the migrations use it to rebuild what each meeting implies.
func (s *Store) eachMeeting(tx *bbolt.Tx, fn func(m meeting.Meeting) error) error {
	return tx.Bucket(bucketMeetings).ForEach(func(k, v []byte) error {
		var m meeting.Meeting
		if err := s.decode(bucketMeetings, k, v, &m); err != nil {
			return err
		}
		m.ID = keyID(k)
		return fn(m)
	})
}
