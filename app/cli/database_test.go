package cli

import (
	"context"
	"crypto/sha256"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/pgstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var rolesOnce sync.Once

// sharedDatabase returns the URL of a fresh, migrated database on the private server,
// for the app's login (a member of backstop_app), as an office's PC has it.
func sharedDatabase(t *testing.T) string {
	t.Helper()
	srv := pgtest.Shared(t)
	rolesOnce.Do(func() {
		srv.Exec(t, pgstore.RolesSQL)
		srv.Exec(t, "CREATE ROLE pc_login LOGIN IN ROLE "+pgstore.AppRole)
	})
	name := srv.NewDatabase(t, pgstore.OwnerRole)
	// The administrator migrates the schema once (docs/postgres.md).
	st, err := pgstore.Open(context.Background(), srv.URL(name, pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return srv.URL(name, "pc_login")
}

// TestSharedDatabase: with --db, BACKSTOP_DB or the data folder's database.json the
// commands work on the PostgreSQL store, two data folders (two PCs) see the same
// meetings, and the commands only the data file has say what to use instead.
func TestSharedDatabase(t *testing.T) {
	url := sharedDatabase(t)
	pcA, pcB := t.TempDir(), t.TempDir()
	code, out, errs := run(t, pcA, "--db", url, "import", example)
	if code != ExitOK {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	id := lastLine(out)
	if code, _, errs := run(t, pcA, "--db", url, "finalize", "-meeting", id); code != ExitOK {
		t.Fatalf("finalize exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(pcB, "backstop.db")); err == nil {
		t.Fatal("PC B has a data file before it ran anything")
	}
	// PC B keeps the database in its data folder's setting.
	if err := SaveDatabaseURL(pcB, url); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, pcB, "list")
	if code != ExitOK || !strings.Contains(out, "〔2026〕1号") || !strings.Contains(out, "企业分期办理不动产权证等疑难事项协调会") {
		t.Fatalf("PC B lists (exit %d):\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(pcB, "backstop.db")); err == nil {
		t.Error("PC B made a data file of its own although it uses the shared database")
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check"}, "backstop check 只用于本机数据文件；当前使用共享数据库"},
		{[]string{"backup"}, "请由数据库管理员用 pg_dump 备份"},
		{[]string{"restore", "-damaged"}, "请由数据库管理员用 pg_restore"},
	} {
		code, _, errs := run(t, pcB, c.args...)
		if code != ExitUser || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, %q; want exit 1 saying %q", c.args[0], code, errs, c.want)
		}
	}
}

// TestDatabaseURLRules: where the URL comes from, and that a password is never taken.
func TestDatabaseURLRules(t *testing.T) {
	dir := t.TempDir()
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "BACKSTOP_DB" {
				return v
			}
			return ""
		}
	}
	if u, err := DatabaseURL("", env(""), dir); err != nil || u != "" {
		t.Errorf("nothing set: %q, %v; want the data file", u, err)
	}
	if err := SaveDatabaseURL(dir, "postgres://pc@db.example/backstop?sslmode=verify-full"); err != nil {
		t.Fatal(err)
	}
	if u, _ := DatabaseURL("", env(""), dir); u != "postgres://pc@db.example/backstop?sslmode=verify-full" {
		t.Errorf("the folder's setting gives %q", u)
	}
	if u, _ := DatabaseURL("", env("postgres://pc@other/backstop"), dir); u != "postgres://pc@other/backstop" {
		t.Errorf("BACKSTOP_DB does not win over the setting: %q", u)
	}
	if u, _ := DatabaseURL("postgres://pc@flag/backstop", env("postgres://pc@other/backstop"), dir); u != "postgres://pc@flag/backstop" {
		t.Errorf("--db does not win: %q", u)
	}
	for _, bad := range []string{"postgres://pc:secret@db/backstop", "postgres://pc@db/backstop?password=secret", "mysql://pc@db/x"} {
		_, err := DatabaseURL(bad, env(""), dir)
		if meeting.ErrorCode(err) != meeting.CodeInvalid || strings.Contains(meeting.ErrorMessage(err), "secret") {
			t.Errorf("%s: %v", bad, err)
		}
		if err := SaveDatabaseURL(dir, bad); err == nil {
			t.Errorf("%s was saved", bad)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, DatabaseFile))
	if strings.Contains(string(b), "secret") {
		t.Error("a password reached the data folder")
	}
	code, _, errs := run(t, dir, "--db", "postgres://pc:secret@db/backstop", "list")
	if code != ExitUser || !strings.Contains(errs, "地址中不能写密码") || strings.Contains(errs, "secret") {
		t.Errorf("--db with a password: exit %d, %q", code, errs)
	}
	if err := SaveDatabaseURL(dir, ""); err != nil {
		t.Fatal(err)
	}
	if u, _ := DatabaseURL("", env(""), dir); u != "" {
		t.Errorf("after removing the setting: %q", u)
	}
}

// migrationTarget returns a fresh database as sharedDatabase does, with the URL of a
// login of the owner role too, the one backstop migrate is run with.
func migrationTarget(t *testing.T) (appURL, ownerURL string) {
	appURL = sharedDatabase(t)
	pgtest.Shared(t).Exec(t, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'office_admin') THEN CREATE ROLE office_admin LOGIN IN ROLE "+pgstore.OwnerRole+"; END IF; END $$")
	return appURL, strings.Replace(appURL, "postgres://pc_login@", "postgres://office_admin@", 1)
}

// TestMigrateToDatabase: backstop migrate copies a data folder (a finalized meeting
// with its archived PDF) into an empty database, verify --all says the same on both,
// the data file is untouched, the office then works on the database, and a second
// migration into the now full database is refused.
func TestMigrateToDatabase(t *testing.T) {
	appURL, ownerURL := migrationTarget(t)

	dir := t.TempDir()
	code, out, errs := run(t, dir, "import", example)
	if code != ExitOK {
		t.Fatalf("import: %s", errs)
	}
	id := lastLine(out)
	if code, _, errs := run(t, dir, "finalize", "-meeting", id); code != ExitOK {
		t.Fatalf("finalize: %s", errs)
	}
	_, verifyFile, _ := run(t, dir, "verify", "--all")
	before := folderFiles(t, dir)

	code, out, errs = run(t, dir, "migrate", "-to", ownerURL)
	if code != ExitOK || !strings.Contains(out, "迁移完成，核验一致") || !strings.Contains(out, "1 个存档文件") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errs)
	}
	if after := folderFiles(t, dir); !maps.Equal(before, after) {
		t.Errorf("migrate changed the data folder:\nbefore %v\nafter  %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
	// Another PC, on the database only: the same verification, the same list.
	pc := t.TempDir()
	_, verifyDB, errs := run(t, pc, "--db", appURL, "verify", "--all")
	if verifyDB != verifyFile {
		t.Errorf("verify --all differs:\ndata file: %s\ndatabase:  %s%s", verifyFile, verifyDB, errs)
	}
	if _, out, _ := run(t, pc, "--db", appURL, "list"); !strings.Contains(out, "〔2026〕1号") {
		t.Errorf("list on the database: %s", out)
	}
	code, _, errs = run(t, dir, "migrate", "-to", ownerURL)
	if code == ExitOK || !strings.Contains(errs, "错误") {
		t.Errorf("a second migration into the full database: exit %d, %q", code, errs)
	}
}

// TestMigrateRefusesAnOlderFile: a data file of an older schema is not upgraded in
// place by migrate: it says to open it once with this version first and leaves the
// folder as it was; opened once, it migrates.
func TestMigrateRefusesAnOlderFile(t *testing.T) {
	_, ownerURL := migrationTarget(t)

	dir := t.TempDir()
	data, err := os.ReadFile("../../meeting/store/testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "backstop.db"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	before := folderFiles(t, dir)
	code, out, errs := run(t, dir, "migrate", "-to", ownerURL)
	if code == ExitOK || !strings.Contains(errs, "旧版本") || !strings.Contains(errs, "正常打开一次") {
		t.Fatalf("migrate of an older file: exit %d\n%s%s", code, out, errs)
	}
	if after := folderFiles(t, dir); !maps.Equal(before, after) {
		t.Errorf("a refused migrate changed the data folder:\nbefore %v\nafter  %v", before, after)
	}
	// Opened once as the message says, the file migrates.
	if code, _, errs := run(t, dir, "list"); code != ExitOK {
		t.Fatalf("list (the upgrade): %s", errs)
	}
	if code, out, errs := run(t, dir, "migrate", "-to", ownerURL); code != ExitOK || !strings.Contains(out, "迁移完成，核验一致") {
		t.Errorf("migrate after the upgrade: exit %d\n%s%s", code, out, errs)
	}
}

// folderFiles is every file under dir with a hash of its content.
func folderFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		out[path] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
