package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Departments returns the directory in display order (Order, then ID).
func (s *Store) Departments() ([]meeting.Department, error) {
	var out []meeting.Department
	err := s.view(func(tx *bbolt.Tx) (err error) {
		out, err = s.departments(tx)
		return err
	})
	return out, err
}

// SaveDepartment creates (ID 0) or replaces a department after validating it
// (meeting.Department.Validate), and sets d.ID. Names are unique in the directory,
// since meetings and imports refer to departments by name: a second entry with the
// same name is refused with CodeConflict.
func (s *Store) SaveDepartment(d *meeting.Department) error {
	if err := d.Validate().Err(); err != nil {
		return err
	}
	rec := *d
	err := s.update(func(tx *bbolt.Tx) error {
		all, err := s.departments(tx)
		if err != nil {
			return err
		}
		found := rec.ID == 0
		for _, other := range all {
			if other.ID == rec.ID {
				found = true
			} else if sameName(other.Name, rec.Name) {
				return &meeting.Error{Code: meeting.CodeConflict, Message: fmt.Sprintf("参会单位「%s」已在名录中，不能重复添加。", strings.TrimSpace(rec.Name)),
					Problems: meeting.Problems{{Field: "name", Message: fmt.Sprintf("单位名称「%s」与名录中已有的单位重复。", strings.TrimSpace(rec.Name))}}}
			}
		}
		if !found {
			return notFound("未找到编号为 %d 的参会单位。", rec.ID)
		}
		return s.putDepartment(tx, &rec)
	})
	if err == nil {
		*d = rec
	}
	return err
}

// putDepartment stores d, drawing an ID for a new one.
func (s *Store) putDepartment(tx *bbolt.Tx, d *meeting.Department) error {
	if d.ID == 0 {
		id, err := nextID(tx.Bucket(bucketDepartments))
		if err != nil {
			return err
		}
		d.ID = id
	}
	return putJSON(tx, bucketDepartments, idKey(d.ID), d)
}

// departments reads the whole directory in display order. It is small (tens of
// entries), so it is read whole rather than indexed.
func (s *Store) departments(tx *bbolt.Tx) ([]meeting.Department, error) {
	var out []meeting.Department
	err := tx.Bucket(bucketDepartments).ForEach(func(k, v []byte) error {
		var d meeting.Department
		if err := s.decode(bucketDepartments, k, v, &d); err != nil {
			return err
		}
		d.ID = keyID(k)
		out = append(out, d)
		return nil
	})
	slices.SortStableFunc(out, func(a, b meeting.Department) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// sameName reports whether two department names are the same entry.
func sameName(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
