package store

import (
	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Transfer between offices (docs/transfer.md): package meeting decides what the
// records of a transfer package are and how an import judges them
// (meeting.CollectTransfer, meeting.ImportTransfer); this store reads and writes
// them inside one bbolt transaction (transferTx). The container is
// export/transfer's business.

// The transfer types are the domain's; these names keep the callers that know them
// from this package compiling.
type (
	TransferSelection = meeting.TransferSelection
	TransferSet       = meeting.TransferSet
	TransferPlace     = meeting.TransferPlace
	TransferReport    = meeting.TransferReport
	TransferItem      = meeting.TransferItem
	TransferConflict  = meeting.TransferConflict
)

// Entry names of the records in a transfer package (see meeting.TransferCasesDir).
const (
	TransferDepartments = meeting.TransferDepartments
	TransferCasesDir    = meeting.TransferCasesDir
	TransferMeetingsDir = meeting.TransferMeetingsDir
)

// TransferOut collects the selected cases and meetings as the records of a transfer
// package (see meeting.TransferSelection). A case or meeting stored before UIDs
// existed gets one now, kept from then on, so that exporting it twice gives the same
// record.
func (s *Store) TransferOut(sel TransferSelection) (TransferSet, error) {
	if err := s.assignTransferUIDs(sel); err != nil {
		return TransferSet{}, err
	}
	var set TransferSet
	err := s.view(func(tx *bbolt.Tx) (err error) {
		set, err = meeting.CollectTransfer(transferTx{s, tx}, sel)
		return err
	})
	if err != nil {
		return TransferSet{}, err
	}
	return set, nil
}

// assignTransferUIDs gives the selected cases and meetings stored before UIDs
// existed a UID, in a write transaction only when there are such records: an
// export otherwise only reads, and does not hold up the edits saved meanwhile.
func (s *Store) assignTransferUIDs(sel TransferSelection) error {
	var missing bool
	err := s.view(func(tx *bbolt.Tx) error {
		cases, meetings, err := meeting.TransferScope(transferTx{s, tx}, sel)
		if err != nil {
			return err
		}
		missing, err = s.lackUIDs(tx, cases, meetings, false)
		return err
	})
	if err != nil || !missing {
		return err
	}
	return s.update(func(tx *bbolt.Tx) error {
		cases, meetings, err := meeting.TransferScope(transferTx{s, tx}, sel)
		if err != nil {
			return err
		}
		_, err = s.lackUIDs(tx, cases, meetings, true)
		return err
	})
}

// lackUIDs reports whether any of the cases or meetings has no UID; with assign (in
// a write transaction) it gives each such record a UID, without touching its Updated stamp
// (the UID is not content) or its audit log.
func (s *Store) lackUIDs(tx *bbolt.Tx, cases, meetings []meeting.ID, assign bool) (bool, error) {
	var uid struct {
		UID string `json:"uid"`
	}
	missing := false
	for _, r := range []struct {
		bucket []byte
		ids    []meeting.ID
	}{{bucketCases, cases}, {bucketMeetings, meetings}} {
		for _, id := range r.ids {
			data := tx.Bucket(r.bucket).Get(idKey(id))
			uid.UID = ""
			if err := s.decode(r.bucket, idKey(id), data, &uid); err != nil {
				return false, err
			}
			if uid.UID != "" {
				continue
			}
			missing = true
			if !assign {
				continue
			}
			var err error
			if string(r.bucket) == string(bucketCases) {
				var c meeting.Case
				if err = s.decode(r.bucket, idKey(id), data, &c); err == nil {
					c.UID = meeting.NewUID()
					err = putJSON(tx, bucketCases, idKey(id), c)
				}
			} else {
				var m meeting.Meeting
				if err = s.decode(r.bucket, idKey(id), data, &m); err == nil {
					m.UID = meeting.NewUID()
					err = putJSON(tx, bucketMeetings, idKey(id), m)
				}
			}
			if err != nil {
				return false, err
			}
		}
	}
	return missing, nil
}

// transferTx is the store inside one transaction as a meeting.TransferSource, and
// in a write transaction as a meeting.TransferTarget (transfer_in.go).
type transferTx struct {
	s  *Store
	tx *bbolt.Tx
}

var _ meeting.TransferTarget = transferTx{}

func (t transferTx) CaseIDs() ([]meeting.ID, error)    { return t.keys(bucketCases), nil }
func (t transferTx) MeetingIDs() ([]meeting.ID, error) { return t.keys(bucketMeetings), nil }

func (t transferTx) keys(bucket []byte) []meeting.ID {
	var out []meeting.ID
	_ = t.tx.Bucket(bucket).ForEach(func(k, _ []byte) error { out = append(out, keyID(k)); return nil })
	return out
}

// CasesByUID reads every case: there is no index of UIDs (see UIDs).
func (t transferTx) CasesByUID(uids []string) (map[string]meeting.ID, error) {
	want := map[string]bool{}
	for _, u := range uids {
		want[u] = true
	}
	out := map[string]meeting.ID{}
	err := t.tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		var c meeting.Case
		if err := t.s.decode(bucketCases, k, v, &c); err != nil {
			return err
		}
		if _, seen := out[c.UID]; want[c.UID] && !seen {
			out[c.UID] = keyID(k)
		}
		return nil
	})
	return out, err
}

func (t transferTx) Case(id meeting.ID) (meeting.Case, error)       { return t.s.loadCase(t.tx, id) }
func (t transferTx) Meeting(id meeting.ID) (meeting.Meeting, error) { return t.s.loadMeeting(t.tx, id) }

func (t transferTx) MeetingsOfCase(id meeting.ID) ([]meeting.ID, error) {
	return meetingsOfCase(t.tx, id), nil
}

func (t transferTx) Revision(id meeting.ID, n int) (meeting.Minutes, error) {
	return t.s.revision(t.tx, id, n)
}

func (t transferTx) FollowUps(meetingID meeting.ID) ([]meeting.FollowUp, error) {
	recs, err := t.s.followUpsUnder(t.tx, bucketFollowUpByMeeting, idKey(meetingID), func(r *followUpRecord) bool { return !r.Superseded })
	out := make([]meeting.FollowUp, len(recs))
	for i, r := range recs {
		out[i] = r.FollowUp
	}
	return out, err
}

func (t transferTx) Departments() ([]meeting.Department, error) { return t.s.departments(t.tx) }
