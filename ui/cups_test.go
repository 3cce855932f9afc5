package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestPrintThroughRealCUPS prints the example meeting from the preview on a real CUPS
// queue and reads the printed file back. It runs when BACKSTOP_TEST_PRINTER names a
// queue whose device is file:$BACKSTOP_TEST_PRINTER_OUTPUT, such as one made with
//
//	lpadmin -p Office_PDF -E -v file:///tmp/printed.pdf -m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd
//
// (cupsd with "FileDevice Yes" in cups-files.conf).
func TestPrintThroughRealCUPS(t *testing.T) {
	printer, output := os.Getenv("BACKSTOP_TEST_PRINTER"), os.Getenv("BACKSTOP_TEST_PRINTER_OUTPUT")
	if printer == "" || output == "" {
		t.Skip("set BACKSTOP_TEST_PRINTER and BACKSTOP_TEST_PRINTER_OUTPUT to print on a CUPS file: queue")
	}
	_ = os.Remove(output)
	h := newHarness(t)
	h.u.printers = cupsPrinters{}
	id, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	h.u.openMeeting(id)
	h.u.editor.showStep(stepPreview)
	p := h.u.editor.preview
	h.waitFor(5*time.Second, "the printer list", func() bool { return len(p.printer.Options) > 0 })
	p.printer.SetSelected(printer)
	test.Tap(p.print)
	h.waitFor(10*time.Second, "the print job", func() bool { return strings.Contains(p.status.Text, "已发送到打印机") })
	h.waitFor(30*time.Second, "the printed file", func() bool {
		fi, err := os.Stat(output)
		return err == nil && fi.Size() > 0 && time.Since(fi.ModTime()) > 500*time.Millisecond
	})
	text := pdfText(t, output)
	for _, want := range []string{"关于恒丰塑料母料有限公司不动产权证办理等事项的协调会", "自然资源和规划局", "以本次会议纪要为依据，通过线下流程办理一期厂房不动产登记。"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed file lacks %q", want)
		}
	}
}
