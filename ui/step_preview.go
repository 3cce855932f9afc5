package ui

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/export"
	"backstop/export/archive"
	"backstop/meeting"
)

// zoomLevels are the preview's scales in pixels per millimetre; 100 % is 96 dpi.
var zoomLevels = []float32{1.6, 2.2, 2.8, 3.78, 4.6, 5.6}

const actualSize = 96 / 25.4

// previewStep is step 4: the pages as they will print, drawn from export's layout,
// with the warnings above them, and printing.
type previewStep struct {
	e *meetingEditor

	warnings          *fyne.Container
	pagesBox          *fyne.Container
	list              *widget.List
	painter           *pagePainter
	doc               *export.Document
	report            export.Report
	zoom              int
	zoomLabel         *widget.Label
	pageCount         *widget.Label
	openPDF, print    *widget.Button
	exportWord        *widget.Button
	printer           *widget.Select
	copies            *entry
	finalize, amend   *widget.Button
	record            *recordPanel // the archive record of locked minutes; nil for drafts
	status            *widget.Label
	top               fyne.CanvasObject // toolbar, status and warnings above the pages
	printersRequested bool
	printersErr       error // why the printers could not be listed, if so

	lastPDF  string // the last PDF written, for tests and the status line
	fontText string // which fonts the preview is set in (fontSummary)
	lastWord string // the last Word working copy written
}

func newPreviewStep(e *meetingEditor) *previewStep { return &previewStep{e: e, zoom: 3} }

func (s *previewStep) build() fyne.CanvasObject {
	s.warnings = container.NewVBox()
	s.pagesBox = container.New(fillLayout{min: fyne.NewSize(320, 60)})
	s.zoomLabel = widget.NewLabel("")
	s.pageCount = widget.NewLabel("")
	zoomOut := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { s.setZoom(s.zoom - 1) })
	zoomIn := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { s.setZoom(s.zoom + 1) })
	s.updateZoomLabel()

	s.openPDF = widget.NewButtonWithIcon(lang.L("生成 PDF 并打开"), theme.DocumentIcon(), s.onOpenPDF)
	s.exportWord = widget.NewButtonWithIcon(lang.L("导出 Word 文档"), theme.DocumentSaveIcon(), s.onExportWord)
	s.printer = widget.NewSelect(nil, nil)
	s.printer.PlaceHolder = lang.L("选择打印机")
	s.copies = newEntry()
	s.copies.SetText("1")
	s.print = widget.NewButtonWithIcon(lang.L("打印"), theme.DocumentPrintIcon(), s.onPrintToPrinter)
	s.print.Importance = widget.HighImportance
	s.finalize = widget.NewButtonWithIcon(lang.L("定稿"), theme.ConfirmIcon(), s.onFinalize)
	s.amend = widget.NewButtonWithIcon(lang.L("发起修订"), theme.DocumentCreateIcon(), s.onAmend)
	if s.e.readOnly {
		s.finalize.Hide()
	} else {
		s.amend.Hide()
	}
	if s.e.u.opts.ReadOnly {
		s.amend.Hide()
	}
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapBreak
	s.status.Hide()

	copies := container.NewBorder(nil, nil, widget.NewLabel(lang.L("份数")), nil, container.NewGridWrap(fyne.NewSize(64, s.copies.MinSize().Height), s.copies))
	// Printer names run long ("HP LaserJet Pro MFP M428f PCL-6"): room for most of one.
	printer := container.NewGridWrap(fyne.NewSize(240, s.printer.MinSize().Height), s.printer)
	excerpts := s.e.u.newExcerptButton(func() meeting.Minutes { s.e.saver.flush(); return s.e.minutes() })
	// One row on a wide screen, two at 1024×768: the window never gets wider than
	// the screen for its toolbar.
	toolbar := newWrap(theme.Padding(),
		container.NewHBox(s.openPDF, s.exportWord, excerpts), container.NewHBox(printer, copies, s.print),
		container.NewHBox(s.finalize, s.amend), container.NewHBox(zoomOut, s.zoomLabel, zoomIn, s.pageCount))
	// What is said about the minutes (status, archive record, warnings) takes its own
	// height up to a few lines (detailLines), then scrolls: the toolbar stays in sight, and a long
	// list does not push the pages (or the window) past a 768-pixel screen.
	details := container.NewVBox(s.status, s.warnings)
	if s.e.readOnly {
		s.record = newRecordPanel(s.e)
		details = container.NewVBox(s.status, s.record.build(), widget.NewSeparator(), s.warnings)
	}
	s.top = container.NewVBox(toolbar, cappedScroll(details, s.detailLines), widget.NewSeparator())
	return container.NewBorder(s.top, nil, nil, nil, s.pagesBox)
}

