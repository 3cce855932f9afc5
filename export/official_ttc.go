package export

import (
	"encoding/binary"
	"errors"
)

// A TrueType collection (.ttc) holds several fonts sharing tables; neither fpdf nor Fyne
// reads one. firstFace cuts the first font out as a standalone TrueType file, so that a
// collection can be used as its first face (for SimSun's simsun.ttc, 宋体 rather than
// 新宋体). The face is then checked like any font file: a collection of CFF fonts is
// still refused.

// firstFace returns the first font of the collection ttc as a single-font file, and how
// many fonts the collection holds.
func firstFace(ttc []byte) ([]byte, int, error) {
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(ttc) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(ttc[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(ttc) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(ttc[off:])), true
	}
	broken := errors.New("字体集合文件已损坏")
	if len(ttc) < 16 || string(ttc[:4]) != "ttcf" {
		return nil, 0, broken
	}
	faces, ok1 := u32(8)
	face, ok2 := u32(12)
	tables, ok3 := u16(face + 4)
	if !ok1 || !ok2 || !ok3 || faces < 1 || tables < 1 || face+12+16*tables > len(ttc) {
		return nil, 0, broken
	}
	switch string(ttc[face : face+4]) {
	case "\x00\x01\x00\x00", "true", "OTTO":
	default:
		return nil, 0, broken
	}
	type record struct{ tag, sum, off, length int }
	recs := make([]record, tables)
	size := 12 + 16*tables
	for i := range recs {
		at := face + 12 + 16*i
		tag, _ := u32(at)
		sum, _ := u32(at + 4)
		off, _ := u32(at + 8)
		length, _ := u32(at + 12)
		if off < 0 || length < 0 || off+length > len(ttc) {
			return nil, 0, broken
		}
		recs[i] = record{tag, sum, off, length}
		size += (length + 3) &^ 3
	}
	out := make([]byte, 12+16*tables, size)
	copy(out, ttc[face:face+12]) // sfnt version, numTables, searchRange, entrySelector, rangeShift
	for i, r := range recs {
		at := 12 + 16*i
		binary.BigEndian.PutUint32(out[at:], uint32(r.tag))
		binary.BigEndian.PutUint32(out[at+4:], uint32(r.sum))
		binary.BigEndian.PutUint32(out[at+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[at+12:], uint32(r.length))
		out = append(out, ttc[r.off:r.off+r.length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, faces, nil
}
