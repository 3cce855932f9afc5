package archive

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var safeNameCases = []struct {
	name, title, want string
}{
	{"parent path", "../../x", "_._x"},
	{"separators", `a/b\c`, "a_b_c"},
	{"device", "CON", "_CON"},
	{"device lower with extension", "nul.txt", "_nul.txt"},
	{"device with number", "Lpt9", "_Lpt9"},
	{"device superscript", "COM¹", "_COM¹"},
	{"not a device", "CONTROL", "CONTROL"},
	{"reserved characters", `关于<某>:"公司"|?*`, "关于_某___公司____"},
	{"control characters", "a\x00b\x1fc\x7f", "a_b_c_"},
	{"trailing dots and spaces", "  会议纪要. . ", "会议纪要"},
	{"only dots", "...", unnamed},
	{"empty", "", unnamed},
	{"spaces collapsed", "a \t\n b", "a b"},
	{"emoji kept", "协调会🎉👨‍👩‍👧", "协调会🎉👨‍👩‍👧"},
	{"invalid utf-8", "a\xffb", "a_b"},
	{"bidi override", "会议\u202e纪要\u2066x\u2069\u200f", "会议_纪要_x__"},
	{"noncharacters", "a\uffffb\ufdd0c\U0010fffe", "a_b_c_"},
	{"chinese", "关于建德市恒丰塑料母料有限公司不动产权证办理的协调会", "关于建德市恒丰塑料母料有限公司不动产权证办理的协调会"},
}

func TestSafeName(t *testing.T) {
	for _, tc := range safeNameCases {
		t.Run(tc.name, func(t *testing.T) {
			got := SafeName(tc.title)
			if got != tc.want {
				t.Errorf("SafeName(%q) = %q, want %q", tc.title, got, tc.want)
			}
			checkSafe(t, tc.title, got)
		})
	}
}

func TestSafeNameLong(t *testing.T) {
	for _, title := range []string{strings.Repeat("a", 300), strings.Repeat("协", 300), strings.Repeat("🎉", 300), strings.Repeat("协a", 150)} {
		got := SafeName(title)
		checkSafe(t, title, got)
		if n := utf8.RuneCountInString(got); n == 0 || n > maxNameRunes {
			t.Errorf("SafeName(%.10q…) has %d characters", title, n)
		}
	}
	if got := SafeName(strings.Repeat("a", 300)); len(got) != maxNameRunes {
		t.Errorf("300 ASCII characters became %d, want %d", len(got), maxNameRunes)
	}
}

// checkSafe asserts the properties every result has, whatever the input.
func checkSafe(t *testing.T, title, got string) {
	t.Helper()
	switch {
	case got == "":
		t.Errorf("SafeName(%q) is empty", title)
	case !utf8.ValidString(got):
		t.Errorf("SafeName(%q) = %q is not valid UTF-8", title, got)
	case strings.ContainsAny(got, `/\<>:"|?*`), strings.Contains(got, ".."):
		t.Errorf("SafeName(%q) = %q keeps a reserved character", title, got)
	case len(got) > maxNameBytes, utf8.RuneCountInString(got) > maxNameRunes:
		t.Errorf("SafeName(%q) = %q is too long", title, got)
	case strings.HasSuffix(got, ".") || strings.HasSuffix(got, " ") || strings.HasPrefix(got, "."):
		t.Errorf("SafeName(%q) = %q has a dot or space at an end", title, got)
	case reservedDevice(got):
		t.Errorf("SafeName(%q) = %q is a device name", title, got)
	case filepath.Base(got) != got:
		t.Errorf("SafeName(%q) = %q is not one path element", title, got)
	}
	for _, r := range got {
		if r < 0x20 || r == 0x7f {
			t.Errorf("SafeName(%q) = %q keeps a control character", title, got)
		}
	}
}

func FuzzSafeName(f *testing.F) {
	for _, tc := range safeNameCases {
		f.Add(tc.title)
	}
	f.Fuzz(func(t *testing.T, title string) { checkSafe(t, title, SafeName(title)) })
}
