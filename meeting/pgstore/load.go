package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Moving an office from its bbolt file to the server (backstop migrate) loads every
// record with the ID it already has, so that audit entries, follow-up items,
// snapshots and archive paths keep pointing at the right meeting. Load does it in one
// transaction with COPY, which is also how the benchmarks build a store of 10,000
// meetings in seconds.
//
// It needs more than the app role may do: it removes the default directory the first
// migration seeded (the app role may not DELETE departments), chooses the IDs of
// audit entries (an identity column GENERATED ALWAYS) and moves the ID sequences past
// the loaded IDs (the app role has USAGE on them, not UPDATE). So it runs as
// OwnerRole: the login it connects as must be a member of backstop_owner, the
// administrator's login that applies the migrations (docs/postgres.md), never the
// office PCs' login.

// Batch is the whole content of a store to load into an empty database (see Load).
// Records keep their IDs; references between them (a meeting's agenda to its cases,
// an item to its meeting, an audit entry to its meeting) are stored as they are.
type Batch struct {
	Departments []meeting.Department
	Cases       []meeting.Case
	Meetings    []meeting.Meeting
	Revisions   []LoadRevision // the snapshots of finalized revisions
	FollowUps   []LoadFollowUp
	Audit       []LoadAudit // in the order written
	Calendars   []meeting.CalendarYear
	PendingPDFs []meeting.RevisionRef
	Numbers     map[int]int // year → last document number drawn
	// LastIDs are the last IDs drawn at the source: the sequences continue after
	// them (or after the highest ID loaded, if higher), so that an ID the source
	// gave out and then deleted is not given out again.
	LastIDs LastIDs
	// Files, when not nil, is called once inside the loading transaction and gives
	// the archive's files to put: each is stored as PutFile stores it (its SHA-256
	// checked first), and a refusal rolls the whole load back.
	Files func(put func(path string, content []byte, hash string) error) error
}

// LoadRevision is the snapshot of revision N of a meeting.
type LoadRevision struct {
	Meeting meeting.ID
	N       int
	Minutes meeting.Minutes
}

// LoadFollowUp is a follow-up item as stored (see followUpRecord): Superseded for an
// item amended away after work on it was reported, Updated when it was last written.
type LoadFollowUp struct {
	meeting.FollowUp
	Superseded bool
	Updated    time.Time
}

// LoadAudit is one entry of a meeting's audit log under its sequence number, which
// orders the log (Audit reads a meeting's entries by it).
type LoadAudit struct {
	Seq     int64
	Meeting meeting.ID
	Entry   meeting.AuditEntry
}

// LastIDs are the last IDs drawn per table at the source.
type LastIDs struct {
	Departments, Cases, Meetings, FollowUps, Audit int64
}

// Load stores b in the database in one transaction, as OwnerRole. The database must
// be empty: migrated, with nothing in it but the default directory the first
// migration loaded, which b's directory replaces. Anything else is refused with
// CodeConflict and nothing is changed; a failure part-way rolls everything back, so
// the load can simply be run again. While it runs, the tables are locked against
// writes from other PCs. ctx bounds the whole load (no per-operation timeout: a big
// store takes minutes).
func (s *Store) Load(ctx context.Context, b *Batch) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return s.connectError(err)
	}
	defer conn.Release()
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+OwnerRole); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "LOCK TABLE "+strings.Join(loadTables, ", ")+" IN EXCLUSIVE MODE"); err != nil {
			return err
		}
		// No change notifications for the rows loaded (0004_changes.sql): nobody
		// follows a database while it is being filled, and there would be one a row.
		if _, err := tx.Exec(ctx, "SET LOCAL backstop.notify = 'off'"); err != nil {
			return err
		}
		if err := s.checkEmpty(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM departments"); err != nil {
			return err
		}
		if err := loadRecords(ctx, tx, b); err != nil {
			return err
		}
		if b.Files != nil {
			if err := b.Files(func(path string, content []byte, hash string) error {
				return putFileTx(ctx, tx, path, content, hash)
			}); err != nil {
				return err
			}
		}
		return setSequences(ctx, tx, b)
	})
	if err == nil {
		return nil
	}
	var e *meeting.Error
	if errors.As(err, &e) {
		return err
	}
	if code := sqlState(err); code == "42501" || code == "22023" || code == "42704" {
		return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf(
			"迁移数据需要以数据库管理账户（%s 角色的成员）连接数据库 %s；办公电脑使用的账户没有这项权限。请改用管理账户的连接地址（见 docs/postgres.md），数据库未作任何改动。",
			OwnerRole, s.where), err)
	}
	return s.translate(err)
}

