package storecontract

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"backstop/meeting"
)

// searchFixture stores five meetings and their cases and returns the store. Titles
// are "M1".."M5" plus words the queries look for; cases "C1".."C5".
func searchFixture(t *testing.T, open Opener) meeting.Store {
	t.Helper()
	s := fresh(t, open)
	meetings := []struct {
		title, applicant, decision string
		date                       meeting.Date
		finalize                   bool
	}{
		{"M1 厂房办证协调会", "建德市恒丰塑料母料有限公司", "分期办理 Phase One 登记", meeting.Date{Year: 2025, Month: 12, Day: 30}, true},
		{"M2 宅基地协调会", "王秀英", "核实宅基地权属", meeting.Date{Year: 2026, Month: 3, Day: 2}, false},
		{"M3 ABC Plastics 协调会", "ABC Plastics Co., Ltd.", "出具消防验收意见", meeting.Date{Year: 2026, Month: 3, Day: 2}, true},
		{"M4 厂房消防协调会", "李建国", "补办消防手续", meeting.Date{Year: 2026, Month: 10, Day: 12}, false},
		{"M5 无日期的草稿", "", "", meeting.Date{}, false},
	}
	for i, x := range meetings {
		c := NewCase()
		c.Title = fmt.Sprintf("C%d %s的诉求", i+1, x.applicant)
		if x.applicant != "" {
			c.Applicant.Name = x.applicant
		}
		c.Received = meeting.Date{Year: 2025, Month: 9, Day: 1}.AddDays(30 * i)
		if i%2 == 1 {
			c.Category, c.Channel, c.Status = meeting.CategoryLivelihood, meeting.ChannelHotline, meeting.CaseClosed
		}
		c = SaveCase(t, s, c)
		m := NewMeeting(c.ID)
		m.Title, m.Date = x.title, x.date
		m.Agenda[0].Decisions[0].Text = x.decision
		m.Agenda[0].Decisions[0].Due = x.date.AddDays(10)
		if x.applicant == "" {
			m.Agenda = nil
		}
		m = SaveMeeting(t, s, m)
		if x.finalize {
			if _, err := s.Finalize(m.ID, finalizedAt); err != nil {
				t.Fatalf("Finalize %s: %v", x.title, err)
			}
		}
	}
	return s
}

func testMeetingsFilter(t *testing.T, open Opener) {
	s := searchFixture(t, open)
	tests := []struct {
		name   string
		filter meeting.MeetingFilter
		want   []string // title prefixes, in order
	}{
		{"all, newest first, undated first", meeting.MeetingFilter{}, []string{"M5", "M4", "M3", "M2", "M1"}},
		{"limit", meeting.MeetingFilter{Limit: 2}, []string{"M5", "M4"}},
		{"year", meeting.MeetingFilter{Year: 2026}, []string{"M4", "M3", "M2"}},
		{"year without meetings", meeting.MeetingFilter{Year: 2024}, nil},
		{"impossible year", meeting.MeetingFilter{Year: -1}, nil},
		{"state", meeting.MeetingFilter{State: meeting.StateFinalized}, []string{"M3", "M1"}},
		{"year and state", meeting.MeetingFilter{Year: 2026, State: meeting.StateDraft}, []string{"M4", "M2"}},
		{"title word", meeting.MeetingFilter{Query: "厂房"}, []string{"M4", "M1"}},
		{"applicant", meeting.MeetingFilter{Query: "王秀英"}, []string{"M2"}},
		{"decision text", meeting.MeetingFilter{Query: "消防"}, []string{"M4", "M3"}},
		{"all words must occur", meeting.MeetingFilter{Query: "厂房 消防"}, []string{"M4"}},
		{"full-width space separates words", meeting.MeetingFilter{Query: "厂房\u3000恒丰"}, []string{"M1"}},
		{"latin ignores case", meeting.MeetingFilter{Query: "abc PLASTICS"}, []string{"M3"}},
		{"latin in a decision", meeting.MeetingFilter{Query: "phase one"}, []string{"M1"}},
		{"no match", meeting.MeetingFilter{Query: "不存在"}, nil},
		{"query with state and limit", meeting.MeetingFilter{Query: "协调会", State: meeting.StateDraft, Limit: 1}, []string{"M4"}},
		{"words do not span fields", meeting.MeetingFilter{Query: "协调会王秀英"}, nil},
		{"percent is a character, not a pattern", meeting.MeetingFilter{Query: "%"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := s.Meetings(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			readable, damaged, err := s.MeetingsReadable(tt.filter)
			if err != nil || len(damaged) != 0 || len(readable) != len(ms) {
				t.Errorf("MeetingsReadable: %d meetings, damaged %v, %v; want Meetings' %d", len(readable), damaged, err, len(ms))
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.Title[:2])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Meetings(%+v) = %v, want %v", tt.filter, got, tt.want)
			}
		})
	}
}

