package storecontract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// testRecordPDF: recording a revision's PDF, and the refusals — among them another
// file (another hash) for a revision whose PDF is archived, which is the file the
// departments signed and must not be replaced.
func testRecordPDF(t *testing.T, open Opener) {
	finalizedRecorded := func(t *testing.T, s meeting.Store) meeting.ID {
		id := finalizedOn(t, s)
		RecordPDF(t, s, id, 1)
		return id
	}
	tests := []struct {
		name    string
		setup   func(t *testing.T, s meeting.Store) meeting.ID // a meeting with revision 1 finalized
		n       int
		path    string
		hash    string
		refused meeting.Code
		pending bool // revision 1 is still pending after the call
		same    bool // the call records what is recorded: no change, no entry
	}{
		{"first time", nil, 1, "", "", "", false, false},
		{"same file again", finalizedRecorded, 1, "", "", "", false, true},
		{"another file", finalizedRecorded, 1, "", HashOf("another rendering"), meeting.CodeConflict, false, false},
		{"another path", finalizedRecorded, 1, "2026/other.pdf", "", meeting.CodeConflict, false, false},
		{"earlier revision while amending", func(t *testing.T, s meeting.Store) meeting.ID {
			id := finalizedOn(t, s)
			if _, err := s.Amend(id, "更正办理时限", finalizedAt); err != nil {
				t.Fatal(err)
			}
			return id
		}, 1, "", "", "", false, false},
		{"revision being drafted", func(t *testing.T, s meeting.Store) meeting.ID {
			id := finalizedRecorded(t, s)
			if _, err := s.Amend(id, "更正办理时限", finalizedAt); err != nil {
				t.Fatal(err)
			}
			return id
		}, 2, "", "", meeting.CodeState, false, false},
		{"draft never finalized", func(t *testing.T, s meeting.Store) meeting.ID {
			id := DraftOn(t, s, oct12)
			return id
		}, 1, "", "", meeting.CodeState, false, false},
		{"no such revision", nil, 2, "", "", meeting.CodeNotFound, true, false},
		{"no such meeting", func(*testing.T, meeting.Store) meeting.ID { return 99 }, 1, "", "", meeting.CodeNotFound, false, false},
		{"bad hash", nil, 1, "", "not a hash", meeting.CodeInvalid, true, false},
		{"path out of the archive", nil, 1, "../../minutes.pdf", "", meeting.CodeInvalid, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fresh(t, open)
			setup := tt.setup
			if setup == nil {
				setup = func(t *testing.T, s meeting.Store) meeting.ID { return finalizedOn(t, s) }
			}
			id := setup(t, s)
			path, hash := tt.path, tt.hash
			if path == "" {
				path = PDFPath(id, tt.n)
			}
			if hash == "" {
				hash = PDFHash(id, tt.n)
			}
			before, audit := state(t, s), AuditActions(t, s, id)
			err := s.RecordPDF(id, tt.n, path, hash)
			if tt.refused != "" {
				WantCode(t, err, tt.refused)
				if state(t, s) != before {
					t.Errorf("a refused RecordPDF changed the store")
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				m, err := s.Meeting(id)
				if err != nil {
					t.Fatal(err)
				}
				snap, err := s.RevisionMinutes(id, tt.n)
				if err != nil {
					t.Fatal(err)
				}
				for where, rev := range map[string]meeting.Revision{"meeting": m.Revisions[tt.n-1], "snapshot": snap.Meeting.Revisions[tt.n-1]} {
					if rev.PDFPath != path || rev.PDFHash != hash {
						t.Errorf("the %s records PDF %s %s, want %s %s", where, rev.PDFPath, rev.PDFHash, path, hash)
					}
				}
				wantAudit := append(audit, meeting.AuditRecordPDF)
				if tt.same {
					wantAudit = audit
					if state(t, s) != before {
						t.Errorf("recording the same PDF again changed the store")
					}
				}
				if got := AuditActions(t, s, id); !slices.Equal(got, wantAudit) {
					t.Errorf("audit %v, want %v", got, wantAudit)
				}
			}
			pending, err := s.PendingPDFs()
			if err != nil {
				t.Fatal(err)
			}
			var want []meeting.RevisionRef
			if tt.pending {
				want = []meeting.RevisionRef{{Meeting: id, Revision: 1}}
			}
			if !slices.Equal(pending, want) {
				t.Errorf("PendingPDFs = %v, want %v", pending, want)
			}
		})
	}
}

