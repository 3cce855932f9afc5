package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Meetings returns the meetings f selects, newest meeting date first. Meetings
// without a date (drafts being prepared) come before all others; meetings on the same
// day come latest created first. A damaged record fails the whole list (see
// MeetingsReadable).
func (s *Store) Meetings(f meeting.MeetingFilter) ([]meeting.Meeting, error) {
	ms, _, err := s.meetings(f, false)
	return ms, err
}

// MeetingsReadable is Meetings that leaves out the meetings whose index entry or
// record cannot be decoded, returning their IDs in damaged (newest first).
func (s *Store) MeetingsReadable(f meeting.MeetingFilter) (ms []meeting.Meeting, damaged []meeting.ID, err error) {
	return s.meetings(f, true)
}

// meetings lists the meetings f selects; with skipDamaged, a damaged meeting is left
// out and named instead of failing the list.
func (s *Store) meetings(f meeting.MeetingFilter, skipDamaged bool) (out []meeting.Meeting, damaged []meeting.ID, err error) {
	var prefix []byte
	if f.Year != 0 {
		if f.Year < 1 || f.Year >= undated.Year {
			return nil, nil, nil
		}
		prefix = yearPrefix(f.Year)
	}
	q := parseQuery(f.Query)
	// skip reports whether err is a damaged meeting to leave out, and notes it.
	skip := func(k []byte, err error) bool {
		if !skipDamaged || meeting.ErrorCode(err) != meeting.CodeCorrupt || len(k) != entryKeyLen {
			return false
		}
		damaged = append(damaged, entryID(k))
		return true
	}
	err = s.view(func(tx *bbolt.Tx) error {
		fields := make([][]byte, 2) // state, search text
		return newestFirst(tx.Bucket(bucketMeetingIndex), prefix, func(k, v []byte) (bool, error) {
			if err := entryFields(v, fields); err != nil {
				if err = s.recordError(bucketMeetingIndex, k, err); skip(k, err) {
					return true, nil
				}
				return false, err
			}
			if (f.State != "" && string(fields[0]) != string(f.State)) || !q.match(fields[1]) {
				return true, nil
			}
			m, err := s.loadMeeting(tx, entryID(k))
			if err != nil {
				if skip(k, err) {
					return true, nil
				}
				return false, err
			}
			out = append(out, m)
			return f.Limit <= 0 || len(out) < f.Limit, nil
		})
	})
	return out, damaged, err
}

// Meeting returns one meeting.
func (s *Store) Meeting(id meeting.ID) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := s.view(func(tx *bbolt.Tx) (err error) {
		m, err = s.loadMeeting(tx, id)
		return err
	})
	return m, err
}

// Minutes returns a meeting with the cases on its agenda. A draft shows the cases as
// they are now; locked minutes (finalized, signed, archived) show the cases as they
// were finalized, so that what is printed matches the revision's fingerprint even
// after a case is edited.
func (s *Store) Minutes(id meeting.ID) (meeting.Minutes, error) {
	var mn meeting.Minutes
	err := s.view(func(tx *bbolt.Tx) error {
		m, err := s.loadMeeting(tx, id)
		if err != nil {
			return err
		}
		cases, err := s.minutesCases(tx, &m)
		mn = meeting.Minutes{Meeting: m, Cases: cases}
		return err
	})
	return mn, err
}

