package ledger

import (
	"testing"
	"time"

	"backstop/meeting"
)

func day(t testing.TB, s string) meeting.Date {
	t.Helper()
	d, err := meeting.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fixture returns two cases (one 2025, one 2026, closed) and three items; the texts
// carry commas, quotes, line breaks and a character above U+FFFF (𠀀).
func fixture(t testing.TB) ([]meeting.Case, []meeting.FollowUp) {
	cases := []meeting.Case{
		{
			ID: 7, Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市𠀀新材料有限公司", CreditCode: "91330182MA2H0X1234"},
			Category: meeting.CategoryInvestment, Channel: meeting.ChannelWindowEnterprise, Received: day(t, "2026-03-02"),
			Title: "厂房竣工验收, \"消防\"问题", Status: meeting.CaseClosed, ClosedOn: day(t, "2026-04-10"),
			Reply: &meeting.Reply{On: day(t, "2026-04-10"), Channel: "电话", Content: "已办结。\n第二行"},
		},
		{
			ID: 3, Applicant: meeting.Applicant{Kind: meeting.Person, Name: "张三"},
			Category: meeting.CategoryRealEstate, Channel: meeting.ChannelHotline, Received: day(t, "2025-11-20"),
			Title: "不动产证办理", Status: meeting.CaseOpen,
		},
	}
	num := meeting.DocNumber{Year: 2026, Seq: 5}
	items := []meeting.FollowUp{
		{Number: num, MeetingDate: day(t, "2026-03-10"), Text: "由市消防救援大队牵头, 出具意见", Lead: "市消防救援大队",
			Cooperating: []string{"市住建局", "寿昌镇"}, Due: day(t, "2026-03-20"), Status: meeting.FollowUpInProgress},
		{Number: num, MeetingDate: day(t, "2026-03-10"), Text: "办理规划核实", Lead: "市规划和自然资源局",
			Due: day(t, "2026-03-31"), Status: meeting.FollowUpDone, CompletedOn: day(t, "2026-03-30")},
		{Number: meeting.DocNumber{Year: 2025, Seq: 9}, MeetingDate: day(t, "2025-12-01"), Text: "旧事项", Lead: "市住建局",
			Due: day(t, "2025-12-31"), Status: meeting.FollowUpPending},
	}
	return cases, items
}

var today = meeting.DateOf(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))

// fixtureMeetings is a finalized meeting whose excerpts are in every state: delivered
// with its receipt, delivered, and not delivered; and one of another year.
func fixtureMeetings(t testing.TB) []meeting.Meeting {
	receipt := &meeting.Scan{Path: "2026/5-协调会/receipt-r1-1-市消防救援大队.pdf"}
	return []meeting.Meeting{
		{Number: meeting.DocNumber{Year: 2026, Seq: 5}, Title: "厂房验收协调会", Revisions: []meeting.Revision{{N: 1, Deliveries: []meeting.Delivery{
			{Department: "市消防救援大队", Method: meeting.DeliveredOnSite, On: day(t, "2026-03-10"), ReceivedBy: "周伟", Receipt: receipt},
			{Department: "市住建局", Method: meeting.DeliveredByPost, On: day(t, "2026-03-12"), ReceivedBy: "陈刚"},
			{Department: "寿昌镇"},
		}}}},
		{Number: meeting.DocNumber{Year: 2025, Seq: 9}, Title: "旧会议", Revisions: []meeting.Revision{{N: 2, Deliveries: []meeting.Delivery{{Department: "市住建局"}}}}},
	}
}
