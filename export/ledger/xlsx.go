package ledger

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"

	"github.com/xuri/excelize/v2"

	"backstop/meeting"
)

// paperA4 is the OOXML paper size code of A4 (ECMA-376 Part 1, 18.3.1.63).
const paperA4 = 9

// WriteXLSX writes the ledger as a workbook with two sheets, CasesSheet and
// ItemsSheet, each listing what opts keeps. Every sheet has a bold, frozen header row
// that is repeated on each printed page, set column widths, and prints on A4
// landscape, one page wide. Dates are date cells, days overdue a number.
//
// A failure of the writer underneath (a full disk, say) is returned as it is, for
// the caller that opened the file to describe; any other is a *meeting.Error.
func WriteXLSX(w io.Writer, cases []meeting.Case, items []meeting.FollowUp, opts Options) error {
	err := writeXLSX(w, cases, items, opts)
	var errno syscall.Errno
	var pathErr *fs.PathError
	var me *meeting.Error
	if err == nil || errors.As(err, &errno) || errors.As(err, &pathErr) || errors.As(err, &me) {
		return err
	}
	return meeting.Errorf(meeting.CodeInternal, "无法生成台账的 Excel 文件，没有写入任何内容。", err)
}

func writeXLSX(w io.Writer, cases []meeting.Case, items []meeting.FollowUp, opts Options) error {
	f := excelize.NewFile()
	defer f.Close()
	b, err := newBook(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName(f.GetSheetName(0), string(CasesSheet)); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	for _, name := range []Sheet{ItemsSheet, DeliveriesSheet} {
		if _, err := f.NewSheet(string(name)); err != nil {
			return fmt.Errorf("ledger: %w", err)
		}
	}
	title := opts.title()
	err = b.writeSheet(CasesSheet, title, caseColumns, []int{caseReceivedCol, caseClosedCol}, func(row func([]any) error) error {
		for i := range cases {
			if opts.keepCase(&cases[i]) {
				if err := row(caseRow(&cases[i])); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = b.writeSheet(ItemsSheet, title, itemColumns, []int{itemDueCol, itemDoneCol}, func(row func([]any) error) error {
		for i := range items {
			if opts.keepItem(&items[i]) {
				if err := row(itemRow(&items[i], opts.Today)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = b.writeSheet(DeliveriesSheet, title, deliveryColumns, []int{deliveryOnCol}, func(row func([]any) error) error {
		for _, r := range opts.deliveryRows() {
			if err := row(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Backstop"}); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("ledger: writing the workbook: %w", err)
	}
	return nil
}

// book holds the styles shared by both sheets.
type book struct {
	f      *excelize.File
	header int // bold, centred, shaded
	date   int // yyyy-mm-dd
	wrap   int // long text, wrapped
}

func newBook(f *excelize.File) (*book, error) {
	b := &book{f: f}
	var err error
	dateFmt := "yyyy-mm-dd"
	border := []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	if b.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Border:    border,
	}); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if b.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if b.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return b, nil
}

// writeSheet sets up the sheet's page and streams its header and rows. dateCols are
// the 0-based columns holding meeting.Date values.
func (b *book) writeSheet(sheet Sheet, title string, cols []column, dateCols []int, rows func(row func([]any) error) error) error {
	name := string(sheet)
	// The page setup must be in place before the stream writer takes the sheet over:
	// Flush writes the worksheet's remaining parts as they are then.
	if err := b.setPage(name, title); err != nil {
		return fmt.Errorf("ledger: %s: %w", name, err)
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("ledger: %s: %w", name, err)
	}
	isDate := make([]bool, len(cols))
	for _, c := range dateCols {
		isDate[c] = true
	}
	// Set from the last column back: the stream writer puts each new width first, and
	// the <col> elements must come out in column order.
	for i := len(cols) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, cols[i].width); err != nil {
			return fmt.Errorf("ledger: %s: %w", name, err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("ledger: %s: %w", name, err)
	}
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = excelize.Cell{StyleID: b.header, Value: c.header}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("ledger: %s: %w", name, err)
	}
	n := 1
	err = rows(func(values []any) error {
		n++
		for i, v := range values {
			switch v := v.(type) {
			case meeting.Date:
				if v.IsZero() {
					cells[i] = nil
				} else {
					cells[i] = excelize.Cell{StyleID: b.date, Value: v.Time()}
				}
			case string:
				switch {
				case v == "":
					cells[i] = nil
				case cols[i].width >= 40:
					cells[i] = excelize.Cell{StyleID: b.wrap, Value: v}
				default:
					cells[i] = v
				}
			default:
				cells[i] = v
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return fmt.Errorf("ledger: %s: %w", name, err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ledger: %s: %w", name, err)
	}
	return nil
}

// setPage makes the sheet print on A4 landscape, one page wide, with the header row
// on every page and the title and page number in the margins.
func (b *book) setPage(name, title string) error {
	size, orientation, wide, tall := paperA4, "landscape", 1, 0
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := b.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&C&B" + escapeHeader(title) + " " + name,
		OddFooter: "&C第 &P 页，共 &N 页",
	}); err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$1", name),
		Scope:    name,
	})
}

// escapeHeader doubles the ampersands of text put into a page header, where & starts
// a control code.
func escapeHeader(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = append(out, r)
		if r == '&' {
			out = append(out, '&')
		}
	}
	return string(out)
}
