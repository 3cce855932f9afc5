//go:build !windows

package ui

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// TestCUPSPrintJob drives cupsPrinters against the fake CUPS in each state a queue can
// be in, and checks what reaches lp and what the person is told.
func TestCUPSPrintJob(t *testing.T) {
	tests := []struct {
		name    string
		queue   fakeQueue
		printer string
		copies  int
		job     string
		code    meeting.Code
		message string // part of the Chinese message
		sent    bool   // lp was run
	}{
		{name: "printed", printer: "Office_PDF", copies: 2, job: "Office_PDF-7", sent: true},
		{name: "scheduler not running", queue: fakeQueue{notRunning: true}, printer: "Office_PDF", copies: 1,
			code: meeting.CodeState, message: "打印服务（CUPS）没有运行"},
		{name: "printer disabled", queue: fakeQueue{disabled: "paper jam"}, printer: "Office_PDF", copies: 1,
			code: meeting.CodeState, message: "打印机「Office_PDF」已停用（paper jam）"},
		{name: "printer paused without reason", queue: fakeQueue{disabled: "Paused"}, printer: "Office_PDF", copies: 1,
			code: meeting.CodeState, message: "打印机「Office_PDF」已停用，"},
		{name: "queue rejecting", queue: fakeQueue{rejecting: "closed for maintenance"}, printer: "Office_PDF", copies: 1,
			code: meeting.CodeState, message: "打印机「Office_PDF」目前拒绝接收打印任务（closed for maintenance）"},
		{name: "printer gone", printer: "Old_Laser", copies: 1,
			code: meeting.CodeNotFound, message: "打印机「Old_Laser」不存在或已被删除"},
		{name: "lp fails", queue: fakeQueue{lpFails: `lp: Error - Unsupported document-format "application/pdf".`}, printer: "Office_PDF", copies: 1,
			code: meeting.CodeState, message: `发送到打印机「Office_PDF」失败：Unsupported document-format "application/pdf".`, sent: true},
		{name: "queue stops between check and send", queue: fakeQueue{lpFails: `lp: Destination "Office_PDF" is not accepting jobs.`}, printer: "Office_PDF", copies: 1,
			code: meeting.CodeState, message: "打印机「Office_PDF」目前拒绝接收打印任务", sent: true},
		{name: "no printer chosen", printer: "", copies: 1, code: meeting.CodeInvalid, message: "请选择打印机"},
		{name: "printer name like an option", printer: "-o", copies: 1, code: meeting.CodeInvalid, message: "请选择打印机"},
		{name: "no copies", printer: "Office_PDF", copies: 0, code: meeting.CodeInvalid, message: "打印份数应为 1 到 99"},
		{name: "too many copies", printer: "Office_PDF", copies: 100, code: meeting.CodeInvalid, message: "打印份数应为 1 到 99"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			printed, args := fakeCUPSWith(t, tc.queue)
			file := filepath.Join(t.TempDir(), "纪要 第1版.pdf")
			if err := os.WriteFile(file, []byte("%PDF-1.4\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			job, err := cupsPrinters{}.PrintJob(tc.printer, file, tc.copies)
			if _, statErr := os.Stat(args); (statErr == nil) != tc.sent {
				t.Errorf("lp run = %v, want %v", statErr == nil, tc.sent)
			}
			if tc.message == "" {
				if err != nil {
					t.Fatalf("PrintJob: %v", err)
				}
				if job != tc.job {
					t.Errorf("job = %q, want %q", job, tc.job)
				}
				got, _ := os.ReadFile(args)
				if want := "-d Office_PDF -n 2 -o media=A4 -o collate=true " + file; strings.TrimSpace(string(got)) != want {
					t.Errorf("lp arguments %q, want %q", got, want)
				}
				if _, err := os.Stat(printed); err != nil {
					t.Errorf("nothing printed: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("PrintJob succeeded with job %q", job)
			}
			if c := meeting.ErrorCode(err); c != tc.code {
				t.Errorf("code %s, want %s", c, tc.code)
			}
			if msg := meeting.ErrorMessage(err); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q lacks %q", msg, tc.message)
			}
		})
	}
}

// TestCUPSPrintersList lists the printers, default first, and tells why when it cannot.
func TestCUPSPrintersList(t *testing.T) {
	tests := []struct {
		name    string
		queue   fakeQueue
		want    []string
		message string
	}{
		{name: "one", want: []string{"Office_PDF"}},
		{name: "default first", queue: fakeQueue{printers: []string{"Hall_Laser", "Office_PDF", "Room_3"}, defaultP: "Office_PDF"},
			want: []string{"Office_PDF", "Hall_Laser", "Room_3"}},
		{name: "none", queue: fakeQueue{printers: []string{}}, want: nil},
		{name: "scheduler not running", queue: fakeQueue{notRunning: true}, message: "打印服务（CUPS）没有运行"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fakeCUPSWith(t, tc.queue)
			got, err := cupsPrinters{}.Printers()
			if tc.message != "" {
				if msg := meeting.ErrorMessage(err); err == nil || !strings.Contains(msg, tc.message) {
					t.Fatalf("Printers() = %v, %v; want an error saying %q", got, err, tc.message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Printers() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCUPSMissing: without the CUPS clients both listing and printing say so.
func TestCUPSMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := (cupsPrinters{}).Printers(); !strings.Contains(meeting.ErrorMessage(err), "未找到打印系统（CUPS 的 lpstat 命令）") {
		t.Errorf("Printers: %v", err)
	}
	err := cupsPrinters{}.Print("Office_PDF", "minutes.pdf", 1)
	if !strings.Contains(meeting.ErrorMessage(err), "未找到打印系统（CUPS 的 lp 命令）") {
		t.Errorf("Print: %v", err)
	}
	if !errors.Is(err, meeting.ErrNotFound) {
		t.Errorf("Print error %v is not ErrNotFound", err)
	}
}

// TestParseQueueState reads lpstat's answers as CUPS 2.4 writes them.
func TestParseQueueState(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want queueState
	}{
		{"idle", "printer Office_PDF is idle.  enabled since Tue Nov 24 21:54:20 2026\nOffice_PDF accepting requests since Tue Nov 24 21:54:20 2026\n",
			queueState{Exists: true, Idle: true}},
		{"idle after a failed filter", "printer Office_PDF is idle.  enabled since Tue Nov 24 22:12:00 2026\n\tFilter failed\nOffice_PDF accepting requests since Tue Nov 24 22:12:00 2026\n",
			queueState{Exists: true, Idle: true, Reason: "Filter failed"}},
		{"printing", "printer Office_PDF now printing Office_PDF-3.  enabled since Tue Nov 24 21:54:20 2026\nOffice_PDF accepting requests since Tue Nov 24 21:54:20 2026\n",
			queueState{Exists: true}},
		{"disabled", "printer Office_PDF disabled since Tue Nov 24 21:54:32 2026 -\n\tpaper jam\nOffice_PDF accepting requests since Tue Nov 24 21:54:32 2026\n",
			queueState{Exists: true, Disabled: true, Reason: "paper jam"}},
		{"disabled and rejecting", "printer Office_PDF disabled since Tue Nov 24 21:54:32 2026 -\n\tclosed\nOffice_PDF not accepting requests since Tue Nov 24 21:54:32 2026 -\n\tclosed\n",
			queueState{Exists: true, Disabled: true, Rejecting: true, Reason: "closed"}},
		{"reason unknown", "printer Office_PDF disabled since Tue Nov 24 21:54:32 2026 -\n\treason unknown\n",
			queueState{Exists: true, Disabled: true}},
		{"a printer whose name extends this one's", "printer Office_PDF_2 disabled since Tue Nov 24 21:54:32 2026 -\n\tpaper jam\n",
			queueState{}},
		{"unknown", "lpstat: Invalid destination name in list \"Office_PDF\".\n", queueState{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseQueueState("Office_PDF", []byte(tc.out)); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestSystemPrintersIsCUPS(t *testing.T) {
	if _, ok := systemPrinters().(cupsPrinters); !ok {
		t.Errorf("systemPrinters() = %T, want cupsPrinters", systemPrinters())
	}
}

// TestCUPSWatchJob follows a sent job against the fake CUPS: news only when the job
// will not print without help.
func TestCUPSWatchJob(t *testing.T) {
	tests := []struct {
		name    string
		queue   fakeQueue
		limit   time.Duration // how long to follow the job; a minute unless set
		message string
	}{
		{name: "printed", queue: fakeQueue{}},
		{name: "still printing at the limit", queue: fakeQueue{pending: "Office_PDF-7", printing: "Office_PDF-7"}, limit: 100 * time.Millisecond},
		{name: "queue stopped by a failure", queue: fakeQueue{pending: "Office_PDF-7", disabled: "Unable to connect to printer"},
			message: "打印机「Office_PDF」在处理作业 Office_PDF-7 时停止了（Unable to connect to printer），纪要没有打印出来。"},
		{name: "job stuck on an idle printer", queue: fakeQueue{pending: "Office_PDF-7", message: "Filter failed"},
			message: "作业 Office_PDF-7 停在打印机「Office_PDF」的队列中，没有打印出来（Filter failed）。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fakeCUPSWith(t, tc.queue)
			limit := tc.limit
			if limit == 0 {
				limit = time.Minute
			}
			err := cupsPrinters{poll: time.Millisecond}.WatchJob("Office_PDF", "Office_PDF-7", limit)
			if tc.message == "" {
				if err != nil {
					t.Errorf("WatchJob: %v", err)
				}
				return
			}
			if msg := meeting.ErrorMessage(err); !strings.Contains(msg, tc.message) {
				t.Errorf("WatchJob says %q, want %q", msg, tc.message)
			}
		})
	}
}
