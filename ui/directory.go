package ui

import (
	"bytes"
	"io"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// directoryScreen keeps the directory of departments and their sections: add, edit,
// deactivate, reorder, and CSV import and export. Edits are stored when valid.
type directoryScreen struct {
	u        *UI
	search   *entry
	list     *widget.List
	detail   *fyne.Container
	state    *widget.Label
	saver    *debouncer
	all      []meeting.Department
	rows     []meeting.Department
	selected meeting.ID
	current  *meeting.Department // the department in the form

	name, short, contact, phone *entry
	sections                    *entry
	active                      *widget.Check
	problems                    map[string]*problemLabel
	up, down                    *widget.Button
}

func newDirectoryScreen(u *UI) *directoryScreen {
	s := &directoryScreen{u: u}
	s.saver = newDebouncer(func(f func()) { u.do(f) }, s.save)
	return s
}

func (s *directoryScreen) build() fyne.CanvasObject {
	s.search = newEntry()
	s.search.SetPlaceHolder(lang.L("搜索单位或科室（Ctrl+F）"))
	s.search.OnChanged = func(string) { s.filter() }
	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	add := widget.NewButtonWithIcon(lang.L("新增单位"), theme.ContentAddIcon(), s.onAdd)
	add.Importance = widget.HighImportance
	s.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.move(-1) })
	s.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.move(1) })
	imp := widget.NewButtonWithIcon(lang.L("导入 CSV"), theme.FolderOpenIcon(), s.onImport)
	exp := widget.NewButtonWithIcon(lang.L("导出 CSV"), theme.DocumentSaveIcon(), s.onExport)
	s.state = widget.NewLabel("")
	s.state.Importance = widget.LowImportance
	s.detail = container.NewStack(widget.NewLabel(lang.L("选择左侧的单位查看和修改。")))
	s.u.writing(add, s.up, s.down, imp)
	left := container.NewBorder(s.search, container.NewVBox(container.NewHBox(add, s.up, s.down), container.NewHBox(imp, exp)), nil, nil, s.list)
	right := container.NewBorder(s.state, nil, nil, nil, s.u.followScroll(container.NewVScroll(container.NewPadded(s.detail)), false))
	split := container.NewHSplit(left, right)
	split.Offset = 0.34
	s.reload()
	return split
}

func (s *directoryScreen) reload() {
	if s.list == nil {
		return
	}
	ds, err := s.u.store.Departments()
	if err != nil {
		s.u.showError(err)
		return
	}
	s.all = ds
	s.filter()
}

func (s *directoryScreen) filter() {
	q := strings.TrimSpace(s.search.Text)
	s.rows = s.rows[:0]
	for _, d := range s.all {
		if q == "" || strings.Contains(d.Name+" "+d.ShortName+" "+strings.Join(d.Sections, " "), q) {
			s.rows = append(s.rows, d)
		}
	}
	s.list.Refresh()
}

func (s *directoryScreen) createRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Importance = widget.LowImportance
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(name, sub)
}

func (s *directoryScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	d := s.rows[i]
	objs := o.(*fyne.Container).Objects
	name := objs[0].(*widget.Label)
	name.SetText(d.Name)
	sub := strings.Join(d.Sections, "、")
	if !d.Active {
		sub = lang.L("已停用") + " · " + sub
	}
	objs[1].(*widget.Label).SetText(sub)
}

func (s *directoryScreen) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(s.rows) {
		return
	}
	s.show(s.rows[i])
}

func (s *directoryScreen) onAdd() {
	s.list.UnselectAll()
	order := 1
	for _, d := range s.all {
		order = max(order, d.Order+1)
	}
	s.show(meeting.Department{Active: true, Order: order})
	s.u.focus(s.name)
}

// show puts a department in the form, storing what is pending first.
func (s *directoryScreen) show(d meeting.Department) {
	s.flush()
	s.selected = d.ID
	s.current = &d
	s.problems = map[string]*problemLabel{}
	entry := func(value, placeholder, path string, set func(string)) *entry {
		w := newEntry()
		w.SetPlaceHolder(placeholder)
		w.SetText(value)
		w.OnChanged = func(v string) { set(meeting.CleanLine(v)); s.saver.changed() }
		return w
	}
	s.name = entry(d.Name, lang.L("单位全称，例如：自然资源和规划局"), "name", func(v string) { s.current.Name = v })
	s.short = entry(d.ShortName, lang.L("简称，例如：资规局"), "short_name", func(v string) { s.current.ShortName = v })
	s.contact = entry(d.Contact, lang.L("联系人"), "contact", func(v string) { s.current.Contact = v })
	s.phone = entry(d.Phone, lang.L("联系电话"), "phone", func(v string) { s.current.Phone = v })
	s.sections = multiLine(lang.L("每行一个科室"), 5)
	s.sections.SetText(strings.Join(d.Sections, "\n"))
	s.sections.OnChanged = func(v string) {
		var secs []string
		for _, l := range strings.Split(v, "\n") {
			if l = meeting.CleanLine(l); l != "" {
				secs = append(secs, l)
			}
		}
		s.current.Sections = secs
		s.saver.changed()
	}
	s.active = widget.NewCheck(lang.L("启用（停用后不再出现在签到候选中，已有会议不受影响）"), func(on bool) {
		s.current.Active = on
		s.saver.changed()
	})
	s.active.Checked = d.Active
	s.u.writing(s.name, s.short, s.contact, s.phone, s.sections, s.active)
	row := func(label, path string, w fyne.CanvasObject) []fyne.CanvasObject {
		p := newProblemLabel()
		s.problems[path] = p
		return []fyne.CanvasObject{fieldLabel(label), withProblem(w, p)}
	}
	var rows []fyne.CanvasObject
	rows = append(rows, row(lang.L("单位名称"), "name", s.name)...)
	rows = append(rows, row(lang.L("简称"), "short_name", s.short)...)
	rows = append(rows, row(lang.L("科室"), "sections", s.sections)...)
	rows = append(rows, row(lang.L("联系人"), "contact", s.contact)...)
	rows = append(rows, row(lang.L("联系电话"), "phone", s.phone)...)
	rows = append(rows, fieldLabel(lang.L("状态")), s.active)
	s.detail.Objects = []fyne.CanvasObject{formGrid(rows...)}
	s.detail.Refresh()
	switch {
	case s.u.opts.ReadOnly:
		s.state.SetText(lang.L("数据文件夹只读，只能查看"))
	case d.ID == 0:
		s.state.SetText(lang.L("新单位：填写单位名称后自动加入名录"))
	default:
		s.state.SetText(lang.L("修改后自动保存"))
	}
}

