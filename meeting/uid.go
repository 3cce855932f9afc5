package meeting

import (
	"crypto/rand"
	"encoding/hex"
)

// NewUID returns a random 128-bit identifier in hex, stable across stores, for
// records that travel between offices.
func NewUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails; it crashes the program instead
	return hex.EncodeToString(b[:])
}

// CloneAgenda copies the agenda deeply enough that filling in decision UIDs does not
// write into the caller's slices.
func CloneAgenda(agenda []AgendaItem) []AgendaItem {
	if agenda == nil {
		return nil
	}
	out := make([]AgendaItem, len(agenda))
	for i, it := range agenda {
		if it.Decisions != nil {
			it.Decisions = append([]Decision(nil), it.Decisions...)
		}
		out[i] = it
	}
	return out
}

// AssignUIDs gives the meeting, when it has none, and every decision without one a
// new UID, so that follow-up and other offices can refer to them across revisions.
func (m *Meeting) AssignUIDs() {
	if m.UID == "" {
		m.UID = NewUID()
	}
	for i := range m.Agenda {
		for j := range m.Agenda[i].Decisions {
			if d := &m.Agenda[i].Decisions[j]; d.UID == "" {
				d.UID = NewUID()
			}
		}
	}
}
