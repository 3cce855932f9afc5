package meeting

import (
	"strings"
	"testing"
)

func TestMeetingValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(mn *Minutes)
		field   string // the field the one expected problem names; "" for none
		message string // a fragment of its message
	}{
		{"valid", func(*Minutes) {}, "", ""},
		{"title empty", func(mn *Minutes) { mn.Meeting.Title = "  " }, "title", "请填写会议名称"},
		{"title too long", func(mn *Minutes) { mn.Meeting.Title = strings.Repeat("长", MaxTitle+1) }, "title", "会议名称过长：101 个字"},
		{"title control character", func(mn *Minutes) { mn.Meeting.Title = "协调\x07会" }, "title", "控制字符"},
		{"title newline", func(mn *Minutes) { mn.Meeting.Title = "协调\n会" }, "title", "换行"},
		{"title invalid utf-8", func(mn *Minutes) { mn.Meeting.Title = "协调\xff会" }, "title", "编码错误"},
		{"title above U+FFFF is fine", func(mn *Minutes) { mn.Meeting.Title = "𠀀姓人士的诉求" }, "", ""},
		{"discussion may span lines", func(mn *Minutes) { mn.Meeting.Agenda[0].Discussion = "第一段\n第二段" }, "", ""},
		{"date missing", func(mn *Minutes) { mn.Meeting.Date = Date{} }, "date", "请填写会议日期"},
		{"impossible date", func(mn *Minutes) { mn.Meeting.Date = Date{2026, 2, 30} }, "date", "会议日期（2026-2-30）不存在"},
		{"impossible due date", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Due = Date{2026, 13, 1} }, "agenda[0].decisions[0].due", "办理时限（2026-13-1）不存在"},
		{"end past midnight", func(mn *Minutes) { mn.Meeting.End = 25 * 60 }, "end", "结束时间无效"},
		{"end before start", func(mn *Minutes) { mn.Meeting.End = 8 * 60 }, "end", "应晚于开始时间"},
		{"end equals start", func(mn *Minutes) { mn.Meeting.End = mn.Meeting.Start }, "end", "应晚于开始时间"},
		{"venue missing", func(mn *Minutes) { mn.Meeting.Venue = "" }, "venue", "请填写会议地点"},
		{"host missing", func(mn *Minutes) { mn.Meeting.Host.Name = "" }, "host.name", "请填写主持人"},
		{"organizer missing", func(mn *Minutes) { mn.Meeting.Organizer = "" }, "organizer", "请填写牵头单位"},
		{"recorder missing", func(mn *Minutes) { mn.Meeting.Recorder = "" }, "recorder", "请填写记录人"},
		{"department listed twice", func(mn *Minutes) {
			mn.Meeting.Attendance = append(mn.Meeting.Attendance, Attendance{Department: "税务局", Status: Absent})
		}, "attendance[4].department", "「税务局」重复列出"},
		{"attending without person", func(mn *Minutes) { mn.Meeting.Attendance[1].Person = "" }, "attendance[1].person", "「自然资源和规划局」的参会人员"},
		{"excused without person is fine", func(mn *Minutes) { mn.Meeting.Attendance[3].Person = "" }, "", ""},
		{"status unknown", func(mn *Minutes) { mn.Meeting.Attendance[3].Status = "late" }, "attendance[3].status", "出席情况"},
		{"bad attendee phone", func(mn *Minutes) { mn.Meeting.Attendance[1].Phone = "12ab" }, "attendance[1].phone", "不是有效的电话号码"},
		{"duplicate section", func(mn *Minutes) {
			mn.Meeting.Attendance[1].Sections = []string{"不动产登记科", "不动产登记科"}
		}, "attendance[1].sections[1]", "重复"},
		{"nobody attending", func(mn *Minutes) {
			for i := range mn.Meeting.Attendance {
				mn.Meeting.Attendance[i].Status = Absent
			}
			mn.Meeting.Agenda[0].Decisions = nil
			mn.Meeting.Agenda[0].Judgment = JudgmentDefer
		}, "attendance", "至少登记一个出席"},
		{"no agenda", func(mn *Minutes) { mn.Meeting.Agenda = nil }, "agenda", "至少添加一个议题"},
		{"agenda without case", func(mn *Minutes) { mn.Meeting.Agenda[0].CaseID = 0 }, "agenda[0].case_id", "未关联诉求"},
		{"agenda case unknown", func(mn *Minutes) { mn.Meeting.Agenda[0].CaseID = 99 }, "agenda[0].case_id", "不存在"},
		{"judgment missing", func(mn *Minutes) { mn.Meeting.Agenda[0].Judgment = ""; mn.Meeting.Agenda[0].JudgmentReason = "" }, "agenda[0].judgment", "研判结论"},
		{"judgment reason missing", func(mn *Minutes) { mn.Meeting.Agenda[0].JudgmentReason = "" }, "agenda[0].judgment_reason", "请填写议题1的研判理由"},
		{"should without decisions", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions = nil }, "agenda[0].decisions", "至少添加一条议定事项"},
		{"policy with book-title marks", func(mn *Minutes) { mn.Meeting.Agenda[0].Policies[0].Title = "《意见》" }, "agenda[0].policies[0].title", "不需要书名号"},
		{"decision text missing", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Text = "" }, "agenda[0].decisions[0].text", "议题1议定事项1的内容"},
		{"decision without lead", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Lead = "" }, "agenda[0].decisions[0].lead", "请为议题1议定事项1指定牵头单位"},
		{"lead not in attendance", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Lead = "消防救援大队" }, "agenda[0].decisions[0].lead", "不在参会单位名单中"},
		{"lead excused", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Lead = "税务局" }, "agenda[0].decisions[0].lead", "未参会（请假）"},
		{"observer may lead", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Decisions[0].Lead = "住房和城乡建设局"
			mn.Meeting.Agenda[0].Decisions[0].Cooperating = nil
		}, "", ""},
		{"cooperating not attending", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Cooperating = []string{"税务局"} }, "agenda[0].decisions[0].cooperating[0]", "配合单位「税务局」未参会"},
		{"cooperating equals lead", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Decisions[0].Cooperating = []string{"自然资源和规划局"}
		}, "agenda[0].decisions[0].cooperating[0]", "与牵头单位相同"},
		{"due missing", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Due = Date{} }, "agenda[0].decisions[0].due", "办理时限"},
		{"due before meeting", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Due = Date{2026, 10, 11} }, "agenda[0].decisions[0].due", "早于会议日期（2026年10月12日）"},
		{"due on meeting day is fine", func(mn *Minutes) { mn.Meeting.Agenda[0].Decisions[0].Due = Date{2026, 10, 12} }, "", ""},
		{"amended revision needs reason", func(mn *Minutes) { mn.Meeting.Revisions = []Revision{{N: 1}} }, "amend_reason", "请填写修订理由"},
		{"position agree without statement is fine", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceAgree}}
		}, "", ""},
		{"observer may take a position", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "住房和城乡建设局", Stance: StanceInPrinciple, Conditions: "补齐竣工验收材料"}}
		}, "", ""},
		{"position reserved needs statement", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceReserved}}
		}, "agenda[0].positions[0].statement", "请填写议题1「自然资源和规划局」的意见的说明"},
		{"position against needs statement", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceAgainst, Statement: " "}}
		}, "agenda[0].positions[0].statement", "的说明"},
		{"position stance missing", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局"}}
		}, "agenda[0].positions[0].stance", "同意、原则同意、保留意见或不同意"},
		{"position stance unknown", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: "abstain"}}
		}, "agenda[0].positions[0].stance", "请选择"},
		{"position from excused department", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "税务局", Stance: StanceAgree}}
		}, "agenda[0].positions[0].department", "「税务局」未参会（请假）"},
		{"position from department not listed", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "消防救援大队", Stance: StanceAgree}}
		}, "agenda[0].positions[0].department", "不在参会单位名单中"},
		{"position without department", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Stance: StanceAgree}}
		}, "agenda[0].positions[0].department", "未选择单位"},
		{"position given twice", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{
				{Department: "自然资源和规划局", Stance: StanceAgree},
				{Department: "自然资源和规划局", Stance: StanceReserved, Statement: "另议"},
			}
		}, "agenda[0].positions[1].department", "意见重复（第 1 条和第 2 条）"},
		{"carry-over progressing with what", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{FollowUpID: 3, Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryProgressing, Note: "已完成地籍调查"}}
		}, "", ""},
		{"carry-over done without note is fine", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryDone}}
		}, "", ""},
		{"carry-over status missing", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{Text: "办理不动产登记", Lead: "自然资源和规划局"}}
		}, "carry_over[0].status", "请选择上次会议议定事项第 1 项的落实情况（已办结、推进中或受阻）"},
		{"carry-over progressing needs what", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryProgressing}}
		}, "carry_over[0].note", "请填写上次会议议定事项第 1 项的推进情况"},
		{"carry-over blocked needs why", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryBlocked, Note: " "}}
		}, "carry_over[0].note", "请填写上次会议议定事项第 1 项的受阻原因"},
		{"carry-over note with a bidi override", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryBlocked, Note: "资料\u202e未齐"}}
		}, "carry_over[0].note", "文字方向控制字符"},
		{"carry-over without its decision", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{{Lead: "自然资源和规划局", Status: CarryDone}}
		}, "carry_over[0].text", "请填写上次会议议定事项第 1 项的内容"},
		{"carry-over reported twice", func(mn *Minutes) {
			mn.Meeting.CarryOver = []CarryOver{
				{FollowUpID: 3, Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryDone},
				{FollowUpID: 3, Text: "办理不动产登记", Lead: "自然资源和规划局", Status: CarryDone},
			}
		}, "carry_over[1].follow_up_id", "第 1 项和第 2 项是同一事项"},
		{"position conditions control character", func(mn *Minutes) {
			mn.Meeting.Agenda[0].Positions = []DepartmentPosition{{Department: "自然资源和规划局", Stance: StanceAgree, Conditions: "a\x07"}}
		}, "agenda[0].positions[0].conditions", "控制字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mn := validMinutes()
			tt.mutate(&mn)
			ps := mn.Validate()
			if tt.field == "" {
				if len(ps) != 0 {
					t.Fatalf("want no problems, got %v", ps)
				}
				return
			}
			if len(ps) != 1 {
				t.Fatalf("want exactly one problem at %s, got %d: %v", tt.field, len(ps), ps)
			}
			if ps[0].Field != tt.field || !strings.Contains(ps[0].Message, tt.message) {
				t.Errorf("got %q: %q; want %q containing %q", ps[0].Field, ps[0].Message, tt.field, tt.message)
			}
		})
	}
}

