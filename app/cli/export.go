package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"backstop/export"
	"backstop/export/docx"
	"backstop/export/safefile"
	"backstop/meeting"
)

func runExport(r *runner, args []string) error {
	fs := r.flags("export")
	id := fs.String("meeting", "", "会议 ID（backstop list 可查看）")
	out := fs.String("o", "", "输出的文件：.pdf（默认）或 .docx（Word 工作副本）")
	fontMode := fs.String("fonts", "", "auto（自动：有公文字体时使用）或 embedded（内置字体）；不指定时按数据目录中的字体设置")
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
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出的 PDF 或 Word（.docx）文件。", nil)
	}
	word := strings.EqualFold(filepath.Ext(*out), ".docx")
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
		if word {
			rep, err = docx.Write(w, &mn, export.Options{Fonts: fonts})
		} else {
			rep, err = export.WriteMinutes(w, &mn, export.Options{Fonts: fonts})
		}
		return err
	})
	if err != nil {
		return err
	}
	if word {
		if len(rep.Replaced) > 0 {
			fmt.Fprintf(r.env.Stderr, "警告：以下字符不能写入文档，已用〓代替：%s\n", quoteRunes(rep.Replaced))
		}
		fmt.Fprintf(r.env.Stdout, "已导出 Word 工作副本 %s（第 %d 版，指纹 %s；以归档的 PDF 为准）\n", *out, rep.Revision, shortFingerprint(rep.Fingerprint))
		return nil
	}
	if len(rep.Replaced) > 0 {
		fmt.Fprintf(r.env.Stderr, "警告：字体无法显示以下字符，已用〓代替：%s\n", quoteRunes(rep.Replaced))
	}
	fmt.Fprintf(r.env.Stdout, "已导出 %s（%d 页，指纹 %s）\n", *out, rep.Pages, rep.Fingerprint[:12])
	return nil
}

// fonts returns the fonts of the 公文字体 setting in the data directory, or of the mode
// -fonts names, and tells on standard error each official font that cannot be used
// and why.
func (r *runner) fonts(mode string) (*export.FontSet, error) {
	s, err := export.LoadFontSettings(r.dataDir)
	if err != nil {
		fmt.Fprintf(r.env.Stderr, "警告：%s\n", meeting.ErrorMessage(err))
	}
	switch mode {
	case "":
	case string(export.FontsAuto), string(export.FontsOfficial):
		s.Mode = export.FontsAuto
	case string(export.FontsEmbedded):
		s.Mode = export.FontsEmbedded
	default:
		return nil, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("-fonts 只能是 auto（自动：有公文字体时使用）或 embedded（内置字体），不是「%s」。", mode), nil)
	}
	set, checks := export.OfficialFonts(s, export.FontDirs(r.dataDir))
	// A role whose official face is not installed is what 自动 expects on most PCs: it
	// is told only when the official fonts were asked for (-fonts, or a picked file).
	asked := mode != "" || len(s.Files) > 0
	for _, c := range checks {
		if c.Err != nil || len(c.Missing) > 0 || (!c.Used() && asked) {
			fmt.Fprintf(r.env.Stderr, "字体：%s（%s）%s\n", c.Role, c.Role.Typeface(), c.Message())
		}
	}
	return set, nil
}

// shortFingerprint returns the first 12 hex digits a person compares.
func shortFingerprint(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}

func quoteRunes(rs []export.Replacement) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%c（U+%04X，%s）", r.Rune, r.Rune, r.Where)
	}
	return strings.Join(parts, "、")
}
