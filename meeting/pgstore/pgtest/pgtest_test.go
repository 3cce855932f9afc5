package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestServerIsPrivateAndRemoved starts a server of its own, checks that it listens on
// its socket only, and that Stop removes everything.
func TestServerIsPrivateAndRemoved(t *testing.T) {
	bin, err := FindBinaries()
	if err != nil {
		Missing(t, err)
	}
	s, err := Start(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s, started in %s", s, s.StartTime)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = s.Stop()
		}
	})
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.URL("postgres", Superuser))
	if err != nil {
		t.Fatal(err)
	}
	var listen, sockets string
	if err := conn.QueryRow(ctx, "SELECT current_setting('listen_addresses'), current_setting('unix_socket_directories')").Scan(&listen, &sockets); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close(ctx)
	if listen != "" || sockets != s.SocketDir() {
		t.Errorf("listen_addresses %q, unix_socket_directories %q; want none and %s", listen, sockets, s.SocketDir())
	}
	stopped = true
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Root()); !os.IsNotExist(err) {
		t.Errorf("server folder %s still there after Stop (%v)", s.Root(), err)
	}
}

// TestNewDatabaseIsFreshAndDropped creates two databases on the shared server and
// wants them distinct, empty, and gone after the subtest's cleanup.
func TestNewDatabaseIsFreshAndDropped(t *testing.T) {
	s := Shared(t)
	var name string
	t.Run("create", func(t *testing.T) {
		name = s.NewDatabase(t, "")
		conn, err := pgx.Connect(context.Background(), s.URL(name, Superuser))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var tables int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("new database has %d tables", tables)
		}
	})
	conn, err := pgx.Connect(context.Background(), s.URL("postgres", Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s still exists after its test", name)
	}
}
