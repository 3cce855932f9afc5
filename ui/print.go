package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"backstop/meeting"
)

// printerSystem lists the printers and sends a PDF to one. systemPrinters picks the
// platform's: cupsPrinters (lpstat and lp) on Linux and macOS, windowsPrinters (the
// spooler and the shell's printto verb) on Windows. Tests replace it.
type printerSystem interface {
	// Printers returns the names of the printers the system knows, the default first
	// where the system has one. No printers is an empty list, not an error.
	Printers() ([]string, error)
	// Print sends file to printer, copies times, on A4.
	Print(printer, file string, copies int) error
}

// jobPrinter is a printerSystem that can name the job it queued, such as CUPS's
// request ID, for the status line.
type jobPrinter interface {
	PrintJob(printer, file string, copies int) (job string, err error)
}

// jobWatcher is a printerSystem that can follow a queued job and say when it will not
// print without help (CUPS: the queue stopped, or the job stuck on it).
type jobWatcher interface {
	WatchJob(printer, job string, limit time.Duration) error
}

// sendToPrinter prints through ps and returns the job's name when ps knows it.
func sendToPrinter(ps printerSystem, printer, file string, copies int) (string, error) {
	if jp, ok := ps.(jobPrinter); ok {
		return jp.PrintJob(printer, file, copies)
	}
	return "", ps.Print(printer, file, copies)
}

// errOpenedInViewer marks a print that could not go to the printer directly, where
// the PDF was opened in the system's viewer for the user to print from there. The
// error's message says so; the interface shows it as a notice, not a failure.
var errOpenedInViewer = errors.New("opened in the default PDF viewer to print by hand")

// checkPrintRequest rejects what no printer system could print: no printer, a name
// that could pass for an option or break quoting, copies outside 1–99.
func checkPrintRequest(printer string, copies int) error {
	if strings.TrimSpace(printer) == "" || strings.HasPrefix(printer, "-") || strings.ContainsAny(printer, "\"\x00\n") {
		return &meeting.Error{Code: meeting.CodeInvalid, Message: "请选择打印机。"}
	}
	if copies < 1 || copies > 99 {
		return &meeting.Error{Code: meeting.CodeInvalid, Message: "打印份数应为 1 到 99。"}
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
	return filepath.Join(u.outputDir(), "pdf")
}

// outputDir is the folder of the files the interface writes for the person (PDFs to
// view and print, exports): the data folder, or for a read-only one a folder under
// the system's temporary folder.
func (u *UI) outputDir() string {
	if u.opts.ReadOnly {
		return filepath.Join(os.TempDir(), "backstop-read-only")
	}
	return u.opts.DataDir
}
