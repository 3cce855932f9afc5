package cli

import (
	"fmt"
	"io"

	"backstop/export"
	"backstop/export/safefile"
	"backstop/meeting"
)

// runExcerpt writes one department's excerpt of the minutes (分送件): only the decisions
// it leads or cooperates on, with the fingerprint of the finalized minutes.
func runExcerpt(r *runner, args []string) error {
	fs := r.flags("excerpt")
	id := fs.String("meeting", "", "会议 ID（backstop list 可查看）")
	dept := fs.String("dept", "", "部门：完整名称、简称或名称开头（须唯一）")
	out := fs.String("o", "", "输出的 PDF 文件")
	fontMode := fs.String("fonts", "", "auto（自动：有公文字体时使用）或 embedded（内置字体）；不指定时按数据目录中的字体设置")
	if err := parse(fs, args); err != nil {
		return err
	}
	mid, err := meetingID(*id)
	if err != nil {
		return err
	}
	if *dept == "" {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -dept 指定部门。", nil)
	}
	if *out == "" {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出的 PDF 文件。", nil)
	}
	fonts, err := r.fonts(*fontMode)
	if err != nil {
		return err
	}
	st, err := r.openForReading()
	if err != nil {
		return err
	}
	defer st.Close()
	mn, err := st.Minutes(mid)
	if err != nil {
		return err
	}
	directory, err := st.Departments()
	if err != nil {
		return err
	}
	name, err := export.ResolveDepartment(&mn.Meeting, *dept, directory)
	if err != nil {
		return err
	}
	var rep export.Report
	err = safefile.Write(*out, 0o644, func(w io.Writer) error {
		var err error
		rep, err = export.WriteExcerpt(w, &mn, name, export.Options{Fonts: fonts})
		return err
	})
	if err != nil {
		return err
	}
	if len(rep.Replaced) > 0 {
		fmt.Fprintf(r.env.Stderr, "警告：字体无法显示以下字符，已用〓代替：%s\n", quoteRunes(rep.Replaced))
	}
	lead, coop := export.ExcerptCounts(export.ExcerptEntries(&mn.Meeting, name))
	if rep.Draft {
		fmt.Fprintln(r.env.Stderr, "警告：会议纪要尚未定稿，分送件带「草稿」水印、不含指纹，不作为办理依据。")
		fmt.Fprintf(r.env.Stdout, "已导出%s的分送件草稿 %s（牵头 %d 项，配合 %d 项，%d 页）\n", name, *out, lead, coop, rep.Pages)
		return nil
	}
	fmt.Fprintf(r.env.Stdout, "已导出%s的分送件 %s（牵头 %d 项，配合 %d 项，%d 页，纪要%s第 %d 版，指纹 %s）\n",
		name, *out, lead, coop, rep.Pages, mn.Meeting.Number, rep.Revision, rep.Fingerprint)
	return nil
}
