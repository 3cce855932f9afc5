//go:build linux

package ui

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/pgstore/pgtest"
)

// TestMain stops the private PostgreSQL server of the shared-store tests, which run
// on Linux (the Windows build of these tests, under Wine, runs the printing tests).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var pgRolesOnce sync.Once

// sharedStores opens two stores on one fresh database of the private PostgreSQL
// server, as two PCs of one office.
func sharedStores(t *testing.T) (a, b *pgstore.Store) {
	t.Helper()
	srv := pgtest.Shared(t)
	pgRolesOnce.Do(func() {
		srv.Exec(t, pgstore.RolesSQL)
		srv.Exec(t, "CREATE ROLE ui_login LOGIN IN ROLE "+pgstore.AppRole)
	})
	name := srv.NewDatabase(t, pgstore.OwnerRole)
	admin, err := pgstore.Open(context.Background(), srv.URL(name, pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	admin.Close()
	open := func(pc string) *pgstore.Store {
		st, err := pgstore.Open(context.Background(), srv.URL(name, "ui_login"), pgstore.WithOrigin(pc), pgstore.WithClock(func() time.Time { return testNow }))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	return open("PC-A 王明"), open("PC-B 投屏")
}

// testLive is what package app wires for a shared store, for a harness.
func testLive(st *pgstore.Store, pc string) *Live {
	return &Live{
		Watch: func(ctx context.Context) (<-chan Change, error) {
			in, err := st.Watch(ctx)
			if err != nil {
				return nil, err
			}
			out := make(chan Change, 64)
			go func() {
				defer close(out)
				for c := range in {
					out <- Change{Kind: ChangeKind(c.Kind), ID: c.ID, Mine: c.Mine, From: c.From}
				}
			}()
			return out, nil
		},
		TakeLease: func(id meeting.ID) (Lease, error) {
			l, err := st.TakeLease(id, pc, 30*time.Second)
			if err != nil {
				return nil, err
			}
			return testLease{l, make(chan error)}, nil
		},
	}
}

type testLease struct {
	l    *pgstore.Lease
	lost chan error
}

func (l testLease) Lost() <-chan error { return l.lost }
func (l testLease) Release() error     { close(l.lost); return l.l.Release() }

// liveHarness is a window on a shared store.
func liveHarness(t *testing.T, st *pgstore.Store, pc string) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, languageChinese)
	h := &harness{t: t, app: a, queue: make(chan func(), 256), dir: t.TempDir()}
	h.u = New(a, st, Options{DataDir: h.dir, Version: "test", Live: testLive(st, pc)})
	h.u.do = func(f func()) { h.queue <- f }
	h.u.now = func() time.Time { return testNow }
	h.u.printers = noPrinters{}
	h.u.win.Resize(fyne.NewSize(1280, 860))
	h.u.win.Show()
	h.u.startLive()
	t.Cleanup(h.u.stopLive)
	return h
}

// TestTwoPCsOneMeeting: PC A edits a draft, PC B (the projector's PC) opens it and
// follows it read-only, naming A; what A types shows on B within a second; B's
// meeting list and cases refresh when A adds something; when A closes the draft, B
// takes it over and may edit it.
func TestTwoPCsOneMeeting(t *testing.T) {
	stA, stB := sharedStores(t)
	a := liveHarness(t, stA, "PC-A 王明")
	b := liveHarness(t, stB, "PC-B 投屏")

	// A creates a draft; B's meeting list shows it without being told.
	a.u.newMeeting()
	a.drain(50 * time.Millisecond)
	if a.u.editor == nil || a.u.editor.readOnly {
		t.Fatal("PC A did not open its new draft for editing")
	}
	id := a.u.editor.m.ID
	b.waitFor(2*time.Second, "B's list to show A's new meeting", func() bool { return len(b.u.meetings.rows) == 1 })

	// B opens it: read-only, naming A.
	b.u.openMeeting(id)
	if b.u.editor == nil || !b.u.editor.readOnly || !strings.Contains(b.u.editor.heldBy, "PC-A 王明") {
		t.Fatalf("PC B opened A's draft read-only %v, notice %q", b.u.editor != nil && b.u.editor.readOnly, b.u.editor.heldBy)
	}
	if text := textsUnder(b.u.editor.head); !strings.Contains(text, "会议正由「PC-A 王明」编辑") {
		t.Errorf("B's notice says %q", text)
	}

	// A types the title; B shows it within a second.
	const title = "关于恒丰公司不动产权证办理的协调会"
	a.typeInto(a.u.editor.basic.title, title)
	a.waitFor(2*time.Second, "A's autosave", func() bool { got, _ := stA.Meeting(id); return got.Title == title })
	start := time.Now()
	b.waitFor(time.Second, "B to show A's title", func() bool {
		return b.u.editor != nil && b.u.editor.m.Title == title
	})
	t.Logf("A's title reached B's window in %v", time.Since(start).Round(time.Millisecond))
	if !b.u.editor.readOnly {
		t.Error("B may edit while A holds the draft")
	}
	// The store refuses B even past the screen, and nothing of A's is lost.
	m := b.u.editor.m
	m.Title = "B 的标题"
	if err := stB.SaveMeeting(&m); meeting.ErrorCode(err) != meeting.CodeInUse {
		t.Errorf("B's save past the screen: %v", err)
	}

	// A closes the draft: B takes it over and may edit.
	a.u.closeEditor()
	b.waitFor(2*time.Second, "B to take the draft over", func() bool { return b.u.editor != nil && !b.u.editor.readOnly })
	b.typeInto(b.u.editor.basic.title, "（续）")
	b.waitFor(2*time.Second, "B's autosave", func() bool { got, _ := stA.Meeting(id); return strings.Contains(got.Title, "（续）") })
}