func testPendingPDFs(t *testing.T, open Opener) {
	s := fresh(t, open)
	pending := func(want ...meeting.RevisionRef) {
		t.Helper()
		got, err := s.PendingPDFs()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("PendingPDFs = %v, want %v", got, want)
		}
	}
	pending()
	a := finalizedOn(t, s)
	DraftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 13}) // a draft is not pending
	b := finalizedOn(t, s)
	pending(meeting.RevisionRef{Meeting: a, Revision: 1}, meeting.RevisionRef{Meeting: b, Revision: 1})
	RecordPDF(t, s, a, 1)
	pending(meeting.RevisionRef{Meeting: b, Revision: 1})
	// An amendment finalized before revision 1's PDF was recorded: both pending.
	if _, err := s.Amend(b, "更正办理时限", finalizedAt); err != nil {
		t.Fatal(err)
	}
	pending(meeting.RevisionRef{Meeting: b, Revision: 1})
	if _, err := s.Finalize(b, finalizedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	pending(meeting.RevisionRef{Meeting: b, Revision: 1}, meeting.RevisionRef{Meeting: b, Revision: 2})
	RecordPDF(t, s, b, 2)
	RecordPDF(t, s, b, 1)
	pending()
}

func testAttachAndArchive(t *testing.T, open Opener) {
	at := finalizedAt.Add(24 * time.Hour)
	draft := func(t *testing.T, s meeting.Store) meeting.ID { return DraftOn(t, s, oct12) }
	finalized := func(t *testing.T, s meeting.Store) meeting.ID { return finalizedWithPDF(t, s) }
	signed := func(t *testing.T, s meeting.Store) meeting.ID {
		id := finalized(t, s)
		if _, err := s.AttachScan(id, ScanOf("signed"), at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	archived := func(t *testing.T, s meeting.Store) meeting.ID {
		id := signed(t, s)
		if _, err := s.Archive(id, at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	amending := func(t *testing.T, s meeting.Store) meeting.ID {
		id := signed(t, s)
		if _, err := s.Amend(id, "更正办理时限", at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	attach := func(s meeting.Store, id meeting.ID) (meeting.Meeting, error) {
		return s.AttachScan(id, ScanOf("another copy"), at)
	}
	archive := func(s meeting.Store, id meeting.ID) (meeting.Meeting, error) { return s.Archive(id, at) }
	tests := []struct {
		name    string
		from    func(t *testing.T, s meeting.Store) meeting.ID
		do      func(s meeting.Store, id meeting.ID) (meeting.Meeting, error)
		to      meeting.State
		scans   int
		refused meeting.Code
	}{
		{"attach to a draft", draft, attach, "", 0, meeting.CodeState},
		{"attach without the PDF", func(t *testing.T, s meeting.Store) meeting.ID { return finalizedOn(t, s) }, attach, "", 0, meeting.CodeState},
		{"attach to finalized", finalized, attach, meeting.StateSigned, 1, ""},
		{"attach a second scan", signed, attach, meeting.StateSigned, 2, ""},
		{"attach the same scan twice", signed, func(s meeting.Store, id meeting.ID) (meeting.Meeting, error) {
			return s.AttachScan(id, ScanOf("signed"), at)
		}, "", 0, meeting.CodeConflict},
		{"attach an empty file", finalized, func(s meeting.Store, id meeting.ID) (meeting.Meeting, error) {
			return s.AttachScan(id, ScanOf(""), at)
		}, "", 0, meeting.CodeInvalid},
		{"attach to archived", archived, attach, "", 0, meeting.CodeState},
		{"attach while amending", amending, attach, "", 0, meeting.CodeState},
		{"attach to no meeting", func(*testing.T, meeting.Store) meeting.ID { return 99 }, attach, "", 0, meeting.CodeNotFound},
		{"archive a draft", draft, archive, "", 0, meeting.CodeState},
		{"archive unsigned", finalized, archive, "", 0, meeting.CodeState},
		{"archive signed", signed, archive, meeting.StateArchived, 1, ""},
		{"archive twice", archived, archive, "", 0, meeting.CodeState},
		{"archive while amending", amending, archive, "", 0, meeting.CodeState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fresh(t, open)
			id := tt.from(t, s)
			before := state(t, s)
			m, err := tt.do(s, id)
			if tt.refused != "" {
				if e := WantCode(t, err, tt.refused); e.Message == "" {
					t.Errorf("refusal without a message")
				}
				if state(t, s) != before {
					t.Errorf("a refused change changed the store")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stored, err := s.Meeting(id)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(stored) != fmt.Sprint(m) {
				t.Errorf("returned %+v, stored %+v", m, stored)
			}
			rev, _ := stored.LastRevision()
			if stored.State != tt.to || len(rev.Scans) != tt.scans {
				t.Errorf("state %s with %d scans, want %s with %d", stored.State, len(rev.Scans), tt.to, tt.scans)
			}
			if tt.to == meeting.StateArchived && !rev.ArchivedAt.Equal(at) {
				t.Errorf("archived at %v, want %v", rev.ArchivedAt, at)
			}
			snap, err := s.RevisionMinutes(id, rev.N)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(snap.Meeting.Revisions[rev.N-1]) != fmt.Sprint(rev) {
				t.Errorf("snapshot records %+v, meeting %+v", snap.Meeting.Revisions[rev.N-1], rev)
			}
		})
	}
}

// testAuditLog: every change to a meeting appends an entry, in order, in the
// transaction of the change; a save that changes nothing and a refused change add
// none; a deleted draft keeps its log.
func testAuditLog(t *testing.T, open Opener) {
	clk := newClock()
	s := open(t, clk.now)
	step := func() time.Time { clk.advance(time.Minute); return clk.now() }

	c := SaveCase(t, s, NewCase())
	m := NewMeeting(c.ID)
	m.Title = ""
	step()
	m = SaveMeeting(t, s, m) // create
	other := SaveMeeting(t, s, NewMeeting(c.ID))
	step()
	m.Title = "关于某塑料母料有限公司不动产权证办理的协调会"
	m.Venue = "市民中心"
	m = SaveMeeting(t, s, m) // edit: title, venue
	m = SaveMeeting(t, s, m) // nothing changed: no entry
	step()
	if _, err := s.Finalize(m.ID, step()); err != nil {
		t.Fatal(err)
	}
	RecordPDF(t, s, m.ID, 1)
	if err := s.DeleteMeeting(other.ID); err != nil { // in between: another meeting's log
		t.Fatal(err)
	}
	m, err := s.Amend(m.ID, "更正办理时限", step())
	if err != nil {
		t.Fatal(err)
	}
	step()
	m.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 15}
	m = SaveMeeting(t, s, m) // edit: agenda
	if _, err := s.Finalize(m.ID, step()); err != nil {
		t.Fatal(err)
	}
	RecordPDF(t, s, m.ID, 2)
	if _, err := s.AttachScan(m.ID, ScanOf("signed"), step()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Archive(m.ID, step()); err != nil {
		t.Fatal(err)
	}
	// Refused changes leave no entry.
	_, _ = s.Archive(m.ID, step())
	_ = s.SaveMeeting(&m)

	entries, err := s.Audit(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		action   meeting.AuditAction
		revision int
		detail   string
	}{
		{meeting.AuditCreate, 1, "新建会议草稿"},
		{meeting.AuditEdit, 1, "修改：会议名称、会议地点"},
		{meeting.AuditFinalize, 1, "定稿第 1 版，文号〔2026〕1号"},
		{meeting.AuditRecordPDF, 1, "存档第 1 版定稿 PDF：" + PDFPath(m.ID, 1)},
		{meeting.AuditAmend, 2, "发起第 2 版修订，修订理由：更正办理时限"},
		{meeting.AuditEdit, 2, "修改：议题"},
		{meeting.AuditFinalize, 2, "定稿第 2 版，文号〔2026〕1号"},
		{meeting.AuditRecordPDF, 2, "存档第 2 版定稿 PDF：" + PDFPath(m.ID, 2)},
		{meeting.AuditAttach, 2, "为第 2 版附加签字扫描件：" + ScanOf("signed").Path},
		{meeting.AuditArchive, 2, "第 2 版归档"},
	}
	if len(entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(entries), len(want), entries)
	}
	for i, w := range want {
		e := entries[i]
		if e.Action != w.action || e.Revision != w.revision || !strings.HasPrefix(e.Detail, w.detail) {
			t.Errorf("entry %d = %s r%d %q, want %s r%d %q…", i, e.Action, e.Revision, e.Detail, w.action, w.revision, w.detail)
		}
		if i > 0 && e.At.Before(entries[i-1].At) {
			t.Errorf("entry %d at %v is before entry %d at %v", i, e.At, i-1, entries[i-1].At)
		}
	}
	if got, want := AuditActions(t, s, other.ID), []meeting.AuditAction{meeting.AuditCreate, meeting.AuditDelete}; !slices.Equal(got, want) {
		t.Errorf("deleted draft's audit %v, want %v", got, want)
	}
	WantCode(t, second(s.Audit(999)), meeting.CodeNotFound)
}

// testVerifyHealthy: a store that went only through the interface passes VerifyAll
// and VerifyChain, whatever its meetings went through: drafts, deletions,
// amendments, signing, archiving and follow-up work.
func testVerifyHealthy(t *testing.T, open Opener) {
	s := fresh(t, open)
	DraftOn(t, s, oct12)
	deleted := DraftOn(t, s, oct12)
	if err := s.DeleteMeeting(deleted); err != nil {
		t.Fatal(err)
	}
	archived := archivedMeeting(t, s, finalizedAt.Add(time.Hour))
	amended := finalizedWithPDF(t, s)
	items := followUpsOfMeeting(t, s, amended)
	if _, err := s.AddProgress(items[0].ID, meeting.ProgressEntry{On: oct12.AddDays(1), Reporter: "张华", Text: "已受理。"}); err != nil {
		t.Fatal(err)
	}
	m, err := s.Amend(amended, "更正办理时限", finalizedAt.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	m.Agenda[0].Decisions[0].Due = oct12.AddDays(30)
	SaveMeeting(t, s, m)
	if _, err := s.Finalize(amended, finalizedAt.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	problems, err := s.VerifyAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("VerifyAll: %s", p.Message)
	}
	for _, id := range []meeting.ID{archived.ID, amended, deleted} {
		if ps, err := s.VerifyChain(id); err != nil || len(ps) != 0 {
			t.Errorf("VerifyChain(%d) = %v, %v", id, ps, err)
		}
	}
	WantCode(t, second(s.VerifyChain(999)), meeting.CodeNotFound)
}

func followUpsOfMeeting(t *testing.T, s meeting.Store, id meeting.ID) []meeting.FollowUp {
	t.Helper()
	items, err := s.FollowUps(meeting.FollowUpFilter{Meeting: id})
	if err != nil || len(items) == 0 {
		t.Fatalf("FollowUps of meeting %d: %d items, %v", id, len(items), err)
	}
	return items
}
