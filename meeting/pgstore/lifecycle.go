package pgstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Finalize locks the draft as its next revision (定稿) in one transaction, with its
// PDF pending: the revision joins PendingPDFs until RecordPDF.
func (s *Store) Finalize(id meeting.ID, at time.Time) (meeting.Minutes, error) {
	return s.FinalizeWith(id, at, nil)
}

// FinalizeWith locks the draft as its next revision (定稿) in one transaction: it
// locks the meeting's row, reads its cases, draws the next number of the meeting's
// year when the meeting has none (see drawNumber), lets meeting.Finalize decide,
// stores the meeting with a snapshot of the revision, and brings the meeting's
// follow-up items in line with it. Then, still inside the transaction, place writes
// the revision's PDF and returns where and its SHA-256, recorded with the revision
// (meeting.RecordPDF decides). When anything refuses, the transaction rolls back:
// the meeting stays as it was and the number is not used up; once committed, a
// number is never drawn again. While another Store holds a live edit lease on the
// meeting (see lease.go) it is refused with CodeInUse and draws no number. place
// runs while the transaction holds the meeting's row and the year's number, so it
// must not call the store. A nil place leaves the PDF pending (see Finalize).
func (s *Store) FinalizeWith(id meeting.ID, at time.Time, place meeting.PlacePDF) (meeting.Minutes, error) {
	var mn meeting.Minutes
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		m, err := loadMeeting(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := s.checkLease(ctx, tx, id, "没有定稿"); err != nil {
			return err
		}
		old := m
		cases, err := agendaCases(ctx, tx, &m)
		if err != nil {
			return err
		}
		mn = meeting.Minutes{Meeting: m, Cases: cases}
		var number meeting.DocNumber
		if m.Editable() && m.Number.IsZero() && m.Date.Year > 0 {
			if number, err = drawNumber(ctx, tx, m.Date.Year); err != nil {
				return err
			}
		}
		if err := meeting.Finalize(&mn, number, at); err != nil {
			return err
		}
		rev, _ := mn.Meeting.LastRevision()
		if err := putRevision(ctx, tx, id, rev.N, mn, true); err != nil {
			return err
		}
		if err := s.syncFollowUps(ctx, tx, mn); err != nil {
			return err
		}
		if rev.N == 1 {
			if err := s.reportCarryOver(ctx, tx, &mn.Meeting); err != nil {
				return err
			}
		}
		if place == nil {
			if _, err := tx.Exec(ctx, "INSERT INTO pending_pdfs (meeting_id, n) VALUES ($1, $2)", int64(id), rev.N); err != nil {
				return err
			}
			return s.putMeeting(ctx, tx, meeting.AuditFinalize, &old, &mn.Meeting)
		}
		if err := s.putMeeting(ctx, tx, meeting.AuditFinalize, &old, &mn.Meeting); err != nil {
			return err
		}
		pdf, err := place(mn)
		if err != nil {
			return err
		}
		finalized := mn.Meeting
		finalized.Revisions = slices.Clone(mn.Meeting.Revisions)
		if _, err := meeting.RecordPDF(&mn.Meeting, rev.N, pdf.Path, pdf.Hash, pdf.Fonts...); err != nil {
			return err
		}
		if err := putRevision(ctx, tx, id, rev.N, mn, false); err != nil {
			return err
		}
		return s.putMeeting(ctx, tx, meeting.AuditRecordPDF, &finalized, &mn.Meeting)
	})
	if err != nil {
		return meeting.Minutes{}, err
	}
	return mn, nil
}

// drawNumber draws the next document number of a year by updating the year's row,
// which locks it until the finalizing transaction ends: a second PC finalizing in the
// same year waits, then reads the number the first one committed (or, if it rolled
// back, the one before). Committed, the number is used for good; rolled back, it was
// never drawn.
func drawNumber(ctx context.Context, tx pgx.Tx, year int) (meeting.DocNumber, error) {
	var last int
	err := tx.QueryRow(ctx, `INSERT INTO numbers (year, last) VALUES ($1, 1)
		ON CONFLICT (year) DO UPDATE SET last = numbers.last + 1 RETURNING last`, year).Scan(&last)
	if err != nil {
		return meeting.DocNumber{}, err
	}
	return meeting.DocNumber{Year: year, Seq: last}, nil
}

// Amend reopens finalized minutes as the draft of the next revision (修订); the
// reason is required. Earlier revisions and their snapshots stay.
func (s *Store) Amend(id meeting.ID, reason string, at time.Time) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		if m, err = loadMeeting(ctx, tx, id, true); err != nil {
			return err
		}
		if err := s.checkLease(ctx, tx, id, "没有发起修订"); err != nil {
			return err
		}
		old := m
		if err := meeting.Amend(&m, reason, at); err != nil {
			return err
		}
		return s.putMeeting(ctx, tx, meeting.AuditAmend, &old, &m)
	})
	if err != nil {
		return meeting.Meeting{}, err
	}
	return m, nil
}

// RevisionMinutes returns the snapshot of finalized revision n, as it was finalized.
func (s *Store) RevisionMinutes(id meeting.ID, n int) (meeting.Minutes, error) {
	var mn meeting.Minutes
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		mn, err = revision(ctx, tx, id, n, false)
		return err
	})
	return mn, err
}

// revision reads the snapshot of revision n of a meeting, locking it when forUpdate.
func revision(ctx context.Context, q querier, id meeting.ID, n int, forUpdate bool) (meeting.Minutes, error) {
	var mn meeting.Minutes
	if n < 1 {
		return mn, notFound("会议（编号 %d）没有第 %d 版定稿。", id, n)
	}
	sql := "SELECT record FROM revisions WHERE meeting_id = $1 AND n = $2"
	if forUpdate {
		sql += " FOR UPDATE"
	}
	var data []byte
	err := q.QueryRow(ctx, sql, int64(id), n).Scan(&data)
	if err == pgx.ErrNoRows {
		return mn, notFound("未找到会议（编号 %d）第 %d 版定稿的存档。", id, n)
	}
	if err != nil {
		return mn, err
	}
	err = decode("revisions", fmt.Sprintf("%d/%d", id, n), data, &mn)
	return mn, err
}

// putRevision writes the snapshot of revision n: inserted when it is new (a snapshot
// is never replaced by another revision's), else its record updated.
func putRevision(ctx context.Context, tx pgx.Tx, id meeting.ID, n int, mn meeting.Minutes, isNew bool) error {
	data, err := encode(mn)
	if err != nil {
		return err
	}
	if isNew {
		_, err = tx.Exec(ctx, "INSERT INTO revisions (meeting_id, n, record) VALUES ($1, $2, $3)", int64(id), n, data)
		return err
	}
	_, err = tx.Exec(ctx, "UPDATE revisions SET record = $3 WHERE meeting_id = $1 AND n = $2", int64(id), n, data)
	return err
}
