package store

import (
	"testing"
	"time"

	"backstop/meeting"
)

func TestPrecedents(t *testing.T) {
	s := openTest(t)
	decide := func(c meeting.Case, text string, on meeting.Date) meeting.Case {
		t.Helper()
		c = saveCase(t, s, c)
		m := testMeeting(c.ID)
		m.Date = on
		m.Agenda[0].Decisions = []meeting.Decision{{Text: text, Lead: "自然资源和规划局", Due: on.AddDays(30)}}
		m = saveMeeting(t, s, m)
		if _, err := s.Finalize(m.ID, finalizedAt.Add(time.Duration(m.ID)*time.Hour)); err != nil {
			t.Fatal(err)
		}
		return c
	}
	realEstate := func(title string) meeting.Case {
		c := testCase()
		c.Title, c.Category = title, meeting.CategoryRealEstate
		return c
	}
	old := decide(realEstate("已建厂房分期办理不动产权证"), "以纪要为依据，线下办理一期厂房不动产登记。", meeting.Date{Year: 2025, Month: 3, Day: 12})
	newer := decide(realEstate("厂房分期验收后补办不动产登记"), "住建局出具分期竣工验收意见。", meeting.Date{Year: 2026, Month: 6, Day: 2})
	other := realEstate("厂房分期办理不动产权证")
	other.Category = meeting.CategoryLivelihood
	decide(other, "另一类别的决定。", meeting.Date{Year: 2026, Month: 7, Day: 1})
	decide(realEstate("食堂排污许可证延续"), "生态环境局办理排污许可延续。", meeting.Date{Year: 2026, Month: 8, Day: 1})
	undecided := saveCase(t, s, realEstate("已建厂房分期办理不动产权证（重复登记）"))

	fresh := realEstate("二期厂房分期办理不动产权证")
	fresh.Request = "请求为二期厂房分期办理不动产权证。"
	got, err := s.Precedents(fresh, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Case.ID != newer.ID || got[1].Case.ID != old.ID {
		t.Fatalf("precedents = %+v; want the two decided real-estate cases about 厂房分期, newest meeting first", got)
	}
	if got[1].Item.Text != "以纪要为依据，线下办理一期厂房不动产登记。" || got[1].Score <= got[0].Score-10 || got[0].Score < meeting.MinPrecedentScore {
		t.Errorf("precedent items = %+v", got)
	}
	for _, p := range got {
		if p.Case.ID == undecided.ID || p.Case.Category != meeting.CategoryRealEstate {
			t.Errorf("precedent %+v should not be offered", p)
		}
	}

	// The case itself is not its own precedent; a limit is kept; no text, no search.
	self := old
	if got, _ := s.Precedents(self, 10); len(got) != 1 || got[0].Case.ID != newer.ID {
		t.Errorf("precedents of a decided case = %+v, want only the other one", got)
	}
	if got, _ := s.Precedents(fresh, 1); len(got) != 1 || got[0].Case.ID != newer.ID {
		t.Errorf("limit 1 gives %+v", got)
	}
	if got, _ := s.Precedents(meeting.Case{Category: meeting.CategoryRealEstate}, 10); len(got) != 0 {
		t.Errorf("an empty case has precedents: %+v", got)
	}
}
