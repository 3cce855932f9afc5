package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"backstop/export/transfer"
	"backstop/meeting"
	"backstop/meeting/store"
)

// Transfer between offices (转办包, docs/transfer.md): a township service centre
// exports cases with their meetings and archived files into one .bstx file, and the
// city office imports it. The store does the work in one transaction; these dialogs
// choose what to export and show what an import did.

// transferStore is what the transfer dialogs need beyond meeting.Store; the bbolt
// store provides it.
type transferStore interface {
	TransferOut(sel store.TransferSelection) (store.TransferSet, error)
	TransferIn(from string, records map[string][]byte, place store.TransferPlace) (store.TransferReport, error)
}

// prefTransferFrom remembers the office name written into exported packages.
const prefTransferFrom = "transfer.from"

// transferScope is what the export dialog offers to export.
type transferScope int

const (
	scopeListedCases transferScope = iota // the cases the 诉求 screen lists under its filters
	scopeMeeting                          // every case of one meeting
	scopeAll                              // every case and meeting
)

// transferMenu is the 转办 menu: export and import of transfer packages.
func (u *UI) transferMenu() *fyne.Menu {
	return fyne.NewMenu(lang.L("转办"),
		fyne.NewMenuItem(lang.L("导出转办包…"), u.onTransferExport),
		&fyne.MenuItem{Label: lang.L("导入转办包…"), Action: u.onTransferImport, Disabled: u.opts.ReadOnly},
	)
}

// transferDialog is the export dialog's state: the scope, the meeting to export and
// the sending office's name.
type transferDialog struct {
	u        *UI
	scope    *widget.RadioGroup
	meeting  *widget.Select
	from     *entry
	meetings []meeting.Meeting
	options  []string // scope labels, in transferScope order
}

// onTransferExport asks what to export, then where to write the package.
func (u *UI) onTransferExport() {
	td, err := u.newTransferDialog()
	if err != nil {
		u.showError(err)
		return
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("导出范围"), td.scope),
		widget.NewFormItem(lang.L("会议"), td.meeting),
		widget.NewFormItem(lang.L("本单位名称"), td.from),
	}
	dialog.ShowForm(lang.L("导出转办包"), lang.L("下一步"), lang.L("取消"), items, func(ok bool) {
		if !ok {
			return
		}
		sel, err := td.selection()
		if err != nil {
			u.showError(err)
			return
		}
		u.app.Preferences().SetString(prefTransferFrom, strings.TrimSpace(td.from.Text))
		u.chooseTransferFile(sel, strings.TrimSpace(td.from.Text))
	}, u.win)
}

// newTransferDialog builds the export dialog's widgets from the 诉求 screen's list
// and the stored meetings.
func (u *UI) newTransferDialog() (*transferDialog, error) {
	ms, _, err := u.store.MeetingsReadable(meeting.MeetingFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	td := &transferDialog{u: u, meetings: ms}
	listed := 0
	if u.cases != nil {
		listed = len(u.cases.rows)
	}
	td.options = []string{
		lang.L("诉求页当前列出的 {{.N}} 个诉求", map[string]int{"N": listed}),
		lang.L("一次会议的全部诉求"),
		lang.L("全部诉求和会议"),
	}
	labels := make([]string, len(ms))
	for i, m := range ms {
		labels[i] = meetingChoiceLabel(&m)
	}
	td.meeting = widget.NewSelect(labels, nil)
	td.meeting.PlaceHolder = lang.L("选择会议")
	td.scope = widget.NewRadioGroup(td.options, td.onScopeChanged)
	td.scope.SetSelected(td.options[scopeListedCases])
	td.from = newEntry()
	td.from.SetPlaceHolder(lang.L("例如 梅城镇便民服务中心"))
	td.from.SetText(u.app.Preferences().String(prefTransferFrom))
	return td, nil
}

// meetingChoiceLabel names a meeting in the export dialog's list.
func meetingChoiceLabel(m *meeting.Meeting) string {
	label := m.Date.Chinese() + " " + m.Title
	if !m.Number.IsZero() {
		label = m.Number.String() + " " + label
	}
	return label
}

func (td *transferDialog) onScopeChanged(string) {
	if td.scopeOf() == scopeMeeting {
		td.meeting.Enable()
	} else {
		td.meeting.Disable()
	}
}

func (td *transferDialog) scopeOf() transferScope {
	for i, o := range td.options {
		if o == td.scope.Selected {
			return transferScope(i)
		}
	}
	return scopeListedCases
}

// selection turns the dialog's choice into what the store exports.
func (td *transferDialog) selection() (store.TransferSelection, error) {
	switch td.scopeOf() {
	case scopeMeeting:
		i := td.meeting.SelectedIndex()
		if i < 0 {
			return store.TransferSelection{}, &meeting.Error{Code: meeting.CodeInvalid, Message: lang.L("请选择要导出的会议。")}
		}
		return store.TransferSelection{Meetings: []meeting.ID{td.meetings[i].ID}}, nil
	case scopeAll:
		return store.TransferSelection{All: true}, nil
	}
	var sel store.TransferSelection
	if td.u.cases != nil {
		for _, c := range td.u.cases.rows {
			sel.Cases = append(sel.Cases, c.ID)
		}
	}
	if len(sel.Cases) == 0 {
		return sel, &meeting.Error{Code: meeting.CodeInvalid, Message: lang.L("诉求页当前没有列出诉求：请先调整筛选条件，或选择其他导出范围。")}
	}
	return sel, nil
}

// chooseTransferFile asks where to write the package.
func (u *UI) chooseTransferFile(sel store.TransferSelection, from string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.showError(err)
			return
		}
		// The package is written atomically by path; the dialog's writer only names it.
		path := w.URI().Path()
		w.Close()
		if !strings.HasSuffix(strings.ToLower(path), transfer.Extension) {
			os.Remove(path)
			path += transfer.Extension
		}
		u.writeTransfer(sel, from, path)
	}, u.win)
	name := lang.L("转办包") + "-" + u.now().Format("20060102")
	if from != "" {
		name = from + "-" + name
	}
	d.SetFileName(name + transfer.Extension)
	d.SetFilter(storage.NewExtensionFileFilter([]string{transfer.Extension}))
	d.SetConfirmText(lang.L("确定"))
	d.SetDismissText(lang.L("取消"))
	d.Show()
}

