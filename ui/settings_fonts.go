package ui

import (
	"slices"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/export"
	"backstop/meeting"
)

// The 公文字体 setting lives in the data directory (export.FontSettingsFile), not in
// Fyne's preferences, so that the command line, which also writes archived PDFs, sets
// the minutes in the same fonts as the window.

// fontsDataDir is the data directory whose font setting the preview and the PDFs
// written for viewing and printing follow; empty, they use the embedded fonts. There
// is one window per process; initFonts sets it.
var fontsDataDir atomic.Pointer[string]

// initFonts makes the preview and the PDFs follow the font setting of the data
// directory. Call it once from New.
func (u *UI) initFonts() {
	dir := u.opts.DataDir
	fontsDataDir.Store(&dir)
}

// currentFonts returns the fonts of the setting. It reads the small setting file each
// time; the fonts folders are searched once (again when the settings dialog opens) and
// a font file is parsed only when it changed, so a change in the settings dialog
// applies to the next layout. It runs off the UI goroutine.
func currentFonts() *export.FontSet {
	dir := fontsDataDir.Load()
	if dir == nil || *dir == "" {
		return nil
	}
	set, _, _ := export.FontsFor(*dir)
	return set
}

// currentFontChecks returns what the setting found for each role, for the preview;
// none for the embedded fonts.
func currentFontChecks() []export.FontCheck {
	dir := fontsDataDir.Load()
	if dir == nil || *dir == "" {
		return nil
	}
	_, checks, _ := export.FontsFor(*dir)
	return checks
}

// fontSummary says in one line which face each role of the minutes uses, why a role
// fell back to the embedded font, and which fonts set characters a role's font lacks.
func fontSummary(checks []export.FontCheck, uses []meeting.FontUse) string {
	var parts []string
	if len(checks) == 0 {
		parts = append(parts, lang.L("内置字体（可在“设置 › 公文字体”中选“自动”）"))
	}
	for _, c := range checks {
		parts = append(parts, roleLabel(c.Role)+" "+c.Short())
	}
	var more []string
	for _, u := range uses {
		if u.Fallback && !slices.Contains(more, u.Family) {
			more = append(more, u.Family)
		}
	}
	text := lang.L("字体：") + strings.Join(parts, "；")
	if len(more) > 0 {
		text += lang.L("。个别字改用：") + strings.Join(more, "、")
	}
	return text
}

// settingsMenuItem returns the menu item 公文字体… that opens the font setting.
func (u *UI) settingsMenuItems() []*fyne.MenuItem {
	items := []*fyne.MenuItem{fyne.NewMenuItem(lang.L("公文字体…"), func() { u.showFontSettings() })}
	if u.opts.Database != nil && !u.opts.ReadOnly {
		items = append(items, fyne.NewMenuItem(lang.L("共享数据库…"), func() { u.showDatabaseSettings() }))
	}
	return items
}

// fontSettings is the 设置 › 公文字体 dialog: embedded or official fonts, and for each
// role the file found or picked and the result of its check. Every change is saved to
// the data directory at once and the preview redrawn.
type fontSettings struct {
	u        *UI
	settings export.FontSettings
	mode     *widget.RadioGroup
	rows     map[export.Role]*fontRoleRow
	note     *widget.Label
	list     *fyne.Container // the rows, laid out again when their texts change
	dlg      dialog.Dialog
	checking int // checks under way; results of older ones are dropped
}

// fontRoleRow shows one role: the file used and its check, with the buttons to pick
// another file or go back to the one found in the fonts folder.
type fontRoleRow struct {
	file, check *widget.Label
	pick, reset *widget.Button
}

// Labels of the mode choice.
func embeddedChoice() string {
	return lang.L("内置字体（思源宋体、思源黑体，各电脑输出一致）")
}
func officialChoice() string {
	return lang.L("自动（本机有仿宋、小标宋、黑体、楷体时使用，否则用内置字体）")
}

