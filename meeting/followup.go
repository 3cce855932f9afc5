package meeting

import (
	"cmp"
	"fmt"
	"slices"
)

// FollowUpStatus is where a follow-up item (督办事项) stands. Overdue is not a status:
// it follows from the due date and the day it is asked (FollowUp.Overdue).
type FollowUpStatus string

// Follow-up statuses: pending → in_progress → done; Reopen returns done to in_progress.
const (
	FollowUpPending    FollowUpStatus = "pending"     // 待办理
	FollowUpInProgress FollowUpStatus = "in_progress" // 办理中
	FollowUpDone       FollowUpStatus = "done"        // 已办结
)

// FollowUpStatuses lists every status in lifecycle order.
var FollowUpStatuses = []FollowUpStatus{FollowUpPending, FollowUpInProgress, FollowUpDone}

// Label returns the Chinese name of the follow-up status.
func (s FollowUpStatus) Label() string {
	switch s {
	case FollowUpPending:
		return "待办理"
	case FollowUpInProgress:
		return "办理中"
	case FollowUpDone:
		return "已办结"
	}
	return string(s)
}

// ProgressEntry is one dated report on a follow-up item: who reported what.
type ProgressEntry struct {
	On       Date   `json:"on"`
	Reporter string `json:"reporter"`
	Text     string `json:"text"`
}

// FollowUp is one decision of finalized minutes, followed until its lead department
// has done it (督办). It copies what the decision says, so that the item still reads
// right when the minutes are amended; DecisionUID ties it to the decision.
type FollowUp struct {
	ID             ID              `json:"id,omitempty"`
	DecisionUID    string          `json:"decision_uid,omitempty"`
	MeetingID      ID              `json:"meeting_id"`
	MeetingDate    Date            `json:"meeting_date"` // nothing is done before the meeting
	Number         DocNumber       `json:"number"`
	Revision       int             `json:"revision"`
	CaseID         ID              `json:"case_id"`
	Text           string          `json:"text"`
	Lead           string          `json:"lead"`
	Cooperating    []string        `json:"cooperating,omitempty"`
	Due            Date            `json:"due,omitzero"`
	Status         FollowUpStatus  `json:"status"`
	CompletedOn    Date            `json:"completed_on,omitzero"`
	CompletionNote string          `json:"completion_note,omitempty"`
	Progress       []ProgressEntry `json:"progress,omitempty"`
}

// Clone returns a copy of f that shares no slice with f.
func (f FollowUp) Clone() FollowUp {
	f.Cooperating = slices.Clone(f.Cooperating)
	f.Progress = slices.Clone(f.Progress)
	return f
}

// FollowUpsFor returns a pending item for every decision of finalized minutes, in
// agenda and decision order. Every decision is followed whatever the judgment: a
// deferral or refusal still names a department that must explain it to the applicant.
// Minutes still in draft have no items: their decisions may yet change.
func FollowUpsFor(mn Minutes) []FollowUp {
	m := &mn.Meeting
	if m.Editable() {
		return nil
	}
	var out []FollowUp
	for _, it := range m.Agenda {
		for _, d := range it.Decisions {
			out = append(out, FollowUp{
				DecisionUID: d.UID, MeetingID: m.ID, MeetingDate: m.Date,
				Number: m.Number, Revision: m.Revision(), CaseID: it.CaseID,
				Text: d.Text, Lead: d.Lead, Cooperating: slices.Clone(d.Cooperating), Due: d.Due,
				Status: FollowUpPending,
			})
		}
	}
	return out
}

// Name names the item in messages: the minutes' number and its lead department.
func (f *FollowUp) Name() string {
	return fmt.Sprintf("会议纪要%s中由%s牵头的议定事项", f.Number, f.Lead)
}

// checkDay requires a set, valid day not before the meeting.
func (f *FollowUp) checkDay(ps *Problems, d Date, field, label string) {
	if d.IsZero() {
		ps.add(field, "请填写%s。", label)
		return
	}
	ps.checkDate(d, field, label)
	if d.Valid() && !f.MeetingDate.IsZero() && d.Before(f.MeetingDate) {
		ps.add(field, "%s（%s）不能早于会议日期（%s）。", label, d, f.MeetingDate)
	}
}

