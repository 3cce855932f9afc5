package ui

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"backstop/export/archive"
	"backstop/meeting"
)

// fakeCUPS puts stand-ins for lpstat and lp first on PATH, answering as CUPS does for
// one enabled printer, Office_PDF: lp records its arguments, copies the file it was
// given as a file: queue would, and names the job Office_PDF-7.
func fakeCUPS(t *testing.T) (printed, args string) {
	return fakeCUPSWith(t, fakeQueue{})
}

// fakeQueue is the state the fake CUPS reports.
type fakeQueue struct {
	notRunning bool     // the scheduler does not answer
	printers   []string // the queues; Office_PDF when nil
	defaultP   string   // the system default destination
	disabled   string   // the queues are stopped, with this reason
	rejecting  string   // the queues refuse jobs, with this reason
	lpFails    string   // lp prints this and exits 1
	pending    string   // the job lpstat -W not-completed lists
	printing   string   // the job the printer is printing
	message    string   // the printer's state message
}

// The fake clients read their state from the file "state" beside them, and answer in
// the words of CUPS 2.4 in the C locale.
const (
	fakeLpstat = `#!/bin/sh
. "$(dirname "$0")/state"
if [ -n "$NOT_RUNNING" ]; then
  [ "$1" = -r ] && echo 'scheduler is not running'
  exit 0
fi
case "$1" in
-r) echo 'scheduler is running' ;;
-e) for p in $PRINTERS; do echo "$p"; done ;;
-a) for p in $PRINTERS; do echo "$p accepting requests since Mon 12 Oct 2026"; done ;;
-d) if [ -n "$DEFAULT" ]; then echo "system default destination: $DEFAULT"; else echo 'no system default destination'; fi ;;
-W) [ -n "$PENDING" ] && echo "$PENDING  root  141312  Mon 12 Oct 2026" ;;
-p)
  case " $PRINTERS " in
  *" $2 "*) ;;
  *) echo "lpstat: Invalid destination name in list \"$2\"." >&2; exit 1 ;;
  esac
  if [ -n "$DISABLED" ]; then
    printf 'printer %s disabled since Mon 12 Oct 2026 -\n\t%s\n' "$2" "$DISABLED"
  elif [ -n "$PRINTING" ]; then
    echo "printer $2 now printing $PRINTING.  enabled since Mon 12 Oct 2026"
  else
    echo "printer $2 is idle.  enabled since Mon 12 Oct 2026"
    [ -n "$MESSAGE" ] && printf '\t%s\n' "$MESSAGE"
  fi
  [ -z "$3" ] && exit 0
  if [ -n "$REJECTING" ]; then
    printf '%s not accepting requests since Mon 12 Oct 2026 -\n\t%s\n' "$2" "$REJECTING"
  else
    echo "$2 accepting requests since Mon 12 Oct 2026"
  fi ;;
esac
`
	fakeLp = `#!/bin/sh
dir=$(dirname "$0")
. "$dir/state"
echo "$@" > "$dir/lp.args"
if [ -n "$LP_FAILS" ]; then
  echo "$LP_FAILS" >&2
  exit 1
fi
for f; do :; done
cp "$f" "$dir/printed.pdf"
echo 'request id is Office_PDF-7 (1 file(s))'
`
)

// fakeCUPSWith installs a fake CUPS in the state q and returns where lp copies the
// file and records its arguments; see fakeCUPS.
func fakeCUPSWith(t *testing.T, q fakeQueue) (printed, args string) {
	t.Helper()
	if q.printers == nil {
		q.printers = []string{"Office_PDF"}
	}
	notRunning := ""
	if q.notRunning {
		notRunning = "1"
	}
	state := fmt.Sprintf("NOT_RUNNING=%q\nPRINTERS=%q\nDEFAULT=%q\nDISABLED=%q\nREJECTING=%q\nLP_FAILS=%q\nPENDING=%q\nPRINTING=%q\nMESSAGE=%q\n",
		notRunning, strings.Join(q.printers, " "), q.defaultP, q.disabled, q.rejecting, q.lpFails, q.pending, q.printing, q.message)
	dir := t.TempDir()
	for name, body := range map[string]string{"lpstat": fakeLpstat, "lp": fakeLp, "state": state} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return filepath.Join(dir, "printed.pdf"), filepath.Join(dir, "lp.args")
}

