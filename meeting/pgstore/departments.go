package pgstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Departments returns the directory in display order (Order, then ID).
func (s *Store) Departments() ([]meeting.Department, error) {
	var out []meeting.Department
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		out, err = queryDepartments(ctx, tx)
		return err
	})
	return out, err
}

// queryDepartments reads the whole directory in display order. It is small (tens of
// entries), so it is read whole.
func queryDepartments(ctx context.Context, q querier) ([]meeting.Department, error) {
	rows, err := q.Query(ctx, "SELECT id, record FROM departments ORDER BY sort_order, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Department
	for rows.Next() {
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		var d meeting.Department
		if err := decode("departments", id, data, &d); err != nil {
			return nil, err
		}
		d.ID = meeting.ID(id)
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveDepartment creates (ID 0) or replaces a department after validating it
// (meeting.Department.Validate), and sets d.ID. Names are unique in the directory
// (meetings and imports refer to departments by name): a second entry with the same
// name is refused with CodeConflict; the unique index holds it also when two PCs add
// the same name at once.
func (s *Store) SaveDepartment(d *meeting.Department) error {
	if err := d.Validate().Err(); err != nil {
		return err
	}
	rec := *d
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		if rec.ID != 0 {
			var found bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM departments WHERE id = $1)", int64(rec.ID)).Scan(&found); err != nil {
				return err
			}
			if !found {
				return notFound("未找到编号为 %d 的参会单位。", rec.ID)
			}
		}
		var clash bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM departments WHERE name = $1 AND id <> $2)",
			strings.TrimSpace(rec.Name), int64(rec.ID)).Scan(&clash); err != nil {
			return err
		}
		if clash {
			return duplicateDepartment(rec.Name)
		}
		err := putDepartment(ctx, tx, &rec)
		if sqlState(err) == "23505" {
			return duplicateDepartment(rec.Name)
		}
		return err
	})
	if err == nil {
		*d = rec
	}
	return err
}

func duplicateDepartment(name string) *meeting.Error {
	name = strings.TrimSpace(name)
	return &meeting.Error{Code: meeting.CodeConflict, Message: fmt.Sprintf("参会单位「%s」已在名录中，不能重复添加。", name),
		Problems: meeting.Problems{{Field: "name", Message: fmt.Sprintf("单位名称「%s」与名录中已有的单位重复。", name)}}}
}

// putDepartment stores d, drawing an ID for a new one.
func putDepartment(ctx context.Context, tx pgx.Tx, d *meeting.Department) error {
	if d.ID == 0 {
		id, err := nextID(ctx, tx, "departments")
		if err != nil {
			return err
		}
		d.ID = id
	}
	data, err := encode(d)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO departments (id, name, sort_order, record) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, sort_order = excluded.sort_order, record = excluded.record`,
		int64(d.ID), strings.TrimSpace(d.Name), d.Order, data)
	return err
}

// nextID draws the next ID of a table from its identity sequence. IDs are never
// drawn twice, also when the transaction rolls back (a gap then remains).
func nextID(ctx context.Context, tx pgx.Tx, table string) (meeting.ID, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT nextval(pg_get_serial_sequence($1, 'id'))", table).Scan(&id)
	return meeting.ID(id), err
}
