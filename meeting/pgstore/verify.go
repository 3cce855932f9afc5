package pgstore

import (
	"context"
	"fmt"

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
		rows, err := tx.Query(ctx, `SELECT id FROM meetings UNION SELECT meeting_id FROM revisions
			UNION SELECT meeting_id FROM audit_log ORDER BY 1`)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, id := range ids {
			problems, err := verifyMeeting(ctx, tx, meeting.ID(id))
			if err != nil {
				return err
			}
			out = append(out, problems...)
		}
		return nil
	})
	return out, err
}

// VerifyChain checks the finalized revisions of one meeting as VerifyAll does; a
// meeting of which nothing is stored gets CodeNotFound.
func (s *Store) VerifyChain(id meeting.ID) ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		var known bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM meetings WHERE id = $1)
			OR EXISTS (SELECT FROM revisions WHERE meeting_id = $1) OR EXISTS (SELECT FROM audit_log WHERE meeting_id = $1)`,
			int64(id)).Scan(&known); err != nil {
			return err
		}
		if !known {
			return notFound("未找到编号为 %d 的会议。", id)
		}
		var err error
		out, err = verifyMeeting(ctx, tx, id)
		return err
	})
	return out, err
}

// auditSummary is what the audit log says of one meeting, for checking its record.
type auditSummary struct {
	entries    int
	unreadable int
	finalized  int  // highest revision finalized
	deleted    bool // the draft was deleted
}

func auditSummaryOf(ctx context.Context, tx pgx.Tx, id meeting.ID) (auditSummary, error) {
	var sum auditSummary
	rows, err := tx.Query(ctx, "SELECT entry FROM audit_log WHERE meeting_id = $1 ORDER BY id", int64(id))
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return sum, err
		}
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
	return sum, rows.Err()
}

// verifyMeeting checks one meeting's record, its snapshots, its audit log, its list
// columns and its follow-up items.
func verifyMeeting(ctx context.Context, tx pgx.Tx, id meeting.ID) ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	add := func(n int, format string, args ...any) {
		out = append(out, meeting.ChainProblem{Meeting: id, Revision: n, Message: fmt.Sprintf(format, args...)})
	}
	snapshots := map[int]*meeting.Minutes{}
	rows, err := tx.Query(ctx, "SELECT n, record FROM revisions WHERE meeting_id = $1 ORDER BY n", int64(id))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n int
		var data []byte
		if err := rows.Scan(&n, &data); err != nil {
			rows.Close()
			return nil, err
		}
		var mn meeting.Minutes
		if decode("revisions", id, data, &mn) != nil {
			snapshots[n] = nil
			continue
		}
		snapshots[n] = &mn
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	log, err := auditSummaryOf(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if log.unreadable > 0 {
		add(0, "会议（编号 %d）的审计日志中有 %d 条记录无法读取，可能已被改写。", id, log.unreadable)
	}
	var data []byte
	var day, year int
	var state, search string
	err = tx.QueryRow(ctx, "SELECT record, day, year, state, search FROM meetings WHERE id = $1", int64(id)).Scan(&data, &day, &year, &state, &search)
	if err == pgx.ErrNoRows {
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
	if err != nil {
		return nil, err
	}
	var m meeting.Meeting
	if decode("meetings", id, data, &m) != nil {
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
	cases, err := minutesCases(ctx, tx, &m)
	if err != nil && meeting.ErrorCode(err) != meeting.CodeNotFound && meeting.ErrorCode(err) != meeting.CodeCorrupt {
		return nil, err
	}
	if day != meetingDay(m.Date) || year != m.Date.Year || state != string(m.State) || (err == nil && search != meetingSearchText(&m, cases)) {
		add(0, "%s的列表字段（日期、状态或检索文本）与会议记录不一致：列表和检索会显示错误的结果。", m.RecordName())
	}
	items, err := verifyFollowUps(ctx, tx, &m, snapshots)
	return append(out, items...), err
}

// verifyFollowUps checks the follow-up items of a meeting against its latest
// finalized revision: every decision has one followed item and every followed item's
// decision is in it.
func verifyFollowUps(ctx context.Context, tx pgx.Tx, m *meeting.Meeting, snapshots map[int]*meeting.Minutes) ([]meeting.ChainProblem, error) {
	items, err := queryFollowUps(ctx, tx, "SELECT id, record FROM followups WHERE meeting_id = $1 AND NOT superseded ORDER BY id", int64(m.ID))
	if err != nil {
		return nil, err
	}
	var out []meeting.ChainProblem
	rev, ok := m.LastRevision()
	if !ok {
		for _, r := range items {
			out = append(out, meeting.ChainProblem{Meeting: m.ID, Message: fmt.Sprintf(
				"会议（编号 %d）从未定稿，却有督办事项（编号 %d）。", m.ID, r.ID)})
		}
		return out, nil
	}
	mn := snapshots[rev.N]
	if mn == nil {
		return out, nil // the chain check reports a snapshot missing or unreadable
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
	return out, nil
}
