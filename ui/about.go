package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/assets"
	"backstop/export"
	"backstop/meeting"
)

// aboutMenuItem returns the menu item 关于兜底协调会 for the 帮助 menu.
func (u *UI) aboutMenuItem() *fyne.MenuItem {
	return fyne.NewMenuItem(lang.L("关于兜底协调会"), u.showAbout)
}

// aboutBox is the 关于 dialog: the program, its version and data directory, the fonts it
// embeds with their licences, and the official fonts the minutes use, if any.
type aboutBox struct {
	u       *UI
	minutes *fyne.Container // the fonts of the minutes, filled in once checked
	body    *fyne.Container
}

func (u *UI) showAbout() {
	a := &aboutBox{u: u}
	d := dialog.NewCustom(lang.L("关于"), lang.L("关闭"), a.build(), u.win)
	d.Resize(fyne.NewSize(760, 720))
	u.show(d, nil)
	a.checkFonts()
}

func (a *aboutBox) build() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(64, 64))
	name := widget.NewLabelWithStyle(lang.L("兜底协调会")+" (Backstop)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = "subHeadingText"
	version := a.u.opts.Version
	if version == "" {
		version = lang.L("开发版")
	}
	facts := widget.NewForm(
		widget.NewFormItem(lang.L("版本"), selectable(version)),
		widget.NewFormItem(lang.L("数据目录"), selectable(a.u.opts.DataDir)),
	)
	head := container.NewBorder(nil, nil, icon, nil, container.NewVBox(name, facts))

	a.minutes = container.NewVBox(widget.NewLabel(lang.L("正在检查字体……")))

	licences := container.NewVBox()
	for _, f := range assets.BundledFonts {
		name := widget.NewLabelWithStyle(lang.L("{{.Family}} · {{.Licence}}", map[string]any{"Family": f.Family, "Licence": f.Licence}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		files := widget.NewLabel(lang.L("文件：{{.Files}}", map[string]any{"Files": strings.Join(f.Files, "、")}))
		files.Importance = widget.LowImportance
		read := widget.NewButton(lang.L("查看许可证"), func() { a.showLicence(f) })
		licences.Add(container.NewBorder(nil, nil, nil, container.NewVBox(read), container.NewVBox(name, files)))
	}

	a.body = container.NewVBox(
		head,
		widget.NewSeparator(),
		heading(lang.L("内置字体及其许可证")),
		aboutText(lang.L("以下字体随程序内置，按 SIL 开放字体许可证 1.1 版（SIL Open Font License 1.1）使用和分发；PDF 中嵌入的是其子集。")),
		licences,
		widget.NewSeparator(),
		heading(lang.L("纪要使用的字体")),
		a.minutes,
	)
	return container.NewVScroll(a.body)
}

// showLicence shows the full text of a bundled font's licence.
func (a *aboutBox) showLicence(f assets.BundledFont) {
	text := widget.NewLabel(strings.TrimSpace(f.Text))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(f.Family+" · "+f.Licence, lang.L("关闭"), container.NewVScroll(text), a.u.win)
	d.Resize(fyne.NewSize(720, 600))
	a.u.show(d, nil)
}

// checkFonts lists, off the UI goroutine, the fonts the minutes are set in.
func (a *aboutBox) checkFonts() {
	var settings export.FontSettings
	var checks []export.FontCheck
	var loadErr error
	a.u.background(lang.L("正在检查字体"), func() error {
		settings, loadErr = export.LoadFontSettings(a.u.opts.DataDir)
		_, checks = export.OfficialFonts(settings, export.FontDirs(a.u.opts.DataDir))
		return nil
	}, func(error) {
		var objs []fyne.CanvasObject
		if loadErr != nil {
			objs = append(objs, aboutText(meeting.ErrorMessage(loadErr), widget.DangerImportance))
		}
		if !settings.Official() {
			objs = append(objs, aboutText(lang.L("内置字体：正文、标题用思源宋体（Noto Serif SC），一级标题用思源黑体（Noto Sans SC）。可在“设置 › 公文字体”中选“自动”，改用本机的公文字体。")))
		}
		for _, c := range checks {
			imp := widget.MediumImportance
			if !c.Used() {
				imp = widget.WarningImportance
			}
			objs = append(objs, aboutText(roleLabel(c.Role)+"："+c.Message(), imp))
		}
		if settings.Official() {
			objs = append(objs, aboutText(lang.L("公文字体由本机提供（如 Windows 自带的仿宋、黑体、楷体），其版权归各自的所有者，本程序只在生成的 PDF 中嵌入所用字符的子集。"), widget.LowImportance))
		}
		a.minutes.Objects = objs
		a.body.Refresh()
	})
}

// selectable shows a value the user may want to copy, such as the data directory.
func selectable(text string) fyne.CanvasObject {
	e := widget.NewEntry()
	e.SetText(text)
	e.Disable()
	return e
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// aboutText is a paragraph of the dialog, wrapped at its width.
func aboutText(text string, importance ...widget.Importance) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	if len(importance) > 0 {
		l.Importance = importance[0]
	}
	return container.New(wrapAt(690), l)
}
