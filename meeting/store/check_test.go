package store

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// checkFixture makes a small data directory with every kind of record the app reads:
// departments, a company's and a person's case, finalized minutes with their PDF
// recorded, follow-up items (one with progress), a draft, an entered calendar year,
// and a backup of it all. It returns the directory and the IDs the readers ask for.
type checkFixture struct {
	dir      string
	meetings []meeting.ID
	cases    []meeting.ID
	items    []meeting.ID
	pageSize int
}

func newCheckFixture(t testing.TB, extraMeetings int) checkFixture {
	t.Helper()
	dir := t.TempDir()
	clk := newClock()
	s, err := Open(dir, WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	fx := checkFixture{dir: dir, pageSize: s.db.Info().PageSize}
	company := saveCase(t, s, testCase())
	person := saveCase(t, s, testPersonCase())
	fx.cases = []meeting.ID{company.ID, person.ID}
	final := saveMeeting(t, s, testMeeting(company.ID))
	if _, err := s.Finalize(final.ID, finalizedAt); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordPDF(final.ID, 1, "2026/1-test/r1.pdf", strings.Repeat("ab", 32)); err != nil {
		t.Fatal(err)
	}
	draft := testMeeting(person.ID)
	draft.Title = "关于老旧小区房屋办证的协调会"
	draft = saveMeeting(t, s, draft)
	fx.meetings = []meeting.ID{final.ID, draft.ID}
	for i := range extraMeetings {
		m := testMeeting(company.ID)
		m.Title = fmt.Sprintf("第 %d 次协调会", i+1)
		m.Agenda[0].Discussion = strings.Repeat("与会部门逐项讨论。", 20)
		fx.meetings = append(fx.meetings, saveMeeting(t, s, m).ID)
	}
	items, err := s.FollowUps(meeting.FollowUpFilter{})
	if err != nil || len(items) == 0 {
		t.Fatalf("FollowUps: %v, %d items", err, len(items))
	}
	for _, it := range items {
		fx.items = append(fx.items, it.ID)
	}
	if _, err := s.AddProgress(items[0].ID, meeting.ProgressEntry{On: oct12.AddDays(2), Reporter: "张华", Text: "已受理。"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveCalendarYear(meeting.CalendarYear{Year: 2027, Holidays: []meeting.Date{{Year: 2027, Month: 1, Day: 1}}}); err != nil {
		t.Fatal(err)
	}
	// The daily backup holds the store as it was opened (empty); this one holds it all,
	// and is newer.
	if err := s.BackupTo(filepath.Join(dir, BackupDirName, "backstop-manual.db")); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Add(time.Minute)
	_ = os.Chtimes(filepath.Join(dir, BackupDirName, "backstop-manual.db"), future, future)
	if err := s.Check(); err != nil {
		t.Fatalf("Check of the healthy fixture: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return fx
}

// readers are what the app and the command line read: list and search (list, the
// 会议 and 诉求 tabs), the minutes (export, preview, excerpt), the audit log and
// revisions (archive-export, verify), follow-up items and the board (督办, ledger),
// precedents, the calendar, the directory, and what startup recovers. Each returns
// the first refusal.
func (fx checkFixture) readers(s *Store) []func() error {
	fs := []func() error{
		func() error { _, err := s.Meetings(meeting.MeetingFilter{}); return err },
		func() error { _, _, err := s.MeetingsReadable(meeting.MeetingFilter{}); return err },
		func() error { _, err := s.Meetings(meeting.MeetingFilter{Query: "协调会", Limit: 1}); return err },
		func() error {
			_, err := s.Meetings(meeting.MeetingFilter{Year: 2026, State: meeting.StateFinalized})
			return err
		},
		func() error { _, err := s.Cases(meeting.CaseFilter{}); return err },
		func() error { _, err := s.Cases(meeting.CaseFilter{Query: "不动产权证", Limit: 1}); return err },
		func() error { _, err := s.Departments(); return err },
		func() error { _, err := s.FollowUps(meeting.FollowUpFilter{}); return err },
		func() error { _, err := s.FollowUps(meeting.FollowUpFilter{Limit: 5}); return err },
		func() error {
			_, err := s.FollowUps(meeting.FollowUpFilter{Open: true, Lead: "自然资源和规划局"})
			return err
		},
		func() error {
			cal, err := s.Calendar()
			if err != nil {
				return err
			}
			_, err = s.Board(oct12, cal)
			return err
		},
		func() error { _, err := s.CalendarYears(); return err },
		func() error { _, err := s.PendingPDFs(); return err },
		func() error {
			problems, err := s.VerifyAll()
			if err == nil && len(problems) > 0 {
				err = meeting.Errorf(meeting.CodeCorrupt, problems[0].Message, nil)
			}
			return err
		},
	}
	for _, id := range fx.meetings {
		fs = append(fs,
			func() error { _, err := s.Minutes(id); return err },
			func() error { _, err := s.Meeting(id); return err },
			func() error { _, err := s.Audit(id); return err },
			func() error { _, err := s.FollowUps(meeting.FollowUpFilter{Meeting: id}); return err },
			func() error {
				m, err := s.Meeting(id)
				for n := 1; err == nil && n <= len(m.Revisions); n++ {
					_, err = s.RevisionMinutes(id, n)
				}
				return err
			},
		)
	}
	for _, id := range fx.cases {
		fs = append(fs,
			func() error { _, err := s.Case(id); return err },
			func() error { _, err := s.FollowUps(meeting.FollowUpFilter{Case: id}); return err },
			func() error {
				c, err := s.Case(id)
				if err == nil {
					c.ID = 0
					_, err = s.Precedents(c, 5)
				}
				return err
			},
		)
	}
	for _, id := range fx.items {
		fs = append(fs, func() error { _, err := s.FollowUp(id); return err })
	}
	return fs
}

// checkOutcome is what one damaged file did.
type checkOutcome int

const (
	refusedAtOpen checkOutcome = iota // Open refused it: so does check, which opens it
	detected                          // a reader refused it, and so did Check
	flaggedOnly                       // Check reported damage no reader ran into
	harmless                          // every reader and Check accepted it
	missed                            // a reader refused it, Check said intact
)

// tryDamaged installs data as the data file of a copy of fx and sees who refuses it.
func (fx checkFixture) tryDamaged(t *testing.T, data []byte) (checkOutcome, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, FileName), data)
	if err := os.MkdirAll(filepath.Join(dir, BackupDirName), 0o700); err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(fx.dir, BackupDirName, "*.db"))
	for _, b := range backups {
		src, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(b)
		to := filepath.Join(dir, BackupDirName, filepath.Base(b))
		write(t, to, src)
		_ = os.Chtimes(to, info.ModTime(), info.ModTime())
	}
	s, err := Open(dir, WithClock(newClock().now))
	if err != nil {
		wantCode(t, err, meeting.CodeCorrupt)
		return refusedAtOpen, ""
	}
	defer s.Close()
	var refusal error
	for _, read := range fx.readers(s) {
		if err := read(); err != nil {
			wantMeetingError(t, err)
			refusal = err
			break
		}
	}
	checkErr := s.Check()
	switch {
	case refusal != nil && checkErr == nil:
		return missed, meeting.ErrorMessage(refusal)
	case checkErr != nil:
		e := wantCode(t, checkErr, meeting.CodeCorrupt)
		if strings.Contains(e.Message, "结构完好") && len(e.Problems) == 0 {
			t.Errorf("record damage reported without naming a record: %s", e.Message)
		}
		if refusal == nil {
			return flaggedOnly, ""
		}
		return detected, ""
	}
	return harmless, ""
}

// tally counts outcomes and fails on every miss.
type tally [missed + 1]int

func (c tally) String() string {
	return fmt.Sprintf("%d trials: %d refused at open, %d refused by a reader and reported by check, "+
		"%d reported by check only, %d harmless, %d missed",
		c[0]+c[1]+c[2]+c[3]+c[4], c[refusedAtOpen], c[detected], c[flaggedOnly], c[harmless], c[missed])
}

// pageDamages are the ways one page is overwritten: garbage over all of it, zeros,
// garbage over everything after the header and element array (the keys and values,
// where bbolt's check does not look), and one flipped byte in the middle of it.
func pageDamages(page []byte, r *rand.Rand) []namedDamage {
	out := map[string][]byte{}
	g := make([]byte, len(page))
	for i := range g {
		g[i] = byte(r.Uint32())
	}
	out["garbage"] = g
	out["zeros"] = make([]byte, len(page))
	count := int(page[10]) | int(page[11])<<8
	if body := pageHeaderSize + count*elementSize; body < len(page) {
		v := bytes.Clone(page)
		copy(v[body:], g[body:])
		out["values garbage"] = v
		f := bytes.Clone(page)
		f[body+(len(page)-body)/2] ^= 0x5a
		out["one byte flipped"] = f
	}
	var named []namedDamage
	for _, how := range slices.Sorted(maps.Keys(out)) {
		named = append(named, namedDamage{how, out[how]})
	}
	return named
}

type namedDamage struct {
	how  string
	page []byte
}

// TestCheckSeesEveryPageDamageTheAppRefuses overwrites every page of a small store
// in turn, in each of the ways of pageDamages, and wants check to report damage
// whenever any reader of the app refuses the file; nothing may panic.
func TestCheckSeesEveryPageDamageTheAppRefuses(t *testing.T) {
	fx := newCheckFixture(t, 0)
	orig, err := os.ReadFile(filepath.Join(fx.dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	ps := fx.pageSize
	r := rand.New(rand.NewPCG(17, 1))
	var c tally
	for p := 0; p*ps < len(orig); p++ {
		for _, d := range pageDamages(orig[p*ps:(p+1)*ps], r) {
			how := d.how
			data := bytes.Clone(orig)
			copy(data[p*ps:], d.page)
			got, why := fx.tryDamaged(t, data)
			c[got]++
			if got == missed {
				t.Errorf("page %d, %s: a reader refused the file (%s) but check said it is intact", p, how, why)
			}
		}
	}
	t.Logf("page overwrite, %d pages of %d bytes: %v", len(orig)/ps, ps, c)
}

// TestCheckSeesEverySectorDamageTheAppRefuses does the same to every 512-byte
// sector of a larger store, with garbage.
func TestCheckSeesEverySectorDamageTheAppRefuses(t *testing.T) {
	fx := newCheckFixture(t, 12)
	orig, err := os.ReadFile(filepath.Join(fx.dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	step := 1
	if testing.Short() {
		step = 7
	}
	r := rand.New(rand.NewPCG(17, 2))
	var c tally
	for at := 0; at < len(orig); at += 512 * step {
		data := bytes.Clone(orig)
		for i := at; i < at+512 && i < len(data); i++ {
			data[i] = byte(r.Uint32())
		}
		got, why := fx.tryDamaged(t, data)
		c[got]++
		if got == missed {
			t.Errorf("sector at %d: a reader refused the file (%s) but check said it is intact", at, why)
		}
	}
	t.Logf("sector overwrite, %d bytes: %v", len(orig), c)
}

// TestCheckNamesTheDamagedRecordAndTheBackup damages one meeting's record in place
// (bbolt's structure stays sound) and wants check to name the meeting and the backup
// that holds it intact, and list to refuse the file.
func TestCheckNamesTheDamagedRecordAndTheBackup(t *testing.T) {
	fx := newCheckFixture(t, 0)
	path := filepath.Join(fx.dir, FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The draft's title sits in its record, in the meeting index and in the audit
	// log; damage the record's copy only: its JSON no longer parses.
	var value []byte
	func() {
		db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_ = db.View(func(tx *bbolt.Tx) error {
			value = bytes.Clone(tx.Bucket(bucketMeetings).Get(idKey(fx.meetings[1])))
			return nil
		})
	}()
	at := bytes.Index(data, value)
	if at < 0 || bytes.Count(data, value) != 1 {
		t.Fatalf("the draft's record is not in the file once (at %d)", at)
	}
	data[at] = '<' // JSON starts with {
	write(t, path, data)
	s, err := Open(fx.dir, WithClock(newClock().now))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if _, err := s.Meetings(meeting.MeetingFilter{}); meeting.ErrorCode(err) != meeting.CodeCorrupt {
		t.Fatalf("list of a damaged meeting: %v, want CodeCorrupt", err)
	}
	// The list on screen leaves it out and names it; the finalized meeting stays listed.
	ms, damaged, err := s.MeetingsReadable(meeting.MeetingFilter{})
	if err != nil || len(ms) != 1 || ms[0].ID != fx.meetings[0] || !slices.Equal(damaged, []meeting.ID{fx.meetings[1]}) {
		t.Errorf("MeetingsReadable: %v, %d meetings, damaged %v; want meeting %d listed and %d damaged", err, len(ms), damaged, fx.meetings[0], fx.meetings[1])
	}
	if ms, damaged, err := s.MeetingsReadable(meeting.MeetingFilter{State: meeting.StateFinalized}); err != nil || len(ms) != 1 || len(damaged) != 0 {
		t.Errorf("MeetingsReadable of finalized meetings: %v, %d meetings, damaged %v", err, len(ms), damaged)
	}
	e := wantCode(t, s.Check(), meeting.CodeCorrupt)
	backup := filepath.Join(fx.dir, BackupDirName, "backstop-manual.db")
	want := fmt.Sprintf("会议（编号 %d）无法读取，可能已被改写。最近一份完好保存它的备份是 %s。", fx.meetings[1], backup)
	if len(e.Problems) == 0 || e.Problems[0].Message != want {
		t.Errorf("problems %v, want first %q", e.Problems, want)
	}
	if !strings.Contains(e.Message, `backstop restore "`+backup+`"`) {
		t.Errorf("message does not say how to restore %s: %s", backup, e.Message)
	}
}