// detailLines is how many lines the status, record and warnings show before they
// scroll: four, and two in 投屏模式, where the room reads the pages and a 1024×768
// screen has no height to spare.
func (s *previewStep) detailLines() float32 {
	if s.e.u.theme.projector {
		return 2
	}
	return 4
}

func parseCopies(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 99 {
		return 0, &meeting.Error{Code: meeting.CodeInvalid, Message: "打印份数应为 1 到 99 之间的整数。"}
	}
	return n, nil
}

// render lays the minutes out in the background and draws them when done.
func (s *previewStep) render() {
	mn := snapshot(s.e.minutes())
	s.showWarnings(mn.Validate(), nil)
	s.requestPrinters()
	var doc *export.Document
	var rep export.Report
	var checks []export.FontCheck
	s.e.u.background(lang.L("正在排版"), func() error {
		var err error
		doc, rep, err = layoutMinutes(&mn)
		checks = currentFontChecks()
		return err
	}, func(err error) {
		if err != nil {
			s.e.u.showError(err)
			return
		}
		s.doc, s.report = doc, rep
		s.fontText = fontSummary(checks, rep.Fonts)
		s.showWarnings(mn.Validate(), rep.Replaced)
		s.drawPages()
	})
}

// showWarnings lists what still blocks finalizing and the characters the font cannot
// set, above the pages.
func (s *previewStep) showWarnings(ps meeting.Problems, replaced []export.Replacement) {
	var objs []fyne.CanvasObject
	line := func(text string, imp widget.Importance, bold bool) {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapBreak
		l.Importance = imp
		l.TextStyle.Bold = bold
		objs = append(objs, l)
	}
	if s.e.m.Editable() {
		if len(ps) == 0 {
			line(lang.L("内容完整，可以定稿。草稿打印件带「草稿」水印。"), widget.SuccessImportance, true)
		} else {
			line(lang.L("定稿前还需处理 {{.N}} 项：", map[string]int{"N": len(ps)}), widget.WarningImportance, true)
			for i, p := range ps {
				if i == 8 {
					line(lang.L("……另有 {{.N}} 项", map[string]int{"N": len(ps) - i}), widget.WarningImportance, false)
					break
				}
				line("· "+p.Message, widget.WarningImportance, false)
			}
		}
	}
	if len(replaced) > 0 {
		line(lang.L("以下字符字体无法排印，打印件中以〓代替，请核对："), widget.DangerImportance, true)
		for _, r := range replaced {
			line("· "+r.String(), widget.DangerImportance, false)
		}
	}
	if s.fontText != "" {
		line(s.fontText, widget.LowImportance, false)
	}
	s.warnings.Objects = objs
	s.warnings.Refresh()
	if s.finalize != nil && s.e.m.Editable() {
		setEnabled(len(ps) == 0, s.finalize)
	}
}

func (s *previewStep) drawPages() {
	if s.doc == nil {
		return
	}
	s.painter = newPagePainter(s.doc, zoomLevels[s.zoom])
	size := s.painter.pageSize()
	s.list = widget.NewList(
		func() int { return len(s.doc.Pages) },
		func() fyne.CanvasObject {
			return container.NewCenter(container.New(&pageLayout{size: size}))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			page := o.(*fyne.Container).Objects[0].(*fyne.Container)
			page.Objects = s.painter.objects(i)
			page.Refresh()
		})
	s.list.OnSelected = func(widget.ListItemID) { s.list.UnselectAll() }
	s.pagesBox.Objects = []fyne.CanvasObject{s.list}
	s.pagesBox.Refresh()
	s.pageCount.SetText(lang.L("共 {{.N}} 页", map[string]int{"N": len(s.doc.Pages)}))
}

func (s *previewStep) setZoom(z int) {
	if z < 0 || z >= len(zoomLevels) {
		return
	}
	s.zoom = z
	s.updateZoomLabel()
	s.drawPages()
}

func (s *previewStep) updateZoomLabel() {
	s.zoomLabel.SetText(fmt.Sprintf("%d%%", int(zoomLevels[s.zoom]/actualSize*100+0.5)))
}

// requestPrinters lists the printers in the background, once.
func (s *previewStep) requestPrinters() {
	if s.printersRequested {
		return
	}
	s.printersRequested = true
	s.listPrinters(nil)
}

