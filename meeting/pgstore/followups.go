package pgstore

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// followUpRecord is a follow-up item as stored, the same JSON as the bbolt store's:
// the domain value and what only the store knows about it. Superseded marks an item
// whose decision an amendment removed after work on it was reported: its history is
// kept, but it is left out of every list and read. An item of a removed decision
// never reported on is deleted instead.
type followUpRecord struct {
	meeting.FollowUp
	Superseded bool      `json:"superseded,omitempty"`
	Updated    time.Time `json:"updated"`
}

// FollowUps returns the items f selects, in meeting, agenda and decision order (the
// order of their IDs, drawn in that order at finalization). Superseded items are left
// out. With a Limit, the last items of that list: those of the newest meetings.
func (s *Store) FollowUps(f meeting.FollowUpFilter) ([]meeting.FollowUp, error) {
	var w whereClause
	w.conds = append(w.conds, "NOT superseded")
	if f.Meeting != 0 {
		w.add("meeting_id = ?", int64(f.Meeting))
	}
	if f.Case != 0 {
		w.add("case_id = ?", int64(f.Case))
	}
	if f.Lead != "" {
		w.add("lead = ?", f.Lead)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Open {
		w.add("status <> ?", string(meeting.FollowUpDone))
	}
	sql := "SELECT id, record FROM followups" + w.String()
	if f.Limit > 0 {
		w.args = append(w.args, f.Limit)
		sql += " ORDER BY meeting_id DESC, id DESC LIMIT $" + itoa(len(w.args))
	} else {
		sql += " ORDER BY meeting_id, id"
	}
	var out []meeting.FollowUp
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		recs, err := queryFollowUps(ctx, tx, sql, w.args...)
		for _, r := range recs {
			out = append(out, r.FollowUp)
		}
		return err
	})
	slices.SortStableFunc(out, func(a, b meeting.FollowUp) int {
		return cmp.Or(cmp.Compare(a.MeetingID, b.MeetingID), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// queryFollowUps reads the items a query returns as (id, record) rows.
func queryFollowUps(ctx context.Context, q querier, sql string, args ...any) ([]followUpRecord, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []followUpRecord
	for rows.Next() {
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		var r followUpRecord
		if err := decode("followups", id, data, &r); err != nil {
			return nil, err
		}
		r.ID = meeting.ID(id)
		out = append(out, r)
	}
	return out, rows.Err()
}

// FollowUp returns one item; a superseded one is not found.
func (s *Store) FollowUp(id meeting.ID) (meeting.FollowUp, error) {
	var r followUpRecord
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		r, err = loadFollowUp(ctx, tx, id, false)
		return err
	})
	return r.FollowUp, err
}

// loadFollowUp reads an item, locking it when forUpdate, or fails with CodeNotFound
// (also for a superseded one).
func loadFollowUp(ctx context.Context, q querier, id meeting.ID, forUpdate bool) (followUpRecord, error) {
	sql := "SELECT id, record FROM followups WHERE id = $1"
	if forUpdate {
		sql += " FOR UPDATE"
	}
	recs, err := queryFollowUps(ctx, q, sql, int64(id))
	if err != nil {
		return followUpRecord{}, err
	}
	if len(recs) == 0 || recs[0].Superseded {
		return followUpRecord{}, notFound("未找到编号为 %d 的督办事项。", id)
	}
	return recs[0], nil
}

// AddProgress records a progress report on an item; meeting.AddProgress decides.
func (s *Store) AddProgress(id meeting.ID, p meeting.ProgressEntry) (meeting.FollowUp, error) {
	return s.changeFollowUp(id, func(f *meeting.FollowUp) error { return meeting.AddProgress(f, p) })
}

// CompleteFollowUp marks an item done; meeting.Complete decides.
func (s *Store) CompleteFollowUp(id meeting.ID, on meeting.Date, note string) (meeting.FollowUp, error) {
	return s.changeFollowUp(id, func(f *meeting.FollowUp) error { return meeting.Complete(f, on, note) })
}

// ReopenFollowUp returns a done item to 办理中; meeting.Reopen decides.
func (s *Store) ReopenFollowUp(id meeting.ID, on meeting.Date, reporter, reason string) (meeting.FollowUp, error) {
	return s.changeFollowUp(id, func(f *meeting.FollowUp) error { return meeting.Reopen(f, on, reporter, reason) })
}

// changeFollowUp locks an item, lets change decide and stores the result, all in
// one transaction. A refusal writes nothing.
func (s *Store) changeFollowUp(id meeting.ID, change func(*meeting.FollowUp) error) (meeting.FollowUp, error) {
	var r followUpRecord
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		old, err := loadFollowUp(ctx, tx, id, true)
		if err != nil {
			return err
		}
		r = old
		r.Progress = slices.Clone(old.Progress)
		if err := change(&r.FollowUp); err != nil {
			return err
		}
		r.Updated = s.timestamp()
		return putFollowUp(ctx, tx, &r)
	})
	if err != nil {
		return meeting.FollowUp{}, err
	}
	return r.FollowUp, nil
}

