package archive

import (
	"archive/zip"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"backstop/meeting"
)

// TestReceiptIsArchived: a delivered excerpt's signed receipt is copied beside the
// revision's PDF and recorded; Recover keeps it, VerifyAll checks it, the year's
// package carries it; an undelivered excerpt takes no receipt and no file is left.
func TestReceiptIsArchived(t *testing.T) {
	st, dir, id, paths := signed(t)
	m, _ := st.Meeting(id)
	dept := m.Revisions[0].Deliveries[0].Department

	if _, err := AttachReceipt(st, dir, id, dept, writeTemp(t, "回执.jpg", jpegScan), testTime); meeting.ErrorCode(err) != meeting.CodeState {
		t.Fatalf("a receipt for an undelivered excerpt: %v", err)
	}
	if files, _ := filepath.Glob(filepath.Join(Path(dir, path.Dir(paths[0])), "receipt-*")); len(files) > 0 {
		t.Errorf("a refused receipt left %v", files)
	}
	if _, err := st.Deliver(id, meeting.DeliveryRecord{Department: dept, Method: meeting.DeliveredOnSite, On: m.Date, ReceivedBy: "王明"}, testTime); err != nil {
		t.Fatal(err)
	}
	m, err := AttachReceipt(st, dir, id, dept, writeTemp(t, "回执.jpg", jpegScan), testTime)
	if err != nil {
		t.Fatal(err)
	}
	r := m.Revisions[0].Deliveries[0].Receipt
	if r == nil || path.Dir(r.Path) != path.Dir(paths[0]) || !strings.HasPrefix(path.Base(r.Path), "receipt-r1-1-") || r.MediaType != "image/jpeg" {
		t.Fatalf("receipt recorded as %+v", r)
	}
	if got, _ := os.ReadFile(Path(dir, r.Path)); !bytes.Equal(got, jpegScan) {
		t.Error("the archived receipt is not the file given")
	}
	if _, err := Recover(st, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(Path(dir, r.Path)); err != nil {
		t.Fatalf("Recover removed the recorded receipt: %v", err)
	}
	if ps, err := VerifyAll(st, dir); err != nil || len(ps) != 0 {
		t.Errorf("VerifyAll: %v %v", ps, err)
	}
	var b bytes.Buffer
	if _, err := ExportYear(st, dir, 2026, &b, testTime); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	found := false
	for _, f := range zr.File {
		found = found || f.Name == r.Path
	}
	if !found {
		t.Errorf("the year's package lacks the receipt %s", r.Path)
	}

	os.WriteFile(Path(dir, r.Path), append(jpegScan, 0), 0o600)
	ps, _ := VerifyAll(st, dir)
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "「"+dept+"」分送件的签收回执已被改动") {
		t.Errorf("VerifyAll of an altered receipt: %v", ps)
	}
}
