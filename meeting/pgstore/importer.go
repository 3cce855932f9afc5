package pgstore

import (
	"context"
	"fmt"
	"strings"

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
		byName := map[string]meeting.ID{}
		for _, d := range directory {
			byName[strings.TrimSpace(d.Name)] = d.ID
		}

		// Check everything before writing anything, so that every problem is reported.
		var ps meeting.Problems
		var added []meeting.Department
		adding := map[string]bool{}
		for i, d := range departments {
			name := strings.TrimSpace(d.Name)
			if _, ok := byName[name]; ok || adding[name] {
				continue
			}
			adding[name] = true
			ps = append(ps, prefixed(fmt.Sprintf("departments[%d].", i), d.Validate())...)
			d.ID = 0
			added = append(added, d)
		}
		provisional := map[meeting.ID]int{}
		for i := range cases {
			at := fmt.Sprintf("cases[%d].", i)
			switch first, dup := provisional[cases[i].ID]; {
			case cases[i].ID == 0:
				ps = append(ps, meeting.Problem{Field: at + "id", Message: fmt.Sprintf("诉求%d缺少临时编号，议题靠它关联诉求。", i+1)})
			case dup:
				ps = append(ps, meeting.Problem{Field: at + "id", Message: fmt.Sprintf("诉求%d与诉求%d的临时编号 %d 重复。", i+1, first+1, cases[i].ID)})
			default:
				provisional[cases[i].ID] = i
			}
			ps = append(ps, prefixed(at, cases[i].Validate())...)
		}
		mn := meeting.Minutes{Meeting: m, Cases: cases}
		ps = append(ps, prefixed("meeting.", mn.Validate())...)
		if err := ps.Err(); err != nil {
			return err
		}

		for i := range added {
			if err := putDepartment(ctx, tx, &added[i]); err != nil {
				return err
			}
			byName[strings.TrimSpace(added[i].Name)] = added[i].ID
		}
		realID := map[meeting.ID]meeting.ID{}
		for _, c := range cases {
			provisionalID := c.ID
			if c.ID, err = nextID(ctx, tx, "cases"); err != nil {
				return err
			}
			c.Created, c.Updated = now, now
			if c.UID == "" {
				c.UID = newUID()
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
		stored := meeting.Meeting{ID: id, UID: m.UID, State: meeting.StateDraft, Created: now}
		in := m
		in.Agenda = cloneAgenda(m.Agenda)
		in.Attendance = append([]meeting.Attendance(nil), m.Attendance...)
		if err := stored.Edit(in, now); err != nil {
			return err
		}
		if stored.UID == "" {
			stored.UID = newUID()
		}
		for i := range stored.Agenda {
			stored.Agenda[i].CaseID = realID[stored.Agenda[i].CaseID]
		}
		for i := range stored.Attendance {
			if a := &stored.Attendance[i]; a.DepartmentID == 0 {
				a.DepartmentID = byName[strings.TrimSpace(a.Department)]
			}
		}
		assignDecisionUIDs(&stored)
		if err := s.putMeeting(ctx, tx, meeting.AuditImport, nil, &stored); err != nil {
			return err
		}
		saved = stored
		return nil
	})
	return saved, err
}

// prefixed puts the path of a nested record before each problem's field.
func prefixed(at string, ps meeting.Problems) meeting.Problems {
	for i := range ps {
		ps[i].Field = at + ps[i].Field
	}
	return ps
}