// putFollowUp writes an item with its list columns.
func putFollowUp(ctx context.Context, tx pgx.Tx, r *followUpRecord) error {
	data, err := encode(r)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO followups (id, meeting_id, case_id, lead, status, due, superseded, record)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, case_id = excluded.case_id, lead = excluded.lead,
			status = excluded.status, due = excluded.due, superseded = excluded.superseded, record = excluded.record`,
		int64(r.ID), int64(r.MeetingID), int64(r.CaseID), r.Lead, string(r.Status), dayOf(r.Due), r.Superseded, data)
	return err
}

// followedItemsOf returns the items of a case that are followed (not superseded).
func followedItemsOf(ctx context.Context, q querier, caseID meeting.ID) ([]followUpRecord, error) {
	return queryFollowUps(ctx, q, "SELECT id, record FROM followups WHERE case_id = $1 AND NOT superseded ORDER BY id", int64(caseID))
}

// CloseCase records the reply and closes the case; meeting.CloseCase decides from
// the case's items (superseded ones are not followed and do not count).
func (s *Store) CloseCase(caseID meeting.ID, reply meeting.Reply) (meeting.Case, error) {
	return s.changeCase(caseID, func(ctx context.Context, tx pgx.Tx, c *meeting.Case) error {
		recs, err := followedItemsOf(ctx, tx, caseID)
		if err != nil {
			return err
		}
		items := make([]meeting.FollowUp, len(recs))
		for i, r := range recs {
			items[i] = r.FollowUp
		}
		return meeting.CloseCase(c, items, reply)
	})
}

// RecordCallBack records a call-back on a closed case; meeting.RecordCallBack decides.
func (s *Store) RecordCallBack(caseID meeting.ID, cb meeting.CallBack) (meeting.Case, error) {
	return s.changeCase(caseID, func(_ context.Context, _ pgx.Tx, c *meeting.Case) error { return meeting.RecordCallBack(c, cb) })
}

// changeCase locks a case, lets change decide, and stores it, in one transaction.
// A refusal writes nothing.
func (s *Store) changeCase(id meeting.ID, change func(context.Context, pgx.Tx, *meeting.Case) error) (meeting.Case, error) {
	var c meeting.Case
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		old, err := loadCase(ctx, tx, id, true)
		if err != nil {
			return err
		}
		c = old
		c.CallBacks = slices.Clone(old.CallBacks)
		if err := change(ctx, tx, &c); err != nil {
			return err
		}
		c.Updated = s.timestamp()
		return putCase(ctx, tx, &c)
	})
	if err != nil {
		return meeting.Case{}, err
	}
	return c, nil
}

// reportCarryOver enters, at the first finalization of m, what it reported on the
// items of earlier meetings into their logs (meeting.ReportCarryOver decides). An item
// no longer followed (its minutes amended since) is left as it is.
func (s *Store) reportCarryOver(ctx context.Context, tx pgx.Tx, m *meeting.Meeting) error {
	for _, c := range m.CarryOver {
		if c.FollowUpID == 0 {
			continue
		}
		old, err := loadFollowUp(ctx, tx, c.FollowUpID, true)
		if meeting.ErrorCode(err) == meeting.CodeNotFound {
			continue
		}
		if err != nil {
			return err
		}
		r := old
		r.Progress = slices.Clone(old.Progress)
		if err := meeting.ReportCarryOver(&r.FollowUp, c, m); err != nil {
			return err
		}
		r.Updated = s.timestamp()
		if err := putFollowUp(ctx, tx, &r); err != nil {
			return err
		}
	}
	return nil
}

// syncFollowUps brings the items of a meeting in line with its newly finalized
// revision mn, inside the finalizing transaction, as the bbolt store does: an item
// whose decision (by DecisionUID) is still in the minutes keeps its status and
// progress and takes the decision's new text, departments, due day and revision; a
// new decision gets a new pending item; an item of a removed decision is deleted if
// nobody reported on it, else superseded.
func (s *Store) syncFollowUps(ctx context.Context, tx pgx.Tx, mn meeting.Minutes) error {
	now := s.timestamp()
	existing, err := queryFollowUps(ctx, tx,
		"SELECT id, record FROM followups WHERE meeting_id = $1 AND NOT superseded ORDER BY id FOR UPDATE", int64(mn.Meeting.ID))
	if err != nil {
		return err
	}
	byUID := map[string]followUpRecord{}
	for _, r := range existing {
		if r.DecisionUID != "" {
			byUID[r.DecisionUID] = r
		}
	}
	kept := map[meeting.ID]bool{}
	for _, f := range meeting.FollowUpsFor(mn) {
		r, ok := byUID[f.DecisionUID]
		if ok && f.DecisionUID != "" && !kept[r.ID] {
			kept[r.ID] = true
			r.MeetingDate, r.Number, r.Revision, r.CaseID = f.MeetingDate, f.Number, f.Revision, f.CaseID
			r.Text, r.Lead, r.Cooperating, r.Due = f.Text, f.Lead, f.Cooperating, f.Due
		} else {
			id, err := nextID(ctx, tx, "followups")
			if err != nil {
				return err
			}
			f.ID = id
			r = followUpRecord{FollowUp: f}
		}
		r.Updated = now
		if err := putFollowUp(ctx, tx, &r); err != nil {
			return err
		}
	}
	for _, r := range existing {
		if kept[r.ID] {
			continue
		}
		if r.Status == meeting.FollowUpPending && len(r.Progress) == 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM followups WHERE id = $1", int64(r.ID)); err != nil {
				return err
			}
			continue
		}
		r.Superseded, r.Updated = true, now
		if err := putFollowUp(ctx, tx, &r); err != nil {
			return err
		}
	}
	return nil
}

// Board returns the 督办 board on today (see meeting.Board). It reads only the open
// items due before the board's cutoff, through the partial index of open items by
// due day. The items whose stored bytes are those of the last board are not decoded
// again (s.boardItems).
func (s *Store) Board(today meeting.Date, cal *meeting.Calendar) (meeting.BoardView, error) {
	end := dayOf(meeting.BoardCutoff(today, cal))
	if end == 0 {
		end = undatedDay + 1 // no cutoff: every open item with a due day
	}
	var items []meeting.FollowUp
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, record FROM followups
			WHERE status <> 'done' AND NOT superseded AND due > 0 AND due < $1 ORDER BY due, id`, end)
		if err != nil {
			return err
		}
		items, err = s.boardItems.Read(decodeBoardItem, func(add func(meeting.ID, []byte)) error {
			var id int64
			var raw []byte
			_, err := pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
				add(meeting.ID(id), raw)
				return nil
			})
			return err
		})
		return err
	})
	if err != nil {
		return meeting.BoardView{}, err
	}
	return meeting.Board(items, today, cal), nil
}

