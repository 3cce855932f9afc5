package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/export/archive"
	"backstop/meeting"
)

// deliveryPanel is 分送与签收 on the preview step of locked minutes: one row per
// department whose excerpt of the last finalized revision is due, with where it
// stands; a row records the hand-over in place (method, day, receiver) and takes the
// scanned, signed receipt once delivered.
type deliveryPanel struct {
	e    *meetingEditor
	box  *fyne.Container
	rows []*deliveryRow
	// changed runs after the panel showed new deliveries.
	changed func()
}

type deliveryRow struct {
	panel    *deliveryPanel
	d        meeting.Delivery
	status   *widget.Label
	record   *widget.Button
	receipt  *widget.Button
	form     *fyne.Container
	method   *widget.RadioGroup
	day      *dateField
	by       *entry
	save     *widget.Button
	problem  *problemLabel
	body     *fyne.Container
	dayValue meeting.Date
}

func newDeliveryPanel(e *meetingEditor) *deliveryPanel {
	return &deliveryPanel{e: e, box: container.NewVBox()}
}

func methodLabels() []string {
	var out []string
	for _, m := range meeting.DeliveryMethods {
		out = append(out, lang.L(m.Label()))
	}
	return out
}

// refresh shows the stored deliveries of the meeting.
func (p *deliveryPanel) refresh() {
	m := p.e.m
	rev, ok := m.DeliveryRevision()
	p.rows = p.rows[:0]
	if p.changed != nil {
		defer p.changed()
	}
	var objs []fyne.CanvasObject
	if !ok || len(rev.Deliveries) == 0 {
		l := widget.NewLabel(lang.L("该版定稿时尚未登记分送单位。"))
		l.Importance = widget.LowImportance
		p.box.Objects = append(objs, l)
		p.box.Refresh()
		return
	}
	left := m.Undelivered()
	summary := widget.NewLabel(lang.L("第 {{.N}} 版分送件：{{.Done}} 个单位已送达，{{.Left}} 个未送达。",
		map[string]any{"N": rev.N, "Done": len(rev.Deliveries) - len(left), "Left": len(left)}))
	if len(left) > 0 {
		summary.Importance = widget.WarningImportance
	}
	objs = append(objs, summary)
	for _, d := range rev.Deliveries {
		r := p.newRow(d)
		p.rows = append(p.rows, r)
		objs = append(objs, r.body)
	}
	p.box.Objects = objs
	p.box.Refresh()
}

// statusText is where a delivery stands, in the interface's language.
func statusText(d meeting.Delivery) string {
	if !d.Delivered() {
		return lang.L("未送达")
	}
	s := lang.L("{{.Date}} {{.Method}}，签收人 {{.By}}", map[string]any{"Date": d.On.Chinese(), "Method": lang.L(d.Method.Label()), "By": d.ReceivedBy})
	if d.Receipt != nil {
		s += " · " + lang.L("回执已存档")
	}
	return s
}

func (p *deliveryPanel) newRow(d meeting.Delivery) *deliveryRow {
	e := p.e
	r := &deliveryRow{panel: p, d: d, problem: newProblemLabel()}
	r.status = widget.NewLabel(statusText(d))
	if !d.Delivered() {
		r.status.Importance = widget.WarningImportance
	}
	label := lang.L("登记送达")
	if d.Delivered() {
		label = lang.L("更正")
	}
	r.record = widget.NewButtonWithIcon(label, theme.DocumentCreateIcon(), r.openForm)
	r.receipt = widget.NewButtonWithIcon(lang.L("附签收回执"), theme.UploadIcon(), r.onReceipt)
	r.record.Importance, r.receipt.Importance = widget.LowImportance, widget.LowImportance
	setEnabled(d.Receipt == nil, r.record)
	setEnabled(d.Delivered() && d.Receipt == nil, r.receipt)
	e.u.writing(r.record, r.receipt)

	r.method = widget.NewRadioGroup(methodLabels(), nil)
	r.method.Horizontal = true
	r.method.Selected = lang.L(meeting.DeliveredOnSite.Label())
	r.dayValue = e.u.today()
	if d.Delivered() {
		r.method.Selected = lang.L(d.Method.Label())
		r.dayValue = d.On
	}
	r.day = newDateField(func() fyne.Window { return e.u.win }, r.dayValue, func(v meeting.Date, err error) {
		if err == nil {
			r.dayValue = v
		}
	})
	r.by = newEntry()
	r.by.SetPlaceHolder(lang.L("签收人姓名"))
	r.by.SetText(d.ReceivedBy)
	if d.ReceivedBy == "" {
		r.by.SetText(e.representative(d.Department))
	}
	r.by.OnSubmitted = func(string) { r.onSave() }
	r.by.OnChanged = func(string) { r.showProblems(nil) }
	r.save = widget.NewButtonWithIcon(lang.L("保存"), theme.ConfirmIcon(), r.onSave)
	r.save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("取消"), r.closeForm)
	r.form = container.NewVBox(
		formGrid(
			fieldLabel(lang.L("送达方式")), r.method,
			fieldLabel(lang.L("送达日期")), r.day.object(),
			fieldLabel(lang.L("签收人")), r.by,
		),
		r.problem,
		container.NewHBox(r.save, cancel),
	)
	r.form.Hide()
	name := widget.NewLabelWithStyle(d.Department, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	line := container.NewBorder(nil, nil, name, container.NewHBox(r.record, r.receipt), r.status)
	r.body = container.NewVBox(line, r.form)
	return r
}

