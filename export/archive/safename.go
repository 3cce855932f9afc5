package archive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"backstop/meeting"
)

// Limits of a name part built by SafeName. Windows allows 255 UTF-16 units per
// element and 260 per path by default; Linux 255 bytes. A title of 60 Chinese
// characters is 180 bytes, so both caps matter.
const (
	maxNameRunes = 60
	maxNameBytes = 150
)

// unnamed stands in for a title that leaves nothing usable.
const unnamed = "未命名"

// SafeName turns user text (a meeting's title) into a part of a file name that is
// safe on Windows, macOS and Linux: no path separators, no "..", none of the
// characters Windows reserves (<>:"|?*) or control characters, no leading or
// trailing dots and spaces, not a reserved device name such as CON or LPT1 (also
// with an extension, in any case), at most 60 characters and 150 bytes, cut at a
// character boundary. Emoji and other valid characters are kept; invalid UTF-8 is
// replaced. Text that leaves nothing becomes "未命名".
func SafeName(title string) string {
	title = strings.ToValidUTF8(title, "_")
	var b strings.Builder
	space := false
	for _, r := range title {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '/' || r == '\\' || strings.ContainsRune(`<>:"|?*`, r),
			unicode.IsControl(r), r == utf8.RuneError, meeting.ForbiddenRune(r, false) != "",
			unicode.Is(unicode.Cf, r) && r != '\u200d': // format characters but the emoji joiner
			r = '_'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name := b.String()
	for strings.Contains(name, "..") {
		name = strings.ReplaceAll(name, "..", ".")
	}
	name = capName(trimName(name))
	name = trimName(name)
	if name == "" {
		return unnamed
	}
	if reservedDevice(name) {
		name = "_" + name
	}
	return name
}

// trimName removes dots and spaces at either end: Windows drops trailing ones, and a
// leading dot hides the file elsewhere.
func trimName(s string) string { return strings.Trim(s, ". ") }

// capName cuts s to maxNameRunes characters and maxNameBytes bytes at a character
// boundary.
func capName(s string) string {
	n, runes := 0, 0
	for i, r := range s {
		if runes == maxNameRunes || i+utf8.RuneLen(r) > maxNameBytes {
			return s[:i]
		}
		runes++
		n = i + utf8.RuneLen(r)
	}
	return s[:n]
}

// reservedDevice reports whether Windows treats name as a device: the part before
// the first dot, without trailing spaces, is CON, PRN, AUX, NUL, COM1-9 or LPT1-9
// (digits including ¹²³), in any case.
func reservedDevice(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if r := []rune(base); len(r) == 4 && (string(r[:3]) == "COM" || string(r[:3]) == "LPT") {
		return strings.ContainsRune("123456789¹²³", r[3])
	}
	return false
}