// decodeBoardItem decodes an item the board reads (see Store.boardItems).
func decodeBoardItem(id meeting.ID, raw []byte) (meeting.FollowUp, error) {
	var r followUpRecord
	if err := decode("followups", id, raw, &r); err != nil {
		return meeting.FollowUp{}, err
	}
	r.ID = id
	return r.FollowUp, nil
}

// precedentPage is how many cases of the category Precedents reads at a time.
const precedentPage = 400

// Precedents returns up to limit decisions taken on earlier cases of c's category
// whose title shares at least meeting.MinPrecedentScore character pairs with c's
// title and request, newest meeting first (同类事项). c itself is left out, and so
// are cases never decided in finalized minutes.
func (s *Store) Precedents(c meeting.Case, limit int) ([]meeting.Precedent, error) {
	query := meeting.PrecedentQuery(c)
	if len(query) == 0 || c.Category == "" {
		return nil, nil
	}
	var out []meeting.Precedent
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		// Newest received first, a page at a time, stopping once a few more than
		// asked are found (as the bbolt store does): a category of thousands of
		// cases is not read whole for the first ten precedents.
		type candidate struct {
			id    meeting.ID
			score int
		}
		afterReceived, afterID := int64(math.MaxInt32), int64(math.MaxInt64)
		for {
			rows, err := tx.Query(ctx, `SELECT id, received, search FROM cases WHERE category = $1 AND id <> $2 AND
				(received, id) < ($3, $4) AND
				EXISTS (SELECT FROM followups f WHERE f.case_id = cases.id AND NOT f.superseded)
				ORDER BY received DESC, id DESC LIMIT $5`, string(c.Category), int64(c.ID), afterReceived, afterID, precedentPage)
			if err != nil {
				return err
			}
			var candidates []candidate
			n := 0
			for rows.Next() {
				var id, received int64
				var search string
				if err := rows.Scan(&id, &received, &search); err != nil {
					rows.Close()
					return err
				}
				n++
				afterReceived, afterID = received, id
				title, _, _ := strings.Cut(search, "\n") // the search text starts with the title
				if score := meeting.SharedBigrams(query, title); score >= meeting.MinPrecedentScore {
					candidates = append(candidates, candidate{meeting.ID(id), score})
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, cand := range candidates {
				items, err := followedItemsOf(ctx, tx, cand.id)
				if err != nil {
					return err
				}
				earlier, err := loadCase(ctx, tx, cand.id, false)
				if err != nil {
					return err
				}
				for _, r := range items {
					out = append(out, meeting.Precedent{Case: earlier, Item: r.FollowUp, Score: cand.score + meeting.SharedBigrams(query, r.Text)})
				}
				// Cases come newest received first; a few more than asked let the
				// meeting dates sort them below.
				if limit > 0 && len(out) >= 2*limit {
					return nil
				}
			}
			if n < precedentPage {
				return nil
			}
		}
	})
	slices.SortStableFunc(out, func(a, b meeting.Precedent) int {
		return cmp.Or(-a.Item.MeetingDate.Time().Compare(b.Item.MeetingDate.Time()), cmp.Compare(a.Item.ID, b.Item.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, err
}
