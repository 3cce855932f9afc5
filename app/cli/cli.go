// Package cli is Backstop's command line: the global flags, the data directory, and
// the subcommands that archivists, scripts and tests use (import, list, check, backup,
// restore, export, and the record's lifecycle: finalize, amend, attach, archive,
// verify, archive-export). It opens the store and hands it to the desktop window
// when no subcommand is given; the window itself is passed in by package main, so
// this package needs neither cgo nor a display.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"backstop/export"
	"backstop/export/archive"
	"backstop/meeting"
	"backstop/meeting/store"
)

// Exit codes: scripts rely on them.
const (
	ExitOK       = 0 // done
	ExitUser     = 1 // the input or the data's state refused the command
	ExitInternal = 2 // a bug, or the disk failed underneath
)

// Env is what the command line needs from the process around it.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Version        string
	// Window runs the desktop app on the open store until the user closes it. It is
	// nil in tests and in builds without a display.
	Window func(st Store, dataDir string) error
	// Alert shows a message in a dialog before the program exits, for failures that
	// happen before the window opens (such as the data being in use). May be nil.
	Alert func(title, message string)
}

// command is one subcommand.
type command struct {
	name    string
	usage   string // arguments, after the name
	summary string // Chinese, one line
	run     func(r *runner, args []string) error
}

// runner carries what every subcommand needs.
type runner struct {
	env          Env
	dataDir      string
	dbURL        string // the shared PostgreSQL database; "" for the data folder's own file
	saidReadOnly bool   // the read-only notice was printed
}

func commands() []command {
	return []command{
		{"import", "FILE.json", "导入一个会议（连同诉求、参会单位和议定事项）作为草稿，最后一行输出新会议的 ID", runImport},
		{"list", "[-year 2026] [-state draft] [-q 关键词] [-n 50]", "列出会议", runList},
		{"check", "", "检查数据文件是否完好", runCheck},
		{"backup", "[-o FILE]", "备份数据文件", runBackup},
		{"restore", "FILE | -damaged", "用备份文件恢复数据（先自动备份当前数据）；-damaged 只放回损坏的记录", runRestore},
		{"export", "-meeting ID -o FILE.pdf", "导出会议纪要 PDF（草稿或已定稿）", runExport},
		{"finalize", "-meeting ID", "定稿：锁定会议纪要，生成本版 PDF 存档并记录其 SHA-256", runFinalize},
		{"amend", "-meeting ID -reason \"理由\"", "修订：把已定稿的会议纪要重新打开为下一版草稿", runAmend},
		{"attach", "-meeting ID FILE", "签署：附加签字扫描件（PDF、JPEG 或 PNG，不超过 50 MB）", runAttach},
		{"deliver", "-meeting ID [-dept 部门 -how 当场领取|邮寄|内网 -by 姓名 [-on 2026-11-16]] [-receipt FILE]", "分送与签收：登记某单位的分送件已送达、附加签收回执；不带 -dept 列出各单位的送达情况", runDeliver},
		{"archive", "-meeting ID", "归档：把已签署的会议纪要标记为完成", runArchive},
		{"verify", "FILE | --all", "核验：说明文件是哪次会议哪一版的 PDF 或扫描件；--all 核验全部存档", runVerify},
		{"ledger", "[-year 2026] [-status 办理中|已办结] [-item-status 待办理|办理中|已办结] -o FILE.xlsx|FILE.csv [-sheet 督办台账|分送台账]", "导出台账：诉求、议定事项（督办）和分送件三张表", runLedger},
		{"excerpt", "-meeting ID -dept 部门 -o FILE.pdf", "导出某部门的分送件：只含该部门牵头或配合的议定事项、办理时限和纪要指纹", runExcerpt},
		{"archive-export", "-year 2026 -o FILE.zip", "导出某年的归档包：各会议 JSON、各版 PDF、签字扫描件和含 SHA-256 与修订链的 manifest.json", runArchiveExport},
		{"transfer-export", "-o FILE.bstx [-from 单位] [-case 编号|UID …] [-meeting ID …] [-all]", "导出转办包：所选诉求连同讨论过它们的会议、定稿 PDF 和签字扫描件", runTransferExport},
		{"migrate", "-to postgres://…", "迁移：把本机数据文件（连同存档文件和审计记录）复制到一个空的 PostgreSQL 数据库并核验，数据文件不变", runMigrate},
		{"transfer-import", "FILE.bstx", "导入转办包：新记录加入本机，相同的跳过，不同的报告为冲突而不覆盖（有冲突时退出码为 1）", runTransferImport},
	}
}

