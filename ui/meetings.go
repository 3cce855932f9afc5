package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// meetingsScreen lists the meetings, newest first, with filters by state and year and a
// search over titles, applicants and decisions.
type meetingsScreen struct {
	u       *UI
	search  *entry
	state   *widget.Select
	year    *widget.Select
	list    *widget.List
	count   *widget.Label
	empty   *widget.Label
	content fyne.CanvasObject

	rows []meeting.Meeting
}

func newMeetingsScreen(u *UI) *meetingsScreen {
	return &meetingsScreen{u: u}
}

func (s *meetingsScreen) build() fyne.CanvasObject {
	s.search = newEntry()
	s.search.SetPlaceHolder(lang.L("搜索会议名称、申请人、议定事项（Ctrl+F）"))
	s.search.OnChanged = func(string) { s.reload() }

	states := []string{lang.L("全部状态")}
	for _, st := range meeting.States {
		states = append(states, lang.L(st.Label()))
	}
	s.state = widget.NewSelect(states, func(string) { s.reload() })
	s.state.SetSelectedIndex(0)
	s.year = widget.NewSelect([]string{lang.L("全部年份")}, func(string) { s.reload() })
	s.year.SetSelectedIndex(0)

	newButton := widget.NewButtonWithIcon(lang.L("新建会议（Ctrl+N）"), theme.ContentAddIcon(), s.u.newMeeting)
	newButton.Importance = widget.HighImportance
	if s.u.opts.ReadOnly {
		newButton.Disable()
	}

	s.list = widget.NewList(s.length, s.createRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	s.empty = widget.NewLabel(lang.L("没有符合条件的会议。按 Ctrl+N 或点击「新建会议」开始。"))
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Hide()

	filters := container.NewBorder(nil, nil, nil, container.NewHBox(s.state, s.year, newButton), s.search)
	header := container.New(newColumns(8, 0.1, 0.16, 0.14, 0),
		boldLabel(lang.L("状态")), boldLabel(lang.L("会议日期")), boldLabel(lang.L("文号")), boldLabel(lang.L("会议名称")))
	top := container.NewVBox(widget.NewLabelWithStyle(lang.L("协调会"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), filters, header, widget.NewSeparator())
	s.content = container.NewBorder(top, s.count, nil, nil, container.NewStack(s.list, s.empty))
	s.reload()
	return s.content
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (s *meetingsScreen) filter() meeting.MeetingFilter {
	f := meeting.MeetingFilter{Query: s.search.Text}
	if i := s.state.SelectedIndex(); i > 0 {
		f.State = meeting.States[i-1]
	}
	if y, err := strconv.Atoi(s.year.Selected); err == nil {
		f.Year = y
	}
	return f
}

// reload queries the store with the current filters.
func (s *meetingsScreen) reload() {
	if s.list == nil {
		return
	}
	rows, damaged, err := s.u.store.MeetingsReadable(s.filter())
	if err != nil {
		s.u.showError(err)
		return
	}
	s.rows = rows
	s.updateYears()
	s.list.UnselectAll()
	s.list.Refresh()
	count := lang.L("共 {{.N}} 个会议", map[string]int{"N": len(rows)})
	s.count.Importance = widget.LowImportance
	if len(damaged) > 0 {
		// A damaged meeting is named rather than hiding the list (the banner above
		// says how to restore it).
		count += lang.L("；以下会议的记录已损坏，未列出：") + damagedIDs(damaged)
		s.count.Importance = widget.DangerImportance
	}
	s.count.SetText(count)
	if len(rows) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
}

// updateYears offers every year that has a meeting.
func (s *meetingsScreen) updateYears() {
	all, _, err := s.u.store.MeetingsReadable(meeting.MeetingFilter{})
	if err != nil {
		return
	}
	opts := []string{lang.L("全部年份")}
	seen := map[int]bool{}
	for _, m := range all {
		if y := m.Date.Year; y > 0 && !seen[y] {
			seen[y] = true
			opts = append(opts, strconv.Itoa(y))
		}
	}
	if fmt.Sprint(opts) != fmt.Sprint(s.year.Options) {
		s.year.Options = opts
		s.year.Refresh()
	}
}

// damagedIDs names meetings by their IDs: 编号 3、编号 5.
func damagedIDs(ids []meeting.ID) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(lang.L("编号 {{.ID}}", map[string]any{"ID": id}))
	}
	return b.String()
}

func (s *meetingsScreen) length() int { return len(s.rows) }

func (s *meetingsScreen) createRow() fyne.CanvasObject {
	state := widget.NewLabel("")
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	return container.New(newColumns(8, 0.1, 0.16, 0.14, 0), state, widget.NewLabel(""), widget.NewLabel(""), title)
}

func (s *meetingsScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	m := s.rows[i]
	cells := o.(*fyne.Container).Objects
	state := cells[0].(*widget.Label)
	state.SetText(lang.L(m.State.Label()))
	state.Importance = stateImportance(m.State)
	state.Refresh()
	cells[1].(*widget.Label).SetText(m.Date.Chinese())
	cells[2].(*widget.Label).SetText(m.Number.String())
	title := m.Title
	if title == "" {
		title = lang.L("（未命名会议）")
	}
	cells[3].(*widget.Label).SetText(title)
}

func stateImportance(s meeting.State) widget.Importance {
	switch s {
	case meeting.StateDraft:
		return widget.WarningImportance
	case meeting.StateFinalized:
		return widget.HighImportance
	case meeting.StateSigned:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

func (s *meetingsScreen) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(s.rows) {
		return
	}
	s.u.openMeeting(s.rows[i].ID)
}
