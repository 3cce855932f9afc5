package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// press runs the main-menu command bound to Ctrl+key, as the window does when the
// key is pressed.
func (h *harness) press(key fyne.KeyName) {
	h.t.Helper()
	for _, m := range h.u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && strings.HasSuffix(it.Shortcut.ShortcutName(), "+"+string(key)) {
				it.Action()
				return
			}
		}
	}
	h.t.Fatalf("no shortcut for %s", key)
}

func TestLockedMeetingIsReadOnly(t *testing.T) {
	h := newHarness(t)
	id := h.finalizedExample()
	h.u.openMeeting(id)
	ed := h.u.editor
	if !ed.readOnly {
		t.Fatal("a finalized meeting opened editable")
	}
	h.assertMarkup(t, "editor_locked.xml")
	test.Type(ed.basic.title, "改动")
	if ed.basic.title.Text != exampleMeeting(0, 0).Title {
		t.Errorf("a locked title took typing: %q", ed.basic.title.Text)
	}
	test.Tap(ed.stepButtons[stepAttendance])
	if !ed.attendance.picker.entry.Disabled() || !ed.attendance.rows[0].person.Disabled() {
		t.Error("check-in of a locked meeting is editable")
	}
	tapChoice(t, ed.attendance.rows[0].status, "缺席")
	if ed.m.Attendance[0].Status != meeting.Present {
		t.Error("a locked attendance status changed")
	}
	h.drain(600 * 1e6)
	if m := h.stored(id); m.State != meeting.StateFinalized || m.Attendance[0].Status != meeting.Present {
		t.Errorf("locked meeting changed in the store: %s %s", m.State, m.Attendance[0].Status)
	}
}

func TestClosingTheWindowSavesPendingEdits(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.typeInto(h.u.editor.basic.venue, "二楼")
	h.u.win.Resize(fyne.NewSize(1111, 777))
	h.u.onClose() // the close intercept, at once: no time for the autosave timer
	if v := h.stored(id).Venue; v != "二楼市民之家三楼协调室" {
		t.Errorf("closing lost the edit: venue %q", v)
	}
	p := h.app.Preferences()
	if w, hh := p.Float(prefWindowWidth), p.Float(prefWindowHeight); w < 1000 || hh < 700 {
		t.Errorf("window size not remembered: %vx%v", w, hh)
	}
}

func TestShortcuts(t *testing.T) {
	h := newHarness(t)
	h.press(fyne.KeyN)
	if h.u.editor == nil {
		t.Fatal("Ctrl+N opened no meeting")
	}
	ms, _ := h.st.Meetings(meeting.MeetingFilter{})
	if len(ms) != 1 || ms[0].State != meeting.StateDraft {
		t.Fatalf("Ctrl+N stored %d meetings", len(ms))
	}
	h.press(fyne.KeyP)
	if h.u.editor.current != stepPreview {
		t.Error("Ctrl+P did not show the preview")
	}
	h.press(fyne.KeyF)
	if h.u.editor != nil || h.u.win.Canvas().Focused() != h.u.meetings.search {
		t.Error("Ctrl+F did not return to the list with the cursor in the search box")
	}
	h.u.tabs.SelectIndex(1)
	h.press(fyne.KeyF)
	if h.u.win.Canvas().Focused() != h.u.cases.search {
		t.Error("Ctrl+F on the cases screen did not focus its search box")
	}
}

func TestProjectorModeEnlargesText(t *testing.T) {
	h := newHarness(t)
	normal := h.app.Settings().Theme().Size(theme.SizeNameText)
	test.Tap(h.u.projector)
	big := h.app.Settings().Theme().Size(theme.SizeNameText)
	if big < normal*1.3 {
		t.Errorf("projector mode text %v, normal %v", big, normal)
	}
	if !h.app.Preferences().Bool(prefProjector) {
		t.Error("projector mode not remembered")
	}
}

