package store

import (
	"crypto/sha256"
	"encoding/hex"
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
func wantCode(t testing.TB, err error, code meeting.Code) *meeting.Error {
	t.Helper()
	var e *meeting.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *meeting.Error with code %s", err, err, code)
	}
	if e.Code != code {
		t.Fatalf("error code %s (%v), want %s", e.Code, err, code)
	}
	return e
}

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

// testCase returns a valid case: the seed article's plastics company.
func testCase() meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市某塑料母料有限公司", CreditCode: "91330100799655058B",
			Contact: "叶尧平", Phone: "13812345678"},
		Category: meeting.CategoryRealEstate, Channel: meeting.ChannelWindowEnterprise,
		Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
		Title:    "已建厂房分期办理不动产权证", Request: "请求为已建成的一期厂房办理不动产权证，用于银行抵押贷款。",
		Background: "厂房分两期建设，二期尚未竣工。", MissingMaterials: "整体竣工验收备案表",
		Status: meeting.CaseOpen,
	}
}

// testPersonCase returns a valid case of a person.
func testPersonCase() meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英", Phone: "0571-64712345"},
		Category:  meeting.CategoryLivelihood, Channel: meeting.ChannelHotline,
		Received: meeting.Date{Year: 2026, Month: 8, Day: 3},
		Title:    "老旧小区房屋无法办理不动产权证", Request: "房屋建成于 1995 年，原开发商已注销。",
		Status: meeting.CaseOpen,
	}
}

// testMeeting returns a meeting that passes validation with the given case on its
// agenda.
func testMeeting(caseID meeting.ID) meeting.Meeting {
	return meeting.Meeting{
		Title: "关于某塑料母料有限公司不动产权证办理的协调会", Date: meeting.Date{Year: 2026, Month: 10, Day: 12},
		Start: 9 * 60, End: 11 * 60, Venue: "市政务服务中心三楼协调室",
		Host: meeting.Host{Name: "王明", Position: "副主任"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		CopyTo: "市政府办公室",
		Attendance: []meeting.Attendance{
			{Department: "行政审批服务管理办公室", Sections: []string{"兜底办"}, Person: "王明", Status: meeting.Present},
			{Department: "自然资源和规划局", Sections: []string{"不动产登记科", "用地审批科"}, Person: "张华", Phone: "0571-64712345", Status: meeting.Present},
			{Department: "住房和城乡建设局", Sections: []string{"建筑管理科"}, Person: "陈刚", Status: meeting.Observer},
			{Department: "税务局", Person: "赵丽", Status: meeting.Excused},
		},
		Agenda: []meeting.AgendaItem{{
			CaseID: caseID, Summary: "已建厂房分期办理不动产权证", Discussion: "与会部门认为符合分期验收条件。",
			Judgment: meeting.JudgmentShould, JudgmentReason: "符合《若干意见》分期验收规定。",
			Policies: []meeting.PolicyBasis{{Title: "加强工业用地管理 助力优化营商环境的若干意见", Issuer: "建德市人民政府", Clause: "第三条"}},
			Decisions: []meeting.Decision{{Text: "以本纪要为依据，线下办理一期厂房不动产登记 (Phase One)。", Lead: "自然资源和规划局",
				Cooperating: []string{"住房和城乡建设局"}, Due: meeting.Date{Year: 2026, Month: 10, Day: 30}, Note: "材料齐全后 5 个工作日内办结"}},
		}},
		State: meeting.StateDraft,
	}
}

// saveCase stores c and returns it as stored.
func saveCase(t testing.TB, s *Store, c meeting.Case) meeting.Case {
	t.Helper()
	if err := s.SaveCase(&c); err != nil {
		t.Fatalf("SaveCase: %v", err)
	}
	return c
}

// saveMeeting stores m and returns it as stored.
func saveMeeting(t testing.TB, s *Store, m meeting.Meeting) meeting.Meeting {
	t.Helper()
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatalf("SaveMeeting: %v", err)
	}
	return m
}

// draftOn stores a valid draft dated d and returns its ID.
func draftOn(t testing.TB, s *Store, d meeting.Date) meeting.ID {
	t.Helper()
	c := saveCase(t, s, testCase())
	m := testMeeting(c.ID)
	m.Date = d
	m.Agenda[0].Decisions[0].Due = d.AddDays(14)
	return saveMeeting(t, s, m).ID
}

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

// hashOf returns the SHA-256 of s in hex, standing in for a file's hash.
func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// scanOf returns a valid scan record whose content is s.
func scanOf(s string) meeting.Scan {
	return meeting.Scan{Hash: hashOf(s), Path: "2026/1/signed-" + hashOf(s)[:8] + ".pdf", MediaType: "application/pdf", Size: int64(len(s))}
}

// pdfHash is the hash the tests give revision n's PDF of meeting id.
func pdfHash(id meeting.ID, n int) string { return hashOf(pdfPath(id, n)) }

// pdfPath is where the tests say revision n's PDF of meeting id was archived.
func pdfPath(id meeting.ID, n int) string { return fmt.Sprintf("2026/%d/minutes-r%d.pdf", id, n) }

// recordPDF records the tests' PDF of revision n.
func recordPDF(t testing.TB, s *Store, id meeting.ID, n int) {
	t.Helper()
	if err := s.RecordPDF(id, n, pdfPath(id, n), pdfHash(id, n)); err != nil {
		t.Fatalf("RecordPDF(%d, %d): %v", id, n, err)
	}
}

// auditActions returns the actions of a meeting's audit log, in order.
func auditActions(t testing.TB, s *Store, id meeting.ID) []meeting.AuditAction {
	t.Helper()
	entries, err := s.Audit(id)
	if err != nil && meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Fatal(err)
	}
	var out []meeting.AuditAction
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}