func TestMeetingValidateReportsEveryProblem(t *testing.T) {
	mn := validMinutes()
	mn.Meeting.Title = ""
	mn.Meeting.Venue = ""
	mn.Meeting.Agenda[0].Decisions[0].Lead = "税务局"
	mn.Meeting.Agenda[0].Decisions[0].Due = Date{2026, 1, 1}
	ps := mn.Validate()
	want := []string{"title", "venue", "agenda[0].decisions[0].lead", "agenda[0].decisions[0].due"}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(ps), len(want), ps)
	}
	for i, f := range want {
		if ps[i].Field != f {
			t.Errorf("problem %d names %q, want %q", i, ps[i].Field, f)
		}
	}
	err := ps.Err()
	if ErrorCode(err) != CodeInvalid || !strings.Contains(ErrorMessage(err), "请填写会议名称") {
		t.Errorf("Err() = %v, want CodeInvalid naming the title", err)
	}
}

func TestCaseValidate(t *testing.T) {
	valid := validMinutes().Cases[0]
	tests := []struct {
		name    string
		mutate  func(c *Case)
		field   string
		message string
	}{
		{"valid enterprise", func(*Case) {}, "", ""},
		{"valid person", func(c *Case) { c.Applicant = Applicant{Kind: Person, Name: "𠀀小明", Phone: "0571 6471 2345转8"} }, "", ""},
		{"kind missing", func(c *Case) { c.Applicant.Kind = "" }, "applicant.kind", "申请人类型"},
		{"enterprise name missing", func(c *Case) { c.Applicant.Name = "" }, "applicant.name", "请填写企业名称"},
		{"credit code missing", func(c *Case) { c.Applicant.CreditCode = "" }, "applicant.credit_code", "请填写统一社会信用代码"},
		{"credit code corrupted", func(c *Case) { c.Applicant.CreditCode = "91330100799655058C" }, "applicant.credit_code", "校验码"},
		{"credit code with letter O", func(c *Case) { c.Applicant.CreditCode = "9133010079965505OB" }, "applicant.credit_code", "无效"},
		{"person with credit code", func(c *Case) { c.Applicant.Kind = Person }, "applicant.credit_code", "个人申请人不填写"},
		{"bad phone", func(c *Case) { c.Applicant.Phone = "电话" }, "applicant.phone", "不是有效的电话号码"},
		{"category unknown", func(c *Case) { c.Category = "other" }, "category", "诉求类别"},
		{"channel missing", func(c *Case) { c.Channel = "" }, "channel", "受理渠道"},
		{"received missing", func(c *Case) { c.Received = Date{} }, "received", "受理日期"},
		{"title missing", func(c *Case) { c.Title = "" }, "title", "诉求标题"},
		{"request missing", func(c *Case) { c.Request = "\n" }, "request", "诉求内容"},
		{"request huge", func(c *Case) { c.Request = strings.Repeat("字", MaxLongText+1) }, "request", "最多 5000 个字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.mutate(&c)
			ps := c.Validate()
			if tt.field == "" {
				if len(ps) != 0 {
					t.Fatalf("want no problems, got %v", ps)
				}
				return
			}
			if len(ps) != 1 || ps[0].Field != tt.field || !strings.Contains(ps[0].Message, tt.message) {
				t.Fatalf("got %v; want one problem at %s containing %q", ps, tt.field, tt.message)
			}
		})
	}
}