// loadTables are the tables Load writes, locked while it runs.
var loadTables = []string{"departments", "cases", "meetings", "agenda_links", "revisions", "pending_pdfs",
	"numbers", "audit_log", "followups", "calendars", "archive_files"}

// checkEmpty refuses a database that holds anything but the default directory.
func (s *Store) checkEmpty(ctx context.Context, tx pgx.Tx) error {
	var found []string
	for _, t := range []struct{ table, what string }{
		{"meetings", "会议"}, {"cases", "诉求"}, {"audit_log", "审计记录"}, {"revisions", "定稿存档"},
		{"followups", "督办事项"}, {"numbers", "文号记录"}, {"calendars", "节假日安排"}, {"archive_files", "存档文件"},
	} {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+t.table).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			found = append(found, fmt.Sprintf("%d 条%s", n, t.what))
		}
	}
	ds, err := queryDepartments(ctx, tx)
	if err != nil {
		return err
	}
	if !isDefaultDirectory(ds) {
		found = append(found, fmt.Sprintf("改动过的参会单位名录（%d 个单位）", len(ds)))
	}
	if len(found) == 0 {
		return nil
	}
	return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
		"目标数据库 %s 不是空的（已有%s），不能把数据迁移进去：迁移只写入新建的空数据库，以免与已有数据混在一起。请新建一个数据库（见 docs/postgres.md）后再迁移；目标数据库未作任何改动。",
		s.where, strings.Join(found, "、")), nil)
}

// isDefaultDirectory reports whether ds is the directory the first migration seeded,
// unchanged.
func isDefaultDirectory(ds []meeting.Department) bool {
	def := meeting.DefaultDirectory()
	if len(ds) != len(def) {
		return false
	}
	for i := range ds {
		d := ds[i]
		d.ID = 0
		if !equalJSON(d, def[i]) {
			return false
		}
	}
	return true
}

// equalJSON reports whether two values have the same JSON.
func equalJSON(a, b any) bool {
	x, errX := encode(a)
	y, errY := encode(b)
	return errX == nil && errY == nil && string(x) == string(y)
}

