//go:build !windows

package ui

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backstop/meeting"
	"backstop/meeting/store"
)

// TestPrintThroughRealCUPS prints the example minutes on a real CUPS queue, through the
// preview's 打印 button, and reads the printed file back. It runs when
// BACKSTOP_TEST_PRINTER names a queue whose device is file:$BACKSTOP_TEST_PRINTER_OUTPUT
// and BACKSTOP_BIN is the built app, which imports examples/plastics-title-meeting.json
// as a person would. `make print-test` sets all three up with
// scripts/cups-test-printer: a private cupsd with a Generic PDF queue; the test empties
// the output file before each job it reads back, as the queue only writes over it.
func TestPrintThroughRealCUPS(t *testing.T) {
	printer, output := os.Getenv("BACKSTOP_TEST_PRINTER"), os.Getenv("BACKSTOP_TEST_PRINTER_OUTPUT")
	if printer == "" || output == "" {
		t.Skip("set BACKSTOP_TEST_PRINTER and BACKSTOP_TEST_PRINTER_OUTPUT to print on a CUPS file: queue (make print-test)")
	}
	bin := os.Getenv("BACKSTOP_BIN")
	if bin == "" {
		t.Fatal("BACKSTOP_BIN must name the built app (make build), which imports the example meeting to print")
	}

	dataDir := t.TempDir()
	id := importWithCLI(t, bin, dataDir, "../examples/plastics-title-meeting.json")
	h := harnessOver(t, dataDir)
	h.u.printers = systemPrinters()
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	h.waitFor(10*time.Second, "the printer list", func() bool { return len(p.printer.Options) > 0 })
	if !slices.Contains(p.printer.Options, printer) {
		t.Fatalf("the printer list %q lacks %s", p.printer.Options, printer)
	}

	t.Run("two copies", func(t *testing.T) {
		p.printer.SetSelected(printer)
		p.copies.SetText("2")
		emptyPrinterOutput(t, output)
		test.Tap(p.print)
		h.waitFor(30*time.Second, "the print job", func() bool { return strings.Contains(p.status.Text, "已发送到打印机") })
		m := regexp.MustCompile(`（作业 (\S+)）`).FindStringSubmatch(p.status.Text)
		if m == nil {
			t.Fatalf("the status %q names no job", p.status.Text)
		}
		waitForJob(t, printer, m[1])

		written, printed := pdfText(t, p.lastPDF), pdfText(t, output)
		for _, want := range []string{
			"企业分期办理不动产权证等疑难事项协调会", "自然资源和规划局",
			"以本次会议纪要为依据，通过线下流程受理企业一期厂房的不动产首次登记申请。",
		} {
			if !strings.Contains(written, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		// The Generic PDF driver makes the copies itself (pdftopdf): one file, the
		// second whole copy after the first (collated).
		if printed != written+written {
			t.Errorf("the printed file's text is not the PDF's twice: %d characters printed, %d in the PDF", len([]rune(printed)), len([]rune(written)))
		}
		if info := pdfInfo(t, output); !strings.Contains(info, "(A4)") {
			t.Errorf("the printed file is not A4:\n%s", info)
		}
		if got, want := pdfPages(t, output), 2*pdfPages(t, p.lastPDF); got != want {
			t.Errorf("%d pages printed, want %d (two copies)", got, want)
		}
	})

	// A queue that cannot print is told before anything is sent.
	for _, tc := range []struct {
		name          string
		stop, restart []string
		message       string
	}{
		{"stopped queue", []string{"cupsdisable", "-r", "卡纸", printer}, []string{"cupsenable", printer},
			"打印机「" + printer + "」已停用（卡纸）"},
		{"queue rejecting jobs", []string{"cupsreject", "-r", "维护中", printer}, []string{"cupsaccept", printer},
			"打印机「" + printer + "」目前拒绝接收打印任务（维护中）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.printer.SetSelected(printer)
			cupsAdmin(t, tc.stop...)
			t.Cleanup(func() { cupsAdmin(t, tc.restart...) })
			before := completedJobs(t, printer)
			p.status.SetText("")
			test.Tap(p.print)
			h.waitFor(30*time.Second, "the error", func() bool { return strings.Contains(p.status.Text, "打印失败") })
			if !strings.Contains(p.status.Text, tc.message) {
				t.Errorf("status %q lacks %q", p.status.Text, tc.message)
			}
			if got := strings.Join(strings.Fields(drawnText(h.overlayTop())), ""); !strings.Contains(got, tc.message) {
				t.Errorf("the error dialog says %q, want %q", got, tc.message)
			}
			h.u.win.Canvas().Overlays().Top().Hide()
			if after := completedJobs(t, printer); after != before {
				t.Errorf("a job was sent to the stopped queue: %q", after)
			}
		})
	}

	// A printer that fails once the job is queued: the preview follows the job and
	// says it did not print.
	t.Run("printer fails while printing", func(t *testing.T) {
		failing := os.Getenv("BACKSTOP_TEST_FAILING_PRINTER")
		if failing == "" {
			t.Skip("set BACKSTOP_TEST_FAILING_PRINTER to a queue whose filter fails")
		}
		t.Cleanup(func() { cupsAdmin(t, "cancel", "-a", failing) })
		if !slices.Contains(p.printer.Options, failing) {
			t.Fatalf("the printer list %q lacks %s", p.printer.Options, failing)
		}
		p.printer.SetSelected(failing)
		p.copies.SetText("1")
		p.status.SetText("")
		test.Tap(p.print)
		h.waitFor(30*time.Second, "the job to be sent", func() bool { return strings.Contains(p.status.Text, "已发送到打印机") })
		job := regexp.MustCompile(`（作业 (\S+)）`).FindStringSubmatch(p.status.Text)
		h.waitFor(60*time.Second, "the failure to be noticed", func() bool { return strings.Contains(p.status.Text, "打印失败") })
		want := "作业 " + job[1] + " 停在打印机「" + failing + "」的队列中，没有打印出来（Filter failed）。"
		if !strings.Contains(p.status.Text, want) {
			t.Errorf("status %q, want %q", p.status.Text, want)
		}
		if got := strings.Join(strings.Fields(drawnText(h.overlayTop())), ""); !strings.Contains(got, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the error dialog says %q", got)
		}
		printShot(t, h, "print-job-stuck")
		h.u.win.Canvas().Overlays().Top().Hide()
	})

	t.Run("scheduler not running", func(t *testing.T) {
		t.Setenv("CUPS_SERVER", t.TempDir()+"/no-cupsd.sock")
		if _, err := systemPrinters().Printers(); !strings.Contains(meeting.ErrorMessage(err), "打印服务（CUPS）没有运行") {
			t.Errorf("Printers: %v", err)
		}
		if err := systemPrinters().Print(printer, p.lastPDF, 1); !strings.Contains(meeting.ErrorMessage(err), "打印服务（CUPS）没有运行") {
			t.Errorf("Print: %v", err)
		}
	})
}

// importWithCLI imports a meeting file with the app's own command line into dataDir and
// returns the new meeting's ID.
func importWithCLI(t *testing.T, bin, dataDir, file string) meeting.ID {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "--data", dataDir, "import", file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("backstop import %s: %v: %s", file, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	id, err := strconv.ParseUint(strings.TrimSpace(lines[len(lines)-1]), 10, 64)
	if err != nil {
		t.Fatalf("backstop import printed %q, not the meeting's ID", stdout.String())
	}
	return meeting.ID(id)
}

// harnessOver is newHarness over an existing data directory.
func harnessOver(t *testing.T, dataDir string) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, languageChinese)
	st, err := store.Open(dataDir, store.WithClock(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	h := &harness{t: t, app: a, st: st, queue: make(chan func(), 256), dir: dataDir}
	h.u = New(a, st, Options{DataDir: dataDir, Version: "test"})
	h.u.do = func(f func()) { h.queue <- f }
	h.u.now = func() time.Time { return testNow }
	h.u.win.Resize(fyne.NewSize(1280, 860))
	h.u.win.Show()
	return h
}

// waitForJob waits until CUPS has finished the job: gone from the queue's pending jobs
// and listed among its completed ones. Then the file: device has closed the file.
func waitForJob(t *testing.T, printer, job string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		pending := lpstat(t, "-W", "not-completed", "-o", printer)
		if !strings.Contains(pending, job+" ") && strings.Contains(completedJobs(t, printer), job+" ") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s not finished after a minute; pending: %s%s", job, pending, cupsLogTail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// emptyPrinterOutput leaves the file: queue's output file existing and empty before a
// job. CUPS 2.4.2-3+deb12u10 and later open it without O_CREAT or O_TRUNC: a missing file
// stops the job, and a shorter job would leave an earlier one's tail behind.
func emptyPrinterOutput(t *testing.T, output string) {
	t.Helper()
	f, err := os.OpenFile(output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatalf("emptying the printer's output file: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// cupsLogTail returns the last lines of the private cupsd's error_log
// (BACKSTOP_TEST_CUPS_LOG), so that a job that does not finish explains itself.
func cupsLogTail() string {
	path := os.Getenv("BACKSTOP_TEST_CUPS_LOG")
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "\n(no cupsd error_log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "\n--- " + path + " (last lines)\n" + strings.Join(lines, "\n")
}

func completedJobs(t *testing.T, printer string) string {
	return lpstat(t, "-W", "completed", "-o", printer)
}

func lpstat(t *testing.T, args ...string) string {
	t.Helper()
	out, err := cupsCommand("lpstat", args...)
	if err != nil {
		t.Fatalf("lpstat %v: %v: %s", args, err, out)
	}
	return string(out)
}

// cupsAdmin runs one of CUPS's queue commands (cupsdisable and the like), which live
// in /usr/sbin.
func cupsAdmin(t *testing.T, args ...string) {
	t.Helper()
	name := args[0]
	if _, err := exec.LookPath(name); err != nil {
		name = "/usr/sbin/" + name
	}
	if out, err := exec.Command(name, args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%v: %v: %s", args, err, out)
	}
}

// pdfInfo returns what pdfinfo says about a PDF.
func pdfInfo(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	return string(out)
}

// pdfPages counts a PDF's pages with pdfinfo.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(pdfInfo(t, path))
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", path)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
