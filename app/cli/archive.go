package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"backstop/export/archive"
	"backstop/export/safefile"
	"backstop/meeting"
)

// openArchive opens the store for a command that touches the archive folder, and
// first brings the archive in line with it (archive.Recover): files a crash left
// unrecorded are removed, and PDFs still pending from older data are written now. A failure there is a warning, not a refusal,
// so that verify can still report what is wrong.
func (r *runner) openArchive() (Store, error) {
	st, err := r.open()
	if err != nil {
		return nil, err
	}
	return r.recoverArchive(st), nil
}

// openArchiveForReading is openArchive for a command that only reads: a data folder
// that cannot be written is opened read-only and its archive read as it is.
func (r *runner) openArchiveForReading() (Store, error) {
	st, err := r.openForReading()
	if err != nil || readOnly(st) {
		return st, err
	}
	return r.recoverArchive(st), nil
}

// recoverArchive runs archive.Recover on an open store, warning on standard error.
func (r *runner) recoverArchive(st Store) Store {
	n, err := archive.Recover(st, r.dataDir)
	if n > 0 {
		fmt.Fprintf(r.env.Stderr, "已补写 %d 份此前未能存档的定稿 PDF。\n", n)
	}
	if err != nil {
		fmt.Fprintln(r.env.Stderr, "警告：未能补写待存档的定稿 PDF："+meeting.ErrorMessage(err))
	}
	return st
}

// meetingFlags returns the flag set of a subcommand about one meeting, with its
// -meeting flag.
func (r *runner) meetingFlags(name string) (*flag.FlagSet, *string) {
	fs := r.flags(name)
	return fs, fs.String("meeting", "", "会议 ID（backstop list 可查看）")
}

// parseMeeting parses the flags and returns the -meeting ID, which is required.
func parseMeeting(fs *flag.FlagSet, id *string, args []string) (meeting.ID, error) {
	if err := parse(fs, args); err != nil {
		return 0, err
	}
	if *id == "" {
		return 0, meeting.Errorf(meeting.CodeInvalid, "请用 -meeting 指定会议 ID（backstop list 可查看）。", nil)
	}
	return meetingID(*id)
}

func runFinalize(r *runner, args []string) error {
	fs, idFlag := r.meetingFlags("finalize")
	id, err := parseMeeting(fs, idFlag, args)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("多余的参数「%s」：backstop finalize -meeting ID", rest[0]), nil)
	}
	st, err := r.openArchive()
	if err != nil {
		return err
	}
	defer st.Close()
	mn, err := archive.Finalize(st, r.dataDir, id, time.Now())
	rev, done := mn.Meeting.LastRevision()
	if !done || rev.PDFHash == "" {
		return err
	}
	// Finalized and archived here; err, if any, says the shared database has not
	// received the PDF yet (sent again at the next start).
	fmt.Fprintf(r.env.Stdout, "已定稿：会议纪要%s第 %d 版（指纹 %s）。\n定稿 PDF 已存档：%s\nSHA-256 %s\n",
		mn.Meeting.Number, rev.N, rev.Fingerprint[:12], archive.Path(r.dataDir, rev.PDFPath), rev.PDFHash)
	return err
}

func runAmend(r *runner, args []string) error {
	fs, idFlag := r.meetingFlags("amend")
	reason := fs.String("reason", "", "修订理由（必填，印在新版纪要上）")
	id, err := parseMeeting(fs, idFlag, args)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("多余的参数「%s」：修订理由请放在引号内，如 -reason \"更正议定事项\"。", rest[0]), nil)
	}
	st, err := r.openArchive()
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := st.Amend(id, *reason, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已发起修订：会议纪要%s第 %d 版为草稿，修订理由：%s\n修改后用 backstop finalize -meeting %d 定稿；之前各版及其 PDF 保留不变。\n", m.Number, m.Revision(), m.AmendReason, m.ID)
	return nil
}

