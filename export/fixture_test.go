package export

import (
	"fmt"
	"testing"
	"time"

	"backstop/meeting"
)

// exampleFinalized is when the example minutes were finalized: 11:30 in China.
var exampleFinalized = time.Date(2026, 10, 12, 3, 30, 0, 0, time.UTC)

// exampleDraft returns the example meeting of the seed article as a draft: a plastics
// masterbatch maker that needs the real-estate title of its finished workshops, built in
// phases, to borrow against them; 6 departments with 9 sections in the room (5 present,
// 1 observing) and 1 excused; a second, individual case on the agenda.
func exampleDraft() *meeting.Minutes {
	plastics := meeting.Case{
		ID: 1, UID: "case-plastics",
		Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: "建德市恒远塑料母料有限公司", CreditCode: "91330100799655058B", Contact: "叶尧平", Phone: "13812345678"},
		Category:  meeting.CategoryRealEstate, Channel: meeting.ChannelWindowEnterprise, Received: meeting.Date{Year: 2026, Month: 9, Day: 28},
		Title:            "已建厂房办理不动产权证用于抵押融资",
		Request:          "企业利用现有工业用地分两期建设厂房，一期两幢厂房已建成投产，二期因资金短缺尚未动工。企业请求先为已建成的一期厂房办理不动产权证，以便向银行申请抵押贷款，缓解扩建资金压力。",
		Background:       "按现行流程，不动产首次登记须在整个项目竣工验收后办理，项目二期未建，一期厂房无法单独办证。三年来企业多次咨询，均因“项目未整体竣工”未能受理。",
		MissingMaterials: "项目整体竣工验收备案表；二期工程规划核实意见",
		Status:           meeting.CaseOpen,
	}
	flat := meeting.Case{
		ID: 2, UID: "case-flat",
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "陈秀英", Phone: "13900001111"},
		Category:  meeting.CategoryRealEstate, Channel: meeting.ChannelTownship, Received: meeting.Date{Year: 2026, Month: 9, Day: 15},
		Title:   "安置房无法办理不动产权证",
		Request: "申请人2012年购买的拆迁安置房因开发单位已注销，一直未能办理不动产权证，影响子女入学登记。",
		Status:  meeting.CaseOpen,
	}
	const (
		office  = "行政审批服务管理办公室"
		land    = "自然资源和规划局"
		housing = "住房和城乡建设局"
		economy = "经济和信息化局"
		fire    = "消防救援大队"
		notary  = "公证处"
		ecology = "生态环境分局"
	)
	m := meeting.Meeting{
		ID: 12, UID: "meeting-12",
		Title: "已建厂房分期办理不动产权证专题协调会",
		Date:  meeting.Date{Year: 2026, Month: 10, Day: 12}, Start: 9 * 60, End: 11*60 + 30,
		Venue:     "市民中心二楼企业综合服务中心兜底协调室",
		Host:      meeting.Host{Name: "程立峰", Position: "副主任"},
		Organizer: "建德市行政审批服务管理办公室",
		Recorder:  "邵雨晴",
		CopyTo:    "市政府办公室，市发展和改革局，各乡镇人民政府、街道办事处",
		Attendance: []meeting.Attendance{
			{Department: office, Sections: []string{"兜底办", "投资项目审批科"}, Person: "程立峰、方晓岚", Status: meeting.Present},
			{Department: land, Sections: []string{"不动产登记科", "用地审批科"}, Person: "许文博、胡静怡", Phone: "0571-64712345", Status: meeting.Present},
			{Department: housing, Sections: []string{"建筑管理科", "质量安全监督站"}, Person: "钱国栋、蒋思远", Status: meeting.Present},
			{Department: economy, Sections: []string{"工业投资科"}, Person: "沈嘉禾", Status: meeting.Present},
			{Department: fire, Sections: []string{"防火监督科"}, Person: "罗振宇", Status: meeting.Present},
			{Department: notary, Sections: []string{"不动产公证窗口"}, Person: "吴婉清", Status: meeting.Observer},
			{Department: ecology, Sections: []string{"环评审批科"}, Person: "孙嘉明", Status: meeting.Excused},
		},
		Agenda: []meeting.AgendaItem{
			{
				CaseID: 1, Summary: "已建厂房分期办理不动产权证",
				Discussion: "与会部门一致认为，一期厂房已按规划建成并单独通过消防验收，具备分期验收的条件；原本一环扣一环的流程可以通过分期竣工验收、分期登记的方式打通。\n自然资源和规划局提出，分期登记须以宗地内已建成部分的界址清楚、面积可单独计算为前提。",
				Judgment:   meeting.JudgmentShould, JudgmentReason: "企业诉求合理，符合市政府出台的分期验收办证政策，办理后可缓解企业资金困难，应当办理",
				Policies: []meeting.PolicyBasis{
					{Title: "加强工业用地管理 助力优化营商环境的若干意见", Issuer: "建德市人民政府", Clause: "符合要求的建设项目可以分期验收结果办理不动产登记"},
					{Title: "不动产登记暂行条例实施细则", Issuer: "自然资源部"},
				},
				Decisions: []meeting.Decision{
					{Text: "对一期两幢已建成厂房组织分期竣工验收，出具分期验收意见", Lead: housing, Cooperating: []string{fire, office}, Due: meeting.Date{Year: 2026, Month: 10, Day: 23}},
					{Text: "以本纪要和分期验收意见为依据，通过线下流程为一期厂房办理不动产首次登记", Lead: land, Cooperating: []string{housing, office}, Due: meeting.Date{Year: 2026, Month: 10, Day: 30}, Note: "不动产权证书核发后即通知企业领取。"},
					{Text: "协助企业对接合作银行，办证后通过“兜底+金融服务”全程网办抵押登记", Lead: economy, Cooperating: []string{notary}, Due: meeting.Date{Year: 2026, Month: 11, Day: 15}},
				},
			},
			{
				CaseID: 2, Summary: "拆迁安置房历史遗留办证",
				Discussion: "开发单位注销后，补办竣工验收备案的主体缺失，需由属地政府承接。",
				Judgment:   meeting.JudgmentShould, JudgmentReason: "属历史遗留问题，申请人已足额缴纳房款，责任不在申请人。",
				Decisions: []meeting.Decision{
					{Text: "梳理该安置小区同类未办证户数，提出分类处置方案", Lead: land, Cooperating: []string{housing}, Due: meeting.Date{Year: 2026, Month: 11, Day: 30}},
				},
			},
		},
		State:   meeting.StateDraft,
		Created: time.Date(2026, 10, 12, 1, 0, 0, 0, time.UTC),
	}
	return &meeting.Minutes{Meeting: m, Cases: []meeting.Case{plastics, flat}}
}

