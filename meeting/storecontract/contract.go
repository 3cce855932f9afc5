// Package storecontract is the behaviour every implementation of meeting.Store must
// show, as one suite of tests run against each of them: the bbolt store
// (meeting/store) and the PostgreSQL store (meeting/pgstore) call Run from a test of
// their own.
//
// It tests through the interface only: what a caller can see (records read back,
// error codes, numbers, the audit log, follow-up items), never how a store lays out
// its bytes. Tests about one implementation's file or server stay with it.
package storecontract

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"backstop/meeting"
)

// Opener opens a new, empty store for one test, whose clock is now (it stamps
// Created, Updated and the audit entries). The opener closes it at the test's cleanup.
type Opener func(t *testing.T, now func() time.Time) meeting.Store

// Run runs the contract against the stores open opens, one fresh store per test.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, open Opener)
	}{
		{"RoundTrip", testRoundTrip},
		{"SaveAssignsIdentities", testSaveAssignsIdentities},
		{"DraftsMayBeIncompleteButCasesMayNot", testDraftsMayBeIncompleteButCasesMayNot},
		{"DepartmentNamesAreUnique", testDepartmentNamesAreUnique},
		{"NotFound", testNotFound},
		{"UnreadableValuesAreRefused", testUnreadableValuesAreRefused},
		{"SaveCaseKeepsClosedLoopFields", testSaveCaseKeepsClosedLoopFields},
		{"Timestamps", testTimestamps},
		{"FinalizeNumbersPerYear", testFinalizeNumbersPerYear},
		{"RefusedFinalizeUsesNoNumber", testRefusedFinalizeUsesNoNumber},
		{"AmendKeepsNumberAndChainsRevisions", testAmendKeepsNumberAndChainsRevisions},
		{"LockedMeetingRefusesEdits", testLockedMeetingRefusesEdits},
		{"FinalizedMinutesKeepTheirCases", testFinalizedMinutesKeepTheirCases},
		{"DeleteMeeting", testDeleteMeeting},
		{"FinalizeWith", testFinalizeWith},
		{"RecordPDF", testRecordPDF},
		{"PendingPDFs", testPendingPDFs},
		{"AttachAndArchive", testAttachAndArchive},
		{"AuditLog", testAuditLog},
		{"MeetingsFilter", testMeetingsFilter},
		{"CasesFilter", testCasesFilter},
		{"SearchFollowsEdits", testSearchFollowsEdits},
		{"Precedents", testPrecedents},
		{"FollowUpsCreatedAtFinalize", testFollowUpsCreatedAtFinalize},
		{"FollowUpsLimitNewest", testFollowUpsLimitNewest},
		{"FollowUpsFollowAmendment", testFollowUpsFollowAmendment},
		{"CarryOverReportsIntoTheLogOnce", testCarryOverReportsIntoTheLogOnce},
		{"CloseCaseAndCallBack", testCloseCaseAndCallBack},
		{"Board", testBoard},
		{"Deliveries", testDeliveries},
		{"CalendarYears", testCalendarYears},
		{"VerifyAllFindsNothingInAHealthyStore", testVerifyHealthy},
		{"Import", testImport},
		{"ImportIsAllOrNothing", testImportIsAllOrNothing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}

// clock is a settable clock; it starts on the day of the seed article's meeting, in
// UTC, so that times read back compare equal to those written.
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

// fresh opens a new store with a fixed clock.
func fresh(t *testing.T, open Opener) meeting.Store {
	t.Helper()
	return open(t, newClock().now)
}

var (
	finalizedAt = time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	oct12       = meeting.Date{Year: 2026, Month: 10, Day: 12}
)

// WantCode fails unless err is a *meeting.Error with the code.
func WantCode(t testing.TB, err error, code meeting.Code) *meeting.Error {
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

// state renders everything a caller can read from s, so that a test can assert that
// a refused operation changed nothing it could see. nextNumber is left out: tests
// check the number the next finalize draws instead.
func state(t testing.TB, s meeting.Store) string {
	t.Helper()
	var out struct {
		Departments []meeting.Department
		Cases       []meeting.Case
		Meetings    []meeting.Meeting
		Minutes     []meeting.Minutes
		Snapshots   []meeting.Minutes
		Audit       map[meeting.ID][]meeting.AuditEntry
		Pending     []meeting.RevisionRef
		FollowUps   []meeting.FollowUp
		Calendar    []meeting.CalendarYear
	}
	var err error
	must := func(e error) {
		if e != nil && err == nil {
			err = e
		}
	}
	out.Departments, err = s.Departments()
	cs, e := s.Cases(meeting.CaseFilter{})
	must(e)
	out.Cases = cs
	ms, e := s.Meetings(meeting.MeetingFilter{})
	must(e)
	out.Meetings = ms
	out.Audit = map[meeting.ID][]meeting.AuditEntry{}
	for _, m := range ms {
		mn, e := s.Minutes(m.ID)
		must(e)
		out.Minutes = append(out.Minutes, mn)
		for n := 1; n <= len(m.Revisions); n++ {
			snap, e := s.RevisionMinutes(m.ID, n)
			must(e)
			out.Snapshots = append(out.Snapshots, snap)
		}
		a, e := s.Audit(m.ID)
		must(e)
		out.Audit[m.ID] = a
	}
	out.Pending, e = s.PendingPDFs()
	must(e)
	out.FollowUps, e = s.FollowUps(meeting.FollowUpFilter{})
	must(e)
	out.Calendar, e = s.CalendarYears()
	must(e)
	if err != nil {
		t.Fatalf("reading the store's state: %v", err)
	}
	b, e := json.MarshalIndent(out, "", " ")
	if e != nil {
		t.Fatal(e)
	}
	return string(b)
}

// The fixtures below are exported for the stores' own tests (their files, servers
// and migrations), so that those test the same cases and minutes as the contract.

// NewCase returns a valid case: the seed article's plastics company.
func NewCase() meeting.Case {
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

// NewPersonCase returns a valid case of a person.
func NewPersonCase() meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英", Phone: "0571-64712345"},
		Category:  meeting.CategoryLivelihood, Channel: meeting.ChannelHotline,
		Received: meeting.Date{Year: 2026, Month: 8, Day: 3},
		Title:    "老旧小区房屋无法办理不动产权证", Request: "房屋建成于 1995 年，原开发商已注销。",
		Status: meeting.CaseOpen,
	}
}

// NewMeeting returns a meeting that passes validation with the given case on its
// agenda.
func NewMeeting(caseID meeting.ID) meeting.Meeting {
	return meeting.Meeting{
		Title: "关于某塑料母料有限公司不动产权证办理的协调会", Date: oct12,
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

// SaveCase stores c and returns it as stored.
func SaveCase(t testing.TB, s meeting.Store, c meeting.Case) meeting.Case {
	t.Helper()
	if err := s.SaveCase(&c); err != nil {
		t.Fatalf("SaveCase: %v", err)
	}
	return c
}

// SaveMeeting stores m and returns it as stored.
func SaveMeeting(t testing.TB, s meeting.Store, m meeting.Meeting) meeting.Meeting {
	t.Helper()
	if err := s.SaveMeeting(&m); err != nil {
		t.Fatalf("SaveMeeting: %v", err)
	}
	return m
}

// DraftOn stores a valid draft dated d with its case and returns its ID.
func DraftOn(t testing.TB, s meeting.Store, d meeting.Date) meeting.ID {
	t.Helper()
	c := SaveCase(t, s, NewCase())
	m := NewMeeting(c.ID)
	m.Date = d
	m.Agenda[0].Decisions[0].Due = d.AddDays(14)
	return SaveMeeting(t, s, m).ID
}

// finalizedOn stores a valid draft and finalizes it, without its PDF.
func finalizedOn(t testing.TB, s meeting.Store) meeting.ID {
	t.Helper()
	id := DraftOn(t, s, oct12)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	return id
}

// HashOf returns the SHA-256 of s in hex, standing in for a file's hash.
func HashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// ScanOf returns a valid scan record whose content is s.
func ScanOf(s string) meeting.Scan {
	return meeting.Scan{Hash: HashOf(s), Path: "2026/1/signed-" + HashOf(s)[:8] + ".pdf", MediaType: "application/pdf", Size: int64(len(s))}
}

// PDFPath is where the tests say revision n's PDF of meeting id was archived.
func PDFPath(id meeting.ID, n int) string { return fmt.Sprintf("2026/%d/minutes-r%d.pdf", id, n) }

// PDFHash is the hash the tests give revision n's PDF of meeting id.
func PDFHash(id meeting.ID, n int) string { return HashOf(PDFPath(id, n)) }

// RecordPDF records the tests' PDF of revision n.
func RecordPDF(t testing.TB, s meeting.Store, id meeting.ID, n int) {
	t.Helper()
	if err := s.RecordPDF(id, n, PDFPath(id, n), PDFHash(id, n)); err != nil {
		t.Fatalf("RecordPDF(%d, %d): %v", id, n, err)
	}
}

// finalizedWithPDF stores a valid draft, finalizes it and records its PDF.
func finalizedWithPDF(t testing.TB, s meeting.Store) meeting.ID {
	t.Helper()
	id := finalizedOn(t, s)
	RecordPDF(t, s, id, 1)
	return id
}

// archivedMeeting brings a meeting through finalize, PDF, signing and archiving, and
// returns it as Archive returned it.
func archivedMeeting(t testing.TB, s meeting.Store, at time.Time) meeting.Meeting {
	t.Helper()
	id := finalizedWithPDF(t, s)
	if _, err := s.AttachScan(id, ScanOf("signed"), at); err != nil {
		t.Fatal(err)
	}
	m, err := s.Archive(id, at)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// AuditActions returns the actions of a meeting's audit log, in order.
func AuditActions(t testing.TB, s meeting.Store, id meeting.ID) []meeting.AuditAction {
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
