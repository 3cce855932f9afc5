package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// The audit log is append-only: entries are inserted in the transaction of the
// change they describe, in the order they were written (the identity column), and
// the app role may not UPDATE or DELETE them (0002_grants.sql). Deleting a draft adds
// an entry; its log stays.

// logChange adds the audit entry of a change from before to after (see
// meeting.DescribeChange), stamped with the store's clock; an edit that changed
// nothing adds none.
func (s *Store) logChange(ctx context.Context, tx pgx.Tx, id meeting.ID, action meeting.AuditAction, before, after *meeting.Meeting) error {
	e, ok := meeting.DescribeChange(action, before, after, s.timestamp())
	if !ok {
		return nil
	}
	data, err := encode(e)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO audit_log (meeting_id, entry) VALUES ($1, $2)", int64(id), data)
	return err
}

// Audit returns the audit log of a meeting, oldest first. The log of a deleted draft
// stays; a meeting that never existed gets CodeNotFound.
func (s *Store) Audit(id meeting.ID) ([]meeting.AuditEntry, error) {
	var out []meeting.AuditEntry
	err := s.view(func(ctx context.Context, tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id, entry FROM audit_log WHERE meeting_id = $1 ORDER BY id", int64(id))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var data []byte
			if err := rows.Scan(&seq, &data); err != nil {
				return err
			}
			var e meeting.AuditEntry
			if err := decode("audit_log", seq, data, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM meetings WHERE id = $1)", int64(id)).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return notFound("未找到编号为 %d 的会议。", id)
			}
		}
		return nil
	})
	return out, err
}
