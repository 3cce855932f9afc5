package pgtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// TLSServer is a private server that also listens on TCP at 127.0.0.1 with TLS, for
// the tests of sslmode=verify-full: TLS is not spoken on Unix sockets. Its
// certificate, issued by a CA made for the run, names the host "localhost" only.
type TLSServer struct {
	*Server
	Port   int
	CAFile string // the CA's certificate, PEM, for sslrootcert
}

// StartTLS starts a server as Start does, with TLS on a free port of 127.0.0.1
// besides the socket.
func StartTLS(bin string) (*TLSServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	out := &TLSServer{Port: port}
	s, err := start(bin, func(s *Server, cred *syscall.Credential) ([]string, error) {
		s.port = port // names the socket too
		out.CAFile = filepath.Join(s.root, "ca.pem")
		certFile, keyFile := filepath.Join(s.data, "server.crt"), filepath.Join(s.data, "server.key")
		if err := writeCertificates(out.CAFile, certFile, keyFile, cred); err != nil {
			return nil, err
		}
		return []string{"-c", "listen_addresses=127.0.0.1", "-c", "port=" + strconv.Itoa(port),
			"-c", "ssl=on", "-c", "ssl_cert_file=" + certFile, "-c", "ssl_key_file=" + keyFile}, nil
	})
	if err != nil {
		return nil, err
	}
	out.Server = s
	return out, nil
}

// TCPURL returns the URL of a database through TCP to host at the server's port;
// query adds parameters (sslmode and sslrootcert, say).
func (s *TLSServer) TCPURL(host, database, user, query string) string {
	return fmt.Sprintf("postgres://%s@%s/%s?%s", user, net.JoinHostPort(host, strconv.Itoa(s.Port)), database, query)
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// writeCertificates makes a CA and a server certificate for "localhost" signed by
// it, and writes the CA's certificate, the server's certificate and its key (mode
// 0600, owned by the server's user: the server refuses a key others can read).
func writeCertificates(caFile, certFile, keyFile string, cred *syscall.Credential) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pgtest CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	serverKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &serverKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(serverKey)
	if err != nil {
		return err
	}
	files := []struct {
		path  string
		block *pem.Block
	}{
		{caFile, &pem.Block{Type: "CERTIFICATE", Bytes: caDER}},
		{certFile, &pem.Block{Type: "CERTIFICATE", Bytes: leafDER}},
		{keyFile, &pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, pem.EncodeToMemory(f.block), 0o600); err != nil {
			return err
		}
		if cred != nil {
			if err := os.Chown(f.path, int(cred.Uid), int(cred.Gid)); err != nil {
				return err
			}
		}
	}
	return nil
}
