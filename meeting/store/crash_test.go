package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// The crash test kills a writing process many times and checks, after each kill,
// that everything the writer was told is stored is there, and that the archive flow
// the app follows leaves nothing half-done: FinalizeWith, whose place renders the PDF
// and writes it to a temporary name and renames it inside the finalizing
// transaction; write a scan the same way, AttachScan.
// The rendering is a stand-in (the canonical bytes of the revision's snapshot), as
// deterministic as the real PDF, in a folder of the data directory.

// standInArchive is the folder, inside the data directory, of the stand-in archive.
const standInArchive = "archive"

// renderStandIn is the stand-in for rendering a revision's PDF: bytes that depend on
// the revision's content only.
func renderStandIn(mn meeting.Minutes) []byte {
	return append([]byte("%PDF-stand-in\n"), mn.Canonical()...)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// standInName is the name of revision n's stand-in PDF in the stand-in archive.
func standInName(id meeting.ID, n int) string { return fmt.Sprintf("minutes-%d-r%d.pdf", id, n) }

// finalizeWithPDF finalizes a meeting with FinalizeWith, whose place renders the
// revision and writes the file atomically: what the app does (archive.Finalize). A
// file placed for a finalize that did not commit is removed.
func finalizeWithPDF(s *Store, archive string, id meeting.ID) (meeting.Minutes, error) {
	var placed string
	mn, err := s.FinalizeWith(id, time.Now(), func(mn meeting.Minutes) (meeting.PDFFile, error) {
		data := renderStandIn(mn)
		name := standInName(id, len(mn.Meeting.Revisions))
		if err := os.MkdirAll(archive, 0o700); err != nil {
			return meeting.PDFFile{}, err
		}
		if err := writeFileAtomic(filepath.Join(archive, name), func(f *os.File) error { _, err := f.Write(data); return err }); err != nil {
			return meeting.PDFFile{}, err
		}
		placed = filepath.Join(archive, name)
		return meeting.PDFFile{Path: name, Hash: sha256Hex(data)}, nil
	})
	if err != nil && placed != "" {
		os.Remove(placed)
	}
	return mn, err
}

// crashWriter writes until the process is killed. Each write prints one line after
// its transaction returned:
//
//	case ID TITLE       a case was created
//	meeting ID TITLE    a draft was created
//	final ID NUMBER N   revision N of a meeting was finalized, then
//	pdf ID N HASH       with its PDF written and recorded
//	attach ID HASH      a signed scan was written and attached
//	archive ID N        the meeting was archived at revision N
//	amend ID N          revision N was opened as a draft
//	try case ID TITLE   an edit of a case begins (it may or may not land)
//	edit case ID TITLE  that edit was acknowledged
//	deliver ID N DEPT   revision N's excerpt for DEPT was recorded as delivered
func crashWriter(s *Store, archive string, out io.Writer) {
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, seed>>7))
	var cases, drafts, finalized, signed, everFinalized []meeting.ID
	fail := func(err error) { fmt.Fprintf(out, "error %v\n", err) }
	take := func(list *[]meeting.ID) meeting.ID {
		id := (*list)[0]
		*list = (*list)[1:]
		return id
	}
	for i := 0; ; i++ {
		c := testCase()
		c.Title = fmt.Sprintf("崩溃测试 %x-%d", seed&0xFFFF, i)
		if err := s.SaveCase(&c); err != nil {
			fail(err)
			return
		}
		fmt.Fprintf(out, "case %d %s\n", c.ID, c.Title)
		cases = append(cases, c.ID)

		switch rng.IntN(7) {
		case 0:
			m := testMeeting(c.ID)
			m.Title = fmt.Sprintf("崩溃测试会议 %x-%d", seed&0xFFFF, i)
			if err := s.SaveMeeting(&m); err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(out, "meeting %d %s\n", m.ID, m.Title)
			drafts = append(drafts, m.ID)
		case 1, 2:
			if len(drafts) == 0 {
				continue
			}
			id := take(&drafts)
			mn, err := finalizeWithPDF(s, archive, id)
			if err != nil {
				fail(err)
				return
			}
			rev, _ := mn.Meeting.LastRevision()
			fmt.Fprintf(out, "final %d %s %d\npdf %d %d %s\n", id, mn.Meeting.Number, rev.N, id, rev.N, rev.PDFHash)
			finalized = append(finalized, id)
			everFinalized = append(everFinalized, id)
		case 3:
			edit, err := s.Case(cases[rng.IntN(len(cases))])
			if err != nil {
				fail(err)
				return
			}
			edit.Title = fmt.Sprintf("崩溃测试改 %x-%d", seed&0xFFFF, i)
			fmt.Fprintf(out, "try case %d %s\n", edit.ID, edit.Title)
			if err := s.SaveCase(&edit); err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(out, "edit case %d %s\n", edit.ID, edit.Title)
		case 4:
			if len(finalized) == 0 {
				continue
			}
			id := take(&finalized)
			data := fmt.Appendf(nil, "\x89PNG stand-in scan %x-%d", seed, i)
			scan := meeting.Scan{Hash: sha256Hex(data), Path: fmt.Sprintf("scan-%d-%x-%d.png", id, seed&0xFFFF, i), MediaType: "image/png", Size: int64(len(data))}
			if err := writeFileAtomic(filepath.Join(archive, scan.Path), func(f *os.File) error { _, err := f.Write(data); return err }); err != nil {
				fail(err)
				return
			}
			if _, err := s.AttachScan(id, scan, time.Now()); err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(out, "attach %d %s\n", id, scan.Hash)
			signed = append(signed, id)
		case 5:
			if len(signed) == 0 {
				continue
			}
			id := take(&signed)
			m, err := s.Archive(id, time.Now())
			if err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(out, "archive %d %d\n", id, len(m.Revisions))
			if rng.IntN(2) == 0 {
				m, err := s.Amend(id, "更正办理时限", time.Now())
				if err != nil {
					fail(err)
					return
				}
				fmt.Fprintf(out, "amend %d %d\n", id, m.Revision())
				drafts = append(drafts, id)
			}
		case 6:
			if len(everFinalized) == 0 {
				continue
			}
			id := everFinalized[rng.IntN(len(everFinalized))]
			m, err := s.Meeting(id)
			if err != nil {
				fail(err)
				return
			}
			left := m.Undelivered()
			if len(left) == 0 {
				continue
			}
			rec := meeting.DeliveryRecord{Department: left[0], Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "王收"}
			if m, err = s.Deliver(id, rec, time.Now()); err != nil {
				fail(err)
				return
			}
			fmt.Fprintf(out, "deliver %d %d %s\n", id, len(m.Revisions), rec.Department)
		}
	}
}