// SaveMeeting creates (ID 0) a draft or edits a stored draft. The stored copy
// decides whether the edit is allowed (meeting.Meeting.Edit): a locked meeting is
// refused with CodeLocked whatever state the incoming copy claims, and the lifecycle
// fields (state, number, revisions) are the stored ones. Drafts may be incomplete.
// It assigns UIDs to a new meeting and to decisions without one, stamps Created and
// Updated, and on success sets *m to the meeting as stored. The audit log gets a
// "create" entry, or an "edit" entry naming the fields that changed; a save that
// changes no field (only Updated) adds none.
func (s *Store) SaveMeeting(m *meeting.Meeting) error {
	now := s.timestamp()
	in := *m
	in.Agenda = meeting.CloneAgenda(m.Agenda) // decision UIDs are filled in below
	var saved meeting.Meeting
	err := s.update(func(tx *bbolt.Tx) error {
		var old *meeting.Meeting
		stored := meeting.Meeting{State: meeting.StateDraft, UID: in.UID, Created: now}
		if in.ID == 0 {
			id, err := nextID(tx.Bucket(bucketMeetings))
			if err != nil {
				return err
			}
			stored.ID = id
		} else {
			var err error
			if stored, err = s.loadMeeting(tx, in.ID); err != nil {
				return err
			}
			prev := stored
			old = &prev
		}
		if err := stored.Edit(in, now); err != nil {
			return err
		}
		stored.AssignUIDs()
		saved = stored
		action := meeting.AuditEdit
		if old == nil {
			action = meeting.AuditCreate
		}
		return s.putMeeting(tx, action, old, &stored)
	})
	if err == nil {
		*m = saved
	}
	return err
}

// DeleteMeeting removes a draft that was never finalized. Minutes that were finalized
// once are a record and are kept, also while a revision is being drafted. The
// meeting's audit log stays, ending with the deletion.
func (s *Store) DeleteMeeting(id meeting.ID) error {
	return s.update(func(tx *bbolt.Tx) error {
		m, err := s.loadMeeting(tx, id)
		if err != nil {
			return err
		}
		if !m.Editable() || len(m.Revisions) > 0 {
			return &meeting.Error{Code: meeting.CodeState, Message: fmt.Sprintf(
				"会议纪要%s已定稿过，不能删除；只能删除从未定稿的草稿。", m.Number)}
		}
		if err := tx.Bucket(bucketMeetings).Delete(idKey(id)); err != nil {
			return err
		}
		if err := unindexMeeting(tx, &m); err != nil {
			return err
		}
		return s.logChange(tx, id, meeting.AuditDelete, &m, nil)
	})
}

// loadMeeting reads a meeting, or fails with CodeNotFound.
func (s *Store) loadMeeting(tx *bbolt.Tx, id meeting.ID) (meeting.Meeting, error) {
	var m meeting.Meeting
	ok, err := s.getJSON(tx, bucketMeetings, idKey(id), &m)
	if err == nil && !ok {
		err = notFound("未找到编号为 %d 的会议。", id)
	}
	m.ID = id
	return m, err
}

// putMeeting stores m after a change, updates its index entries, replacing those of
// old (the stored copy before the change, nil for a new meeting), and adds the
// change to the meeting's audit log: every write of a meeting goes through here, so
// none escapes the log.
func (s *Store) putMeeting(tx *bbolt.Tx, action meeting.AuditAction, old, m *meeting.Meeting) error {
	if err := putJSON(tx, bucketMeetings, idKey(m.ID), m); err != nil {
		return err
	}
	cases, err := s.minutesCases(tx, m)
	if err != nil {
		return err
	}
	if err := indexMeeting(tx, old, m, cases); err != nil {
		return err
	}
	return s.logChange(tx, m.ID, action, old, m)
}

// minutesCases returns the cases the minutes of m show: the stored cases for a
// draft, the finalized revision's cases for locked minutes.
func (s *Store) minutesCases(tx *bbolt.Tx, m *meeting.Meeting) ([]meeting.Case, error) {
	if m.Editable() {
		return s.agendaCases(tx, m)
	}
	snap, err := s.revision(tx, m.ID, len(m.Revisions))
	return snap.Cases, err
}

// agendaCases returns the stored cases of the agenda, in agenda order, each once.
// A reference to a missing case is left out; validation reports it.
func (s *Store) agendaCases(tx *bbolt.Tx, m *meeting.Meeting) ([]meeting.Case, error) {
	var out []meeting.Case
	seen := map[meeting.ID]bool{}
	for _, it := range m.Agenda {
		if it.CaseID == 0 || seen[it.CaseID] {
			continue
		}
		seen[it.CaseID] = true
		var c meeting.Case
		ok, err := s.getJSON(tx, bucketCases, idKey(it.CaseID), &c)
		if err != nil {
			return nil, err
		}
		if ok {
			c.ID = it.CaseID
			out = append(out, c)
		}
	}
	return out, nil
}