// pdfText returns the text of a PDF with all white space removed, so that line breaks
// and justification do not split the phrases looked for.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// drawnText joins the text drawn on the preview's first visible pages.
func drawnText(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(c fyne.CanvasObject) bool {
		if t, ok := c.(*canvas.Text); ok {
			b.WriteString(t.Text)
		}
		return true
	})
	return b.String()
}

// previewAndPrint continues TestWholeMeeting: the preview draws export's pages, the PDF
// is written and opened, then printed through CUPS's command line, and finalized.
func (h *harness) previewAndPrint(t *testing.T, id meeting.ID, mn meeting.Minutes) {
	printed, args := fakeCUPS(t)
	h.u.printers = cupsPrinters{}
	ed := h.u.editor
	test.Tap(ed.stepButtons[stepPreview])
	p := ed.preview
	h.waitFor(5*time.Second, "the layout", func() bool { return p.doc != nil && p.list != nil })
	if len(p.doc.Pages) < 2 {
		t.Errorf("%d pages laid out", len(p.doc.Pages))
	}
	drawn := drawnText(p.list)
	for _, want := range []string{"协调会", "恒丰"} {
		if !strings.Contains(drawn, want) {
			t.Errorf("the preview does not draw %q", want)
		}
	}
	if got := drawnText(p.warnings); !strings.Contains(got, "内容完整") {
		t.Errorf("warnings = %q", got)
	}

	// Write the PDF and open it.
	test.Tap(p.openPDF)
	h.waitFor(10*time.Second, "the PDF", func() bool { return p.lastPDF != "" })
	text := pdfText(t, p.lastPDF)
	for _, want := range []string{
		"关于恒丰公司不动产权证办理等事项的协调会", "市民之家三楼协调室", "自然资源和规划局", "城市管理局",
		"以本次会议纪要为依据，通过线下流程办理一期厂房不动产登记。", "公证处对翻建事实进行公证，资规局据此办理登记。",
		"2026年10月30日",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}

	// Export the Word working copy beside it.
	test.Tap(p.exportWord)
	h.waitFor(10*time.Second, "the Word document", func() bool { return p.lastWord != "" })
	if want := strings.TrimSuffix(p.lastPDF, ".pdf") + "-工作副本.docx"; p.lastWord != want || !strings.Contains(p.status.Text, "Word 工作副本") {
		t.Errorf("Word document %q (want %q), status %q", p.lastWord, want, p.status.Text)
	}
	if z, err := zip.OpenReader(p.lastWord); err != nil {
		t.Errorf("the Word document does not open: %v", err)
	} else {
		z.Close()
	}

	// Print two copies on the chosen printer.
	h.waitFor(5*time.Second, "the printer list", func() bool { return p.printer.Selected == "Office_PDF" })
	p.copies.SetText("2")
	test.Tap(p.print)
	h.waitFor(10*time.Second, "the print job", func() bool { return strings.Contains(p.status.Text, "已发送到打印机") })
	if want := "已发送到打印机「Office_PDF」，共 2 份（作业 Office_PDF-7）。"; p.status.Text != want {
		t.Errorf("status = %q, want %q", p.status.Text, want)
	}
	got, err := os.ReadFile(args)
	if err != nil {
		t.Fatal(err)
	}
	if a := strings.TrimSpace(string(got)); !strings.HasPrefix(a, "-d Office_PDF -n 2 -o media=A4 -o collate=true /") {
		t.Errorf("lp called with %q", a)
	}
	if pt := pdfText(t, printed); pt != text {
		t.Error("the printed file differs from the PDF written")
	}

	// Finalize: the meeting is locked and shown read-only.
	test.Tap(p.finalize)
	tapButton(t, h.overlayTop(), "确定")
	// Finalizing renders revision 1's PDF into the archive and records its hash.
	h.waitFor(10*time.Second, "the finalized PDF to be archived", func() bool {
		m := h.stored(id)
		rev, ok := m.LastRevision()
		return ok && rev.PDFHash != ""
	})
	m := h.stored(id)
	if m.State != meeting.StateFinalized || m.Number.IsZero() {
		t.Errorf("after 定稿 the store holds state %s, number %s", m.State, m.Number)
	}
	rev, _ := m.LastRevision()
	archived, err := os.ReadFile(archive.Path(h.dir, rev.PDFPath))
	if err != nil {
		t.Fatalf("archived PDF: %v", err)
	}
	if sum := sha256.Sum256(archived); hex.EncodeToString(sum[:]) != rev.PDFHash {
		t.Error("the archived PDF does not match its recorded hash")
	}
	h.drain(50 * time.Millisecond)
	if !h.u.editor.readOnly {
		t.Error("the finalized meeting is still editable")
	}
}