// AddProgress records a progress report. The first report starts a pending item
// (办理中). A done item takes no reports: reopen it first.
func AddProgress(f *FollowUp, p ProgressEntry) error {
	if f.Status == FollowUpDone {
		return &Error{Code: CodeState, Message: fmt.Sprintf("%s已办结，不能再登记办理进展；如需继续办理，请先重新打开。", f.Name())}
	}
	p.Reporter, p.Text = CleanLine(p.Reporter), CleanText(p.Text)
	var ps Problems
	f.checkDay(&ps, p.On, "progress.on", "进展日期")
	ps.checkText(p.Reporter, textRule{"progress.reporter", "报告人", true, MaxName, false})
	ps.checkText(p.Text, textRule{"progress.text", "办理进展", true, MaxLongText, true})
	if err := ps.Err(); err != nil {
		return err
	}
	f.Progress = append(f.Progress, p)
	f.Status = FollowUpInProgress
	return nil
}

// Complete marks the item done (办结) on the given day with a note of what was done.
// Both are required; the day may not be before the meeting.
func Complete(f *FollowUp, on Date, note string) error {
	if f.Status == FollowUpDone {
		return &Error{Code: CodeState, Message: fmt.Sprintf("%s已于%s办结，不能重复办结。", f.Name(), f.CompletedOn.Chinese())}
	}
	note = CleanText(note)
	var ps Problems
	f.checkDay(&ps, on, "completed_on", "办结日期")
	ps.checkText(note, textRule{"completion_note", "办结情况说明", true, MaxLongText, true})
	if err := ps.Err(); err != nil {
		return err
	}
	f.Status, f.CompletedOn, f.CompletionNote = FollowUpDone, on, note
	return nil
}

// Reopen returns a done item to 办理中, for when the work turns out unfinished. The
// reason and the completion it undoes are kept as a progress entry, so the history
// shows both.
func Reopen(f *FollowUp, on Date, reporter, reason string) error {
	if f.Status != FollowUpDone {
		return &Error{Code: CodeState, Message: fmt.Sprintf("%s当前为「%s」，只有已办结的事项可以重新打开。", f.Name(), f.Status.Label())}
	}
	reporter, reason = CleanLine(reporter), CleanText(reason)
	var ps Problems
	f.checkDay(&ps, on, "reopen.on", "重新打开日期")
	ps.checkText(reporter, textRule{"reopen.reporter", "经办人", true, MaxName, false})
	ps.checkText(reason, textRule{"reopen.reason", "重新打开的理由", true, MaxLongText, true})
	if err := ps.Err(); err != nil {
		return err
	}
	f.Progress = append(f.Progress, ProgressEntry{On: on, Reporter: reporter,
		Text: fmt.Sprintf("重新打开：%s（原于%s办结：%s）", reason, f.CompletedOn.Chinese(), f.CompletionNote)})
	f.Status, f.CompletedOn, f.CompletionNote = FollowUpInProgress, Date{}, ""
	return nil
}

// Overdue reports whether the item is not done and its due day has passed by today.
// An item without a due day is never overdue.
func (f *FollowUp) Overdue(today Date) bool {
	return f.Status != FollowUpDone && !f.Due.IsZero() && f.Due.Before(today)
}

// DaysOverdue returns the calendar days since the due day, 0 when not overdue.
func (f *FollowUp) DaysOverdue(today Date) int {
	if !f.Overdue(today) {
		return 0
	}
	return int(today.Time().Sub(f.Due.Time()).Hours() / 24)
}

// DueWithin reports whether an open item falls due from today up to the nth working
// day after today, counting by cal (nil: Monday–Friday). A due day off work just
// after that nth working day counts too: nothing can be done before it.
func (f *FollowUp) DueWithin(today Date, n int, cal *Calendar) bool {
	if n < 0 {
		return false
	}
	return f.dueBefore(today, dueSoonCutoff(today, n, cal))
}

// BoardCutoff is the first day the board no longer looks at on today: open items
// due before it are overdue or due soon. A store can use it to read only those.
func BoardCutoff(today Date, cal *Calendar) Date {
	return dueSoonCutoff(today, BoardDueSoonWorkdays, cal)
}

// dueSoonCutoff is the first day no longer "due within n working days": the
// (n+1)th working day after today.
func dueSoonCutoff(today Date, n int, cal *Calendar) Date {
	if cal == nil {
		cal = NewCalendar()
	}
	cutoff, _ := cal.AddWorkdays(today, n+1)
	return cutoff
}

