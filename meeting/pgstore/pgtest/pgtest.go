// Package pgtest runs a private PostgreSQL server for tests: initdb into a
// temporary folder, a server listening on a Unix socket in that folder only (no TCP
// port), a fresh database per test, and everything stopped and removed afterwards.
//
// One server serves a whole test binary: Shared starts it on first use and Main,
// called from TestMain, stops it and removes its folder when the tests are done,
// whether they passed or not. Should the test binary die without reaching Main's
// clean-up, the server gets SIGQUIT from the kernel (parent-death signal) and stops.
//
// initdb and postgres refuse to run as root. Under root (as CI runs) the server runs
// as the unprivileged user "postgres" (Debian's package creates it), or "nobody",
// with its folder handed to that user; the tests themselves stay root and connect
// through the socket.
//
// StartTLS is the one exception to the socket-only rule: for the tests of
// sslmode=verify-full (TLS is not spoken on Unix sockets) it also listens on
// 127.0.0.1, with a certificate from a CA made for the run.
//
// It knows nothing of Backstop's schema or roles: the tests set those up.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireToolsEnv, set to 1, turns a missing PostgreSQL into a test failure instead
// of a skip (the Makefile sets it, so that CI cannot pass without the suite).
const RequireToolsEnv = "BACKSTOP_REQUIRE_TOOLS"

// Superuser is the name of the cluster's superuser, as initdb creates it.
const Superuser = "postgres"

// Server is a running private PostgreSQL cluster.
type Server struct {
	root      string // temporary folder: data/, the socket, the log
	data      string
	log       string
	cmd       *exec.Cmd
	exited    chan error // receives cmd.Wait's result
	bin       string     // the binaries' folder, args and cred: for Resume
	args      []string
	cred      *syscall.Credential
	databases atomic.Int64
	version   int // server_version_num
	port      int // the port in the socket's name; 0 for the default, 5432
	// StartTime is how long initdb and the server's start took.
	StartTime time.Duration
}

var (
	sharedOnce sync.Once
	shared     *Server
	sharedErr  error
)

// Main runs the tests of m and stops the shared server, if one was started, before
// returning the exit code: use it as os.Exit(pgtest.Main(m)) in TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: stopping the private PostgreSQL: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Shared returns the test binary's server, starting it on first use. Without the
// PostgreSQL binaries the test is skipped (failed with BACKSTOP_REQUIRE_TOOLS=1).
// The package's TestMain must call Main, which stops it.
func Shared(t testing.TB) *Server {
	t.Helper()
	bin, err := FindBinaries()
	if err != nil {
		Missing(t, err)
	}
	sharedOnce.Do(func() { shared, sharedErr = Start(bin) })
	if sharedErr != nil {
		t.Fatalf("starting a private PostgreSQL: %v", sharedErr)
	}
	return shared
}

// Missing skips t because PostgreSQL is not installed, or fails it when
// BACKSTOP_REQUIRE_TOOLS=1 says the suite must run.
func Missing(t testing.TB, err error) {
	t.Helper()
	msg := fmt.Sprintf("PostgreSQL server binaries not found (%v): install the Debian package postgresql", err)
	if os.Getenv(RequireToolsEnv) == "1" {
		t.Fatalf("%s (%s=1 requires them)", msg, RequireToolsEnv)
	}
	t.Skip(msg)
}

// FindBinaries returns the folder holding initdb and postgres: the one on PATH, else
// the newest /usr/lib/postgresql/*/bin.
func FindBinaries() (string, error) {
	if p, err := exec.LookPath("postgres"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(b) - versionOf(a) })
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
				return dir, nil
			}
		}
	}
	return "", errors.New("no postgres and initdb on PATH or in /usr/lib/postgresql/*/bin")
}

// versionOf reads the major version from /usr/lib/postgresql/15/bin.
func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start runs initdb into a new temporary folder and starts a server on a Unix socket
// in it, with the binaries of bin. Stop stops it and removes the folder.
func Start(bin string) (*Server, error) {
	return start(bin, nil)
}

