package ledger

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"

	"backstop/meeting"
)

// bom is the UTF-8 byte order mark; Excel needs it to read a CSV file as UTF-8.
const bom = "\uFEFF"

// WriteCSV writes one sheet of the ledger, chosen by opts.Sheet, as CSV: a UTF-8 byte
// order mark, a header row, then one row per case or item kept by opts. Line ends are
// CRLF, as Excel writes them, also within a field. Fields with commas, quotes or line
// breaks are quoted.
func WriteCSV(w io.Writer, cases []meeting.Case, items []meeting.FollowUp, opts Options) error {
	sheet := opts.Sheet
	if sheet == "" {
		sheet = CasesSheet
	}
	if sheet != CasesSheet && sheet != ItemsSheet && sheet != DeliveriesSheet {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("表名「%s」无效，应为 %s、%s 或 %s。", sheet, CasesSheet, ItemsSheet, DeliveriesSheet), ErrSheet)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	record := make([]string, 0, 10)
	put := func(cells []any) error {
		record = record[:0]
		for _, v := range cells {
			record = append(record, text(v))
		}
		return cw.Write(record)
	}
	var err error
	switch sheet {
	case DeliveriesSheet:
		err = put(headers(deliveryColumns))
		for _, r := range opts.deliveryRows() {
			if err != nil {
				break
			}
			err = put(r)
		}
	case CasesSheet:
		err = put(headers(caseColumns))
		for i := 0; err == nil && i < len(cases); i++ {
			if opts.keepCase(&cases[i]) {
				err = put(caseRow(&cases[i]))
			}
		}
	default:
		err = put(headers(itemColumns))
		for i := 0; err == nil && i < len(items); i++ {
			if opts.keepItem(&items[i]) {
				err = put(itemRow(&items[i], opts.Today))
			}
		}
	}
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func headers(cols []column) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = c.header
	}
	return out
}
