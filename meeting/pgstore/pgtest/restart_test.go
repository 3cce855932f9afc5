package pgtest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestRestart: Halt stops the server (a client's connection is dropped and a new
// one refused), Resume starts it on the same cluster, and what was committed
// before is still there.
func TestRestart(t *testing.T) {
	bin, err := FindBinaries()
	if err != nil {
		Missing(t, err)
	}
	s, err := Start(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop() })
	s.Exec(t, "CREATE TABLE kept (n integer)")
	s.Exec(t, "INSERT INTO kept VALUES (42)")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.URL("postgres", Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	if err := s.Halt(); err != nil {
		t.Fatal(err)
	}
	if err := conn.Ping(ctx); err == nil {
		t.Errorf("a connection from before Halt still answers")
	}
	if c, err := pgx.Connect(ctx, s.URL("postgres", Superuser)); err == nil {
		_ = c.Close(ctx)
		t.Fatalf("a halted server accepted a connection")
	}
	began := time.Now()
	if err := s.Resume(); err != nil {
		t.Fatal(err)
	}
	t.Logf("resumed in %s", time.Since(began).Round(time.Millisecond))
	c, err := pgx.Connect(ctx, s.URL("postgres", Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT n FROM kept").Scan(&n); err != nil || n != 42 {
		t.Errorf("after Resume: %d, %v; want 42", n, err)
	}
	if err := s.Restart(100 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := s.exec("postgres", "SELECT 1"); err != nil {
		t.Errorf("after Restart: %v", err)
	}
}
