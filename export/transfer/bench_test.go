package transfer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"backstop/export/archive"
	"backstop/export/transfer"
	"backstop/meeting"
	"backstop/meeting/store"
)

// benchTownship fills an office with 1,000 cases discussed ten at a time in 100
// meetings, 20 of them finalized with their PDF archived, and writes the package of
// everything. It returns the office and the package.
func benchTownship(b *testing.B) (*office, string) {
	b.Helper()
	o := openOffice(b)
	for m := range 100 {
		var ids []meeting.ID
		for i := range 10 {
			c := enterpriseCase(fmt.Sprintf("第 %d 号诉求：已建厂房分期办理不动产权证", m*10+i+1))
			c.Received = meeting.Date{Year: 2026, Month: time.Month(1 + m%9), Day: 1 + i}
			if err := o.st.SaveCase(&c); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		mt := townshipMeeting(fmt.Sprintf("第 %d 次协调会", m+1), ids...)
		mt.Date = meeting.Date{Year: 2026, Month: 10, Day: 1 + m%15}
		if err := o.st.SaveMeeting(&mt); err != nil {
			b.Fatal(err)
		}
		if m%5 == 0 {
			if _, err := archive.Finalize(o.st, o.dir, mt.ID, testTime); err != nil {
				b.Fatal(err)
			}
		}
	}
	return o, exportAll(b, o, "township.bstx")
}

// BenchmarkTransfer measures a package of 1,000 cases, 100 meetings and 20 archived
// PDFs: writing it, importing it into an empty store, and importing it again (every
// record compared, nothing added).
func BenchmarkTransfer(b *testing.B) {
	o, file := benchTownship(b)
	info, _ := os.Stat(file)
	b.Logf("package: %d KB", info.Size()/1024)

	b.Run("export", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "out.bstx")
		for b.Loop() {
			set, err := o.st.TransferOut(store.TransferSelection{All: true})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := transfer.WriteFile(out, transfer.Contents{Created: time.Now(), Records: set.Records, Files: set.Files}, o.dir); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("import-empty", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			city := openOffice(b)
			b.StartTimer()
			rep, err := importFile(city, file)
			if err != nil || len(rep.Added) != 1100 {
				b.Fatalf("import: %d added, %v", len(rep.Added), err)
			}
		}
	})
	b.Run("import-again", func(b *testing.B) {
		city := openOffice(b)
		if _, err := importFile(city, file); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			rep, err := importFile(city, file)
			if err != nil || len(rep.Unchanged) != 1100 {
				b.Fatalf("import again: %d unchanged, %v", len(rep.Unchanged), err)
			}
		}
	})
}
