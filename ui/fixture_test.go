package ui

import (
	"fmt"

	"backstop/meeting"
)

// The example meeting of the seed article: six departments with nine sections, two
// cases and three decisions.

func exampleCases() []meeting.Case {
	return []meeting.Case{
		{
			Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市恒丰塑料母料有限公司", CreditCode: "91330100799655058B", Contact: "叶尧平", Phone: "13957112345"},
			Category:  meeting.CategoryRealEstate, Channel: meeting.ChannelWindowEnterprise, Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
			Title:   "已建厂房分期办理不动产权证",
			Request: "企业拟利用现有用地扩建厂房，资金出现短缺。请求先为已建成的一期厂房办理不动产权证，以便向银行办理抵押贷款。",
			Status:  meeting.CaseOpen,
		},
		{
			Applicant: meeting.Applicant{Kind: meeting.Person, Name: "王秀英", Phone: "0571-64712345"},
			Category:  meeting.CategoryLivelihood, Channel: meeting.ChannelTownship, Received: meeting.Date{Year: 2026, Month: 10, Day: 8},
			Title:   "老宅翻建后补办不动产登记",
			Request: "村民老宅于2003年翻建，因历史原因缺少规划许可材料，无法办理不动产登记。",
			Status:  meeting.CaseOpen,
		},
	}
}

// exampleMeeting is the draft with everything filled in for the given case IDs.
func exampleMeeting(caseA, caseB meeting.ID) meeting.Meeting {
	due := meeting.Date{Year: 2026, Month: 10, Day: 30}
	return meeting.Meeting{
		Title: "关于恒丰塑料母料有限公司不动产权证办理等事项的协调会", Date: meeting.Date{Year: 2026, Month: 10, Day: 12},
		Start: 9 * 60, End: 11*60 + 30, Venue: "市民之家三楼协调室",
		Host: meeting.Host{Name: "王明", Position: "副主任"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		Attendance: []meeting.Attendance{
			{Department: "行政审批服务管理办公室", Sections: []string{"兜底办", "投资项目审批科"}, Person: "王明", Position: "副主任", Status: meeting.Present},
			{Department: "自然资源和规划局", Sections: []string{"不动产登记科", "用地审批科"}, Person: "张华", Phone: "0571-64712345", Status: meeting.Present},
			{Department: "住房和城乡建设局", Sections: []string{"建筑管理科", "质量安全监督站"}, Person: "陈刚", Status: meeting.Present},
			{Department: "经济和信息化局", Sections: []string{"工业投资科"}, Person: "刘洋", Status: meeting.Present},
			{Department: "消防救援大队", Sections: []string{"防火监督科"}, Person: "周伟", Status: meeting.Observer},
			{Department: "公证处", Sections: []string{"不动产公证窗口"}, Person: "吴芳", Status: meeting.Present},
			{Department: "税务局", Person: "赵丽", Status: meeting.Excused},
		},
		Agenda: []meeting.AgendaItem{
			{
				CaseID: caseA, Summary: "已建厂房分期办理不动产权证",
				Discussion: "与会部门认为，一期厂房已通过消防和质量验收，具备独立使用条件。",
				Judgment:   meeting.JudgmentShould, JudgmentReason: "企业融资需求紧迫，分期办证不损害公共利益。",
				Policies: []meeting.PolicyBasis{{Title: "加强工业用地管理 助力优化营商环境的若干意见", Issuer: "建德市人民政府"}},
				Decisions: []meeting.Decision{
					{Text: "以本次会议纪要为依据，通过线下流程办理一期厂房不动产登记。", Lead: "自然资源和规划局", Cooperating: []string{"住房和城乡建设局"}, Due: due},
					{Text: "住建局出具一期厂房分期竣工验收意见。", Lead: "住房和城乡建设局", Due: due},
				},
			},
			{
				CaseID: caseB, Summary: "老宅翻建后补办不动产登记",
				Judgment: meeting.JudgmentShould, JudgmentReason: "翻建时间早于现行规划，历史遗留问题应予解决。",
				Decisions: []meeting.Decision{
					{Text: "公证处对翻建事实进行公证，资规局据此办理登记。", Lead: "公证处", Cooperating: []string{"自然资源和规划局"}, Due: due},
				},
			},
		},
		State: meeting.StateDraft,
	}
}

// seedExample stores the example's cases and meeting and returns the meeting's ID.
func seedExample(st meeting.Store) (meeting.ID, error) {
	cs := exampleCases()
	for i := range cs {
		if err := st.SaveCase(&cs[i]); err != nil {
			return 0, err
		}
	}
	m := exampleMeeting(cs[0].ID, cs[1].ID)
	if err := st.SaveMeeting(&m); err != nil {
		return 0, err
	}
	return m.ID, nil
}

// seedLarge stores a meeting with 40 attending departments and 50 agenda items, each
// with two decisions, for the benchmark.
func seedLarge(st meeting.Store) (meeting.ID, error) {
	m := meeting.Meeting{
		Title: "大型协调会", Date: meeting.Date{Year: 2026, Month: 11, Day: 2}, Start: 540, End: 720,
		Venue: "市民之家一楼大会议室", Host: meeting.Host{Name: "王明"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
	}
	for i := 0; i < 40; i++ {
		m.Attendance = append(m.Attendance, meeting.Attendance{
			Department: fmt.Sprintf("第%d参会单位", i+1), Sections: []string{"综合科", "业务科"}, Person: "代表", Status: meeting.Present,
		})
	}
	for i := 0; i < 50; i++ {
		c := exampleCases()[i%2]
		c.Title = fmt.Sprintf("%s（第%d件）", c.Title, i+1)
		if err := st.SaveCase(&c); err != nil {
			return 0, err
		}
		m.Agenda = append(m.Agenda, meeting.AgendaItem{
			CaseID: c.ID, Summary: c.Title, Judgment: meeting.JudgmentShould, JudgmentReason: "应予办理。",
			Decisions: []meeting.Decision{
				{Text: "牵头办理。", Lead: "第1参会单位", Cooperating: []string{"第2参会单位", "第3参会单位"}, Due: meeting.Date{Year: 2026, Month: 12, Day: 1}},
				{Text: "配合办理。", Lead: "第4参会单位", Due: meeting.Date{Year: 2026, Month: 12, Day: 1}},
			},
		})
	}
	if err := st.SaveMeeting(&m); err != nil {
		return 0, err
	}
	return m.ID, nil
}
