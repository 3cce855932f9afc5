package store

import (
	"bytes"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// VerifyAll checks the finalized revisions of every meeting and returns every
// problem found, meeting by meeting. For each meeting, meeting.CheckChain checks the
// hash chain of its revisions against their snapshots; the store adds what only it
// can see: a meeting or snapshot that cannot be read, snapshots or audit entries of a
// meeting whose record is gone, and revisions the audit log says were finalized but
// the record no longer has (a last revision removed with its snapshot leaves a chain
// that is whole, but not the log). It then checks the follow-up items against the
// minutes they follow (verifyFollowUps). The files on disk are checked elsewhere.
// The error is for a store that cannot be read at all.
func (s *Store) VerifyAll() ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	err := s.view(func(tx *bbolt.Tx) error {
		logs, err := s.auditSummaries(tx, nil)
		if err != nil {
			return err
		}
		ids := map[meeting.ID]bool{}
		for id := range logs {
			ids[id] = true
		}
		_ = tx.Bucket(bucketMeetings).ForEach(func(k, _ []byte) error { ids[keyID(k)] = true; return nil })
		_ = tx.Bucket(bucketRevisions).ForEach(func(k, _ []byte) error { ids[keyID(k)] = true; return nil })
		sorted := make([]meeting.ID, 0, len(ids))
		for id := range ids {
			sorted = append(sorted, id)
		}
		slices.Sort(sorted)
		for _, id := range sorted {
			out = append(out, s.verifyMeeting(tx, id, logs[id])...)
		}
		items, err := s.verifyFollowUps(tx)
		out = append(out, items...)
		return err
	})
	return out, err
}

// VerifyChain checks the finalized revisions of one meeting as VerifyAll does.
func (s *Store) VerifyChain(id meeting.ID) ([]meeting.ChainProblem, error) {
	var out []meeting.ChainProblem
	err := s.view(func(tx *bbolt.Tx) error {
		logs, err := s.auditSummaries(tx, idKey(id))
		if err != nil {
			return err
		}
		if logs[id].entries == 0 && tx.Bucket(bucketMeetings).Get(idKey(id)) == nil {
			if k, _ := tx.Bucket(bucketRevisions).Cursor().Seek(idKey(id)); !bytes.HasPrefix(k, idKey(id)) {
				return notFound("未找到编号为 %d 的会议。", id)
			}
		}
		out = s.verifyMeeting(tx, id, logs[id])
		return nil
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

// auditSummaries reads the audit log, of every meeting or of the keys with prefix.
func (s *Store) auditSummaries(tx *bbolt.Tx, prefix []byte) (map[meeting.ID]auditSummary, error) {
	out := map[meeting.ID]auditSummary{}
	c := tx.Bucket(bucketAudit).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != 16 {
			return nil, s.recordError(bucketAudit, k, fmt.Errorf("key of %d bytes, want 16", len(k)))
		}
		id := keyID(k)
		sum := out[id]
		sum.entries++
		var e meeting.AuditEntry
		if err := s.decode(bucketAudit, k, v, &e); err != nil {
			sum.unreadable++
		}
		switch e.Action {
		case meeting.AuditFinalize:
			sum.finalized = max(sum.finalized, e.Revision)
		case meeting.AuditDelete:
			sum.deleted = true
		}
		out[id] = sum
	}
	return out, nil
}

// verifyMeeting checks one meeting's record, its snapshots and its audit log.
func (s *Store) verifyMeeting(tx *bbolt.Tx, id meeting.ID, log auditSummary) []meeting.ChainProblem {
	var out []meeting.ChainProblem
	add := func(n int, format string, args ...any) {
		out = append(out, meeting.ChainProblem{Meeting: id, Revision: n, Message: fmt.Sprintf(format, args...)})
	}
	snapshots := map[int]*meeting.Minutes{}
	prefix := idKey(id)
	c := tx.Bucket(bucketRevisions).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != 12 {
			add(0, "会议（编号 %d）的定稿存档中有一个无法识别的条目。", id)
			continue
		}
		var mn meeting.Minutes
		if s.decode(bucketRevisions, k, v, &mn) != nil {
			snapshots[revisionOf(k)] = nil
			continue
		}
		snapshots[revisionOf(k)] = &mn
	}
	if log.unreadable > 0 {
		add(0, "会议（编号 %d）的审计日志中有 %d 条记录无法读取，可能已被改写。", id, log.unreadable)
	}

	data := tx.Bucket(bucketMeetings).Get(prefix)
	if data == nil {
		switch {
		case len(snapshots) > 0:
			add(0, "会议（编号 %d）的记录已不存在，但仍存有 %d 个定稿版本的存档：会议记录可能被删除。", id, len(snapshots))
		case log.finalized > 0:
			add(0, "会议（编号 %d）的记录已不存在，而审计日志记载它已定稿到第 %d 版：会议记录可能被删除。", id, log.finalized)
		case !log.deleted:
			add(0, "会议（编号 %d）的记录已不存在，但审计日志中没有删除它的记录。", id)
		}
		return out
	}
	var m meeting.Meeting
	if s.decode(bucketMeetings, prefix, data, &m) != nil {
		add(0, "会议（编号 %d）的记录无法读取，可能已被改写。", id)
		return out
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
	return out
}
