package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"backstop/meeting"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// RolesSQL creates the roles the migrations grant privileges to (roles.sql): run it
// once per cluster as a superuser before the first Open.
//
//go:embed roles.sql
var RolesSQL string

// OwnerRole owns the tables: migrations run as it (SET ROLE), so that whichever
// administrator applies them, the tables belong to the role.
const OwnerRole = "backstop_owner"

// AppRole and RecordsRole are the roles of the office's PCs and of the records
// office (see roles.sql).
const (
	AppRole     = "backstop_app"
	RecordsRole = "backstop_records"
)

// migrateLockKey is the advisory lock two processes opening the same database at
// once take before migrating, so that only one applies each migration. Advisory
// locks are per database.
const migrateLockKey int64 = 0x6261636b73746f70 // "backstop"

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads the embedded files, named NNNN_what.sql, in version order.
// Append files; never edit one that has shipped, since databases out there ran it.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration file %s is not named NNNN_name.sql", base)
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d (versions count from 1 without gaps)", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema this code reads and writes: the number of migrations.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic("pgstore: " + err.Error()) // the files are embedded: a test holds them to the rule
	}
	return len(ms)
}

// appliedVersion returns the newest migration recorded, 0 for a database without
// Backstop's tables.
func appliedVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// migrate brings the database to the current schema. A database already there is
// left alone without taking any lock (the app role, which may not migrate, opens it
// this way). Otherwise it takes the advisory lock, reads the version again (another
// process may just have migrated), and applies each missing migration in its own
// transaction as OwnerRole, recording it in schema_migrations in that transaction.
// A database of a newer schema is refused.
func (s *Store) migrate(ctx context.Context) error {
	all, err := migrations()
	if err != nil {
		return meeting.Errorf(meeting.CodeInternal, "程序内置的数据库升级脚本有误。", err)
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return s.connectError(err)
	}
	defer conn.Release()
	version, err := appliedVersion(ctx, conn)
	if err != nil {
		return s.translate(err)
	}
	if err := s.checkVersion(version, len(all)); err != nil || version == len(all) {
		return err
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return s.translate(err)
	}
	defer func() { _, _ = conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", migrateLockKey) }()
	if version, err = appliedVersion(ctx, conn); err != nil {
		return s.translate(err)
	}
	if err := s.checkVersion(version, len(all)); err != nil {
		return err
	}
	for _, m := range all[version:] {
		if err := s.apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// checkVersion refuses a database written by a newer Backstop.
func (s *Store) checkVersion(version, supported int) error {
	if version > supported {
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"数据库 %s 由更新版本的 Backstop 建立（数据库版本 %d，本程序只支持到 %d）。请使用新版本的 Backstop。",
			s.where, version, supported), nil)
	}
	return nil
}

// apply runs one migration in its own transaction as OwnerRole and records it. The
// first one also loads the default directory of departments.
func (s *Store) apply(ctx context.Context, conn *pgxpool.Conn, m migration) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+OwnerRole); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if m.version == 1 {
			if err := seedDirectory(ctx, tx); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name)
		return err
	})
	if err == nil {
		return nil
	}
	var e *meeting.Error
	if errors.As(err, &e) {
		return err
	}
	if code := sqlState(err); code == "42704" || code == "22023" || code == "42501" {
		// 42704: a role is missing; 22023/42501: this user may not act as the owner role.
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf(
			"无法在数据库 %s 中建立 Backstop 的数据表（升级到第 %d 版）：需要角色 %s、%s、%s，且连接所用的账户须是 %s 的成员。"+
				"请数据库管理员先运行 roles.sql（见 docs/postgres.md），再以管理账户打开一次 Backstop。",
			s.where, m.version, OwnerRole, AppRole, RecordsRole, OwnerRole), err)
	}
	return s.translate(err)
}

// seedDirectory loads the default directory of departments into a new database.
func seedDirectory(ctx context.Context, tx pgx.Tx) error {
	for _, d := range meeting.DefaultDirectory() {
		if err := putDepartment(ctx, tx, &d); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, "INSERT INTO store_meta (key, value) VALUES ('seeded', 'true')")
	return err
}
