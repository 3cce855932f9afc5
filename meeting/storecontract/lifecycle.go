package storecontract

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

func testFinalizeNumbersPerYear(t *testing.T, open Opener) {
	s := fresh(t, open)
	tests := []struct {
		date meeting.Date
		want string
	}{
		{oct12, "〔2026〕1号"},
		{oct12, "〔2026〕2号"},
		{meeting.Date{Year: 2027, Month: 1, Day: 5}, "〔2027〕1号"},
		{oct12, "〔2026〕3号"},
	}
	for _, tt := range tests {
		id := DraftOn(t, s, tt.date)
		mn, err := s.Finalize(id, finalizedAt)
		if err != nil {
			t.Fatalf("Finalize: %v", err)
		}
		if got := mn.Meeting.Number.String(); got != tt.want {
			t.Errorf("meeting of %s numbered %s, want %s", tt.date, got, tt.want)
		}
		stored, err := s.Meeting(id)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != meeting.StateFinalized || stored.Number != mn.Meeting.Number || len(stored.Revisions) != 1 {
			t.Errorf("stored after finalize: state %s, number %s, %d revisions", stored.State, stored.Number, len(stored.Revisions))
		}
	}
}

func testRefusedFinalizeUsesNoNumber(t *testing.T, open Opener) {
	s := fresh(t, open)
	c := SaveCase(t, s, NewCase())
	bad := NewMeeting(c.ID)
	bad.Agenda[0].Decisions[0].Lead = "税务局" // excused: may not lead
	bad = SaveMeeting(t, s, bad)
	before := state(t, s)
	_, err := s.Finalize(bad.ID, finalizedAt)
	e := WantCode(t, err, meeting.CodeInvalid)
	if len(e.Problems.For("agenda[0].decisions[0].lead")) == 0 {
		t.Errorf("problems %v, want the lead department named", e.Problems)
	}
	if after := state(t, s); after != before {
		t.Errorf("a refused finalize changed the store:\nbefore\n%s\nafter\n%s", before, after)
	}
	good := DraftOn(t, s, oct12)
	mn, err := s.Finalize(good, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	if got := mn.Meeting.Number.String(); got != "〔2026〕1号" {
		t.Errorf("first successful finalize numbered %s, want 〔2026〕1号", got)
	}
	// An undated draft cannot be finalized, and draws no number either.
	undated := SaveMeeting(t, s, meeting.Meeting{Title: "无日期"})
	WantCode(t, second(s.Finalize(undated.ID, finalizedAt)), meeting.CodeInvalid)
	next, err := s.Finalize(DraftOn(t, s, oct12), finalizedAt)
	if err != nil || next.Meeting.Number.Seq != 2 {
		t.Errorf("finalize after the refusals: %s, %v; want 〔2026〕2号", next.Meeting.Number, err)
	}
}

func testAmendKeepsNumberAndChainsRevisions(t *testing.T, open Opener) {
	s := fresh(t, open)
	id := DraftOn(t, s, oct12)
	rev1, err := s.Finalize(id, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	other := DraftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 13})
	if _, err := s.Finalize(other, finalizedAt); err != nil { // takes 2号
		t.Fatal(err)
	}
	WantCode(t, second(s.Amend(id, "", finalizedAt)), meeting.CodeInvalid) // a reason is required
	WantCode(t, second(s.Amend(DraftOn(t, s, oct12), "理由", finalizedAt)), meeting.CodeState)

	m, err := s.Amend(id, "更正办理时限", finalizedAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if m.State != meeting.StateDraft || m.Revision() != 2 || m.AmendReason != "更正办理时限" {
		t.Fatalf("after amend: state %s, revision %d, reason %q", m.State, m.Revision(), m.AmendReason)
	}
	m.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 15}
	m = SaveMeeting(t, s, m)
	rev2, err := s.Finalize(id, finalizedAt.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	r1, r2 := rev1.Meeting.Revisions[0], rev2.Meeting.Revisions[1]
	if rev2.Meeting.Number != rev1.Meeting.Number {
		t.Errorf("revision 2 numbered %s, want revision 1's %s", rev2.Meeting.Number, rev1.Meeting.Number)
	}
	if r2.N != 2 || r2.Replaces != r1.Fingerprint || r2.Fingerprint == r1.Fingerprint || r2.Reason != "更正办理时限" {
		t.Errorf("revision 2 = %+v, want N 2 replacing %s with a new fingerprint", r2, r1.Fingerprint)
	}
	// Both snapshots stay, each as it was finalized.
	for n, want := range map[int]meeting.Minutes{1: rev1, 2: rev2} {
		got, err := s.RevisionMinutes(id, n)
		if err != nil {
			t.Fatal(err)
		}
		if got.Fingerprint() != want.Fingerprint() || got.CurrentRevision().Fingerprint != want.Meeting.Revisions[n-1].Fingerprint {
			t.Errorf("snapshot of revision %d does not reproduce its fingerprint", n)
		}
	}
	WantCode(t, second(s.RevisionMinutes(id, 3)), meeting.CodeNotFound)
	WantCode(t, second(s.RevisionMinutes(id, 0)), meeting.CodeNotFound)
	// The next meeting of the year still gets the next number: the amendment used none.
	if mn, err := s.Finalize(DraftOn(t, s, oct12), finalizedAt); err != nil || mn.Meeting.Number.Seq != 3 {
		t.Errorf("finalize after the amendment: %s, %v; want 〔2026〕3号", mn.Meeting.Number, err)
	}
}

func testLockedMeetingRefusesEdits(t *testing.T, open Opener) {
	s := fresh(t, open)
	id := DraftOn(t, s, oct12)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	stored, _ := s.Meeting(id)
	before := state(t, s)
	tests := []struct {
		name string
		edit func(m *meeting.Meeting)
	}{
		{"as read", func(m *meeting.Meeting) { m.Title = "改过的标题" }},
		// A stale or forged copy that claims to be a draft: the stored copy decides.
		{"claiming draft", func(m *meeting.Meeting) { m.State, m.Revisions, m.Title = meeting.StateDraft, nil, "改过的标题" }},
		{"claiming another number", func(m *meeting.Meeting) {
			m.State, m.Number = meeting.StateDraft, meeting.DocNumber{Year: 2026, Seq: 99}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := stored
			m.Attendance = append([]meeting.Attendance(nil), stored.Attendance...)
			tt.edit(&m)
			WantCode(t, s.SaveMeeting(&m), meeting.CodeLocked)
		})
	}
	WantCode(t, second(s.Finalize(id, finalizedAt)), meeting.CodeState)
	WantCode(t, s.DeleteMeeting(id), meeting.CodeState)
	if after := state(t, s); after != before {
		t.Errorf("refused edits changed the store")
	}
}

func testFinalizedMinutesKeepTheirCases(t *testing.T, open Opener) {
	s := fresh(t, open)
	c := SaveCase(t, s, NewCase())
	m := SaveMeeting(t, s, NewMeeting(c.ID))
	fin, err := s.Finalize(m.ID, finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	c.Applicant.Name = "建德市某新材料有限公司" // renamed after the meeting
	SaveCase(t, s, c)
	mn, err := s.Minutes(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mn.Cases[0].Applicant.Name != "建德市某塑料母料有限公司" || mn.Fingerprint() != fin.Fingerprint() {
		t.Errorf("finalized minutes show %q; want the case as finalized", mn.Cases[0].Applicant.Name)
	}
	// The next revision's draft shows the case as it is now.
	if _, err := s.Amend(m.ID, "申请人更名", finalizedAt); err != nil {
		t.Fatal(err)
	}
	mn, _ = s.Minutes(m.ID)
	if mn.Cases[0].Applicant.Name != "建德市某新材料有限公司" {
		t.Errorf("draft of revision 2 shows %q, want the current name", mn.Cases[0].Applicant.Name)
	}
}

func testDeleteMeeting(t *testing.T, open Opener) {
	s := fresh(t, open)
	id := DraftOn(t, s, oct12)
	if err := s.DeleteMeeting(id); err != nil {
		t.Fatal(err)
	}
	WantCode(t, second(s.Meeting(id)), meeting.CodeNotFound)
	if ms, _ := s.Meetings(meeting.MeetingFilter{}); len(ms) != 0 {
		t.Errorf("deleted meeting still listed")
	}
	if cs, _ := s.Cases(meeting.CaseFilter{}); len(cs) != 1 {
		t.Errorf("deleting a meeting removed its case")
	}
	if got, want := AuditActions(t, s, id), []meeting.AuditAction{meeting.AuditCreate, meeting.AuditDelete}; !slices.Equal(got, want) {
		t.Errorf("deleted draft's audit %v, want %v", got, want)
	}
	WantCode(t, s.DeleteMeeting(id), meeting.CodeNotFound)
	// A new meeting never takes the deleted one's ID: its audit log stays its own.
	if next := DraftOn(t, s, oct12); next == id {
		t.Errorf("a new meeting reused the deleted meeting's ID %d", id)
	}

	// A meeting finalized once stays, also while its next revision is drafted.
	id = DraftOn(t, s, oct12)
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Amend(id, "补充议定事项", finalizedAt); err != nil {
		t.Fatal(err)
	}
	WantCode(t, s.DeleteMeeting(id), meeting.CodeState)
}

// testFonts are fonts a placed PDF reports, to be recorded with its revision.
var testFonts = []meeting.FontUse{{Role: "正文", Family: "仿宋_GB2312", File: "simfang.ttf", SHA256: strings.Repeat("ab", 32)}}

func testFinalizeWith(t *testing.T, open Opener) {
	refused := meeting.Errorf(meeting.CodeStorage, "磁盘空间已满（测试）。", nil)
	tests := []struct {
		name  string
		place meeting.PlacePDF
		code  meeting.Code // "" when the finalize commits
	}{
		{"placed", func(mn meeting.Minutes) (meeting.PDFFile, error) {
			return meeting.PDFFile{Path: PDFPath(mn.Meeting.ID, 1), Hash: PDFHash(mn.Meeting.ID, 1), Fonts: testFonts}, nil
		}, ""},
		{"place fails", func(meeting.Minutes) (meeting.PDFFile, error) { return meeting.PDFFile{}, refused }, meeting.CodeStorage},
		{"bad record", func(meeting.Minutes) (meeting.PDFFile, error) {
			return meeting.PDFFile{Path: "../x.pdf", Hash: "abc"}, nil
		}, meeting.CodeInvalid},
		{"place panics", func(meeting.Minutes) (meeting.PDFFile, error) { panic("render") }, meeting.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fresh(t, open)
			id := DraftOn(t, s, oct12)
			before := state(t, s)
			var seen meeting.Minutes
			mn, err := s.FinalizeWith(id, finalizedAt, func(mn meeting.Minutes) (meeting.PDFFile, error) {
				seen = mn
				return tt.place(mn)
			})
			if seen.Meeting.Number.IsZero() || seen.Meeting.State != meeting.StateFinalized || seen.Fingerprint() == "" {
				t.Errorf("place saw %s in state %s", seen.Meeting.Number, seen.Meeting.State)
			}
			if tt.code != "" {
				WantCode(t, err, tt.code)
				if after := state(t, s); after != before {
					t.Errorf("a finalize whose place failed changed the store")
				}
				// The number the failed attempt drew is not used up.
				mn, err = s.Finalize(id, finalizedAt)
				if err != nil || mn.Meeting.Number.Seq != 1 {
					t.Fatalf("finalize after the failure: %s, %v", mn.Meeting.Number, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rev, _ := mn.Meeting.LastRevision()
			if rev.PDFPath != PDFPath(id, 1) || rev.PDFHash != PDFHash(id, 1) || mn.Fingerprint() != seen.Fingerprint() {
				t.Errorf("finalized with PDF %q %q", rev.PDFPath, rev.PDFHash)
			}
			if !reflect.DeepEqual(rev.Fonts, testFonts) {
				t.Errorf("fonts recorded %+v, want %+v", rev.Fonts, testFonts)
			}
			if snap, err := s.RevisionMinutes(id, 1); err != nil || !reflect.DeepEqual(snap.Meeting.Revisions[0].Fonts, testFonts) {
				t.Errorf("the revision's snapshot lacks the fonts: %v", err)
			}
			if stored, _ := s.Meeting(id); !reflect.DeepEqual(stored, mn.Meeting) {
				t.Errorf("stored meeting differs from the one returned")
			}
			if pending, _ := s.PendingPDFs(); len(pending) != 0 {
				t.Errorf("pending PDFs %v", pending)
			}
			want := []meeting.AuditAction{meeting.AuditCreate, meeting.AuditFinalize, meeting.AuditRecordPDF}
			if got := AuditActions(t, s, id); !slices.Equal(got, want) {
				t.Errorf("audit %v, want %v", got, want)
			}
			if ps, err := s.VerifyAll(); err != nil || len(ps) != 0 {
				t.Errorf("VerifyAll after FinalizeWith: %v, %v", ps, err)
			}
		})
	}
}
