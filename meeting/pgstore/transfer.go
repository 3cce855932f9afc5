package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Transfer packages (转办包) between offices, with the bbolt store's semantics:
// package meeting decides what the records are and how an import judges them
// (meeting.CollectTransfer, meeting.ImportTransfer); this store reads and writes
// them inside one PostgreSQL transaction (transferTx). The records are the same
// JSON as the bbolt store's, so a package written by either imports into the other.
//
// The archived files an import places reach the database after it commits: the
// caller's placer sends them (export/transfer.ImportTo, through archive.Send), as
// archive.Finalize sends a finalized PDF, with an unsent marker in between so that
// archive.Recover sends what a crash left behind.

// TransferOut collects the selected cases and meetings as the records of a transfer
// package (see meeting.TransferSelection) from one snapshot of the database. A case
// or meeting stored before UIDs existed (copied from an old bbolt file) gets one
// now, kept from then on, without a change of its Updated stamp or its audit log.
func (s *Store) TransferOut(sel meeting.TransferSelection) (meeting.TransferSet, error) {
	var missing bool
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		missing, err = lackUIDs(ctx, tx, sel)
		return err
	})
	if err == nil && missing {
		err = s.update(func(ctx context.Context, tx pgx.Tx) error { return assignUIDs(ctx, tx, sel) })
	}
	if err != nil {
		return meeting.TransferSet{}, err
	}
	var set meeting.TransferSet
	err = s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		set, err = meeting.CollectTransfer(transferTx{ctx: ctx, tx: tx}, sel)
		return err
	})
	if err != nil {
		return meeting.TransferSet{}, err
	}
	return set, nil
}