// roleLabel names a role in the dialog.
func roleLabel(r export.Role) string {
	switch r {
	case export.Body:
		return lang.L("正文（仿宋）")
	case export.Title:
		return lang.L("标题（小标宋）")
	case export.Heading:
		return lang.L("一级标题（黑体）")
	case export.Kai:
		return lang.L("二级标题（楷体）")
	}
	return ""
}

// showFontSettings opens the dialog and returns it, for tests.
func (u *UI) showFontSettings() *fontSettings {
	s := &fontSettings{u: u, rows: map[export.Role]*fontRoleRow{}}
	settings, err := export.LoadFontSettings(u.opts.DataDir)
	s.settings = settings
	export.ForgetFonts() // fonts installed since the last search are found now
	s.dlg = dialog.NewCustom(lang.L("公文字体"), lang.L("关闭"), s.build(), u.win)
	s.dlg.Resize(fyne.NewSize(860, 700))
	s.dlg.Show()
	if err != nil {
		u.showError(err)
	}
	s.recheck()
	return s
}

func (s *fontSettings) build() fyne.CanvasObject {
	intro := widget.NewLabel(lang.L("GB/T 9704 要求正文用仿宋、标题用小标宋、一级标题用黑体、二级标题用楷体。中文 Windows 自带仿宋、黑体、楷体；方正小标宋需另行安装。“自动”按字体文件内的名称（如 仿宋_GB2312、FangSong、方正小标宋简体）在系统字体文件夹和数据文件夹的 fonts 子文件夹中查找，预览、打印和定稿存档的 PDF 都使用找到并检查通过的字体；找不到或无法使用的字体以内置字体代替，个别字缺字时改用其他字体（如花园明朝）排印。"))
	intro.Wrapping = fyne.TextWrapBreak
	s.mode = widget.NewRadioGroup([]string{embeddedChoice(), officialChoice()}, nil)
	s.mode.Required = true
	s.u.writing(s.mode)
	if s.settings.Official() {
		s.mode.Selected = officialChoice()
	} else {
		s.mode.Selected = embeddedChoice()
	}
	s.mode.OnChanged = s.onModeChanged

	s.list = container.NewVBox()
	rows := s.list
	for _, role := range export.Roles {
		row := &fontRoleRow{file: widget.NewLabel(lang.L("正在检查字体……")), check: widget.NewLabel("")}
		row.file.Wrapping = fyne.TextWrapBreak
		row.check.Wrapping = fyne.TextWrapBreak
		row.pick = widget.NewButtonWithIcon(lang.L("选择文件…"), theme.FolderOpenIcon(), func() { s.onPick(role) })
		row.reset = widget.NewButton(lang.L("自动查找"), func() { s.onPicked(role, "") })
		s.u.writing(row.pick)
		s.rows[role] = row
		name := widget.NewLabelWithStyle(roleLabel(role), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		nameColumn := container.NewGridWrap(fyne.NewSize(170, name.MinSize().Height), name)
		buttons := container.NewVBox(container.NewHBox(row.pick, row.reset))
		texts := container.NewVBox(container.New(wrapAt(460), row.file), container.New(wrapAt(460), row.check))
		rows.Add(container.NewBorder(nil, nil, nameColumn, buttons, texts))
		rows.Add(widget.NewSeparator())
	}
	s.note = widget.NewLabel("")
	s.note.Wrapping = fyne.TextWrapBreak
	s.note.Importance = widget.LowImportance
	top := container.NewVBox(intro, s.mode, widget.NewSeparator())
	return container.NewBorder(top, s.note, nil, nil, container.NewVScroll(rows))
}

// onModeChanged saves the choice between the embedded and the official fonts.
func (s *fontSettings) onModeChanged(choice string) {
	mode := export.FontsEmbedded
	if choice == officialChoice() {
		mode = export.FontsAuto
	}
	if mode == s.settings.Mode {
		return
	}
	s.settings.Mode = mode
	s.save()
}

// onPick lets the user choose a font file for role.
func (s *fontSettings) onPick(role export.Role) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(meeting.Errorf(meeting.CodeStorage, "无法打开所选的字体文件。", err))
			return
		}
		if r == nil {
			return
		}
		_ = r.Close()
		s.onPicked(role, r.URI().Path())
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ttf", ".TTF", ".otf", ".OTF", ".ttc", ".TTC"}))
	// Start where Windows keeps its fonts, if this is Windows.
	for _, dir := range export.WindowsFontDirs() {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
			break
		}
	}
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// onPicked records the file picked for role; "" goes back to the file found in the
// fonts folders. Picking a file turns the official fonts on: that is what it is for.
func (s *fontSettings) onPicked(role export.Role, path string) {
	s.settings.SetPicked(role, path)
	if path != "" && !s.settings.Official() {
		s.mode.SetSelected(officialChoice()) // saves, through onModeChanged
		return
	}
	s.save()
}

