package transfer_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"backstop/export/archive"
	"backstop/export/transfer"
	"backstop/meeting"
	"backstop/meeting/store"
)

var testTime = time.Date(2026, 10, 12, 12, 0, 0, 0, time.UTC)

// office is one office's data directory with its open store. At cleanup its revision
// chains and its archived files must verify.
type office struct {
	dir string
	st  *store.Store
}

func openOffice(t testing.TB) *office {
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
		if ps, err := archive.VerifyAll(st, dir); err != nil || len(ps) > 0 {
			t.Errorf("archive after test: %v %v", ps, err)
		}
		st.Close()
	})
	return &office{dir: dir, st: st}
}

func enterpriseCase(title string) meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市某塑料母料有限公司", CreditCode: "91330100799655058B", Contact: "叶尧平", Phone: "13812345678"},
		Category:  meeting.CategoryRealEstate, Channel: meeting.ChannelTownship, Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
		Title: title, Request: "请求为已建成的一期厂房办理不动产权证，用于银行抵押贷款。",
	}
}

func personCase() meeting.Case {
	return meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英", Phone: "0571-64712345"},
		Category:  meeting.CategoryLivelihood, Channel: meeting.ChannelTownship, Received: meeting.Date{Year: 2026, Month: 8, Day: 3},
		Title: "老旧小区房屋无法办理不动产权证", Request: "房屋建成于 1995 年，原开发商已注销。",
	}
}

func townshipMeeting(title string, cases ...meeting.ID) meeting.Meeting {
	m := meeting.Meeting{
		Title: title, Date: meeting.Date{Year: 2026, Month: 10, Day: 12},
		Start: 9 * 60, End: 11 * 60, Venue: "梅城镇便民服务中心会议室",
		Host: meeting.Host{Name: "王明", Position: "副镇长"}, Organizer: "梅城镇人民政府", Recorder: "李静",
		Attendance: []meeting.Attendance{
			{Department: "梅城镇人民政府", Sections: []string{"便民服务中心"}, Person: "王明", Status: meeting.Present},
			{Department: "自然资源和规划局", Sections: []string{"不动产登记科"}, Person: "张华", Status: meeting.Present},
			{Department: "税务局", Person: "赵丽", Status: meeting.Excused},
		},
	}
	for i, id := range cases {
		m.Agenda = append(m.Agenda, meeting.AgendaItem{
			CaseID: id, Summary: "办理不动产权证", Discussion: "与会部门认为符合条件。",
			Judgment: meeting.JudgmentShould, JudgmentReason: "符合规定。",
			Decisions: []meeting.Decision{{Text: "以本纪要为依据线下办理登记。", Lead: "自然资源和规划局",
				Cooperating: []string{"梅城镇人民政府"}, Due: meeting.Date{Year: 2026, Month: 10, Day: 30 - i}}},
		})
	}
	return m
}

