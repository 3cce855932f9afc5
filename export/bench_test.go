package export

import (
	"bytes"
	"io"
	"testing"
)

// The large meeting: 20 agenda items, 60 decisions, 15 attending departments. Budget:
// 50 ms per PDF in-process once warm, 400 KB per file.
//
//	go test -run XXX -bench . -benchmem ./export/

// BenchmarkWriteMinutesLarge is the warm case: the fonts are parsed once per process
// (DefaultFonts); every document cuts its own subsets of them.
func BenchmarkWriteMinutesLarge(b *testing.B) {
	mn := largeMinutes(b)
	var buf bytes.Buffer
	if _, err := WriteMinutes(&buf, mn, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB/file")
	b.ResetTimer()
	for b.Loop() {
		if _, err := WriteMinutes(io.Discard, mn, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteMinutesExample is the example meeting, 5 pages.
func BenchmarkWriteMinutesExample(b *testing.B) {
	mn := exampleMinutes(b)
	for b.Loop() {
		if _, err := WriteMinutes(io.Discard, mn, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLayoutLarge is the layout alone, what the preview pays on every change.
func BenchmarkLayoutLarge(b *testing.B) {
	mn := largeMinutes(b)
	if _, _, err := Layout(mn, Options{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := Layout(mn, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLargeMinutesSize(t *testing.T) {
	var buf bytes.Buffer
	rep, err := WriteMinutes(&buf, largeMinutes(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("large meeting: %d pages, %d KB", rep.Pages, buf.Len()/1024)
	if buf.Len() > 400<<10 {
		t.Errorf("the large meeting's PDF is %d KB, over 400 KB", buf.Len()/1024)
	}
}
