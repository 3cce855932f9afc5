package ui

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"

	"backstop/export"
	"backstop/export/docx"
	"backstop/export/safefile"
	"backstop/meeting"
)

// This file is the interface's one door to package export: laying out the minutes for
// the preview and writing their PDF. Both run off the UI goroutine.

// snapshot deep-copies minutes, so a goroutine can lay them out while the UI goroutine
// goes on owning the editor's copy.
func snapshot(mn meeting.Minutes) meeting.Minutes {
	b, err := json.Marshal(mn)
	if err != nil {
		return mn
	}
	var out meeting.Minutes
	if err := json.Unmarshal(b, &out); err != nil {
		return mn
	}
	return out
}

// layoutMinutes lays out the minutes as the PDF will print them, in the fonts of the
// 公文字体 setting (currentFonts).
func layoutMinutes(mn *meeting.Minutes) (*export.Document, export.Report, error) {
	return export.Layout(mn, export.Options{Fonts: currentFonts()})
}

// writeMinutesPDF writes the minutes' PDF into dir, atomically, and returns its path.
func writeMinutesPDF(dir string, mn *meeting.Minutes) (string, export.Report, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", export.Report{}, safefile.Describe(err, dir)
	}
	path := filepath.Join(dir, minutesFileName(&mn.Meeting))
	var rep export.Report
	fonts := currentFonts()
	err := safefile.Write(path, 0o644, func(w io.Writer) error {
		var err error
		rep, err = export.WriteMinutes(w, mn, export.Options{Fonts: fonts})
		return err
	})
	return path, rep, err
}

// writeMinutesDocx writes the minutes as a Word working copy into dir, beside their PDF
// and named like it.
func writeMinutesDocx(dir string, mn *meeting.Minutes) (string, export.Report, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", export.Report{}, safefile.Describe(err, dir)
	}
	name := strings.TrimSuffix(minutesFileName(&mn.Meeting), ".pdf") + "-工作副本.docx"
	path := filepath.Join(dir, name)
	var rep export.Report
	err := safefile.Write(path, 0o644, func(w io.Writer) error {
		var err error
		rep, err = docx.Write(w, mn, export.Options{})
		return err
	})
	return path, rep, err
}
