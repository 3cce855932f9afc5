package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"backstop/assets"
	"backstop/export"
	"backstop/export/safefile"
	"backstop/meeting"
	"backstop/meeting/store"
)

var testTime = time.Date(2026, 10, 12, 12, 0, 0, 0, time.UTC)

// openStore opens a store in a fresh data directory; the chains are checked at
// cleanup.
func openStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if ps, err := st.VerifyAll(); err != nil || len(ps) > 0 {
			t.Errorf("store chain after test: %v %v", ps, err)
		}
		st.Close()
	})
	return st, dir
}

// draft stores a meeting that passes validation and returns its ID.
func draft(t *testing.T, st meeting.Store, title string) meeting.ID {
	t.Helper()
	c := meeting.Case{
		ID:        1,
		Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市某塑料母料有限公司", CreditCode: "91330100799655058B", Contact: "叶尧平", Phone: "13812345678"},
		Category:  meeting.CategoryRealEstate, Channel: meeting.ChannelWindowEnterprise, Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
		Title: "已建厂房分期办理不动产权证", Request: "请求为已建成的一期厂房办理不动产权证，用于银行抵押贷款。",
		Status: meeting.CaseOpen,
	}
	m := meeting.Meeting{
		Title: title, Date: meeting.Date{Year: 2026, Month: 10, Day: 12},
		Start: 9 * 60, End: 11 * 60, Venue: "市政务服务中心三楼协调室",
		Host: meeting.Host{Name: "王明", Position: "副主任"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		Attendance: []meeting.Attendance{
			{Department: "行政审批服务管理办公室", Sections: []string{"兜底办"}, Person: "王明", Status: meeting.Present},
			{Department: "自然资源和规划局", Sections: []string{"不动产登记科"}, Person: "张华", Status: meeting.Present},
		},
		Agenda: []meeting.AgendaItem{{
			CaseID: 1, Summary: "已建厂房分期办理不动产权证", Discussion: "与会部门认为符合分期验收条件。",
			Judgment: meeting.JudgmentShould, JudgmentReason: "符合《若干意见》分期验收规定。",
			Policies:  []meeting.PolicyBasis{{Title: "加强工业用地管理 助力优化营商环境的若干意见"}},
			Decisions: []meeting.Decision{{Text: "以本纪要为依据，线下办理一期厂房不动产登记。", Lead: "自然资源和规划局", Due: meeting.Date{Year: 2026, Month: 10, Day: 30}}},
		}},
	}
	stored, err := st.Import(nil, []meeting.Case{c}, m)
	if err != nil {
		t.Fatal(err)
	}
	return stored.ID
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func wantCode(t *testing.T, err error, code meeting.Code) {
	t.Helper()
	if meeting.ErrorCode(err) != code {
		t.Fatalf("error %v has code %q, want %q", err, meeting.ErrorCode(err), code)
	}
	if msg := meeting.ErrorMessage(err); !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("error message is not Chinese: %q", msg)
	}
}

// strays lists the temporary files left anywhere in the archive.
func strays(t *testing.T, dataDir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(Dir(dataDir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), safefile.TempPrefix) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

func TestFinalizeWritesAndRecordsPDF(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "关于../../某公司 不动产权证的协调会")
	mn, err := Finalize(st, dir, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := mn.Meeting.LastRevision()
	if rev.PDFPath != "2026/1-关于._._某公司 不动产权证的协调会/r1.pdf" {
		t.Errorf("PDF recorded as %q", rev.PDFPath)
	}
	b, err := os.ReadFile(Path(dir, rev.PDFPath))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || sha(b) != rev.PDFHash {
		t.Errorf("archived file does not match the recorded hash")
	}
	// The revision records the fonts that printed it: data from before the font
	// choice, as this store is, keeps the embedded fonts.
	if len(rev.Fonts) != 4 || rev.Fonts[0] != (meeting.FontUse{Role: "正文", Family: "Noto Serif SC", SHA256: sha(assets.SerifRegular)}) {
		t.Errorf("fonts recorded %+v", rev.Fonts)
	}
	if fi, _ := os.Stat(Path(dir, rev.PDFPath)); fi.Mode().Perm() != 0o600 {
		t.Errorf("PDF mode %v, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(filepath.Dir(Path(dir, rev.PDFPath))); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", fi.Mode().Perm())
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("VerifyAll after finalize: %v %v", ps, err)
	}

	// An amendment with a new title keeps the folder and adds r2.pdf.
	m, err := st.Amend(id, "更正会议名称", testTime.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "更名后的协调会"
	if err := st.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	mn, err = Finalize(st, dir, id, testTime.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := mn.Meeting.Revisions[1].PDFPath; got != "2026/1-关于._._某公司 不动产权证的协调会/r2.pdf" {
		t.Errorf("revision 2 recorded as %q", got)
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("VerifyAll after amendment: %v %v", ps, err)
	}
}

// errNoSpace is a writer whose disk fills up after a few bytes.
type fullDisk struct {
	w    io.Writer
	left int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) > d.left {
		n, _ := d.w.Write(p[:d.left])
		d.left = 0
		return n, &fs.PathError{Op: "write", Path: "tmp", Err: syscall.ENOSPC}
	}
	d.left -= len(p)
	return d.w.Write(p)
}

// fillDisk makes every archive write fail with ENOSPC after a kilobyte, until the
// returned function restores the real writer.
func fillDisk(t *testing.T) (restore func()) {
	writeFile = func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		return safefile.Write(path, perm, func(w io.Writer) error { return write(&fullDisk{w: w, left: 1024}) })
	}
	restore = func() { writeFile = safefile.Write }
	t.Cleanup(restore)
	return restore
}

// storeState is what a meeting's failed finalize must leave unchanged: the meeting,
// its audit log and the pending PDFs.
type storeState struct {
	m       meeting.Meeting
	audit   []meeting.AuditEntry
	pending []meeting.RevisionRef
}

func stateOf(t *testing.T, st meeting.Store, id meeting.ID) storeState {
	t.Helper()
	m, err := st.Meeting(id)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := st.Audit(id)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := st.PendingPDFs()
	if err != nil {
		t.Fatal(err)
	}
	return storeState{m, audit, pending}
}

// wantUnchanged fails unless a failed finalize left the meeting a draft without a
// number, the store as it was, and no PDF or temporary file in the archive.
func wantUnchanged(t *testing.T, st meeting.Store, dir string, id meeting.ID, before storeState) {
	t.Helper()
	after := stateOf(t, st, id)
	if after.m.State != meeting.StateDraft || !after.m.Number.IsZero() || len(after.m.Revisions) != 0 {
		t.Errorf("after a failed finalize the meeting is %s %s with %d revisions, want a draft without a number",
			after.m.State, after.m.Number, len(after.m.Revisions))
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a failed finalize changed the store:\nbefore %+v\nafter  %+v", before, after)
	}
	if s := strays(t, dir); len(s) > 0 {
		t.Errorf("partial files left: %v", s)
	}
	if left, _ := filepath.Glob(filepath.Join(Dir(dir), "*")); len(left) > 0 {
		t.Errorf("a failed finalize left %v in the archive", left)
	}
}

func TestFinalizeDiskFull(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "磁盘已满")
	before := stateOf(t, st, id)
	restore := fillDisk(t)
	_, err := Finalize(st, dir, id, testTime)
	wantCode(t, err, meeting.CodeStorage)
	if msg := meeting.ErrorMessage(err); !strings.Contains(msg, "磁盘空间已满") || !strings.Contains(msg, "仍是草稿") {
		t.Errorf("message %q does not say the disk is full and the meeting is still a draft", msg)
	}
	wantUnchanged(t, st, dir, id, before)

	// Once there is room again, the same draft finalizes and takes the number the
	// failed attempt did not use up.
	restore()
	mn, err := Finalize(st, dir, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	if mn.Meeting.Number.Seq != 1 || mn.Meeting.Revisions[0].PDFHash == "" {
		t.Errorf("finalized as %s with PDF %q, want number 1 with its PDF", mn.Meeting.Number, mn.Meeting.Revisions[0].PDFHash)
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("VerifyAll after finalizing again: %v %v", ps, err)
	}
}

// TestRecoverWritesPendingPDF covers a revision finalized without its PDF (by a
// version before FinalizeWith, or migrated data): Recover writes and records it, and
// a full disk leaves it pending.
func TestRecoverWritesPendingPDF(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "待补写")
	if _, err := st.Finalize(id, testTime); err != nil {
		t.Fatal(err)
	}
	restore := fillDisk(t)
	if _, err := Recover(st, dir); meeting.ErrorCode(err) != meeting.CodeStorage {
		t.Errorf("Recover on a full disk: %v", err)
	}
	if refs, _ := st.PendingPDFs(); len(refs) != 1 {
		t.Fatalf("pending PDFs %v", refs)
	}
	if s := strays(t, dir); len(s) > 0 {
		t.Errorf("partial files left: %v", s)
	}
	restore()
	n, err := Recover(st, dir)
	if err != nil || n != 1 {
		t.Fatalf("Recover = %d, %v", n, err)
	}
	if refs, _ := st.PendingPDFs(); len(refs) != 0 {
		t.Fatalf("still pending after Recover: %v", refs)
	}
	if m, _ := st.Meeting(id); len(m.Revisions[0].Fonts) == 0 {
		t.Error("the PDF Recover wrote has no fonts recorded")
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("VerifyAll after Recover: %v %v", ps, err)
	}
}

// TestFinalizeNotCommittedRemovesPDF covers a store that refuses after the PDF is in
// place: the file goes, the meeting stays a draft.
func TestFinalizeNotCommittedRemovesPDF(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "提交失败")
	before := stateOf(t, st, id)
	refusing := refusingStore{Store: st}
	_, err := Finalize(refusing, dir, id, testTime)
	wantCode(t, err, meeting.CodeStorage)
	wantUnchanged(t, st, dir, id, before)
}

