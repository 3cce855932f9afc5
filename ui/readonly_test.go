package ui

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backstop/meeting"
	"backstop/meeting/store"
	"backstop/meeting/store/storetest"
)

// The app on a data folder behind a read-only mount: it opens, says so in a banner,
// shows the meetings, and offers no editing.
func TestReadOnlyFolderOpensForViewing(t *testing.T) {
	dir := t.TempDir()
	func() {
		st, err := store.Open(dir, store.WithClock(func() time.Time { return testNow }))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := seedExample(st); err != nil {
			t.Fatal(err)
		}
	}()
	ro := storetest.ReadOnlyView(t, dir)
	st, err := store.Open(ro, store.ReadOnlyFallback())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if !st.ReadOnly() {
		t.Fatal("the store of a read-only mount opened for writing")
	}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, languageChinese)
	u := New(a, st, Options{DataDir: ro, Version: "test", ReadOnly: st.ReadOnly()})
	// UI work from background goroutines runs on this goroutine, as in the harness,
	// and the machine's printers stay out of it.
	h := &harness{t: t, app: a, st: st, queue: make(chan func(), 256), dir: ro, u: u}
	u.do = func(f func()) { h.queue <- f }
	u.printers = noPrinters{}
	u.now = func() time.Time { return testNow }
	u.win.Resize(fyne.NewSize(1280, 860))
	u.win.Show()

	if want := "数据文件夹只读，只能查看（" + ro + "）"; !strings.Contains(textsUnder(u.win.Content()), want) {
		t.Errorf("no banner %q in\n%s", want, textsUnder(u.win.Content()))
	}
	if b := findButton(u.meetings.content, "新建会议（Ctrl+N）"); b == nil || !b.Disabled() {
		t.Error("新建会议 is offered on a read-only folder")
	}
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if (it.Label == "新建会议" || it.Label == "导入转办包…") && !it.Disabled {
				t.Errorf("menu item %s is enabled on a read-only folder", it.Label)
			}
		}
	}
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings: %v %d", err, len(ms))
	}
	u.openMeeting(ms[0].ID)
	ed := u.editor
	if ed == nil || !ed.readOnly || !ed.basic.title.Disabled() {
		t.Fatal("a draft on a read-only folder opened editable")
	}
	test.Type(ed.basic.title, "改动")
	if ed.m.Title != ms[0].Title {
		t.Errorf("the title took typing: %q", ed.m.Title)
	}
	ed.showStep(stepPreview)
	if ed.preview.finalize.Visible() || ed.preview.amend.Visible() {
		t.Error("定稿 or 发起修订 is offered on a read-only folder")
	}
	if strings.HasPrefix(u.pdfDir(), ro) {
		t.Errorf("PDFs for viewing would go into the read-only folder: %s", u.pdfDir())
	}
	u.cases.reload()
	cs, _ := st.Cases(meeting.CaseFilter{})
	u.cases.show(cs[0])
	if !u.cases.form.title.Disabled() || !u.cases.form.name.Disabled() {
		t.Error("a case on a read-only folder is editable")
	}
	// The department directory, the holiday calendar and the font settings offer no
	// change either.
	for _, tab := range u.tabs.Items {
		if tab.Text == "部门" {
			u.tabs.Select(tab)
		}
	}
	if b := findButton(u.win.Content(), "新增单位"); b == nil || !b.Disabled() {
		t.Error("新增单位 is offered on a read-only folder")
	}
	u.directory.reload()
	u.directory.show(u.directory.all[0])
	if !u.directory.name.Disabled() || !u.directory.active.Disabled() || u.directory.state.Text != "数据文件夹只读，只能查看" {
		t.Errorf("a department on a read-only folder is editable (state %q)", u.directory.state.Text)
	}
	u.showCalendarDialog()
	if b := findButton(u.win.Canvas().Overlays().Top(), "保存"); b == nil || !b.Disabled() {
		t.Error("the holiday calendar can be saved on a read-only folder")
	}
	u.win.Canvas().Overlays().Top().Hide()
	if fs := u.showFontSettings(); !fs.mode.Disabled() {
		t.Error("the font choice can be changed on a read-only folder")
	}
	h.drain(50 * time.Millisecond)
}

// failingStore is the real store with its meeting writes refused on demand, as a disk
// that turned read-only underneath the open window refuses them.
type failingStore struct {
	*store.Store
	refuse bool
}

func (f *failingStore) SaveMeeting(m *meeting.Meeting) error {
	if f.refuse {
		return meeting.Errorf(meeting.CodeReadOnly, "数据文件夹只读，不能修改数据（测试）。", nil)
	}
	return f.Store.SaveMeeting(m)
}

