package pgstore

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
	"backstop/meeting/pgstore/pgtest"
)

// TestVerifyFullTLS: with sslmode=verify-full in the URL the store talks TLS to the
// server and checks its certificate: the CA the office trusts and the host name in
// the URL. A server whose certificate names another host, or is signed by a CA not
// trusted, is refused with a clear message. (TLS needs TCP: this test's own server
// also listens on 127.0.0.1.)
func TestVerifyFullTLS(t *testing.T) {
	bin, err := pgtest.FindBinaries()
	if err != nil {
		pgtest.Missing(t, err)
	}
	srv, err := pgtest.StartTLS(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	srv.Exec(t, RolesSQL)
	srv.CreateDatabase(t, "backstop", "", OwnerRole)
	ca := "sslmode=verify-full&sslrootcert=" + url.QueryEscape(srv.CAFile)

	good := srv.TCPURL("localhost", "backstop", pgtest.Superuser, ca)
	s, err := Open(context.Background(), good)
	if err != nil {
		t.Fatalf("Open with verify-full: %v", err)
	}
	if ds, err := s.Departments(); err != nil || len(ds) == 0 {
		t.Errorf("Departments over TLS: %d, %v", len(ds), err)
	}
	_ = s.Close()
	conn, err := pgx.Connect(context.Background(), good)
	if err != nil {
		t.Fatal(err)
	}
	var ssl bool
	var version string
	if err := conn.QueryRow(context.Background(), "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl, &version); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close(context.Background())
	if !ssl {
		t.Errorf("the connection is not encrypted")
	}
	t.Logf("connection over %s", version)

	for name, bad := range map[string]string{
		"certificate names another host": srv.TCPURL("127.0.0.1", "backstop", pgtest.Superuser, ca),
		"CA not trusted":                 srv.TCPURL("localhost", "backstop", pgtest.Superuser, "sslmode=verify-full"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Open(context.Background(), bad)
			e := wantCode(t, err, meeting.CodeStorage)
			if !strings.Contains(e.Message, "证书未通过验证") {
				t.Errorf("message %q does not say the certificate failed", e.Message)
			}
		})
	}
}
