package ui

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"backstop/meeting"
)

// cupsPrinters prints through CUPS's command-line clients, lpstat and lp, as found on
// Linux and macOS. Their output is read in the C locale (CUPS ships no Chinese
// messages anyway) and every failure is told in Chinese, naming the printer.
type cupsPrinters struct {
	// poll is how often WatchJob asks about a job; zero means jobPollInterval.
	poll time.Duration
}

// cupsTimeout bounds one lpstat or lp run, so a hung scheduler cannot leave the
// print button spinning for ever.
const cupsTimeout = 30 * time.Second

// cupsCommand runs a CUPS client in the C locale and returns its combined output.
func cupsCommand(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cupsTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("%s: no answer within %v", name, cupsTimeout)
	}
	return out, err
}

// errNoCUPS says that the CUPS command-line clients are not installed.
func errNoCUPS(command string, err error) error {
	return meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf("未找到打印系统（CUPS 的 %s 命令），无法打印。请安装 CUPS（Debian/Ubuntu 的 cups 和 cups-client 软件包），或先「生成 PDF 并打开」，再用其他程序打印。", command), err)
}

// errCUPSNotRunning says that the CUPS scheduler does not answer.
var errCUPSNotRunning = &meeting.Error{Code: meeting.CodeState,
	Message: "打印服务（CUPS）没有运行，无法打印。请启动打印服务（例如 sudo systemctl start cups）后重试，或先「生成 PDF 并打开」，再用其他程序打印。"}

// checkScheduler fails when the CUPS scheduler is not running. Without it lpstat
// lists no printers and lp claims the printer does not exist, which would mislead.
func checkScheduler() error {
	out, err := cupsCommand("lpstat", "-r")
	if bytes.Contains(out, []byte("not running")) {
		return errCUPSNotRunning
	}
	if err != nil {
		return meeting.Errorf(meeting.CodeState, "无法连接打印服务（CUPS）："+cupsMessage(out, err), err)
	}
	return nil
}

func (cupsPrinters) Printers() ([]string, error) {
	if _, err := exec.LookPath("lpstat"); err != nil {
		return nil, errNoCUPS("lpstat", err)
	}
	if err := checkScheduler(); err != nil {
		return nil, err
	}
	out, err := cupsCommand("lpstat", "-e")
	names := parsePrinterNames(out, false)
	if err != nil || len(names) == 0 {
		// Older CUPS has no -e: "lpstat -a" prints "NAME accepting requests since …".
		if out, err2 := cupsCommand("lpstat", "-a"); err2 == nil {
			names = parsePrinterNames(out, true)
			err = nil
		}
	}
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeState, "无法列出打印机："+cupsMessage(out, err), err)
	}
	if out, err := cupsCommand("lpstat", "-d"); err == nil {
		names = defaultFirst(names, parseDefaultPrinter(out))
	}
	return names, nil
}

// parsePrinterNames reads one printer per line; with firstWord only the line's first
// word is the name.
func parsePrinterNames(out []byte, firstWord bool) []string {
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "lpstat:") {
			continue
		}
		if firstWord {
			line = strings.Fields(line)[0]
		}
		names = append(names, line)
	}
	return names
}

// parseDefaultPrinter reads "system default destination: NAME" from lpstat -d.
func parseDefaultPrinter(out []byte) string {
	const prefix = "system default destination:"
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// defaultFirst moves the default printer to the front of names.
func defaultFirst(names []string, def string) []string {
	for i, n := range names {
		if n == def && i > 0 {
			out := append([]string{n}, names[:i]...)
			return append(out, names[i+1:]...)
		}
	}
	return names
}

// queueState is what lpstat -p and -a say about one printer.
type queueState struct {
	Exists    bool
	Idle      bool // enabled and printing nothing
	Disabled  bool // the queue is stopped: jobs wait and nothing prints
	Rejecting bool // the queue refuses new jobs
	Reason    string
}

// parseQueueState reads the output of "lpstat -p NAME -a NAME" in the C locale:
//
//	printer NAME is idle.  enabled since DATE
//		MESSAGE
//	printer NAME disabled since DATE -
//		REASON
//	NAME not accepting requests since DATE -
//		REASON
func parseQueueState(printer string, out []byte) queueState {
	var q queueState
	lines := strings.Split(string(out), "\n")
	reasonAfter := func(i int) {
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
			if r := strings.TrimSpace(lines[i+1]); r != "" && r != "reason unknown" && r != "Paused" && q.Reason == "" {
				q.Reason = r
			}
		}
	}
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, "printer "+printer+" "):
			q.Exists = true
			if strings.Contains(line, " disabled since ") || strings.HasSuffix(strings.TrimSpace(line), " disabled") {
				q.Disabled = true
			} else if strings.HasPrefix(line, "printer "+printer+" is idle.") {
				q.Idle = true
			}
			reasonAfter(i)
		case strings.HasPrefix(line, printer+" not accepting requests"):
			q.Exists = true
			q.Rejecting = true
			reasonAfter(i)
		case strings.HasPrefix(line, printer+" accepting requests"):
			q.Exists = true
		}
	}
	return q
}