// acknowledged is what the writers were told is stored.
type acknowledged struct {
	caseTitle    map[meeting.ID]string // last acknowledged title
	caseTrying   map[meeting.ID]string // title of an edit in flight when the writer died
	meetingTitle map[meeting.ID]string
	number       map[meeting.ID]string
	revisions    map[meeting.ID]int               // revisions finalized
	pdf          map[meeting.RevisionRef]string   // hash recorded
	scans        map[meeting.ID][]string          // hashes attached
	archived     map[meeting.RevisionRef]bool     // revisions archived
	delivered    map[meeting.RevisionRef][]string // departments whose excerpt was delivered
	drafting     map[meeting.ID]int               // revision opened by an amendment
	counts       map[string]int                   // acknowledged writes by kind
	writes       int
}

func newAcknowledged() *acknowledged {
	return &acknowledged{caseTitle: map[meeting.ID]string{}, caseTrying: map[meeting.ID]string{},
		meetingTitle: map[meeting.ID]string{}, number: map[meeting.ID]string{}, revisions: map[meeting.ID]int{},
		pdf: map[meeting.RevisionRef]string{}, scans: map[meeting.ID][]string{}, archived: map[meeting.RevisionRef]bool{},
		drafting: map[meeting.ID]int{}, delivered: map[meeting.RevisionRef][]string{}, counts: map[string]int{}}
}

