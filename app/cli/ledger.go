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
	caseStatus := fs.String("status", "", "只含该状态的诉求：办理中（open）或 已办结（closed）")
	itemStatus := fs.String("item-status", "", "只含该状态的议定事项：待办理（pending）、办理中（in_progress）或 已办结（done）")
	if err := parse(fs, args); err != nil {
		return err
	}
	cs, err := parseStatus("-status", *caseStatus, []meeting.CaseStatus{meeting.CaseOpen, meeting.CaseClosed})
	if err != nil {
		return err
	}
	is, err := parseStatus("-item-status", *itemStatus, meeting.FollowUpStatuses)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out == "" || (ext != ".xlsx" && ext != ".csv") {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出文件，扩展名为 .xlsx 或 .csv。", nil)
	}
	if *sheet != string(ledger.CasesSheet) && *sheet != string(ledger.ItemsSheet) && *sheet != string(ledger.DeliveriesSheet) {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("表名「%s」无效，应为 %s、%s 或 %s。", *sheet, ledger.CasesSheet, ledger.ItemsSheet, ledger.DeliveriesSheet), nil)
	}
	st, err := r.openForReading()
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
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return err
	}
	opts := ledger.Options{Year: *year, CaseStatus: cs, ItemStatus: is, Today: meeting.DateOf(time.Now()), Sheet: ledger.Sheet(*sheet), Meetings: ms}
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

// parseStatus reads a status flag given as its code (open) or its Chinese label
// (办理中); empty keeps every status.
func parseStatus[S interface {
	~string
	Label() string
}](flag, value string, statuses []S) (S, error) {
	if value == "" {
		return "", nil
	}
	var names []string
	for _, st := range statuses {
		if value == string(st) || value == st.Label() {
			return st, nil
		}
		names = append(names, st.Label())
	}
	return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("%s「%s」无效，应为 %s。", flag, value, strings.Join(names, "、")), nil)
}
