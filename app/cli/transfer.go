package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"backstop/export/transfer"
	"backstop/meeting"
)

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

func runTransferExport(r *runner, args []string) error {
	fs := r.flags("transfer-export")
	out := fs.String("o", "", "输出的转办包（.bstx）")
	from := fs.String("from", "", "本单位名称，写入转办包，例如 梅城镇便民服务中心")
	all := fs.Bool("all", false, "导出全部诉求和会议")
	var cases, meetings listFlag
	fs.Var(&cases, "case", "诉求的编号或 UID，可重复或用逗号分隔；连同讨论过它的会议一起导出")
	fs.Var(&meetings, "meeting", "会议 ID，可重复或用逗号分隔；连同其议题的全部诉求一起导出")
	if err := parse(fs, args); err != nil {
		return err
	}
	if rest := fs.Args(); len(rest) > 0 {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("多余的参数「%s」：backstop transfer-export -o FILE.bstx [-case 编号|UID …] [-meeting ID …]", rest[0]), nil)
	}
	if *out == "" {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出的转办包，例如 -o 梅城镇-2026-10.bstx。", nil)
	}
	sel := meeting.TransferSelection{All: *all}
	for _, c := range cases {
		if n, err := strconv.ParseUint(c, 10, 64); err == nil && n > 0 {
			sel.Cases = append(sel.Cases, meeting.ID(n))
		} else {
			sel.CaseUIDs = append(sel.CaseUIDs, c)
		}
	}
	for _, m := range meetings {
		id, err := meetingID(m)
		if err != nil {
			return err
		}
		sel.Meetings = append(sel.Meetings, id)
	}
	if !sel.All && len(sel.Cases)+len(sel.CaseUIDs)+len(sel.Meetings) == 0 {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -case 或 -meeting 指定要导出的诉求或会议，或用 -all 导出全部。", nil)
	}
	st, err := r.openArchiveForReading()
	if err != nil {
		return err
	}
	defer st.Close()
	ts, err := transferStoreOf(st)
	if err != nil {
		return err
	}
	set, err := ts.TransferOut(sel)
	if err != nil {
		return err
	}
	// With the store given, a file this PC's archive folder lacks comes from a
	// store that keeps the archive's files (the shared database).
	man, err := transfer.WriteFile(*out, transfer.Contents{From: *from, Created: time.Now(), Records: set.Records, Files: set.Files, Store: st}, r.dataDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已导出转办包 %s：%d 个诉求，%d 个会议，%d 个存档文件。\n",
		*out, man.Counts.Cases, man.Counts.Meetings, man.Counts.Files)
	return nil
}

func runTransferImport(r *runner, args []string) error {
	fs := r.flags("transfer-import")
	if err := parse(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) != 1 {
		return meeting.Errorf(meeting.CodeInvalid, "用法：backstop transfer-import FILE.bstx", nil)
	}
	st, err := r.openArchive()
	if err != nil {
		return err
	}
	defer st.Close()
	ts, err := transferStoreOf(st)
	if err != nil {
		return err
	}
	// The files placed go to a store that keeps the archive's files once the import
	// has committed; should that fail, the report still stands and the error says so.
	rep, man, err := transfer.ImportTo(st, rest[0], r.dataDir, ts.TransferIn)
	if err != nil && len(rep.Added)+len(rep.Unchanged)+len(rep.Conflicts) == 0 {
		return err
	}
	if err != nil {
		WriteTransferReport(r.env.Stdout, man, rep)
		return err
	}
	WriteTransferReport(r.env.Stdout, man, rep)
	if len(rep.Conflicts) > 0 {
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"有 %d 条记录与本机记录冲突，未覆盖本机记录；其余内容已导入。", len(rep.Conflicts)), nil)
	}
	return nil
}

// transferStore is a store that reads and writes transfer packages: the bbolt
// store and the PostgreSQL store both are.
type transferStore interface {
	TransferOut(sel meeting.TransferSelection) (meeting.TransferSet, error)
	TransferIn(from string, records map[string][]byte, place meeting.TransferPlace) (meeting.TransferReport, error)
}

// transferStoreOf returns st as a transferStore.
func transferStoreOf(st Store) (transferStore, error) {
	ts, ok := st.(transferStore)
	if !ok {
		return nil, meeting.Errorf(meeting.CodeInternal, "当前的数据存储不支持转办包。", nil)
	}
	return ts, nil
}

// WriteTransferReport prints what an import did, in Chinese: the counts, then every
// conflict on a line of its own, then what was added.
func WriteTransferReport(w io.Writer, man transfer.Manifest, rep meeting.TransferReport) {
	from := man.From
	if from == "" {
		from = "未注明单位"
	}
	fmt.Fprintf(w, "转办包来自：%s（%s 导出）\n", from, man.Created.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "新增 %d 条，已有且相同 %d 条，冲突 %d 条；新增参会单位 %d 个，复制存档文件 %d 个。\n",
		len(rep.Added), len(rep.Unchanged), len(rep.Conflicts), len(rep.Departments), rep.Files)
	for _, c := range rep.Conflicts {
		fmt.Fprintln(w, "冲突："+c.String())
	}
	for _, it := range rep.Added {
		fmt.Fprintln(w, "新增："+it.String())
	}
	for _, d := range rep.Departments {
		fmt.Fprintf(w, "新增参会单位：%s\n", d)
	}
}
