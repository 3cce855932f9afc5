package ui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/export/archive"
	"backstop/export/safefile"
)

// onArchiveExport asks for a year and writes that year's archive package for the
// records office (归档导出) into the data folder's exports/, off the UI goroutine.
func (u *UI) onArchiveExport() {
	year := widget.NewEntry()
	year.SetText(strconv.Itoa(u.now().Year()))
	items := []*widget.FormItem{widget.NewFormItem(lang.L("年份"), year)}
	dialog.ShowForm(lang.L("导出归档包"), lang.L("确定"), lang.L("取消"), items, func(ok bool) {
		if !ok {
			return
		}
		y, err := strconv.Atoi(year.Text)
		if err != nil || y < 2000 || y > 9999 {
			u.showInfo(lang.L("导出归档包"), lang.L("年份应为四位数字，例如 2026。"))
			return
		}
		u.exportArchive(y)
	}, u.win)
}

// exportArchive writes the package of year and says where it went.
func (u *UI) exportArchive(year int) {
	path := filepath.Join(u.outputDir(), "exports", fmt.Sprintf("backstop-archive-%d.zip", year))
	at := u.now()
	var files int
	u.background(lang.L("导出归档包"), func() error {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return safefile.Describe(err, path)
		}
		return safefile.Write(path, 0o600, func(w io.Writer) error {
			m, err := archive.ExportYear(u.store, u.opts.DataDir, year, w, at)
			files = len(m.Files)
			return err
		})
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.showInfo(lang.L("导出归档包"), lang.L("已导出 {{.N}} 个文件到：", map[string]int{"N": files})+"\n"+path)
	})
}

// onVerifyAll checks every archived file against its recorded hash and every revision
// chain (核验全部存档), and lists what it found.
func (u *UI) onVerifyAll() {
	var problems []archive.Problem
	u.background(lang.L("核验全部存档"), func() error {
		var err error
		problems, err = archive.VerifyAll(u.store, u.opts.DataDir)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if len(problems) == 0 {
			u.showInfo(lang.L("核验结果"), lang.L("全部存档文件与记录一致，修订链完整。"))
			return
		}
		lines := []string{lang.L("发现 {{.N}} 个问题：", map[string]int{"N": len(problems)})}
		for _, p := range problems {
			lines = append(lines, "· "+p.String())
		}
		u.showInfo(lang.L("核验结果"), strings.Join(lines, "\n"))
	})
}
