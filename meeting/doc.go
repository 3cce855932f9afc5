// Package meeting is the domain of Backstop: departments, cases (诉求), coordination
// meetings (协调会) with their attendance, agenda items and numbered decisions, and the
// lifecycle of the minutes (纪要) from draft to archive.
//
// It decides: validation rules, lifecycle transitions, document numbering and the
// canonical content that a revision's fingerprint is computed over. It imports no
// Fyne, bbolt or PDF code; persistence is the Store interface defined here and
// implemented elsewhere (package meeting/store).
package meeting
