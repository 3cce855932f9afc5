// Package ui is Backstop's desktop interface: the Fyne screens the convener uses in the
// meeting room — the list of meetings, the meeting editor (basic facts, check-in of the
// departments, agenda items with their decisions, preview and printing), the cases (诉求)
// and the directory of departments.
//
// It translates between widgets and the domain: it reads and writes through the
// meeting.Store interface and lets package meeting decide every rule, and it draws the
// pages that package export lays out. It never touches bbolt or the PDF writer directly,
// and it does not import fyne.io/fyne/v2/app: the fyne.App comes from the caller, so
// tests run it headlessly with fyne.io/fyne/v2/test.
//
// Only the UI goroutine touches widgets; file, PDF and printer work runs in goroutines
// that report back with fyne.Do.
package ui
