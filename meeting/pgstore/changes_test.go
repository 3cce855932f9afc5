package pgstore

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/pgstore/pgtest"
)

// next returns the next change on ch that is not the watching store's own and
// satisfies want, failing after limit.
func next(t *testing.T, ch <-chan Change, limit time.Duration, want func(Change) bool) Change {
	t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				t.Fatalf("the feed closed")
			}
			if want(c) {
				return c
			}
		case <-deadline:
			t.Fatalf("no matching change within %s", limit)
			return Change{}
		}
	}
}

func is(kind ChangeKind, id meeting.ID) func(Change) bool {
	return func(c Change) bool { return c.Kind == kind && c.ID == id }
}

// TestWatchSeesTheOtherPC: B follows the feed while A saves a draft, again and
// again: each save reaches B within a second (the test reports the latency), named
// as A's and not B's own. A's own feed marks it Mine. Cases, calendars, follow-up
// items of a finalization and the lease come through too; cancelling the context
// closes the channel.
func TestWatchSeesTheOtherPC(t *testing.T) {
	a, b, _, m := twoPCs(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	fromB, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fromA, err := a.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}

	const saves = 20
	var afterCommit, afterCall []time.Duration
	for i := range saves {
		m.Title = "A 的草稿 " + itoa(i)
		began := time.Now()
		if err := a.SaveMeeting(&m); err != nil {
			t.Fatal(err)
		}
		committed := time.Now()
		c := next(t, fromB, time.Second, is(ChangedMeeting, m.ID))
		afterCommit = append(afterCommit, time.Since(committed))
		afterCall = append(afterCall, time.Since(began))
		if c.Mine || c.From != "PC-A" {
			t.Errorf("B sees %+v, want A's change (Mine false, From PC-A)", c)
		}
		if own := next(t, fromA, time.Second, is(ChangedMeeting, m.ID)); !own.Mine {
			t.Errorf("A sees its own save as %+v, want Mine", own)
		}
	}
	slices.Sort(afterCommit)
	slices.Sort(afterCall)
	t.Logf("A's SaveMeeting seen by B, %d saves: after SaveMeeting returned median %s, max %s; from the call median %s, max %s",
		saves, afterCommit[saves/2].Round(10*time.Microsecond), afterCommit[saves-1].Round(10*time.Microsecond),
		afterCall[saves/2].Round(10*time.Microsecond), afterCall[saves-1].Round(10*time.Microsecond))
	if afterCommit[saves-1] > time.Second {
		t.Errorf("slowest notification %s, want within a second", afterCommit[saves-1])
	}

	c := meeting.Case{
		Applicant: meeting.Applicant{Kind: meeting.Person, Name: "赵磊"}, Category: meeting.CategoryLivelihood,
		Channel: meeting.ChannelOnline, Received: meeting.Date{Year: 2026, Month: 9, Day: 1}, Title: "落户", Request: "请求落户。",
	}
	if err := a.SaveCase(&c); err != nil {
		t.Fatal(err)
	}
	next(t, fromB, time.Second, is(ChangedCase, c.ID))
	if err := a.SaveCalendarYear(meeting.CalendarYear{Year: 2031, Source: "国务院办公厅通知", Holidays: []meeting.Date{{Year: 2031, Month: 1, Day: 1}}}); err != nil {
		t.Fatal(err)
	}
	next(t, fromB, time.Second, is(ChangedCalendar, 2031))
	if _, err := a.Finalize(m.ID, time.Date(2026, 10, 12, 11, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	var finalized, items bool // in the order the transaction wrote them
	next(t, fromB, time.Second, func(c Change) bool {
		finalized = finalized || c == Change{Kind: ChangedMeeting, ID: m.ID, From: "PC-A"}
		items = items || c.Kind == ChangedFollowUp && c.ID != 0
		return finalized && items
	})
	if _, err := a.TakeLease(m.ID, "PC-A 王明", time.Minute); err != nil {
		t.Fatal(err)
	}
	if c := next(t, fromB, time.Second, is(ChangedLease, m.ID)); c.From != "PC-A" {
		t.Errorf("lease change from %q", c.From)
	}

	cancel()
	for range fromB { // drained and closed
	}
	for range fromA {
	}
}

// TestWatchAcrossARestart: the server is restarted under two PCs while A is
// finalizing. A's finalization fails with a clear message and leaves nothing: the
// meeting is a draft, no revision, no number. B's feed says it lost the server and,
// once the server is back, that it follows again (reload now); changes after that
// come through. A's save while the server is down gets a clear message and leaves
// A's copy as typed; the next save works at once, and everything acknowledged
// before the restart is there. A's lease outlives the restart.
func TestWatchAcrossARestart(t *testing.T) {
	bin, err := pgtest.FindBinaries()
	if err != nil {
		pgtest.Missing(t, err)
	}
	srv, err := pgtest.Start(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	srv.Exec(t, RolesSQL)
	srv.Exec(t, "CREATE ROLE "+appLogin+" LOGIN IN ROLE "+AppRole)
	srv.CreateDatabase(t, "backstop", "", OwnerRole)
	admin, err := Open(t.Context(), srv.URL("backstop", pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	_ = admin.Close()
	open := func(pc string) *Store {
		s, err := Open(t.Context(), srv.URL("backstop", appLogin), WithOrigin(pc), WithTimeout(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	a, b := open("PC-A"), open("PC-B")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	feed, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := saveTestCase(t, a)
	m := finalizable(c.ID, meeting.Date{Year: 2026, Month: 10, Day: 12})
	m.Title = "重启前保存的草稿"
	if err := a.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	next(t, feed, time.Second, is(ChangedMeeting, m.ID))
	lease, err := a.TakeLease(m.ID, "PC-A 王明", time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	// The administrator restarts the server while A's finalization is writing its PDF.
	var halted time.Time
	_, err = a.FinalizeWith(m.ID, time.Date(2026, 10, 12, 11, 0, 0, 0, time.UTC), func(mn meeting.Minutes) (meeting.PDFFile, error) {
		if err := srv.Halt(); err != nil {
			t.Error(err)
		}
		halted = time.Now()
		return meeting.PDFFile{Path: "2026/1.pdf", Hash: strings.Repeat("0", 64)}, nil
	})
	e := wantCode(t, err, meeting.CodeStorage)
	t.Logf("the finalization cut off by the restart: %s", e.Message)
	next(t, feed, 5*time.Second, func(c Change) bool { return c.Kind == FeedLost })
	lostAfter := time.Since(halted)
	typed := m
	typed.Title = "服务器重启期间输入的标题"
	began := time.Now()
	err = a.SaveMeeting(&typed)
	failedIn := time.Since(began)
	e = wantCode(t, err, meeting.CodeStorage)
	if !strings.Contains(e.Message, "无法连接数据库") || !strings.Contains(e.Message, "刚才的操作未完成") {
		t.Errorf("message while the server is down: %q", e.Message)
	}
	if typed.Title != "服务器重启期间输入的标题" {
		t.Errorf("the failed save changed A's copy: %q", typed.Title)
	}
	t.Logf("while the server is down, A is told: %s", meeting.ErrorMessage(err))

	began = time.Now()
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	resumed := time.Now()
	next(t, feed, 10*time.Second, func(c Change) bool { return c.Kind == FeedResumed })
	resumedAfter := time.Since(resumed)
	stored, err := b.Meeting(m.ID)
	if err != nil || stored.State != meeting.StateDraft || !stored.Number.IsZero() || len(stored.Revisions) != 0 || stored.Title != m.Title {
		t.Errorf("after the cut-off finalization: state %s, number %s, %d revisions, title %q (%v); want the draft as saved",
			stored.State, stored.Number, len(stored.Revisions), stored.Title, err)
	}
	if _, err := b.Case(c.ID); err != nil {
		t.Errorf("the case saved before the restart: %v", err)
	}
	if err := a.SaveMeeting(&typed); err != nil {
		t.Fatalf("the first save after the restart: %v", err)
	}
	next(t, feed, time.Second, is(ChangedMeeting, m.ID))
	got, err := b.Meeting(m.ID)
	if err != nil || got.Title != "服务器重启期间输入的标题" || got.Date != m.Date {
		t.Errorf("after the restart: %+v, %v", got, err)
	}
	if err := lease.Renew(); err != nil {
		t.Errorf("renewing the lease after the restart: %v", err)
	}
	mn, err := a.Finalize(m.ID, time.Date(2026, 10, 12, 11, 0, 0, 0, time.UTC))
	if err != nil || mn.Meeting.Number.Seq != 1 {
		t.Errorf("finalizing after the restart: number %s, %v; want the number the cut-off one did not use, 1", mn.Meeting.Number, err)
	}
	if _, err := b.TakeLease(m.ID, "PC-B 李静", time.Minute); err == nil {
		t.Errorf("B took A's lease after the restart")
	}
	t.Logf("server halted: B's feed reported the loss after %s; A's save failed in %s; server back in %s, feed resumed %s after",
		lostAfter.Round(time.Millisecond), failedIn.Round(time.Millisecond), resumed.Sub(began).Round(time.Millisecond),
		resumedAfter.Round(time.Millisecond))
}

// TestWatchNoticesASilentServer: with nothing to notify, the feed pings the server
// and notices it is gone even when nothing arrives (as for a pulled cable).
func TestWatchPingsWhenQuiet(t *testing.T) {
	oldPing := watchPing
	watchPing = 100 * time.Millisecond
	t.Cleanup(func() { watchPing = oldPing })
	a, b, _, m := twoPCs(t)
	feed, err := b.Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(350 * time.Millisecond) // a few quiet periods, each ending in a ping
	m.Title = "安静之后"
	if err := a.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if c := next(t, feed, time.Second, func(Change) bool { return true }); c.Kind != ChangedMeeting {
		t.Errorf("after quiet periods: %+v, want the save (no gap)", c)
	}
}
