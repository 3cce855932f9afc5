// Package export turns the domain's minutes (meeting.Minutes) into the files people
// sign, print and archive: the minutes PDF (纪要) laid out after GB/T 9704-2012.
//
// Layout and drawing are separate. Layout computes a Document: pages of positioned
// elements in millimetres (text runs, rules, rectangles, a watermark). WritePDF draws a
// Document with codeberg.org/go-pdf/fpdf, and the application's preview screen draws the
// same Document with Fyne canvas objects, so what is previewed is what is printed.
//
// Chinese text is broken into lines by this package's own breaker (linebreak.go):
// fpdf's MultiCell and SplitText drop characters at automatic line breaks and are never
// used. Characters the font cannot set, including every character above U+FFFF (fpdf
// panics on them), are set as 〓 and listed in the Report.
//
// The package knows the domain (package meeting) and nothing of storage or the user
// interface; it decides nothing about the minutes' content beyond how to typeset it.
package export
