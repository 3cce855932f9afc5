package pgstore

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
	"backstop/meeting/pgstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// Login users of the test cluster, members of the roles roles.sql creates.
const (
	appLogin     = "app_login"
	recordsLogin = "records_login"
)

var rolesOnce sync.Once

// server returns the shared private server with Backstop's roles and two login
// users created on it.
func server(t testing.TB) *pgtest.Server {
	t.Helper()
	srv := pgtest.Shared(t)
	rolesOnce.Do(func() {
		srv.Exec(t, RolesSQL)
		srv.Exec(t, "CREATE ROLE "+appLogin+" LOGIN IN ROLE "+AppRole)
		srv.Exec(t, "CREATE ROLE "+recordsLogin+" LOGIN IN ROLE "+RecordsRole)
	})
	return srv
}

// testDB is a fresh database of the test, migrated.
type testDB struct {
	srv  *pgtest.Server
	name string
}

var (
	templateOnce sync.Once
	templateErr  error
)

// templateDB is a database migrated once by the superuser, as an administrator
// would; the tests' databases are copies of it, which is quicker than migrating each.
const templateDB = "backstop_template"

// newDB creates a database for the test: a copy of the migrated template.
func newDB(t testing.TB) testDB {
	t.Helper()
	srv := server(t)
	templateOnce.Do(func() {
		srv.CreateDatabase(t, templateDB, "", OwnerRole)
		s, err := Open(context.Background(), srv.URL(templateDB, pgtest.Superuser))
		if err == nil {
			err = s.Close()
		}
		templateErr = err
	})
	if templateErr != nil {
		t.Fatalf("migrating the template database: %v", templateErr)
	}
	return testDB{srv: srv, name: srv.NewDatabaseFrom(t, templateDB, OwnerRole)}
}

// emptyDB creates an empty database owned by backstop_owner, not migrated.
func emptyDB(t testing.TB) testDB {
	t.Helper()
	srv := server(t)
	return testDB{srv: srv, name: srv.NewDatabase(t, OwnerRole)}
}

func (db testDB) url(user string) string { return db.srv.URL(db.name, user) }

// openAs opens the database as user with a fixed clock, closed at cleanup.
func (db testDB) openAs(t testing.TB, user string, opts ...Option) *Store {
	t.Helper()
	clock := time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC)
	s, err := Open(context.Background(), db.url(user), append([]Option{WithClock(func() time.Time { return clock })}, opts...)...)
	if err != nil {
		t.Fatalf("Open as %s: %v", user, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// openTest returns a store on a fresh database, connected as the app's login: what
// the tests show works with the app role's privileges alone.
func openTest(t testing.TB, opts ...Option) *Store {
	t.Helper()
	return newDB(t).openAs(t, appLogin, opts...)
}

// connect returns a plain connection to the database as user, closed at cleanup.
func (db testDB) connect(t testing.TB, user string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), db.url(user))
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// wantCode fails unless err is a *meeting.Error with the code.
func wantCode(t testing.TB, err error, code meeting.Code) *meeting.Error {
	t.Helper()
	e, ok := err.(*meeting.Error)
	if !ok {
		t.Fatalf("error %v (%T), want *meeting.Error with code %s", err, err, code)
	}
	if e.Code != code {
		t.Fatalf("error code %s (%v), want %s", e.Code, err, code)
	}
	return e
}