// TestPreviewWarnsOfCharactersTheFontCannotSet puts a name with a CJK Extension B
// character on the agenda: the preview lists it above the pages before printing.
func TestPreviewWarnsOfCharactersTheFontCannotSet(t *testing.T) {
	h := newHarness(t)
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	mn, err := h.st.Minutes(id)
	if err != nil {
		t.Fatal(err)
	}
	c := mn.Cases[1]
	c.Applicant.Name = "王\U0002EBF0英" // CJK Extension I: no font here has it
	if err := h.st.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	h.waitFor(5*time.Second, "the layout", func() bool { return p.doc != nil })
	if len(p.report.Replaced) == 0 {
		t.Fatal("export reported no replaced character")
	}
	if got := drawnText(p.warnings); !strings.Contains(got, "〓") || !strings.Contains(got, "\U0002EBF0") {
		t.Errorf("warnings = %q, want the replaced character listed", got)
	}
}

// scriptedPrinters is a printer system whose answers the test sets: the printers it
// lists on each successive call (the last repeated), and what printing returns.
type scriptedPrinters struct {
	lists   [][]string
	listErr error
	job     string
	err     error

	mu      sync.Mutex // the interface calls from its background goroutines
	calls   int
	printed []string
}

func (s *scriptedPrinters) Printers() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := min(s.calls, len(s.lists)-1)
	s.calls++
	return s.lists[i], s.listErr
}

// listed returns how often the printers were listed.
func (s *scriptedPrinters) listed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *scriptedPrinters) Print(printer, file string, copies int) error {
	_, err := s.PrintJob(printer, file, copies)
	return err
}

func (s *scriptedPrinters) PrintJob(printer, file string, copies int) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.printed = append(s.printed, printer)
	}
	return s.job, s.err
}

