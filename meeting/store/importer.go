package store

import (
	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Import stores departments, cases and a draft meeting in one transaction: nothing
// is stored unless everything is.
//
// Departments join the directory by name: an entry whose name is already there is
// kept as it is, a new one is validated and added. Cases carry provisional IDs
// (distinct, non-zero) that the agenda refers to; each is validated and gets a real
// ID, and the agenda is rewritten to match. The meeting is validated as it would be
// finalized, against the imported cases, and stored as a new draft with fresh
// lifecycle fields; attendance rows naming a directory entry get its ID.
//
// Problems carry the paths of the import: "departments[i].…", "cases[i].…" and
// "meeting.…". It returns the stored meeting.
func (s *Store) Import(departments []meeting.Department, cases []meeting.Case, m meeting.Meeting) (meeting.Meeting, error) {
	now := s.timestamp()
	var saved meeting.Meeting
	err := s.update(func(tx *bbolt.Tx) error {
		directory, err := s.departments(tx)
		if err != nil {
			return err
		}
		plan, err := meeting.PlanImport(directory, departments, cases, m)
		if err != nil {
			return err
		}
		for i := range plan.Departments {
			if err := s.putDepartment(tx, &plan.Departments[i]); err != nil {
				return err
			}
			plan.Added(i, plan.Departments[i].ID)
		}
		realID := map[meeting.ID]meeting.ID{}
		for _, c := range cases {
			provisionalID := c.ID
			c.ID, c.Created, c.Updated = 0, now, now
			if err := s.insertCase(tx, &c); err != nil {
				return err
			}
			realID[provisionalID] = c.ID
		}

		id, err := nextID(tx.Bucket(bucketMeetings))
		if err != nil {
			return err
		}
		stored, err := plan.Draft(id, m, realID, now)
		if err != nil {
			return err
		}
		saved = stored
		return s.putMeeting(tx, meeting.AuditImport, nil, &stored)
	})
	return saved, err
}

// insertCase stores a new case, drawing its ID and filling in its UID and status.
func (s *Store) insertCase(tx *bbolt.Tx, c *meeting.Case) error {
	id, err := nextID(tx.Bucket(bucketCases))
	if err != nil {
		return err
	}
	c.ID = id
	if c.UID == "" {
		c.UID = meeting.NewUID()
	}
	if c.Status == "" {
		c.Status = meeting.CaseOpen
	}
	if err := putJSON(tx, bucketCases, idKey(id), c); err != nil {
		return err
	}
	return indexCase(tx, nil, c)
}
