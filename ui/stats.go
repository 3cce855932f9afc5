package ui

import (
	"cmp"
	"image/color"
	"slices"
	"strconv"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// statsScreen shows the figures of the closed loop for a year (统计): summary tiles,
// cases by category, channel and month as bar charts with their numbers, and the
// follow-up items of every lead department. The figures are meeting.Stats; they are
// computed off the UI goroutine, since a store of years holds tens of thousands of
// cases, and shown with u.do.
type statsScreen struct {
	u       *UI
	content fyne.CanvasObject

	year  *widget.Select
	state *widget.Label

	total, closed, onTime, satisfaction, median                     *widget.Label
	totalNote, closedNote, onTimeNote, satisfactionNote, medianNote *widget.Label

	category, channel, month *barChart
	monthTitle               *widget.Label
	departments              *fyne.Container

	// loads counts the reloads asked for; a result is shown only if no later one was.
	loads int
	// shown is the load whose figures are on screen, and stats those figures.
	shown int
	stats meeting.Statistics
}

func newStatsScreen(u *UI) *statsScreen {
	return &statsScreen{u: u}
}

// allYearsText is the year filter's first choice.
func allYearsText() string { return lang.L("全部年份") }

func (s *statsScreen) build() fyne.CanvasObject {
	this := strconv.Itoa(s.u.now().Year())
	s.year = widget.NewSelect([]string{allYearsText(), this}, func(string) { s.reload() })
	s.year.Selected = this
	s.state = widget.NewLabel("")
	s.state.Importance = widget.LowImportance

	title := widget.NewLabelWithStyle(lang.L("统计"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	top := container.NewBorder(nil, nil, container.NewHBox(title, s.state), container.NewHBox(widget.NewLabel(lang.L("年份")), s.year))

	tile := func(caption string) (value, note *widget.Label, o fyne.CanvasObject) {
		c := widget.NewLabel(caption)
		c.Importance = widget.LowImportance
		c.Truncation = fyne.TextTruncateEllipsis
		value = widget.NewLabelWithStyle("—", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		value.SizeName = theme.SizeNameHeadingText
		note = widget.NewLabel("")
		note.Importance = widget.LowImportance
		// The note wraps below the figure; the caption and figure stay on one line each,
		// so the figures of all tiles line up.
		return value, note, panel(container.NewBorder(container.NewVBox(c, value), nil, nil, nil, note))
	}
	var tiles [5]fyne.CanvasObject
	s.total, s.totalNote, tiles[0] = tile(lang.L("诉求总数"))
	s.closed, s.closedNote, tiles[1] = tile(lang.L(meeting.CaseClosed.Label()))
	s.onTime, s.onTimeNote, tiles[2] = tile(lang.L("按期办结率"))
	s.satisfaction, s.satisfactionNote, tiles[3] = tile(lang.L("满意率"))
	s.median, s.medianNote, tiles[4] = tile(lang.L("办结用时中位数"))

	s.category = newBarChart(false)
	s.channel = newBarChart(false)
	s.month = newBarChart(true)
	s.monthTitle = sectionTitle("")
	s.departments = container.NewVBox()

	body := container.NewVBox(
		container.NewGridWithColumns(len(tiles), tiles[:]...),
		newFillWrap(theme.Padding(),
			panel(container.NewBorder(sectionTitle(lang.L("按类别")), nil, nil, nil, s.category)),
			panel(container.NewBorder(sectionTitle(lang.L("按渠道")), nil, nil, nil, s.channel)),
		),
		panel(container.NewBorder(s.monthTitle, nil, nil, nil, s.month)),
		panel(container.NewBorder(sectionTitle(lang.L("各部门议定事项")), nil, nil, nil, s.departments)),
	)
	s.content = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	// The figures come with the first reload, when the tab is opened: until then the
	// tiles read "—" rather than zeros that are not true.
	return s.content
}

// panel frames a part of the screen on a light card.
func panel(content fyne.CanvasObject) fyne.CanvasObject {
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg := canvas.NewRectangle(th.Color(theme.ColorNameBackground, v))
	bg.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	bg.StrokeWidth = 1
	bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	return container.NewStack(bg, container.NewPadded(content))
}

func sectionTitle(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// selectedYear returns the year chosen in the filter, 0 for all years.
func (s *statsScreen) selectedYear() int {
	y, err := strconv.Atoi(s.year.Selected)
	if err != nil {
		return 0
	}
	return y
}

// reload reads every case and follow-up item and computes the chosen year's figures
// in the background; the newest result replaces what is shown.
func (s *statsScreen) reload() {
	if s.content == nil {
		return
	}
	s.loads++
	// The office's calendar, with the years entered in the app, counts "due soon".
	load, year, today, st, cal := s.loads, s.selectedYear(), s.u.today(), s.u.store, s.u.calendar
	s.state.SetText(lang.L("正在统计…"))
	go func() {
		stats, err := computeStats(st, year, today, cal)
		s.u.do(func() {
			if load != s.loads {
				return
			}
			if err != nil {
				s.state.SetText("")
				s.u.showError(err)
				return
			}
			s.shown = load
			s.show(stats)
		})
	}()
}

// computeStats reads the store and computes the figures; it touches no widget.
func computeStats(st meeting.Store, year int, today meeting.Date, cal *meeting.Calendar) (meeting.Statistics, error) {
	cases, err := st.Cases(meeting.CaseFilter{})
	if err != nil {
		return meeting.Statistics{}, err
	}
	items, err := st.FollowUps(meeting.FollowUpFilter{})
	if err != nil {
		return meeting.Statistics{}, err
	}
	return meeting.Stats(cases, items, year, today, cal), nil
}

// show puts the figures on screen.
func (s *statsScreen) show(st meeting.Statistics) {
	s.stats = st
	s.updateYears(st.Years)
	s.state.SetText(lang.L("截至 {{.Date}}", map[string]string{"Date": st.Today.String()}))

	s.total.SetText(strconv.Itoa(st.Cases))
	setNote(s.totalNote, lang.L("议定事项 {{.N}} 项", map[string]string{"N": strconv.Itoa(st.Items)}))
	s.closed.SetText(strconv.Itoa(st.Closed))
	setNote(s.closedNote, lang.L("占诉求总数 {{.Percent}}", map[string]string{"Percent": meeting.Ratio{Num: st.Closed, Den: st.Cases}.String()}))
	s.onTime.SetText(st.OnTime.String())
	setNote(s.onTimeNote, ratioNote(st.OnTime, lang.L("{{.Num}} / {{.Den}} 项按期办结", ratioFields(st.OnTime)), lang.L("暂无有办理时限的已办结事项")))
	s.satisfaction.SetText(st.Satisfaction.String())
	setNote(s.satisfactionNote, ratioNote(st.Satisfaction, lang.L("{{.Num}} / {{.Den}} 件满意或基本满意", ratioFields(st.Satisfaction)), lang.L("暂无回访")))
	if st.DaysToClose.Valid() {
		s.median.SetText(lang.L("{{.Days}} 天", map[string]string{"Days": st.DaysToClose.String()}))
		setNote(s.medianNote, lang.L("{{.N}} 件已办结，按自然日计", map[string]string{"N": strconv.Itoa(st.DaysToClose.N)}))
	} else {
		s.median.SetText(st.DaysToClose.String())
		setNote(s.medianNote, lang.L("暂无已办结诉求"))
	}

	var cats, chans, months []chartBar
	for _, c := range st.ByCategory {
		cats = append(cats, chartBar{Label: lang.L(c.Category.Label()), Value: c.N})
	}
	for _, c := range st.ByChannel {
		chans = append(chans, chartBar{Label: lang.L(c.Channel.Label()), Value: c.N})
	}
	for i, n := range st.ByMonth {
		months = append(months, chartBar{Label: strconv.Itoa(i + 1), Value: n})
	}
	s.category.setBars(cats)
	s.channel.setBars(chans)
	s.month.setBars(months)
	if st.Year == 0 {
		s.monthTitle.SetText(lang.L("按受理月份（各年合计）"))
	} else {
		s.monthTitle.SetText(lang.L("按受理月份（{{.Year}} 年）", map[string]string{"Year": strconv.Itoa(st.Year)}))
	}
	s.showDepartments(st)
}

// setNote shows a tile's note, wrapped as its script wants: Chinese between any two
// characters, English between words.
func setNote(l *widget.Label, text string) {
	l.Wrapping = fyne.TextWrapWord
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			l.Wrapping = fyne.TextWrapBreak
			break
		}
	}
	l.SetText(text)
}

func ratioFields(r meeting.Ratio) map[string]string {
	return map[string]string{"Num": strconv.Itoa(r.Num), "Den": strconv.Itoa(r.Den)}
}

func ratioNote(r meeting.Ratio, valid, empty string) string {
	if r.Valid() {
		return valid
	}
	return empty
}

// departmentColumns are the widths of the department table's columns.
var departmentColumns = []float32{0.3, 0.13, 0.13, 0.13, 0.13, 0}

// showDepartments fills the table of lead departments, most overdue first, with a total.
func (s *statsScreen) showDepartments(st meeting.Statistics) {
	s.departments.Objects = nil
	if len(st.Departments) == 0 {
		none := widget.NewLabel(lang.L("暂无议定事项"))
		none.Importance = widget.LowImportance
		s.departments.Objects = []fyne.CanvasObject{none}
		s.departments.Refresh()
		return
	}
	bold := fyne.TextStyle{Bold: true}
	s.departments.Add(departmentRow(bold, lang.L("部门"), lang.L("未办结"), lang.L("已办结"), lang.L("已逾期"), lang.L("即将到期"), lang.L("按期办结率")))
	s.departments.Add(widget.NewSeparator())
	for i, d := range st.Departments {
		row := departmentRow(fyne.TextStyle{}, d.Department, strconv.Itoa(d.Open), strconv.Itoa(d.Done),
			strconv.Itoa(d.Overdue), strconv.Itoa(d.DueSoon), d.OnTime.String())
		if d.Overdue > 0 {
			row.Objects[3].(*widget.Label).Importance = widget.DangerImportance
		}
		// Every other row is shaded, so the eye keeps its line across the wide table.
		stripe := canvas.NewRectangle(color.Transparent)
		if i%2 == 1 {
			stripe.FillColor = theme.Color(theme.ColorNameInputBackground)
		}
		s.departments.Add(container.NewStack(stripe, row))
	}
	s.departments.Add(widget.NewSeparator())
	s.departments.Add(departmentRow(bold, lang.L("合计"), strconv.Itoa(st.ItemsOpen), strconv.Itoa(st.ItemsDone),
		strconv.Itoa(st.ItemsOverdue), strconv.Itoa(st.ItemsDueSoon), st.OnTime.String()))
	s.departments.Refresh()
}

// departmentRow lays out one row of the department table: the name, then numbers
// aligned to the right of their columns.
func departmentRow(style fyne.TextStyle, cells ...string) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(cells))
	for i, text := range cells {
		align := fyne.TextAlignTrailing
		if i == 0 {
			align = fyne.TextAlignLeading
		}
		l := widget.NewLabelWithStyle(text, align, style)
		if i == 0 {
			l.Wrapping = fyne.TextWrapBreak
		}
		objs[i] = l
	}
	return container.New(newColumns(theme.Padding(), departmentColumns...), objs...)
}

// updateYears offers every year with data, the current year and the chosen one.
func (s *statsScreen) updateYears(years []int) {
	seen := map[int]bool{}
	var list []int
	add := func(y int) {
		if y > 0 && !seen[y] {
			seen[y] = true
			list = append(list, y)
		}
	}
	for _, y := range years {
		add(y)
	}
	add(s.u.now().Year())
	add(s.selectedYear())
	// Newest first, as Stats lists them; the additions may belong anywhere.
	slices.SortFunc(list, func(a, b int) int { return cmp.Compare(b, a) })
	opts := []string{allYearsText()}
	for _, y := range list {
		opts = append(opts, strconv.Itoa(y))
	}
	if !slices.Equal(opts, s.year.Options) {
		s.year.Options = opts
		s.year.Refresh()
	}
}
