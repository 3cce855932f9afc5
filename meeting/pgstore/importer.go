package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Import stores departments, cases and a draft meeting in one transaction: nothing
// is stored unless everything is, with the bbolt store's semantics.
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
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		// Two imports at once must not both add the same new department.
		if _, err := tx.Exec(ctx, "LOCK TABLE departments IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		directory, err := queryDepartments(ctx, tx)
		if err != nil {
			return err
		}
		plan, err := meeting.PlanImport(directory, departments, cases, m)
		if err != nil {
			return err
		}
		for i := range plan.Departments {
			if err := putDepartment(ctx, tx, &plan.Departments[i]); err != nil {
				return err
			}
			plan.Added(i, plan.Departments[i].ID)
		}
		realID := map[meeting.ID]meeting.ID{}
		for _, c := range cases {
			provisionalID := c.ID
			if c.ID, err = nextID(ctx, tx, "cases"); err != nil {
				return err
			}
			c.Created, c.Updated = now, now
			if c.UID == "" {
				c.UID = meeting.NewUID()
			}
			if c.Status == "" {
				c.Status = meeting.CaseOpen
			}
			if err := putCase(ctx, tx, &c); err != nil {
				return err
			}
			realID[provisionalID] = c.ID
		}

		id, err := nextID(ctx, tx, "meetings")
		if err != nil {
			return err
		}
		stored, err := plan.Draft(id, m, realID, now)
		if err != nil {
			return err
		}
		if err := s.putMeeting(ctx, tx, meeting.AuditImport, nil, &stored); err != nil {
			return err
		}
		saved = stored
		return nil
	})
	return saved, err
}