// A save the store refuses keeps the edit: in the field, in the working copy, pending
// for the next save; leaving the meeting asks first; and once the store takes writes
// again, the edit is stored.
func TestRefusedSaveKeepsTheEdit(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	fs := &failingStore{Store: h.st, refuse: true}
	h.u.store = fs
	h.u.openMeeting(id)
	ed := h.u.editor
	h.typeInto(ed.basic.title, "（第二次）")
	h.autosaved()
	want := "（第二次）" + exampleMeeting(0, 0).Title
	if ed.basic.title.Text != want || ed.m.Title != want {
		t.Fatalf("after a refused save the field holds %q, the copy %q; want %q", ed.basic.title.Text, ed.m.Title, want)
	}
	if !strings.Contains(textsUnder(h.overlayTop()), "数据文件夹只读，不能修改数据（测试）。") {
		t.Errorf("the refusal is not shown: %s", textsUnder(h.overlayTop()))
	}
	if !strings.Contains(ed.status.Text, "修改仍在窗口中") {
		t.Errorf("status %q", ed.status.Text)
	}
	h.u.win.Canvas().Overlays().Top().Hide()
	h.u.win.Canvas().Overlays().Remove(h.u.win.Canvas().Overlays().Top())

	h.u.closeEditor()
	if h.u.editor != ed {
		t.Fatal("leaving the meeting dropped an edit the store refused, without asking")
	}
	if !strings.Contains(textsUnder(h.overlayTop()), "仍要放弃这些修改吗？") {
		t.Errorf("no question before dropping the edit: %s", textsUnder(h.overlayTop()))
	}
	tapButton(t, h.overlayTop(), "留下")
	if h.u.editor != ed {
		t.Fatal("the editor closed after answering to stay")
	}

	fs.refuse = false
	h.u.closeEditor() // flushes the pending edit, now taken
	if h.u.editor != nil {
		t.Fatal("the editor stayed open once the edit was stored")
	}
	if got := h.stored(id).Title; got != want {
		t.Errorf("stored title %q, want %q", got, want)
	}
}

// A meeting record overwritten in place: the app opens, names the damaged meeting
// above every screen with the backup that holds it, and the other meeting opens.
func TestDamagedRecordIsNamedAtStart(t *testing.T) {
	dir := t.TempDir()
	var ids []meeting.ID
	func() {
		st, err := store.Open(dir, store.WithClock(func() time.Time { return testNow }))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for range 2 {
			id, err := seedExample(st)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := st.BackupTo(filepath.Join(dir, store.BackupDirName, "backstop-manual.db")); err != nil {
			t.Fatal(err)
		}
	}()
	path := filepath.Join(dir, store.FileName)
	var value []byte
	func() {
		db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		_ = db.View(func(tx *bbolt.Tx) error {
			value = bytes.Clone(tx.Bucket([]byte("meetings")).Get(binary.BigEndian.AppendUint64(nil, uint64(ids[1]))))
			return nil
		})
	}()
	data, _ := os.ReadFile(path)
	data = bytes.ReplaceAll(data, value, append([]byte("<"), value[1:]...))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatalf("a store with one damaged record does not open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, languageChinese)
	u := New(a, st, Options{DataDir: dir, Version: "test"})
	u.win.Resize(fyne.NewSize(1280, 860))
	u.win.Show()
	shown := textsUnder(u.win.Content())
	want := fmt.Sprintf("会议（编号 %d）无法读取，可能已被改写。最近一份完好保存它的备份是 %s。", ids[1], filepath.Join(dir, store.BackupDirName, "backstop-manual.db"))
	if !strings.Contains(shown, "数据文件中有损坏的记录；其余内容可以照常查看和修改。") || !strings.Contains(shown, want) {
		t.Errorf("the window does not name the damaged meeting:\n%s", shown)
	}
	// The meeting list shows the intact meeting and names the damaged one; the
	// editor of the intact meeting opens.
	if got := u.meetings.rows; len(got) != 1 || got[0].ID != ids[0] {
		t.Errorf("the meeting list holds %d meetings, want only meeting %d", len(got), ids[0])
	}
	if want := fmt.Sprintf("共 1 个会议；以下会议的记录已损坏，未列出：编号 %d", ids[1]); u.meetings.count.Text != want {
		t.Errorf("the list's count says %q, want %q", u.meetings.count.Text, want)
	}
	u.openMeeting(ids[0])
	if u.editor == nil || u.editor.m.ID != ids[0] {
		t.Error("the intact meeting does not open")
	}
}