// Main runs the command line with args (without the program name) and returns the
// exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	fs := flag.NewFlagSet("backstop", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", "", "数据目录（默认为用户配置目录下的 backstop，或环境变量 BACKSTOP_DATA）")
	db := fs.String("db", "", "共享的 PostgreSQL 数据库，例如 postgres://backstop@服务器/backstop?sslmode=verify-full（或环境变量 BACKSTOP_DB，或数据目录中的 database.json；默认使用数据目录中的本机数据文件）")
	version := fs.Bool("version", false, "显示版本")
	fs.Usage = func() { usage(env.Stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUser
	}
	if *version {
		fmt.Fprintln(env.Stdout, "Backstop", env.Version)
		return ExitOK
	}
	dir, err := DataDir(*data, env.Getenv)
	if err != nil {
		return report(env, err)
	}
	dbURL, err := DatabaseURL(*db, env.Getenv, dir)
	if err != nil {
		return report(env, err)
	}
	r := &runner{env: env, dataDir: dir, dbURL: dbURL}
	rest := fs.Args()
	if len(rest) == 0 {
		return report(env, r.window())
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return report(env, c.run(r, rest[1:]))
		}
	}
	fmt.Fprintf(env.Stderr, "未知的子命令「%s」。\n\n", rest[0])
	usage(env.Stderr)
	return ExitUser
}

// DataDir resolves the data directory: the --data flag, then BACKSTOP_DATA, then
// "backstop" under the user's configuration directory.
func DataDir(flagValue string, getenv func(string) string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = getenv("BACKSTOP_DATA")
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", meeting.Errorf(meeting.CodeInvalid, "找不到用户配置目录，请用 --data 指定数据目录。", err)
		}
		dir = filepath.Join(base, "backstop")
	}
	return filepath.Abs(dir)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "用法：backstop [--data 目录] [--db postgres://…] [子命令 [参数]]")
	fmt.Fprintln(w, "不带子命令时打开桌面窗口。")
	fmt.Fprintln(w, "\n子命令：")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n           %s\n", c.name, c.usage, c.summary)
	}
	fmt.Fprintln(w, "\n退出码：0 成功，1 输入或数据状态有误，2 内部错误。")
}

// report prints err for a person and returns the exit code it deserves.
func report(env Env, err error) int {
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(env.Stderr, "错误："+meeting.ErrorMessage(err))
	switch meeting.ErrorCode(err) {
	case meeting.CodeInternal, meeting.CodeStorage:
		return ExitInternal // a read-only folder or a missing permission is CodeReadOnly: exit 1
	}
	return ExitUser
}

// open opens the store of the data directory for a command that changes data: a
// data folder that cannot be written refuses it (meeting.CodeReadOnly, exit 1). A
// store made just now is new data, which records its font setting (自动) so that it
// keeps it when the default changes.
func (r *runner) open() (Store, error) {
	if r.dbURL != "" {
		return r.openDatabase()
	}
	_, err := os.Stat(filepath.Join(r.dataDir, store.FileName))
	isNew := errors.Is(err, fs.ErrNotExist)
	st, err := store.Open(r.dataDir)
	if err != nil {
		return nil, err
	}
	if isNew {
		if err := export.RecordNewDataFonts(r.dataDir); err != nil {
			fmt.Fprintf(r.env.Stderr, "警告：%s\n", meeting.ErrorMessage(err))
		}
	}
	return st, nil
}

