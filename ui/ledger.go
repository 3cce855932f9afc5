package ui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/export/ledger"
	"backstop/export/safefile"
	"backstop/meeting"
)

// ledgerFormats are the files the 导出台账 dialog offers, in its order.
var ledgerFormats = []struct {
	label, ext string
	sheet      ledger.Sheet
}{
	{"Excel 工作簿（诉求台账和督办台账）", ".xlsx", ""},
	{"CSV：诉求台账", ".csv", ledger.CasesSheet},
	{"CSV：督办台账", ".csv", ledger.ItemsSheet},
}

// onLedgerExport asks for a year and a format and writes the ledger (台账) into the
// data folder's exports/, off the UI goroutine.
func (u *UI) onLedgerExport() {
	this := u.now().Year()
	years := []string{lang.L("全部年份")}
	for y := this; y >= this-9; y-- {
		years = append(years, strconv.Itoa(y))
	}
	year := widget.NewSelect(years, nil)
	year.SetSelectedIndex(1)
	var labels []string
	for _, f := range ledgerFormats {
		labels = append(labels, lang.L(f.label))
	}
	format := widget.NewRadioGroup(labels, nil)
	format.Required = true
	format.SetSelected(labels[0])
	caseStatuses := []meeting.CaseStatus{"", meeting.CaseOpen, meeting.CaseClosed}
	caseStatus := widget.NewSelect([]string{lang.L("全部诉求"), lang.L(meeting.CaseOpen.Label()), lang.L(meeting.CaseClosed.Label())}, nil)
	caseStatus.SetSelectedIndex(0)
	itemStatuses := append([]meeting.FollowUpStatus{""}, meeting.FollowUpStatuses...)
	itemLabels := []string{lang.L("全部议定事项")}
	for _, st := range meeting.FollowUpStatuses {
		itemLabels = append(itemLabels, lang.L(st.Label()))
	}
	itemStatus := widget.NewSelect(itemLabels, nil)
	itemStatus.SetSelectedIndex(0)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("年份"), year),
		widget.NewFormItem(lang.L("诉求状态"), caseStatus),
		widget.NewFormItem(lang.L("事项状态"), itemStatus),
		widget.NewFormItem(lang.L("格式"), format),
	}
	dialog.ShowForm(lang.L("导出台账"), lang.L("导出"), lang.L("取消"), items, func(ok bool) {
		if !ok {
			return
		}
		y := 0
		if i := year.SelectedIndex(); i > 0 {
			y = this - (i - 1)
		}
		f := ledgerFormats[max(slices.Index(labels, format.Selected), 0)]
		u.exportLedger(ledger.Options{Year: y, CaseStatus: caseStatuses[max(caseStatus.SelectedIndex(), 0)],
			ItemStatus: itemStatuses[max(itemStatus.SelectedIndex(), 0)], Today: u.today(), Sheet: f.sheet}, f.ext)
	}, u.win)
}

// exportLedger writes the ledger opts selects as ext (.xlsx or .csv) into exports/,
// and says where it went.
func (u *UI) exportLedger(opts ledger.Options, ext string) {
	name := "backstop-ledger"
	if opts.Year > 0 {
		name += fmt.Sprintf("-%d", opts.Year)
	}
	if opts.Sheet == ledger.ItemsSheet {
		name += "-items"
	}
	path := filepath.Join(u.outputDir(), "exports", name+ext)
	u.background(lang.L("导出台账"), func() error {
		cases, err := u.store.Cases(meeting.CaseFilter{})
		if err != nil {
			return err
		}
		items, err := u.store.FollowUps(meeting.FollowUpFilter{})
		if err != nil {
			return err
		}
		if opts.Meetings, err = u.store.Meetings(meeting.MeetingFilter{}); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return safefile.Describe(err, path)
		}
		return safefile.Write(path, 0o600, func(w io.Writer) error {
			if ext == ".xlsx" {
				return ledger.WriteXLSX(w, cases, items, opts)
			}
			return ledger.WriteCSV(w, cases, items, opts)
		})
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.showInfo(lang.L("导出台账"), lang.L("台账已导出到：")+"\n"+path)
	})
}
