package pgstore

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"backstop/meeting"
	"backstop/meeting/internal/recordcache"
)

// DefaultTimeout is how long one operation (a transaction with its queries) may take
// before it is abandoned and rolled back.
const DefaultTimeout = 30 * time.Second

// Store is an open PostgreSQL database. Its methods are safe for concurrent use, also
// by several processes on several PCs; each method that changes data runs in its
// own transaction and is durable when it returns.
type Store struct {
	pool     *pgxpool.Pool
	where    string // host and database, for messages: never the password
	now      func() time.Time
	timeout  time.Duration
	readOnly bool   // the login has no INSERT on the tables (RecordsRole)
	session  string // this Store among all clients of the database: leases and the change feed (see changes.go)
	origin   string // the PC's name in the change feed, see WithOrigin

	boardItems recordcache.Cache[meeting.ID, meeting.FollowUp] // the items of the last Board
}

var _ meeting.Store = (*Store)(nil)

// Option changes how Open opens a store.
type Option func(*config)

type config struct {
	now      func() time.Time
	timeout  time.Duration
	maxConns int32
	origin   string
}

// WithClock makes the store read the time from now instead of time.Now: it stamps
// Created and Updated and the audit entries.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithTimeout sets how long one operation may take (DefaultTimeout when not given).
func WithTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithMaxConns limits the connections the store keeps to the server (pgxpool's
// default when not given).
func WithMaxConns(n int32) Option {
	return func(c *config) { c.maxConns = n }
}

// Open connects to the database at url (postgres://user@host/db?sslmode=verify-full;
// a password missing from the URL comes from the pgpass file, see docs/postgres.md),
// brings its schema up to date (see migrate) and returns the store. A server that
// cannot be reached gets meeting.CodeStorage naming the host and database, never the
// password.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now, timeout: DefaultTimeout, origin: defaultOrigin()}
	for _, o := range opts {
		o(&cfg)
	}
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error can quote the URL, password and all: leave it out.
		return nil, meeting.Errorf(meeting.CodeInvalid,
			"数据库连接地址无效。格式应为 postgres://用户名@服务器/数据库名?sslmode=verify-full（密码请写在 pgpass 文件中，见 docs/postgres.md）。", nil)
	}
	if cfg.maxConns > 0 {
		pc.MaxConns = cfg.maxConns
	}
	s := &Store{where: describe(pc.ConnConfig), now: cfg.now, timeout: cfg.timeout, session: meeting.NewUID(), origin: cfg.origin}
	pc.AfterConnect = s.identify
	if s.pool, err = pgxpool.NewWithConfig(ctx, pc); err != nil {
		return nil, s.connectError(err)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	if err := s.pool.Ping(ctx); err != nil {
		s.pool.Close()
		return nil, s.connectError(err)
	}
	if err := s.migrate(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	// The records office's login may read everything and change nothing: the window
	// opens read-only for it instead of refusing every edit.
	var canWrite bool
	if err := s.pool.QueryRow(ctx, "SELECT has_table_privilege('meetings', 'INSERT')").Scan(&canWrite); err != nil {
		s.pool.Close()
		return nil, s.connectError(err)
	}
	s.readOnly = !canWrite
	return s, nil
}

// ReadOnly reports whether the login may only read (the records office's role).
func (s *Store) ReadOnly() bool { return s.readOnly }

// describe names the server and database of a connection for messages.
func describe(c *pgx.ConnConfig) string {
	host := c.Host
	if c.Port != 0 && c.Port != 5432 {
		host = fmt.Sprintf("%s:%d", host, c.Port)
	}
	return fmt.Sprintf("%s（服务器 %s，账户 %s）", c.Database, host, c.User)
}

// Close closes the store's connections; the store cannot be used afterwards.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Where names the database for messages: database, server and account.
func (s *Store) Where() string { return s.where }

// timestamp returns the store's current time for Created, Updated and the audit log,
// without the monotonic reading, so that a value read back compares equal.
func (s *Store) timestamp() time.Time { return s.now().Round(0) }

// querier is what both a transaction and a pooled connection offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// maxAttempts is how often a transaction that lost a deadlock or a serialization
// conflict against another PC is run again before the conflict is reported.
const maxAttempts = 4

// update runs fn in a read-write transaction (read committed; fn locks the rows it
// changes), committed when fn returns nil and rolled back otherwise. Errors come back
// as *meeting.Error; a panic in fn (in a caller's place, say) becomes CodeInternal
// and rolls back.
func (s *Store) update(fn func(ctx context.Context, tx pgx.Tx) error) error {
	return s.run(pgx.TxOptions{}, fn)
}

// view runs fn in a read-only transaction that sees one snapshot of the database.
func (s *Store) view(fn func(ctx context.Context, tx pgx.Tx) error) error {
	return s.run(pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (s *Store) run(opts pgx.TxOptions, fn func(ctx context.Context, tx pgx.Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if err = s.attempt(opts, fn); !retryable(err) {
			break
		}
	}
	return s.translate(err)
}

func (s *Store) attempt(opts pgx.TxOptions, fn func(ctx context.Context, tx pgx.Tx) error) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	tx, err := s.pool.BeginTx(ctx, opts)
	if err != nil {
		return beginError{err}
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback(context.Background())
			err = &meeting.Error{
				Code:    meeting.CodeInternal,
				Message: "读写数据时发生内部错误，刚才的操作未完成，数据库中没有留下半截的修改。",
				Err:     fmt.Errorf("panic: %v\n%s", r, debug.Stack()),
			}
		}
	}()
	if err := fn(ctx, tx); err != nil {
		_ = tx.Rollback(context.Background())
		return err
	}
	return tx.Commit(ctx)
}

// retryable reports whether err is a deadlock or serialization failure, which the
// server resolves by rolling one transaction back: running it again is safe.
// A transaction that could not begin (a pooled connection the server dropped when
// it restarted, say) did nothing either, and is run again on a new connection.
func retryable(err error) bool {
	var be beginError
	if errors.As(err, &be) && !errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	code := sqlState(err)
	return code == "40001" || code == "40P01"
}

// beginError is a failure to begin a transaction: nothing of it reached the
// database, so it is safe to run again.
type beginError struct{ err error }

func (e beginError) Error() string { return "begin: " + e.err.Error() }
func (e beginError) Unwrap() error { return e.err }

// sqlState returns the SQLSTATE of a server error, "" for any other error.
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// translate passes *meeting.Error values through and turns everything else into one
// that tells the person what happened and what to do.
func (s *Store) translate(err error) error {
	if err == nil {
		return nil
	}
	var e *meeting.Error
	if errors.As(err, &e) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return meeting.Errorf(meeting.CodeConflict, "这条记录与数据库中已有的记录冲突（可能另一台电脑刚刚保存了相同的内容），刚才的修改未保存。请刷新后再试。", err)
		case pe.Code == "40001" || pe.Code == "40P01":
			return meeting.Errorf(meeting.CodeConflict, "另一台电脑正在修改同一条记录，刚才的修改未保存。请稍后再试。", err)
		case pe.Code == "42501":
			return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf("数据库账户没有权限进行此操作（数据库 %s）。只读账户只能查看；如需修改，请用 Backstop 的办公账户连接。", s.where), err)
		case pe.Code == "22P05" || pe.Code == "22021":
			return meeting.Errorf(meeting.CodeInvalid, "文本中含有数据库不能保存的字符（如 U+0000 控制字符），刚才的修改未保存。请删去这些字符后再保存。", err)
		case pe.Code == "25006":
			return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf("数据库 %s 当前只读（可能是备用服务器），不能修改数据。", s.where), err)
		case len(pe.Code) == 2+3 && (pe.Code[:2] == "08" || pe.Code[:2] == "57" || pe.Code[:2] == "53"):
			return s.connectError(err)
		}
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("读写数据库 %s 时出错，刚才的操作未完成。", s.where), err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("数据库服务器在 %s 内没有响应，刚才的操作未完成，也没有保存半截的修改。请检查网络后再试。", s.timeout), err)
	}
	return s.connectError(err)
}

// connectError reports a server that cannot be reached, whose certificate failed
// verification, or that refused the login.
func (s *Store) connectError(err error) error {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf(
			"数据库 %s 的服务器证书未通过验证，连接已中止，没有发送任何数据。请确认连接地址中的服务器名与证书上的一致，"+
				"并且 sslrootcert 指向本单位信任的 CA 证书（见 docs/postgres.md）；如无把握，请联系数据库管理员。", s.where), err)
	}
	switch sqlState(err) {
	case "28P01", "28000":
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf(
			"数据库 %s 拒绝了登录：账户或密码不对，或该电脑未获准连接。请检查 pgpass 文件中的密码（见 docs/postgres.md），或联系数据库管理员。", s.where), err)
	case "3D000":
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("数据库服务器上没有数据库 %s。请检查连接地址中的数据库名。", s.where), err)
	}
	return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf(
		"无法连接数据库 %s，刚才的操作未完成。请检查网络和数据库服务器是否正常，稍后再试；已保存的数据不受影响。", s.where), err)
}

// notFound returns a CodeNotFound error.
func notFound(format string, args ...any) *meeting.Error {
	return &meeting.Error{Code: meeting.CodeNotFound, Message: fmt.Sprintf(format, args...)}
}
