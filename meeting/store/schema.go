package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Buckets of the data file. Records are JSON under 8-byte big-endian IDs drawn from
// each bucket's sequence.
var (
	bucketMeta        = []byte("meta")        // schemaKey, seededKey
	bucketDepartments = []byte("departments") // ID → meeting.Department
	bucketCases       = []byte("cases")       // ID → meeting.Case
	bucketMeetings    = []byte("meetings")    // ID → meeting.Meeting
	bucketRevisions   = []byte("revisions")   // meeting ID + revision (4 bytes) → meeting.Minutes as finalized
	bucketNumbers     = []byte("numbers")     // year (4 bytes) → last sequence number drawn (8 bytes)

	// Indexes, derived from the records and rebuilt by migrations (schema 2).
	bucketMeetingIndex = []byte("meeting_index") // date + ID → state, search text
	bucketCaseIndex    = []byte("case_index")    // received date + ID → category, channel, status, search text
	bucketAgendaLinks  = []byte("agenda_links")  // case ID + meeting ID → nothing: the meetings a case is on

	// Since schema 3.
	bucketAudit       = []byte("audit")        // meeting ID + sequence (8 bytes) → meeting.AuditEntry; append-only
	bucketPendingPDFs = []byte("pending_pdfs") // meeting ID + revision (4 bytes) → nothing: finalized, PDF not yet recorded

	// Since schema 4.
	bucketFollowUps = []byte("followups") // ID → followUpRecord: a meeting.FollowUp per decision of finalized minutes

	// Since schema 5: follow-up indexes (see followindex.go).
	bucketFollowUpOpen      = []byte("followup_open")    // due date + item ID → nothing: open items with a due date
	bucketFollowUpByMeeting = []byte("followup_meeting") // meeting ID + item ID → nothing
	bucketFollowUpByCase    = []byte("followup_case")    // case ID + item ID → nothing
)

var (
	schemaKey = []byte("schema") // 8-byte big-endian schema version
	seededKey = []byte("seeded") // present once the default directory was loaded
)

// schema1Buckets are the buckets of the first schema; schemaBuckets those of the
// current one.
var (
	schema1Buckets = [][]byte{bucketMeta, bucketDepartments, bucketCases, bucketMeetings, bucketRevisions, bucketNumbers}
	schemaBuckets  = append(append([][]byte{}, schema1Buckets...), bucketMeetingIndex, bucketCaseIndex, bucketAgendaLinks,
		bucketAudit, bucketPendingPDFs, bucketFollowUps, bucketFollowUpOpen, bucketFollowUpByMeeting, bucketFollowUpByCase, bucketCalendars)
)

// migrations[i] upgrades a data file from schema i+1 to schema i+2, inside the one
// transaction that upgrades the file. Append to the list; never edit an entry that
// has shipped, since files out there were upgraded by it.
var migrations = []func(s *Store, tx *bbolt.Tx) error{
	(*Store).buildIndexes,    // 1 → 2: listing and search indexes
	(*Store).startAudit,      // 2 → 3: audit log, revisions awaiting their PDF
	(*Store).startFollowUps,  // 3 → 4: follow-up items of finalized meetings
	(*Store).indexFollowUps,  // 4 → 5: follow-up indexes by due date, meeting and case; calendars
	(*Store).startDeliveries, // 5 → 6: excerpts due for delivery on revisions not archived
}

// schemaVersion is the schema this code reads and writes: one more than the number
// of migrations (a test holds them to it).
const schemaVersion uint64 = 6

// schemaOf returns the schema version of an open file, 0 for a file without
// buckets (new), and an error for a bbolt file that is not Backstop's.
func schemaOf(tx *bbolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bbolt.Bucket) error { empty = false; return nil })
		if empty {
			return 0, nil
		}
		return 0, errors.New("the file has buckets but no meta bucket: not a Backstop data file")
	}
	v := meta.Get(schemaKey)
	if len(v) != 8 {
		return 0, errors.New("the meta bucket has no schema version")
	}
	return binary.BigEndian.Uint64(v), nil
}