// read takes in one line of a writer's output.
func (a *acknowledged) read(t *testing.T, line string) {
	f := strings.SplitN(line, " ", 4)
	id := func(s string) meeting.ID {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("bad line from writer: %q", line)
		}
		return meeting.ID(n)
	}
	n := func(s string) int { return int(id(s)) }
	switch {
	case f[0] == "case" && len(f) >= 3:
		a.caseTitle[id(f[1])] = strings.Join(f[2:], " ")
	case f[0] == "meeting" && len(f) >= 3:
		a.meetingTitle[id(f[1])] = strings.Join(f[2:], " ")
	case f[0] == "final" && len(f) == 4:
		a.number[id(f[1])], a.revisions[id(f[1])] = f[2], n(f[3])
	case f[0] == "pdf" && len(f) == 4:
		a.pdf[meeting.RevisionRef{Meeting: id(f[1]), Revision: n(f[2])}] = f[3]
	case f[0] == "attach" && len(f) == 3:
		a.scans[id(f[1])] = append(a.scans[id(f[1])], f[2])
	case f[0] == "archive" && len(f) == 3:
		a.archived[meeting.RevisionRef{Meeting: id(f[1]), Revision: n(f[2])}] = true
	case f[0] == "amend" && len(f) == 3:
		a.drafting[id(f[1])] = n(f[2])
	case f[0] == "deliver" && len(f) == 4:
		ref := meeting.RevisionRef{Meeting: id(f[1]), Revision: n(f[2])}
		a.delivered[ref] = append(a.delivered[ref], f[3])
	case f[0] == "try" && len(f) == 4:
		a.caseTrying[id(f[2])] = f[3]
		return
	case f[0] == "edit" && len(f) == 4:
		delete(a.caseTrying, id(f[2]))
		a.caseTitle[id(f[2])] = f[3]
	default:
		t.Fatalf("writer said: %q", line)
	}
	a.counts[f[0]]++
	a.writes++
}

// verify checks that everything acknowledged is stored, and that no document number
// was given twice.
func (a *acknowledged) verify(t *testing.T, s *Store) {
	t.Helper()
	for id, title := range a.caseTitle {
		c, err := s.Case(id)
		if err != nil {
			t.Fatalf("acknowledged case %d: %v", id, err)
		}
		if c.Title != title && c.Title != a.caseTrying[id] {
			t.Fatalf("case %d has title %q, acknowledged %q", id, c.Title, title)
		}
	}
	for id, title := range a.meetingTitle {
		m, err := s.Meeting(id)
		if err != nil {
			t.Fatalf("acknowledged meeting %d: %v", id, err)
		}
		if m.Title != title {
			t.Fatalf("meeting %d has title %q, acknowledged %q", id, m.Title, title)
		}
		if n, ok := a.number[id]; ok && (m.Number.String() != n || len(m.Revisions) < a.revisions[id]) {
			t.Fatalf("meeting %d is %s with %d revisions, acknowledged %s with %d", id, m.Number, len(m.Revisions), n, a.revisions[id])
		}
		if r := a.drafting[id]; m.Revision() < r {
			t.Fatalf("meeting %d shows revision %d, acknowledged the draft of revision %d", id, m.Revision(), r)
		}
		attached := map[string]bool{}
		for _, rev := range m.Revisions {
			ref := meeting.RevisionRef{Meeting: id, Revision: rev.N}
			if hash, ok := a.pdf[ref]; ok && rev.PDFHash != hash {
				t.Fatalf("meeting %d revision %d records PDF %q, acknowledged %s", id, rev.N, rev.PDFHash, hash)
			}
			if a.archived[ref] && rev.ArchivedAt.IsZero() {
				t.Fatalf("meeting %d revision %d not archived, acknowledged archived", id, rev.N)
			}
			for _, sc := range rev.Scans {
				attached[sc.Hash] = true
			}
			for _, dept := range a.delivered[ref] {
				k := slices.IndexFunc(rev.Deliveries, func(d meeting.Delivery) bool { return d.Department == dept })
				if k < 0 || !rev.Deliveries[k].Delivered() {
					t.Fatalf("meeting %d revision %d: the acknowledged delivery to %s is not recorded", id, rev.N, dept)
				}
			}
		}
		for _, hash := range a.scans[id] {
			if !attached[hash] {
				t.Fatalf("meeting %d lacks the acknowledged scan %s", id, hash)
			}
		}
	}
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[meeting.DocNumber]meeting.ID{}
	for _, m := range ms {
		if m.Number.IsZero() {
			continue
		}
		if other, dup := seen[m.Number]; dup {
			t.Fatalf("number %s given to meetings %d and %d", m.Number, other, m.ID)
		}
		seen[m.Number] = m.ID
	}
}