func (f *FollowUp) dueBefore(today, cutoff Date) bool {
	return f.Status != FollowUpDone && !f.Due.IsZero() && !f.Due.Before(today) && f.Due.Before(cutoff)
}

// Reply is the answer given to the applicant (答复), which closes the case.
type Reply struct {
	On      Date   `json:"on"`
	Channel string `json:"channel"` // how it was given: 电话, 书面, 当面…
	Content string `json:"content"`
}

// Validate returns the problems of the reply.
func (r *Reply) Validate() Problems {
	var ps Problems
	if r.On.IsZero() {
		ps.add("reply.on", "请填写答复日期。")
	}
	ps.checkDate(r.On, "reply.on", "答复日期")
	ps.checkText(r.Channel, textRule{"reply.channel", "答复方式", true, MaxTitle, false})
	ps.checkText(r.Content, textRule{"reply.content", "答复内容", true, MaxLongText, true})
	return ps
}

// CallBackResult is how satisfied the applicant said they were at the call-back.
type CallBackResult string

// Call-back results.
const (
	Satisfied          CallBackResult = "satisfied"           // 满意
	BasicallySatisfied CallBackResult = "basically_satisfied" // 基本满意
	Unsatisfied        CallBackResult = "unsatisfied"         // 不满意
)

// CallBackResults lists every result in display order.
var CallBackResults = []CallBackResult{Satisfied, BasicallySatisfied, Unsatisfied}

// Label returns the Chinese name of the result.
func (r CallBackResult) Label() string {
	switch r {
	case Satisfied:
		return "满意"
	case BasicallySatisfied:
		return "基本满意"
	case Unsatisfied:
		return "不满意"
	}
	return string(r)
}

// CallBack is one call to the applicant after the case was closed (回访).
type CallBack struct {
	On     Date           `json:"on"`
	Result CallBackResult `json:"result"`
	Note   string         `json:"note,omitempty"` // required when unsatisfied: why
}

// CanClose returns what still keeps the case from being closed: items of the case
// not done, and a missing or incomplete reply. Items of other cases are ignored. A
// case without items (nothing was decided for it) needs only the reply.
func CanClose(c Case, items []FollowUp) Problems {
	var ps Problems
	for i := range items {
		f := &items[i]
		if f.CaseID == c.ID && f.Status != FollowUpDone {
			ps.add("follow_ups", "%s（%s）尚未办结。", f.Name(), f.Status.Label())
		}
	}
	if c.Reply == nil {
		ps.add("reply", "尚未登记对申请人的答复。")
		return ps
	}
	ps = append(ps, c.Reply.Validate()...)
	if !c.Reply.On.IsZero() && !c.Received.IsZero() && c.Reply.On.Before(c.Received) {
		ps.add("reply.on", "答复日期（%s）不能早于受理日期（%s）。", c.Reply.On, c.Received)
	}
	return ps
}

// CloseCase records the reply and closes the case (办结) on the reply's day, when
// every item of the case is done. A closed case is refused: record a call-back.
func CloseCase(c *Case, items []FollowUp, reply Reply) error {
	if c.Status == CaseClosed {
		return &Error{Code: CodeState, Message: fmt.Sprintf("诉求「%s」已于%s办结，不能重复办结。", c.Title, c.ClosedOn.Chinese())}
	}
	reply.Channel, reply.Content = CleanLine(reply.Channel), CleanText(reply.Content)
	try := *c
	try.Reply = &reply
	if ps := CanClose(try, items); len(ps) > 0 {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("诉求「%s」暂不能办结：", c.Title), Problems: ps}
	}
	c.Reply, c.ClosedOn, c.Status, c.ReopenReason = &reply, reply.On, CaseClosed, ""
	return nil
}