// refusingStore finalizes as the store does but refuses once place has run, as a
// commit that fails would.
type refusingStore struct{ *store.Store }

func (s refusingStore) FinalizeWith(id meeting.ID, at time.Time, place meeting.PlacePDF) (meeting.Minutes, error) {
	_, err := s.Store.FinalizeWith(id, at, func(mn meeting.Minutes) (meeting.PDFFile, error) {
		if _, err := place(mn); err != nil {
			return meeting.PDFFile{}, err
		}
		return meeting.PDFFile{}, meeting.Errorf(meeting.CodeStorage, "无法保存数据（测试）。", nil)
	})
	return meeting.Minutes{}, err
}

// TestRecoverRemovesUnrecordedPDF covers a crash between the PDF's rename and the
// commit: the file no record names goes, a recorded one stays.
func TestRecoverRemovesUnrecordedPDF(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "已定稿")
	mn, err := Finalize(st, dir, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	recorded := Path(dir, mn.Meeting.Revisions[0].PDFPath)
	orphan := Path(dir, "2026/2-未提交/r1.pdf")
	if err := os.MkdirAll(filepath.Dir(orphan), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orphan, []byte("%PDF-orphan"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := Recover(st, dir); err != nil || n != 0 {
		t.Fatalf("Recover = %d, %v", n, err)
	}
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("unrecorded PDF survived Recover: %v", err)
	}
	if _, err := os.Stat(recorded); err != nil {
		t.Errorf("recorded PDF removed: %v", err)
	}
}

// TestFinalizeDoesNotOverwrite: a file already where the PDF would go is not
// replaced, and the meeting stays a draft.
func TestFinalizeDoesNotOverwrite(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "已有文件")
	before := stateOf(t, st, id)
	there := Path(dir, "2026/1-已有文件/r1.pdf")
	if err := os.MkdirAll(filepath.Dir(there), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(there, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Finalize(st, dir, id, testTime)
	wantCode(t, err, meeting.CodeConflict)
	if b, _ := os.ReadFile(there); string(b) != "keep" {
		t.Errorf("the file there was replaced: %q", b)
	}
	if after := stateOf(t, st, id); !reflect.DeepEqual(before, after) {
		t.Errorf("a refused finalize changed the store")
	}
}

func TestRecoverRewritesSameBytesAndRemovesStrays(t *testing.T) {
	st, dir := openStore(t)
	id := draft(t, st, "崩溃恢复")
	mn, err := Finalize(st, dir, id, testTime)
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(Path(dir, mn.Meeting.Revisions[0].PDFPath))
	if err != nil {
		t.Fatal(err)
	}
	// Re-rendering the snapshot gives the same bytes: what Recover relies on.
	again, _ := st.RevisionMinutes(id, 1)
	var b bytes.Buffer
	if _, err := export.WriteMinutes(&b, &again, export.Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), first) {
		t.Fatal("rendering the same revision twice gave different bytes")
	}
	stray := filepath.Join(filepath.Dir(Path(dir, mn.Meeting.Revisions[0].PDFPath)), safefile.TempPrefix+"123")
	if err := os.WriteFile(stray, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := Recover(st, dir); err != nil || n != 0 {
		t.Fatalf("Recover = %d, %v", n, err)
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("stray temporary file survived Recover: %v", err)
	}
}

func TestRecoverWithoutArchive(t *testing.T) {
	st, dir := openStore(t)
	if n, err := Recover(st, dir); err != nil || n != 0 {
		t.Fatalf("Recover on an empty data directory = %d, %v", n, err)
	}
}

func TestFinalizeReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	st, dir := openStore(t)
	id := draft(t, st, "只读")
	if err := os.MkdirAll(Dir(dir), 0o500); err != nil {
		t.Fatal(err)
	}
	os.Chmod(Dir(dir), 0o500)
	t.Cleanup(func() { os.Chmod(Dir(dir), 0o700) })
	before := stateOf(t, st, id)
	_, err := Finalize(st, dir, id, testTime)
	wantCode(t, err, meeting.CodeStorage)
	os.Chmod(Dir(dir), 0o700)
	wantUnchanged(t, st, dir, id, before)
}

// TestFinalizeRefusedDisk injects the refusals of a read-only disk and of a folder
// without permission at the moment the file is created, as the tests run as root in
// some containers where chmod does not refuse anything.
func TestFinalizeRefusedDisk(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"read-only disk", syscall.EROFS, "只读"},
		{"no permission", syscall.EACCES, "没有权限"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, dir := openStore(t)
			id := draft(t, st, tc.name)
			writeFile = func(path string, _ fs.FileMode, _ func(io.Writer) error) error {
				return safefile.Describe(&fs.PathError{Op: "open", Path: path, Err: tc.err}, path)
			}
			t.Cleanup(func() { writeFile = safefile.Write })
			before := stateOf(t, st, id)
			_, err := Finalize(st, dir, id, testTime)
			wantCode(t, err, meeting.CodeReadOnly)
			if !strings.Contains(meeting.ErrorMessage(err), tc.want) {
				t.Errorf("message %q should say %q", meeting.ErrorMessage(err), tc.want)
			}
			wantUnchanged(t, st, dir, id, before)
			writeFile = safefile.Write
			if _, err := Finalize(st, dir, id, testTime); err != nil {
				t.Fatalf("finalize once the disk takes writes: %v", err)
			}
		})
	}
}
