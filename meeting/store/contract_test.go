package store

import (
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/storecontract"
)

// TestContract runs the behaviour every meeting.Store must show on the bbolt store;
// meeting/pgstore runs the same suite on PostgreSQL. Each store is also checked at
// cleanup as every test store here is (chains, indexes, file integrity).
func TestContract(t *testing.T) {
	storecontract.Run(t, func(t *testing.T, now func() time.Time) meeting.Store {
		return openTest(t, WithClock(now))
	})
}