func testCasesFilter(t *testing.T, open Opener) {
	s := searchFixture(t, open)
	tests := []struct {
		name   string
		filter meeting.CaseFilter
		want   []string
	}{
		{"all, newest received first", meeting.CaseFilter{}, []string{"C5", "C4", "C3", "C2", "C1"}},
		{"limit", meeting.CaseFilter{Limit: 3}, []string{"C5", "C4", "C3"}},
		{"category", meeting.CaseFilter{Category: meeting.CategoryLivelihood}, []string{"C4", "C2"}},
		{"channel", meeting.CaseFilter{Channel: meeting.ChannelWindowEnterprise}, []string{"C5", "C3", "C1"}},
		{"status", meeting.CaseFilter{Status: meeting.CaseClosed}, []string{"C4", "C2"}},
		{"applicant", meeting.CaseFilter{Query: "恒丰"}, []string{"C1"}},
		{"title", meeting.CaseFilter{Query: "诉求 李建国"}, []string{"C4"}},
		{"credit code, any case", meeting.CaseFilter{Query: "91330100799655058b"}, []string{"C5", "C4", "C3", "C2", "C1"}},
		{"latin applicant", meeting.CaseFilter{Query: "plastics co"}, []string{"C3"}},
		{"query and status", meeting.CaseFilter{Query: "的诉求", Status: meeting.CaseOpen, Limit: 2}, []string{"C5", "C3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := s.Cases(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				got = append(got, c.Title[:2])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Cases(%+v) = %v, want %v", tt.filter, got, tt.want)
			}
		})
	}
}

func testSearchFollowsEdits(t *testing.T, open Opener) {
	s := searchFixture(t, open)
	find := func(q string) []string {
		t.Helper()
		ms, err := s.Meetings(meeting.MeetingFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.Title[:2])
		}
		return out
	}
	// Renaming the applicant of a draft's case moves the draft in the search.
	cs, _ := s.Cases(meeting.CaseFilter{Query: "王秀英"})
	c := cs[0]
	c.Applicant.Name = "王秀兰"
	SaveCase(t, s, c)
	if got := find("王秀兰"); !slices.Equal(got, []string{"M2"}) {
		t.Errorf("after renaming the applicant, search finds %v, want [M2]", got)
	}
	if got := find("王秀英"); got != nil {
		t.Errorf("the old name still finds %v", got)
	}
	// Finalized minutes are searched as finalized.
	cs, _ = s.Cases(meeting.CaseFilter{Query: "恒丰"})
	c = cs[0]
	c.Applicant.Name = "建德市新名字有限公司"
	SaveCase(t, s, c)
	if got := find("恒丰"); !slices.Equal(got, []string{"M1"}) {
		t.Errorf("finalized minutes no longer found by the applicant they name: %v", got)
	}
	// Moving a draft to another date moves it in the list.
	ms, _ := s.Meetings(meeting.MeetingFilter{Query: "M2"})
	m := ms[0]
	m.Date = meeting.Date{Year: 2027, Month: 1, Day: 1}
	SaveMeeting(t, s, m)
	if got, _ := s.Meetings(meeting.MeetingFilter{Year: 2027}); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("after moving the draft to 2027, the year lists %d meetings", len(got))
	}
	if got, _ := s.Meetings(meeting.MeetingFilter{}); len(got) != 5 {
		t.Errorf("after moving a draft, %d meetings are listed, want 5", len(got))
	}
}

// testPrecedents: the precedents of a case are decisions on earlier cases of its
// category with a title like its own, newest meeting first; a case is not its own
// precedent, the limit is kept, and a case without a title has none.
func testPrecedents(t *testing.T, open Opener) {
	s := fresh(t, open)
	decide := func(c meeting.Case, text string, on meeting.Date) meeting.Case {
		t.Helper()
		c = SaveCase(t, s, c)
		m := NewMeeting(c.ID)
		m.Date = on
		m.Agenda[0].Decisions = []meeting.Decision{{Text: text, Lead: "自然资源和规划局", Due: on.AddDays(30)}}
		m = SaveMeeting(t, s, m)
		if _, err := s.Finalize(m.ID, finalizedAt.Add(time.Duration(m.ID)*time.Hour)); err != nil {
			t.Fatal(err)
		}
		return c
	}
	realEstate := func(title string) meeting.Case {
		c := NewCase()
		c.Title, c.Category = title, meeting.CategoryRealEstate
		return c
	}
	old := decide(realEstate("已建厂房分期办理不动产权证"), "以纪要为依据，线下办理一期厂房不动产登记。", meeting.Date{Year: 2025, Month: 3, Day: 12})
	newer := decide(realEstate("厂房分期验收后补办不动产登记"), "住建局出具分期竣工验收意见。", meeting.Date{Year: 2026, Month: 6, Day: 2})
	other := realEstate("厂房分期办理不动产权证")
	other.Category = meeting.CategoryLivelihood
	decide(other, "另一类别的决定。", meeting.Date{Year: 2026, Month: 7, Day: 1})
	decide(realEstate("食堂排污许可证延续"), "生态环境局办理排污许可延续。", meeting.Date{Year: 2026, Month: 8, Day: 1})
	undecided := SaveCase(t, s, realEstate("已建厂房分期办理不动产权证（重复登记）"))

	c := realEstate("二期厂房分期办理不动产权证")
	c.Request = "请求为二期厂房分期办理不动产权证。"
	got, err := s.Precedents(c, 10)
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
	if got, _ := s.Precedents(old, 10); len(got) != 1 || got[0].Case.ID != newer.ID {
		t.Errorf("precedents of a decided case = %+v, want only the other one", got)
	}
	if got, _ := s.Precedents(c, 1); len(got) != 1 || got[0].Case.ID != newer.ID {
		t.Errorf("limit 1 gives %+v", got)
	}
	if got, _ := s.Precedents(meeting.Case{Category: meeting.CategoryRealEstate}, 10); len(got) != 0 {
		t.Errorf("an empty case has precedents: %+v", got)
	}
}
