// Package messagetest holds the test of what a user message must not contain: the
// program's own names and the raw text of libraries. Tests and fuzz targets of every
// package that produces messages call Leak; its own test scans the source for every
// message the program can produce.
package messagetest

import (
	"regexp"
	"strings"
)

// goName matches a qualified Go name of the program or a library it uses, such as
// cli.meetingFile or meeting.Attendance: a package name, a dot, and an identifier that
// is exported or camel-cased (so that file names such as archive.zip or manifest.json
// do not match).
var goName = regexp.MustCompile(`\b(meeting|store|cli|ui|export|archive|transfer|safefile|ledger|bbolt|berrors|json|zip|flate|fpdf|fyne|widget|os|fs|syscall|errors|strconv|time|io|utf8|flag|fmt|reflect|runtime|sync|http)\.([A-Z]\w*|[a-z]+[A-Z]\w*)`)

// libraryPrefix matches the prefix Go's encoding and compression packages put on their
// errors ("json: cannot unmarshal …"), but not a file name before a colon
// (manifest.json: …).
var libraryPrefix = regexp.MustCompile(`(^|[^.\w])(json|zip|flate|gzip|xml|csv|tls|http): `)

// rawTexts are fragments of Go's and the libraries' own error texts and of Go syntax
// that reach a person only when an error was passed through untranslated.
var rawTexts = []string{
	"[]", "map[", "*meeting", "struct {", "interface {", "%!", "<nil>",
	"bbolt", "fpdf", "gofpdf", "panic", "goroutine", "runtime error",
	"invalid character", "unexpected end of JSON input", "cannot unmarshal", "unknown field",
	"unexpected EOF", "no such file or directory", "permission denied", "read-only file system",
	"input/output error", "file exists", "not a directory", "is a directory", "checksum error",
	"flag provided but not defined", "invalid value", "invalid syntax", "value out of range",
	"parsing time", "strconv.", "database not open", "timeout", "Go ", "nil pointer",
}

// Leak returns the first fragment of msg that belongs to the program or a library
// rather than to a person (a qualified Go name, a library's error text, Go syntax),
// or "" when there is none. A message that quotes the person's input may of course
// contain what the input contains: see LeakBeyond.
func Leak(msg string) string {
	if m := goName.FindString(msg); m != "" {
		return m
	}
	if m := libraryPrefix.FindStringSubmatch(msg); m != nil {
		return m[2] + ": "
	}
	for _, raw := range rawTexts {
		if strings.Contains(msg, raw) {
			return raw
		}
	}
	return ""
}

// LeakBeyond is Leak for a message about input: a fragment the input itself contains
// is the person's own text quoted back, not a leak.
func LeakBeyond(msg string, input []byte) string {
	for {
		leak := Leak(msg)
		if leak == "" || !strings.Contains(string(input), leak) {
			return leak
		}
		msg = strings.ReplaceAll(msg, leak, "")
	}
}