// save writes the setting, then checks the fonts again and redraws the preview.
func (s *fontSettings) save() {
	if err := export.SaveFontSettings(s.u.opts.DataDir, s.settings); err != nil {
		s.u.showError(err)
	}
	s.recheck()
	s.u.fontsChanged()
}

// recheck finds and checks the official fonts off the UI goroutine (parsing a font
// takes a moment) and shows the results. The rows show them in either mode, so the
// user sees what 自动 would use before turning it on.
func (s *fontSettings) recheck() {
	s.checking++
	n := s.checking
	settings := s.settings
	settings.Mode = export.FontsAuto
	dirs := export.FontDirs(s.u.opts.DataDir)
	var checks []export.FontCheck
	s.u.background(lang.L("正在检查字体"), func() error {
		_, checks = export.OfficialFonts(settings, dirs)
		return nil
	}, func(error) {
		if n == s.checking {
			s.show(checks)
		}
	})
}

// show fills the rows with the checks.
func (s *fontSettings) show(checks []export.FontCheck) {
	for _, c := range checks {
		row := s.rows[c.Role]
		switch {
		case c.Path == "":
			row.file.SetText(lang.L("未找到"))
		case c.Picked:
			row.file.SetText(lang.L("已选择：{{.Path}}", map[string]any{"Path": c.Path}))
		default:
			row.file.SetText(lang.L("已找到：{{.Path}}", map[string]any{"Path": c.Path}))
		}
		row.check.SetText(c.Message())
		switch {
		case c.Err != nil:
			row.check.Importance = widget.DangerImportance
		case c.Used() && len(c.Missing) == 0:
			row.check.Importance = widget.SuccessImportance
		default:
			row.check.Importance = widget.WarningImportance
		}
		row.check.Refresh()
		if c.Picked && !s.u.opts.ReadOnly {
			row.reset.Enable()
		} else {
			row.reset.Disable()
		}
	}
	s.list.Refresh()
	if s.settings.Official() {
		s.note.SetText(lang.L("已选用自动：新的预览、打印和定稿存档使用上面检查通过的字体。已存档的 PDF 不受影响。"))
	} else {
		s.note.SetText(lang.L("现在使用内置字体；上面是选用“自动”时将使用的字体。"))
	}
}

// fontsChanged redraws the preview, if it is shown, in the fonts now set.
func (u *UI) fontsChanged() {
	if u.editor != nil && u.editor.current == stepPreview && u.editor.preview != nil {
		u.editor.preview.render()
	}
}

// wrapAt is a layout for one wrapping label at least w wide, as tall as its lines at
// the width it has: a wrapping label measures its height by its current width, which a
// box layout sets only after asking for the height.
type wrapAt float32

func (w wrapAt) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		if o.Size().Width < float32(w) { // not laid out yet, or narrower than asked
			o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w wrapAt) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
	}
}
