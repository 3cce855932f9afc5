package meeting

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var at = time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)

// hashOf returns the SHA-256 of s in hex, standing in for a file's hash.
func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// scanOf returns a valid scan whose content is s.
func scanOf(s string) Scan {
	return Scan{Hash: hashOf(s), Path: "2026/12/signed-" + hashOf(s)[:8] + ".pdf", MediaType: "application/pdf", Size: int64(len(s))}
}

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
	if _, err := RecordPDF(&mn.Meeting, 1, "2026/12/minutes-r1.pdf", hashOf("pdf")); err != nil {
		t.Fatalf("RecordPDF: %v", err)
	}
	if s == StateFinalized {
		return mn
	}
	if err := Sign(&mn.Meeting, scanOf("signed"), at); err != nil {
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
		"sign":     func(mn *Minutes) error { return Sign(&mn.Meeting, scanOf("second copy"), at) },
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

func TestRecordPDF(t *testing.T) {
	pdf, path := hashOf("pdf"), "2026/12/minutes-r1.pdf"
	finalized := func(t *testing.T) Meeting { return minutesIn(t, StateFinalized).Meeting }
	unrecorded := func(t *testing.T) Meeting {
		mn := validMinutes()
		if err := Finalize(&mn, DocNumber{2026, 12}, at); err != nil {
			t.Fatal(err)
		}
		return mn.Meeting
	}
	amending := func(t *testing.T) Meeting {
		m := unrecorded(t)
		if err := Amend(&m, "更正办理时限", at); err != nil {
			t.Fatal(err)
		}
		return m
	}
	tests := []struct {
		name    string
		meeting func(t *testing.T) Meeting
		n       int
		path    string
		hash    string
		changed bool
		refused Code
	}{
		{"first time", unrecorded, 1, path, pdf, true, ""},
		{"upper-case hash", unrecorded, 1, path, strings.ToUpper(pdf), true, ""},
		{"same file again", finalized, 1, path, pdf, false, ""},
		{"another file", finalized, 1, path, hashOf("other"), false, CodeConflict},
		{"same file under another name", finalized, 1, "2026/12/copy.pdf", pdf, false, CodeConflict},
		{"earlier revision while amending", amending, 1, path, pdf, true, ""},
		{"revision being drafted", amending, 2, path, pdf, false, CodeState},
		{"path of another revision's PDF", func(t *testing.T) Meeting {
			m := finalized(t)
			if err := Amend(&m, "更正办理时限", at); err != nil {
				t.Fatal(err)
			}
			mn := Minutes{Meeting: m, Cases: validMinutes().Cases}
			if err := Finalize(&mn, DocNumber{}, at); err != nil {
				t.Fatal(err)
			}
			return mn.Meeting
		}, 2, path, hashOf("pdf 2"), false, CodeConflict},
		{"never finalized", func(*testing.T) Meeting { return validMinutes().Meeting }, 1, path, pdf, false, CodeState},
		{"no such revision", unrecorded, 3, path, pdf, false, CodeNotFound},
		{"revision 0", unrecorded, 0, path, pdf, false, CodeNotFound},
		{"short hash", unrecorded, 1, path, "abc", false, CodeInvalid},
		{"not hex", unrecorded, 1, path, strings.Repeat("g", 64), false, CodeInvalid},
		{"empty path", unrecorded, 1, "", pdf, false, CodeInvalid},
		{"absolute path", unrecorded, 1, "/etc/minutes.pdf", pdf, false, CodeInvalid},
		{"path out of the archive", unrecorded, 1, "../minutes.pdf", pdf, false, CodeInvalid},
		{"backslash path", unrecorded, 1, `2026\minutes.pdf`, pdf, false, CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.meeting(t)
			before := fmt.Sprint(m)
			changed, err := RecordPDF(&m, tt.n, tt.path, tt.hash)
			if tt.refused != "" {
				if ErrorCode(err) != tt.refused || ErrorMessage(err) == "" {
					t.Fatalf("got %v, want refusal with code %s", err, tt.refused)
				}
				if fmt.Sprint(m) != before {
					t.Fatalf("a refused RecordPDF changed the meeting")
				}
				return
			}
			if err != nil || changed != tt.changed {
				t.Fatalf("got %v, %v; want changed %v", changed, err, tt.changed)
			}
			if rev := m.Revisions[tt.n-1]; rev.PDFHash != pdf || rev.PDFPath != tt.path {
				t.Fatalf("revision %d records %s %s", tt.n, rev.PDFPath, rev.PDFHash)
			}
		})
	}
}

func TestSignRefuses(t *testing.T) {
	tests := []struct {
		name    string
		scan    func(sc *Scan)
		noPDF   bool
		refused Code
		field   string
	}{
		{"no PDF yet", nil, true, CodeState, ""},
		{"already attached", func(sc *Scan) { *sc = scanOf("signed") }, false, CodeConflict, ""},
		{"empty file", func(sc *Scan) { sc.Size = 0 }, false, CodeInvalid, "scan.size"},
		{"not a PDF or image", func(sc *Scan) { sc.MediaType = "application/zip" }, false, CodeInvalid, "scan.media_type"},
		{"bad hash", func(sc *Scan) { sc.Hash = "ab" }, false, CodeInvalid, "scan.hash"},
		{"path out of the archive", func(sc *Scan) { sc.Path = "../../x.pdf" }, false, CodeInvalid, "scan.path"},
		{"path of the PDF", func(sc *Scan) { sc.Path = "2026/12/minutes-r1.pdf" }, false, CodeConflict, ""},
		{"path of another scan", func(sc *Scan) { sc.Path = scanOf("signed").Path }, false, CodeConflict, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mn := minutesIn(t, StateSigned)
			if tt.noPDF {
				mn = validMinutes()
				if err := Finalize(&mn, DocNumber{2026, 12}, at); err != nil {
					t.Fatal(err)
				}
			}
			sc := scanOf("another copy")
			if tt.scan != nil {
				tt.scan(&sc)
			}
			before := fmt.Sprint(mn.Meeting)
			err := Sign(&mn.Meeting, sc, at)
			if ErrorCode(err) != tt.refused {
				t.Fatalf("got %v, want code %s", err, tt.refused)
			}
			if tt.field != "" && len(ProblemsOf(err).For(tt.field)) == 0 {
				t.Errorf("problems %v do not name %s", ProblemsOf(err), tt.field)
			}
			if fmt.Sprint(mn.Meeting) != before {
				t.Errorf("a refused Sign changed the meeting")
			}
		})
	}
}

func TestSignStampsTheScan(t *testing.T) {
	mn := minutesIn(t, StateSigned)
	sc := mn.Meeting.Revisions[0].Scans[0]
	if !sc.AttachedAt.Equal(at) {
		t.Errorf("scan attached at %v, want %v", sc.AttachedAt, at)
	}
}
