package pgstore

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
	"backstop/meeting/pgstore/pgtest"
)

// sqlStateOf returns the SQLSTATE of a statement's error ("" when it succeeded).
func sqlStateOf(err error) string {
	if err == nil {
		return ""
	}
	if code := sqlState(err); code != "" {
		return code
	}
	return "not a server error: " + err.Error()
}

// TestAppRoleCannotChangeTheRecord connects as the app role's login and tries to
// change or remove an audit entry and an archived file: the server refuses each with
// SQLSTATE 42501 (insufficient_privilege), whatever the program does. Adding to both
// is allowed: that is how the app writes them.
func TestAppRoleCannotChangeTheRecord(t *testing.T) {
	db := newDB(t)
	s := db.openAs(t, appLogin)
	m := meeting.Meeting{Title: "草稿"}
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.7 minutes")
	if err := s.PutFile("2026/1/minutes-r1.pdf", pdf, hashOf(pdf)); err != nil {
		t.Fatal(err)
	}

	conn := db.connect(t, appLogin)
	ctx := context.Background()
	tests := []struct {
		name string
		sql  string
		want string // SQLSTATE, "" for allowed
	}{
		{"read the audit log", "SELECT count(*) FROM audit_log", ""},
		{"add an audit entry", "INSERT INTO audit_log (meeting_id, entry) VALUES (-1, '{}')", ""},
		{"update an audit entry", "UPDATE audit_log SET entry = '{\"detail\": \"forged\"}' WHERE id = (SELECT min(id) FROM audit_log)", "42501"},
		{"delete an audit entry", "DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)", "42501"},
		{"truncate the audit log", "TRUNCATE audit_log", "42501"},
		{"read an archived file", "SELECT length(content) FROM archive_files", ""},
		{"update an archived file", "UPDATE archive_files SET content = 'forged'::bytea, sha256 = encode(sha256('forged'::bytea), 'hex'), size = 6", "42501"},
		{"delete an archived file", "DELETE FROM archive_files", "42501"},
		{"replace an archived file through ON CONFLICT", `INSERT INTO archive_files (path, sha256, size, content)
			VALUES ('2026/1/minutes-r1.pdf', encode(sha256('x'::bytea), 'hex'), 1, 'x'::bytea)
			ON CONFLICT (path) DO UPDATE SET content = excluded.content, sha256 = excluded.sha256, size = excluded.size`, "42501"},
		{"reset the year's numbers", "DELETE FROM numbers", "42501"},
		{"remove a snapshot", "DELETE FROM revisions", "42501"},
		{"forge a migration", "INSERT INTO schema_migrations (version, name) VALUES (99, 'x')", "42501"},
		{"drop the audit log", "DROP TABLE audit_log", "42501"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Exec(ctx, tt.sql)
			if got := sqlStateOf(err); got != tt.want {
				t.Errorf("%s: SQLSTATE %q (%v), want %q", tt.sql, got, err, tt.want)
			}
		})
	}
	// What was refused is still there, unchanged.
	entries, err := s.Audit(m.ID)
	if err != nil || len(entries) != 1 || entries[0].Action != meeting.AuditCreate {
		t.Errorf("audit after the attempts: %+v, %v", entries, err)
	}
	if got, err := s.File("2026/1/minutes-r1.pdf", hashOf(pdf)); err != nil || !bytes.Equal(got, pdf) {
		t.Errorf("archived file after the attempts: %q, %v", got, err)
	}
}

