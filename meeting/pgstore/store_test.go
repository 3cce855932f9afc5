package pgstore

import (
	"context"
	"strings"
	"sync"
	"testing"

	"backstop/meeting"
	"backstop/meeting/pgstore/pgtest"
)

func TestMigrationsAreNumberedFromOne(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || SchemaVersion() != len(ms) {
		t.Fatalf("%d migrations, schema version %d", len(ms), SchemaVersion())
	}
}

func TestOpenMigratesAndSeedsOnce(t *testing.T) {
	db := emptyDB(t)
	db.openAs(t, pgtest.Superuser) // the administrator's first open migrates
	conn := db.connect(t, pgtest.Superuser)
	ctx := context.Background()
	var versions, owned int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions != SchemaVersion() {
		t.Errorf("%d migrations recorded, want %d", versions, SchemaVersion())
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1", OwnerRole).Scan(&owned); err != nil {
		t.Fatal(err)
	}
	if owned < 10 {
		t.Errorf("%d tables owned by %s, want all of them", owned, OwnerRole)
	}
	s := db.openAs(t, appLogin)
	ds, err := s.Departments()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != len(meeting.DefaultDirectory()) {
		t.Errorf("%d departments after two opens, want the default directory's %d once", len(ds), len(meeting.DefaultDirectory()))
	}
}

// TestConcurrentOpensMigrateOnce opens a fresh database from four connections pools
// at once (four sessions, as four processes would be): every open succeeds and each
// migration is applied exactly once.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	db := emptyDB(t)
	srv, name := db.srv, db.name
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := Open(context.Background(), srv.URL(name, pgtest.Superuser))
			if err == nil {
				_ = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
		}
	}
	conn := db.connect(t, pgtest.Superuser)
	var rows, distinct, seeded int
	if err := conn.QueryRow(context.Background(), "SELECT count(*), count(DISTINCT version) FROM schema_migrations").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != SchemaVersion() || distinct != rows {
		t.Errorf("schema_migrations has %d rows (%d versions), want each of %d once", rows, distinct, SchemaVersion())
	}
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM departments").Scan(&seeded); err != nil {
		t.Fatal(err)
	}
	if seeded != len(meeting.DefaultDirectory()) {
		t.Errorf("%d departments, want the default directory once", seeded)
	}
}

func TestAppRoleCannotMigrate(t *testing.T) {
	db := emptyDB(t)
	_, err := Open(context.Background(), db.url(appLogin))
	e := wantCode(t, err, meeting.CodeStorage)
	t.Logf("message: %s", e.Message)
}

func TestNewerSchemaIsRefused(t *testing.T) {
	db := newDB(t)
	conn := db.connect(t, pgtest.Superuser)
	if _, err := conn.Exec(context.Background(), "INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), db.url(appLogin))
	wantCode(t, err, meeting.CodeConflict)
}

func TestUnreachableServerNamesItWithoutPassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://office:s3cret@/backstop?host=/nonexistent-socket-dir&connect_timeout=2")
	e := wantCode(t, err, meeting.CodeStorage)
	if msg := meeting.ErrorMessage(e); !strings.Contains(msg, "backstop") || strings.Contains(msg, "s3cret") {
		t.Errorf("message %q: want the database named and the password left out", msg)
	}
	_, err = Open(context.Background(), "postgres://office:s3cret@[::1/bad")
	e = wantCode(t, err, meeting.CodeInvalid)
	if strings.Contains(e.Error(), "s3cret") {
		t.Errorf("error %q quotes the password", e.Error())
	}
}

// TestNULInTextIsRefusedClearly: PostgreSQL's jsonb cannot hold U+0000, which a
// bbolt draft could; the store refuses such a save with CodeInvalid and a message,
// and keeps what was stored.
func TestNULInTextIsRefusedClearly(t *testing.T) {
	s := openTest(t)
	m := meeting.Meeting{Title: "草稿"}
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	bad := m
	bad.Title = "草稿\x00"
	e := wantCode(t, s.SaveMeeting(&bad), meeting.CodeInvalid)
	if !strings.Contains(e.Message, "U+0000") {
		t.Errorf("message %q does not name the character", e.Message)
	}
	if got, err := s.Meeting(m.ID); err != nil || got.Title != "草稿" {
		t.Errorf("stored meeting after the refusal: %q, %v", got.Title, err)
	}
}
