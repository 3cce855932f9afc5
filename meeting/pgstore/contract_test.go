package pgstore

import (
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/storecontract"
)

// TestContract runs the behaviour every meeting.Store must show on PostgreSQL, the
// same suite meeting/store runs on bbolt: each test gets a fresh database on the
// private server, migrated by the superuser and used through the app role's login,
// so the suite also shows that the app role's privileges are enough.
func TestContract(t *testing.T) {
	storecontract.Run(t, func(t *testing.T, now func() time.Time) meeting.Store {
		return openTest(t, WithClock(now))
	})
}
