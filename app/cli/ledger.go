package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"backstop/export/ledger"
	"backstop/export/safefile"
	"backstop/meeting"
)

func runLedger(r *runner, args []string) error {
	fs := r.flags("ledger")
	year := fs.Int("year", 0, "只含该年（诉求按受理日期，议定事项按会议日期）；0 为全部")
	out := fs.String("o", "", "输出文件：.xlsx 含两张表；.csv 为一张表（见 -sheet）")
	sheet := fs.String("sheet", string(ledger.CasesSheet), "CSV 输出哪张表：诉求台账 或 督办台账")
	if err := parse(fs, args); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out == "" || (ext != ".xlsx" && ext != ".csv") {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出文件，扩展名为 .xlsx 或 .csv。", nil)
	}
	if *sheet != string(ledger.CasesSheet) && *sheet != string(ledger.ItemsSheet) {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("表名「%s」无效，应为 %s 或 %s。", *sheet, ledger.CasesSheet, ledger.ItemsSheet), nil)
	}
	st, err := r.open()
	if err != nil {
		return err
	}
	defer st.Close()
	cases, err := st.Cases(meeting.CaseFilter{})
	if err != nil {
		return err
	}
	items, err := st.FollowUps(meeting.FollowUpFilter{})
	if err != nil {
		return err
	}
	opts := ledger.Options{Year: *year, Today: meeting.DateOf(time.Now()), Sheet: ledger.Sheet(*sheet)}
	err = safefile.Write(*out, 0o644, func(w io.Writer) error {
		if ext == ".xlsx" {
			return ledger.WriteXLSX(w, cases, items, opts)
		}
		return ledger.WriteCSV(w, cases, items, opts)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已导出台账 %s（%d 个诉求，%d 项议定事项，未按年份筛选前）\n", *out, len(cases), len(items))
	return nil
}
