// Package store keeps Backstop's data in one bbolt file and implements meeting.Store.
//
// It owns the data directory's files: the data file (backstop.db), the daily hot
// backups under backups/, and restoring from one of them. It owns the bytes: how
// departments, cases, meetings and finalized revisions are laid out in buckets, the
// listing and search indexes derived from them, the schema version and the ordered
// migrations between versions, and the per-year counters that document numbers are
// drawn from. It keeps each meeting's append-only audit log, written in the
// transaction of every change to the meeting, and the list of finalized revisions
// whose PDF is not recorded yet; VerifyAll checks the revisions' hash chain against
// their snapshots and the log. The archive's files (PDFs, signed scans) are written
// by the caller before the store records their paths and hashes; the store never
// reads them.
//
// It decides nothing about meetings. Validation, the lifecycle and the content of a
// revision belong to package meeting; the store calls those functions inside its
// transactions, so that a rule holds the same way for the form, the importer and the
// command line. It knows nothing of windows, PDFs or command-line flags.
//
// Every method that changes data is one bbolt transaction, durable when it returns.
// A second process opening the same directory gets meeting.CodeInUse within the lock
// timeout instead of waiting; a damaged file gets meeting.CodeCorrupt with the path
// of the newest usable backup, never a panic.
package store