func TestMeetingListFiltersAndSearch(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	other := meeting.Meeting{Title: "关于老旧小区加装电梯的协调会", Date: meeting.Date{Year: 2025, Month: 6, Day: 3}}
	if err := h.st.SaveMeeting(&other); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.Finalize(id, testNow); err != nil {
		t.Fatal(err)
	}
	s := h.u.meetings
	s.reload()
	if len(s.rows) != 2 {
		t.Fatalf("%d meetings listed, want 2", len(s.rows))
	}
	h.typeInto(s.search, "恒丰")
	if len(s.rows) != 1 || s.rows[0].ID != id {
		t.Errorf("search 恒丰 (an applicant) found %d meetings", len(s.rows))
	}
	s.search.SetText("")
	s.state.SetSelected("已定稿")
	if len(s.rows) != 1 || s.rows[0].ID != id {
		t.Errorf("state filter found %d meetings", len(s.rows))
	}
	s.state.SetSelectedIndex(0)
	s.year.SetSelected("2025")
	if len(s.rows) != 1 || s.rows[0].ID != other.ID {
		t.Errorf("year filter found %d meetings", len(s.rows))
	}
}

// TestTabOrderFollowsTheForm checks that Tab walks step 1 top to bottom.
func TestTabOrderFollowsTheForm(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	b := h.u.editor.basic
	want := []fyne.Focusable{b.title, b.date.entry, b.start.entry, b.end.entry, b.venue, b.hostName, b.hostPosition, b.organizer, b.recorder, b.copyTo}
	c := h.u.win.Canvas()
	c.Focus(b.title)
	next := 1
	for i := 0; i < 20 && next < len(want); i++ {
		c.FocusNext()
		f := c.Focused()
		if f == want[next] {
			next++
			continue
		}
		if _, isButton := f.(*widget.Button); !isButton {
			t.Fatalf("Tab went to %T after %d fields, want field %d", f, next, next)
		}
	}
	if next != len(want) {
		t.Errorf("Tab reached %d of %d fields in order", next, len(want))
	}
}

// TestAmendReopensAsNextRevision finalizes, then starts a revision with its reason.
func TestAmendReopensAsNextRevision(t *testing.T) {
	h := newHarness(t)
	id := h.finalizedExample()
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	test.Tap(p.amend)
	dlg := h.overlayTop()
	var reason *widget.Entry
	walk(dlg, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok && reason == nil {
			reason = e
		}
		return true
	})
	h.typeInto(reason, "更正议定事项的办理时限。")
	tapButton(t, dlg, "确定")
	m := h.stored(id)
	if m.State != meeting.StateDraft || m.AmendReason != "更正议定事项的办理时限。" || m.Revision() != 2 {
		t.Errorf("after 发起修订: state %s, reason %q, revision %d", m.State, m.AmendReason, m.Revision())
	}
	if h.u.editor.readOnly {
		t.Error("the revision draft opened read-only")
	}
}

// TestStoreErrorShowsItsChineseMessage makes the store fail under an edit: the person
// sees meeting.ErrorMessage in a dialog, and the field keeps what was typed.
func TestStoreErrorShowsItsChineseMessage(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	if err := h.st.Close(); err != nil {
		t.Fatal(err)
	}
	h.typeInto(h.u.editor.basic.venue, "二楼")
	h.autosaved()
	dlg := h.overlayTop()
	var shown string
	walk(dlg, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok {
			shown += l.Text
		}
		return true
	})
	cp := h.u.editor.m
	want := meeting.ErrorMessage(h.st.SaveMeeting(&cp))
	if want == "" || !strings.Contains(shown, want) {
		t.Errorf("dialog shows %q, want %q", shown, want)
	}
	if h.u.editor.status.Text != "保存失败：修改仍在窗口中，下次修改时再保存" || !strings.HasPrefix(h.u.editor.basic.venue.Text, "二楼") {
		t.Errorf("status %q, venue %q", h.u.editor.status.Text, h.u.editor.basic.venue.Text)
	}
}