// listPrinters asks the printer system for its printers in the background, fills the
// choice with them, and then calls done (if any) on the UI goroutine.
func (s *previewStep) listPrinters(done func()) {
	ps := s.e.u.printers
	go func() {
		names, err := ps.Printers()
		s.e.u.do(func() {
			s.printersErr = err
			s.printer.Options = names
			if len(names) > 0 && !slices.Contains(names, s.printer.Selected) {
				s.printer.SetSelected(names[0])
			}
			if len(names) == 0 {
				s.printer.ClearSelected()
			}
			// The reason is shown when 打印 is tapped, not here: a PC that only ever
			// saves PDFs should not carry a warning on every preview.
			if err != nil {
				s.printer.PlaceHolder = lang.L("无法列出打印机")
			} else {
				s.printer.PlaceHolder = lang.L("选择打印机")
			}
			s.printer.Refresh()
			if done != nil {
				done()
			}
		})
	}()
}

// noPrinterError says why no printer can be chosen: the system's error, or that it
// has none. It is nil when printers were listed.
func (s *previewStep) noPrinterError() error {
	if s.printersErr != nil {
		return s.printersErr
	}
	if len(s.printer.Options) == 0 {
		return &meeting.Error{Code: meeting.CodeNotFound, Message: "系统中没有可用的打印机。请先在系统设置中添加打印机；也可以「生成 PDF 并打开」，再用其他程序打印。"}
	}
	return nil
}

// onPrint is Ctrl+P on this step: print when a printer is chosen, else open the PDF.
func (s *previewStep) onPrint() {
	if s.printer.Selected != "" {
		s.onPrintToPrinter()
		return
	}
	s.onOpenPDF()
}

// onOpenPDF writes the PDF and opens it in the system's viewer.
func (s *previewStep) onOpenPDF() {
	s.e.saver.flush()
	mn := snapshot(s.e.minutes())
	dir := s.e.u.pdfDir()
	var path string
	var rep export.Report
	s.e.u.background(lang.L("正在生成 PDF"), func() error {
		var err error
		path, rep, err = writeMinutesPDF(dir, &mn)
		return err
	}, func(err error) {
		if err != nil {
			s.e.u.showError(err)
			return
		}
		s.lastPDF = path
		s.showWarnings(mn.Validate(), rep.Replaced)
		s.setStatus(lang.L("已生成 {{.Path}}（{{.N}} 页）", map[string]any{"Path": path, "N": rep.Pages}))
		if err := s.e.u.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
			s.e.u.showError(meeting.Errorf(meeting.CodeStorage, "PDF 已生成，但无法打开查看程序："+path, err))
		}
	})
}

// onExportWord writes the Word working copy beside the PDFs in the background and opens
// it in the system's word processor.
func (s *previewStep) onExportWord() {
	s.e.saver.flush()
	mn := snapshot(s.e.minutes())
	dir := s.e.u.pdfDir()
	var path string
	s.e.u.background(lang.L("正在生成 Word 文档"), func() error {
		var err error
		path, _, err = writeMinutesDocx(dir, &mn)
		return err
	}, func(err error) {
		if err != nil {
			s.e.u.showError(err)
			return
		}
		s.lastWord = path
		s.setStatus(lang.L("已导出 Word 工作副本 {{.Path}}（以归档的 PDF 为准）", map[string]any{"Path": path}))
		if err := s.e.u.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
			s.e.u.showError(meeting.Errorf(meeting.CodeStorage, "Word 文档已生成，但无法打开："+path, err))
		}
	})
}

// onPrintToPrinter writes the PDF and sends it to the chosen printer. With no printer
// to choose it lists the printers again first (one may have been added, or the print
// service started, since the step opened) and says why when there is still none.
func (s *previewStep) onPrintToPrinter() {
	if s.printer.Selected == "" {
		s.listPrinters(func() {
			if err := s.noPrinterError(); err != nil {
				s.e.u.showError(err)
				return
			}
			if s.printer.Selected == "" {
				s.e.u.showError(&meeting.Error{Code: meeting.CodeInvalid, Message: "请先选择打印机；没有打印机时可以「生成 PDF 并打开」。"})
				return
			}
			s.sendToPrinter(s.printer.Selected)
		})
		return
	}
	s.sendToPrinter(s.printer.Selected)
}

