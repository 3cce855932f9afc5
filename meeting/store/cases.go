package store

import (
	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Cases returns the cases f selects, newest received first (the same day: latest
// registered first).
func (s *Store) Cases(f meeting.CaseFilter) ([]meeting.Case, error) {
	q := parseQuery(f.Query)
	var out []meeting.Case
	err := s.view(func(tx *bbolt.Tx) error {
		fields := make([][]byte, 4) // category, channel, status, search text
		return newestFirst(tx.Bucket(bucketCaseIndex), nil, func(k, v []byte) (bool, error) {
			if err := entryFields(v, fields); err != nil {
				return false, s.recordError(bucketCaseIndex, k, err)
			}
			if (f.Category != "" && string(fields[0]) != string(f.Category)) ||
				(f.Channel != "" && string(fields[1]) != string(f.Channel)) ||
				(f.Status != "" && string(fields[2]) != string(f.Status)) ||
				!q.match(fields[3]) {
				return true, nil
			}
			c, err := s.loadCase(tx, entryID(k))
			if err != nil {
				return false, err
			}
			out = append(out, c)
			return f.Limit <= 0 || len(out) < f.Limit, nil
		})
	})
	return out, err
}

// Case returns one case.
func (s *Store) Case(id meeting.ID) (meeting.Case, error) {
	var c meeting.Case
	err := s.view(func(tx *bbolt.Tx) (err error) {
		c, err = s.loadCase(tx, id)
		return err
	})
	return c, err
}

// SaveCase creates (ID 0) or replaces a case after validating it (meeting.Case.Validate);
// it refuses an invalid case with CodeInvalid and every problem. It assigns a UID to
// a new case that has none, keeps a stored case's UID and Created, stamps Updated,
// takes an empty status as open, keeps a stored case's status, reply and call-backs
// (only CloseCase and RecordCallBack change them), and on success sets *c to the case as stored.
// Draft minutes show the new text at once; finalized minutes keep the case as it
// was finalized.
func (s *Store) SaveCase(c *meeting.Case) error {
	if err := c.Validate().Err(); err != nil {
		return err
	}
	now := s.timestamp()
	rec := *c
	if rec.Status == "" {
		rec.Status = meeting.CaseOpen
	}
	err := s.update(func(tx *bbolt.Tx) error {
		var old *meeting.Case
		if rec.ID == 0 {
			id, err := nextID(tx.Bucket(bucketCases))
			if err != nil {
				return err
			}
			rec.ID, rec.Created = id, now
		} else {
			stored, err := s.loadCase(tx, rec.ID)
			if err != nil {
				return err
			}
			old = &stored
			rec.Created = stored.Created
			// Closing and call-backs go through CloseCase and RecordCallBack, which
			// check the items and the reply: an edit of the case keeps them as stored.
			rec.Status, rec.Reply, rec.ClosedOn, rec.CallBacks, rec.ReopenReason =
				stored.Status, stored.Reply, stored.ClosedOn, stored.CallBacks, stored.ReopenReason
			if stored.UID != "" {
				rec.UID = stored.UID
			}
		}
		if rec.UID == "" {
			rec.UID = meeting.NewUID()
		}
		rec.Updated = now
		if err := putJSON(tx, bucketCases, idKey(rec.ID), rec); err != nil {
			return err
		}
		if err := indexCase(tx, old, &rec); err != nil {
			return err
		}
		if old != nil && caseSearchText(old) != caseSearchText(&rec) {
			return s.reindexDrafts(tx, rec.ID)
		}
		return nil
	})
	if err == nil {
		*c = rec
	}
	return err
}

// reindexDrafts refreshes the search text of the draft meetings that have the case
// on their agenda, after its applicant's name changed. Locked minutes search the
// case as it was finalized and need nothing.
func (s *Store) reindexDrafts(tx *bbolt.Tx, caseID meeting.ID) error {
	for _, id := range meetingsOfCase(tx, caseID) {
		m, err := s.loadMeeting(tx, id)
		if err != nil {
			return err
		}
		if !m.Editable() {
			continue
		}
		cases, err := s.agendaCases(tx, &m)
		if err != nil {
			return err
		}
		if err := indexMeeting(tx, &m, &m, cases); err != nil {
			return err
		}
	}
	return nil
}

// loadCase reads a case, or fails with CodeNotFound.
func (s *Store) loadCase(tx *bbolt.Tx, id meeting.ID) (meeting.Case, error) {
	var c meeting.Case
	ok, err := s.getJSON(tx, bucketCases, idKey(id), &c)
	if err == nil && !ok {
		err = notFound("未找到编号为 %d 的诉求。", id)
	}
	c.ID = id
	return c, err
}