// RecordCallBack records a call-back on a closed case (回访). An unsatisfied
// applicant reopens the case: it returns to open with the note as the reason, and is
// closed again by a new reply. The note is required then.
func RecordCallBack(c *Case, cb CallBack) error {
	if c.Status != CaseClosed {
		return &Error{Code: CodeState, Message: fmt.Sprintf("诉求「%s」尚未办结，办结并答复后才能回访。", c.Title)}
	}
	cb.Note = CleanText(cb.Note)
	var ps Problems
	if cb.On.IsZero() {
		ps.add("call_back.on", "请填写回访日期。")
	}
	ps.checkDate(cb.On, "call_back.on", "回访日期")
	if cb.On.Valid() && !cb.On.IsZero() && cb.On.Before(c.ClosedOn) {
		ps.add("call_back.on", "回访日期（%s）不能早于办结日期（%s）。", cb.On, c.ClosedOn)
	}
	if !slices.Contains(CallBackResults, cb.Result) {
		ps.add("call_back.result", "请选择回访结果（满意、基本满意或不满意）。")
	}
	ps.checkText(cb.Note, textRule{"call_back.note", "回访情况（不满意的原因）", cb.Result == Unsatisfied, MaxLongText, true})
	if err := ps.Err(); err != nil {
		return err
	}
	c.CallBacks = append(c.CallBacks, cb)
	if cb.Result == Unsatisfied {
		c.Status, c.ClosedOn, c.ReopenReason = CaseOpen, Date{}, cb.Note
	}
	return nil
}

// BoardDueSoonWorkdays is how many working days ahead the board looks.
const BoardDueSoonWorkdays = 3

// BoardDepartment is one lead department's row of the board.
type BoardDepartment struct {
	Department string     `json:"department"`
	Overdue    []FollowUp `json:"overdue"`  // most overdue first
	DueSoon    []FollowUp `json:"due_soon"` // soonest first
}

// BoardView is the 督办 board: open items overdue or due within
// BoardDueSoonWorkdays working days, by lead department.
type BoardView struct {
	Today       Date              `json:"today"`
	Overdue     int               `json:"overdue"`
	DueSoon     int               `json:"due_soon"`
	Departments []BoardDepartment `json:"departments"` // most overdue first, then most due soon, then by name
	Warnings    []string          `json:"warnings,omitempty"`
}

// Board builds the board of items on today. cal nil counts Monday–Friday; Warnings
// names the years in the look-ahead that have no holiday arrangement.
func Board(items []FollowUp, today Date, cal *Calendar) BoardView {
	if cal == nil {
		cal = NewCalendar()
	}
	cutoff := BoardCutoff(today, cal)
	v := BoardView{Today: today, Warnings: cal.Warnings(today, cutoff)}
	byDept := map[string]*BoardDepartment{}
	row := func(name string) *BoardDepartment {
		r, ok := byDept[name]
		if !ok {
			r = &BoardDepartment{Department: name}
			byDept[name] = r
		}
		return r
	}
	for _, f := range items {
		switch {
		case f.Overdue(today):
			r := row(f.Lead)
			r.Overdue = append(r.Overdue, f)
			v.Overdue++
		case f.dueBefore(today, cutoff):
			r := row(f.Lead)
			r.DueSoon = append(r.DueSoon, f)
			v.DueSoon++
		}
	}
	byDue := func(a, b FollowUp) int {
		return cmp.Or(compareDates(a.Due, b.Due), cmp.Compare(a.Number.Year, b.Number.Year),
			cmp.Compare(a.Number.Seq, b.Number.Seq), cmp.Compare(a.ID, b.ID))
	}
	for _, r := range byDept {
		slices.SortStableFunc(r.Overdue, byDue)
		slices.SortStableFunc(r.DueSoon, byDue)
		v.Departments = append(v.Departments, *r)
	}
	slices.SortFunc(v.Departments, func(a, b BoardDepartment) int {
		return cmp.Or(-cmp.Compare(len(a.Overdue), len(b.Overdue)), -cmp.Compare(len(a.DueSoon), len(b.DueSoon)),
			cmp.Compare(a.Department, b.Department))
	})
	return v
}

// Summary is the sentence the app shows on start.
func (v BoardView) Summary() string {
	switch {
	case v.Overdue > 0 && v.DueSoon > 0:
		return fmt.Sprintf("有 %d 项议定事项已逾期，%d 项将在 %d 个工作日内到期。", v.Overdue, v.DueSoon, BoardDueSoonWorkdays)
	case v.Overdue > 0:
		return fmt.Sprintf("有 %d 项议定事项已逾期。", v.Overdue)
	case v.DueSoon > 0:
		return fmt.Sprintf("有 %d 项议定事项将在 %d 个工作日内到期。", v.DueSoon, BoardDueSoonWorkdays)
	}
	return "没有逾期或即将到期的议定事项。"
}