// start is Start with extra settings for the server, which setup returns once the
// cluster exists (it may write files into the data folder, as root if need be).
func start(bin string, setup func(s *Server, cred *syscall.Credential) ([]string, error)) (*Server, error) {
	began := time.Now()
	// Unix socket paths are limited to about 100 bytes, and under root the server's
	// user must be able to reach the folder: /tmp serves both.
	base := os.TempDir()
	if _, err := os.Stat("/tmp"); err == nil {
		base = "/tmp"
	}
	root, err := os.MkdirTemp(base, "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{root: root, data: filepath.Join(root, "data"), log: filepath.Join(root, "server.log")}
	cred, err := serverCredential(root)
	if err != nil {
		_ = os.RemoveAll(root)
		return nil, err
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", s.data, "-U", Superuser, "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	initdb.Dir = root
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		_ = os.RemoveAll(root)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	logFile, err := os.Create(s.log)
	if err != nil {
		_ = os.RemoveAll(root)
		return nil, err
	}
	defer logFile.Close()
	if cred != nil {
		_ = logFile.Chown(int(cred.Uid), int(cred.Gid))
	}
	// No TCP at all: listen_addresses is empty, the socket lives in root. fsync is off
	// because the cluster is thrown away; the tests' guarantees are about transactions.
	args := []string{"-D", s.data, "-k", root,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200"}
	if setup != nil {
		extra, err := setup(s, cred)
		if err != nil {
			_ = os.RemoveAll(root)
			return nil, err
		}
		args = append(args, extra...)
	}
	s.bin, s.args, s.cred = bin, args, cred
	if err := s.launch(logFile); err != nil {
		_ = os.RemoveAll(root)
		return nil, err
	}
	if err := s.waitReady(30 * time.Second); err != nil {
		_ = s.Stop()
		return nil, err
	}
	if err := s.queryVersion(); err != nil {
		_ = s.Stop()
		return nil, err
	}
	s.StartTime = time.Since(began)
	return s, nil
}

// launch starts the postmaster on the cluster, its output going to logFile.
func (s *Server) launch(logFile *os.File) error {
	s.cmd = exec.Command(filepath.Join(s.bin, "postgres"), s.args...)
	s.cmd.Dir = s.root
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	exited := make(chan error, 1)
	s.exited = exited
	started := make(chan error, 1)
	cmd := s.cmd
	go func() {
		// The parent-death signal follows the thread that started the child: keep
		// this goroutine on its thread for the server's lifetime.
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		exited <- cmd.Wait()
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("starting postgres: %w", err)
	}
	return nil
}

// Halt stops the server as an administrator restarting it would (fast shutdown:
// transactions in progress are rolled back, clients are disconnected, everything
// committed is on disk), keeping its cluster for Resume. A server that does not
// stop within 10 s is killed. Halt a server of the test's own (Start), not the
// Shared one, whose other tests would fail meanwhile.
func (s *Server) Halt() error {
	if s.cmd == nil || s.cmd.Process == nil {
		return errors.New("pgtest: the server is not running")
	}
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case werr := <-s.exited:
		s.exited <- werr
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		werr := <-s.exited
		s.exited <- werr
		return fmt.Errorf("postgres did not stop within 10 s; killed:\n%s", s.logTail())
	}
	return nil
}

// Resume starts the server Halt stopped, on the same cluster, socket and
// settings, and waits until it accepts connections.
func (s *Server) Resume() error {
	logFile, err := os.OpenFile(s.log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer logFile.Close()
	if err := s.launch(logFile); err != nil {
		return err
	}
	return s.waitReady(30 * time.Second)
}

// Restart halts the server and starts it again after down (the time an
// administrator's restart takes, say).
func (s *Server) Restart(down time.Duration) error {
	if err := s.Halt(); err != nil {
		return err
	}
	time.Sleep(down)
	return s.Resume()
}

// serverCredential returns the user the server runs as: nil (this process's user)
// unless this process is root, which initdb refuses; then "postgres" or "nobody",
// and the folder is handed to that user.
func serverCredential(root string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var u *user.User
	var err error
	for _, name := range []string{"postgres", "nobody"} {
		if u, err = user.Lookup(name); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("running as root, and no unprivileged user (postgres, nobody) to run the server as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(root, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// waitReady polls the socket until the server accepts a connection.
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, s.URL("postgres", Superuser))
		cancel()
		if err == nil {
			_ = conn.Close(context.Background())
			return nil
		}
		select {
		case werr := <-s.exited:
			s.exited <- werr
			return fmt.Errorf("postgres exited during start (%v):\n%s", werr, s.logTail())
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %s (%v):\n%s", limit, err, s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// queryVersion reads the server's version number.
func (s *Server) queryVersion() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL("postgres", Superuser))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version_num").Scan(&v); err != nil {
		return err
	}
	s.version, err = strconv.Atoi(v)
	return err
}

// logTail returns the end of the server's log, for error messages.
func (s *Server) logTail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// SocketDir returns the folder of the server's Unix socket.
func (s *Server) SocketDir() string { return s.root }

// URL returns the connection URL of a database as a user, through the socket.
func (s *Server) URL(database, user string) string {
	url := fmt.Sprintf("postgres://%s@/%s?host=%s&sslmode=disable", user, database, s.root)
	if s.port != 0 {
		url += "&port=" + strconv.Itoa(s.port)
	}
	return url
}

// Exec runs SQL as the superuser in the database "postgres" (roles, for instance,
// which belong to the whole cluster).
func (s *Server) Exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	if err := s.exec("postgres", sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (s *Server) exec(database, sql string, args ...any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL(database, Superuser))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// NewDatabase creates a fresh, empty database owned by owner (the superuser when
// empty) and returns its name; it is dropped at the test's cleanup, after the
// clean-ups registered later (close the test's connections there).
func (s *Server) NewDatabase(t testing.TB, owner string) string {
	t.Helper()
	return s.NewDatabaseFrom(t, "", owner)
}

// NewDatabaseFrom is NewDatabase copying the database template (none: the server's
// empty default), which must have no open connections.
func (s *Server) NewDatabaseFrom(t testing.TB, template, owner string) string {
	t.Helper()
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), s.databases.Add(1))
	s.CreateDatabase(t, name, template, owner)
	t.Cleanup(func() {
		if err := s.exec("postgres", "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
	})
	return name
}

// CreateDatabase creates a database that lives as long as the server (a template,
// say), copying template when given, owned by owner when given.
func (s *Server) CreateDatabase(t testing.TB, name, template, owner string) {
	t.Helper()
	sql := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
	if template != "" {
		sql += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	if owner != "" {
		sql += " OWNER " + pgx.Identifier{owner}.Sanitize()
	}
	if s.version >= 150000 {
		// Copying the files is four times quicker here than writing the copy to the
		// WAL (PostgreSQL 15's default), with fsync off.
		sql += " STRATEGY FILE_COPY"
	}
	if err := s.exec("postgres", sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// Stop stops the server (fast shutdown, then a kill after 10 s) and removes its folder.
func (s *Server) Stop() error {
	var err error
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case werr := <-s.exited:
			s.exited <- werr
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			err = fmt.Errorf("postgres did not stop within 10 s; killed:\n%s", s.logTail())
			<-s.exited
		}
	}
	if rerr := os.RemoveAll(s.root); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

// Root returns the server's temporary folder, for tests of the clean-up.
func (s *Server) Root() string { return s.root }

// IsRoot reports whether the tests run as root, for messages.
func IsRoot() bool { return os.Geteuid() == 0 }

// describe is used in test logs: who the server runs as.
func (s *Server) String() string {
	who := "this user"
	if IsRoot() {
		if fi, err := os.Stat(s.data); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				if u, err := user.LookupId(strconv.Itoa(int(st.Uid))); err == nil {
					who = "user " + u.Username
				}
			}
		}
	}
	return strings.Join([]string{"PostgreSQL in", s.root, "as", who}, " ")
}
