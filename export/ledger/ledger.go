package ledger

import (
	"errors"
	"fmt"
	"strconv"

	"backstop/meeting"
)

// Sheet names one table of the ledger.
type Sheet string

// The sheets, named as they appear in the workbook.
const (
	CasesSheet      Sheet = "诉求台账"
	ItemsSheet      Sheet = "督办台账"
	DeliveriesSheet Sheet = "分送台账" // each excerpt of the meetings' last finalized revisions
)

// ErrSheet is returned for an Options.Sheet that names neither sheet.
var ErrSheet = errors.New("ledger: unknown sheet")

// Options chooses what the ledger lists and how it is titled. The zero value lists
// everything, with no days overdue.
type Options struct {
	// Year keeps the cases received and the items decided at meetings in that year;
	// 0 keeps all years.
	Year int
	// CaseStatus keeps only cases in that status; empty keeps all.
	CaseStatus meeting.CaseStatus
	// ItemStatus keeps only follow-up items in that status; empty keeps all.
	ItemStatus meeting.FollowUpStatus
	// Today is the day days overdue are counted to; zero leaves them at 0.
	Today meeting.Date
	// Title is the workbook's title (document properties and the page header);
	// empty means "台账" with the year when one is set.
	Title string
	// Sheet is the table WriteCSV writes; empty means CasesSheet. WriteXLSX writes all.
	Sheet Sheet
	// Meetings are the meetings whose excerpts DeliveriesSheet lists (those of the
	// last finalized revision of each, numbered in Year when one is set), delivered
	// or not; nil leaves the sheet with its header only.
	Meetings []meeting.Meeting
	// Undelivered keeps only the excerpts not delivered yet on DeliveriesSheet.
	Undelivered bool
}

func (o Options) title() string {
	if o.Title != "" {
		return o.Title
	}
	if o.Year != 0 {
		return strconv.Itoa(o.Year) + "年台账"
	}
	return "台账"
}

func (o Options) keepCase(c *meeting.Case) bool {
	return (o.Year == 0 || c.Received.Year == o.Year) && (o.CaseStatus == "" || c.Status == o.CaseStatus)
}

func (o Options) keepItem(f *meeting.FollowUp) bool {
	return (o.Year == 0 || f.MeetingDate.Year == o.Year) && (o.ItemStatus == "" || f.Status == o.ItemStatus)
}

// deliveryRows returns the rows of DeliveriesSheet.
func (o Options) deliveryRows() [][]any {
	var out [][]any
	for i := range o.Meetings {
		m := &o.Meetings[i]
		rev, ok := m.DeliveryRevision()
		if !ok || (o.Year != 0 && m.Number.Year != o.Year) {
			continue
		}
		for _, d := range rev.Deliveries {
			if o.Undelivered && d.Delivered() {
				continue
			}
			receipt := ""
			if d.Receipt != nil {
				receipt = d.Receipt.Path
			}
			out = append(out, []any{m.Number.String(), m.Title, rev.N, d.Department, d.Status(), d.On, d.Method.Label(), d.ReceivedBy, receipt})
		}
	}
	return out
}

// column is one column of a sheet: its header and its width in Excel character units.
type column struct {
	header string
	width  float64
}

var caseColumns = []column{
	{"编号", 8}, {"状态", 8}, {"受理日期", 12}, {"类别", 14}, {"渠道", 18},
	{"申请人", 28}, {"统一社会信用代码", 22}, {"诉求标题", 40}, {"办结日期", 12}, {"答复/结果", 50},
}

var itemColumns = []column{
	{"文号", 14}, {"议定事项", 60}, {"牵头单位", 20}, {"配合单位", 30},
	{"办理时限", 12}, {"状态", 8}, {"逾期天数", 10}, {"办结日期", 12},
}

var deliveryColumns = []column{
	{"文号", 14}, {"会议名称", 40}, {"版次", 6}, {"收件单位", 24}, {"状态", 16},
	{"送达日期", 12}, {"送达方式", 10}, {"签收人", 10}, {"签收回执", 40},
}

const deliveryOnCol = 5

// Column indexes of the dates and numbers, which the workbook writes as typed cells.
const (
	caseReceivedCol = 2
	caseClosedCol   = 8
	itemDueCol      = 4
	itemOverdueCol  = 6
	itemDoneCol     = 7
)

// caseRow returns the cells of a case. Dates stay meeting.Date so that each writer
// renders them its own way; an unset date is the zero Date.
func caseRow(c *meeting.Case) []any {
	outcome := ""
	if c.Reply != nil {
		outcome = c.Reply.Content
		if c.Reply.Channel != "" {
			outcome = c.Reply.Channel + "：" + outcome
		}
	}
	return []any{
		uint64(c.ID), c.Status.Label(), c.Received, c.Category.Label(), c.Channel.Label(),
		c.Applicant.Name, c.Applicant.CreditCode, c.Title, c.ClosedOn, outcome,
	}
}

// itemRow returns the cells of a follow-up item.
func itemRow(f *meeting.FollowUp, today meeting.Date) []any {
	overdue := 0
	if !today.IsZero() {
		overdue = f.DaysOverdue(today)
	}
	return []any{
		f.Number.String(), f.Text, f.Lead, joinDepartments(f.Cooperating),
		f.Due, f.Status.Label(), overdue, f.CompletedOn,
	}
}

func joinDepartments(ds []string) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += "、"
		}
		s += d
	}
	return s
}

// text renders a cell for CSV.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case meeting.Date:
		if v.IsZero() {
			return ""
		}
		return v.String()
	case int:
		return strconv.Itoa(v)
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return fmt.Sprint(v)
}
