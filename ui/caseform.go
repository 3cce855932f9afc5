package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// caseForm edits one case with the domain's messages next to the fields. It keeps what
// was typed whether or not it is valid; its owner decides when to store it.
type caseForm struct {
	u        *UI
	c        meeting.Case
	onChange func()
	showAll  bool
	touched  map[string]bool
	problems map[string]*problemLabel

	kind                                    *widget.RadioGroup
	name, creditCode, contact, phone, title *entry
	request, background, missing            *entry
	category, channel                       *widget.Select
	received                                *dateField
	precedents                              *precedentPanel // nil: none shown
}

func newCaseForm(u *UI, c meeting.Case, onChange func()) *caseForm {
	if c.Applicant.Kind == "" {
		c.Applicant.Kind = meeting.Enterprise
	}
	if c.Status == "" {
		c.Status = meeting.CaseOpen
	}
	return &caseForm{u: u, c: c, onChange: onChange, touched: map[string]bool{}, problems: map[string]*problemLabel{}}
}

// setReadOnly switches the form's fields off after build, for a read-only data folder.
func (f *caseForm) setReadOnly() {
	setEnabled(false, f.kind, f.name, f.creditCode, f.contact, f.phone, f.title, f.request, f.background, f.missing, f.category, f.channel)
	f.received.setEnabled(false)
}

func (f *caseForm) edited(path string) {
	f.touched[path] = true
	f.refreshProblems()
	if f.precedents != nil && (path == "title" || path == "category") {
		f.precedents.refresh(f.c)
	}
	if f.onChange != nil {
		f.onChange()
	}
}

func (f *caseForm) entry(value, placeholder, path string, set func(string)) *entry {
	w := newEntry()
	w.SetPlaceHolder(placeholder)
	w.SetText(value)
	w.OnChanged = func(s string) { set(meeting.CleanLine(s)); f.edited(path) }
	return w
}

func (f *caseForm) long(value, placeholder, path string, set func(string)) *entry {
	w := multiLine(placeholder, 3)
	w.SetText(value)
	w.OnChanged = func(s string) { set(meeting.CleanText(s)); f.edited(path) }
	return w
}

func (f *caseForm) row(label, path string, w fyne.CanvasObject) []fyne.CanvasObject {
	p := newProblemLabel()
	f.problems[path] = p
	return []fyne.CanvasObject{fieldLabel(label), withProblem(w, p)}
}

// selectOf builds a select over labels, translated, setting the chosen index.
func selectOf(labels []string, current int, onIndex func(int)) *widget.Select {
	var opts []string
	for _, l := range labels {
		opts = append(opts, lang.L(l))
	}
	s := widget.NewSelect(opts, nil)
	if current >= 0 {
		s.SetSelectedIndex(current)
	}
	s.PlaceHolder = lang.L("请选择")
	s.OnChanged = func(string) { onIndex(s.SelectedIndex()) }
	return s
}

