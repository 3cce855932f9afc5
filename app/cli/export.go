package cli

import (
	"fmt"
	"io"
	"strings"

	"backstop/export"
	"backstop/export/safefile"
	"backstop/meeting"
)

func runExport(r *runner, args []string) error {
	fs := r.flags("export")
	id := fs.String("meeting", "", "会议 ID（backstop list 可查看）")
	out := fs.String("o", "", "输出的 PDF 文件")
	fontMode := fs.String("fonts", "", "official（公文字体）或 embedded（内置字体）；不指定时按数据目录中的字体设置")
	if err := parse(fs, args); err != nil {
		return err
	}
	fonts, err := r.fonts(*fontMode)
	if err != nil {
		return err
	}
	mid, err := meetingID(*id)
	if err != nil {
		return err
	}
	if *out == "" {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出的 PDF 文件。", nil)
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
	var rep export.Report
	err = safefile.Write(*out, 0o644, func(w io.Writer) error {
		var err error
		rep, err = export.WriteMinutes(w, &mn, export.Options{Fonts: fonts})
		return err
	})
	if err != nil {
		return err
	}
	if len(rep.Replaced) > 0 {
		fmt.Fprintf(r.env.Stderr, "警告：字体无法显示以下字符，已用〓代替：%s\n", quoteRunes(rep.Replaced))
	}
	fmt.Fprintf(r.env.Stdout, "已导出 %s（%d 页，指纹 %s）\n", *out, rep.Pages, rep.Fingerprint[:12])
	return nil
}

// fonts returns the fonts of the 公文字体 setting in the data directory, or of the mode
// -fonts names, and tells on standard error each official font that is not used and
// why.
func (r *runner) fonts(mode string) (*export.FontSet, error) {
	s, err := export.LoadFontSettings(r.dataDir)
	if err != nil {
		fmt.Fprintf(r.env.Stderr, "警告：%s\n", meeting.ErrorMessage(err))
	}
	switch mode {
	case "":
	case string(export.FontsOfficial), string(export.FontsEmbedded):
		s.Mode = export.FontMode(mode)
	default:
		return nil, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("-fonts 只能是 official（公文字体）或 embedded（内置字体），不是「%s」。", mode), nil)
	}
	set, checks := export.OfficialFonts(s, export.WindowsFontDirs())
	for _, c := range checks {
		if !c.Used() || len(c.Missing) > 0 {
			fmt.Fprintf(r.env.Stderr, "字体：%s（%s）%s\n", c.Role, c.Role.Typeface(), c.Message())
		}
	}
	return set, nil
}

func quoteRunes(rs []export.Replacement) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%c（U+%04X，%s）", r.Rune, r.Rune, r.Where)
	}
	return strings.Join(parts, "、")
}
