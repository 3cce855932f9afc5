package meeting

import (
	"errors"
	"testing"
	"time"
)

var at = time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)

// minutesIn returns valid minutes brought to the given state through the real
// transitions, so every state is reached the way users reach it.
func minutesIn(t *testing.T, s State) Minutes {
	t.Helper()
	mn := validMinutes()
	if s == StateDraft {
		return mn
	}
	if err := Finalize(&mn, DocNumber{2026, 12}, at); err != nil {
		t.Fatalf("Finalize: %v", err)
	}
	if s == StateFinalized {
		return mn
	}
	if err := Sign(&mn.Meeting, Scan{Hash: "ab", Path: "x.pdf"}, at); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if s == StateSigned {
		return mn
	}
	if err := Archive(&mn.Meeting, at); err != nil {
		t.Fatalf("Archive: %v", err)
	}
	return mn
}

func TestTransitions(t *testing.T) {
	transitions := map[string]func(mn *Minutes) error{
		"finalize": func(mn *Minutes) error { return Finalize(mn, DocNumber{2026, 13}, at) },
		"sign":     func(mn *Minutes) error { return Sign(&mn.Meeting, Scan{Hash: "cd"}, at) },
		"archive":  func(mn *Minutes) error { return Archive(&mn.Meeting, at) },
		"amend":    func(mn *Minutes) error { return Amend(&mn.Meeting, "更正办理时限", at) },
		"edit":     func(mn *Minutes) error { return mn.Meeting.Edit(mn.Meeting, at) },
	}
	tests := []struct {
		from    State
		action  string
		to      State // state after an allowed transition
		refused Code  // code of a refused transition; "" when allowed
	}{
		{StateDraft, "finalize", StateFinalized, ""},
		{StateDraft, "sign", "", CodeState},
		{StateDraft, "archive", "", CodeState},
		{StateDraft, "amend", "", CodeState},
		{StateDraft, "edit", StateDraft, ""},
		{StateFinalized, "finalize", "", CodeState},
		{StateFinalized, "sign", StateSigned, ""},
		{StateFinalized, "archive", "", CodeState},
		{StateFinalized, "amend", StateDraft, ""},
		{StateFinalized, "edit", "", CodeLocked},
		{StateSigned, "finalize", "", CodeState},
		{StateSigned, "sign", StateSigned, ""},
		{StateSigned, "archive", StateArchived, ""},
		{StateSigned, "amend", StateDraft, ""},
		{StateSigned, "edit", "", CodeLocked},
		{StateArchived, "finalize", "", CodeState},
		{StateArchived, "sign", "", CodeState},
		{StateArchived, "archive", "", CodeState},
		{StateArchived, "amend", StateDraft, ""},
		{StateArchived, "edit", "", CodeLocked},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"/"+tt.action, func(t *testing.T) {
			mn := minutesIn(t, tt.from)
			before := string(mn.Canonical())
			err := transitions[tt.action](&mn)
			if tt.refused != "" {
				if ErrorCode(err) != tt.refused {
					t.Fatalf("got %v (code %q), want refusal with code %q", err, ErrorCode(err), tt.refused)
				}
				if mn.Meeting.State != tt.from || string(mn.Canonical()) != before {
					t.Fatalf("a refused transition changed the minutes")
				}
				if ErrorMessage(err) == "" {
					t.Fatalf("refusal without a message")
				}
				return
			}
			if err != nil {
				t.Fatalf("want allowed, got %v", err)
			}
			if mn.Meeting.State != tt.to {
				t.Fatalf("state = %s, want %s", mn.Meeting.State, tt.to)
			}
		})
	}
}

func TestFinalizeRefusesInvalid(t *testing.T) {
	mn := validMinutes()
	mn.Meeting.Agenda[0].Decisions[0].Lead = "税务局"
	err := Finalize(&mn, DocNumber{2026, 1}, at)
	if !errors.Is(err, ErrInvalid) || len(ProblemsOf(err)) != 1 {
		t.Fatalf("got %v, want one validation problem", err)
	}
	if mn.Meeting.State != StateDraft || !mn.Meeting.Number.IsZero() || len(mn.Meeting.Revisions) != 0 {
		t.Fatalf("a refused finalize changed the meeting: %+v", mn.Meeting)
	}
}

