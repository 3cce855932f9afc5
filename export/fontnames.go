package export

import (
	"cmp"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf16"
)

// A font is known by the family names inside it, not by its file name: 仿宋_GB2312 may
// be simfang.ttf on one PC and FangSong_GB2312.ttf or 仿宋.ttf on another. This file reads
// those names from the font's name table, reading only the table directory and the
// name table itself, so that the fonts folders can be searched without reading every
// font whole.

// errNotFont says a file is not a TrueType or OpenType font or collection.
var errNotFont = errors.New("not a font file")

// Name IDs of the name table that name a family or a face. The typographic family
// (16), which Light and Bold faces share with the regular one, is not read: a face
// is matched by its own family (1) or full name (4).
const (
	nameFamily          = 1  // family, such as "FangSong_GB2312" or "仿宋_GB2312"
	nameStyle           = 2  // subfamily: Regular, Bold …
	nameFull            = 4  // full face name, such as "HanaMinB"
	nameTypoFamily      = 16 // typographic family, where family holds a style
	nameTypoStyle       = 17 // typographic subfamily: Light, where the subfamily says Regular
	maxNameTable        = 1 << 20
	maxTablesInFontFile = 512
)

// FontNames returns the family and full names a font file gives itself, in every
// language it has them in (a Chinese font names itself both 仿宋_GB2312 and
// FangSong_GB2312), each once, in the order of the name table. Of a collection (.ttc)
// it reads the first font, the one CheckFontFile uses.
func FontNames(path string) ([]string, error) {
	id, err := readIdentity(path)
	return id.names, err
}

// fontIdentity is what a font file says it is.
type fontIdentity struct {
	names []string // family and full names, in every language
	style string   // the subfamily, such as "Regular" or "Bold"; English where given
}

// display returns the name to show people: the first Chinese one, as 仿宋_GB2312 or
// 霞鹜文楷, else the first.
func (id fontIdentity) display() string {
	for _, n := range id.names {
		if !isASCII([]byte(n)) {
			return n
		}
	}
	if len(id.names) > 0 {
		return id.names[0]
	}
	return ""
}

// regular reports whether the face is the upright regular weight of its family, the
// one a role uses (霞鹜文楷 Bold shares its family name with the regular face).
func (id fontIdentity) regular() bool {
	switch strings.ToLower(id.style) {
	case "", "regular", "normal", "book", "roman", "standard", "常规", "標準", "标准", "正常":
		return true
	}
	return false
}

// readIdentity reads the names of the font file at path.
func readIdentity(path string) (fontIdentity, error) {
	f, err := os.Open(path)
	if err != nil {
		return fontIdentity{}, err
	}
	defer f.Close()
	return fontNames(f)
}

// fontNames reads the names from a font file opened for reading at random.
func fontNames(r io.ReaderAt) (fontIdentity, error) {
	var head [12]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return fontIdentity{}, errNotFont
	}
	face := int64(0)
	switch string(head[:4]) {
	case "\x00\x01\x00\x00", "true", "OTTO":
	case "ttcf":
		face = int64(binary.BigEndian.Uint32(head[8:])) // offset of the first font
		if face < 12 {
			return fontIdentity{}, errNotFont
		}
		if _, err := r.ReadAt(head[:], face); err != nil {
			return fontIdentity{}, errNotFont
		}
	default:
		return fontIdentity{}, errNotFont
	}
	tables := int(binary.BigEndian.Uint16(head[4:]))
	if tables == 0 || tables > maxTablesInFontFile {
		return fontIdentity{}, errNotFont
	}
	dir := make([]byte, 16*tables)
	if _, err := r.ReadAt(dir, face+12); err != nil {
		return fontIdentity{}, errNotFont
	}
	for i := 0; i < tables; i++ {
		rec := dir[16*i:]
		if string(rec[:4]) != "name" {
			continue
		}
		off, size := int64(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if size < 6 || size > maxNameTable {
			return fontIdentity{}, errNotFont
		}
		table := make([]byte, size)
		if _, err := r.ReadAt(table, off); err != nil {
			return fontIdentity{}, errNotFont
		}
		return parseNames(table), nil
	}
	return fontIdentity{}, errNotFont
}

// parseNames returns the family and full names and the style of a name table. It
// decodes the Unicode and Windows records (UTF-16BE) and the Macintosh Roman ones that
// are ASCII; anything out of bounds is skipped.
func parseNames(t []byte) fontIdentity {
	count := int(binary.BigEndian.Uint16(t[2:]))
	strs := int(binary.BigEndian.Uint16(t[4:]))
	var out fontIdentity
	var typoStyle string
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		if rec+12 > len(t) {
			break
		}
		platform := binary.BigEndian.Uint16(t[rec:])
		encoding := binary.BigEndian.Uint16(t[rec+2:])
		id := binary.BigEndian.Uint16(t[rec+6:])
		length := int(binary.BigEndian.Uint16(t[rec+8:]))
		off := strs + int(binary.BigEndian.Uint16(t[rec+10:]))
		if id != nameFamily && id != nameStyle && id != nameFull && id != nameTypoStyle {
			continue
		}
		if off+length > len(t) {
			continue
		}
		raw := t[off : off+length]
		var name string
		switch {
		case platform == 0 || (platform == 3 && (encoding == 0 || encoding == 1 || encoding == 10)):
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			name = string(utf16.Decode(u))
		case platform == 1 && encoding == 0 && isASCII(raw):
			name = string(raw)
		default:
			continue
		}
		name = strings.TrimSpace(strings.ToValidUTF8(name, ""))
		switch {
		case name == "":
		case id == nameTypoStyle:
			typoStyle = cmp.Or(typoStyle, name)
		case id == nameStyle:
			// The first style wins, unless an English one comes later.
			if out.style == "" || (isASCII([]byte(name)) && !isASCII([]byte(out.style))) {
				out.style = name
			}
		case !slices.Contains(out.names, name):
			out.names = append(out.names, name)
		}
	}
	// A face outside the four styles (Light, Medium) says so in the typographic
	// subfamily and calls itself Regular in the subfamily.
	out.style = cmp.Or(typoStyle, out.style)
	return out
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