// prepare brings an opened file to the current schema: a new file gets every bucket
// and the default directory; an older one is backed up and migrated in one
// transaction; a newer one is refused.
func (s *Store) prepare() error {
	var version uint64
	var seeded bool
	var foreign error
	if err := s.view(func(tx *bbolt.Tx) error {
		version, foreign = schemaOf(tx)
		seeded = foreign == nil && version > 0 && tx.Bucket(bucketMeta).Get(seededKey) != nil
		return nil
	}); err != nil {
		return err
	}
	if foreign != nil {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"%s 不是 Backstop 的数据文件。请检查 --data 指定的数据目录是否正确。", s.path), foreign)
	}
	if version > schemaVersion {
		return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"数据文件 %s 由更新版本的 Backstop 写入（数据版本 %d，本程序只支持到 %d）。请使用新版本的 Backstop 打开。",
			s.path, version, schemaVersion), nil)
	}
	if version > 0 && version < schemaVersion {
		// Keep the file as it was before the upgrade, whatever today's backup holds.
		name := fmt.Sprintf("backstop-%s-schema%d.db", s.now().Format("2006-01-02"), version)
		if err := s.writeBackup(name); err != nil {
			return err
		}
	}
	if version == schemaVersion && seeded {
		return nil // nothing to write: no transaction, no sync
	}
	return s.update(func(tx *bbolt.Tx) error {
		if err := migrate(s, tx, version); err != nil {
			return err
		}
		return seedDirectory(tx)
	})
}

// migrate runs the migrations from version to the current schema and records it.
// Version 0 is a new file: it gets the current buckets directly.
func migrate(s *Store, tx *bbolt.Tx, version uint64) error {
	if version == schemaVersion {
		return nil
	}
	buckets := schemaBuckets
	if version > 0 {
		buckets = schema1Buckets // present since schema 1; migrations add the rest
	}
	for _, name := range buckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	if version > 0 {
		for _, m := range migrations[version-1:] {
			if err := m(s, tx); err != nil {
				return err
			}
		}
	}
	return tx.Bucket(bucketMeta).Put(schemaKey, binary.BigEndian.AppendUint64(nil, schemaVersion))
}

// seedDirectory loads the default directory of departments the first time a store
// is prepared, and never again: an office that deletes departments keeps them deleted.
func seedDirectory(tx *bbolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta.Get(seededKey) != nil {
		return nil
	}
	for _, d := range meeting.DefaultDirectory() {
		id, err := nextID(tx.Bucket(bucketDepartments))
		if err != nil {
			return err
		}
		d.ID = id
		if err := putJSON(tx, bucketDepartments, idKey(id), d); err != nil {
			return err
		}
	}
	return meta.Put(seededKey, []byte{1})
}

// buildIndexes (schema 1 → 2) creates the listing and search indexes from the
// records. It is also how an index would be rebuilt: it reads only records.
func (s *Store) buildIndexes(tx *bbolt.Tx) error {
	for _, name := range [][]byte{bucketMeetingIndex, bucketCaseIndex, bucketAgendaLinks} {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	err := tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		var c meeting.Case
		if err := s.decode(bucketCases, k, v, &c); err != nil {
			return err
		}
		c.ID = keyID(k)
		return indexCase(tx, nil, &c)
	})
	if err != nil {
		return err
	}
	return s.eachMeeting(tx, func(m meeting.Meeting) error {
		cases, err := s.minutesCases(tx, &m)
		if err != nil {
			return err
		}
		return indexMeeting(tx, nil, &m, cases)
	})
}

// startAudit (schema 2 → 3) adds the audit log and the list of finalized revisions
// whose PDF is not recorded. Meetings stored before get audit entries rebuilt from
// what their records say (created, each revision finalized, scans attached, archived),
// each marked as rebuilt; edits and amendments before the upgrade left no trace and
// get none. No PDF was recorded before schema 3, so every finalized revision is
// pending: the app renders them at its next start.
func (s *Store) startAudit(tx *bbolt.Tx) error {
	for _, name := range [][]byte{bucketAudit, bucketPendingPDFs} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return s.eachMeeting(tx, func(m meeting.Meeting) error {
		for _, e := range rebuiltAudit(&m) {
			if err := appendAudit(tx, m.ID, e); err != nil {
				return err
			}
		}
		for _, rev := range m.Revisions {
			if rev.PDFHash == "" {
				if err := tx.Bucket(bucketPendingPDFs).Put(revisionKey(m.ID, rev.N), nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
