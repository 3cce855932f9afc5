package pgstore

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Cases returns the cases f selects, newest received first (the same day: latest
// registered first).
func (s *Store) Cases(f meeting.CaseFilter) ([]meeting.Case, error) {
	var w whereClause
	if f.Category != "" {
		w.add("category = ?", string(f.Category))
	}
	if f.Channel != "" {
		w.add("channel = ?", string(f.Channel))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	w.words(f.Query)
	sql := "SELECT id, record FROM cases" + w.String() + " ORDER BY received DESC, id DESC"
	if f.Limit > 0 {
		w.args = append(w.args, f.Limit)
		sql += " LIMIT $" + itoa(len(w.args))
	}
	var out []meeting.Case
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		out, err = queryCases(ctx, tx, sql, w.args...)
		return err
	})
	return out, err
}

// queryCases reads the cases a query returns as (id, record) rows.
func queryCases(ctx context.Context, q querier, sql string, args ...any) ([]meeting.Case, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Case
	for rows.Next() {
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		var c meeting.Case
		if err := decode("cases", id, data, &c); err != nil {
			return nil, err
		}
		c.ID = meeting.ID(id)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Case returns one case.
func (s *Store) Case(id meeting.ID) (meeting.Case, error) {
	var c meeting.Case
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		c, err = loadCase(ctx, tx, id, false)
		return err
	})
	return c, err
}

// SaveCase creates (ID 0) or replaces a case after validating it
// (meeting.Case.Validate), with the bbolt store's semantics: it assigns a UID to a new
// case that has none, keeps a stored case's UID and Created, stamps Updated, takes an
// empty status as open, keeps a stored case's status, reply and call-backs (only
// CloseCase and RecordCallBack change them), and on success sets *c to the case as
// stored. Draft minutes show the new text at once (their search text follows);
// finalized minutes keep the case as it was finalized.
func (s *Store) SaveCase(c *meeting.Case) error {
	if err := c.Validate().Err(); err != nil {
		return err
	}
	now := s.timestamp()
	rec := *c
	if rec.Status == "" {
		rec.Status = meeting.CaseOpen
	}
	var saved meeting.Case
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		rec := rec // a retried transaction starts from the caller's value again
		var old *meeting.Case
		if rec.ID == 0 {
			id, err := nextID(ctx, tx, "cases")
			if err != nil {
				return err
			}
			rec.ID, rec.Created = id, now
		} else {
			stored, err := loadCase(ctx, tx, rec.ID, true)
			if err != nil {
				return err
			}
			old = &stored
			rec.Created = stored.Created
			// Closing and call-backs go through CloseCase and RecordCallBack, which
			// check the items and the reply: an edit of the case keeps them as stored.
			rec.Status, rec.Reply, rec.ClosedOn, rec.CallBacks, rec.ReopenReason =
				stored.Status, stored.Reply, stored.ClosedOn, stored.CallBacks, stored.ReopenReason
			if stored.UID != "" {
				rec.UID = stored.UID
			}
		}
		if rec.UID == "" {
			rec.UID = meeting.NewUID()
		}
		rec.Updated = now
		if err := putCase(ctx, tx, &rec); err != nil {
			return err
		}
		if old != nil && caseSearchText(old) != caseSearchText(&rec) {
			if err := reindexDrafts(ctx, tx, rec.ID); err != nil {
				return err
			}
		}
		saved = rec
		return nil
	})
	if err == nil {
		*c = saved
	}
	return err
}

// putCase writes a case with its list columns.
func putCase(ctx context.Context, tx pgx.Tx, c *meeting.Case) error {
	data, err := encode(c)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO cases (id, uid, received, category, channel, status, search, record)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET uid = excluded.uid, received = excluded.received, category = excluded.category,
			channel = excluded.channel, status = excluded.status, search = excluded.search, record = excluded.record`,
		int64(c.ID), c.UID, dayOf(c.Received), string(c.Category), string(c.Channel), string(c.Status), caseSearchText(c), data)
	return err
}

// reindexDrafts refreshes the search text of the draft meetings that have the case
// on their agenda, after its applicant's name changed. Locked minutes search the
// case as it was finalized and need nothing.
func reindexDrafts(ctx context.Context, tx pgx.Tx, caseID meeting.ID) error {
	rows, err := tx.Query(ctx, `SELECT m.id, m.record FROM meetings m JOIN agenda_links l ON l.meeting_id = m.id
		WHERE l.case_id = $1 AND m.state = $2 ORDER BY m.id FOR UPDATE OF m`, int64(caseID), string(meeting.StateDraft))
	if err != nil {
		return err
	}
	ms, err := scanMeetings(rows, false)
	if err != nil {
		return err
	}
	for _, m := range ms.meetings {
		cases, err := agendaCases(ctx, tx, &m)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE meetings SET search = $2 WHERE id = $1", int64(m.ID), meetingSearchText(&m, cases)); err != nil {
			return err
		}
	}
	return nil
}

// loadCase reads a case, locking its row when forUpdate, or fails with CodeNotFound.
func loadCase(ctx context.Context, q querier, id meeting.ID, forUpdate bool) (meeting.Case, error) {
	sql := "SELECT record FROM cases WHERE id = $1"
	if forUpdate {
		sql += " FOR UPDATE"
	}
	var data []byte
	var c meeting.Case
	err := q.QueryRow(ctx, sql, int64(id)).Scan(&data)
	if err == pgx.ErrNoRows {
		return c, notFound("未找到编号为 %d 的诉求。", id)
	}
	if err != nil {
		return c, err
	}
	if err := decode("cases", id, data, &c); err != nil {
		return c, err
	}
	c.ID = id
	return c, nil
}

// agendaCases returns the stored cases of the agenda, in agenda order, each once.
// A reference to a missing case is left out; validation reports it.
func agendaCases(ctx context.Context, q querier, m *meeting.Meeting) ([]meeting.Case, error) {
	var ids []int64
	for _, it := range m.Agenda {
		if it.CaseID != 0 && !slices.Contains(ids, int64(it.CaseID)) {
			ids = append(ids, int64(it.CaseID))
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	found, err := queryCases(ctx, q, "SELECT id, record FROM cases WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, err
	}
	var out []meeting.Case
	for _, id := range ids {
		if i := slices.IndexFunc(found, func(c meeting.Case) bool { return c.ID == meeting.ID(id) }); i >= 0 {
			out = append(out, found[i])
		}
	}
	return out, nil
}
