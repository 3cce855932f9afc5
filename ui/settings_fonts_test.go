package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"backstop/export"
	"backstop/export/fonttest"
)

// wenKai is LXGW WenKai Regular, a freely licensed TrueType (glyf) font that stands in
// for an official font in the tests.
const wenKai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

func needWenKai(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(wenKai); err != nil {
		t.Skipf("%s is absent: install Debian fonts-lxgw-wenkai (make test does)", wenKai)
	}
}

// noWindowsFonts hides the machine's font folders (and under Wine its Windows ones)
// from the test, so that only the files it picks or puts in the data folder count.
func noWindowsFonts(t *testing.T) {
	t.Setenv(export.FontDirsEnv, "")
	export.ForgetFonts()
	t.Cleanup(export.ForgetFonts)
	t.Setenv("WINDIR", "")
	t.Setenv("SystemRoot", "")
	t.Setenv("LOCALAPPDATA", "")
}

// fontsHarness is a harness whose preview follows the font setting, as ui.New makes it
// once the setting is wired in; the embedded fonts come back at cleanup.
func fontsHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.u.initFonts()
	t.Cleanup(func() { fontsDataDir.Store(nil) })
	return h
}

// TestFontSettings drives 设置 › 公文字体: picking WenKai as the body font saves the
// setting in the data directory, turns the official fonts on, and the preview redraws
// in WenKai; a font collection is refused with its reason; 内置字体 brings the embedded
// fonts back.
func TestFontSettings(t *testing.T) {
	needWenKai(t)
	noWindowsFonts(t)
	h := fontsHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	h.waitFor(5*time.Second, "the layout", func() bool { return p.doc != nil && p.list != nil })
	if name := p.doc.Font(export.Body).Name(); name != "NotoSerifSC-Regular" {
		t.Fatalf("the default body font is %s", name)
	}

	s := h.u.showFontSettings()
	dlg := h.overlayTop()
	h.waitFor(5*time.Second, "the checks", func() bool { return strings.Contains(textsUnder(dlg), "未找到") })
	if s.mode.Selected != embeddedChoice() {
		t.Errorf("the default is %q", s.mode.Selected)
	}

	s.onPicked(export.Body, wenKai)
	h.waitFor(5*time.Second, "the check of WenKai", func() bool {
		return strings.Contains(s.rows[export.Body].check.Text, "检查通过")
	})
	saved, err := export.LoadFontSettings(h.dir)
	if err != nil || !saved.Official() || saved.Picked(export.Body) != wenKai {
		t.Fatalf("saved setting %+v, %v", saved, err)
	}
	if s.mode.Selected != officialChoice() {
		t.Errorf("picking a file should turn the official fonts on, mode is %q", s.mode.Selected)
	}
	if got := s.rows[export.Body].file.Text; !strings.Contains(got, "已选择") || !strings.Contains(got, wenKai) {
		t.Errorf("body row: %q", got)
	}
	if got := s.rows[export.Title].file.Text; got != "未找到" {
		t.Errorf("title row: %q", got)
	}
	h.waitFor(5*time.Second, "the preview in WenKai", func() bool {
		return p.doc != nil && p.doc.Font(export.Body).Name() == "LXGWWenKai"
	})
	h.drain(50 * time.Millisecond)
	wenKaiDrawn := 0
	walk(p.list, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*canvas.Text); ok && c.FontSource != nil && strings.HasPrefix(c.FontSource.Name(), "LXGWWenKai") {
			wenKaiDrawn++
		}
		return true
	})
	if wenKaiDrawn == 0 {
		t.Error("the preview does not draw the body in WenKai")
	}
	shot(t, h, "fonts")

	ttc := filepath.Join(t.TempDir(), "simsun.ttc")
	if err := os.WriteFile(ttc, append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	s.onPicked(export.Kai, ttc)
	h.waitFor(5*time.Second, "the refusal", func() bool {
		return strings.Contains(s.rows[export.Kai].check.Text, "字体集合")
	})
	if row := s.rows[export.Kai]; row.check.Importance != widget.DangerImportance || !strings.Contains(row.check.Text, ttc) || !strings.Contains(row.check.Text, "改用正文字体") {
		t.Errorf("kai row: %q (%v)", row.check.Text, row.check.Importance)
	}

	s.mode.SetSelected(embeddedChoice())
	h.waitFor(5*time.Second, "the preview in the embedded fonts", func() bool {
		return p.doc != nil && p.doc.Font(export.Body).Name() == "NotoSerifSC-Regular"
	})
	if saved, _ := export.LoadFontSettings(h.dir); saved.Official() || saved.Picked(export.Body) != wenKai {
		t.Errorf("after 内置字体: %+v; the picked files should be kept for next time", saved)
	}
}