// save stores the department in the form when it is valid.
func (s *directoryScreen) save() {
	if s.current == nil {
		return
	}
	ps := s.current.Validate()
	for path, p := range s.problems {
		var msgs []string
		for _, pr := range ps {
			if pr.Field == path || strings.HasPrefix(pr.Field, path+"[") {
				msgs = append(msgs, pr.Message)
			}
		}
		p.set(msgs)
	}
	if len(ps) > 0 {
		s.state.SetText(lang.L("尚未保存：请按提示补充或修改"))
		return
	}
	d := *s.current
	if err := s.u.store.SaveDepartment(&d); err != nil {
		s.saver.failed()
		s.state.SetText(lang.L("保存失败：修改仍在窗口中，下次修改时再保存"))
		s.u.showError(err)
		return
	}
	s.current.ID = d.ID
	s.selected = d.ID
	s.state.SetText(lang.L("已自动保存 {{.Time}}", map[string]string{"Time": s.u.now().Format("15:04:05")}))
	s.reload()
}

func (s *directoryScreen) flush() {
	if s.saver != nil {
		s.saver.flush()
	}
}

// move swaps the selected department with its neighbour in the directory's order.
func (s *directoryScreen) move(by int) {
	s.flush()
	i := -1
	for k, d := range s.all {
		if d.ID == s.selected && d.ID != 0 {
			i = k
		}
	}
	j := i + by
	if i < 0 || j < 0 || j >= len(s.all) {
		return
	}
	a, b := s.all[i], s.all[j]
	a.Order, b.Order = b.Order, a.Order
	if a.Order == b.Order {
		a.Order, b.Order = j+1, i+1
	}
	for _, d := range []*meeting.Department{&a, &b} {
		if err := s.u.store.SaveDepartment(d); err != nil {
			s.u.showError(err)
			return
		}
	}
	s.reload()
	for k, d := range s.rows {
		if d.ID == a.ID {
			s.list.Select(k)
		}
	}
}

func (s *directoryScreen) onExport() {
	s.flush()
	ds := append([]meeting.Department(nil), s.all...)
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			s.u.showError(err)
			return
		}
		s.u.background(lang.L("正在导出"), func() error {
			defer w.Close()
			return writeDepartmentsCSV(w, ds)
		}, func(err error) {
			if err != nil {
				s.u.showError(meeting.Errorf(meeting.CodeStorage, "无法写入 CSV 文件。", err))
				return
			}
			s.state.SetText(lang.L("已导出 {{.N}} 个单位", map[string]int{"N": len(ds)}))
		})
	}, s.u.win)
	d.SetFileName(lang.L("部门名录") + ".csv")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.SetConfirmText(lang.L("确定"))
	d.SetDismissText(lang.L("取消"))
	d.Show()
}

func (s *directoryScreen) onImport() {
	s.flush()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			s.u.showError(err)
			return
		}
		var imported []meeting.Department
		s.u.background(lang.L("正在导入"), func() error {
			defer r.Close()
			data, err := io.ReadAll(r)
			if err != nil {
				return meeting.Errorf(meeting.CodeStorage, "无法读取 CSV 文件。", err)
			}
			imported, err = readDepartmentsCSV(bytes.NewReader(data))
			return err
		}, func(err error) {
			if err != nil {
				s.u.showError(err)
				return
			}
			s.importDepartments(imported)
		})
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.SetConfirmText(lang.L("确定"))
	d.SetDismissText(lang.L("取消"))
	d.Show()
}

// importDepartments stores imported departments, joined into the directory by name.
func (s *directoryScreen) importDepartments(imported []meeting.Department) {
	merged := mergeDepartments(s.all, imported)
	sort.SliceStable(merged, func(i, j int) bool { return merged[i].Order < merged[j].Order })
	for i := range merged {
		if err := s.u.store.SaveDepartment(&merged[i]); err != nil {
			s.u.showError(err)
			break
		}
	}
	s.reload()
	s.state.SetText(lang.L("已导入 {{.N}} 个单位", map[string]int{"N": len(merged)}))
}
