package store

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Follow-up indexes (schema 5). Every write of a follow-up item goes through
// putFollowUp or deleteFollowUp, which keep three key-only indexes in step:
//
//   - bucketFollowUpOpen: due date + item ID, for items that are followed (not
//     superseded), not done and have a due date. The board reads only the front of
//     it, up to a few working days ahead, instead of decoding every item.
//   - bucketFollowUpByMeeting: meeting ID + item ID, for every item of a meeting
//     (superseded ones too: finalizing an amendment looks at them).
//   - bucketFollowUpByCase: case ID + item ID, likewise for a case.

// followUpIndexKeys returns the index entries of r: the bucket and the key of each.
func followUpIndexKeys(r *followUpRecord) (keys [3][]byte, open bool) {
	keys[0] = append(idKey(r.MeetingID), idKey(r.ID)...)
	keys[1] = append(idKey(r.CaseID), idKey(r.ID)...)
	open = !r.Superseded && r.Status != meeting.FollowUpDone && !r.Due.IsZero()
	if open {
		keys[2] = entryKey(r.Due, r.ID)
	}
	return keys, open
}

var followUpIndexBuckets = [3][]byte{bucketFollowUpByMeeting, bucketFollowUpByCase, bucketFollowUpOpen}

// putFollowUp stores r and brings its index entries in line; old is the record as
// stored before (nil for a new item), whose entries are removed first.
func putFollowUp(tx *bbolt.Tx, old *followUpRecord, r followUpRecord) error {
	if old != nil {
		if err := unindexFollowUp(tx, old); err != nil {
			return err
		}
	}
	if err := putJSON(tx, bucketFollowUps, idKey(r.ID), r); err != nil {
		return err
	}
	return indexFollowUp(tx, &r)
}

// deleteFollowUp removes an item and its index entries.
func deleteFollowUp(tx *bbolt.Tx, r *followUpRecord) error {
	if err := unindexFollowUp(tx, r); err != nil {
		return err
	}
	return tx.Bucket(bucketFollowUps).Delete(idKey(r.ID))
}

func indexFollowUp(tx *bbolt.Tx, r *followUpRecord) error {
	keys, _ := followUpIndexKeys(r)
	for i, k := range keys {
		if k == nil {
			continue
		}
		if err := tx.Bucket(followUpIndexBuckets[i]).Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

func unindexFollowUp(tx *bbolt.Tx, r *followUpRecord) error {
	keys, _ := followUpIndexKeys(r)
	for i, k := range keys {
		if k == nil {
			continue
		}
		if err := tx.Bucket(followUpIndexBuckets[i]).Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// followUpsUnder reads the items whose IDs follow prefix in one of the by-meeting or
// by-case indexes, in ID order, keeping those keep selects.
func (s *Store) followUpsUnder(tx *bbolt.Tx, index []byte, prefix []byte, keep func(*followUpRecord) bool) ([]followUpRecord, error) {
	var out []followUpRecord
	c := tx.Bucket(index).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		r, err := s.readFollowUp(tx, keyID(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		if keep(&r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// readFollowUp reads an item an index names; a missing record is a corrupt index.
func (s *Store) readFollowUp(tx *bbolt.Tx, id meeting.ID) (followUpRecord, error) {
	var r followUpRecord
	ok, err := s.getJSON(tx, bucketFollowUps, idKey(id), &r)
	if err != nil {
		return r, err
	}
	if !ok {
		return r, missingFollowUp(id)
	}
	r.ID = id
	return r, nil
}

// missingFollowUp is the error of an index naming an item that is not there.
func missingFollowUp(id meeting.ID) error {
	return meeting.Errorf(meeting.CodeCorrupt,
		fmt.Sprintf("数据文件的督办索引指向不存在的督办事项（编号 %d）。请用“恢复备份”恢复最近的备份。", id), nil)
}

// decodeBoardItem decodes an item the board reads (see Store.boardItems).
func (s *Store) decodeBoardItem(id meeting.ID, raw []byte) (meeting.FollowUp, error) {
	var r followUpRecord
	if err := s.decode(bucketFollowUps, idKey(id), raw, &r); err != nil {
		return meeting.FollowUp{}, err
	}
	r.ID = id
	return r.FollowUp, nil
}

// Board returns the 督办 board on today (see meeting.Board). It reads only the open
// items due before the board's cutoff, from the due-date index, so its cost follows
// the items on the board, not all the items ever recorded; the items whose stored
// bytes are those of the last board are not decoded again (s.boardItems).
func (s *Store) Board(today meeting.Date, cal *meeting.Calendar) (meeting.BoardView, error) {
	end := dateKey(meeting.BoardCutoff(today, cal))
	var items []meeting.FollowUp
	err := s.view(func(tx *bbolt.Tx) (err error) {
		items, err = s.boardItems.Read(s.decodeBoardItem, func(add func(meeting.ID, []byte)) error {
			all := tx.Bucket(bucketFollowUps)
			c := tx.Bucket(bucketFollowUpOpen).Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:4], end) < 0; k, _ = c.Next() {
				id := entryID(k)
				raw := all.Get(idKey(id))
				if raw == nil {
					return missingFollowUp(id)
				}
				add(id, raw)
			}
			return nil
		})
		return err
	})
	if err != nil {
		return meeting.BoardView{}, err
	}
	return meeting.Board(items, today, cal), nil
}

// indexFollowUps (schema 4 → 5) builds the follow-up indexes of the items there are,
// and adds the bucket of the holiday arrangements entered in the app.
func (s *Store) indexFollowUps(tx *bbolt.Tx) error {
	for _, name := range append(followUpIndexBuckets[:], bucketCalendars) {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	recs, err := s.followUpRecords(tx, func(*followUpRecord) bool { return true })
	if err != nil {
		return err
	}
	for i := range recs {
		if err := indexFollowUp(tx, &recs[i]); err != nil {
			return err
		}
	}
	return nil
}
