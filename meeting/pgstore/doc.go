// Package pgstore keeps Backstop's data in a PostgreSQL database and implements
// meeting.Store, for an office whose windows, meeting room and township centres
// share one store on a server instead of a bbolt file per PC.
//
// It owns the database's side of things: the tables (a JSON record per department,
// case, meeting, snapshot and follow-up item, with the columns the lists filter and
// sort by as SQL indexes), the numbered migrations embedded from migrations/ and
// recorded in schema_migrations, the per-year rows document numbers are drawn from,
// the append-only audit log, the archived files with their SHA-256, and the
// privileges of the roles in roles.sql. docs/postgres.md says how an office sets it up.
//
// It decides nothing about meetings, exactly as package store (bbolt) does not:
// validation, the lifecycle and the content of a revision belong to package meeting,
// which the store calls inside its transactions. Every method that changes data is
// one PostgreSQL transaction, with the audit entry of the change in it; rows changed
// are locked (SELECT … FOR UPDATE) so that two PCs changing the same record take
// turns, and the finalizing transaction draws the year's number by updating the
// year's row, which keeps the second PC waiting until the first commits or rolls back.
//
// Two PCs on one meeting: one edits a draft at a time, holding the meeting's edit
// lease (lease.go), which the store checks before it changes the meeting; the
// others follow read-only through the change feed (changes.go), notifications the
// tables' triggers send when a change commits.
//
// It knows nothing of windows, PDFs, command-line flags or where passwords are kept:
// the connection URL comes from the caller, and pgx reads the password from a pgpass
// file when the URL has none.
package pgstore
