package store

import (
	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// startDeliveries is the migration to schema 6: excerpts delivered are recorded per
// revision (see meeting.Deliver). The last finalized revision of every meeting not
// yet archived gets its departments' deliveries as due, in the meeting and in the
// revision's snapshot, so that the board lists them; an archived meeting's paper
// went out before the app kept track, and is left as it was.
func (s *Store) startDeliveries(tx *bbolt.Tx) error {
	var due []meeting.Meeting
	err := tx.Bucket(bucketMeetings).ForEach(func(k, v []byte) error {
		var m meeting.Meeting
		if err := s.decode(bucketMeetings, k, v, &m); err != nil {
			return err
		}
		rev, ok := m.DeliveryRevision()
		if ok && m.State != meeting.StateArchived && len(rev.Deliveries) == 0 {
			rev.Deliveries = meeting.DueDeliveries(&m)
			due = append(due, m)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range due {
		m := &due[i]
		if err := putJSON(tx, bucketMeetings, idKey(m.ID), m); err != nil {
			return err
		}
		if err := s.syncSnapshot(tx, m, len(m.Revisions)); err != nil {
			return err
		}
	}
	return nil
}

// Undelivered returns the meetings whose last finalized revision has excerpts not
// delivered yet, newest first.
func (s *Store) Undelivered() ([]meeting.Meeting, error) {
	ms, err := s.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	var out []meeting.Meeting
	for _, m := range ms {
		if len(m.Undelivered()) > 0 {
			out = append(out, m)
		}
	}
	return out, nil
}
