package store

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Contents is every record of a store, read in one transaction: what moving an
// office to another backend copies (package migrate). Unlike the read methods of
// meeting.Store it includes what the store keeps for itself: superseded follow-up
// items, the audit logs of deleted drafts, the per-year number counters and the last
// ID drawn in each bucket, so that the copy never hands out an ID or a number again.
type Contents struct {
	Departments []meeting.Department   // in ID order
	Cases       []meeting.Case         // in ID order
	Meetings    []meeting.Meeting      // in ID order
	Revisions   []RevisionRecord       // in meeting and revision order
	FollowUps   []FollowUpRecord       // in ID order, superseded ones included
	Audit       []AuditRecord          // in the order written (sequence order)
	Calendars   []meeting.CalendarYear // in year order
	PendingPDFs []meeting.RevisionRef  // in meeting and revision order
	Numbers     map[int]int            // year → last document number drawn
	LastIDs     LastIDs
}

// RevisionRecord is the snapshot of one finalized revision.
type RevisionRecord struct {
	Meeting meeting.ID
	N       int
	Minutes meeting.Minutes
}

// FollowUpRecord is a follow-up item as stored: Superseded marks an item whose
// decision an amendment removed after work on it was reported (kept, but no longer
// listed or read); Updated is when the store last wrote it.
type FollowUpRecord struct {
	meeting.FollowUp
	Superseded bool
	Updated    time.Time
}

// AuditRecord is one audit entry of a meeting with the sequence it was written
// under, which orders the entries of the whole store.
type AuditRecord struct {
	Meeting meeting.ID
	Seq     uint64
	Entry   meeting.AuditEntry
}

// LastIDs are the last IDs drawn in each bucket (its sequence): at least the highest
// ID stored, more when the record of the last one is gone (a deleted draft).
type LastIDs struct {
	Departments, Cases, Meetings, FollowUps, Audit uint64
}

// Contents reads every record of the store in one read transaction. A record that
// does not decode fails it with CodeCorrupt naming the record: a damaged store is
// repaired (backstop check, restore) before it is copied, not copied with a hole.
func (s *Store) Contents() (Contents, error) {
	var out Contents
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		if out.Departments, err = s.departmentsByID(tx); err != nil {
			return err
		}
		if err := forEach(s, tx, bucketCases, func(k []byte, c meeting.Case) {
			c.ID = keyID(k)
			out.Cases = append(out.Cases, c)
		}); err != nil {
			return err
		}
		if err := s.eachMeeting(tx, func(m meeting.Meeting) error { out.Meetings = append(out.Meetings, m); return nil }); err != nil {
			return err
		}
		if err := forEach(s, tx, bucketRevisions, func(k []byte, mn meeting.Minutes) {
			out.Revisions = append(out.Revisions, RevisionRecord{Meeting: keyID(k), N: revisionOf(k), Minutes: mn})
		}); err != nil {
			return err
		}
		if err := forEach(s, tx, bucketFollowUps, func(k []byte, r followUpRecord) {
			r.ID = keyID(k)
			out.FollowUps = append(out.FollowUps, FollowUpRecord(r))
		}); err != nil {
			return err
		}
		if out.Audit, err = s.auditBySequence(tx); err != nil {
			return err
		}
		if err := forEach(s, tx, bucketCalendars, func(_ []byte, y meeting.CalendarYear) {
			out.Calendars = append(out.Calendars, y)
		}); err != nil {
			return err
		}
		if out.PendingPDFs, err = s.pendingPDFs(tx); err != nil {
			return err
		}
		out.Numbers = map[int]int{}
		if err := tx.Bucket(bucketNumbers).ForEach(func(k, v []byte) error {
			if len(k) != 4 || len(v) != 8 {
				return s.recordError(bucketNumbers, k, fmt.Errorf("key of %d bytes and value of %d, want 4 and 8", len(k), len(v)))
			}
			out.Numbers[int(binary.BigEndian.Uint32(k))] = int(binary.BigEndian.Uint64(v))
			return nil
		}); err != nil {
			return err
		}
		out.LastIDs = LastIDs{
			Departments: tx.Bucket(bucketDepartments).Sequence(),
			Cases:       tx.Bucket(bucketCases).Sequence(),
			Meetings:    tx.Bucket(bucketMeetings).Sequence(),
			FollowUps:   tx.Bucket(bucketFollowUps).Sequence(),
			Audit:       tx.Bucket(bucketAudit).Sequence(),
		}
		return nil
	})
	return out, err
}

// forEach decodes every record of a bucket in key order and passes it to fn.
func forEach[T any](s *Store, tx *bbolt.Tx, bucket []byte, fn func(k []byte, v T)) error {
	return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var rec T
		if err := s.decode(bucket, k, v, &rec); err != nil {
			return err
		}
		fn(k, rec)
		return nil
	})
}

// departmentsByID reads the directory in ID order (departments gives display order).
func (s *Store) departmentsByID(tx *bbolt.Tx) ([]meeting.Department, error) {
	var out []meeting.Department
	err := forEach(s, tx, bucketDepartments, func(k []byte, d meeting.Department) {
		d.ID = keyID(k)
		out = append(out, d)
	})
	return out, err
}

// auditBySequence reads the whole audit log in the order it was written: keys are
// meeting ID + sequence, so the entries of all meetings are sorted by sequence.
func (s *Store) auditBySequence(tx *bbolt.Tx) ([]AuditRecord, error) {
	var out []AuditRecord
	err := tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return s.recordError(bucketAudit, k, fmt.Errorf("key of %d bytes, want 16", len(k)))
		}
		var e meeting.AuditEntry
		if err := s.decode(bucketAudit, k, v, &e); err != nil {
			return err
		}
		out = append(out, AuditRecord{Meeting: keyID(k), Seq: binary.BigEndian.Uint64(k[8:]), Entry: e})
		return nil
	})
	slices.SortFunc(out, func(a, b AuditRecord) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, err
}

// pendingPDFs lists the revisions awaiting their PDF (see PendingPDFs).
func (s *Store) pendingPDFs(tx *bbolt.Tx) ([]meeting.RevisionRef, error) {
	var out []meeting.RevisionRef
	err := tx.Bucket(bucketPendingPDFs).ForEach(func(k, _ []byte) error {
		if len(k) != 12 {
			return s.recordError(bucketPendingPDFs, k, fmt.Errorf("key of %d bytes, want 12", len(k)))
		}
		out = append(out, meeting.RevisionRef{Meeting: keyID(k), Revision: revisionOf(k)})
		return nil
	})
	return out, err
}