// loadRecords copies the records of b into their tables, with the list columns each
// table keeps, derived as the store's own writes derive them.
func loadRecords(ctx context.Context, tx pgx.Tx, b *Batch) error {
	cases := make(map[meeting.ID]*meeting.Case, len(b.Cases))
	for i := range b.Cases {
		cases[b.Cases[i].ID] = &b.Cases[i]
	}
	snapshots := make(map[meeting.RevisionRef]*meeting.Minutes, len(b.Revisions))
	for i := range b.Revisions {
		r := &b.Revisions[i]
		snapshots[meeting.RevisionRef{Meeting: r.Meeting, Revision: r.N}] = &r.Minutes
	}

	var rows [][]any
	for _, d := range b.Departments {
		data, err := encode(d)
		if err != nil {
			return err
		}
		rows = append(rows, []any{int64(d.ID), strings.TrimSpace(d.Name), d.Order, data})
	}
	if err := copyRows(ctx, tx, "departments", []string{"id", "name", "sort_order", "record"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for i := range b.Cases {
		c := &b.Cases[i]
		data, err := encode(c)
		if err != nil {
			return err
		}
		rows = append(rows, []any{int64(c.ID), c.UID, dayOf(c.Received), string(c.Category), string(c.Channel), string(c.Status), caseSearchText(c), data})
	}
	if err := copyRows(ctx, tx, "cases", []string{"id", "uid", "received", "category", "channel", "status", "search", "record"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	var links [][]any
	for i := range b.Meetings {
		m := &b.Meetings[i]
		data, err := encode(m)
		if err != nil {
			return err
		}
		rows = append(rows, []any{int64(m.ID), m.UID, meetingDay(m.Date), m.Date.Year, string(m.State),
			meetingSearchText(m, loadedMinutesCases(m, cases, snapshots)), data})
		var linked []meeting.ID
		for _, it := range m.Agenda {
			if it.CaseID != 0 && !slices.Contains(linked, it.CaseID) {
				linked = append(linked, it.CaseID)
				links = append(links, []any{int64(it.CaseID), int64(m.ID)})
			}
		}
	}
	if err := copyRows(ctx, tx, "meetings", []string{"id", "uid", "day", "year", "state", "search", "record"}, rows); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "agenda_links", []string{"case_id", "meeting_id"}, links); err != nil {
		return err
	}

	rows = rows[:0]
	for _, r := range b.Revisions {
		data, err := encode(r.Minutes)
		if err != nil {
			return err
		}
		rows = append(rows, []any{int64(r.Meeting), r.N, data})
	}
	if err := copyRows(ctx, tx, "revisions", []string{"meeting_id", "n", "record"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for _, p := range b.PendingPDFs {
		rows = append(rows, []any{int64(p.Meeting), p.Revision})
	}
	if err := copyRows(ctx, tx, "pending_pdfs", []string{"meeting_id", "n"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for i := range b.FollowUps {
		f := &b.FollowUps[i]
		data, err := encode(followUpRecord{FollowUp: f.FollowUp, Superseded: f.Superseded, Updated: f.Updated})
		if err != nil {
			return err
		}
		rows = append(rows, []any{int64(f.ID), int64(f.MeetingID), int64(f.CaseID), f.Lead, string(f.Status), dayOf(f.Due), f.Superseded, data})
	}
	if err := copyRows(ctx, tx, "followups", []string{"id", "meeting_id", "case_id", "lead", "status", "due", "superseded", "record"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for _, a := range b.Audit {
		data, err := encode(a.Entry)
		if err != nil {
			return err
		}
		rows = append(rows, []any{a.Seq, int64(a.Meeting), data})
	}
	// COPY writes the identity column of the log as given (INSERT would need
	// OVERRIDING SYSTEM VALUE): the entries keep their sequence, and so their order.
	if err := copyRows(ctx, tx, "audit_log", []string{"id", "meeting_id", "entry"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for _, y := range b.Calendars {
		data, err := encode(y)
		if err != nil {
			return err
		}
		rows = append(rows, []any{y.Year, data})
	}
	if err := copyRows(ctx, tx, "calendars", []string{"year", "record"}, rows); err != nil {
		return err
	}

	rows = rows[:0]
	for _, year := range slices.Sorted(maps.Keys(b.Numbers)) {
		rows = append(rows, []any{year, b.Numbers[year]})
	}
	return copyRows(ctx, tx, "numbers", []string{"year", "last"}, rows)
}

// loadedMinutesCases is minutesCases over a batch: the agenda's cases for a draft,
// the cases of the last finalized revision's snapshot for locked minutes.
func loadedMinutesCases(m *meeting.Meeting, cases map[meeting.ID]*meeting.Case, snapshots map[meeting.RevisionRef]*meeting.Minutes) []meeting.Case {
	if !m.Editable() {
		if snap := snapshots[meeting.RevisionRef{Meeting: m.ID, Revision: len(m.Revisions)}]; snap != nil {
			return snap.Cases
		}
		return nil // VerifyAll reports the missing snapshot
	}
	var out []meeting.Case
	var seen []meeting.ID
	for _, it := range m.Agenda {
		if c := cases[it.CaseID]; c != nil && !slices.Contains(seen, it.CaseID) {
			seen = append(seen, it.CaseID)
			out = append(out, *c)
		}
	}
	return out
}

// copyRows copies rows into table with COPY.
func copyRows(ctx context.Context, tx pgx.Tx, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("loading %s: %w", table, err)
	}
	return nil
}

// putFileTx stores an archive file inside tx as PutFile does.
func putFileTx(ctx context.Context, tx pgx.Tx, path string, content []byte, hash string) error {
	hash = strings.ToLower(hash)
	if path == "" || !fs.ValidPath(path) || strings.Contains(path, "\\") {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("存档文件的路径「%s」无效：应为存档目录内的相对路径，用 / 分隔，不含 . 或 .. 。迁移未完成。", path), nil)
	}
	if got := hashOf(content); got != hash {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
			"存档文件 %s 的内容与给出的 SHA-256 校验值不符（给出 %s，实际 %s），迁移未完成。", path, hash, got), nil)
	}
	_, err := tx.Exec(ctx, `INSERT INTO archive_files (path, sha256, size, content) VALUES ($1, $2, $3, $4)`,
		path, hash, len(content), content)
	if sqlState(err) == "23505" {
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf("存档路径 %s 出现了两次，迁移未完成。", path), err)
	}
	return err
}

// setSequences moves each table's ID sequence past the IDs loaded and the last ones
// the source drew.
func setSequences(ctx context.Context, tx pgx.Tx, b *Batch) error {
	maxOf := func(ids ...int64) int64 { return slices.Max(append(ids, 0)) }
	last := map[string]int64{
		"departments": b.LastIDs.Departments,
		"cases":       b.LastIDs.Cases,
		"meetings":    b.LastIDs.Meetings,
		"followups":   b.LastIDs.FollowUps,
		"audit_log":   b.LastIDs.Audit,
	}
	for _, d := range b.Departments {
		last["departments"] = maxOf(last["departments"], int64(d.ID))
	}
	for _, c := range b.Cases {
		last["cases"] = maxOf(last["cases"], int64(c.ID))
	}
	for _, m := range b.Meetings {
		last["meetings"] = maxOf(last["meetings"], int64(m.ID))
	}
	for _, f := range b.FollowUps {
		last["followups"] = maxOf(last["followups"], int64(f.ID))
	}
	for _, a := range b.Audit {
		last["audit_log"] = maxOf(last["audit_log"], a.Seq)
	}
	for table, n := range last {
		// setval(…, 1, false) makes 1 the next value: a table where nothing was drawn.
		if _, err := tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence($1, 'id'), greatest($2::bigint, 1), $2::bigint > 0)",
			table, n); err != nil {
			return err
		}
	}
	return nil
}

// TableCounts says how many rows each table holds, for checking a load against its
// source.
type TableCounts struct {
	Departments, Cases, Meetings, Revisions, PendingPDFs int
	FollowUps, Superseded                                int // all items; of them, superseded
	Audit, Calendars, Files                              int
	Numbers                                              map[int]int // year → last document number drawn
}

// Counts counts the rows of every table and reads the number counters, in one
// snapshot of the database.
func (s *Store) Counts() (TableCounts, error) {
	var c TableCounts
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM departments), (SELECT count(*) FROM cases),
			(SELECT count(*) FROM meetings), (SELECT count(*) FROM revisions), (SELECT count(*) FROM pending_pdfs),
			(SELECT count(*) FROM followups), (SELECT count(*) FROM followups WHERE superseded),
			(SELECT count(*) FROM audit_log), (SELECT count(*) FROM calendars), (SELECT count(*) FROM archive_files)`).Scan(
			&c.Departments, &c.Cases, &c.Meetings, &c.Revisions, &c.PendingPDFs, &c.FollowUps, &c.Superseded,
			&c.Audit, &c.Calendars, &c.Files)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT year, last FROM numbers")
		if err != nil {
			return err
		}
		c.Numbers = map[int]int{}
		var year, last int
		_, err = pgx.ForEachRow(rows, []any{&year, &last}, func() error { c.Numbers[year] = last; return nil })
		return err
	})
	return c, err
}