// writeTransfer exports sel into the package at path, off the UI goroutine, and
// says what went in.
func (u *UI) writeTransfer(sel store.TransferSelection, from, path string) {
	ts, ok := u.store.(transferStore)
	if !ok {
		u.showError(&meeting.Error{Code: meeting.CodeInternal, Message: lang.L("当前的数据存储不支持转办包。")})
		return
	}
	at := u.now()
	var man transfer.Manifest
	u.background(lang.L("导出转办包"), func() error {
		set, err := ts.TransferOut(sel)
		if err != nil {
			return err
		}
		man, err = transfer.WriteFile(path, transfer.Contents{From: from, Created: at, Records: set.Records, Files: set.Files, Store: u.store}, u.opts.DataDir)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.showInfo(lang.L("导出转办包"), lang.L("已导出 {{.Cases}} 个诉求、{{.Meetings}} 个会议和 {{.Files}} 个存档文件到：",
			map[string]int{"Cases": man.Counts.Cases, "Meetings": man.Counts.Meetings, "Files": man.Counts.Files})+"\n"+path)
	})
}

// onTransferImport asks for a package and imports it.
func (u *UI) onTransferImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			u.showError(err)
			return
		}
		path := r.URI().Path()
		r.Close()
		u.importTransfer(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{transfer.Extension}))
	d.SetConfirmText(lang.L("确定"))
	d.SetDismissText(lang.L("取消"))
	d.Show()
}

// importTransfer imports the package at path off the UI goroutine, then shows the
// report and refreshes the lists.
func (u *UI) importTransfer(path string) {
	ts, ok := u.store.(transferStore)
	if !ok {
		u.showError(&meeting.Error{Code: meeting.CodeInternal, Message: lang.L("当前的数据存储不支持转办包。")})
		return
	}
	var rep store.TransferReport
	var man transfer.Manifest
	u.background(lang.L("导入转办包"), func() error {
		var err error
		rep, man, err = transfer.ImportTo(u.store, path, u.opts.DataDir, ts.TransferIn)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if u.cases != nil {
			u.cases.reload()
		}
		if u.meetings != nil {
			u.meetings.reload()
		}
		u.showTransferReport(filepath.Base(path), man, rep)
	})
}

// showTransferReport shows what an import did: the counts, every conflict, then
// what was added.
func (u *UI) showTransferReport(name string, man transfer.Manifest, rep store.TransferReport) {
	from := man.From
	if from == "" {
		from = lang.L("未注明单位")
	}
	summary := widget.NewLabel(lang.L("{{.File}}（来自{{.From}}）：新增 {{.Added}} 条，已有且相同 {{.Unchanged}} 条，冲突 {{.Conflicts}} 条，复制存档文件 {{.Files}} 个。",
		map[string]any{"File": name, "From": from, "Added": len(rep.Added), "Unchanged": len(rep.Unchanged), "Conflicts": len(rep.Conflicts), "Files": rep.Files}))
	summary.Wrapping = fyne.TextWrapBreak
	var lines []string
	if len(rep.Conflicts) > 0 {
		lines = append(lines, lang.L("以下记录与本机记录不同，未覆盖本机记录，请核对："))
		for _, c := range rep.Conflicts {
			lines = append(lines, "· "+c.String())
		}
	}
	if len(rep.Added) > 0 {
		lines = append(lines, lang.L("新增："))
		for _, it := range rep.Added {
			lines = append(lines, "· "+it.String())
		}
	}
	if len(rep.Departments) > 0 {
		lines = append(lines, lang.L("新增参会单位：")+strings.Join(rep.Departments, "、"))
	}
	details := widget.NewLabel(strings.Join(lines, "\n"))
	details.Wrapping = fyne.TextWrapBreak
	scroll := container.NewVScroll(details)
	scroll.SetMinSize(fyne.NewSize(620, 260))
	title := lang.L("转办包已导入")
	if len(rep.Conflicts) > 0 {
		title = lang.L("转办包已导入（有冲突）")
	}
	u.show(dialog.NewCustom(title, lang.L("确定"), container.NewBorder(summary, nil, nil, nil, scroll), u.win), nil)
}
