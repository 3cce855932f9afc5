package store

import (
	"encoding/binary"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Finalize locks the draft as its next revision (定稿) in one transaction, with
// its PDF pending: the revision joins PendingPDFs until RecordPDF. It is FinalizeWith
// without a place; the app finalizes with one, so that no revision is ever committed
// without its PDF.
func (s *Store) Finalize(id meeting.ID, at time.Time) (meeting.Minutes, error) {
	return s.FinalizeWith(id, at, nil)
}

// FinalizeWith locks the draft as its next revision (定稿) in one transaction: it
// reads the meeting and its cases, draws the next number of the meeting's year when
// the meeting has none, lets meeting.Finalize decide, and stores the meeting with a
// snapshot of the revision, and brings the meeting's follow-up items in line with
// the revision (see syncFollowUps). Then, still inside the transaction, place writes the
// revision's PDF into the archive and returns where and its SHA-256, which are
// recorded with the revision (meeting.RecordPDF decides). When meeting.Finalize,
// place or the recording refuses, the transaction rolls back: the meeting stays as
// it was and the number is not used up; once committed, a number is never drawn
// again. place runs with the store's write lock held, so it must not call the store.
// If FinalizeWith fails after place returned, the file place wrote is the caller's
// to remove. A nil place leaves the PDF pending (see Finalize).
func (s *Store) FinalizeWith(id meeting.ID, at time.Time, place meeting.PlacePDF) (meeting.Minutes, error) {
	var mn meeting.Minutes
	err := s.update(func(tx *bbolt.Tx) error {
		m, err := s.loadMeeting(tx, id)
		if err != nil {
			return err
		}
		old := m
		cases, err := s.agendaCases(tx, &m)
		if err != nil {
			return err
		}
		mn = meeting.Minutes{Meeting: m, Cases: cases}
		var number meeting.DocNumber
		if m.Editable() && m.Number.IsZero() && m.Date.Year > 0 {
			if number, err = drawNumber(tx, m.Date.Year); err != nil {
				return err
			}
		}
		if err := meeting.Finalize(&mn, number, at); err != nil {
			return err
		}
		rev, _ := mn.Meeting.LastRevision()
		key := revisionKey(id, rev.N)
		if err := putJSON(tx, bucketRevisions, key, mn); err != nil {
			return err
		}
		if err := s.syncFollowUps(tx, mn); err != nil {
			return err
		}
		if rev.N == 1 {
			if err := s.reportCarryOver(tx, &mn.Meeting); err != nil {
				return err
			}
		}
		if place == nil {
			if err := tx.Bucket(bucketPendingPDFs).Put(key, nil); err != nil {
				return err
			}
			return s.putMeeting(tx, meeting.AuditFinalize, &old, &mn.Meeting)
		}
		if err := s.putMeeting(tx, meeting.AuditFinalize, &old, &mn.Meeting); err != nil {
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
		if err := putJSON(tx, bucketRevisions, key, mn); err != nil {
			return err
		}
		return s.putMeeting(tx, meeting.AuditRecordPDF, &finalized, &mn.Meeting)
	})
	if err != nil {
		return meeting.Minutes{}, err
	}
	return mn, nil
}

// Amend reopens finalized minutes as the draft of the next revision (修订); the
// reason is required. Earlier revisions and their snapshots stay.
func (s *Store) Amend(id meeting.ID, reason string, at time.Time) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := s.update(func(tx *bbolt.Tx) error {
		var err error
		if m, err = s.loadMeeting(tx, id); err != nil {
			return err
		}
		old := m
		if err := meeting.Amend(&m, reason, at); err != nil {
			return err
		}
		return s.putMeeting(tx, meeting.AuditAmend, &old, &m)
	})
	if err != nil {
		return meeting.Meeting{}, err
	}
	return m, nil
}

// RevisionMinutes returns the snapshot of finalized revision n, as it was finalized.
func (s *Store) RevisionMinutes(id meeting.ID, n int) (meeting.Minutes, error) {
	var mn meeting.Minutes
	err := s.view(func(tx *bbolt.Tx) (err error) {
		mn, err = s.revision(tx, id, n)
		return err
	})
	return mn, err
}

// revision reads the snapshot of revision n of a meeting.
func (s *Store) revision(tx *bbolt.Tx, id meeting.ID, n int) (meeting.Minutes, error) {
	var mn meeting.Minutes
	if n < 1 {
		return mn, notFound("会议（编号 %d）没有第 %d 版定稿。", id, n)
	}
	ok, err := s.getJSON(tx, bucketRevisions, revisionKey(id, n), &mn)
	if err == nil && !ok {
		err = notFound("未找到会议（编号 %d）第 %d 版定稿的存档。", id, n)
	}
	return mn, err
}

// drawNumber draws the next document number of a year. The counter lives in the
// finalizing transaction: committed, the number is used for good (even should the
// minutes be lost); rolled back, it was never drawn.
func drawNumber(tx *bbolt.Tx, year int) (meeting.DocNumber, error) {
	b := tx.Bucket(bucketNumbers)
	key := yearKey(year)
	var last uint64
	if v := b.Get(key); len(v) == 8 {
		last = binary.BigEndian.Uint64(v)
	}
	last++
	if err := b.Put(key, binary.BigEndian.AppendUint64(nil, last)); err != nil {
		return meeting.DocNumber{}, err
	}
	return meeting.DocNumber{Year: year, Seq: int(last)}, nil
}