// township fills an office the way a township service centre would: two cases
// discussed at a meeting that was finalized (PDF archived), signed (scan attached)
// and followed up, a third case discussed at a draft meeting, and a fourth case on
// no meeting. It returns the IDs of the cases.
func township(t testing.TB, o *office) []meeting.ID {
	t.Helper()
	var ids []meeting.ID
	for _, c := range []meeting.Case{enterpriseCase("已建厂房分期办理不动产权证"), personCase(), enterpriseCase("二期厂房规划许可"), enterpriseCase("消防验收")} {
		if err := o.st.SaveCase(&c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	m := townshipMeeting("关于两件不动产权证诉求的协调会", ids[0], ids[1])
	if err := o.st.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Finalize(o.st, o.dir, m.ID, testTime); err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(t.TempDir(), "signed.png")
	if err := os.WriteFile(scan, append([]byte("\x89PNG\r\n\x1a\n"), "signed by every department"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := archive.AttachScan(o.st, o.dir, m.ID, scan, testTime.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	items, err := o.st.FollowUps(meeting.FollowUpFilter{Meeting: m.ID})
	if err != nil || len(items) != 2 {
		t.Fatalf("follow-ups %v %v", items, err)
	}
	if _, err := o.st.AddProgress(items[0].ID, meeting.ProgressEntry{On: meeting.Date{Year: 2026, Month: 10, Day: 14}, Reporter: "张华", Text: "已受理登记申请。"}); err != nil {
		t.Fatal(err)
	}
	d := townshipMeeting("二期厂房协调会（草稿）", ids[2])
	if err := o.st.SaveMeeting(&d); err != nil {
		t.Fatal(err)
	}
	return ids
}

// exportAll writes a package of everything in o and returns its path.
func exportAll(t testing.TB, o *office, name string) string {
	t.Helper()
	set, err := o.st.TransferOut(store.TransferSelection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name)
	if _, err := transfer.WriteFile(file, transfer.Contents{From: "梅城镇便民服务中心", Created: time.Now(), Records: set.Records, Files: set.Files}, o.dir); err != nil {
		t.Fatal(err)
	}
	return file
}

func importFile(o *office, file string) (store.TransferReport, error) {
	rep, _, err := transfer.Import(file, o.dir, o.st.TransferIn)
	return rep, err
}

func manifestOf(t testing.TB, file string) transfer.Manifest {
	t.Helper()
	p, err := transfer.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	return p.Manifest
}

func TestExportImportExportGivesTheSameContent(t *testing.T) {
	a := openOffice(t)
	township(t, a)
	first := exportAll(t, a, "a.bstx")
	man := manifestOf(t, first)
	if man.Format != transfer.Format || man.From != "梅城镇便民服务中心" || man.Counts != (transfer.Counts{Cases: 4, Meetings: 2, Files: 2}) {
		t.Fatalf("manifest %+v", man)
	}

	b := openOffice(t)
	rep, err := importFile(b, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 6 || len(rep.Unchanged) != 0 || len(rep.Conflicts) != 0 || rep.Files != 2 {
		t.Fatalf("first import: %+v", rep)
	}
	if !reflect.DeepEqual(rep.Departments, []string{"梅城镇人民政府"}) {
		t.Errorf("departments added %v, want only the township's own", rep.Departments)
	}

	second := exportAll(t, b, "b.bstx")
	if got := manifestOf(t, second); !reflect.DeepEqual(got.Entries, man.Entries) || got.Counts != man.Counts {
		t.Errorf("export after import differs:\n%+v\nwant\n%+v", got.Entries, man.Entries)
	}

	again, err := importFile(b, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Added) != 0 || len(again.Unchanged) != 6 || len(again.Conflicts) != 0 || again.Files != 0 || len(again.Departments) != 0 {
		t.Errorf("second import: %+v", again)
	}
	cases, _ := b.st.Cases(meeting.CaseFilter{})
	meetings, _ := b.st.Meetings(meeting.MeetingFilter{})
	if len(cases) != 4 || len(meetings) != 2 {
		t.Errorf("after two imports: %d cases, %d meetings; want 4 and 2", len(cases), len(meetings))
	}
}

func TestImportedMinutesKeepTheirFingerprintAndFiles(t *testing.T) {
	a := openOffice(t)
	township(t, a)
	src, _ := a.st.Meetings(meeting.MeetingFilter{State: meeting.StateSigned})
	if len(src) != 1 {
		t.Fatalf("signed meetings %v", src)
	}
	b := openOffice(t)
	if _, err := importFile(b, exportAll(t, a, "a.bstx")); err != nil {
		t.Fatal(err)
	}
	got, _ := b.st.Meetings(meeting.MeetingFilter{State: meeting.StateSigned})
	if len(got) != 1 {
		t.Fatalf("signed meetings after import %v", got)
	}
	m := got[0]
	want := src[0]
	if m.UID != want.UID || m.Number != want.Number || !reflect.DeepEqual(m.Revisions, want.Revisions) {
		t.Errorf("imported minutes %+v\nwant %+v", m.Revisions, want.Revisions)
	}
	// The archived PDF and scan arrived and are recognised (backstop verify FILE).
	pdf := archive.Path(b.dir, m.Revisions[0].PDFPath)
	match, err := archive.VerifyFile(b.st, b.dir, pdf)
	if err != nil || !match.Found() || match.Meeting != m.ID {
		t.Errorf("verify %s: %+v %v", pdf, match, err)
	}
	scan := archive.Path(b.dir, m.Revisions[0].Scans[0].Path)
	if match, err := archive.VerifyFile(b.st, b.dir, scan); err != nil || !match.Found() {
		t.Errorf("verify %s: %+v %v", scan, match, err)
	}
	// The minutes read the same: fingerprint recomputed from the imported snapshot.
	snap, err := b.st.RevisionMinutes(m.ID, 1)
	if err != nil || snap.Fingerprint() != want.Revisions[0].Fingerprint {
		t.Errorf("imported snapshot fingerprint %s, want %s (%v)", snap.Fingerprint(), want.Revisions[0].Fingerprint, err)
	}
	// Follow-up items came with their progress, tied to the imported cases.
	items, err := b.st.FollowUps(meeting.FollowUpFilter{Meeting: m.ID})
	if err != nil || len(items) != 2 || len(items[0].Progress) != 1 || items[0].Status != meeting.FollowUpInProgress {
		t.Fatalf("imported follow-ups %+v %v", items, err)
	}
	if c, err := b.st.Case(items[0].CaseID); err != nil || c.Title != "已建厂房分期办理不动产权证" {
		t.Errorf("follow-up case %+v %v", c, err)
	}
	audit, err := b.st.Audit(m.ID)
	if err != nil || len(audit) != 1 || !strings.Contains(audit[0].Detail, "来自梅城镇便民服务中心") {
		t.Errorf("audit %+v %v", audit, err)
	}
}

func TestConflictIsReportedAndLocalRecordKept(t *testing.T) {
	a := openOffice(t)
	ids := township(t, a)
	file := exportAll(t, a, "a.bstx")
	b := openOffice(t)
	if _, err := importFile(b, file); err != nil {
		t.Fatal(err)
	}
	// The township edits the case afterwards and sends it again.
	c, _ := a.st.Case(ids[3])
	c.Request = "补充：消防验收意见书已遗失。"
	c.Applicant.Phone = "13900000000"
	if err := a.st.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	var local meeting.Case
	bcases, _ := b.st.Cases(meeting.CaseFilter{})
	for _, bc := range bcases {
		if bc.UID == c.UID {
			local = bc
		}
	}
	rep, err := importFile(b, exportAll(t, a, "a2.bstx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 0 || len(rep.Conflicts) != 1 || len(rep.Unchanged) != 5 {
		t.Fatalf("report %+v", rep)
	}
	conflict := rep.Conflicts[0]
	if conflict.UID != c.UID || conflict.ID != local.ID || !reflect.DeepEqual(conflict.Fields, []string{"申请人", "诉求内容"}) {
		t.Errorf("conflict %+v", conflict)
	}
	if msg := conflict.String(); !strings.Contains(msg, "消防验收") || !strings.Contains(msg, "未覆盖本机记录") {
		t.Errorf("conflict message %q", msg)
	}
	after, _ := b.st.Case(local.ID)
	if !reflect.DeepEqual(after, local) {
		t.Errorf("local case changed by a conflicting import:\n%+v\nwant\n%+v", after, local)
	}
}

// rewrite copies the package at src to a new file, letting change alter each entry's
// bytes (the manifest included).
func rewrite(t *testing.T, src string, change func(name string, data []byte) []byte, extra ...string) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		w.Write(change(f.Name, data))
	}
	for _, name := range extra {
		w, _ := zw.Create(name)
		w.Write([]byte("{}"))
	}
	zw.Close()
	out := filepath.Join(t.TempDir(), "tampered.bstx")
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTamperedPackageIsRefusedAndNothingWritten(t *testing.T) {
	a := openOffice(t)
	township(t, a)
	file := exportAll(t, a, "a.bstx")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(t.TempDir(), "truncated.bstx")
	os.WriteFile(truncated, raw[:len(raw)*2/3], 0o600)

	for _, tt := range []struct {
		name, file, want string
	}{
		{"changed record", rewrite(t, file, func(name string, data []byte) []byte {
			if strings.HasPrefix(name, "cases/") {
				return bytes.Replace(data, []byte("不动产权证"), []byte("不动产权证书"), 1)
			}
			return data
		}), "与清单记录的"},
		{"changed PDF", rewrite(t, file, func(name string, data []byte) []byte {
			if strings.HasSuffix(name, ".pdf") {
				data = bytes.Clone(data)
				data[len(data)/2] ^= 1
			}
			return data
		}), ".pdf」与清单记录的 SHA-256 不符"},
		{"untouched copy", rewrite(t, file, func(_ string, data []byte) []byte { return data }), ""},
		{"extra entry", rewrite(t, file, func(_ string, data []byte) []byte { return data }, "cases/0000.json"), "清单未列出的条目「cases/0000.json」"},
		{"truncated", truncated, "不是完整的转办包"},
		{"not a package", rewrite(t, file, func(name string, data []byte) []byte {
			if name == transfer.ManifestName {
				return []byte(`{"format":"something-else/1"}`)
			}
			return data
		}), "something-else/1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := openOffice(t)
			_, err := importFile(b, tt.file)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("an untouched copy was refused: %v", err)
				}
				return
			}
			if err == nil || meeting.ErrorCode(err) != meeting.CodeCorrupt || !strings.Contains(meeting.ErrorMessage(err), tt.want) {
				t.Fatalf("import: %v; want %s refusal with %q", err, meeting.CodeCorrupt, tt.want)
			}
			if !strings.Contains(meeting.ErrorMessage(err), "未导入任何内容") {
				t.Errorf("message %q does not say nothing was imported", meeting.ErrorMessage(err))
			}
			cases, _ := b.st.Cases(meeting.CaseFilter{})
			meetings, _ := b.st.Meetings(meeting.MeetingFilter{})
			if len(cases)+len(meetings) != 0 {
				t.Errorf("refused import stored %d cases and %d meetings", len(cases), len(meetings))
			}
			if _, err := os.Stat(archive.Dir(b.dir)); err == nil {
				t.Errorf("refused import created the archive folder")
			}
		})
	}
}

func TestRewrittenMinutesWithMatchingHashesAreRefused(t *testing.T) {
	// Someone edits a finalized decision and recomputes the manifest: the package is
	// whole, but the revision's fingerprint no longer verifies.
	a := openOffice(t)
	township(t, a)
	set, err := a.st.TransferOut(store.TransferSelection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range set.Records {
		if strings.HasPrefix(name, store.TransferMeetingsDir) {
			set.Records[name] = bytes.ReplaceAll(data, []byte("以本纪要为依据线下办理登记。"), []byte("不予办理。"))
		}
	}
	file := filepath.Join(t.TempDir(), "forged.bstx")
	if _, err := transfer.WriteFile(file, transfer.Contents{Created: testTime, Records: set.Records, Files: set.Files}, a.dir); err != nil {
		t.Fatal(err)
	}
	b := openOffice(t)
	_, err = importFile(b, file)
	if meeting.ErrorCode(err) != meeting.CodeCorrupt || !strings.Contains(meeting.ErrorMessage(err), "指纹") {
		t.Fatalf("forged minutes: %v", err)
	}
	cases, _ := b.st.Cases(meeting.CaseFilter{})
	if len(cases) != 0 {
		t.Errorf("refused import stored %d cases", len(cases))
	}
	if entries, _ := os.ReadDir(archive.Dir(b.dir)); len(entries) != 0 {
		t.Errorf("refused import left files in the archive: %v", entries)
	}
}

func TestSelectedCaseTravelsWithItsMeetings(t *testing.T) {
	a := openOffice(t)
	ids := township(t, a)
	set, err := a.st.TransferOut(store.TransferSelection{Cases: []meeting.ID{ids[1]}})
	if err != nil {
		t.Fatal(err)
	}
	// The person's case was discussed with the first case at the finalized meeting:
	// both cases go, the meeting goes, the draft meeting and the other cases do not.
	if set.Cases != 2 || set.Meetings != 1 || len(set.Files) != 2 {
		t.Fatalf("selection of one case: %d cases, %d meetings, %d files", set.Cases, set.Meetings, len(set.Files))
	}
	alone, err := a.st.TransferOut(store.TransferSelection{Cases: []meeting.ID{ids[3]}})
	if err != nil || alone.Cases != 1 || alone.Meetings != 0 || len(alone.Files) != 0 {
		t.Fatalf("a case on no meeting: %+v %v", alone, err)
	}
	c, _ := a.st.Case(ids[3])
	byUID, err := a.st.TransferOut(store.TransferSelection{CaseUIDs: []string{c.UID}})
	if err != nil || !reflect.DeepEqual(byUID.Records, alone.Records) {
		t.Errorf("selection by UID differs from selection by ID: %v", err)
	}
	if _, err := a.st.TransferOut(store.TransferSelection{Cases: []meeting.ID{999}}); meeting.ErrorCode(err) != meeting.CodeNotFound {
		t.Errorf("unknown case: %v", err)
	}
}

func TestArchivePlaceTakenByAnotherFile(t *testing.T) {
	// The city finalized its own minutes with the same number and title: the
	// township's PDF must not replace the city's.
	a := openOffice(t)
	township(t, a)
	file := exportAll(t, a, "a.bstx")

	b := openOffice(t)
	c := personCase()
	if err := b.st.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	m := townshipMeeting("关于两件不动产权证诉求的协调会", c.ID)
	m.Venue = "市政务服务中心三楼协调室"
	if err := b.st.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	own, err := archive.Finalize(b.st, b.dir, m.ID, testTime)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importFile(b, file)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 2 || len(rep.Added) != 6 {
		t.Fatalf("report %+v", rep)
	}
	signed, _ := b.st.Meetings(meeting.MeetingFilter{State: meeting.StateSigned})
	got := signed[0].Revisions[0].PDFPath
	if got == own.Meeting.Revisions[0].PDFPath || !strings.HasPrefix(got, "2026/1-") {
		t.Errorf("imported PDF at %s, own PDF at %s", got, own.Meeting.Revisions[0].PDFPath)
	}
}
