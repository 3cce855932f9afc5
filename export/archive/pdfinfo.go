package archive

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"strings"
	"unicode/utf16"
)

// maxInfoRead bounds how much of a file pdfKeywords reads: our PDFs put the
// document information dictionary near the end, and the whole file of a large
// meeting is a few hundred kilobytes.
const maxInfoRead = 64 << 20

// pdfKeywords reads the /Keywords entry of a PDF's document information, as fpdf
// writes it (a literal string, UTF-16BE with a byte order mark, or PDFDocEncoding
// taken as Latin-1), and splits it into key=value words. A file without one gives
// an empty map.
func pdfKeywords(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxInfoRead))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	i := bytes.LastIndex(data, []byte("/Keywords"))
	if i < 0 {
		return out, nil
	}
	rest := bytes.TrimLeft(data[i+len("/Keywords"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '(' {
		return out, nil
	}
	raw, ok := pdfLiteral(rest[1:])
	if !ok {
		return out, nil
	}
	for _, w := range strings.Fields(pdfText(raw)) {
		if k, v, ok := strings.Cut(w, "="); ok {
			out[k] = v
		}
	}
	return out, nil
}

// pdfLiteral decodes a PDF literal string from just after its opening parenthesis:
// escapes, octal codes and balanced parentheses (ISO 32000-1 §7.3.4.2).
func pdfLiteral(b []byte) ([]byte, bool) {
	var out []byte
	depth := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\\':
			i++
			if i >= len(b) {
				return nil, false
			}
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r', '\n': // a line continuation
				if e == '\r' && i+1 < len(b) && b[i+1] == '\n' {
					i++
				}
			default:
				if e >= '0' && e <= '7' {
					v := 0
					for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					i--
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		case '(':
			depth++
			out = append(out, c)
		case ')':
			if depth == 0 {
				return out, true
			}
			depth--
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return nil, false
}

// pdfText turns a decoded text string into Go text: UTF-16BE after its byte order
// mark, else each byte as a Latin-1 character.
func pdfText(b []byte) string {
	if len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff {
		b = b[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			u = append(u, binary.BigEndian.Uint16(b[i:]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