// TestAboutDialog shows 关于: the version, the data directory, the embedded fonts with
// their licence, which opens to its text, and the official fonts in use.
func TestAboutDialog(t *testing.T) {
	needWenKai(t)
	noWindowsFonts(t)
	h := fontsHarness(t)
	s := export.FontSettings{Mode: export.FontsOfficial}
	s.SetPicked(export.Body, wenKai)
	if err := export.SaveFontSettings(h.dir, s); err != nil {
		t.Fatal(err)
	}
	h.u.showAbout()
	dlg := h.overlayTop()
	h.waitFor(5*time.Second, "the font checks", func() bool { return strings.Contains(textsUnder(dlg), "检查通过") })
	text := textsUnder(dlg)
	for _, want := range []string{"兜底协调会 (Backstop)", "Noto Serif SC", "Noto Sans SC", "SIL Open Font License 1.1", "正文（仿宋）：使用霞鹜文楷（" + wenKai, "未找到小标宋字体"} {
		if !strings.Contains(text, want) {
			t.Errorf("the About dialog lacks %q:\n%s", want, text)
		}
	}
	var entries []string
	walk(dlg, func(o fyne.CanvasObject) bool {
		if e, ok := asEntry(o); ok {
			entries = append(entries, e.Text)
		}
		return true
	})
	if strings.Join(entries, "|") != "test|"+h.dir {
		t.Errorf("version and data directory: %q", entries)
	}
	shot(t, h, "about")
	tapButton(t, dlg, "查看许可证")
	shot(t, h, "licence")
	if got := textsUnder(h.overlayTop()); !strings.Contains(got, "SIL OPEN FONT LICENSE Version 1.1") || !strings.Contains(got, "Copyright 2012 Google") {
		t.Errorf("the licence text is not shown:\n%.200s", got)
	}
}

// TestMenuItems checks the items the main menu takes: 公文字体… under 设置 and
// 关于兜底协调会 under 帮助, each opening its dialog.
func TestMenuItems(t *testing.T) {
	noWindowsFonts(t)
	h := fontsHarness(t)
	for _, c := range []struct {
		item  *fyne.MenuItem
		label string
		title string
	}{
		{h.u.settingsMenuItems()[0], "公文字体…", "内置字体（思源宋体、思源黑体，各电脑输出一致）"},
		{h.u.aboutMenuItem(), "关于兜底协调会", "内置字体及其许可证"},
	} {
		if c.item.Label != c.label {
			t.Errorf("menu item %q, want %q", c.item.Label, c.label)
		}
		before := len(h.u.win.Canvas().Overlays().List())
		c.item.Action()
		h.drain(50 * time.Millisecond)
		if len(h.u.win.Canvas().Overlays().List()) <= before {
			t.Fatalf("%s opened no dialog", c.label)
		}
		found := false
		walk(h.overlayTop(), func(o fyne.CanvasObject) bool {
			switch o := o.(type) {
			case *widget.Label:
				found = found || o.Text == c.title
			case *widget.RadioGroup:
				found = found || len(o.Options) > 0 && o.Options[0] == c.title
			}
			return true
		})
		if !found {
			t.Errorf("%s: the dialog lacks %q", c.label, c.title)
		}
	}
}

// TestPreviewNamesFonts: the preview says which face each role is set in. Data from
// before the font choice keeps the embedded fonts and says so; with 自动 and the
// stand-ins of the official faces in the data folder's fonts folder, it names them.
func TestPreviewNamesFonts(t *testing.T) {
	needWenKai(t)
	noWindowsFonts(t)
	h := fontsHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	h.waitFor(5*time.Second, "the layout", func() bool { return p.doc != nil && p.fontText != "" })
	if !strings.Contains(textsUnder(p.warnings), "字体：内置字体") {
		t.Errorf("embedded fonts: %q", textsUnder(p.warnings))
	}

	dir := export.DataFontDir(h.dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	paths, err := fonttest.WriteOfficial(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(paths[1]); err != nil { // no 小标宋
		t.Fatal(err)
	}
	if err := export.SaveFontSettings(h.dir, export.FontSettings{Mode: export.FontsAuto}); err != nil {
		t.Fatal(err)
	}
	export.ForgetFonts()
	p.fontText = ""
	p.render()
	h.waitFor(5*time.Second, "the layout in the official fonts", func() bool { return p.fontText != "" })
	want := "字体：正文（仿宋） 仿宋_GB2312；标题（小标宋） 内置字体（未找到小标宋）；一级标题（黑体） 黑体；二级标题（楷体） 楷体_GB2312"
	if got := textsUnder(p.warnings); !strings.Contains(got, want) {
		t.Errorf("the preview says %q, want %q", got, want)
	}
	if got := p.doc.Font(export.Body).Family(); got != "仿宋_GB2312" {
		t.Errorf("the preview's body font is %s", got)
	}
}