func TestRevisionsChain(t *testing.T) {
	mn := minutesIn(t, StateSigned)
	first := mn.Meeting.Revisions[0]
	if first.N != 1 || first.Fingerprint != mn.Fingerprint() || len(first.Fingerprint) != 64 {
		t.Fatalf("revision 1 = %+v, fingerprint now %s", first, mn.Fingerprint())
	}
	if mn.Meeting.Number.String() != "〔2026〕12号" {
		t.Fatalf("number = %s", mn.Meeting.Number)
	}
	if err := Amend(&mn.Meeting, "  ", at); ErrorCode(err) != CodeInvalid {
		t.Fatalf("amend without reason: %v", err)
	}
	if err := Amend(&mn.Meeting, "更正办理时限", at); err != nil {
		t.Fatal(err)
	}
	if mn.Meeting.Revision() != 2 {
		t.Fatalf("draft revision = %d, want 2", mn.Meeting.Revision())
	}
	mn.Meeting.Agenda[0].Decisions[0].Due = Date{2026, 11, 15}
	// The amendment keeps its number even if another is offered.
	if err := Finalize(&mn, DocNumber{2026, 40}, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	second := mn.Meeting.Revisions[1]
	if mn.Meeting.Number.Seq != 12 || second.N != 2 || second.Reason != "更正办理时限" || second.Replaces != first.Fingerprint {
		t.Fatalf("revision 2 = %+v, number %s", second, mn.Meeting.Number)
	}
	if second.Fingerprint == first.Fingerprint || second.Fingerprint != mn.Fingerprint() {
		t.Fatalf("revision 2 fingerprint %s does not match content %s", second.Fingerprint, mn.Fingerprint())
	}
	if len(mn.Meeting.Revisions[0].Scans) != 1 || len(second.Scans) != 0 {
		t.Fatalf("scans moved between revisions")
	}
}

func TestFingerprintCoversContentOnly(t *testing.T) {
	mn := validMinutes()
	base := mn.Fingerprint()
	same := validMinutes()
	same.Meeting.ID, same.Meeting.Updated, same.Cases[0].Status = 99, at, CaseClosed
	if same.Fingerprint() != base {
		t.Errorf("fingerprint changed with record IDs, timestamps or case status")
	}
	changed := validMinutes()
	changed.Cases[0].Applicant.Name += "。"
	if changed.Fingerprint() == base {
		t.Errorf("fingerprint unchanged after the applicant's name changed")
	}
}

func TestEditKeepsLifecycleFields(t *testing.T) {
	mn := minutesIn(t, StateFinalized)
	if err := Amend(&mn.Meeting, "补充配合单位", at); err != nil {
		t.Fatal(err)
	}
	stored := mn.Meeting
	from := stored
	from.State, from.Number, from.Revisions, from.ID = StateArchived, DocNumber{1999, 1}, nil, 5
	from.Title = "新标题"
	if err := stored.Edit(from, at); err != nil {
		t.Fatal(err)
	}
	if stored.Title != "新标题" || stored.State != StateDraft || stored.Number.Seq != 12 || len(stored.Revisions) != 1 || stored.ID != 1 {
		t.Fatalf("Edit let lifecycle fields through: %+v", stored)
	}
	if stored.AmendReason != "补充配合单位" {
		t.Fatalf("amend reason lost: %q", stored.AmendReason)
	}
}

func TestDocNumber(t *testing.T) {
	n := DocNumber{2026, 12}
	if n.String() != "〔2026〕12号" {
		t.Fatalf("String = %s", n)
	}
	if got, err := ParseDocNumber("〔2026〕12号"); err != nil || got != n {
		t.Fatalf("ParseDocNumber = %v, %v", got, err)
	}
	for _, bad := range []string{"〔2026〕012号", "[2026]12号", "〔2026〕第12号", "〔26〕12号"} {
		if _, err := ParseDocNumber(bad); err == nil {
			t.Errorf("ParseDocNumber(%q) accepted", bad)
		}
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{"2026-10-12": "2026年10月12日", "2026/1/5": "2026年1月5日", "2026年2月28日": "2026年2月28日"} {
		d, err := ParseDate(in)
		if err != nil || d.Chinese() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d.Chinese(), err, want)
		}
	}
	for _, bad := range []string{"2026-02-30", "2026-13-01", "12-10-2026", "昨天"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	c, err := ParseClock("9：30")
	if err != nil || c.String() != "09:30" || c.Chinese() != "9时30分" {
		t.Errorf("ParseClock = %v %v", c, err)
	}
	if _, err := ParseClock("24:00"); err == nil {
		t.Errorf("ParseClock(24:00) accepted")
	}
}