// sendToPrinter writes the PDF and prints it on printer in the background.
func (s *previewStep) sendToPrinter(printer string) {
	copies, err := parseCopies(s.copies.Text)
	if err != nil {
		s.e.u.showError(err)
		return
	}
	s.e.saver.flush()
	mn := snapshot(s.e.minutes())
	dir := s.e.u.pdfDir()
	ps := s.e.u.printers
	var path, job string
	s.e.u.background(lang.L("正在打印"), func() error {
		var err error
		path, _, err = writeMinutesPDF(dir, &mn)
		if err != nil {
			return err
		}
		job, err = sendToPrinter(ps, printer, path, copies)
		return err
	}, func(err error) {
		if path != "" {
			s.lastPDF = path
		}
		switch {
		case errors.Is(err, errOpenedInViewer):
			s.showStatus(meeting.ErrorMessage(err), widget.WarningImportance)
			s.showPrintNotice(meeting.ErrorMessage(err))
		case err != nil:
			s.showStatus(lang.L("打印失败：{{.Reason}}", map[string]any{"Reason": meeting.ErrorMessage(err)}), widget.DangerImportance)
			s.e.u.showError(err)
		case job != "":
			s.setStatus(lang.L("已发送到打印机「{{.Printer}}」，共 {{.N}} 份（作业 {{.Job}}）。", map[string]any{"Printer": printer, "N": copies, "Job": job}))
			s.watchJob(ps, printer, job)
		default:
			s.setStatus(lang.L("已发送到打印机「{{.Printer}}」，共 {{.N}} 份。", map[string]any{"Printer": printer, "N": copies}))
		}
	})
}

// jobWatchLimit is how long a sent job is followed for trouble.
const jobWatchLimit = 2 * time.Minute

// watchJob follows a queued job in the background, when the printer system can, and
// tells the person if it will not print without help (a printer that failed).
func (s *previewStep) watchJob(ps printerSystem, printer, job string) {
	w, ok := ps.(jobWatcher)
	if !ok {
		return
	}
	go func() {
		err := w.WatchJob(printer, job, jobWatchLimit)
		if err == nil {
			return
		}
		s.e.u.do(func() {
			s.showStatus(lang.L("打印失败：{{.Reason}}", map[string]any{"Reason": meeting.ErrorMessage(err)}), widget.DangerImportance)
			s.e.u.showError(err)
		})
	}()
}

func (s *previewStep) setStatus(text string) {
	s.showStatus(text, widget.MediumImportance)
}

// showStatus shows text in the status line below the toolbar, coloured by imp.
func (s *previewStep) showStatus(text string, imp widget.Importance) {
	s.status.Importance = imp
	s.status.SetText(text)
	s.status.Show()
}

// showPrintNotice tells the person to print from the PDF viewer that was opened for
// them, in a dialog sized like the error dialog so the sentence wraps inside it.
func (s *previewStep) showPrintNotice(message string) {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapBreak
	body := container.NewVScroll(msg)
	body.SetMinSize(fyne.NewSize(480, 120))
	s.e.u.show(dialog.NewCustom(lang.L("请在 PDF 程序中打印"), lang.L("确定"), body, s.e.u.win), nil)
}

// onFinalize locks the draft as its next revision, after asking.
func (s *previewStep) onFinalize() {
	s.e.saver.flush()
	id := s.e.m.ID
	m := s.e.m
	decisions := 0
	for _, it := range m.Agenda {
		decisions += len(it.Decisions)
	}
	departments, sections := m.Counts()
	what := lang.L("定稿将锁定「{{.Title}}」：{{.Items}} 个议题、{{.Decisions}} 条议定事项、{{.D}} 个部门 · {{.S}} 个科室的参会记录，分配文号并把第 {{.N}} 版 PDF 存档。锁定后不能直接修改，如需更改须发起修订。确定定稿？",
		map[string]any{"Title": m.Title, "Items": len(m.Agenda), "Decisions": decisions, "D": departments, "S": sections, "N": m.Revision()})
	s.e.u.confirm(lang.L("定稿"), what, func() {
		u := s.e.u
		at := u.now()
		// Finalizing renders the revision's PDF into the archive and records its hash.
		u.background(lang.L("定稿"), func() error {
			_, err := archive.Finalize(u.store, u.opts.DataDir, id, at)
			return err
		}, func(err error) {
			if err != nil {
				u.showError(err)
			}
			u.openMeeting(id)
			u.editor.showStep(stepPreview)
		})
	})
}

// onAmend reopens locked minutes as the draft of the next revision, with a reason.
func (s *previewStep) onAmend() {
	id := s.e.m.ID
	reason := multiLine(lang.L("修订理由（必填，将印在修订稿上）"), 3)
	d := dialog.NewCustomConfirm(lang.L("发起修订"), lang.L("确定"), lang.L("取消"), container.NewGridWrap(fyne.NewSize(460, 120), reason), func(ok bool) {
		if !ok {
			return
		}
		if _, err := s.e.u.store.Amend(id, reason.Text, s.e.u.now()); err != nil {
			s.e.u.showError(err)
			return
		}
		s.e.u.openMeeting(id)
	}, s.e.u.win)
	s.e.u.show(d, d.Confirm)
	s.e.u.focus(reason)
}
