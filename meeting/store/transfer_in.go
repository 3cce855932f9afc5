package store

import (
	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// TransferIn imports the records of a transfer package (entry name → JSON, see
// TransferOut) in one transaction: nothing is stored unless everything is.
// meeting.ImportTransfer decides what is added, what is unchanged and what is a
// conflict (not overwritten); from names the sending office in the audit log, and
// place copies the archived files of added meetings into the archive folder.
func (s *Store) TransferIn(from string, records map[string][]byte, place TransferPlace) (TransferReport, error) {
	in, err := meeting.DecodeTransfer(records)
	if err != nil {
		return TransferReport{}, err
	}
	var rep TransferReport
	err = s.update(func(tx *bbolt.Tx) (err error) {
		rep, err = meeting.ImportTransfer(transferTx{s, tx}, from, in, place, s.timestamp())
		return err
	})
	if err != nil {
		return TransferReport{}, err
	}
	return rep, nil
}

// UIDs maps the UIDs of the store's cases and meetings to their IDs. There is no
// index of UIDs: an import reads every record once, which is fast enough for the
// stores an office keeps (see the benchmark).
func (t transferTx) UIDs() (cases, meetings map[string]meeting.ID, err error) {
	cases, meetings = map[string]meeting.ID{}, map[string]meeting.ID{}
	for _, r := range []struct {
		bucket []byte
		ids    map[string]meeting.ID
	}{{bucketCases, cases}, {bucketMeetings, meetings}} {
		err := t.tx.Bucket(r.bucket).ForEach(func(k, v []byte) error {
			var uid struct {
				UID string `json:"uid"`
			}
			if err := t.s.decode(r.bucket, k, v, &uid); err != nil {
				return err
			}
			if _, seen := r.ids[uid.UID]; uid.UID != "" && !seen {
				r.ids[uid.UID] = keyID(k)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return cases, meetings, nil
}

func (t transferTx) AddDepartment(d *meeting.Department) error { return t.s.putDepartment(t.tx, d) }

func (t transferTx) AddCase(c *meeting.Case) error {
	id, err := nextID(t.tx.Bucket(bucketCases))
	if err != nil {
		return err
	}
	c.ID = id
	if err := putJSON(t.tx, bucketCases, idKey(id), *c); err != nil {
		return err
	}
	return indexCase(t.tx, nil, c)
}

func (t transferTx) NewMeetingID() (meeting.ID, error) { return nextID(t.tx.Bucket(bucketMeetings)) }

func (t transferTx) AddMeeting(m *meeting.Meeting, snapshots map[int]*meeting.Minutes, items []meeting.FollowUp, e meeting.AuditEntry) error {
	for n, snap := range snapshots {
		if err := putJSON(t.tx, bucketRevisions, revisionKey(m.ID, n), *snap); err != nil {
			return err
		}
		if m.Revisions[n-1].PDFHash == "" {
			if err := t.tx.Bucket(bucketPendingPDFs).Put(revisionKey(m.ID, n), nil); err != nil {
				return err
			}
		}
	}
	if err := putJSON(t.tx, bucketMeetings, idKey(m.ID), *m); err != nil {
		return err
	}
	cases, err := t.s.minutesCases(t.tx, m)
	if err != nil {
		return err
	}
	if err := indexMeeting(t.tx, nil, m, cases); err != nil {
		return err
	}
	for _, f := range items {
		id, err := nextID(t.tx.Bucket(bucketFollowUps))
		if err != nil {
			return err
		}
		r := followUpRecord{FollowUp: f, Updated: t.s.timestamp()}
		r.ID = id
		if err := putFollowUp(t.tx, nil, r); err != nil {
			return err
		}
	}
	return appendAudit(t.tx, m.ID, e)
}
