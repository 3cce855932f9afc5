package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"backstop/meeting"
	"backstop/meeting/internal/recordcache"
)

// FileName is the name of the data file inside the data directory.
const FileName = "backstop.db"

// DefaultLockTimeout is how long Open waits for another process to release the data
// file before it reports meeting.CodeInUse. bbolt retries every 50 ms.
const DefaultLockTimeout = time.Second

// Store is an open data directory. Its methods are safe for concurrent use; each
// method that changes data runs in its own transaction and is durable when it returns.
type Store struct {
	db         *bbolt.DB
	dir        string
	path       string
	now        func() time.Time
	backupErr  error
	readOnly   bool
	forReading bool // opened read-only by ForReading, not because it could not write

	boardItems recordcache.Cache[meeting.ID, meeting.FollowUp] // the items of the last Board
}

var _ meeting.Store = (*Store)(nil)

// Option changes how Open opens a store.
type Option func(*config)

type config struct {
	now              func() time.Time
	lockTimeout      time.Duration
	readOnlyFallback bool
	forReading       bool
}

// WithClock makes the store read the time from now instead of time.Now: it stamps
// Created and Updated, and names the daily backup after now's calendar day.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithLockTimeout sets how long Open waits for another process to release the data
// file (DefaultLockTimeout when not given).
func WithLockTimeout(d time.Duration) Option {
	return func(c *config) { c.lockTimeout = d }
}

// Open opens the data directory dir, creating it (mode 0700) and its data file (mode
// 0600) when missing. It waits at most the lock timeout for another process holding
// the file (meeting.CodeInUse), checks the file's integrity (meeting.CodeCorrupt,
// naming the newest usable backup), upgrades an older schema, loads the default
// directory of departments into a new store, and writes the day's backup if there is
// none yet. A failed backup does not stop the store from opening; BackupErr reports it.
// A data folder or file that cannot be written is refused with meeting.CodeReadOnly,
// or opened read-only with ReadOnlyFallback.
func Open(dir string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now, lockTimeout: DefaultLockTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("数据目录「%s」无效。", dir), err)
	}
	s := &Store{dir: dir, path: filepath.Join(dir, FileName), now: cfg.now}
	var refusal error
	if cfg.forReading {
		// Not even the folder is made: a mistyped --data gets a message, not a folder.
		s.readOnly, s.forReading = true, true
		if _, err := os.Stat(s.path); missingFile(err) {
			return nil, meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf(
				"数据文件夹中没有数据文件 %s（%s）。请检查 --data 指定的数据目录是否正确。", FileName, dir), err)
		}
	} else {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, s.storageError(err)
		}
		if refusal, err = s.writable(); err != nil {
			return nil, s.storageError(err)
		}
	}
	if refusal != nil {
		if !cfg.readOnlyFallback {
			return nil, readOnlyError(dir, refusal)
		}
		if _, err := os.Stat(s.path); missingFile(err) {
			return nil, meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf(
				"数据文件夹只读，且其中没有数据文件 %s，无法查看（%s）。", FileName, dir), err)
		}
		s.readOnly = true
	}
	if err := s.preflight(cfg.lockTimeout); err != nil {
		return nil, err
	}
	db, err := openBolt(s.path, &bbolt.Options{Timeout: cfg.lockTimeout, ReadOnly: s.readOnly})
	if err != nil {
		return nil, s.openError(err)
	}
	s.db = db
	if err := s.checkStructure(); err != nil {
		_ = db.Close()
		return nil, err
	}
	prepare := s.prepare
	if s.readOnly {
		prepare = s.prepareReadOnly
	}
	if err := prepare(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if s.readOnly {
		return s, nil // nothing may be written: no clean-up, no backup
	}
	s.removeStaleTemps()
	s.backupErr = s.dailyBackup()
	return s, nil
}

// openBolt opens a bbolt file, turning a panic or a memory fault while bbolt reads a
// damaged file into an error.
func openBolt(path string, opts *bbolt.Options) (db *bbolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("bbolt panicked while opening %s: %v", path, r)
		}
	}()
	return bbolt.Open(path, 0o600, opts)
}

// Close closes the data file; the store cannot be used afterwards.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return s.storageError(err)
	}
	return nil
}

// Dir returns the data directory.
func (s *Store) Dir() string { return s.dir }

// Path returns the path of the data file.
func (s *Store) Path() string { return s.path }

// BackupErr returns why the day's backup could not be written when the store was
// opened, or nil. The store works without it, but the user should be told.
func (s *Store) BackupErr() error { return s.backupErr }

// timestamp returns the store's current time for Created and Updated, without the
// monotonic reading so that a value read back compares equal to the one written.
func (s *Store) timestamp() time.Time { return s.now().Round(0) }

// view runs fn in a read-only transaction; see update.
func (s *Store) view(fn func(*bbolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverInto(&err)
	return s.txError(s.db.View(fn))
}

// update runs fn in a read-write transaction, committed and synced when fn returns
// nil and rolled back otherwise. Errors come back as *meeting.Error; a panic while
// reading damaged data becomes CodeInternal instead of ending the program.
func (s *Store) update(fn func(*bbolt.Tx) error) (err error) {
	if s.readOnly {
		return readOnlyError(s.dir, berrors.ErrDatabaseReadOnly)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverInto(&err)
	return s.txError(s.db.Update(func(tx *bbolt.Tx) error {
		packPages(tx)
		return fn(tx)
	}))
}

// fillPercent is how full bbolt fills a page before splitting it. Records get
// ascending IDs and index keys mostly ascending dates, so writes land at the end of a
// bucket, where bbolt's default (half full) would leave every page half empty and
// make the file, and the integrity check at every open, twice as large.
const fillPercent = 0.9

// packPages sets fillPercent on the buckets of a write transaction (bbolt does not
// store the setting; it holds for the transaction's bucket handles).
func packPages(tx *bbolt.Tx) {
	for _, name := range schemaBuckets {
		if b := tx.Bucket(name); b != nil {
			b.FillPercent = fillPercent
		}
	}
}

func (s *Store) recoverInto(err *error) {
	if r := recover(); r != nil {
		*err = &meeting.Error{
			Code:    meeting.CodeInternal,
			Message: "读写数据时发生内部错误，刚才的操作未完成。请运行 backstop check 检查数据文件。",
			Err:     fmt.Errorf("panic: %v\n%s", r, debug.Stack()),
		}
	}
}

// txError passes *meeting.Error values through and translates everything else.
func (s *Store) txError(err error) error {
	if err == nil {
		return nil
	}
	var e *meeting.Error
	if errors.As(err, &e) {
		return err
	}
	return s.storageError(err)
}
