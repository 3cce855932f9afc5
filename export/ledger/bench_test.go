package ledger

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"backstop/meeting"
)

// bigLedger builds nc cases and ni items with realistic text lengths.
func bigLedger(b *testing.B, nc, ni int) ([]meeting.Case, []meeting.FollowUp) {
	cases := make([]meeting.Case, nc)
	start := day(b, "2025-01-01")
	for i := range cases {
		cases[i] = meeting.Case{
			ID:        meeting.ID(i + 1),
			Applicant: meeting.Applicant{Kind: meeting.Enterprise, Name: fmt.Sprintf("建德市第%d号新材料有限公司", i), CreditCode: "91330182MA2H0X1234"},
			Category:  meeting.Categories[i%3], Channel: meeting.Channels[i%6],
			Received: start.AddDays(i % 700), Title: fmt.Sprintf("厂房竣工验收与不动产首次登记问题（第%d件）", i),
			Status: meeting.CaseOpen,
		}
		if i%2 == 0 {
			cases[i].Status, cases[i].ClosedOn = meeting.CaseClosed, start.AddDays(i%700+30)
			cases[i].Reply = &meeting.Reply{On: cases[i].ClosedOn, Channel: "电话", Content: "经协调会研究，已由牵头单位办结，申请人表示认可。"}
		}
	}
	items := make([]meeting.FollowUp, ni)
	for i := range items {
		items[i] = meeting.FollowUp{
			Number: meeting.DocNumber{Year: 2025 + i%2, Seq: i/3 + 1}, MeetingDate: start.AddDays(i % 700),
			Text: "由市规划和自然资源局牵头，市住建局、属地乡镇配合，在办理时限内完成规划核实并出具意见。",
			Lead: "市规划和自然资源局", Cooperating: []string{"市住建局", "寿昌镇"},
			Due: start.AddDays(i%700 + 20), Status: meeting.FollowUpStatuses[i%3],
		}
	}
	return cases, items
}

// BenchmarkWriteXLSX writes a ledger of 50,000 cases and 150,000 items. The live heap
// is sampled every millisecond while writing: peak-heap-MB is its largest figure,
// input slices included, and writer-MB what writing added on top of the input. The
// target is ≤ 5 s and ≤ 300 MB.
func BenchmarkWriteXLSX(b *testing.B) {
	cases, items := bigLedger(b, 50_000, 150_000)
	opts := Options{Today: day(b, "2026-11-24")}
	b.ReportAllocs()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := sampleHeap()
	b.ResetTimer()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, cases, items, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	top := peak()
	b.ReportMetric(float64(top)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(top-min(top, base.HeapAlloc))/(1<<20), "writer-MB")
}

// BenchmarkWriteCSV writes the items sheet of the same ledger as CSV.
func BenchmarkWriteCSV(b *testing.B) {
	cases, items := bigLedger(b, 50_000, 150_000)
	opts := Options{Today: day(b, "2026-11-24"), Sheet: ItemsSheet}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteCSV(io.Discard, cases, items, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// sampleHeap polls the live heap every millisecond until the returned function is
// called, which stops it and returns the largest figure seen.
func sampleHeap() func() uint64 {
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var peak uint64
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
