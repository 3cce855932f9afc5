package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// A revision's record in the meeting and the one in its snapshot are kept equal: the
// methods that change a finalized revision (its PDF, scans, archiving, deliveries)
// write both in one transaction.

// RecordPDF records the archived PDF of finalized revision n of a meeting, in the
// meeting and in the revision's snapshot, and takes the revision off PendingPDFs
// (meeting.RecordPDF decides: the same file again changes nothing, another file is
// refused with CodeConflict, a revision not finalized with CodeState).
func (s *Store) RecordPDF(id meeting.ID, n int, path, hash string, fonts ...meeting.FontUse) error {
	return s.update(func(ctx context.Context, tx pgx.Tx) error {
		old, m, err := loadForChange(ctx, tx, id)
		if err != nil {
			return err
		}
		changed, err := meeting.RecordPDF(&m, n, path, hash, fonts...)
		if err != nil || !changed {
			return err
		}
		if err := syncSnapshot(ctx, tx, &m, n); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM pending_pdfs WHERE meeting_id = $1 AND n = $2", int64(id), n); err != nil {
			return err
		}
		return s.putMeeting(ctx, tx, meeting.AuditRecordPDF, &old, &m)
	})
}

// PendingPDFs lists the finalized revisions whose PDF is not recorded, in meeting and
// revision order.
func (s *Store) PendingPDFs() ([]meeting.RevisionRef, error) {
	var out []meeting.RevisionRef
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT meeting_id, n FROM pending_pdfs ORDER BY meeting_id, n")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out = append(out, meeting.RevisionRef{Meeting: meeting.ID(id), Revision: n})
		}
		return rows.Err()
	})
	return out, err
}

// AttachScan attaches a signed scan to the current revision (签署; meeting.Sign
// decides). The scan's file must be in place before the call.
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

// Deliver records that a department's excerpt (分送件) of the last finalized revision
// was handed over (meeting.Deliver decides), with its audit entry.
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

// Undelivered returns the meetings whose last finalized revision has excerpts not
// delivered yet, newest first.
func (s *Store) Undelivered() ([]meeting.Meeting, error) {
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	var out []meeting.Meeting
	for _, m := range ms {
		if len(m.Undelivered()) > 0 {
			out = append(out, m)
		}
	}
	return out, nil
}

// changeRevision applies a lifecycle change to the current revision of a meeting and
// stores it, in the meeting and in the revision's snapshot, with its audit entry.
func (s *Store) changeRevision(id meeting.ID, action meeting.AuditAction, change func(*meeting.Meeting) error) (meeting.Meeting, error) {
	var saved meeting.Meeting
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		old, m, err := loadForChange(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := change(&m); err != nil {
			return err
		}
		if err := syncSnapshot(ctx, tx, &m, len(m.Revisions)); err != nil {
			return err
		}
		saved = m
		return s.putMeeting(ctx, tx, action, &old, &m)
	})
	if err != nil {
		return meeting.Meeting{}, err
	}
	return saved, nil
}

// loadForChange reads and locks a meeting, and returns it twice over: as stored, and
// a copy whose revisions (and their scans and deliveries) can be changed without
// changing the stored one.
func loadForChange(ctx context.Context, tx pgx.Tx, id meeting.ID) (old, m meeting.Meeting, err error) {
	if old, err = loadMeeting(ctx, tx, id, true); err != nil {
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
func syncSnapshot(ctx context.Context, tx pgx.Tx, m *meeting.Meeting, n int) error {
	snap, err := revision(ctx, tx, m.ID, n, true)
	switch {
	case meeting.ErrorCode(err) == meeting.CodeNotFound:
	case err != nil:
		return err
	case len(snap.Meeting.Revisions) != n:
		err = fmt.Errorf("the snapshot of revision %d records %d revisions", n, len(snap.Meeting.Revisions))
	}
	if err != nil {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"会议纪要%s第 %d 版定稿的存档缺失或与会议记录不符，刚才的操作未完成。请联系数据库管理员检查 revisions 表。", m.Number, n), err)
	}
	snap.Meeting.Revisions[n-1] = m.Revisions[n-1]
	return putRevision(ctx, tx, m.ID, n, snap, false)
}
