// Package transfer owns the transfer package (转办包, .bstx) in which a township
// service centre hands cases, the meetings they were discussed in and those
// meetings' archived PDFs and signed scans to the city office: a zip holding
// manifest.json, which lists every other entry with its size and SHA-256, the
// records as JSON (written and read by package meeting for either store, which names them), and the
// archived files under files/<sha256>.<ext>. It writes a package, and reads one
// only after checking every entry against the manifest, so that a tampered or
// truncated file is refused before anything is stored; it copies a package's files
// into the archive folder. It knows nothing of bbolt or of the window: the records
// are bytes to it. The format is described in docs/transfer.md.
package transfer

import (
	"time"

	"backstop/meeting"
)

// Format names this version of the package format in the manifest.
const Format = "backstop-transfer/1"

// Extension is the file name extension of a transfer package.
const Extension = ".bstx"

// ManifestName is the manifest's entry name; FilesDir the folder of archived files.
const (
	ManifestName = "manifest.json"
	FilesDir     = "files/"
)

// Prefixes of record entries, counted in the manifest. They are the store's entry
// names (package meeting: TransferCasesDir, TransferMeetingsDir).
const (
	casesDir    = "cases/"
	meetingsDir = "meetings/"
)

// Manifest is manifest.json: what the package is, where it came from, and every
// other entry with its size and SHA-256, sorted by name.
type Manifest struct {
	Format  string    `json:"format"`
	From    string    `json:"from,omitempty"` // the sending office, as its user named it
	Created time.Time `json:"created"`
	Counts  Counts    `json:"counts"`
	Entries []Entry   `json:"entries"`
}

// Counts says how many records and files a package holds.
type Counts struct {
	Cases    int `json:"cases"`
	Meetings int `json:"meetings"`
	Files    int `json:"files"`
}

// Entry is one entry of the package other than the manifest.
type Entry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Contents is what Write puts into a package.
type Contents struct {
	From    string
	Created time.Time
	// Records maps entry names to the JSON of each record.
	Records map[string][]byte
	// Files maps the SHA-256 (hex) of each archived file to its path relative to the
	// archive folder of the data directory.
	Files map[string]string
	// Store, when set, is the store the records come from: the archived files are
	// read through archive.Local, so that a store that keeps them (PostgreSQL)
	// supplies a file this PC's archive folder lacks or holds altered. Without it the
	// files are read from the archive folder as they are.
	Store meeting.Store
}
