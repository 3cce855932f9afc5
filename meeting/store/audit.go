package store

import (
	"bytes"
	"encoding/binary"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// The audit log is append-only: entries are written in the transaction of the change
// they describe, under the meeting's ID and a sequence drawn from the bucket, so a
// meeting's entries are adjacent and in the order they were written. Nothing in the
// store changes or deletes an entry; deleting a draft adds one.

// auditKey returns the key of an audit entry: the meeting's ID, then the sequence.
func auditKey(id meeting.ID, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(idKey(id), seq)
}

// appendAudit adds e to the meeting's audit log.
func appendAudit(tx *bbolt.Tx, id meeting.ID, e meeting.AuditEntry) error {
	seq, err := tx.Bucket(bucketAudit).NextSequence()
	if err != nil {
		return err
	}
	return putJSON(tx, bucketAudit, auditKey(id, seq), e)
}

// logChange adds the audit entry of a change from before to after (see
// meeting.DescribeChange), stamped with the store's clock; an edit that changed
// nothing adds none.
func (s *Store) logChange(tx *bbolt.Tx, id meeting.ID, action meeting.AuditAction, before, after *meeting.Meeting) error {
	e, ok := meeting.DescribeChange(action, before, after, s.timestamp())
	if !ok {
		return nil
	}
	return appendAudit(tx, id, e)
}

// Audit returns the audit log of a meeting, oldest first. The log of a deleted draft
// stays; a meeting that never existed gets CodeNotFound.
func (s *Store) Audit(id meeting.ID) ([]meeting.AuditEntry, error) {
	var out []meeting.AuditEntry
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		if out, err = s.auditOf(tx, id); err != nil {
			return err
		}
		if len(out) == 0 && tx.Bucket(bucketMeetings).Get(idKey(id)) == nil {
			return notFound("未找到编号为 %d 的会议。", id)
		}
		return nil
	})
	return out, err
}

// auditOf reads the audit log of one meeting.
func (s *Store) auditOf(tx *bbolt.Tx, id meeting.ID) ([]meeting.AuditEntry, error) {
	var out []meeting.AuditEntry
	prefix := idKey(id)
	c := tx.Bucket(bucketAudit).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var e meeting.AuditEntry
		if err := s.decode(bucketAudit, k, v, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// rebuiltNote marks the audit entries that the upgrade to schema 3 rebuilt from the
// records of meetings stored before the audit log existed.
const rebuiltNote = "（升级数据版本时根据已有记录补记）"

// rebuiltAudit returns the audit entries a meeting's record still shows: its
// creation, each revision's finalization, each scan attached and its archiving, at the
// times the record gives.
func rebuiltAudit(m *meeting.Meeting) []meeting.AuditEntry {
	first := *m
	first.State, first.Revisions, first.AmendReason = meeting.StateDraft, nil, ""
	created, _ := meeting.DescribeChange(meeting.AuditCreate, nil, &first, m.Created)
	out := []meeting.AuditEntry{created}
	for i, rev := range m.Revisions {
		state := *m
		state.State, state.Revisions = meeting.StateFinalized, append([]meeting.Revision(nil), m.Revisions[:i+1]...)
		last := &state.Revisions[i]
		last.Scans = nil
		fin, _ := meeting.DescribeChange(meeting.AuditFinalize, nil, &state, rev.FinalizedAt)
		out = append(out, fin)
		for _, sc := range rev.Scans {
			last.Scans = append(last.Scans, sc)
			e, _ := meeting.DescribeChange(meeting.AuditAttach, nil, &state, sc.AttachedAt)
			out = append(out, e)
		}
		if !rev.ArchivedAt.IsZero() {
			e, _ := meeting.DescribeChange(meeting.AuditArchive, nil, &state, rev.ArchivedAt)
			out = append(out, e)
		}
	}
	for i := range out {
		out[i].Detail += rebuiltNote
	}
	return out
}