func runAttach(r *runner, args []string) error {
	fs, idFlag := r.meetingFlags("attach")
	id, err := parseMeeting(fs, idFlag, args)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) != 1 {
		return meeting.Errorf(meeting.CodeInvalid, "请指定一个签字扫描件（PDF、JPEG 或 PNG）：backstop attach -meeting ID FILE", nil)
	}
	st, err := r.openArchive()
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := archive.AttachScan(st, r.dataDir, id, rest[0], time.Now())
	rev, ok := m.LastRevision()
	if !ok || len(rev.Scans) == 0 || m.ID == 0 {
		return err
	}
	// Attached; err, if any, says the shared database has not received the scan yet.
	sc := rev.Scans[len(rev.Scans)-1]
	fmt.Fprintf(r.env.Stdout, "已附加签字扫描件到会议纪要%s第 %d 版：%s\nSHA-256 %s\n", m.Number, rev.N, archive.Path(r.dataDir, sc.Path), sc.Hash)
	return err
}

func runArchive(r *runner, args []string) error {
	fs, idFlag := r.meetingFlags("archive")
	id, err := parseMeeting(fs, idFlag, args)
	if err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		return meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("多余的参数「%s」：backstop archive -meeting ID", rest[0]), nil)
	}
	st, err := r.openArchive()
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := st.Archive(id, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已归档：会议纪要%s第 %d 版。\n", m.Number, m.Revision())
	if left := m.Undelivered(); len(left) > 0 {
		fmt.Fprintf(r.env.Stderr, "注意：%d 个单位的分送件尚未登记送达：%s。送达后请用 backstop deliver 登记。\n", len(left), strings.Join(left, "、"))
	}
	return nil
}

func runVerify(r *runner, args []string) error {
	fs := r.flags("verify")
	all := fs.Bool("all", false, "核验存档中的全部文件")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *all == (fs.NArg() == 1) || fs.NArg() > 1 {
		return meeting.Errorf(meeting.CodeInvalid, "请指定一个要核验的文件（backstop verify FILE），或用 --all 核验全部存档。", nil)
	}
	st, err := r.openArchiveForReading()
	if err != nil {
		return err
	}
	defer st.Close()
	if *all {
		ps, err := archive.VerifyAll(st, r.dataDir)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			fmt.Fprintln(r.env.Stdout, "存档完好：所有定稿 PDF 和签字扫描件都与记录一致，修订链完整。")
			return nil
		}
		for _, p := range ps {
			fmt.Fprintln(r.env.Stdout, p.Message)
		}
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("核验发现 %d 个问题。", len(ps)), nil)
	}
	match, err := archive.VerifyFile(st, r.dataDir, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintln(r.env.Stdout, match.String())
	if !match.Found() {
		return meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf("「%s」与任何存档记录都不一致。", fs.Arg(0)), nil)
	}
	return nil
}

func runArchiveExport(r *runner, args []string) error {
	fs := r.flags("archive-export")
	year := fs.Int("year", 0, "导出该年编号的会议纪要")
	out := fs.String("o", "", "输出的 ZIP 文件")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *year < 2000 || *year > 9999 {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -year 指定要导出的年份，如 -year 2026。", nil)
	}
	if *out == "" {
		return meeting.Errorf(meeting.CodeInvalid, "请用 -o 指定输出的 ZIP 文件。", nil)
	}
	st, err := r.openArchiveForReading()
	if err != nil {
		return err
	}
	defer st.Close()
	var man archive.Manifest
	err = safefile.Write(*out, 0o600, func(w io.Writer) error {
		var err error
		man, err = archive.ExportYear(st, r.dataDir, *year, w, time.Now())
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(r.env.Stdout, "已导出 %d 年的归档包 %s：%d 个会议纪要，%d 个文件，清单见其中的 manifest.json。\n", *year, *out, len(man.Meetings), len(man.Files))
	return nil
}
