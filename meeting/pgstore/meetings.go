package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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

// MeetingsReadable is Meetings that leaves out the meetings whose record cannot be
// decoded, returning their IDs in damaged (newest first).
func (s *Store) MeetingsReadable(f meeting.MeetingFilter) (ms []meeting.Meeting, damaged []meeting.ID, err error) {
	return s.meetings(f, true)
}

func (s *Store) meetings(f meeting.MeetingFilter, skipDamaged bool) ([]meeting.Meeting, []meeting.ID, error) {
	var w whereClause
	if f.Year != 0 {
		if f.Year < 1 || f.Year >= undatedDay/10000 {
			return nil, nil, nil
		}
		w.add("year = ?", f.Year)
	}
	if f.State != "" {
		w.add("state = ?", string(f.State))
	}
	w.words(f.Query)
	sql := "SELECT id, record FROM meetings" + w.String() + " ORDER BY day DESC, id DESC"
	if f.Limit > 0 && !skipDamaged {
		w.args = append(w.args, f.Limit)
		sql += " LIMIT $" + itoa(len(w.args))
	}
	var out scannedMeetings
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, sql, w.args...)
		if err != nil {
			return err
		}
		out, err = scanMeetings(rows, skipDamaged, f.Limit)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return out.meetings, out.damaged, nil
}

// scannedMeetings are the meetings of (id, record) rows, and with skipDamaged the
// IDs of those whose record did not decode.
type scannedMeetings struct {
	meetings []meeting.Meeting
	damaged  []meeting.ID
}

// scanMeetings reads (id, record) rows, up to limit of them when limit > 0, and
// closes them.
func scanMeetings(rows pgx.Rows, skipDamaged bool, limit ...int) (scannedMeetings, error) {
	defer rows.Close()
	var out scannedMeetings
	for rows.Next() {
		if len(limit) > 0 && limit[0] > 0 && len(out.meetings) >= limit[0] {
			break
		}
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return out, err
		}
		var m meeting.Meeting
		if err := decode("meetings", id, data, &m); err != nil {
			if skipDamaged {
				out.damaged = append(out.damaged, meeting.ID(id))
				continue
			}
			return out, err
		}
		m.ID = meeting.ID(id)
		out.meetings = append(out.meetings, m)
	}
	return out, rows.Err()
}

// Meeting returns one meeting.
func (s *Store) Meeting(id meeting.ID) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		m, err = loadMeeting(ctx, tx, id, false)
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
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		m, err := loadMeeting(ctx, tx, id, false)
		if err != nil {
			return err
		}
		cases, err := minutesCases(ctx, tx, &m)
		mn = meeting.Minutes{Meeting: m, Cases: cases}
		return err
	})
	return mn, err
}

// SaveMeeting creates (ID 0) a draft or edits a stored draft. The stored copy,
// locked for the transaction, decides whether the edit is allowed
// (meeting.Meeting.Edit): a locked meeting is refused with CodeLocked whatever state
// the incoming copy claims, and the lifecycle fields are the stored ones. It assigns
// UIDs to a new meeting and to decisions without one, stamps Created and Updated, and
// on success sets *m to the meeting as stored. While another Store holds a live edit
// lease on the meeting (see lease.go) it is refused with CodeInUse naming the PC,
// the stored meeting and *m left as they were. The audit log gets a "create" entry,
// or an "edit" entry naming the fields that changed; a save that changes no field
// adds none.
func (s *Store) SaveMeeting(m *meeting.Meeting) error {
	now := s.timestamp()
	in := *m
	var saved meeting.Meeting
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		in := in
		in.Agenda = meeting.CloneAgenda(m.Agenda) // decision UIDs are filled in below
		var old *meeting.Meeting
		stored := meeting.Meeting{State: meeting.StateDraft, UID: in.UID, Created: now}
		if in.ID == 0 {
			id, err := nextID(ctx, tx, "meetings")
			if err != nil {
				return err
			}
			stored.ID = id
		} else {
			var err error
			if stored, err = loadMeeting(ctx, tx, in.ID, true); err != nil {
				return err
			}
			if err := s.checkLease(ctx, tx, in.ID, "刚才的修改没有保存"); err != nil {
				return err
			}
			prev := stored
			old = &prev
		}
		if err := stored.Edit(in, now); err != nil {
			return err
		}
		stored.AssignUIDs()
		action := meeting.AuditEdit
		if old == nil {
			action = meeting.AuditCreate
		}
		if err := s.putMeeting(ctx, tx, action, old, &stored); err != nil {
			return err
		}
		saved = stored
		return nil
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
	return s.update(func(ctx context.Context, tx pgx.Tx) error {
		m, err := loadMeeting(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := s.checkLease(ctx, tx, id, "会议没有删除"); err != nil {
			return err
		}
		if !m.Editable() || len(m.Revisions) > 0 {
			return &meeting.Error{Code: meeting.CodeState, Message: fmt.Sprintf(
				"会议纪要%s已定稿过，不能删除；只能删除从未定稿的草稿。", m.Number)}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM meetings WHERE id = $1", int64(id)); err != nil {
			return err
		}
		return s.logChange(ctx, tx, id, meeting.AuditDelete, &m, nil)
	})
}

// loadMeeting reads a meeting, locking its row when forUpdate, or fails with
// CodeNotFound.
func loadMeeting(ctx context.Context, q querier, id meeting.ID, forUpdate bool) (meeting.Meeting, error) {
	sql := "SELECT record FROM meetings WHERE id = $1"
	if forUpdate {
		sql += " FOR UPDATE"
	}
	var data []byte
	var m meeting.Meeting
	err := q.QueryRow(ctx, sql, int64(id)).Scan(&data)
	if err == pgx.ErrNoRows {
		return m, notFound("未找到编号为 %d 的会议。", id)
	}
	if err != nil {
		return m, err
	}
	if err := decode("meetings", id, data, &m); err != nil {
		return m, err
	}
	m.ID = id
	return m, nil
}

// putMeeting stores m after a change with its list columns and agenda links, and
// adds the change to the meeting's audit log in the same transaction: every write of
// a meeting goes through here, so none escapes the log. old is the stored copy before
// the change, nil for a new meeting.
func (s *Store) putMeeting(ctx context.Context, tx pgx.Tx, action meeting.AuditAction, old, m *meeting.Meeting) error {
	data, err := encode(m)
	if err != nil {
		return err
	}
	cases, err := minutesCases(ctx, tx, m)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO meetings (id, uid, day, year, state, search, record) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO UPDATE SET uid = excluded.uid, day = excluded.day, year = excluded.year, state = excluded.state,
			search = excluded.search, record = excluded.record`,
		int64(m.ID), m.UID, meetingDay(m.Date), m.Date.Year, string(m.State), meetingSearchText(m, cases), data)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM agenda_links WHERE meeting_id = $1", int64(m.ID)); err != nil {
		return err
	}
	for _, it := range m.Agenda {
		if it.CaseID == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "INSERT INTO agenda_links (case_id, meeting_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
			int64(it.CaseID), int64(m.ID)); err != nil {
			return err
		}
	}
	return s.logChange(ctx, tx, m.ID, action, old, m)
}

// minutesCases returns the cases the minutes of m show: the stored cases for a
// draft, the finalized revision's cases for locked minutes.
func minutesCases(ctx context.Context, q querier, m *meeting.Meeting) ([]meeting.Case, error) {
	if m.Editable() {
		return agendaCases(ctx, q, m)
	}
	snap, err := revision(ctx, q, m.ID, len(m.Revisions), false)
	return snap.Cases, err
}

func itoa(n int) string { return fmt.Sprint(n) }
