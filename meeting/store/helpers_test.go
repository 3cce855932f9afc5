package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"backstop/meeting"
	"backstop/meeting/storecontract"
)

var (
	finalizedAt = time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	oct12       = meeting.Date{Year: 2026, Month: 10, Day: 12}
)

// clock is a settable clock for tests; it starts on the day of the seed article's meeting.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTest opens a store in a new temporary directory; see openDir.
func openTest(t testing.TB, opts ...Option) *Store {
	t.Helper()
	return openDir(t, t.TempDir(), opts...)
}

// openDir opens the store of dir with a fixed clock unless opts give one. At cleanup
// the revisions of every meeting must pass VerifyAll (while the store is still open),
// then the store is closed and its file must pass the integrity check (style.md, 8).
func openDir(t testing.TB, dir string, opts ...Option) *Store {
	t.Helper()
	s := openUnverified(t, dir, opts...)
	t.Cleanup(func() { verifyChains(t, s) })
	return s
}

// openUnverified is openDir without VerifyAll at cleanup, for tests that tamper with
// the records.
func openUnverified(t testing.TB, dir string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(dir, append([]Option{WithClock(newClock().now)}, opts...)...)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { closeAndVerify(t, s) })
	return s
}

// verifyChains fails the test if VerifyAll finds a problem in an open store; a store
// the test closed itself is not checked.
func verifyChains(t testing.TB, s *Store) {
	t.Helper()
	problems, err := s.VerifyAll()
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return
	}
	if err != nil {
		t.Errorf("VerifyAll at cleanup: %v", err)
	}
	for _, p := range problems {
		t.Errorf("VerifyAll at cleanup: %s", p.Message)
	}
	wantIndexesInStep(t, s)
	_ = s.db.View(func(tx *bbolt.Tx) error {
		for _, d := range sweepRecords(tx) {
			t.Errorf("record sweep at cleanup: %s (%v)", d.message(), d.cause)
		}
		return nil
	})
}

// closeAndVerify closes s (closing twice is harmless) and checks its file.
func closeAndVerify(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := verifyFile(s.Path()); err != nil {
		t.Errorf("integrity check of %s at cleanup: %v", s.Path(), err)
	}
}

// wantCode fails unless err is a *meeting.Error with the code.
var wantCode = storecontract.WantCode

func second[T any](_ T, err error) error { return err }

// dump renders every bucket, its sequence and every key and value, so that tests can
// assert that a refused operation changed nothing at all.
func dump(t testing.TB, s *Store) string {
	t.Helper()
	var lines []string
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			lines = append(lines, fmt.Sprintf("bucket %s seq %d", name, b.Sequence()))
			return b.ForEach(func(k, v []byte) error {
				lines = append(lines, fmt.Sprintf("  %s %x = %q", name, k, v))
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// backupFiles lists the names in the backup folder of dir.
func backupFiles(t testing.TB, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, BackupDirName, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// The cases and minutes are the contract suite's (package storecontract), so that
// the tests of the file test the same records as the tests of the store's behaviour.
var (
	testCase       = storecontract.NewCase
	testPersonCase = storecontract.NewPersonCase
	testMeeting    = storecontract.NewMeeting
	saveCase       = storecontract.SaveCase
	saveMeeting    = storecontract.SaveMeeting
	draftOn        = storecontract.DraftOn
	hashOf         = storecontract.HashOf
	scanOf         = storecontract.ScanOf
	pdfHash        = storecontract.PDFHash
	recordPDF      = storecontract.RecordPDF
	auditActions   = storecontract.AuditActions
)

// finalizedWithPDF stores a valid draft, finalizes it at at and records its PDF.
func finalizedWithPDF(t testing.TB, s *Store, at time.Time) meeting.ID {
	t.Helper()
	id := draftOn(t, s, oct12)
	if _, err := s.Finalize(id, at); err != nil {
		t.Fatal(err)
	}
	recordPDF(t, s, id, 1)
	return id
}
