package store

import (
	"bytes"
	"cmp"
	"slices"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Precedents returns up to limit decisions taken on earlier cases of c's category
// whose title shares at least meeting.MinPrecedentScore character pairs with c's
// title and request, newest meeting first (同类事项). c itself is left out, and so
// are cases never decided in finalized minutes. It reads the case index, and decodes
// only the cases that match and their items.
func (s *Store) Precedents(c meeting.Case, limit int) ([]meeting.Precedent, error) {
	query := meeting.PrecedentQuery(c)
	if len(query) == 0 || c.Category == "" {
		return nil, nil
	}
	var out []meeting.Precedent
	err := s.view(func(tx *bbolt.Tx) error {
		fields := make([][]byte, 4) // category, channel, status, search text
		return newestFirst(tx.Bucket(bucketCaseIndex), nil, func(k, v []byte) (bool, error) {
			id := entryID(k)
			if id == c.ID {
				return true, nil
			}
			if err := entryFields(v, fields); err != nil {
				return false, s.recordError(bucketCaseIndex, k, err)
			}
			if string(fields[0]) != string(c.Category) {
				return true, nil
			}
			title, _, _ := bytes.Cut(fields[3], []byte("\n")) // the search text starts with the title
			score := meeting.SharedBigrams(query, string(title))
			if score < meeting.MinPrecedentScore {
				return true, nil
			}
			items, err := s.followUpsUnder(tx, bucketFollowUpByCase, idKey(id), func(r *followUpRecord) bool { return !r.Superseded })
			if err != nil || len(items) == 0 {
				return err == nil, err
			}
			earlier, err := s.loadCase(tx, id)
			if err != nil {
				return false, err
			}
			for _, r := range items {
				out = append(out, meeting.Precedent{Case: earlier, Item: r.FollowUp, Score: score + meeting.SharedBigrams(query, r.Text)})
			}
			// Cases come newest received first; a few more than asked let the
			// meeting dates sort them below.
			return limit <= 0 || len(out) < 2*limit, nil
		})
	})
	slices.SortStableFunc(out, func(a, b meeting.Precedent) int {
		return cmp.Or(-a.Item.MeetingDate.Time().Compare(b.Item.MeetingDate.Time()), cmp.Compare(a.Item.ID, b.Item.ID))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, err
}
