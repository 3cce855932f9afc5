package meeting

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// DescribeJSONError turns an error of encoding/json, decoding data, into a Chinese
// sentence that names the line and column or the field where the file went wrong.
// The decoder's own words name Go types (cli.meetingFile, []meeting.Attendance) and
// are English; none of them reaches the person.
func DescribeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := jsonPosition(data, syn.Offset)
		return fmt.Sprintf("第 %d 行第 %d 列不符合 JSON 语法（%s）。", line, col, nearText(data, syn.Offset))
	case errors.As(err, &typ):
		field := "文件最外层"
		if typ.Field != "" {
			field = "字段 " + typ.Field + " "
		}
		line, col := jsonPosition(data, typ.Offset)
		return fmt.Sprintf("第 %d 行第 %d 列：%s的值应为%s，实际是%s。", line, col, field, jsonKind(typ.Type), jsonValueKind(typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "文件不完整或为空。"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "含有未知字段 " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "。"
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Message
	}
	return "内容无法按 JSON 读取。"
}

// FieldError is a value a type of this package refuses while decoding (a date, a
// time of day), with a Chinese sentence; json.Unmarshal passes it through.
type FieldError struct{ Message string }

func (e *FieldError) Error() string { return e.Message }

// jsonKind names what a Go type holds in JSON words.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "其他类型"
	}
	switch t.Kind() {
	case reflect.String:
		return "文字（用双引号括起）"
	case reflect.Bool:
		return " true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		return "列表（[ … ]）"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "对象（{ … }）"
	}
	return "其他类型"
}

// jsonValueKind names the kind of value the decoder met (UnmarshalTypeError.Value).
func jsonValueKind(v string) string {
	switch {
	case v == "string":
		return "文字"
	case v == "number" || strings.HasPrefix(v, "number "):
		return "数字"
	case v == "bool":
		return " true 或 false"
	case v == "array":
		return "列表"
	case v == "object":
		return "对象"
	case v == "null":
		return " null"
	}
	return "其他类型的值"
}

// nearText quotes the few characters of data around offset, for a syntax error.
func nearText(data []byte, offset int64) string {
	at := int(min(max(offset-1, 0), int64(len(data))))
	start, end := max(at-8, 0), min(at+8, len(data))
	for start > 0 && !utf8.RuneStart(data[start]) {
		start--
	}
	for end < len(data) && !utf8.RuneStart(data[end]) {
		end++
	}
	snippet := strings.Map(func(r rune) rune {
		if r < 0x20 || ForbiddenRune(r, false) != "" {
			return ' '
		}
		return r
	}, string(data[start:end]))
	if strings.TrimSpace(snippet) == "" {
		return "附近没有可显示的文字"
	}
	return "附近的内容：「" + strings.TrimSpace(snippet) + "」"
}

// jsonPosition returns the line and column (in characters) of a byte offset.
func jsonPosition(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return line, max(col, 1)
}

// LoneSurrogate finds the first \uXXXX escape in JSON text that encodes half of a
// UTF-16 surrogate pair without its other half. encoding/json turns it into U+FFFD,
// so a message about the decoded text would name the wrong character. It returns a
// Chinese sentence with the line and column, or "" when there is none.
func LoneSurrogate(data []byte) string {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range data[i+2 : i+6] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			r, ok := hex4(i)
			if !ok {
				i++ // an escape such as \" or \\: skip the escaped byte
				continue
			}
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				if low, ok := hex4(i + 6); ok && low >= 0xDC00 && low <= 0xDFFF {
					i += 11
					continue
				}
			case r >= 0xDC00 && r <= 0xDFFF:
			default:
				i += 5
				continue
			}
			line, col := jsonPosition(data, int64(i)+1)
			return fmt.Sprintf("第 %d 行第 %d 列的 %s 是不成对的 UTF-16 代理项，不是有效的字符（多为文字在转换编码时被截断）。请改正后重试。",
				line, col, string(data[i:i+6]))
		}
	}
	return ""
}
