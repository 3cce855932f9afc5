package meeting

// DefaultDirectory returns the departments of a typical county-level city that sit at
// the backstop office's table, with their usual sections. The store loads it once into
// an empty directory; from then on it is the office's own data to edit.
func DefaultDirectory() []Department {
	entries := []struct {
		name, short string
		sections    []string
	}{
		{"行政审批服务管理办公室", "审批办", []string{"兜底办", "投资项目审批科", "政务服务科"}},
		{"自然资源和规划局", "资规局", []string{"不动产登记科", "用地审批科", "规划管理科", "执法监察大队"}},
		{"住房和城乡建设局", "住建局", []string{"建筑管理科", "质量安全监督站", "房地产管理科"}},
		{"发展和改革局", "发改局", []string{"投资科", "营商环境科"}},
		{"经济和信息化局", "经信局", []string{"工业投资科", "企业服务科"}},
		{"市场监督管理局", "市场监管局", []string{"登记注册科", "信用监管科"}},
		{"税务局", "税务局", []string{"征收管理科", "纳税服务科"}},
		{"消防救援大队", "消防大队", []string{"防火监督科"}},
		{"生态环境分局", "生态环境分局", []string{"环评审批科"}},
		{"人力资源和社会保障局", "人社局", []string{"社会保险科", "劳动关系科"}},
		{"应急管理局", "应急局", []string{"安全生产监管科"}},
		{"公证处", "公证处", []string{"不动产公证窗口"}},
		{"财政局", "财政局", []string{"综合科"}},
		{"司法局", "司法局", []string{"行政执法监督科"}},
		{"农业农村局", "农业农村局", []string{"农村宅基地管理科"}},
		{"综合行政执法局", "执法局", []string{"法制科"}},
	}
	out := make([]Department, len(entries))
	for i, e := range entries {
		out[i] = Department{Name: e.name, ShortName: e.short, Sections: e.sections, Active: true, Order: i + 1}
	}
	return out
}
