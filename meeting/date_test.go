package meeting

import (
	"encoding/json"
	"testing"
)

// TestDateJSON: the stored form reads back exactly, the other accepted forms read as
// ParseDate reads them, and impossible days are refused with a message in Chinese.
func TestDateJSON(t *testing.T) {
	for in, want := range map[string]Date{
		`"2026-10-12"`:  {2026, 10, 12},
		`"2028-02-29"`:  {2028, 2, 29},
		`"2026-1-5"`:    {2026, 1, 5},
		`"2026/10/12"`:  {2026, 10, 12},
		`"2026年3月1日"`:   {2026, 3, 1},
		`" 2026-10-12"`: {2026, 10, 12},
	} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err != nil || d != want {
			t.Errorf("%s reads as %v, %v; want %v", in, d, err, want)
		}
	}
	for _, in := range []string{`"2026-02-29"`, `"2026-13-01"`, `"2026-00-10"`, `"2026-10-32"`, `"0999-10-12"`, `"2026-1a-12"`, `"2026+10+12"`} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s reads as %v, want an error", in, d)
		}
	}
	var d Date
	err := json.Unmarshal([]byte(`"2026-02-30"`), &d)
	if err == nil || err.Error() != "日期 2026-02-30 不存在。" {
		t.Errorf("2026-02-30: %v", err)
	}
}

func BenchmarkDateUnmarshal(b *testing.B) {
	var d Date
	for b.Loop() {
		if err := d.UnmarshalText([]byte("2026-10-12")); err != nil {
			b.Fatal(err)
		}
	}
}
