package meeting

import "time"

// validMinutes returns minutes that pass validation: the seed article's meeting in
// small, with one case and one decision. Tests break one thing at a time.
func validMinutes() Minutes {
	c := Case{
		ID: 7, UID: "c7",
		Applicant: Applicant{Kind: Enterprise, Name: "建德市某塑料母料有限公司", CreditCode: "91330100799655058B", Contact: "叶尧平", Phone: "13812345678"},
		Category:  CategoryRealEstate, Channel: ChannelWindowEnterprise, Received: Date{2026, 9, 28},
		Title: "已建厂房分期办理不动产权证", Request: "请求为已建成的一期厂房办理不动产权证，用于银行抵押贷款。",
		Status: CaseOpen,
	}
	m := Meeting{
		ID: 1, Title: "关于某塑料母料有限公司不动产权证办理的协调会", Date: Date{2026, 10, 12},
		Start: 9 * 60, End: 11 * 60, Venue: "市政务服务中心三楼协调室",
		Host: Host{Name: "王明", Position: "副主任"}, Organizer: "行政审批服务管理办公室", Recorder: "李静",
		Attendance: []Attendance{
			{Department: "行政审批服务管理办公室", Sections: []string{"兜底办"}, Person: "王明", Status: Present},
			{Department: "自然资源和规划局", Sections: []string{"不动产登记科", "用地审批科"}, Person: "张华", Phone: "0571-64712345", Status: Present},
			{Department: "住房和城乡建设局", Sections: []string{"建筑管理科"}, Person: "陈刚", Status: Observer},
			{Department: "税务局", Person: "赵丽", Status: Excused},
		},
		Agenda: []AgendaItem{{
			CaseID: 7, Summary: "已建厂房分期办理不动产权证", Discussion: "与会部门认为符合分期验收条件。",
			Judgment: JudgmentShould, JudgmentReason: "符合《若干意见》分期验收规定。",
			Policies:  []PolicyBasis{{Title: "加强工业用地管理 助力优化营商环境的若干意见"}},
			Decisions: []Decision{{Text: "以本纪要为依据，线下办理一期厂房不动产登记。", Lead: "自然资源和规划局", Cooperating: []string{"住房和城乡建设局"}, Due: Date{2026, 10, 30}}},
		}},
		State:   StateDraft,
		Created: time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC),
	}
	return Minutes{Meeting: m, Cases: []Case{c}}
}
