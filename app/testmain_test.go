//go:build integration || e2e || wine

package main

import (
	"os"
	"testing"

	"backstop/meeting/pgstore/pgtest"
)

// TestMain stops the private PostgreSQL server the tests of the shared store start.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