// TestPrintDialogTellsWhyNothingPrinted taps 打印 in the preview in each state that
// keeps the minutes from the printer, and reads what the person is told: a dialog with
// the reason, and the status line.
func TestPrintDialogTellsWhyNothingPrinted(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T) printerSystem
		title  string // the dialog's title
		reason string // in the dialog and in the status line
		status string // the status line's start
		shot   string // the screenshot's name, with BACKSTOP_SHOTS set
	}{
		{name: "no printers", setup: func(*testing.T) printerSystem { return &scriptedPrinters{lists: [][]string{nil}} },
			title: "出错了", reason: "系统中没有可用的打印机。请先在系统设置中添加打印机"},
		{name: "CUPS not running", setup: func(t *testing.T) printerSystem {
			fakeCUPSWith(t, fakeQueue{notRunning: true})
			return cupsPrinters{}
		}, title: "出错了", reason: "打印服务（CUPS）没有运行，无法打印。"},
		{name: "CUPS missing", setup: func(t *testing.T) printerSystem {
			t.Setenv("PATH", t.TempDir())
			return cupsPrinters{}
		}, title: "出错了", reason: "未找到打印系统（CUPS 的 lpstat 命令）"},
		{name: "stopped queue", setup: func(t *testing.T) printerSystem {
			fakeCUPSWith(t, fakeQueue{disabled: "卡纸"})
			return cupsPrinters{}
		}, title: "出错了", reason: "打印机「Office_PDF」已停用（卡纸）", status: "打印失败：", shot: "print-stopped-queue"},
		{name: "lp fails", setup: func(t *testing.T) printerSystem {
			fakeCUPSWith(t, fakeQueue{lpFails: "lp: Error - No such file or directory"})
			return cupsPrinters{}
		}, title: "出错了", reason: "发送到打印机「Office_PDF」失败：No such file or directory", status: "打印失败："},
		{name: "opened in the viewer", setup: func(*testing.T) printerSystem {
			return &scriptedPrinters{lists: [][]string{{"会议室打印机"}}, err: &meeting.Error{Code: meeting.CodeState,
				Message: "无法直接发送到打印机「会议室打印机」（系统中没有能直接打印 PDF 的程序）。已用默认的 PDF 程序打开纪要，请在其中选择打印机「会议室打印机」、A4 纸，打印 1 份。",
				Err:     errOpenedInViewer}}
		}, title: "请在 PDF 程序中打印", reason: "已用默认的 PDF 程序打开纪要，请在其中选择打印机「会议室打印机」", status: "无法直接发送", shot: "print-opened-in-viewer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.u.printers = tc.setup(t)
			id, err := seedExample(h.st)
			if err != nil {
				t.Fatal(err)
			}
			h.u.openMeeting(id)
			h.u.editor.showStep(stepPreview)
			p := h.u.editor.preview
			h.waitFor(5*time.Second, "the layout", func() bool { return p.doc != nil })
			h.drain(50 * time.Millisecond)
			test.Tap(p.print)
			h.waitFor(10*time.Second, "the dialog", func() bool {
				top := h.u.win.Canvas().Overlays().Top()
				return top != nil && strings.Contains(drawnText(top), tc.title)
			})
			// Wrapped lines are drawn as separate texts, without the spaces at the breaks.
			if got := strings.Join(strings.Fields(drawnText(h.overlayTop())), ""); !strings.Contains(got, strings.Join(strings.Fields(tc.reason), "")) {
				t.Errorf("the dialog says %q, want %q", got, tc.reason)
			}
			if tc.status != "" && (!strings.HasPrefix(p.status.Text, tc.status) || !strings.Contains(p.status.Text, tc.reason)) {
				t.Errorf("status %q, want %q… %q", p.status.Text, tc.status, tc.reason)
			}
			if tc.shot != "" {
				printShot(t, h, tc.shot)
			}
		})
	}
}

// TestPrintFindsAPrinterAddedLater: with no printer when the preview opened, 打印 asks
// the system again, and prints on the printer added meanwhile.
func TestPrintFindsAPrinterAddedLater(t *testing.T) {
	h := newHarness(t)
	ps := &scriptedPrinters{lists: [][]string{nil, {"会议室打印机"}}, job: "会议室打印机-1"}
	h.u.printers = ps
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	h.waitFor(5*time.Second, "the printer list", func() bool { return ps.listed() == 1 })
	h.drain(50 * time.Millisecond)
	if p.printer.Selected != "" {
		t.Fatalf("a printer is chosen with none listed: %q", p.printer.Selected)
	}
	test.Tap(p.print)
	h.waitFor(10*time.Second, "the print job", func() bool { return strings.Contains(p.status.Text, "已发送到打印机") })
	if want := "已发送到打印机「会议室打印机」，共 1 份（作业 会议室打印机-1）。"; p.status.Text != want {
		t.Errorf("status %q, want %q", p.status.Text, want)
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if p.printer.Selected != "会议室打印机" || len(ps.printed) != 1 {
		t.Errorf("chosen %q, printed on %q", p.printer.Selected, ps.printed)
	}
}

// printShot is shot after laying the window out again: the GL driver does so every
// frame when a minimum size changes (the status line appearing), the test canvas only
// when asked.
func printShot(t *testing.T, h *harness, name string) {
	t.Helper()
	h.u.win.Content().Refresh()
	shot(t, h, name)
}
