package migrate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/pgstore/pgtest"
	"backstop/meeting/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// ownerLogin is the administrator's login (a member of backstop_owner), which
// migrates the database and loads the office into it.
const ownerLogin = "migrate_owner"

var rolesOnce sync.Once

// target returns an empty database on the private server, migrated, opened as the
// owner's login.
func target(t *testing.T) *pgstore.Store {
	t.Helper()
	srv := pgtest.Shared(t)
	rolesOnce.Do(func() {
		srv.Exec(t, pgstore.RolesSQL)
		srv.Exec(t, "CREATE ROLE "+ownerLogin+" LOGIN IN ROLE "+pgstore.OwnerRole)
	})
	name := srv.NewDatabase(t, pgstore.OwnerRole)
	s, err := pgstore.Open(context.Background(), srv.URL(name, ownerLogin))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// clock is the office's clock, a minute further at every reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// office is a bbolt data folder with its archive, in the states a real office's
// store has: minutes finalized with their PDF, signed, delivered with a receipt,
// amended (an item with progress superseded), a deleted draft, a revision whose PDF
// is pending, a draft, a holiday calendar, numbers in two years.
type office struct {
	dir, archive string
	files        map[string][]byte // archive path → content
}

// newOffice builds the office and closes its store.
func newOffice(t *testing.T) *office {
	t.Helper()
	o := &office{dir: t.TempDir(), files: map[string][]byte{}}
	o.archive = filepath.Join(o.dir, "archive")
	clk := &clock{t: time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC)}
	s, err := store.Open(o.dir, store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	firm, person := enterpriseCase(), personCase()
	must(s.SaveCase(&firm))
	must(s.SaveCase(&person))

	// Meeting 1: finalized with its PDF, signed, delivered with a receipt, progress
	// reported, then amended: the decision with progress removed, finalized again.
	m1 := coordination(firm.ID, person.ID, meeting.Date{Year: 2026, Month: 10, Day: 12})
	must(s.SaveMeeting(&m1))
	if _, err := s.FinalizeWith(m1.ID, clk.now(), o.place(t)); err != nil {
		t.Fatal(err)
	}
	items, err := s.FollowUps(meeting.FollowUpFilter{Meeting: m1.ID})
	must(err)
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	_, err = s.AddProgress(items[1].ID, meeting.ProgressEntry{On: meeting.Date{Year: 2026, Month: 10, Day: 20}, Reporter: "陈刚", Text: "已现场核查消防设施。"})
	must(err)
	_, err = s.AddProgress(items[2].ID, meeting.ProgressEntry{On: meeting.Date{Year: 2026, Month: 10, Day: 21}, Reporter: "张华", Text: "已受理登记申请。"})
	must(err)
	_, err = s.AttachScan(m1.ID, o.scan(t, "2026/1-协调会/scan-r1-1.pdf", "signed minutes r1"), clk.now())
	must(err)
	_, err = s.Deliver(m1.ID, meeting.DeliveryRecord{Department: "自然资源和规划局", Method: meeting.DeliveredOnSite,
		On: meeting.Date{Year: 2026, Month: 10, Day: 13}, ReceivedBy: "张华"}, clk.now())
	must(err)
	_, err = s.AttachReceipt(m1.ID, "自然资源和规划局", o.scan(t, "2026/1-协调会/receipt-r1-自然资源和规划局.pdf", "receipt"), clk.now())
	must(err)
	amended, err := s.Amend(m1.ID, "删去已另行处理的消防事项", clk.now())
	must(err)
	amended.Agenda[0].Decisions = amended.Agenda[0].Decisions[:1]
	must(s.SaveMeeting(&amended))
	if _, err := s.FinalizeWith(m1.ID, clk.now(), o.place(t)); err != nil {
		t.Fatal(err)
	}

	// Meeting 2: a draft deleted; its audit log stays.
	m2 := coordination(person.ID, 0, meeting.Date{Year: 2026, Month: 11, Day: 2})
	must(s.SaveMeeting(&m2))
	must(s.DeleteMeeting(m2.ID))

	// Meeting 3: finalized in 2025, its PDF pending.
	m3 := coordination(person.ID, 0, meeting.Date{Year: 2025, Month: 12, Day: 1})
	must(s.SaveMeeting(&m3))
	if _, err := s.Finalize(m3.ID, clk.now()); err != nil {
		t.Fatal(err)
	}

	// Meeting 4: a draft being prepared.
	m4 := coordination(firm.ID, 0, meeting.Date{Year: 2026, Month: 12, Day: 7})
	m4.Title = "关于建德市某塑料母料有限公司二期厂房的协调会"
	must(s.SaveMeeting(&m4))

	must(s.SaveCalendarYear(meeting.CalendarYear{Year: 2027, Source: "国办发明电〔2026〕7号",
		Holidays: []meeting.Date{{Year: 2027, Month: 1, Day: 1}}, Workdays: []meeting.Date{{Year: 2027, Month: 1, Day: 3}}}))
	return o
}

// place writes a revision's PDF into the archive, as export/archive does.
func (o *office) place(t *testing.T) meeting.PlacePDF {
	return func(mn meeting.Minutes) (meeting.PDFFile, error) {
		n := len(mn.Meeting.Revisions)
		rel := fmt.Sprintf("%d/%d-协调会/r%d.pdf", mn.Meeting.Number.Year, mn.Meeting.Number.Seq, n)
		content := []byte(fmt.Sprintf("%%PDF-1.7 minutes %s revision %d %s", mn.Meeting.Number, n, mn.Meeting.Revisions[n-1].Fingerprint))
		o.write(t, rel, content)
		return meeting.PDFFile{Path: rel, Hash: hashOf(content)}, nil
	}
}

// scan writes a signed scan into the archive and returns its record.
func (o *office) scan(t *testing.T, rel, text string) meeting.Scan {
	content := []byte("%PDF-1.4 scan: " + text)
	o.write(t, rel, content)
	return meeting.Scan{Hash: hashOf(content), Path: rel, MediaType: "application/pdf", Size: int64(len(content))}
}

func (o *office) write(t *testing.T, rel string, content []byte) {
	name := filepath.Join(o.archive, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, content, 0o600); err != nil {
		t.Fatal(err)
	}
	o.files[rel] = content
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func enterpriseCase() meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市某塑料母料有限公司", CreditCode: "91330100799655058B",
			Contact: "叶尧平", Phone: "13812345678"},
		Category: meeting.CategoryRealEstate, Channel: meeting.ChannelWindowEnterprise,
		Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
		Title:    "已建厂房分期办理不动产权证", Request: "请求为已建成的一期厂房办理不动产权证，用于银行抵押贷款。",
		Background: "厂房分两期建设，二期尚未竣工。", MissingMaterials: "整体竣工验收备案表",
	}
}