func (f *caseForm) build() fyne.CanvasObject {
	c := &f.c
	kinds := []meeting.ApplicantKind{meeting.Enterprise, meeting.Person}
	f.kind = widget.NewRadioGroup([]string{lang.L(meeting.Enterprise.Label()), lang.L(meeting.Person.Label())}, nil)
	f.kind.Horizontal = true
	f.kind.Required = true
	for i, k := range kinds {
		if k == c.Applicant.Kind {
			f.kind.Selected = f.kind.Options[i]
		}
	}
	f.kind.OnChanged = func(s string) {
		for i, k := range kinds {
			if f.kind.Options[i] == s {
				c.Applicant.Kind = k
			}
		}
		if c.Applicant.Kind == meeting.Person {
			c.Applicant.CreditCode = ""
			f.creditCode.SetText("")
			f.creditCode.Disable()
		} else {
			f.creditCode.Enable()
		}
		f.edited("applicant.kind")
	}
	f.name = f.entry(c.Applicant.Name, lang.L("企业名称或申请人姓名"), "applicant.name", func(s string) { c.Applicant.Name = s })
	f.creditCode = f.entry(c.Applicant.CreditCode, lang.L("18 位统一社会信用代码"), "applicant.credit_code", func(s string) {
		c.Applicant.CreditCode = meeting.NormalizeCreditCode(s)
	})
	if c.Applicant.Kind == meeting.Person {
		f.creditCode.Disable()
	}
	f.contact = f.entry(c.Applicant.Contact, lang.L("联系人"), "applicant.contact", func(s string) { c.Applicant.Contact = s })
	f.phone = f.entry(c.Applicant.Phone, lang.L("联系电话"), "applicant.phone", func(s string) { c.Applicant.Phone = s })

	var catLabels, chLabels []string
	cat, ch := -1, -1
	for i, v := range meeting.Categories {
		catLabels = append(catLabels, v.Label())
		if v == c.Category {
			cat = i
		}
	}
	for i, v := range meeting.Channels {
		chLabels = append(chLabels, v.Label())
		if v == c.Channel {
			ch = i
		}
	}
	f.category = selectOf(catLabels, cat, func(i int) { c.Category = meeting.Categories[i]; f.edited("category") })
	f.channel = selectOf(chLabels, ch, func(i int) { c.Channel = meeting.Channels[i]; f.edited("channel") })
	f.received = newDateField(func() fyne.Window { return f.u.win }, c.Received, func(d meeting.Date, err error) {
		if err == nil {
			c.Received = d
			f.edited("received")
		}
	})
	f.title = f.entry(c.Title, lang.L("一句话概括诉求"), "title", func(s string) { c.Title = s })
	f.request = f.long(c.Request, lang.L("申请人请求办理的事项"), "request", func(s string) { c.Request = s })
	f.background = f.long(c.Background, lang.L("背景情况，可不填"), "background", func(s string) { c.Background = s })
	f.missing = f.long(c.MissingMaterials, lang.L("缺少的材料，可不填"), "missing_materials", func(s string) { c.MissingMaterials = s })

	var rows []fyne.CanvasObject
	rows = append(rows, f.row(lang.L("申请人类型"), "applicant.kind", f.kind)...)
	rows = append(rows, f.row(lang.L("申请人"), "applicant.name", f.name)...)
	rows = append(rows, f.row(lang.L("统一社会信用代码"), "applicant.credit_code", f.creditCode)...)
	rows = append(rows, f.row(lang.L("联系人"), "applicant.contact", f.contact)...)
	rows = append(rows, f.row(lang.L("联系电话"), "applicant.phone", f.phone)...)
	rows = append(rows, f.row(lang.L("诉求类别"), "category", f.category)...)
	rows = append(rows, f.row(lang.L("受理渠道"), "channel", f.channel)...)
	rows = append(rows, f.row(lang.L("受理日期"), "received", f.received.object())...)
	rows = append(rows, f.row(lang.L("诉求标题"), "title", f.title)...)
	rows = append(rows, f.row(lang.L("诉求内容"), "request", f.request)...)
	rows = append(rows, f.row(lang.L("背景情况"), "background", f.background)...)
	rows = append(rows, f.row(lang.L("缺少的材料"), "missing_materials", f.missing)...)
	rows = append(rows, f.row(lang.L("办理状态"), "status", caseStatusLabel(*c))...)
	if f.precedents == nil {
		return formGrid(rows...)
	}
	f.precedents.refresh(*c)
	return container.NewVBox(formGrid(rows...), f.precedents.object())
}

// validate shows the problems and reports whether the case may be stored.
func (f *caseForm) validate() bool {
	f.refreshProblems()
	return len(f.c.Validate()) == 0
}

func (f *caseForm) refreshProblems() {
	ps := f.c.Validate()
	for path, p := range f.problems {
		if f.showAll || f.touched[path] {
			p.set(ps.For(path))
		} else {
			p.set(nil)
		}
	}
}

// showCaseDialog registers a new case in a dialog: 登记 stores it when valid and calls
// onSaved; otherwise the messages appear next to the fields and the dialog stays. It
// returns the dialog's form.
func showCaseDialog(u *UI, initial meeting.Case, onSaved func(meeting.Case)) *caseForm {
	f := newCaseForm(u, initial, nil)
	f.precedents = newPrecedentPanel(u, false)
	form := f.build()
	var d dialog.Dialog
	save := widget.NewButton(lang.L("登记"), func() {
		f.showAll = true
		if !f.validate() {
			return
		}
		c := f.c
		if err := u.store.SaveCase(&c); err != nil {
			u.showError(err)
			return
		}
		d.Hide()
		onSaved(c)
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("取消"), func() { d.Hide() })
	scroll := u.followScroll(container.NewVScroll(form), true)
	scroll.SetMinSize(fyne.NewSize(720, 520))
	body := container.NewBorder(nil, container.NewCenter(container.NewHBox(cancel, save)), nil, nil, scroll)
	d = dialog.NewCustomWithoutButtons(lang.L("登记新诉求"), body, u.win)
	d.Show()
	u.focus(f.name)
	return f
}
