package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// hashOf returns the SHA-256 of s in hex, standing in for a file's hash.
func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// scanOf returns a valid scan record whose content is s.
func scanOf(s string) meeting.Scan {
	return meeting.Scan{Hash: hashOf(s), Path: "2026/1/signed-" + hashOf(s)[:8] + ".pdf", MediaType: "application/pdf", Size: int64(len(s))}
}

// pdfPath is where the tests say revision n's PDF of meeting id was archived.
func pdfPath(id meeting.ID, n int) string { return fmt.Sprintf("2026/%d/minutes-r%d.pdf", id, n) }

// pdfHash is the hash the tests give revision n's PDF of meeting id.
func pdfHash(id meeting.ID, n int) string { return hashOf(pdfPath(id, n)) }

// finalizedWithPDF stores a valid draft, finalizes it and records its PDF.
func finalizedWithPDF(t *testing.T, s *Store, at time.Time) meeting.ID {
	t.Helper()
	id := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	if _, err := s.Finalize(id, at); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordPDF(id, 1, pdfPath(id, 1), pdfHash(id, 1)); err != nil {
		t.Fatal(err)
	}
	return id
}

// archivedMeeting brings a meeting through finalize, PDF, signing and archiving, and
// returns it as Archive returned it.
func archivedMeeting(t *testing.T, s *Store, at time.Time) meeting.Meeting {
	t.Helper()
	id := finalizedWithPDF(t, s, at)
	if _, err := s.AttachScan(id, scanOf("signed"), at); err != nil {
		t.Fatal(err)
	}
	m, err := s.Archive(id, at)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRecordPDF(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, s *Store) meeting.ID // returns a meeting with revision 1 finalized, PDF not recorded
		n       int
		path    string
		hash    string
		refused meeting.Code
		pending []meeting.RevisionRef // after the call
		same    bool                  // the call records what is recorded: no change, no entry
	}{
		{"first time", nil, 1, "", "", "", nil, false},
		{"same file again", func(t *testing.T, s *Store) meeting.ID {
			id := finalizedOn(t, s)
			recordPDF(t, s, id, 1)
			return id
		}, 1, "", "", "", nil, true},
		{"another file", func(t *testing.T, s *Store) meeting.ID {
			id := finalizedOn(t, s)
			recordPDF(t, s, id, 1)
			return id
		}, 1, "", hashOf("another rendering"), meeting.CodeConflict, nil, false},
		{"earlier revision while amending", func(t *testing.T, s *Store) meeting.ID {
			id := finalizedOn(t, s)
			if _, err := s.Amend(id, "更正办理时限", finalizedAt); err != nil {
				t.Fatal(err)
			}
			return id
		}, 1, "", "", "", nil, false},
		{"revision being drafted", func(t *testing.T, s *Store) meeting.ID {
			id := finalizedOn(t, s)
			recordPDF(t, s, id, 1)
			if _, err := s.Amend(id, "更正办理时限", finalizedAt); err != nil {
				t.Fatal(err)
			}
			return id
		}, 2, "", "", meeting.CodeState, nil, false},
		{"draft never finalized", func(t *testing.T, s *Store) meeting.ID {
			return draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
		}, 1, "", "", meeting.CodeState, nil, false},
		{"no such revision", nil, 2, "", "", meeting.CodeNotFound, []meeting.RevisionRef{{Meeting: 1, Revision: 1}}, false},
		{"no such meeting", func(*testing.T, *Store) meeting.ID { return 99 }, 1, "", "", meeting.CodeNotFound, nil, false},
		{"bad hash", nil, 1, "", "not a hash", meeting.CodeInvalid, []meeting.RevisionRef{{Meeting: 1, Revision: 1}}, false},
		{"path out of the archive", nil, 1, "../../minutes.pdf", "", meeting.CodeInvalid, []meeting.RevisionRef{{Meeting: 1, Revision: 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			setup := tt.setup
			if setup == nil {
				setup = func(t *testing.T, s *Store) meeting.ID { return finalizedOn(t, s) }
			}
			id := setup(t, s)
			path, hash := tt.path, tt.hash
			if path == "" {
				path = pdfPath(id, tt.n)
			}
			if hash == "" {
				hash = pdfHash(id, tt.n)
			}
			before, audit := dump(t, s), auditActions(t, s, id)
			err := s.RecordPDF(id, tt.n, path, hash)
			if tt.refused != "" {
				wantCode(t, err, tt.refused)
				if dump(t, s) != before {
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
					if dump(t, s) != before {
						t.Errorf("recording the same PDF again changed the store")
					}
				}
				if got := auditActions(t, s, id); !slices.Equal(got, wantAudit) {
					t.Errorf("audit %v, want %v", got, wantAudit)
				}
			}
			pending, err := s.PendingPDFs()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pending, tt.pending) {
				t.Errorf("PendingPDFs = %v, want %v", pending, tt.pending)
			}
		})
	}
}

