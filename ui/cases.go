package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// casesScreen lists the cases (诉求) with filters by category, channel and status, and
// edits the selected one; a valid case is stored within half a second of each change.
type casesScreen struct {
	u                         *UI
	search                    *entry
	category, channel, status *widget.Select
	list                      *widget.List
	detail                    *fyne.Container
	state                     *widget.Label
	form                      *caseForm
	saver                     *debouncer

	rows      []meeting.Case
	revealing bool // reveal selects the row of the case it already shows
}

func newCasesScreen(u *UI) *casesScreen {
	s := &casesScreen{u: u}
	s.saver = newDebouncer(func(f func()) { u.do(f) }, s.save)
	return s
}

func (s *casesScreen) build() fyne.CanvasObject {
	s.search = newEntry()
	s.search.SetPlaceHolder(lang.L("搜索申请人或诉求标题（Ctrl+F）"))
	s.search.OnChanged = func(string) { s.reload() }
	all := func(first string, labels []string) []string {
		return append([]string{lang.L(first)}, translated(labels)...)
	}
	var cats, chans []string
	for _, c := range meeting.Categories {
		cats = append(cats, c.Label())
	}
	for _, c := range meeting.Channels {
		chans = append(chans, c.Label())
	}
	s.category = widget.NewSelect(all(lang.L("全部类别"), cats), func(string) { s.reload() })
	s.channel = widget.NewSelect(all(lang.L("全部渠道"), chans), func(string) { s.reload() })
	s.status = widget.NewSelect(all(lang.L("全部状态"), []string{meeting.CaseOpen.Label(), meeting.CaseClosed.Label()}), func(string) { s.reload() })
	for _, w := range []*widget.Select{s.category, s.channel, s.status} {
		w.SetSelectedIndex(0)
	}
	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	add := widget.NewButtonWithIcon(lang.L("登记新诉求"), theme.ContentAddIcon(), s.onNew)
	add.Importance = widget.HighImportance
	if s.u.opts.ReadOnly {
		add.Disable()
	}
	s.state = widget.NewLabel("")
	s.state.Importance = widget.LowImportance
	s.detail = container.NewStack(widget.NewLabel(lang.L("选择左侧的诉求查看和修改，或登记新诉求。")))

	filters := container.NewVBox(s.search, container.New(newColumns(theme.Padding(), 1.0/3, 1.0/3, 0), s.category, s.channel, s.status))
	left := container.NewBorder(filters, add, nil, nil, s.list)
	right := container.NewBorder(s.state, nil, nil, nil, s.u.followScroll(container.NewVScroll(container.NewPadded(s.detail)), false))
	split := container.NewHSplit(left, right)
	split.Offset = 0.36
	s.reload()
	return split
}

func translated(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = lang.L(l)
	}
	return out
}

func (s *casesScreen) reload() {
	if s.list == nil {
		return
	}
	f := meeting.CaseFilter{Query: s.search.Text}
	if i := s.category.SelectedIndex(); i > 0 {
		f.Category = meeting.Categories[i-1]
	}
	if i := s.channel.SelectedIndex(); i > 0 {
		f.Channel = meeting.Channels[i-1]
	}
	switch s.status.SelectedIndex() {
	case 1:
		f.Status = meeting.CaseOpen
	case 2:
		f.Status = meeting.CaseClosed
	}
	rows, err := s.u.store.Cases(f)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.rows = rows
	s.list.Refresh()
}

func (s *casesScreen) createRow() fyne.CanvasObject {
	return newTwoLineRow()
}

func (s *casesScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := s.rows[i]
	objs := o.(*fyne.Container).Objects
	objs[0].(*widget.Label).SetText(c.Applicant.Name + "：" + c.Title)
	objs[1].(*widget.Label).SetText(lang.L(c.Category.Label()) + " · " + lang.L(c.Channel.Label()) + " · " + c.Received.Chinese() + " · " + lang.L(c.Status.Label()))
}

func (s *casesScreen) onSelected(i widget.ListItemID) {
	if s.revealing || i < 0 || i >= len(s.rows) {
		return
	}
	s.show(s.rows[i])
}

// reveal shows a case in the form, selecting its row when the list shows it.
func (s *casesScreen) reveal(c meeting.Case) {
	s.show(c)
	s.revealing = true
	defer func() { s.revealing = false }()
	for i := range s.rows {
		if s.rows[i].ID == c.ID {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

func (s *casesScreen) onNew() {
	s.list.UnselectAll()
	s.show(meeting.Case{Received: meeting.DateOf(s.u.now())})
	s.u.focus(s.form.name)
}

// show puts a case in the form, storing what is pending of the previous one first.
func (s *casesScreen) show(c meeting.Case) {
	s.flush()
	if s.saver.unsaved() {
		s.u.confirmDiscard(func() { s.saver.discard(); s.show(c) })
		return
	}
	s.form = newCaseForm(s.u, c, s.onChanged)
	s.form.precedents = newPrecedentPanel(s.u, true)
	body := s.form.build()
	if s.u.opts.ReadOnly {
		s.form.setReadOnly()
	}
	s.detail.Objects = []fyne.CanvasObject{body}
	if c.ID != 0 {
		closing := newCaseClosing(s.u, c, func(stored meeting.Case) {
			s.reload()
			s.reveal(stored)
			s.u.refreshBanner()
		})
		s.detail.Objects = []fyne.CanvasObject{container.NewVBox(body, closing.build())}
	}
	s.detail.Refresh()
	switch {
	case s.u.opts.ReadOnly:
		s.state.SetText(lang.L("数据文件夹只读，只能查看"))
	case c.ID == 0:
		s.state.SetText(lang.L("新诉求：填写完整后自动登记"))
	default:
		s.state.SetText(lang.L("修改后自动保存"))
	}
}

func (s *casesScreen) onChanged() {
	s.saver.changed()
}

// save stores the form's case when it is valid; otherwise the messages stay next to the
// fields and nothing is stored.
func (s *casesScreen) save() {
	if s.form == nil {
		return
	}
	if !s.form.validate() {
		s.state.SetText(lang.L("尚未保存：请按提示补充或修改"))
		return
	}
	c := s.form.c
	isNew := c.ID == 0
	if err := s.u.store.SaveCase(&c); err != nil {
		s.saver.failed()
		s.state.SetText(lang.L("保存失败：修改仍在窗口中，下次修改时再保存"))
		s.u.showError(err)
		return
	}
	s.form.c.ID, s.form.c.Created, s.form.c.Updated = c.ID, c.Created, c.Updated
	s.state.SetText(lang.L("已自动保存 {{.Time}}", map[string]string{"Time": s.u.now().Format("15:04:05")}))
	if isNew {
		s.reload()
	} else {
		for i := range s.rows {
			if s.rows[i].ID == c.ID {
				s.rows[i] = c
				s.list.RefreshItem(i)
			}
		}
	}
}

func (s *casesScreen) flush() {
	if s.saver != nil {
		s.saver.flush()
	}
}
