package pgstore

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// VerifyAll checks the finalized revisions of every meeting and returns every
// problem found, meeting by meeting, as the bbolt store does: for each meeting,
// meeting.CheckChain checks the hash chain of its revisions against their snapshots;
// the store adds what only it can see: a meeting or snapshot that cannot be read,
// snapshots or audit entries of a meeting whose record is gone, revisions the audit
// log says were finalized but the record no longer has, list columns that disagree
// with the record they copy, and follow-up items that do not match the minutes they
// follow. The archived files are checked elsewhere. The error is for a database that
// cannot be read at all.
func (s *Store) VerifyAll() ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		out = out[:0] // a retried attempt starts again
		rows, err := tx.Query(ctx, `SELECT id FROM meetings UNION SELECT meeting_id FROM revisions
			UNION SELECT meeting_id FROM audit_log ORDER BY 1`)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		// A few queries per batch of meetings, not per meeting: an office of 10,000
		// meetings is read in seconds, not in 50,000 round trips.
		for chunk := range slices.Chunk(ids, verifyBatch) {
			stored, err := loadVerifyRows(ctx, tx, chunk)
			if err != nil {
				return err
			}
			for _, id := range chunk {
				problems, err := verifyMeeting(ctx, tx, meeting.ID(id), stored[id])
				if err != nil {
					return err
				}
				out = append(out, problems...)
			}
		}
		return nil
	})
	return out, err
}

// verifyBatch is how many meetings VerifyAll reads at a time (a variable for the
// tests).
var verifyBatch = 500

// VerifyChain checks the finalized revisions of one meeting as VerifyAll does; a
// meeting of which nothing is stored gets CodeNotFound.
func (s *Store) VerifyChain(id meeting.ID) ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		stored, err := loadVerifyRows(ctx, tx, []int64{int64(id)})
		if err != nil {
			return err
		}
		r := stored[int64(id)]
		if !r.found && len(r.snapshots) == 0 && len(r.audit) == 0 {
			return notFound("未找到编号为 %d 的会议。", id)
		}
		out, err = verifyMeeting(ctx, tx, id, r)
		return err
	})
	return out, err
}

// verifyRows is what the database stores of one meeting, as read for checking it:
// the record with its list columns, the snapshots, the audit log and the items.
type verifyRows struct {
	found     bool // the meeting's record is there
	record    []byte
	day, year int
	state     string
	search    string
	snapshots map[int][]byte // by revision number
	audit     [][]byte       // oldest first
	items     []followUpRecord
}

