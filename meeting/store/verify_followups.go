package store

import (
	"bytes"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// verifyFollowUps checks the follow-up items against the minutes they follow and
// their indexes against the items: every decision of a meeting's latest finalized
// revision has one followed item, every followed item's decision is in it, and the
// three indexes hold exactly the entries the items give. Problems of the indexes
// are reported under meeting 0.
func (s *Store) verifyFollowUps(tx *bbolt.Tx) ([]meeting.ChainProblem, error) {
	recs, err := s.followUpRecords(tx, func(*followUpRecord) bool { return true })
	if err != nil {
		return nil, err
	}
	var out []meeting.ChainProblem
	byMeeting := map[meeting.ID][]followUpRecord{}
	for _, r := range recs {
		if !r.Superseded {
			byMeeting[r.MeetingID] = append(byMeeting[r.MeetingID], r)
		}
	}
	// Items of a meeting whose record is gone are not reported again: the chain
	// check says the record is gone.
	err = s.eachMeeting(tx, func(m meeting.Meeting) error {
		items := byMeeting[m.ID]
		rev, ok := m.LastRevision()
		if !ok {
			for _, r := range items {
				out = append(out, meeting.ChainProblem{Meeting: m.ID, Message: fmt.Sprintf(
					"会议（编号 %d）从未定稿，却有督办事项（编号 %d）。", m.ID, r.ID)})
			}
			return nil
		}
		mn, err := s.revision(tx, m.ID, rev.N)
		if err != nil {
			return nil // the chain check reports a snapshot that cannot be read
		}
		followed := map[string]int{}
		for _, r := range items {
			followed[r.DecisionUID]++
		}
		for _, want := range meeting.FollowUpsFor(mn) {
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
		return nil
	})
	if err != nil {
		return nil, err
	}
	return append(out, followUpIndexProblems(tx, recs)...), nil
}

// followUpIndexProblems compares the follow-up indexes with the entries recs give.
func followUpIndexProblems(tx *bbolt.Tx, recs []followUpRecord) []meeting.ChainProblem {
	var want [3][][]byte
	for i := range recs {
		keys, _ := followUpIndexKeys(&recs[i])
		for j, k := range keys {
			if k != nil {
				want[j] = append(want[j], k)
			}
		}
	}
	var out []meeting.ChainProblem
	for j, name := range followUpIndexBuckets {
		var got [][]byte
		_ = tx.Bucket(name).ForEach(func(k, _ []byte) error { got = append(got, bytes.Clone(k)); return nil })
		slices.SortFunc(want[j], bytes.Compare)
		if !slices.EqualFunc(got, want[j], bytes.Equal) {
			out = append(out, meeting.ChainProblem{Message: fmt.Sprintf(
				"督办索引 %s 与督办事项不一致（索引 %d 条，应为 %d 条）。请用“恢复备份”恢复最近的备份。", name, len(got), len(want[j]))})
		}
	}
	return out
}