// representative is the person who attended for the department: the usual receiver
// of an excerpt handed over in the room.
func (e *meetingEditor) representative(department string) string {
	for _, a := range e.m.Attendance {
		if a.Department == department {
			return a.Person
		}
	}
	return ""
}

func (r *deliveryRow) openForm() {
	r.form.Show()
	r.relayout()
	r.panel.e.u.focusSelecting(r.by)
}

func (r *deliveryRow) closeForm() {
	r.showProblems(nil)
	r.form.Hide()
	r.relayout()
}

// relayout sizes the row again after part of it was shown or hidden (a hidden object
// is never laid out, so it would be drawn at size zero).
func (r *deliveryRow) relayout() {
	r.form.Refresh()
	r.body.Refresh()
	r.panel.box.Refresh()
}

func (r *deliveryRow) showProblems(msgs []string) {
	if was := r.problem.Visible(); was != (len(msgs) > 0) || len(msgs) > 0 {
		r.problem.set(msgs)
		r.relayout()
	}
}

// onSave records the delivery; a problem is shown in the form, which keeps what was
// typed.
func (r *deliveryRow) onSave() {
	e := r.panel.e
	k := slices.Index(methodLabels(), r.method.Selected)
	var method meeting.DeliveryMethod
	if k >= 0 {
		method = meeting.DeliveryMethods[k]
	}
	if r.day.err != "" {
		r.showProblems([]string{lang.L("送达日期无效，应写成 2026-10-12。")})
		return
	}
	m, err := e.u.store.Deliver(e.m.ID, meeting.DeliveryRecord{Department: r.d.Department, Method: method, On: r.dayValue, ReceivedBy: r.by.Text}, e.u.now())
	if err != nil {
		var msgs []string
		for _, p := range meeting.ProblemsOf(err) {
			msgs = append(msgs, p.Message)
		}
		if len(msgs) == 0 {
			msgs = []string{meeting.ErrorMessage(err)}
		}
		r.showProblems(msgs)
		return
	}
	e.m.Revisions = m.Revisions
	e.m.Updated = m.Updated
	r.panel.refresh()
	e.u.board.reload()
}

// onReceipt asks for the scanned receipt and archives it.
func (r *deliveryRow) onReceipt() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			r.panel.e.u.showError(err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		r.attachReceipt(path)
	}, r.panel.e.u.win)
	d.Show()
}

// attachReceipt copies the receipt at path into the archive, off the UI goroutine.
func (r *deliveryRow) attachReceipt(path string) {
	e := r.panel.e
	u, id, dept, at := e.u, e.m.ID, r.d.Department, e.u.now()
	var saved meeting.Meeting
	u.background(lang.L("附签收回执"), func() error {
		var err error
		saved, err = archive.AttachReceipt(u.store, u.opts.DataDir, id, dept, path, at)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err) // also when it is saved but the shared database lacks the file yet
		}
		if saved.ID != 0 && u.editor == e {
			e.m.Revisions = saved.Revisions
			r.panel.refresh()
		}
	})
}

// undeliveredNote is the warning archiving gives while excerpts are undelivered.
func undeliveredNote(m *meeting.Meeting) string {
	left := m.Undelivered()
	if len(left) == 0 {
		return ""
	}
	return lang.L("以下 {{.N}} 个单位的分送件尚未登记送达：{{.Names}}。", map[string]any{"N": len(left), "Names": strings.Join(left, "、")})
}
