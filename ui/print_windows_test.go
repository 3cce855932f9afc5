//go:build windows

package ui

import (
	"errors"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"backstop/meeting"
)

func TestSystemPrintersIsWindows(t *testing.T) {
	if _, ok := systemPrinters().(windowsPrinters); !ok {
		t.Errorf("systemPrinters() = %T, want windowsPrinters", systemPrinters())
	}
}

// TestUTF16In reads names the way the spooler lays them out: pointers into the same
// buffer, after the structures.
func TestUTF16In(t *testing.T) {
	buf := make([]uint64, 8)
	base := unsafe.Pointer(&buf[0])
	words := unsafe.Slice((*uint16)(base), len(buf)*4)
	name, _ := syscall.UTF16FromString("会议室打印机")
	copy(words[10:], name)
	b := uintptr(base)
	if got := utf16In(words, b, b+20); got != "会议室打印机" {
		t.Errorf("utf16In = %q", got)
	}
	for _, p := range []uintptr{0, b - 2, b + 21, b + uintptr(len(words))*2} {
		if got := utf16In(words, b, p); got != "" {
			t.Errorf("utf16In at %#x = %q, want empty", p, got)
		}
	}
}

func TestShellErrorText(t *testing.T) {
	if got := shellErrorText(shellError(31)); !strings.Contains(got, "没有能直接打印 PDF 的程序") {
		t.Errorf("SE_ERR_NOASSOC: %q", got)
	}
	if got := shellErrorText(shellError(99)); got != "系统错误 99" {
		t.Errorf("unknown code: %q", got)
	}
	if got := shellErrorText(errors.New("boom")); got != "boom" {
		t.Errorf("foreign error: %q", got)
	}
}

func TestWindowsPrintRejectsBadRequests(t *testing.T) {
	for _, tc := range []struct {
		printer string
		copies  int
	}{{"", 1}, {`a"b`, 1}, {"Office", 0}} {
		if _, err := (windowsPrinters{}).PrintJob(tc.printer, "minutes.pdf", tc.copies); meeting.ErrorCode(err) != meeting.CodeInvalid {
			t.Errorf("PrintJob(%q, %d) = %v, want an invalid-input error", tc.printer, tc.copies, err)
		}
	}
}

// TestWindowsSpoolerLists asks the real spooler for its printers. It runs when
// BACKSTOP_TEST_WINDOWS_PRINTER names one that must be listed (under Wine, a CUPS
// queue shows up as a Windows printer).
func TestWindowsSpoolerLists(t *testing.T) {
	want := os.Getenv("BACKSTOP_TEST_WINDOWS_PRINTER")
	if want == "" {
		t.Skip("set BACKSTOP_TEST_WINDOWS_PRINTER to a printer the spooler must list")
	}
	names, err := spoolerPrinters()
	if err != nil {
		t.Fatalf("EnumPrintersW: %v", err)
	}
	t.Logf("spooler: %q; default %q", names, defaultPrinter())
	if !slices.Contains(names, want) {
		t.Errorf("the spooler lists %q, not %s", names, want)
	}
	all, err := windowsPrinters{}.Printers()
	if err != nil || !slices.Contains(all, want) {
		t.Errorf("Printers() = %q, %v", all, err)
	}
}

// TestWindowsPrintToSpooler prints a PDF with the shell's printto verb on the printer
// named by BACKSTOP_TEST_WINDOWS_PRINTER. BACKSTOP_TEST_WINDOWS_EXPECT says what the
// system has: "viewer" (no program registers printto for PDF, as in a bare Wine
// prefix: the PDF must be opened for printing by hand, and the person told) or
// "printto" (a handler that appends its arguments to BACKSTOP_TEST_WINDOWS_PRINTTO_LOG).
// scripts/cups-wine-print-test runs it both ways under Wine.
func TestWindowsPrintToSpooler(t *testing.T) {
	printer, file := os.Getenv("BACKSTOP_TEST_WINDOWS_PRINTER"), os.Getenv("BACKSTOP_TEST_WINDOWS_PDF")
	if printer == "" || file == "" {
		t.Skip("set BACKSTOP_TEST_WINDOWS_PRINTER and BACKSTOP_TEST_WINDOWS_PDF to print through the shell")
	}
	job, err := windowsPrinters{}.PrintJob(printer, file, 2)
	t.Logf("job %q, error %v", job, err)
	switch expect := os.Getenv("BACKSTOP_TEST_WINDOWS_EXPECT"); expect {
	case "viewer":
		if !errors.Is(err, errOpenedInViewer) {
			t.Fatalf("PrintJob = %v, want the PDF opened in the viewer", err)
		}
		want := "已用默认的 PDF 程序打开纪要，请在其中选择打印机「" + printer + "」、A4 纸，打印 2 份。"
		if msg := meeting.ErrorMessage(err); !strings.Contains(msg, want) {
			t.Errorf("the notice says %q, want %q", msg, want)
		}
	case "printto":
		if err != nil {
			t.Fatalf("PrintJob: %v", err)
		}
		// The handler runs on its own after ShellExecuteW returned.
		log := os.Getenv("BACKSTOP_TEST_WINDOWS_PRINTTO_LOG")
		deadline := time.Now().Add(time.Minute)
		for {
			got, _ := os.ReadFile(log)
			if strings.Contains(string(got), `"`+printer+`"`) {
				t.Logf("the printto handler was called with: %s", got)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the printto handler did not log the printer within a minute: %q", got)
			}
			time.Sleep(100 * time.Millisecond)
		}
	default:
		t.Fatalf("BACKSTOP_TEST_WINDOWS_EXPECT = %q, want viewer or printto", expect)
	}
}