// openForReading opens the store for a command that only reads: a data folder that
// cannot be written is opened read-only, which is said once on standard error.
func (r *runner) openForReading() (Store, error) {
	if r.dbURL != "" {
		return r.openDatabase()
	}
	st, err := store.Open(r.dataDir, store.ReadOnlyFallback())
	if err != nil {
		return nil, err
	}
	if st.ReadOnly() && !r.saidReadOnly {
		r.saidReadOnly = true
		fmt.Fprintln(r.env.Stderr, store.ReadOnlyNotice(r.dataDir))
	}
	return st, nil
}

// window opens the desktop app, or explains why it cannot.
func (r *runner) window() error {
	if r.env.Window == nil {
		return meeting.Errorf(meeting.CodeInvalid, "此版本没有桌面窗口；请使用子命令（backstop -h 查看）。", nil)
	}
	st, err := r.openForReading()
	if err != nil {
		if r.env.Alert != nil {
			r.env.Alert("无法打开数据", meeting.ErrorMessage(err))
		}
		return err
	}
	defer st.Close()
	// A finalize or attach cut short by a crash left a revision without its PDF or a
	// stray temporary file: finish or clean up before anyone can act on the minutes.
	// A read-only folder is shown as it is.
	if !readOnly(st) {
		if _, err := archive.Recover(st, r.dataDir); err != nil {
			fmt.Fprintln(r.env.Stderr, "警告："+meeting.ErrorMessage(err))
		}
	}
	return r.env.Window(st, r.dataDir)
}

// flags returns a flag set for a subcommand that prints its errors in Chinese.
func (r *runner) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("backstop "+name, flag.ContinueOnError)
	fs.SetOutput(r.env.Stderr)
	return fs
}

// parse parses a subcommand's flags, turning a flag error into a user error in
// Chinese; -h lists the subcommand's flags with their Chinese descriptions.
func parse(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package's own messages are English
	defer fs.SetOutput(out)
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	if errors.Is(err, flag.ErrHelp) {
		fs.VisitAll(func(f *flag.Flag) { fmt.Fprintf(out, "  -%s  %s\n", f.Name, f.Usage) })
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("以上是 %s 的参数。", fs.Name()), err)
	}
	return meeting.Errorf(meeting.CodeInvalid, "参数有误："+flagProblem(fs, err)+fmt.Sprintf("用 %s -h 查看可用的参数。", fs.Name()), err)
}

// flagProblem says in Chinese what the flag package refused; its errors carry no
// type, so they are told apart by their fixed English beginnings.
func flagProblem(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Sprintf("没有参数「%s」。", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Sprintf("参数「%s」后面缺少值。", name)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -n: parse error
		if q, err := strconv.QuotedPrefix(rest); err == nil {
			value, _ := strconv.Unquote(q)
			name, _, _ := strings.Cut(strings.TrimPrefix(rest[len(q):], " for flag "), ":")
			want := ""
			if f := fs.Lookup(strings.TrimLeft(name, "-")); f != nil {
				if g, ok := f.Value.(flag.Getter); ok {
					switch g.Get().(type) {
					case int, int64, uint, uint64:
						want = "，应为整数"
					case bool:
						want = "，应为 true 或 false"
					}
				}
			}
			return fmt.Sprintf("参数「%s」的值「%s」无效%s。", name, value, want)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		// invalid boolean value "x" for -all: parse error
		if q, err := strconv.QuotedPrefix(rest); err == nil {
			value, _ := strconv.Unquote(q)
			name, _, _ := strings.Cut(strings.TrimPrefix(rest[len(q):], " for "), ":")
			return fmt.Sprintf("参数「%s」的值「%s」无效，应为 true 或 false。", name, value)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Sprintf("参数写法有误：「%s」。", rest)
	}
	return "无法识别的参数。"
}
