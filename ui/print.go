package ui

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"backstop/meeting"
)

// printerSystem lists the printers and sends a PDF to one. cupsPrinters serves Linux and
// macOS; Windows (the shell's print verb) is a later addition behind the same interface.
type printerSystem interface {
	// Printers returns the names of the printers the system knows.
	Printers() ([]string, error)
	// Print sends file to printer, copies times, on A4.
	Print(printer, file string, copies int) error
}

// cupsPrinters prints through CUPS's command-line clients, lpstat and lp.
type cupsPrinters struct{}

func (cupsPrinters) Printers() ([]string, error) {
	if _, err := exec.LookPath("lpstat"); err != nil {
		return nil, meeting.Errorf(meeting.CodeStorage, "未找到打印系统（CUPS 的 lpstat 命令），无法列出打印机。可以先保存 PDF，再用其他程序打印。", err)
	}
	out, err := exec.Command("lpstat", "-e").Output()
	names := parsePrinterNames(out, false)
	if err != nil || len(names) == 0 {
		// Older CUPS has no -e: "lpstat -a" prints "NAME accepting requests since …".
		if out, err2 := exec.Command("lpstat", "-a").Output(); err2 == nil {
			names = parsePrinterNames(out, true)
			err = nil
		}
	}
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeStorage, "无法列出打印机。", err)
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
		if line == "" {
			continue
		}
		if firstWord {
			line = strings.Fields(line)[0]
		}
		names = append(names, line)
	}
	return names
}

func (cupsPrinters) Print(printer, file string, copies int) error {
	if printer == "" || strings.HasPrefix(printer, "-") {
		return &meeting.Error{Code: meeting.CodeInvalid, Message: "请选择打印机。"}
	}
	if copies < 1 || copies > 99 {
		return &meeting.Error{Code: meeting.CodeInvalid, Message: "打印份数应为 1 到 99。"}
	}
	// An absolute path never starts with "-", so lp cannot take it for an option.
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	cmd := exec.Command("lp", "-d", printer, "-n", strconv.Itoa(copies), "-o", "media=A4", file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
		}
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("发送到打印机「%s」失败。", printer), err)
	}
	return nil
}

// minutesFileName names the PDF of the minutes: the number and revision once
// finalized, the draft's ID and title before. User text in it is sanitized.
func minutesFileName(m *meeting.Meeting) string {
	var name string
	if m.Number.IsZero() {
		name = fmt.Sprintf("草稿-%d-%s", m.ID, m.Title)
	} else {
		name = fmt.Sprintf("纪要%s-第%d版", m.Number, m.Revision())
		if m.State == meeting.StateDraft {
			name += "-修订稿"
		}
	}
	return sanitizeFileName(name) + ".pdf"
}

// sanitizeFileName keeps a name safe on every file system: no separators, reserved
// characters or control characters, no leading dot, at most 60 characters.
func sanitizeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsControl(r):
			return '_'
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
	s = strings.Trim(strings.TrimSpace(s), ".")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60])
	}
	if s == "" {
		s = "纪要"
	}
	return s
}

// pdfDir is where the interface writes minutes PDFs for viewing and printing.
func (u *UI) pdfDir() string {
	return filepath.Join(u.opts.DataDir, "pdf")
}