// TestRecordsRoleReadsOnly: the records office's role reads everything through the
// store and is refused any change, by the server.
func TestRecordsRoleReadsOnly(t *testing.T) {
	db := newDB(t)
	app := db.openAs(t, appLogin)
	m := meeting.Meeting{Title: "草稿"}
	if err := app.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	records := db.openAs(t, recordsLogin)
	if !records.ReadOnly() || app.ReadOnly() {
		t.Errorf("ReadOnly: records office %v, app %v; want true, false", records.ReadOnly(), app.ReadOnly())
	}
	if ms, err := records.Meetings(meeting.MeetingFilter{}); err != nil || len(ms) != 1 {
		t.Fatalf("records office lists %d meetings, %v", len(ms), err)
	}
	if _, err := records.Audit(m.ID); err != nil {
		t.Errorf("records office reads the audit log: %v", err)
	}
	m.Title = "改过"
	e := wantCode(t, records.SaveMeeting(&m), meeting.CodeReadOnly)
	if sqlState(e.Err) != "42501" {
		t.Errorf("refusal %v, want the server's 42501", e.Err)
	}
	conn := db.connect(t, recordsLogin)
	for _, sql := range []string{"INSERT INTO audit_log (meeting_id, entry) VALUES (1, '{}')", "UPDATE meetings SET state = 'draft'", "DELETE FROM cases"} {
		if _, err := conn.Exec(context.Background(), sql); sqlStateOf(err) != "42501" {
			t.Errorf("%s as the records office: %v, want 42501", sql, err)
		}
	}
}

// TestArchivedFilesAreCheckedOnRead stores files in the database and reads them back
// through the hash the revision records: a file changed behind the store's back (by
// an administrator, here the superuser, consistently with its hash column) is
// refused, and the server itself refuses a row whose content does not have its hash.
func TestArchivedFilesAreCheckedOnRead(t *testing.T) {
	db := newDB(t)
	s := db.openAs(t, appLogin)
	pdf := []byte("%PDF-1.7 the minutes as signed")
	path, hash := "2026/7/minutes-r1.pdf", hashOf(pdf)

	wantCode(t, s.PutFile(path, pdf, hashOf([]byte("something else"))), meeting.CodeInvalid)
	wantCode(t, s.PutFile("../outside.pdf", pdf, hash), meeting.CodeInvalid)
	if err := s.PutFile(path, pdf, hash); err != nil {
		t.Fatal(err)
	}
	if err := s.PutFile(path, pdf, hash); err != nil {
		t.Errorf("storing the same file again: %v", err)
	}
	other := []byte("%PDF-1.7 another rendering")
	wantCode(t, s.PutFile(path, other, hashOf(other)), meeting.CodeConflict)
	got, err := s.File(path, hash)
	if err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("File = %q, %v", got, err)
	}
	wantCode(t, second(s.File("2026/7/missing.pdf", hash)), meeting.CodeNotFound)
	wantCode(t, second(s.File(path, hashOf(other))), meeting.CodeCorrupt) // not the file the record names

	admin := db.connect(t, pgtest.Superuser)
	ctx := context.Background()
	_, err = admin.Exec(ctx, "UPDATE archive_files SET content = $2 WHERE path = $1", path, other)
	if sqlStateOf(err) != "23514" {
		t.Errorf("changing the content without its hash: %v, want the server's check_violation 23514", err)
	}
	if _, err := admin.Exec(ctx, "UPDATE archive_files SET content = $2, sha256 = $3, size = $4 WHERE path = $1",
		path, other, hashOf(other), len(other)); err != nil {
		t.Fatal(err)
	}
	e := wantCode(t, second(s.File(path, hash)), meeting.CodeCorrupt)
	t.Logf("tampered file: %s", e.Message)
}

func second[T any](_ T, err error) error { return err }

// TestServerGoneGivesAClearMessage: a store whose server stops answering reports
// CodeStorage naming the database, within its timeout.
func TestServerGoneGivesAClearMessage(t *testing.T) {
	db := newDB(t)
	s := db.openAs(t, appLogin, WithTimeout(3*time.Second))
	admin, err := pgx.Connect(context.Background(), db.srv.URL("postgres", pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(context.Background(), "ALTER DATABASE "+db.name+" WITH ALLOW_CONNECTIONS false"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", db.name); err != nil {
		t.Fatal(err)
	}
	_, err = s.Departments()
	e := wantCode(t, err, meeting.CodeStorage)
	if !bytes.Contains([]byte(e.Message), []byte(db.name)) {
		t.Errorf("message %q does not name the database", e.Message)
	}
	if _, err := admin.Exec(context.Background(), "ALTER DATABASE "+db.name+" WITH ALLOW_CONNECTIONS true"); err != nil {
		t.Fatal(err)
	}
	// Once the server takes connections again, the store works without reopening.
	if _, err := s.Departments(); err != nil {
		t.Errorf("after the server came back: %v", err)
	}
}
