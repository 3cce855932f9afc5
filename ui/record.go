package ui

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/export/archive"
	"backstop/meeting"
)

// recordPanel shows the archive record of locked minutes on the preview step: every
// finalized revision with its date, reason and fingerprint, the archived PDF and the
// signed scans, and the actions that follow finalizing: attach the signed scan (签署)
// and mark the record complete (归档).
type recordPanel struct {
	e         *meetingEditor
	box       *fyne.Container
	attach    *widget.Button
	archive   *widget.Button
	openPDF   *widget.Button
	revisions *fyne.Container

	deliveries     *deliveryPanel
	deliveryFold   *widget.Accordion
	deliveryFolder *widget.AccordionItem
}

func newRecordPanel(e *meetingEditor) *recordPanel { return &recordPanel{e: e} }

func (p *recordPanel) build() fyne.CanvasObject {
	p.attach = widget.NewButtonWithIcon(lang.L("附加签字扫描件"), theme.UploadIcon(), p.onAttach)
	p.archive = widget.NewButtonWithIcon(lang.L("归档"), theme.StorageIcon(), p.onArchive)
	p.openPDF = widget.NewButtonWithIcon(lang.L("打开存档 PDF"), theme.FileIcon(), p.onOpenArchivedPDF)
	p.revisions = container.NewVBox()
	title := widget.NewLabelWithStyle(lang.L("存档记录"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.deliveries = newDeliveryPanel(p.e)
	p.deliveries.changed = p.refreshDeliveryTitle
	scroll := container.NewVScroll(p.deliveries.box)
	scroll.SetMinSize(fyne.NewSize(0, 300))
	p.deliveryFolder = widget.NewAccordionItem("", scroll)
	p.deliveryFold = widget.NewAccordion(p.deliveryFolder)
	p.box = container.NewVBox(
		container.NewBorder(nil, nil, title, container.NewHBox(p.openPDF, p.attach, p.archive)),
		p.revisions,
		p.deliveryFold,
	)
	p.refresh()
	return p.box
}

// refreshDeliveryTitle says on the fold how many excerpts are still to deliver.
func (p *recordPanel) refreshDeliveryTitle() {
	title := lang.L("分送与签收")
	if n := len(p.e.m.Undelivered()); n > 0 {
		title += " · " + lang.L("{{.N}} 个单位未送达", map[string]int{"N": n})
	} else if rev, ok := p.e.m.DeliveryRevision(); ok && len(rev.Deliveries) > 0 {
		title += " · " + lang.L("均已送达")
	}
	p.deliveryFolder.Title = title
	p.deliveryFold.Refresh()
}

// refresh shows the stored meeting's revisions and enables what its state allows.
func (p *recordPanel) refresh() {
	m := p.e.m
	var rows []fyne.CanvasObject
	for _, rev := range m.Revisions {
		l := widget.NewLabel(describeRevision(rev))
		l.Wrapping = fyne.TextWrapBreak
		rows = append(rows, l)
	}
	p.revisions.Objects = rows
	p.revisions.Refresh()
	rev, ok := m.LastRevision()
	setEnabled(ok && rev.PDFHash != "" && (m.State == meeting.StateFinalized || m.State == meeting.StateSigned), p.attach)
	setEnabled(m.State == meeting.StateSigned, p.archive)
	setEnabled(ok && rev.PDFPath != "", p.openPDF)
	if p.deliveries != nil {
		p.deliveries.refresh()
	}
}

// describeRevision is one line of the record: 第1版 · 定稿于… · 指纹… · 理由… · 扫描件.
func describeRevision(rev meeting.Revision) string {
	parts := []string{
		lang.L("第 {{.N}} 版", map[string]int{"N": rev.N}),
		lang.L("定稿于") + " " + meeting.DateOf(rev.FinalizedAt.Local()).Chinese() + rev.FinalizedAt.Local().Format(" 15:04"),
		lang.L("指纹") + " " + shortHash(rev.Fingerprint),
	}
	if rev.Reason != "" {
		parts = append(parts, lang.L("修订理由")+"："+rev.Reason)
	}
	if rev.PDFHash == "" {
		parts = append(parts, lang.L("PDF 尚未存档"))
	}
	if n := len(rev.Scans); n > 0 {
		parts = append(parts, lang.L("签字扫描件 {{.N}} 份", map[string]int{"N": n}))
	}
	if !rev.ArchivedAt.IsZero() {
		parts = append(parts, lang.L("已归档"))
	}
	return strings.Join(parts, " · ")
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// onAttach asks for the scanned signed copy.
func (p *recordPanel) onAttach() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			p.e.u.showError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		p.attachFile(path)
	}, p.e.u.win)
	d.Show()
}