// check turns a queue that cannot print into the error to show.
func (q queueState) check(printer string) error {
	reason := ""
	if q.Reason != "" {
		reason = "（" + q.Reason + "）"
	}
	switch {
	case !q.Exists:
		return &meeting.Error{Code: meeting.CodeNotFound, Message: fmt.Sprintf("打印机「%s」不存在或已被删除，请重新选择打印机。", printer)}
	case q.Disabled:
		return &meeting.Error{Code: meeting.CodeState, Message: fmt.Sprintf("打印机「%s」已停用%s，发送的文件不会打印出来。请在系统的打印机设置中恢复（启用）这台打印机，或改选其他打印机。", printer, reason)}
	case q.Rejecting:
		return &meeting.Error{Code: meeting.CodeState, Message: fmt.Sprintf("打印机「%s」目前拒绝接收打印任务%s。请在系统的打印机设置中让它重新接收任务，或改选其他打印机。", printer, reason)}
	}
	return nil
}

func (p cupsPrinters) Print(printer, file string, copies int) error {
	_, err := p.PrintJob(printer, file, copies)
	return err
}

// requestID matches lp's answer: "request id is Office_PDF-12 (1 file(s))".
var requestID = regexp.MustCompile(`request id is (\S+)`)

// PrintJob checks that the queue can print, sends the file with lp and returns the
// job's request ID.
func (cupsPrinters) PrintJob(printer, file string, copies int) (string, error) {
	if err := checkPrintRequest(printer, copies); err != nil {
		return "", err
	}
	if _, err := exec.LookPath("lp"); err != nil {
		return "", errNoCUPS("lp", err)
	}
	if _, err := exec.LookPath("lpstat"); err != nil {
		return "", errNoCUPS("lpstat", err)
	}
	if err := checkScheduler(); err != nil {
		return "", err
	}
	out, _ := cupsCommand("lpstat", "-p", printer, "-a", printer)
	if err := parseQueueState(printer, out).check(printer); err != nil {
		return "", err
	}
	// An absolute path never starts with "-", so lp cannot take it for an option.
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	// Collated: each copy is a whole set of the minutes, ready for one department to
	// sign; without it CUPS's PDF filter prints every page twice in a row.
	out, err := cupsCommand("lp", "-d", printer, "-n", strconv.Itoa(copies), "-o", "media=A4", "-o", "collate=true", file)
	if err != nil {
		msg := cupsMessage(out, err)
		switch {
		case strings.Contains(msg, "not accepting jobs"):
			return "", queueState{Exists: true, Rejecting: true}.check(printer)
		case strings.Contains(msg, "does not exist"):
			return "", queueState{}.check(printer)
		}
		return "", meeting.Errorf(meeting.CodeState, fmt.Sprintf("发送到打印机「%s」失败：%s", printer, msg), err)
	}
	m := requestID.FindSubmatch(out)
	if m == nil {
		return "", nil
	}
	return string(m[1]), nil
}

// cupsMessage is what a CUPS client said when it failed, for the person to read:
// its output without the "lp:" prefixes, or the error itself when it said nothing.
func cupsMessage(out []byte, err error) string {
	var lines []string
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		for _, prefix := range []string{"lp:", "lpstat:", "Error -"} {
			line = strings.TrimSpace(strings.TrimPrefix(line, prefix))
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Sprintf("退出码 %d", ee.ExitCode())
		}
		if err != nil {
			return err.Error()
		}
	}
	return strings.Join(lines, "；")
}

// jobPollInterval is how often WatchJob asks CUPS about a job.
const jobPollInterval = 500 * time.Millisecond

// stuckPolls is how many polls in a row a job may wait on an idle printer before it
// counts as stopped: CUPS starts a job within moments when nothing holds it.
const stuckPolls = 4

// WatchJob follows a job CUPS accepted until it leaves the queue, for up to limit.
// It returns an error when the job will not print without help: the queue was
// stopped (CUPS's stop-printer policy for a printer that failed), or the job waits
// on an idle printer (a job stopped after its filter or device failed). A job that
// leaves the queue, or is still printing at limit, is no news: nil.
func (c cupsPrinters) WatchJob(printer, job string, limit time.Duration) error {
	poll := c.poll
	if poll == 0 {
		poll = jobPollInterval
	}
	deadline := time.Now().Add(limit)
	waiting := 0
	for time.Now().Before(deadline) {
		out, err := cupsCommand("lpstat", "-W", "not-completed", "-o", printer)
		if err != nil || !jobListed(out, job) {
			return nil
		}
		out, err = cupsCommand("lpstat", "-p", printer)
		if err != nil {
			return nil
		}
		q := parseQueueState(printer, out)
		reason := ""
		if q.Reason != "" {
			reason = "（" + q.Reason + "）"
		}
		switch {
		case q.Disabled:
			return &meeting.Error{Code: meeting.CodeState, Message: fmt.Sprintf("打印机「%s」在处理作业 %s 时停止了%s，纪要没有打印出来。请检查打印机的电源、纸张和连接，在系统的打印机设置中恢复（启用）后再打印。", printer, job, reason)}
		case q.Idle:
			waiting++
		default:
			waiting = 0
		}
		if waiting >= stuckPolls {
			return &meeting.Error{Code: meeting.CodeState, Message: fmt.Sprintf("作业 %s 停在打印机「%s」的队列中，没有打印出来%s。请检查打印机，在系统的打印机设置中处理这个作业后再打印。", job, printer, reason)}
		}
		time.Sleep(poll)
	}
	return nil
}

// jobListed reports whether lpstat -o output lists the job (its first column).
func jobListed(out []byte, job string) bool {
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == job {
			return true
		}
	}
	return false
}
