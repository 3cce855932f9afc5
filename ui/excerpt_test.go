package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"backstop/export"
	"backstop/meeting"
)

// finalizedExample stores the example meeting, finalizes it and returns its minutes.
func finalizedExample(t *testing.T, h *harness) meeting.Minutes {
	t.Helper()
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := h.st.Finalize(id, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return mn
}

// exampleDecisionsOf lists the example's decisions by the department that must see
// them (lead or cooperating), read off fixture_test.go by hand.
var exampleDecisionsOf = map[string][]string{
	"自然资源和规划局": {"以本次会议纪要为依据，通过线下流程办理一期厂房不动产登记。", "公证处对翻建事实进行公证，资规局据此办理登记。"},
	"住房和城乡建设局": {"以本次会议纪要为依据，通过线下流程办理一期厂房不动产登记。", "住建局出具一期厂房分期竣工验收意见。"},
	"公证处":      {"公证处对翻建事实进行公证，资规局据此办理登记。"},
}

func TestWriteExcerptFiles(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian poppler-utils)")
	}
	h := newHarness(t)
	mn := finalizedExample(t, h)
	dir := filepath.Join(t.TempDir(), "分送件")
	batch, err := writeExcerptFiles(dir, &mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, w := range batch.written {
		files = append(files, w.file)
	}
	want := []string{"〔2026〕1号-自然资源和规划局-分送件.pdf", "〔2026〕1号-住房和城乡建设局-分送件.pdf", "〔2026〕1号-公证处-分送件.pdf"}
	if !slices.Equal(files, want) {
		t.Fatalf("wrote %v, want %v", files, want)
	}
	if onDisk, _ := os.ReadDir(dir); len(onDisk) != len(want) {
		t.Errorf("%d files in the folder, want %d", len(onDisk), len(want))
	}
	if skipped := []string{"行政审批服务管理办公室", "经济和信息化局", "消防救援大队", "税务局"}; !slices.Equal(batch.skipped, skipped) {
		t.Errorf("skipped %v, want %v", batch.skipped, skipped)
	}
	fp := mn.Meeting.Revisions[0].Fingerprint
	all := slices.Concat(exampleDecisionsOf["自然资源和规划局"], exampleDecisionsOf["住房和城乡建设局"])
	for _, w := range batch.written {
		text := pdfText(t, filepath.Join(dir, w.file))
		if !strings.Contains(text, "分送："+w.department) || !strings.Contains(text, fp) {
			t.Errorf("%s lacks its department or the fingerprint %s", w.file, fp)
		}
		mine := exampleDecisionsOf[w.department]
		for _, d := range all {
			if has := strings.Contains(text, d); has != slices.Contains(mine, d) {
				t.Errorf("%s shows %q: %v, want %v", w.file, d, has, !has)
			}
		}
	}
	if w := batch.written[0]; w.lead != 1 || w.coop != 1 {
		t.Errorf("自然资源和规划局 leads %d and cooperates on %d, want 1 and 1", w.lead, w.coop)
	}

	// The summary names every file, what was left out, and no draft.
	sum := batch.summary()
	for _, s := range append(want, "生成 3 份分送件", "（牵头 1 项，配合 1 项）", "未生成分送件：行政审批服务管理办公室、经济和信息化局、消防救援大队、税务局") {
		if !strings.Contains(sum, s) {
			t.Errorf("the summary lacks %q:\n%s", s, sum)
		}
	}
	if strings.Contains(sum, "草稿") {
		t.Errorf("the summary of finalized minutes speaks of a draft:\n%s", sum)
	}
}

func TestExcerptFileName(t *testing.T) {
	draft := meeting.Meeting{ID: 5, State: meeting.StateDraft}
	final := meeting.Meeting{ID: 5, State: meeting.StateFinalized, Number: meeting.DocNumber{Year: 2026, Seq: 12}}
	amending := final
	amending.State = meeting.StateDraft
	used := map[string]bool{}
	for _, tt := range []struct {
		m          *meeting.Meeting
		dept, want string
	}{
		{&draft, "公证处", "草稿5-公证处-分送件.pdf"},
		{&final, "自然资源和规划局", "〔2026〕12号-自然资源和规划局-分送件.pdf"},
		{&amending, "公证处", "〔2026〕12号修订稿-公证处-分送件.pdf"},
		{&final, "../税务局:一科", "〔2026〕12号-_税务局_一科-分送件.pdf"},
		{&final, "A/B", "〔2026〕12号-A_B-分送件.pdf"},
		{&final, "A_B", "〔2026〕12号-A_B-分送件-2.pdf"}, // would overwrite A/B's
	} {
		if got := excerptFileName(tt.m, tt.dept, used); got != tt.want {
			t.Errorf("excerptFileName(%s) = %q, want %q", tt.dept, got, tt.want)
		}
	}
}

// TestExcerptButton drives the preview's button: it asks for a folder; writing into
// the folder runs in the background and ends in the summary dialog.
func TestExcerptButton(t *testing.T) {
	h := newHarness(t)
	mn := finalizedExample(t, h)
	h.u.openMeeting(mn.Meeting.ID)
	h.drain(20 * time.Millisecond)
	button := h.u.newExcerptButton(h.u.editor.minutes)
	if button.Text != "各部门分送件" {
		t.Errorf("button reads %q", button.Text)
	}
	test.Tap(button)
	if h.overlayTop() == nil {
		t.Fatal("no folder dialog")
	}
	h.u.win.Canvas().Overlays().Top().Hide()

	dir := t.TempDir()
	h.u.writeExcerptsTo(dir, snapshot(h.u.editor.minutes()))
	h.waitFor(10*time.Second, "the summary", func() bool {
		return strings.Contains(dialogText(h), "份分送件")
	})
	text := dialogText(h)
	if !strings.Contains(text, "生成 3 份分送件") || !strings.Contains(text, "〔2026〕1号-公证处-分送件.pdf") {
		t.Errorf("the summary reads %q", text)
	}
	if files, _ := os.ReadDir(dir); len(files) != 3 {
		t.Errorf("%d files written, want 3", len(files))
	}
	shot(t, h, "excerpts")
}

// TestExcerptsWithoutDecisions: a meeting without decisions gets no folder dialog,
// only the reason; a draft's summary says the excerpts are drafts.
func TestExcerptsWithoutDecisions(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := h.st.Minutes(id)
	if err != nil {
		t.Fatal(err)
	}
	bare := snapshot(mn)
	for i := range bare.Meeting.Agenda {
		bare.Meeting.Agenda[i].Decisions = nil
	}
	h.u.writeExcerpts(bare)
	if text := dialogText(h); !strings.Contains(text, "没有议定事项") {
		t.Errorf("the dialog reads %q", text)
	}
	batch, err := writeExcerptFiles(t.TempDir(), &mn, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(batch.written) != 3 || !strings.HasPrefix(batch.written[0].file, "草稿") || !strings.Contains(batch.summary(), "尚未定稿") {
		t.Errorf("a draft's excerpts: %+v\n%s", batch, batch.summary())
	}
}

// dialogText joins the labels of the topmost dialog.
func dialogText(h *harness) string {
	top := h.u.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return textsUnder(top)
}
