package meeting

// Chinese labels of the enumerations, as printed in the minutes and shown in forms.
// The UI passes them through its translation table for the English interface.

// Label returns the Chinese name of the category.
func (c Category) Label() string {
	switch c {
	case CategoryInvestment:
		return "企业投资项目"
	case CategoryRealEstate:
		return "不动产权办理"
	case CategoryLivelihood:
		return "其他民生问题"
	}
	return string(c)
}

// Label returns the Chinese name of the channel.
func (c Channel) Label() string {
	switch c {
	case ChannelWindowEnterprise:
		return "兜底窗口·企业"
	case ChannelWindowPerson:
		return "兜底窗口·个人"
	case ChannelHotline:
		return "营商环境咨询热线"
	case ChannelOnline:
		return "线上平台"
	case ChannelTownship:
		return "乡镇(街道)服务中心"
	case ChannelVisit:
		return "走访排查"
	}
	return string(c)
}

// Label returns the Chinese name of the attendance status.
func (s AttendanceStatus) Label() string {
	switch s {
	case Present:
		return "出席"
	case Excused:
		return "请假"
	case Observer:
		return "列席"
	case Absent:
		return "缺席"
	}
	return string(s)
}

// Label returns the Chinese name of the judgment.
func (j Judgment) Label() string {
	switch j {
	case JudgmentShould:
		return "应办"
	case JudgmentDefer:
		return "暂缓"
	case JudgmentRefuse:
		return "不予办理"
	case JudgmentUndecided:
		return "未研判"
	}
	return string(j)
}

// Label returns the Chinese name of the state.
func (s State) Label() string {
	switch s {
	case StateDraft:
		return "草稿"
	case StateFinalized:
		return "已定稿"
	case StateSigned:
		return "已签署"
	case StateArchived:
		return "已归档"
	}
	return string(s)
}

// Label returns the Chinese name of the applicant kind.
func (k ApplicantKind) Label() string {
	switch k {
	case Enterprise:
		return "企业"
	case Person:
		return "个人"
	}
	return string(k)
}

// Label returns the Chinese name of the case status.
func (s CaseStatus) Label() string {
	switch s {
	case CaseOpen:
		return "办理中"
	case CaseClosed:
		return "已办结"
	}
	return string(s)
}