// lackUIDs reports whether a case or meeting of the selection has no UID.
func lackUIDs(ctx context.Context, tx pgx.Tx, sel meeting.TransferSelection) (bool, error) {
	cases, meetings, err := meeting.TransferScope(transferTx{ctx: ctx, tx: tx}, sel)
	if err != nil {
		return false, err
	}
	var missing bool
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM cases WHERE id = ANY($1) AND uid = '')
		OR EXISTS (SELECT FROM meetings WHERE id = ANY($2) AND uid = '')`, ids(cases), ids(meetings)).Scan(&missing)
	return missing, err
}

// assignUIDs gives every case and meeting of the selection without a UID a new one,
// in the column and in the record alike.
func assignUIDs(ctx context.Context, tx pgx.Tx, sel meeting.TransferSelection) error {
	cases, meetings, err := meeting.TransferScope(transferTx{ctx: ctx, tx: tx}, sel)
	if err != nil {
		return err
	}
	for _, r := range []struct {
		table string
		ids   []meeting.ID
	}{{"cases", cases}, {"meetings", meetings}} {
		for _, id := range r.ids {
			if _, err := tx.Exec(ctx, "UPDATE "+r.table+` SET uid = $2, record = jsonb_set(record, '{uid}', to_jsonb($2::text))
				WHERE id = $1 AND uid = ''`, int64(id), meeting.NewUID()); err != nil {
				return err
			}
		}
	}
	return nil
}

// TransferIn imports the records of a transfer package (entry name → JSON, see
// TransferOut) in one transaction: nothing is stored unless everything is.
// meeting.ImportTransfer decides what is added (new IDs, references rewritten),
// what is unchanged and what is a conflict (reported, not overwritten); departments
// join the directory by name; from names the sending office in the audit log; place
// copies the archived files of added meetings into this PC's archive folder. Two
// imports at once take turns (the directory's lock, as Import takes it), so the same
// package imported on two PCs adds its records once.
func (s *Store) TransferIn(from string, records map[string][]byte, place meeting.TransferPlace) (meeting.TransferReport, error) {
	in, err := meeting.DecodeTransfer(records)
	if err != nil {
		return meeting.TransferReport{}, err
	}
	var rep meeting.TransferReport
	err = s.update(func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "LOCK TABLE departments IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		var err error
		rep, err = meeting.ImportTransfer(transferTx{ctx: ctx, tx: tx, s: s}, from, in, place, s.timestamp())
		return err
	})
	if err != nil {
		return meeting.TransferReport{}, err
	}
	return rep, nil
}

// transferTx is one transaction as a meeting.TransferSource, and with its store (in
// a read-write transaction) as a meeting.TransferTarget.
type transferTx struct {
	ctx context.Context
	tx  pgx.Tx
	s   *Store // nil for reading only
}

var _ meeting.TransferTarget = transferTx{}

func ids(list []meeting.ID) []int64 {
	out := make([]int64, len(list))
	for i, id := range list {
		out[i] = int64(id)
	}
	return out
}

// column reads the IDs one query returns.
func (t transferTx) column(sql string, args ...any) ([]meeting.ID, error) {
	rows, err := t.tx.Query(t.ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	out := make([]meeting.ID, len(found))
	for i, id := range found {
		out[i] = meeting.ID(id)
	}
	return out, err
}

// byUID reads (uid, id) rows.
func (t transferTx) byUID(sql string, args ...any) (map[string]meeting.ID, error) {
	rows, err := t.tx.Query(t.ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]meeting.ID{}
	for rows.Next() {
		var uid string
		var id int64
		if err := rows.Scan(&uid, &id); err != nil {
			return nil, err
		}
		out[uid] = meeting.ID(id)
	}
	return out, rows.Err()
}

func (t transferTx) CaseIDs() ([]meeting.ID, error) {
	return t.column("SELECT id FROM cases ORDER BY id")
}
func (t transferTx) MeetingIDs() ([]meeting.ID, error) {
	return t.column("SELECT id FROM meetings ORDER BY id")
}

func (t transferTx) CasesByUID(uids []string) (map[string]meeting.ID, error) {
	return t.byUID("SELECT uid, min(id) FROM cases WHERE uid = ANY($1) GROUP BY uid", uids)
}

func (t transferTx) Case(id meeting.ID) (meeting.Case, error) {
	return loadCase(t.ctx, t.tx, id, false)
}
func (t transferTx) Meeting(id meeting.ID) (meeting.Meeting, error) {
	return loadMeeting(t.ctx, t.tx, id, false)
}

func (t transferTx) MeetingsOfCase(id meeting.ID) ([]meeting.ID, error) {
	return t.column("SELECT meeting_id FROM agenda_links WHERE case_id = $1 ORDER BY meeting_id", int64(id))
}

func (t transferTx) Revision(id meeting.ID, n int) (meeting.Minutes, error) {
	return revision(t.ctx, t.tx, id, n, false)
}

func (t transferTx) FollowUps(meetingID meeting.ID) ([]meeting.FollowUp, error) {
	recs, err := queryFollowUps(t.ctx, t.tx, "SELECT id, record FROM followups WHERE meeting_id = $1 AND NOT superseded ORDER BY id", int64(meetingID))
	out := make([]meeting.FollowUp, len(recs))
	for i, r := range recs {
		out[i] = r.FollowUp
	}
	return out, err
}

func (t transferTx) Departments() ([]meeting.Department, error) { return queryDepartments(t.ctx, t.tx) }

// UIDs maps the UIDs of the stored cases and meetings to their IDs through the uid
// columns' indexes.
func (t transferTx) UIDs() (cases, meetings map[string]meeting.ID, err error) {
	if cases, err = t.byUID("SELECT uid, min(id) FROM cases WHERE uid <> '' GROUP BY uid"); err != nil {
		return nil, nil, err
	}
	meetings, err = t.byUID("SELECT uid, min(id) FROM meetings WHERE uid <> '' GROUP BY uid")
	return cases, meetings, err
}

func (t transferTx) AddDepartment(d *meeting.Department) error { return putDepartment(t.ctx, t.tx, d) }

func (t transferTx) AddCase(c *meeting.Case) error {
	id, err := nextID(t.ctx, t.tx, "cases")
	if err != nil {
		return err
	}
	c.ID = id
	return putCase(t.ctx, t.tx, c)
}

func (t transferTx) NewMeetingID() (meeting.ID, error) { return nextID(t.ctx, t.tx, "meetings") }

// AddMeeting stores a transferred meeting. The snapshots refer to the meeting's row
// and putMeeting reads the last one for the search text of locked minutes, so the
// row goes in first as a placeholder that putMeeting then writes in full; as an
// edit of the meeting onto itself that adds no audit entry, and the transfer's own
// entry is the meeting's first.
func (t transferTx) AddMeeting(m *meeting.Meeting, snapshots map[int]*meeting.Minutes, items []meeting.FollowUp, e meeting.AuditEntry) error {
	ctx, tx := t.ctx, t.tx
	data, err := encode(m)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO meetings (id, uid, day, year, state, search, record) VALUES ($1, $2, 0, 0, $3, '', $4)`,
		int64(m.ID), m.UID, string(m.State), data); err != nil {
		return err
	}
	for n := 1; n <= len(m.Revisions); n++ {
		snap, ok := snapshots[n]
		if !ok {
			continue
		}
		if err := putRevision(ctx, tx, m.ID, n, *snap, true); err != nil {
			return err
		}
		if m.Revisions[n-1].PDFHash == "" {
			if _, err := tx.Exec(ctx, "INSERT INTO pending_pdfs (meeting_id, n) VALUES ($1, $2)", int64(m.ID), n); err != nil {
				return err
			}
		}
	}
	if err := t.s.putMeeting(ctx, tx, meeting.AuditEdit, m, m); err != nil {
		return err
	}
	for _, f := range items {
		id, err := nextID(ctx, tx, "followups")
		if err != nil {
			return err
		}
		r := followUpRecord{FollowUp: f, Updated: t.s.timestamp()}
		r.ID = id
		if err := putFollowUp(ctx, tx, &r); err != nil {
			return err
		}
	}
	entry, err := encode(e)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO audit_log (meeting_id, entry) VALUES ($1, $2)", int64(m.ID), entry)
	return err
}
