//go:build !linux

package storetest

import "testing"

// ReadOnlyView is implemented with a bind mount on Linux only; elsewhere the test is
// skipped.
func ReadOnlyView(t testing.TB, dir string) string {
	t.Helper()
	t.Skip("a read-only bind mount is only made on Linux; the injected read-only cases cover the messages")
	return ""
}