// attachFile copies the scan at path into the archive (checked by content: PDF, JPEG or
// PNG) and ties it to the current revision, off the UI goroutine.
func (p *recordPanel) attachFile(path string) {
	u, id, at := p.e.u, p.e.m.ID, p.e.u.now()
	var saved meeting.Meeting
	u.background(lang.L("附加签字扫描件"), func() error {
		var err error
		saved, err = archive.AttachScan(u.store, u.opts.DataDir, id, path, at)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			if saved.ID == 0 {
				return // nothing was recorded
			}
			// Recorded, but not sent to the database: the message says so; show it.
		}
		u.openMeeting(id)
		u.editor.showStep(stepPreview)
	})
}

// onArchive marks the signed record complete, after asking.
func (p *recordPanel) onArchive() {
	u, id := p.e.u, p.e.m.ID
	msg := lang.L("归档后该会议纪要的存档记录即告完整。确定归档？")
	if note := undeliveredNote(&p.e.m); note != "" {
		msg = note + "\n" + msg
	}
	u.confirm(lang.L("归档"), msg, func() {
		if _, err := u.store.Archive(id, u.now()); err != nil {
			u.showError(err)
			return
		}
		u.openMeeting(id)
		u.editor.showStep(stepPreview)
	})
}

// onOpenArchivedPDF opens the archived PDF of the newest revision in the system
// viewer, once archive.Local has checked this PC's copy against the recorded SHA-256
// (fetching it from a store that keeps the archive's files when it is missing or
// altered), off the UI goroutine.
func (p *recordPanel) onOpenArchivedPDF() {
	rev, ok := p.e.m.LastRevision()
	if !ok || rev.PDFPath == "" {
		return
	}
	u := p.e.u
	var path string
	u.background(lang.L("打开存档 PDF"), func() error {
		var err error
		path, err = archive.Local(u.store, u.opts.DataDir, rev.PDFPath, rev.PDFHash)
		return err
	}, func(err error) {
		if err == nil {
			err = u.app.OpenURL(&url.URL{Scheme: "file", Path: path})
		}
		if err != nil {
			u.showError(err)
		}
	})
}

// verifyDropped says which record each dropped file is, or that it matches none (核验).
func (u *UI) verifyDropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() == "file" {
			paths = append(paths, uri.Path())
		}
	}
	if len(paths) == 0 {
		return
	}
	var lines []string
	u.background(lang.L("核验文件"), func() error {
		for _, path := range paths {
			lines = append(lines, describeMatch(path, u))
		}
		return nil
	}, func(error) {
		u.showInfo(lang.L("核验结果"), strings.Join(lines, "\n\n"))
	})
}

func describeMatch(path string, u *UI) string {
	name := path[strings.LastIndexAny(path, `/\`)+1:]
	m, err := archive.VerifyFile(u.store, u.opts.DataDir, path)
	if err != nil {
		return name + "：" + meeting.ErrorMessage(err)
	}
	data := map[string]any{"Name": name, "Number": m.Number.String(), "Title": m.Title, "N": m.Revision}
	switch {
	case !m.Found():
		return lang.L("{{.Name}}：与存档中的任何文件都不一致（不是存档的纪要或签字扫描件，或已被改动）。", data)
	case m.Kind == archive.KindExcerpt && m.Regenerated:
		data["Dept"] = m.Department
		return lang.L("{{.Name}}：是{{.Number}}「{{.Title}}」第 {{.N}} 版发给「{{.Dept}}」的分送件，与按存档重新生成的分送件一致。", data)
	case m.Kind == archive.KindExcerpt:
		data["Dept"] = m.Department
		return lang.L("{{.Name}}：元数据表明是{{.Number}}「{{.Title}}」第 {{.N}} 版发给「{{.Dept}}」的分送件，但与按存档重新生成的不完全一致（字体设置可能已更改，或文件被改动），请对照纸质件核对。", data)
	case m.Kind == archive.KindReceipt:
		data["Dept"] = m.Department
		return lang.L("{{.Name}}：是{{.Number}}「{{.Title}}」第 {{.N}} 版「{{.Dept}}」分送件的签收回执，与存档一致。", data)
	case m.Kind == archive.KindScan:
		return lang.L("{{.Name}}：是{{.Number}}「{{.Title}}」第 {{.N}} 版的签字扫描件，与存档一致。", data)
	default:
		return lang.L("{{.Name}}：是{{.Number}}「{{.Title}}」第 {{.N}} 版的会议纪要 PDF，与存档一致。", data)
	}
}