func TestValidCreditCode(t *testing.T) {
	// Real codes of well-known companies, published on their licences.
	valid := []string{"91350100M000100Y43", "9144030071526726XG", "914403001922038216", "91330100799655058B", "91110108551385082Q", "91110000802100433B"}
	for _, code := range valid {
		if !ValidCreditCode(code) {
			t.Errorf("ValidCreditCode(%q) = false, want true", code)
		}
		// Every single-character corruption of a valid code must be caught.
		for i := 0; i < 18; i++ {
			for _, r := range creditCodeAlphabet {
				if byte(r) == code[i] {
					continue
				}
				bad := code[:i] + string(r) + code[i+1:]
				if ValidCreditCode(bad) {
					t.Fatalf("corrupted code %q (position %d) accepted", bad, i+1)
				}
			}
		}
	}
	for _, bad := range []string{"", "91330100799655058", "91330100799655058BX", "91330100799655058b", "９１３３０１００７９９６５５０５８Ｂ"} {
		if ValidCreditCode(bad) {
			t.Errorf("ValidCreditCode(%q) = true, want false", bad)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for _, s := range []string{"13812345678", "+86 138 1234 5678", "0571-64712345", "64712345", "12345", "64712345转8", "(0571)64712345"} {
		if !ValidPhone(s) {
			t.Errorf("ValidPhone(%q) = false", s)
		}
	}
	for _, s := range []string{"1234", "12812345678x", "abc", "138123456789999999", "0571-6471"} {
		if ValidPhone(s) {
			t.Errorf("ValidPhone(%q) = true", s)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb\rc", "a\nb\nc"},
		{"  行一  \n\t行二\u00a0 ", "行一\n 行二"},
		{"\u3000\u3000首行缩进", "\u3000\u3000首行缩进"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := CleanLine(" 甲\n乙 "); got != "甲 乙" {
		t.Errorf("CleanLine = %q", got)
	}
}
