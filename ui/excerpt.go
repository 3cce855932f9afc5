package ui

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/export"
	"backstop/export/safefile"
	"backstop/meeting"
)

// This file writes every department's excerpt of the minutes (分送件) with one click:
// a PDF per department that leads or cooperates on a decision, into a folder the
// convener picks, so that each department leaves the meeting with its own task list.

// prefExcerptFolder remembers the folder the excerpts last went to.
const prefExcerptFolder = "excerpts.folder"

// writtenExcerpt is one excerpt written to disk.
type writtenExcerpt struct {
	department string
	file       string // base name, in the folder
	lead, coop int
	replaced   []export.Replacement
}

// excerptBatch is what writing all excerpts of a meeting did.
type excerptBatch struct {
	dir     string
	written []writtenExcerpt
	skipped []string // attendance rows without decisions: no excerpt
	draft   bool
}

// newExcerptButton returns the button that writes every department's excerpt of the
// minutes minutes returns (the open meeting, saved first).
func (u *UI) newExcerptButton(minutes func() meeting.Minutes) *widget.Button {
	return widget.NewButtonWithIcon(lang.L("各部门分送件"), theme.MailForwardIcon(), func() { u.writeExcerpts(minutes()) })
}

// writeExcerpts asks for a folder and writes the excerpts of mn into it.
func (u *UI) writeExcerpts(mn meeting.Minutes) {
	if len(export.ExcerptDepartments(&mn.Meeting)) == 0 {
		u.showInfo(lang.L("各部门分送件"), lang.L("本次会议还没有议定事项，没有需要分送的部门。"))
		return
	}
	mn = snapshot(mn)
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			u.showError(meeting.Errorf(meeting.CodeStorage, "无法打开所选文件夹。", err))
			return
		}
		if dir == nil {
			return // cancelled
		}
		u.app.Preferences().SetString(prefExcerptFolder, dir.Path())
		u.writeExcerptsTo(dir.Path(), mn)
	}, u.win)
	if last := u.app.Preferences().String(prefExcerptFolder); last != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(last)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show()
}

// writeExcerptsTo writes the excerpts off the UI goroutine and sums up what it wrote.
func (u *UI) writeExcerptsTo(dir string, mn meeting.Minutes) {
	var batch excerptBatch
	dataDir := u.opts.DataDir
	u.background(lang.L("正在生成分送件"), func() error {
		// The fonts of the 公文字体 setting, as the minutes use; a broken setting falls
		// back to the embedded fonts, as it does for them.
		var opts export.Options
		if dataDir != "" {
			opts.Fonts, _, _ = export.FontsFor(dataDir)
		}
		var err error
		batch, err = writeExcerptFiles(dir, &mn, opts)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.showExcerptSummary(batch)
	})
}

// showExcerptSummary lists what was written, in a dialog that scrolls when many
// departments got an excerpt, and offers to open the folder.
func (u *UI) showExcerptSummary(batch excerptBatch) {
	text := widget.NewLabel(batch.summary())
	text.Wrapping = fyne.TextWrapBreak
	body := container.NewVScroll(text)
	body.SetMinSize(fyne.NewSize(560, 260))
	d := dialog.NewCustomConfirm(lang.L("各部门分送件"), lang.L("打开文件夹"), lang.L("关闭"), body, func(open bool) {
		if !open {
			return
		}
		if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: batch.dir}); err != nil {
			u.showError(meeting.Errorf(meeting.CodeStorage, "无法打开文件夹："+batch.dir, err))
		}
	}, u.win)
	u.show(d, d.Confirm)
}

// writeExcerptFiles writes one PDF per department with decisions into dir, each
// atomically, named <number>-<department>-分送件.pdf.
func writeExcerptFiles(dir string, mn *meeting.Minutes, opts export.Options) (excerptBatch, error) {
	m := &mn.Meeting
	batch := excerptBatch{dir: dir, draft: m.Editable()}
	departments := export.ExcerptDepartments(m)
	for _, a := range m.Attendance {
		if name := meeting.CleanLine(a.Department); name != "" && len(export.ExcerptEntries(m, name)) == 0 {
			batch.skipped = append(batch.skipped, name)
		}
	}
	if len(departments) == 0 {
		return batch, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return batch, safefile.Describe(err, dir)
	}
	used := map[string]bool{}
	for _, dept := range departments {
		file := excerptFileName(m, dept, used)
		var rep export.Report
		err := safefile.Write(filepath.Join(dir, file), 0o644, func(w io.Writer) error {
			var err error
			rep, err = export.WriteExcerpt(w, mn, dept, opts)
			return err
		})
		if err != nil {
			return batch, err
		}
		lead, coop := export.ExcerptCounts(export.ExcerptEntries(m, dept))
		batch.written = append(batch.written, writtenExcerpt{department: dept, file: file, lead: lead, coop: coop, replaced: rep.Replaced})
	}
	return batch, nil
}

// excerptFileName names a department's excerpt: 〔2026〕12号-自然资源和规划局-分送件.pdf,
// or for minutes never finalized 草稿12-…; user text in it is sanitized. used holds the
// names given so far, so two departments whose names sanitize alike get two files.
func excerptFileName(m *meeting.Meeting, department string, used map[string]bool) string {
	ref := m.Number.String()
	switch {
	case ref == "":
		ref = fmt.Sprintf("草稿%d", m.ID)
	case m.Editable():
		ref += "修订稿"
	}
	base := sanitizeFileName(ref) + "-" + sanitizeFileName(department) + "-分送件"
	name := base + ".pdf"
	for n := 2; used[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s-%d.pdf", base, n)
	}
	used[strings.ToLower(name)] = true
	return name
}

// summary says in the interface's language what was written where, what was left out
// and why.
func (b excerptBatch) summary() string {
	lines := []string{lang.L("已在 {{.Dir}} 生成 {{.N}} 份分送件：", map[string]any{"Dir": b.dir, "N": len(b.written)})}
	var replaced []export.Replacement
	for _, w := range b.written {
		lines = append(lines, "· "+w.file+lang.L("（牵头 {{.Lead}} 项，配合 {{.Coop}} 项）", map[string]int{"Lead": w.lead, "Coop": w.coop}))
		for _, r := range w.replaced {
			if !slices.ContainsFunc(replaced, func(x export.Replacement) bool { return x.Rune == r.Rune }) {
				replaced = append(replaced, r)
			}
		}
	}
	if len(b.skipped) > 0 {
		lines = append(lines, lang.L("以下单位没有牵头或配合的议定事项，未生成分送件：")+strings.Join(b.skipped, "、"))
	}
	if b.draft {
		lines = append(lines, lang.L("会议纪要尚未定稿：分送件带「草稿」水印，不含指纹，不作为办理依据。"))
	}
	if len(replaced) > 0 {
		lines = append(lines, lang.L("以下字符字体无法排印，打印件中以〓代替，请核对："))
		for _, r := range replaced {
			lines = append(lines, "· "+r.String())
		}
	}
	return strings.Join(lines, "\n")
}
