// Package ledger writes the 台账: the office's register of cases (诉求台账) and of
// follow-up items (督办台账), as an .xlsx workbook or as CSV.
//
// It works from plain slices of meeting values and knows nothing of the store, the
// UI or the command line: the caller loads what it wants listed and passes it in.
// Rows keep the order they are given in. The only rule the ledger applies is the
// filter in Options; days overdue come from meeting.FollowUp.DaysOverdue.
//
// The workbook is written with excelize's StreamWriter, so a ledger of hundreds of
// thousands of rows does not have to be held in memory as cells.
//
// CSV has one table per file, so WriteCSV writes the sheet named by Options.Sheet
// (the cases by default); write it twice for both. CSV starts with a UTF-8 byte order
// mark so that Excel on Windows reads it as UTF-8 rather than in the local code page.
package ledger
