// Package fonttest makes stand-ins for the official typefaces, for tests: the embedded
// Noto fonts and LXGW WenKai with the names of 仿宋_GB2312, 方正小标宋简体, 黑体 and
// 楷体 written into their name tables, so that a test can put a PC's fonts into a
// folder without shipping (or being licensed for) the real ones. The renamed fonts are
// written into a test's temporary folder and never distributed; the SIL Open Font
// License, under which all of them are published, allows modified versions under
// another name.
package fonttest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"unicode/utf16"

	"backstop/assets"
)

// WenKai is where Debian's fonts-lxgw-wenkai installs LXGW WenKai Regular.
const WenKai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

// StandIn is one renamed font.
type StandIn struct {
	File    string // the file name written
	Chinese string // the family name in Chinese (name table, language 0x0804)
	English string // the family name in English (language 0x0409)
	source  func() ([]byte, error)
}

// Official returns the stand-ins of the four official typefaces: 仿宋_GB2312 from Noto
// Serif SC Regular, 方正小标宋简体 from Noto Serif SC Bold, 黑体 from Noto Sans SC Bold
// and 楷体_GB2312 from LXGW WenKai (which must be installed: see WenKai). Their file
// names are not the Windows ones, so that a search that finds them found them by
// the names inside.
func Official() []StandIn {
	embedded := func(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }
	return []StandIn{
		{"standin-fangsong.ttf", "仿宋_GB2312", "FangSong_GB2312", embedded(assets.SerifRegular)},
		{"standin-xiaobiaosong.ttf", "方正小标宋简体", "FZXiaoBiaoSong-B05S", embedded(assets.SerifBold)},
		{"standin-hei.ttf", "黑体", "SimHei", embedded(assets.SansBold)},
		{"standin-kai.ttf", "楷体_GB2312", "KaiTi_GB2312", func() ([]byte, error) { return os.ReadFile(WenKai) }},
	}
}

// Write writes the stand-in into dir and returns its path.
func (s StandIn) Write(dir string) (string, error) {
	src, err := s.source()
	if err != nil {
		return "", err
	}
	b, err := Rename(src, s.Chinese, s.English)
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.File, err)
	}
	path := filepath.Join(dir, s.File)
	return path, os.WriteFile(path, b, 0o644)
}

// WriteOfficial writes all four stand-ins into dir, returning their paths in the order
// of Official.
func WriteOfficial(dir string) ([]string, error) {
	var paths []string
	for _, s := range Official() {
		p, err := s.Write(dir)
		if err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Rename returns the TrueType font ttf with a new name table that calls the family
// chinese (Windows, Simplified Chinese) and english (Windows, US English), style
// Regular, every other table unchanged.
func Rename(ttf []byte, chinese, english string) ([]byte, error) {
	tables, err := Tables(ttf)
	if err != nil {
		return nil, err
	}
	ps := []rune{}
	for _, r := range english {
		if r < 0x80 && r != ' ' {
			ps = append(ps, r)
		}
	}
	type record struct {
		lang uint16
		id   uint16
		text string
	}
	records := []record{
		{0x0409, 1, english}, {0x0409, 2, "Regular"}, {0x0409, 4, english}, {0x0409, 6, string(ps)},
		{0x0804, 1, chinese}, {0x0804, 2, "Regular"}, {0x0804, 4, chinese},
	}
	var strs []byte
	name := make([]byte, 6+12*len(records))
	binary.BigEndian.PutUint16(name[2:], uint16(len(records)))
	binary.BigEndian.PutUint16(name[4:], uint16(len(name)))
	for i, r := range records {
		rec := name[6+12*i:]
		binary.BigEndian.PutUint16(rec[0:], 3) // Windows
		binary.BigEndian.PutUint16(rec[2:], 1) // Unicode BMP
		binary.BigEndian.PutUint16(rec[4:], r.lang)
		binary.BigEndian.PutUint16(rec[6:], r.id)
		u := utf16.Encode([]rune(r.text))
		binary.BigEndian.PutUint16(rec[8:], uint16(2*len(u)))
		binary.BigEndian.PutUint16(rec[10:], uint16(len(strs)))
		for _, c := range u {
			strs = binary.BigEndian.AppendUint16(strs, c)
		}
	}
	tables["name"] = append(name, strs...)
	return Assemble(tables), nil
}

// Tables returns the tables of a single TrueType font by tag, slices of ttf.
func Tables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 || binary.BigEndian.Uint32(ttf) != 0x00010000 {
		return nil, errors.New("not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if 12+16*n > len(ttf) {
		return nil, errors.New("truncated table directory")
	}
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := ttf[12+16*i:]
		off, size := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || size < 0 || off+size > len(ttf) {
			return nil, errors.New("table out of bounds")
		}
		tables[string(rec[:4])] = ttf[off : off+size]
	}
	return tables, nil
}

// Assemble writes the tables as a TrueType file, the directory sorted by tag and each
// table 4-byte aligned with its checksum.
func Assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	search, selector := 1, 0
	for search*2 <= n {
		search, selector = search*2, selector+1
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16*search))
	binary.BigEndian.PutUint16(out[8:], uint16(selector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16*search))
	for i, t := range tags {
		data := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		var sum uint32
		for j := 0; j < len(data); j += 4 {
			var w [4]byte
			copy(w[:], data[j:])
			sum += binary.BigEndian.Uint32(w[:])
		}
		binary.BigEndian.PutUint32(rec[4:], sum)
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}
