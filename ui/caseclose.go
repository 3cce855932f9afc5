package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// caseStatusLabel says where a case stands: open, reopened after a call-back (with
// the reason), or closed on its day.
func caseStatusLabel(c meeting.Case) fyne.CanvasObject {
	var text string
	switch {
	case c.Status == meeting.CaseClosed:
		text = lang.L("已办结（{{.Date}}）", map[string]any{"Date": c.ClosedOn.Chinese()})
	case c.ReopenReason != "":
		text = lang.L("办理中：回访不满意后重新办理（{{.Reason}}）", map[string]any{"Reason": c.ReopenReason})
	default:
		text = lang.L(c.Status.Label())
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// replyChannels are the ways of answering an applicant offered in the reply form;
// any other can be typed.
var replyChannels = []string{"电话", "书面", "当面", "短信", "政务服务平台"}

// caseClosing is the part of a stored case's screen that finishes it: its follow-up
// items, the reply to the applicant that closes it (答复), and the call-backs (回访).
// It changes the case only through the store's CloseCase and RecordCallBack, and
// calls changed with the case as stored.
type caseClosing struct {
	u       *UI
	c       meeting.Case
	changed func(meeting.Case)
	problem *problemLabel
}

func newCaseClosing(u *UI, c meeting.Case, changed func(meeting.Case)) *caseClosing {
	return &caseClosing{u: u, c: c, changed: changed, problem: newProblemLabel()}
}

func (k *caseClosing) build() fyne.CanvasObject {
	items, err := k.u.store.FollowUps(meeting.FollowUpFilter{Case: k.c.ID})
	if err != nil {
		return widget.NewLabel(meeting.ErrorMessage(err))
	}
	heading := widget.NewLabelWithStyle(lang.L("办结与回访"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	parts := []fyne.CanvasObject{widget.NewSeparator(), heading, k.itemList(items)}
	if k.c.Reply != nil {
		reply := widget.NewLabel(lang.L("{{.Date}}以{{.Channel}}方式答复：{{.Content}}",
			map[string]any{"Date": k.c.Reply.On.Chinese(), "Channel": k.c.Reply.Channel, "Content": k.c.Reply.Content}))
		reply.Wrapping = fyne.TextWrapWord
		parts = append(parts, reply)
	}
	for _, cb := range k.c.CallBacks {
		text := lang.L("{{.Date}}回访：{{.Result}}", map[string]any{"Date": cb.On.Chinese(), "Result": lang.L(cb.Result.Label())})
		if cb.Note != "" {
			text += "。" + cb.Note
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		parts = append(parts, l)
	}
	if k.c.Status == meeting.CaseClosed {
		parts = append(parts, k.callBackForm())
	} else {
		parts = append(parts, k.replyForm(items))
	}
	return container.NewVBox(append(parts, k.problem)...)
}

// itemList lists the case's follow-up items with where each stands.
func (k *caseClosing) itemList(items []meeting.FollowUp) fyne.CanvasObject {
	box := container.NewVBox()
	if len(items) == 0 {
		l := widget.NewLabel(lang.L("本诉求没有督办事项（尚未在定稿的纪要中议定）。"))
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	for _, f := range items {
		l := widget.NewLabel(fmt.Sprintf("%s · %s：%s", f.Number, f.Lead, k.u.dueText(f)))
		l.Truncation = fyne.TextTruncateEllipsis
		if f.Overdue(k.u.today()) {
			l.Importance = widget.DangerImportance
		}
		box.Add(l)
	}
	return box
}

// replyForm records the reply and closes the case; it says first what still keeps
// the case open.
func (k *caseClosing) replyForm(items []meeting.FollowUp) fyne.CanvasObject {
	on, day := dayField(k.u)
	channel := widget.NewSelectEntry(translated(replyChannels))
	channel.SetPlaceHolder(lang.L("答复方式"))
	content := multiLine(lang.L("答复内容：向申请人说明办理结果"), 3)
	closeBtn := widget.NewButtonWithIcon(lang.L("登记答复并办结"), theme.ConfirmIcon(), func() {
		c, err := k.u.store.CloseCase(k.c.ID, meeting.Reply{On: *day, Channel: channel.Text, Content: content.Text})
		if err != nil {
			k.problem.set([]string{meeting.ErrorMessage(err)})
			return
		}
		k.changed(c)
	})
	closeBtn.Importance = widget.HighImportance
	k.u.writing(closeBtn)
	var open []string
	for _, f := range items {
		if f.Status != meeting.FollowUpDone {
			open = append(open, f.Lead)
		}
	}
	parts := []fyne.CanvasObject{
		formGrid(fieldLabel(lang.L("答复日期")), on.object(), fieldLabel(lang.L("答复方式")), channel, fieldLabel(lang.L("答复内容")), content),
	}
	if len(open) > 0 {
		slices.Sort(open)
		wait := widget.NewLabel(lang.L("还有 {{.N}} 项督办事项未办结（{{.Depts}}），全部办结后才能办结诉求。",
			map[string]any{"N": len(open), "Depts": strings.Join(slices.Compact(open), "、")}))
		wait.Importance = widget.WarningImportance
		wait.Wrapping = fyne.TextWrapWord
		parts = append(parts, wait)
	}
	return container.NewVBox(append(parts, container.NewHBox(closeBtn))...)
}

// callBackForm records a call-back; an unsatisfied applicant reopens the case.
func (k *caseClosing) callBackForm() fyne.CanvasObject {
	on, day := dayField(k.u)
	labels := make([]string, len(meeting.CallBackResults))
	for i, r := range meeting.CallBackResults {
		labels[i] = lang.L(r.Label())
	}
	result := widget.NewRadioGroup(labels, nil)
	result.Horizontal = true
	note := multiLine(lang.L("回访情况；不满意时必须写明原因"), 2)
	record := widget.NewButtonWithIcon(lang.L("登记回访"), theme.ContentAddIcon(), func() {
		cb := meeting.CallBack{On: *day, Note: note.Text}
		if i := slices.Index(labels, result.Selected); i >= 0 {
			cb.Result = meeting.CallBackResults[i]
		}
		c, err := k.u.store.RecordCallBack(k.c.ID, cb)
		if err != nil {
			k.problem.set([]string{meeting.ErrorMessage(err)})
			return
		}
		k.changed(c)
	})
	record.Importance = widget.HighImportance
	k.u.writing(record)
	hint := widget.NewLabel(lang.L("回访不满意的，诉求将重新打开办理。"))
	hint.Importance = widget.LowImportance
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("回访"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		formGrid(fieldLabel(lang.L("回访日期")), on.object(), fieldLabel(lang.L("回访结果")), result, fieldLabel(lang.L("回访情况")), note),
		hint, container.NewHBox(record))
}

// dayField is a date field that starts at today; the returned pointer follows what
// is typed (the zero Date while it is not a date, which the domain then refuses).
func dayField(u *UI) (*dateField, *meeting.Date) {
	d := new(meeting.Date)
	*d = u.today()
	field := newDateField(func() fyne.Window { return u.win }, *d, func(parsed meeting.Date, err error) {
		if err == nil {
			*d = parsed
		} else {
			*d = meeting.Date{}
		}
	})
	return field, d
}