// loadVerifyRows reads what the database stores of the meetings ids, in four queries.
// Every id has an entry, empty when nothing of it is stored.
func loadVerifyRows(ctx context.Context, tx pgx.Tx, ids []int64) (map[int64]*verifyRows, error) {
	out := make(map[int64]*verifyRows, len(ids))
	for _, id := range ids {
		out[id] = &verifyRows{snapshots: map[int][]byte{}}
	}
	var id int64
	var n int
	var data []byte
	rows, err := tx.Query(ctx, "SELECT meeting_id, n, record FROM revisions WHERE meeting_id = ANY($1) ORDER BY meeting_id, n", ids)
	if err != nil {
		return nil, err
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &n, &data}, func() error {
		out[id].snapshots[n] = bytes.Clone(data)
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, "SELECT meeting_id, entry FROM audit_log WHERE meeting_id = ANY($1) ORDER BY meeting_id, id", ids)
	if err != nil {
		return nil, err
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &data}, func() error {
		out[id].audit = append(out[id].audit, bytes.Clone(data))
		return nil
	}); err != nil {
		return nil, err
	}
	var day, year int
	var state, search string
	rows, err = tx.Query(ctx, "SELECT id, record, day, year, state, search FROM meetings WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, err
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &data, &day, &year, &state, &search}, func() error {
		r := out[id]
		r.found, r.record, r.day, r.year, r.state, r.search = true, bytes.Clone(data), day, year, state, search
		return nil
	}); err != nil {
		return nil, err
	}
	var item int64
	rows, err = tx.Query(ctx, "SELECT meeting_id, id, record FROM followups WHERE meeting_id = ANY($1) AND NOT superseded ORDER BY id", ids)
	if err != nil {
		return nil, err
	}
	if _, err := pgx.ForEachRow(rows, []any{&id, &item, &data}, func() error {
		var f followUpRecord
		if err := decode("followups", item, data, &f); err != nil {
			return err
		}
		f.ID = meeting.ID(item)
		out[id].items = append(out[id].items, f)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// auditSummary is what the audit log says of one meeting, for checking its record.
type auditSummary struct {
	entries    int
	unreadable int
	finalized  int  // highest revision finalized
	deleted    bool // the draft was deleted
}

func auditSummaryOf(id meeting.ID, entries [][]byte) auditSummary {
	var sum auditSummary
	for _, data := range entries {
		sum.entries++
		var e meeting.AuditEntry
		if decode("audit_log", id, data, &e) != nil {
			sum.unreadable++
			continue
		}
		switch e.Action {
		case meeting.AuditFinalize:
			sum.finalized = max(sum.finalized, e.Revision)
		case meeting.AuditDelete:
			sum.deleted = true
		}
	}
	return sum
}

// verifyMeeting checks one meeting's record, its snapshots, its audit log, its list
// columns and its follow-up items, from what loadVerifyRows read of it.
func verifyMeeting(ctx context.Context, tx pgx.Tx, id meeting.ID, stored *verifyRows) ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	add := func(n int, format string, args ...any) {
		out = append(out, meeting.ChainProblem{Meeting: id, Revision: n, Message: fmt.Sprintf(format, args...)})
	}
	snapshots := map[int]*meeting.Minutes{}
	for n, data := range stored.snapshots {
		var mn meeting.Minutes
		if decode("revisions", id, data, &mn) != nil {
			snapshots[n] = nil
			continue
		}
		snapshots[n] = &mn
	}
	log := auditSummaryOf(id, stored.audit)
	if log.unreadable > 0 {
		add(0, "会议（编号 %d）的审计日志中有 %d 条记录无法读取，可能已被改写。", id, log.unreadable)
	}
	if !stored.found {
		switch {
		case len(snapshots) > 0:
			add(0, "会议（编号 %d）的记录已不存在，但仍存有 %d 个定稿版本的存档：会议记录可能被删除。", id, len(snapshots))
		case log.finalized > 0:
			add(0, "会议（编号 %d）的记录已不存在，而审计日志记载它已定稿到第 %d 版：会议记录可能被删除。", id, log.finalized)
		case !log.deleted:
			add(0, "会议（编号 %d）的记录已不存在，但审计日志中没有删除它的记录。", id)
		}
		return out, nil
	}
	var m meeting.Meeting
	if decode("meetings", id, stored.record, &m) != nil {
		add(0, "会议（编号 %d）的记录无法读取，可能已被改写。", id)
		return out, nil
	}
	m.ID = id
	out = append(out, meeting.CheckChain(&m, snapshots)...)
	switch {
	case log.entries == 0:
		add(0, "%s没有任何审计记录：审计日志可能被删除。", m.RecordName())
	case log.finalized > len(m.Revisions):
		add(log.finalized, "%s：审计日志记载第 %d 版已定稿，但会议记录中只有 %d 个定稿版本：有版本被删除。",
			m.RecordName(), log.finalized, len(m.Revisions))
	}
	// The search text is built from the cases as the minutes have them: the last
	// snapshot's for finalized minutes (read above), the case records for a draft.
	var cases []meeting.Case
	casesOK := true
	if m.Editable() {
		var err error
		cases, err = agendaCases(ctx, tx, &m)
		if err != nil && meeting.ErrorCode(err) != meeting.CodeNotFound && meeting.ErrorCode(err) != meeting.CodeCorrupt {
			return nil, err
		}
		casesOK = err == nil
	} else if last := snapshots[len(m.Revisions)]; last != nil {
		cases = last.Cases
	} else {
		casesOK = false // the chain check reports the snapshot
	}
	if stored.day != meetingDay(m.Date) || stored.year != m.Date.Year || stored.state != string(m.State) ||
		(casesOK && stored.search != meetingSearchText(&m, cases)) {
		add(0, "%s的列表字段（日期、状态或检索文本）与会议记录不一致：列表和检索会显示错误的结果。", m.RecordName())
	}
	return append(out, verifyFollowUps(&m, stored.items, snapshots)...), nil
}

// verifyFollowUps checks the follow-up items of a meeting against its latest
// finalized revision: every decision has one followed item and every followed item's
// decision is in it.
func verifyFollowUps(m *meeting.Meeting, items []followUpRecord, snapshots map[int]*meeting.Minutes) []meeting.ChainProblem {
	var out []meeting.ChainProblem
	rev, ok := m.LastRevision()
	if !ok {
		for _, r := range items {
			out = append(out, meeting.ChainProblem{Meeting: m.ID, Message: fmt.Sprintf(
				"会议（编号 %d）从未定稿，却有督办事项（编号 %d）。", m.ID, r.ID)})
		}
		return out
	}
	mn := snapshots[rev.N]
	if mn == nil {
		return out // the chain check reports a snapshot missing or unreadable
	}
	followed := map[string]int{}
	for _, r := range items {
		followed[r.DecisionUID]++
	}
	for _, want := range meeting.FollowUpsFor(*mn) {
		switch followed[want.DecisionUID] {
		case 1:
		case 0:
			out = append(out, meeting.ChainProblem{Meeting: m.ID, Revision: rev.N, Message: fmt.Sprintf(
				"会议纪要%s第 %d 版中由%s牵头的议定事项没有督办事项。", mn.Meeting.Number, rev.N, want.Lead)})
		default:
			out = append(out, meeting.ChainProblem{Meeting: m.ID, Revision: rev.N, Message: fmt.Sprintf(
				"会议纪要%s第 %d 版中由%s牵头的议定事项有 %d 个督办事项。", mn.Meeting.Number, rev.N, want.Lead, followed[want.DecisionUID])})
		}
		delete(followed, want.DecisionUID)
	}
	for _, r := range items {
		if _, extra := followed[r.DecisionUID]; extra {
			out = append(out, meeting.ChainProblem{Meeting: m.ID, Revision: rev.N, Message: fmt.Sprintf(
				"督办事项（编号 %d）的议定事项不在会议纪要%s第 %d 版中。", r.ID, mn.Meeting.Number, rev.N)})
		}
	}
	return out
}
