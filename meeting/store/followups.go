package store

import (
	"cmp"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// followUpRecord is a follow-up item as stored: the domain value and what only the
// store knows about it.
//
// Superseded marks an item whose decision an amendment removed after work on it was
// reported: its history is kept, but it is no longer followed, so it is left out of
// every list and read (and no longer keeps its case from closing). An item of a
// removed decision that was never reported on is deleted instead: there is nothing
// of it to keep.
type followUpRecord struct {
	meeting.FollowUp
	Superseded bool      `json:"superseded,omitempty"`
	Updated    time.Time `json:"updated"`
}

// FollowUps returns the items f selects, in meeting, agenda and decision order
// (the order of their IDs, drawn in that order at finalization). Superseded items
// are left out. With a Limit, only the last items of that list are read.
func (s *Store) FollowUps(f meeting.FollowUpFilter) ([]meeting.FollowUp, error) {
	var out []meeting.FollowUp
	err := s.view(func(tx *bbolt.Tx) error {
		keep := func(r *followUpRecord) bool {
			return !r.Superseded &&
				(f.Meeting == 0 || r.MeetingID == f.Meeting) &&
				(f.Case == 0 || r.CaseID == f.Case) &&
				(f.Lead == "" || r.Lead == f.Lead) &&
				(f.Status == "" || r.Status == f.Status) &&
				(!f.Open || r.Status != meeting.FollowUpDone)
		}
		var recs []followUpRecord
		var err error
		switch {
		case f.Meeting != 0:
			recs, err = s.followUpsUnder(tx, bucketFollowUpByMeeting, idKey(f.Meeting), keep)
		case f.Case != 0:
			recs, err = s.followUpsUnder(tx, bucketFollowUpByCase, idKey(f.Case), keep)
		case f.Limit > 0:
			recs, err = s.newestFollowUps(tx, f.Limit, keep)
		default:
			recs, err = s.followUpRecords(tx, keep)
		}
		for _, r := range recs {
			out = append(out, r.FollowUp)
		}
		return err
	})
	slices.SortStableFunc(out, func(a, b meeting.FollowUp) int {
		return cmp.Or(cmp.Compare(a.MeetingID, b.MeetingID), cmp.Compare(a.ID, b.ID))
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[len(out)-f.Limit:]
	}
	return out, err
}

// newestFollowUps reads the items keep selects from the newest meeting back, until it
// has limit of them, so that a screen listing the latest items decodes only those.
func (s *Store) newestFollowUps(tx *bbolt.Tx, limit int, keep func(*followUpRecord) bool) ([]followUpRecord, error) {
	var out []followUpRecord
	c := tx.Bucket(bucketFollowUpByMeeting).Cursor()
	for k, _ := c.Last(); k != nil && len(out) < limit; k, _ = c.Prev() {
		r, err := s.readFollowUp(tx, keyID(k[8:]))
		if err != nil {
			return nil, err
		}
		if keep(&r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// FollowUp returns one item; a superseded one is not found.
func (s *Store) FollowUp(id meeting.ID) (meeting.FollowUp, error) {
	var r followUpRecord
	err := s.view(func(tx *bbolt.Tx) (err error) {
		r, err = s.loadFollowUp(tx, id)
		return err
	})
	return r.FollowUp, err
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

// changeFollowUp loads an item, lets change decide and stores the result, all in one
// transaction. A refusal writes nothing.
func (s *Store) changeFollowUp(id meeting.ID, change func(*meeting.FollowUp) error) (meeting.FollowUp, error) {
	var r followUpRecord
	err := s.update(func(tx *bbolt.Tx) error {
		old, err := s.loadFollowUp(tx, id)
		if err != nil {
			return err
		}
		r = old
		r.Progress = slices.Clone(old.Progress)
		if err := change(&r.FollowUp); err != nil {
			return err
		}
		r.Updated = s.timestamp()
		return putFollowUp(tx, &old, r)
	})
	if err != nil {
		return meeting.FollowUp{}, err
	}
	return r.FollowUp, nil
}

// CloseCase records the reply and closes the case; meeting.CloseCase decides from
// the case's items (superseded ones are not followed and do not count).
func (s *Store) CloseCase(caseID meeting.ID, reply meeting.Reply) (meeting.Case, error) {
	return s.changeCase(caseID, func(tx *bbolt.Tx, c *meeting.Case) error {
		recs, err := s.followUpsUnder(tx, bucketFollowUpByCase, idKey(caseID), func(r *followUpRecord) bool { return !r.Superseded })
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
	return s.changeCase(caseID, func(_ *bbolt.Tx, c *meeting.Case) error { return meeting.RecordCallBack(c, cb) })
}

// changeCase loads a case, lets change decide, and stores it with its index entry,
// in one transaction. A refusal writes nothing.
func (s *Store) changeCase(id meeting.ID, change func(*bbolt.Tx, *meeting.Case) error) (meeting.Case, error) {
	var c meeting.Case
	err := s.update(func(tx *bbolt.Tx) error {
		old, err := s.loadCase(tx, id)
		if err != nil {
			return err
		}
		c = old
		c.CallBacks = slices.Clone(old.CallBacks)
		if err := change(tx, &c); err != nil {
			return err
		}
		c.Updated = s.timestamp()
		if err := putJSON(tx, bucketCases, idKey(id), c); err != nil {
			return err
		}
		return indexCase(tx, &old, &c)
	})
	if err != nil {
		return meeting.Case{}, err
	}
	return c, nil
}

// reportCarryOver enters, at the first finalization of m, what it reported on the
// items of earlier meetings into their logs (meeting.ReportCarryOver decides). An item
// no longer followed (its minutes amended since) is left as it is.
func (s *Store) reportCarryOver(tx *bbolt.Tx, m *meeting.Meeting) error {
	for _, c := range m.CarryOver {
		if c.FollowUpID == 0 {
			continue
		}
		old, err := s.loadFollowUp(tx, c.FollowUpID)
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
		if err := putFollowUp(tx, &old, r); err != nil {
			return err
		}
	}
	return nil
}

// loadFollowUp reads an item, or fails with CodeNotFound (also for a superseded one).
func (s *Store) loadFollowUp(tx *bbolt.Tx, id meeting.ID) (followUpRecord, error) {
	var r followUpRecord
	ok, err := s.getJSON(tx, bucketFollowUps, idKey(id), &r)
	if err != nil {
		return r, err
	}
	if !ok || r.Superseded {
		return followUpRecord{}, notFound("未找到编号为 %d 的督办事项。", id)
	}
	r.ID = id
	return r, nil
}

// followUpRecords reads the items keep selects, in ID order. It walks the whole
// bucket: items are few next to what a store holds (one per decision).
func (s *Store) followUpRecords(tx *bbolt.Tx, keep func(*followUpRecord) bool) ([]followUpRecord, error) {
	var out []followUpRecord
	err := tx.Bucket(bucketFollowUps).ForEach(func(k, v []byte) error {
		var r followUpRecord
		if err := s.decode(bucketFollowUps, k, v, &r); err != nil {
			return err
		}
		r.ID = keyID(k)
		if keep(&r) {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// syncFollowUps brings the items of a meeting in line with its newly finalized
// revision mn, inside the finalizing transaction. An item whose decision (by
// DecisionUID) is still in the minutes keeps its status and progress and takes the
// decision's new text, departments, due day and revision; a new decision gets a new
// pending item; an item of a removed decision is deleted if nobody reported on it,
// else superseded (see followUpRecord).
func (s *Store) syncFollowUps(tx *bbolt.Tx, mn meeting.Minutes) error {
	now := s.timestamp()
	existing, err := s.followUpsUnder(tx, bucketFollowUpByMeeting, idKey(mn.Meeting.ID), func(r *followUpRecord) bool {
		return !r.Superseded
	})
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
	b := tx.Bucket(bucketFollowUps)
	for _, f := range meeting.FollowUpsFor(mn) {
		r, ok := byUID[f.DecisionUID]
		var old *followUpRecord
		if ok && f.DecisionUID != "" && !kept[r.ID] {
			kept[r.ID] = true
			was := r
			old = &was
			r.MeetingDate, r.Number, r.Revision, r.CaseID = f.MeetingDate, f.Number, f.Revision, f.CaseID
			r.Text, r.Lead, r.Cooperating, r.Due = f.Text, f.Lead, f.Cooperating, f.Due
		} else {
			id, err := nextID(b)
			if err != nil {
				return err
			}
			f.ID = id
			r = followUpRecord{FollowUp: f}
		}
		r.Updated = now
		if err := putFollowUp(tx, old, r); err != nil {
			return err
		}
	}
	for _, r := range existing {
		if kept[r.ID] {
			continue
		}
		if r.Status == meeting.FollowUpPending && len(r.Progress) == 0 {
			if err := deleteFollowUp(tx, &r); err != nil {
				return err
			}
			continue
		}
		was := r
		r.Superseded, r.Updated = true, now
		if err := putFollowUp(tx, &was, r); err != nil {
			return err
		}
	}
	return nil
}

// startFollowUps (schema 3 → 4) adds the follow-up items: every meeting finalized
// before the upgrade gets the items of its latest finalized revision, pending. A
// meeting amended back to a draft is followed by the revision it last had.
func (s *Store) startFollowUps(tx *bbolt.Tx) error {
	// The items are written through putFollowUp, which keeps the schema-5 indexes:
	// create them here already (indexFollowUps, next, finds them filled).
	for _, name := range append([][]byte{bucketFollowUps}, followUpIndexBuckets[:]...) {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return s.eachMeeting(tx, func(m meeting.Meeting) error {
		rev, ok := m.LastRevision()
		if !ok {
			return nil
		}
		mn, err := s.revision(tx, m.ID, rev.N)
		if err != nil {
			return err
		}
		mn.Meeting.ID = m.ID
		return s.syncFollowUps(tx, mn)
	})
}
