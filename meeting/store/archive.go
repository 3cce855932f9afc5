package store

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// The files of the archive (PDFs, signed scans) are written by the caller, to a
// temporary name, synced and renamed, before the methods below record them: a crash
// between the file and the record leaves a file nothing refers to, never a record
// without its file. FinalizeWith writes the revision's PDF inside the finalizing
// transaction and records it there, so a finalized revision always has its PDF.
// Finalize without a place, and data migrated from before FinalizeWith, leave a
// finalized revision without a PDF; PendingPDFs lists those for the next start.
//
// A revision's record in the meeting and the one in its snapshot are kept equal: the
// methods that change a finalized revision (its PDF, scans, archiving) write both in
// one transaction, and VerifyAll reports any difference.

// RecordPDF records the archived PDF of finalized revision n of a meeting, in the
// meeting and in the revision's snapshot, and takes the revision off PendingPDFs
// (meeting.RecordPDF decides: the same file again changes nothing, another file is
// refused with CodeConflict, a revision not finalized with CodeState). path is
// relative to the archive folder, slash-separated; hash is the file's SHA-256 in hex.
// fonts are the fonts the PDF is set in.
func (s *Store) RecordPDF(id meeting.ID, n int, path, hash string, fonts ...meeting.FontUse) error {
	return s.update(func(tx *bbolt.Tx) error {
		old, m, err := s.loadForChange(tx, id)
		if err != nil {
			return err
		}
		changed, err := meeting.RecordPDF(&m, n, path, hash, fonts...)
		if err != nil || !changed {
			return err
		}
		if err := s.syncSnapshot(tx, &m, n); err != nil {
			return err
		}
		if err := tx.Bucket(bucketPendingPDFs).Delete(revisionKey(id, n)); err != nil {
			return err
		}
		return s.putMeeting(tx, meeting.AuditRecordPDF, &old, &m)
	})
}

// PendingPDFs lists the finalized revisions whose PDF is not recorded, in meeting and
// revision order.
func (s *Store) PendingPDFs() ([]meeting.RevisionRef, error) {
	var out []meeting.RevisionRef
	err := s.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketPendingPDFs).ForEach(func(k, _ []byte) error {
			if len(k) != 12 {
				return s.recordError(bucketPendingPDFs, k, fmt.Errorf("key of %d bytes, want 12", len(k)))
			}
			out = append(out, meeting.RevisionRef{Meeting: keyID(k), Revision: revisionOf(k)})
			return nil
		})
	})
	return out, err
}

// AttachScan attaches a signed scan to the current revision (签署; meeting.Sign
// decides: the revision must be finalized and its PDF recorded, the scan valid and
// not attached already). The scan's file must be in place before the call.
func (s *Store) AttachScan(id meeting.ID, scan meeting.Scan, at time.Time) (meeting.Meeting, error) {
	return s.changeRevision(id, meeting.AuditAttach, func(m *meeting.Meeting) error {
		return meeting.Sign(m, scan, at)
	})
}

// Archive marks a signed record complete (归档; meeting.Archive decides).
func (s *Store) Archive(id meeting.ID, at time.Time) (meeting.Meeting, error) {
	return s.changeRevision(id, meeting.AuditArchive, func(m *meeting.Meeting) error {
		return meeting.Archive(m, at)
	})
}

// changeRevision applies a lifecycle change to the current revision of a meeting and
// stores it, in the meeting and in the revision's snapshot, with its audit entry.
func (s *Store) changeRevision(id meeting.ID, action meeting.AuditAction, change func(*meeting.Meeting) error) (meeting.Meeting, error) {
	var saved meeting.Meeting
	err := s.update(func(tx *bbolt.Tx) error {
		old, m, err := s.loadForChange(tx, id)
		if err != nil {
			return err
		}
		if err := change(&m); err != nil {
			return err
		}
		if err := s.syncSnapshot(tx, &m, len(m.Revisions)); err != nil {
			return err
		}
		saved = m
		return s.putMeeting(tx, action, &old, &m)
	})
	if err != nil {
		return meeting.Meeting{}, err
	}
	return saved, nil
}

// loadForChange reads a meeting twice over: as stored, and a copy whose revisions
// (and their scans) can be changed without changing the stored one.
func (s *Store) loadForChange(tx *bbolt.Tx, id meeting.ID) (old, m meeting.Meeting, err error) {
	if old, err = s.loadMeeting(tx, id); err != nil {
		return old, m, err
	}
	m = old
	m.Revisions = make([]meeting.Revision, len(old.Revisions))
	for i, rev := range old.Revisions {
		rev.Scans = append([]meeting.Scan(nil), rev.Scans...)
		rev.Deliveries = append([]meeting.Delivery(nil), rev.Deliveries...)
		m.Revisions[i] = rev
	}
	return old, m, nil
}

// syncSnapshot writes the meeting's record of revision n into the revision's
// snapshot. Only that record changes; the content, and so the fingerprint, stays.
func (s *Store) syncSnapshot(tx *bbolt.Tx, m *meeting.Meeting, n int) error {
	snap, err := s.revision(tx, m.ID, n)
	switch {
	case meeting.ErrorCode(err) == meeting.CodeNotFound:
	case err != nil:
		return err
	case len(snap.Meeting.Revisions) != n:
		err = fmt.Errorf("the snapshot of revision %d records %d revisions", n, len(snap.Meeting.Revisions))
	}
	if err != nil {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"会议纪要%s第 %d 版定稿的存档缺失或与会议记录不符，刚才的操作未完成。请运行 backstop verify --all 检查存档。", m.Number, n), err)
	}
	snap.Meeting.Revisions[n-1] = m.Revisions[n-1]
	return putJSON(tx, bucketRevisions, revisionKey(m.ID, n), snap)
}

// Deliver records that a department's excerpt (分送件) of the last finalized
// revision was handed over (meeting.Deliver decides), with its audit entry.
func (s *Store) Deliver(id meeting.ID, rec meeting.DeliveryRecord, at time.Time) (meeting.Meeting, error) {
	return s.changeRevision(id, meeting.AuditDeliver, func(m *meeting.Meeting) error {
		return meeting.Deliver(m, rec, at)
	})
}

// AttachReceipt attaches the signed receipt of a delivered excerpt
// (meeting.AttachReceipt decides). The file must be in place before the call.
func (s *Store) AttachReceipt(id meeting.ID, department string, scan meeting.Scan, at time.Time) (meeting.Meeting, error) {
	return s.changeRevision(id, meeting.AuditReceipt, func(m *meeting.Meeting) error {
		return meeting.AttachReceipt(m, department, scan, at)
	})
}