func personCase() meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英", Phone: "0571-64712345"},
		Category:  meeting.CategoryLivelihood, Channel: meeting.ChannelHotline,
		Received: meeting.Date{Year: 2026, Month: 8, Day: 3},
		Title:    "老旧小区房屋无法办理不动产权证", Request: "房屋建成于 1995 年，原开发商已注销。",
	}
}

// coordination is a meeting that passes validation on the case first (two
// decisions) and, when second is not 0, the case second (one decision).
func coordination(first, second meeting.ID, d meeting.Date) meeting.Meeting {
	m := meeting.Meeting{
		Title: "关于分期办理不动产权证等疑难事项的协调会", Date: d, Start: 9 * 60, End: 11 * 60, Venue: "市政务服务中心三楼协调室",
		Host: meeting.Host{Name: "王明", Position: "副主任"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		Attendance: []meeting.Attendance{
			{Department: "行政审批服务管理办公室", Sections: []string{"兜底办"}, Person: "王明", Status: meeting.Present},
			{Department: "自然资源和规划局", Sections: []string{"不动产登记科"}, Person: "张华", Status: meeting.Present},
			{Department: "住房和城乡建设局", Sections: []string{"建筑管理科"}, Person: "陈刚", Status: meeting.Present},
		},
		Agenda: []meeting.AgendaItem{{
			CaseID: first, Summary: "已建厂房分期办理不动产权证", Discussion: "与会部门认为符合分期验收条件。",
			Judgment: meeting.JudgmentShould, JudgmentReason: "符合《若干意见》分期验收规定。",
			Decisions: []meeting.Decision{
				{Text: "以本纪要为依据，线下办理一期厂房不动产登记。", Lead: "自然资源和规划局", Cooperating: []string{"住房和城乡建设局"}, Due: d.AddDays(18)},
				{Text: "核查一期厂房消防设施。", Lead: "住房和城乡建设局", Due: d.AddDays(30)},
			},
		}},
	}
	if second != 0 {
		m.Agenda = append(m.Agenda, meeting.AgendaItem{
			CaseID: second, Summary: "老旧小区房屋办证", Discussion: "原开发商已注销，由属地街道代为申请。",
			Judgment: meeting.JudgmentShould, JudgmentReason: "历史遗留问题，应当办理。",
			Decisions: []meeting.Decision{{Text: "由属地街道代为申请首次登记。", Lead: "自然资源和规划局", Due: d.AddDays(40)}},
		})
	}
	return m
}

// fileState is a file's bytes and modification time.
type fileState struct {
	content []byte
	mtime   time.Time
}

func stateOf(t *testing.T, name string) fileState {
	t.Helper()
	content, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{content, info.ModTime()}
}

// openSource opens the office's store for the copy, closed at cleanup.
func openSource(t *testing.T, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestCopy moves the office and reads everything back from both stores.
func TestCopy(t *testing.T) {
	o := newOffice(t)
	before := stateOf(t, filepath.Join(o.dir, store.FileName))
	archiveBefore := map[string]fileState{}
	for rel := range o.files {
		archiveBefore[rel] = stateOf(t, filepath.Join(o.archive, filepath.FromSlash(rel)))
	}
	src := openSource(t, o.dir)
	dst := target(t)
	var said []string
	r, err := Copy(context.Background(), src, o.archive, dst, func(s string) { said = append(said, s) })
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("report not OK: files %v, differences %v, verify %v / %v", r.FileProblems, r.Differences, r.SourceProblems, r.TargetProblems)
	}
	if len(r.SourceProblems) != 0 {
		t.Errorf("the office's store has problems: %v", r.SourceProblems)
	}
	want := Counts{Departments: len(meeting.DefaultDirectory()), Cases: 2, Meetings: 3, Revisions: 3, FollowUps: 5, Files: 4}
	got := r.Copied
	got.Audit, got.Calendars = 0, 0
	if got != want || r.Copied.Calendars != 1 || r.Copied.Audit < 10 {
		t.Errorf("copied %+v, want %+v with a calendar and the audit log", r.Copied, want)
	}
	contents, err := src.Contents()
	if err != nil {
		t.Fatal(err)
	}
	if superseded := contents.FollowUps[1]; !superseded.Superseded || len(superseded.Progress) != 1 {
		t.Errorf("item 2 should be superseded with its progress: %+v", superseded)
	}
	if len(said) < 3 || !strings.Contains(said[len(said)-1], "迁移完成") {
		t.Errorf("progress %q", said)
	}

	// Every read gives the same on both stores, compared independently of Copy's check.
	equal := func(what string, a, b any, errA, errB error) {
		t.Helper()
		if errA != nil || errB != nil {
			if meeting.ErrorCode(errA) != meeting.ErrorCode(errB) {
				t.Errorf("%s: bbolt %v, postgres %v", what, errA, errB)
			}
			return
		}
		if jsonOf(a) != jsonOf(b) {
			t.Errorf("%s differs:\nbbolt    %s\npostgres %s", what, jsonOf(a), jsonOf(b))
		}
	}
	both := func(what string, read func(meeting.Store) (any, error)) {
		t.Helper()
		a, errA := read(src)
		b, errB := read(dst)
		equal(what, a, b, errA, errB)
	}
	both("Departments", func(s meeting.Store) (any, error) { return s.Departments() })
	for _, f := range []meeting.CaseFilter{{}, {Query: "王秀英"}, {Category: meeting.CategoryRealEstate}, {Limit: 1}} {
		both(fmt.Sprintf("Cases(%+v)", f), func(s meeting.Store) (any, error) { return s.Cases(f) })
	}
	for _, f := range []meeting.MeetingFilter{{}, {Year: 2025}, {State: meeting.StateDraft}, {Query: "消防"}, {Query: "塑料 二期"}, {Limit: 2}} {
		both(fmt.Sprintf("Meetings(%+v)", f), func(s meeting.Store) (any, error) { return s.Meetings(f) })
	}
	for id := meeting.ID(1); id <= 5; id++ {
		both(fmt.Sprintf("Meeting(%d)", id), func(s meeting.Store) (any, error) { return s.Meeting(id) })
		both(fmt.Sprintf("Minutes(%d)", id), func(s meeting.Store) (any, error) { return s.Minutes(id) })
		both(fmt.Sprintf("Audit(%d)", id), func(s meeting.Store) (any, error) { return s.Audit(id) })
		both(fmt.Sprintf("VerifyChain(%d)", id), func(s meeting.Store) (any, error) { return s.VerifyChain(id) })
		for n := 1; n <= 3; n++ {
			both(fmt.Sprintf("RevisionMinutes(%d, %d)", id, n), func(s meeting.Store) (any, error) { return s.RevisionMinutes(id, n) })
		}
		for _, f := range []meeting.FollowUpFilter{{Meeting: id}, {Case: id}} {
			both(fmt.Sprintf("FollowUps(%+v)", f), func(s meeting.Store) (any, error) { return s.FollowUps(f) })
		}
		both(fmt.Sprintf("FollowUp(%d)", id), func(s meeting.Store) (any, error) { return s.FollowUp(id) })
	}
	for _, f := range []meeting.FollowUpFilter{{}, {Open: true}, {Lead: "自然资源和规划局"}, {Status: meeting.FollowUpInProgress}, {Limit: 2}} {
		both(fmt.Sprintf("FollowUps(%+v)", f), func(s meeting.Store) (any, error) { return s.FollowUps(f) })
	}
	if audit, _ := src.Audit(2); len(audit) != 2 || audit[1].Action != meeting.AuditDelete {
		t.Errorf("the deleted draft's log is %v", audit)
	}
	both("PendingPDFs", func(s meeting.Store) (any, error) { return s.PendingPDFs() })
	both("Undelivered", func(s meeting.Store) (any, error) { return s.Undelivered() })
	both("CalendarYears", func(s meeting.Store) (any, error) { return s.CalendarYears() })
	cal, err := src.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []meeting.Date{{Year: 2026, Month: 10, Day: 26}, {Year: 2026, Month: 12, Day: 31}} {
		both(fmt.Sprintf("Board(%s)", day), func(s meeting.Store) (any, error) { return s.Board(day, cal) })
	}
	like := enterpriseCase()
	like.Title = "二期厂房分期办理不动产权证"
	both("Precedents", func(s meeting.Store) (any, error) { return s.Precedents(like, 10) })
	both("VerifyAll", func(s meeting.Store) (any, error) { return s.VerifyAll() })
	if p, _ := dst.VerifyAll(); len(p) != 0 {
		t.Errorf("VerifyAll on the copy: %v", p)
	}

	// Every archive file comes back from the database with its hash checked.
	for rel, content := range o.files {
		got, err := dst.File(rel, hashOf(content))
		if err != nil || !bytes.Equal(got, content) {
			t.Errorf("File(%s) = %q, %v", rel, got, err)
		}
	}

	// The source is untouched: the data file and the archive, bytes and times.
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	after := stateOf(t, filepath.Join(o.dir, store.FileName))
	if !bytes.Equal(after.content, before.content) || !after.mtime.Equal(before.mtime) {
		t.Errorf("the source data file changed (mtime %v → %v)", before.mtime, after.mtime)
	}
	for rel, was := range archiveBefore {
		now := stateOf(t, filepath.Join(o.archive, filepath.FromSlash(rel)))
		if !bytes.Equal(now.content, was.content) || !now.mtime.Equal(was.mtime) {
			t.Errorf("archive file %s changed", rel)
		}
	}

	// The copy goes on where the office stopped: IDs and numbers are not handed out again.
	c := personCase()
	if err := dst.SaveCase(&c); err != nil || c.ID != 3 {
		t.Errorf("new case ID %d (%v), want 3", c.ID, err)
	}
	m := coordination(c.ID, 0, meeting.Date{Year: 2026, Month: 12, Day: 14})
	if err := dst.SaveMeeting(&m); err != nil || m.ID != 5 {
		t.Fatalf("new meeting ID %d (%v), want 5 (2 was a deleted draft)", m.ID, err)
	}
	mn, err := dst.Finalize(m.ID, time.Date(2026, 12, 14, 12, 0, 0, 0, time.UTC))
	if err != nil || mn.Meeting.Number != (meeting.DocNumber{Year: 2026, Seq: 2}) {
		t.Errorf("finalized as %v (%v), want 〔2026〕2号", mn.Meeting.Number, err)
	}
	items, err := dst.FollowUps(meeting.FollowUpFilter{Meeting: m.ID})
	if err != nil || len(items) != 2 || items[0].ID != 6 {
		t.Errorf("new items %v (%v), want IDs after the office's", items, err)
	}
}

// TestCopyRefusesATargetNotEmpty: a second copy into the same database is refused,
// and the first copy stays as it was.
func TestCopyRefusesATargetNotEmpty(t *testing.T) {
	o := newOffice(t)
	src := openSource(t, o.dir)
	dst := target(t)
	if _, err := Copy(context.Background(), src, o.archive, dst, nil); err != nil {
		t.Fatal(err)
	}
	_, err := Copy(context.Background(), src, o.archive, dst, nil)
	if meeting.ErrorCode(err) != meeting.CodeConflict || !strings.Contains(meeting.ErrorMessage(err), "不是空的") {
		t.Fatalf("second copy: %v", err)
	}
	if ms, err := dst.Meetings(meeting.MeetingFilter{}); err != nil || len(ms) != 3 {
		t.Errorf("%d meetings after the refused copy (%v)", len(ms), err)
	}
}

// TestCopyReportsBadFiles: a scan altered after it was attached and a receipt gone
// are reported by path and not copied; everything else is.
func TestCopyReportsBadFiles(t *testing.T) {
	o := newOffice(t)
	tampered := "2026/1-协调会/scan-r1-1.pdf"
	missing := "2026/1-协调会/receipt-r1-自然资源和规划局.pdf"
	if err := os.WriteFile(filepath.Join(o.archive, filepath.FromSlash(tampered)), []byte("%PDF-1.4 scan: another page"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(o.archive, filepath.FromSlash(missing))); err != nil {
		t.Fatal(err)
	}
	src := openSource(t, o.dir)
	dst := target(t)
	r, err := Copy(context.Background(), src, o.archive, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || len(r.FileProblems) != 2 || len(r.Differences) != 0 || r.Copied.Files != 2 {
		t.Fatalf("report: OK %v, files %v, differences %v, copied %d", r.OK(), r.FileProblems, r.Differences, r.Copied.Files)
	}
	for i, want := range []struct{ path, says string }{{tampered, "SHA-256 不符"}, {missing, "不存在"}} {
		p := r.FileProblems[i]
		if p.Path != want.path || p.Meeting != 1 || !strings.Contains(p.Message, want.says) || !strings.Contains(p.Message, path.Base(want.path)) {
			t.Errorf("problem %d: %+v, want %s: %s", i, p, want.path, want.says)
		}
	}
	if _, err := dst.File(tampered, hashOf(o.files[tampered])); meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Errorf("the altered scan in the database: %v", err)
	}
	for rel, content := range o.files {
		if rel == tampered || rel == missing {
			continue
		}
		if _, err := dst.File(rel, hashOf(content)); err != nil {
			t.Errorf("File(%s): %v", rel, err)
		}
	}
}

// TestCopySchema5File moves a data file as an older Backstop wrote it (the two
// example meetings imported and finalized, upgraded by Open): the records copy
// faithfully; its archive folder is not in the fixture, so both PDFs are reported.
func TestCopySchema5File(t *testing.T) {
	data, err := os.ReadFile("../store/testdata/schema5.db")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.FileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	src := openSource(t, dir)
	dst := target(t)
	r, err := Copy(context.Background(), src, filepath.Join(dir, "archive"), dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Differences) != 0 || !r.SameVerification() || r.Copied.Meetings != 2 || r.Copied.FollowUps != 6 {
		t.Errorf("report: differences %v, verify %v / %v, copied %+v", r.Differences, r.SourceProblems, r.TargetProblems, r.Copied)
	}
	if len(r.FileProblems) != 2 || !strings.HasSuffix(r.FileProblems[0].Path, "/r1.pdf") {
		t.Errorf("file problems %v, want the two PDFs", r.FileProblems)
	}
	m, err := dst.Minutes(2)
	if err != nil || len(m.Meeting.CarryOver) != 4 {
		t.Errorf("the second meeting's carry-over: %v (%v)", m.Meeting.CarryOver, err)
	}
}