// checkArchive checks the archive flow after a kill: every finalized revision has its
// PDF recorded, with the file in place and matching (none is pending: the PDF is
// recorded in the finalizing transaction); every scan recorded has its file; the
// revision chains are whole. It returns the files the records name.
func checkArchive(t *testing.T, s *Store, archive string) map[string]bool {
	t.Helper()
	pending, err := s.PendingPDFs()
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) > 0 {
		t.Fatalf("finalized revisions without their PDF: %v", pending)
	}
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	for _, m := range ms {
		for _, rev := range m.Revisions {
			if rev.PDFHash == "" {
				t.Fatalf("meeting %d revision %d is finalized without its PDF", m.ID, rev.N)
			}
			wantFile(t, filepath.Join(archive, rev.PDFPath), rev.PDFHash)
			recorded[rev.PDFPath] = true
			for _, sc := range rev.Scans {
				wantFile(t, filepath.Join(archive, sc.Path), sc.Hash)
				recorded[sc.Path] = true
			}
		}
	}
	problems, err := s.VerifyAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Fatalf("VerifyAll after the kill: %s", p.Message)
	}
	return recorded
}

// wantFile fails unless the file at path has the hash.
func wantFile(t *testing.T, path, hash string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("recorded file: %v", err)
	}
	if got := sha256Hex(data); got != hash {
		t.Fatalf("%s has SHA-256 %s, recorded %s", path, got, hash)
	}
}

// recoverArchive does what the app does at startup (archive.Recover): it removes
// stray temporary files from the archive, and the files no record names, which a
// kill between a file's rename and its commit leaves. It returns how many of those
// there were.
func recoverArchive(t *testing.T, archive string, recorded map[string]bool) int {
	t.Helper()
	temps, _ := filepath.Glob(filepath.Join(archive, ".*.tmp-*"))
	for _, tmp := range temps {
		os.Remove(tmp)
	}
	entries, err := os.ReadDir(archive)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	removed := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") && !recorded[e.Name()] {
			if err := os.Remove(filepath.Join(archive, e.Name())); err != nil {
				t.Fatal(err)
			}
			removed++
		}
	}
	return removed
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 50 processes")
	}
	const kills = 50
	dir := t.TempDir()
	archive := filepath.Join(dir, standInArchive)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	ack := newAcknowledged()
	recovered := 0
	for round := 0; round < kills; round++ {
		w := startChild(t, "write", dir)
		// Most kills land while the writer writes; every fifth may land while it is
		// still opening, checking or backing up the file.
		if round%5 != 0 {
			w.waitReady(t)
		}
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		if err := w.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = w.cmd.Wait()
		for line := range w.lines {
			if line != "ready" {
				ack.read(t, line)
			}
		}

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("round %d: check after the kill: %v", round, err)
		}
		ack.verify(t, s)
		recovered += recoverArchive(t, archive, checkArchive(t, s, archive))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s := openDir(t, dir)
	s.Close()
	for _, folder := range []string{dir, filepath.Join(dir, BackupDirName)} {
		if temps, _ := filepath.Glob(filepath.Join(folder, ".*.tmp-*")); len(temps) > 0 {
			t.Errorf("temporary files left after reopening: %v", temps)
		}
	}
	t.Logf("%d kills, %d acknowledged writes (%d cases, %d meetings, %d finalized, %d PDFs, %d scans, %d archived, %d amended, %d deliveries); %d unrecorded files removed after a kill; all present",
		kills, ack.writes, len(ack.caseTitle), len(ack.meetingTitle), ack.counts["final"], ack.counts["pdf"],
		ack.counts["attach"], ack.counts["archive"], ack.counts["amend"], ack.counts["deliver"], recovered)
	if ack.writes < kills {
		t.Errorf("only %d acknowledged writes in %d rounds: the writers hardly wrote", ack.writes, kills)
	}
	if ack.counts["attach"] == 0 || ack.counts["pdf"] == 0 || ack.counts["deliver"] == 0 {
		t.Errorf("the writers never recorded a PDF or attached a scan: %v", ack.counts)
	}
}