// finalizedOn stores a valid draft and finalizes it, without its PDF.
func finalizedOn(t *testing.T, s *Store) meeting.ID {
	t.Helper()
	id := draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	if _, err := s.Finalize(id, finalizedAt); err != nil {
		t.Fatal(err)
	}
	return id
}

// recordPDF records the tests' PDF of revision n.
func recordPDF(t *testing.T, s *Store, id meeting.ID, n int) {
	t.Helper()
	if err := s.RecordPDF(id, n, pdfPath(id, n), pdfHash(id, n)); err != nil {
		t.Fatalf("RecordPDF(%d, %d): %v", id, n, err)
	}
}

// auditActions returns the actions of a meeting's audit log, in order.
func auditActions(t *testing.T, s *Store, id meeting.ID) []meeting.AuditAction {
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

func TestPendingPDFs(t *testing.T) {
	s := openTest(t)
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
	draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 13}) // a draft is not pending
	b := finalizedOn(t, s)
	pending(meeting.RevisionRef{Meeting: a, Revision: 1}, meeting.RevisionRef{Meeting: b, Revision: 1})
	recordPDF(t, s, a, 1)
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
	recordPDF(t, s, b, 2)
	recordPDF(t, s, b, 1)
	pending()
}

func TestAttachAndArchive(t *testing.T) {
	at := finalizedAt.Add(24 * time.Hour)
	draft := func(t *testing.T, s *Store) meeting.ID {
		return draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 12})
	}
	finalized := func(t *testing.T, s *Store) meeting.ID { return finalizedWithPDF(t, s, finalizedAt) }
	signed := func(t *testing.T, s *Store) meeting.ID {
		id := finalized(t, s)
		if _, err := s.AttachScan(id, scanOf("signed"), at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	archived := func(t *testing.T, s *Store) meeting.ID {
		id := signed(t, s)
		if _, err := s.Archive(id, at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	amending := func(t *testing.T, s *Store) meeting.ID {
		id := signed(t, s)
		if _, err := s.Amend(id, "更正办理时限", at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	attach := func(s *Store, id meeting.ID) (meeting.Meeting, error) {
		return s.AttachScan(id, scanOf("another copy"), at)
	}
	archive := func(s *Store, id meeting.ID) (meeting.Meeting, error) { return s.Archive(id, at) }

	tests := []struct {
		name    string
		from    func(t *testing.T, s *Store) meeting.ID
		do      func(s *Store, id meeting.ID) (meeting.Meeting, error)
		to      meeting.State // state after an allowed change
		scans   int           // scans of the current revision after it
		refused meeting.Code
	}{
		{"attach to a draft", draft, attach, "", 0, meeting.CodeState},
		{"attach without the PDF", func(t *testing.T, s *Store) meeting.ID { return finalizedOn(t, s) }, attach, "", 0, meeting.CodeState},
		{"attach to finalized", finalized, attach, meeting.StateSigned, 1, ""},
		{"attach a second scan", signed, attach, meeting.StateSigned, 2, ""},
		{"attach the same scan twice", signed, func(s *Store, id meeting.ID) (meeting.Meeting, error) {
			return s.AttachScan(id, scanOf("signed"), at)
		}, "", 0, meeting.CodeConflict},
		{"attach an empty file", finalized, func(s *Store, id meeting.ID) (meeting.Meeting, error) {
			sc := scanOf("")
			return s.AttachScan(id, sc, at)
		}, "", 0, meeting.CodeInvalid},
		{"attach to archived", archived, attach, "", 0, meeting.CodeState},
		{"attach while amending", amending, attach, "", 0, meeting.CodeState},
		{"attach to no meeting", func(*testing.T, *Store) meeting.ID { return 99 }, attach, "", 0, meeting.CodeNotFound},
		{"archive a draft", draft, archive, "", 0, meeting.CodeState},
		{"archive unsigned", finalized, archive, "", 0, meeting.CodeState},
		{"archive signed", signed, archive, meeting.StateArchived, 1, ""},
		{"archive twice", archived, archive, "", 0, meeting.CodeState},
		{"archive while amending", amending, archive, "", 0, meeting.CodeState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			id := tt.from(t, s)
			before := dump(t, s)
			m, err := tt.do(s, id)
			if tt.refused != "" {
				if e := wantCode(t, err, tt.refused); e.Message == "" {
					t.Errorf("refusal without a message")
				}
				if dump(t, s) != before {
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

func TestAuditLog(t *testing.T) {
	clk := newClock()
	s := openTest(t, WithClock(clk.now))
	step := func() time.Time { clk.advance(time.Minute); return clk.now() }

	c := saveCase(t, s, testCase())
	m := testMeeting(c.ID)
	m.Title = ""
	step()
	m = saveMeeting(t, s, m) // create
	other := saveMeeting(t, s, testMeeting(c.ID))
	step()
	m.Title = "关于某塑料母料有限公司不动产权证办理的协调会"
	m.Venue = "市民中心"
	m = saveMeeting(t, s, m) // edit: title, venue
	m = saveMeeting(t, s, m) // nothing changed: no entry
	step()
	if _, err := s.Finalize(m.ID, step()); err != nil {
		t.Fatal(err)
	}
	recordPDF(t, s, m.ID, 1)
	if err := s.DeleteMeeting(other.ID); err != nil { // in between: another meeting's log
		t.Fatal(err)
	}
	m, err := s.Amend(m.ID, "更正办理时限", step())
	if err != nil {
		t.Fatal(err)
	}
	step()
	m.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 15}
	m = saveMeeting(t, s, m) // edit: agenda
	if _, err := s.Finalize(m.ID, step()); err != nil {
		t.Fatal(err)
	}
	recordPDF(t, s, m.ID, 2)
	if _, err := s.AttachScan(m.ID, scanOf("signed"), step()); err != nil {
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
		{meeting.AuditRecordPDF, 1, "存档第 1 版定稿 PDF：" + pdfPath(m.ID, 1)},
		{meeting.AuditAmend, 2, "发起第 2 版修订，修订理由：更正办理时限"},
		{meeting.AuditEdit, 2, "修改：议题"},
		{meeting.AuditFinalize, 2, "定稿第 2 版，文号〔2026〕1号"},
		{meeting.AuditRecordPDF, 2, "存档第 2 版定稿 PDF：" + pdfPath(m.ID, 2)},
		{meeting.AuditAttach, 2, "为第 2 版附加签字扫描件：" + scanOf("signed").Path},
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

	// A deleted draft keeps its log, ending with the deletion.
	if got, want := auditActions(t, s, other.ID), []meeting.AuditAction{meeting.AuditCreate, meeting.AuditDelete}; !slices.Equal(got, want) {
		t.Errorf("deleted draft's audit %v, want %v", got, want)
	}
	// Importing logs an import.
	imported, err := s.Import(nil, []meeting.Case{withID(testCase(), 1)}, testMeeting(1))
	if err != nil {
		t.Fatal(err)
	}
	if got := auditActions(t, s, imported.ID); !slices.Equal(got, []meeting.AuditAction{meeting.AuditImport}) {
		t.Errorf("imported meeting's audit %v", got)
	}
	_, err = s.Audit(999)
	wantCode(t, err, meeting.CodeNotFound)
}

func withID(c meeting.Case, id meeting.ID) meeting.Case { c.ID = id; return c }