// exampleMinutes returns the example meeting finalized as 〔2026〕12号.
func exampleMinutes(t testing.TB) *meeting.Minutes {
	t.Helper()
	mn := exampleDraft()
	if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 12}, exampleFinalized); err != nil {
		t.Fatalf("the example does not finalize: %v", err)
	}
	return mn
}

// largeMinutes returns a large finalized meeting for the benchmarks: 20 agenda items,
// 60 decisions, 15 attending departments.
func largeMinutes(t testing.TB) *meeting.Minutes {
	t.Helper()
	ex := exampleDraft()
	m := ex.Meeting
	m.Attendance = nil
	var names []string
	for i, d := range meeting.DefaultDirectory()[:15] {
		names = append(names, d.Name)
		m.Attendance = append(m.Attendance, meeting.Attendance{Department: d.Name, Sections: d.Sections, Person: fmt.Sprintf("参会人%d、联络员%d", i+1, i+1), Status: meeting.Present})
	}
	var cases []meeting.Case
	m.Agenda = nil
	for i := range 20 {
		c := ex.Cases[i%2]
		c.ID, c.UID = meeting.ID(i+1), fmt.Sprintf("case-%d", i+1)
		c.Applicant.Name = fmt.Sprintf("%s%d", c.Applicant.Name, i+1)
		cases = append(cases, c)
		it := ex.Meeting.Agenda[0]
		it.CaseID = c.ID
		it.Decisions = nil
		for k := range 3 {
			it.Decisions = append(it.Decisions, meeting.Decision{
				Text: fmt.Sprintf("第%d项议定事项：按分期验收结果办理第%d批厂房的不动产登记，并同步做好抵押登记衔接", k+1, i+1),
				Lead: names[(i+k)%15], Cooperating: []string{names[(i+k+1)%15], names[(i+k+2)%15]},
				Due: meeting.Date{Year: 2026, Month: 11, Day: 1 + k},
			})
		}
		m.Agenda = append(m.Agenda, it)
	}
	mn := &meeting.Minutes{Meeting: m, Cases: cases}
	if err := meeting.Finalize(mn, meeting.DocNumber{Year: 2026, Seq: 99}, exampleFinalized); err != nil {
		t.Fatalf("the large example does not finalize: %v", err)
	}
	return mn
}
