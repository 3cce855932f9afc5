package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"backstop/meeting"
	"backstop/meeting/store"
)

func runImport(r *runner, args []string) error {
	fs := r.flags("import")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return meeting.Errorf(meeting.CodeInvalid, "请指定一个要导入的 JSON 文件：backstop import FILE.json", nil)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("无法打开导入文件「%s」。", fs.Arg(0)), err)
	}
	defer f.Close()
	b, err := parseMeetingFile(f)
	if err != nil {
		return err
	}
	st, err := r.open()
	if err != nil {
		return err
	}
	defer st.Close()
	linked := 0
	if len(b.Meeting.CarryOver) > 0 {
		open, err := st.FollowUps(meeting.FollowUpFilter{Open: true})
		if err != nil {
			return err
		}
		linked = meeting.LinkCarryOver(b.Meeting.CarryOver, open)
	}
	m, err := st.Import(b.Departments, b.Cases, b.Meeting)
	if err != nil {
		return err
	}
	departments, sections := m.Counts()
	fmt.Fprintf(r.env.Stdout, "已导入会议「%s」（草稿）：%d 个诉求，%d 个部门 · %d 个科室。\n", m.Title, len(b.Cases), departments, sections)
	if n := len(m.CarryOver); n > 0 {
		fmt.Fprintf(r.env.Stdout, "上次会议议定事项 %d 项，其中 %d 项对应到本机的督办事项，定稿时写入其进展。\n", n, linked)
	}
	fmt.Fprintln(r.env.Stdout, m.ID)
	return nil
}

func runList(r *runner, args []string) error {
	fs := r.flags("list")
	year := fs.Int("year", 0, "只列出该年的会议")
	state := fs.String("state", "", "只列出该状态：draft、finalized、signed、archived")
	query := fs.String("q", "", "关键词（标题、申请人、议定事项）")
	limit := fs.Int("n", 0, "最多列出几个（最新的在前）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *state != "" && !slices.Contains(meeting.States, meeting.State(*state)) {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("状态「%s」无效，应为 draft、finalized、signed 或 archived。", *state), nil)
	}
	st, err := r.openForReading()
	if err != nil {
		return err
	}
	defer st.Close()
	ms, damaged, err := st.MeetingsReadable(meeting.MeetingFilter{Year: *year, State: meeting.State(*state), Query: *query, Limit: *limit})
	if err != nil {
		return err
	}
	if len(ms) == 0 && len(damaged) == 0 {
		fmt.Fprintln(r.env.Stdout, "没有符合条件的会议。")
		return nil
	}
	if len(ms) > 0 {
		rows := [][]string{{"ID", "状态", "日期", "文号", "修订", "会议名称"}}
		for _, m := range ms {
			rows = append(rows, []string{fmt.Sprint(m.ID), m.State.Label(), m.Date.String(), m.Number.String(), fmt.Sprint(m.Revision()), m.Title})
		}
		writeTable(r.env.Stdout, rows)
	}
	if len(damaged) > 0 {
		// The readable ones are listed; the damaged ones are named, and the exit
		// status says the list is not whole.
		names := make([]string, len(damaged))
		for i, id := range damaged {
			names[i] = fmt.Sprint(id)
		}
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"会议（编号 %s）的记录已损坏，没有列出。运行 backstop check 查看详情，backstop restore -damaged 从备份恢复。",
			strings.Join(names, "、")), nil)
	}
	return nil
}

func runCheck(r *runner, args []string) error {
	if err := parse(r.flags("check"), args); err != nil {
		return err
	}
	st, err := r.local("check", "请用 backstop verify --all 核验修订链和存档文件；数据库本身的完好由服务器负责（见 docs/postgres.md）。", true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "数据文件完好：%s\n", filepath.Join(r.dataDir, store.FileName))
	return nil
}

func runBackup(r *runner, args []string) error {
	fs := r.flags("backup")
	out := fs.String("o", "", "备份文件路径（默认写入数据目录下的 backups/）")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := r.local("backup", "请由数据库管理员用 pg_dump 备份（见 docs/postgres.md）。", true)
	if err != nil {
		return err
	}
	defer st.Close()
	path := *out
	if path == "" && st.ReadOnly() {
		return meeting.Errorf(meeting.CodeReadOnly, fmt.Sprintf(
			"数据文件夹只读，备份不能写入其中的 backups 文件夹（%s）。请用 -o 把备份写到可写的位置，例如 backstop backup -o 备份.db。", r.dataDir), nil)
	}
	if path == "" {
		path = filepath.Join(r.dataDir, "backups", "backstop-manual-"+time.Now().Format("20060102-150405")+".db")
	}
	if err := st.BackupTo(path); err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已备份到 %s\n", path)
	return nil
}

func runRestore(r *runner, args []string) error {
	fs := r.flags("restore")
	damaged := fs.Bool("damaged", false, "只从备份放回 backstop check 报告的损坏记录，其余记录保持不变")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := r.refuseDatabase("restore", "请由数据库管理员用 pg_restore 从数据库的备份恢复（见 docs/postgres.md）。"); err != nil {
		return err
	}
	if *damaged {
		if fs.NArg() != 0 {
			return meeting.Errorf(meeting.CodeInvalid, "backstop restore -damaged 不带备份文件：每条损坏的记录取自完好保存它的最近一份备份。", nil)
		}
		return r.restoreDamaged()
	}
	if fs.NArg() != 1 {
		return meeting.Errorf(meeting.CodeInvalid, "请指定要恢复的备份文件：backstop restore FILE", nil)
	}
	saved, err := store.Restore(r.dataDir, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已从 %s 恢复数据；恢复前的数据已另存为 %s\n", fs.Arg(0), saved)
	return nil
}

// restoreDamaged puts back only the damaged records, each from its newest intact
// backup.
func (r *runner) restoreDamaged() error {
	st, err := r.local("restore", "", false)
	if err != nil {
		return err
	}
	defer st.Close()
	saved, restored, err := st.RestoreDamaged()
	if err != nil {
		return err
	}
	if len(restored) == 0 {
		fmt.Fprintln(r.env.Stdout, "没有损坏的记录，无需恢复。")
		return nil
	}
	for _, rec := range restored {
		fmt.Fprintf(r.env.Stdout, "已从备份 %s 放回%s。\n", rec.Backup, rec.What)
	}
	fmt.Fprintf(r.env.Stdout, "共放回 %d 条记录，恢复为备份时的内容（备份之后对这些记录的修改已丢失），其余记录未改动。恢复前的数据已另存为 %s\n", len(restored), saved)
	return nil
}

// meetingID parses the -meeting flag.
func meetingID(s string) (meeting.ID, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("会议 ID「%s」无效；用 backstop list 查看会议的 ID。", s), nil)
	}
	return meeting.ID(n), nil
}
