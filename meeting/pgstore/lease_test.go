package pgstore

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
)

// twoPCs returns two stores on one fresh database, as two PCs of an office, and a
// draft A saved.
func twoPCs(t *testing.T) (a, b *Store, db testDB, m meeting.Meeting) {
	t.Helper()
	db = newDB(t)
	a = db.openAs(t, appLogin, WithOrigin("PC-A"))
	b = db.openAs(t, appLogin, WithOrigin("PC-B"))
	c := saveTestCase(t, a)
	m = finalizable(c.ID, meeting.Date{Year: 2026, Month: 10, Day: 12})
	m.Title = "A 的草稿"
	if err := a.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	return a, b, db, m
}

// wantHeld fails unless err is the lease refusal naming holder.
func wantHeld(t *testing.T, err error, holder string) *meeting.Error {
	t.Helper()
	e := wantCode(t, err, meeting.CodeInUse)
	if !strings.Contains(e.Message, "「"+holder+"」") {
		t.Errorf("message %q does not name %s", e.Message, holder)
	}
	info, ok := IsHeld(err)
	if !ok || info.Holder != holder {
		t.Errorf("IsHeld: %+v, %v; want holder %s", info, ok, holder)
	}
	return e
}

// TestEditLease: PC A takes the lease of a draft; B is refused with a message
// naming A, and B's save, finalization and deletion are refused by the store
// without changing the stored meeting or B's copy; A saves. A's lease lapses (a
// short ttl, no heartbeat), B takes over, and A's next heartbeat reports the loss;
// A's saves are refused now. B gives it back; the meeting is free again.
func TestEditLease(t *testing.T) {
	a, b, db, m := twoPCs(t)
	const ttl = 700 * time.Millisecond

	la, err := a.TakeLease(m.ID, "PC-A 王明", ttl)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.TakeLease(m.ID, "PC-B 李静", ttl)
	e := wantHeld(t, err, "PC-A 王明")
	for _, part := range []string{"会议正由「PC-A 王明」编辑", "秒前仍在编辑", "可只读查看", "对方关闭或超过 1 秒无响应后可接手编辑"} {
		if !strings.Contains(e.Message, part) {
			t.Errorf("refusal %q lacks %q", e.Message, part)
		}
	}
	t.Logf("B is told: %s", e.Message)
	if info, held, err := b.LeaseHolder(m.ID); err != nil || !held || info.Holder != "PC-A 王明" || info.Mine || info.TTL != ttl {
		t.Errorf("B's LeaseHolder: %+v, %v, %v", info, held, err)
	}
	if info, held, err := a.LeaseHolder(m.ID); err != nil || !held || !info.Mine {
		t.Errorf("A's LeaseHolder: %+v, %v, %v", info, held, err)
	}

	// B types into its copy and saves: refused, nothing changes on either side.
	bm, err := b.Meeting(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	bm.Title = "B 输入的标题"
	bm.Agenda[0].Decisions[0].Text = "B 输入的议定事项。"
	typed := bm
	typed.Agenda = meeting.CloneAgenda(bm.Agenda)
	e = wantHeld(t, b.SaveMeeting(&bm), "PC-A 王明")
	if !strings.HasPrefix(e.Message, "刚才的修改没有保存（数据库中的会议未被改动）：会议正由「PC-A 王明」编辑") {
		t.Errorf("save refusal %q", e.Message)
	}
	if !reflect.DeepEqual(bm, typed) {
		t.Errorf("the refused save changed B's copy:\n%+v\nwant\n%+v", bm, typed)
	}
	stored, err := a.Meeting(m.ID)
	if err != nil || !reflect.DeepEqual(stored, m) {
		t.Errorf("the stored meeting changed after B's refused save (%v):\n%+v\nwant\n%+v", err, stored, m)
	}
	_, err = b.Finalize(m.ID, time.Date(2026, 10, 12, 11, 0, 0, 0, time.UTC))
	wantHeld(t, err, "PC-A 王明")
	wantHeld(t, b.DeleteMeeting(m.ID), "PC-A 王明")
	var numbers int
	if err := db.connect(t, appLogin).QueryRow(t.Context(), "SELECT count(*) FROM numbers").Scan(&numbers); err != nil || numbers != 0 {
		t.Errorf("a refused finalization drew a number: %d rows (%v)", numbers, err)
	}

	// A, the holder, saves and renews.
	m.Title = "A 改过的标题"
	if err := a.SaveMeeting(&m); err != nil {
		t.Fatalf("the holder's save: %v", err)
	}
	if err := la.Renew(); err != nil {
		t.Fatalf("Renew: %v", err)
	}
	again, err := a.TakeLease(m.ID, "PC-A 王明", ttl)
	if err != nil || again.token != la.token {
		t.Errorf("taking our own lease again: %v, token %q want %q", err, again.token, la.token)
	}

	// A goes silent; the lease lapses and B takes over.
	time.Sleep(ttl + 200*time.Millisecond)
	if info, held, err := b.LeaseHolder(m.ID); err != nil || held {
		t.Errorf("LeaseHolder after the lapse: %+v, %v, %v; want none", info, held, err)
	}
	lb, err := b.TakeLease(m.ID, "PC-B 李静", 5*time.Second)
	if err != nil {
		t.Fatalf("taking over a lapsed lease: %v", err)
	}
	err = la.Renew()
	e = wantHeld(t, err, "PC-B 李静")
	if !strings.Contains(e.Message, "编辑权已由「PC-B 李静」接手") {
		t.Errorf("A's loss: %q", e.Message)
	}
	t.Logf("A is told: %s", e.Message)
	if err2 := la.Renew(); err2 != err {
		t.Errorf("a second Renew of a lost lease: %v, want the same loss", err2)
	}
	lost := m
	lost.Title = "A 失去编辑权之后输入的标题"
	wantHeld(t, a.SaveMeeting(&lost), "PC-B 李静")
	if lost.Title != "A 失去编辑权之后输入的标题" {
		t.Errorf("A's copy lost what was typed: %q", lost.Title)
	}
	if err := b.SaveMeeting(&typed); err != nil {
		t.Fatalf("the new holder saves what it typed: %v", err)
	}
	if got, _ := a.Meeting(m.ID); got.Title != "B 输入的标题" {
		t.Errorf("stored title %q, want B's", got.Title)
	}

	// B gives it back: the meeting is free, A may save and take it again.
	if err := lb.Release(); err != nil {
		t.Fatal(err)
	}
	if _, held, err := a.LeaseHolder(m.ID); err != nil || held {
		t.Errorf("after Release: held %v, %v", held, err)
	}
	wantCode(t, lb.Renew(), meeting.CodeInUse)
	if err := lb.Release(); err != nil {
		t.Errorf("a second Release: %v", err)
	}
	lost = typed
	lost.Title = "无人编辑时保存"
	if err := a.SaveMeeting(&lost); err != nil {
		t.Errorf("saving a meeting nobody holds: %v", err)
	}
	if _, err := a.TakeLease(m.ID, "PC-A 王明", ttl); err != nil {
		t.Errorf("taking a released lease: %v", err)
	}
}

// TestLeaseLapsedNotTakenOver: a holder whose lease lapsed without anybody taking
// over renews it and goes on saving; the same holder name from another Store (the
// app restarted after a crash) takes the lease at once.
func TestLeaseLapsedNotTakenOver(t *testing.T) {
	a, b, db, m := twoPCs(t)
	la, err := a.TakeLease(m.ID, "PC-A 王明", 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	if err := la.Renew(); err != nil {
		t.Fatalf("renewing a lapsed lease nobody took: %v", err)
	}
	restarted := db.openAs(t, appLogin)
	if _, err := restarted.TakeLease(m.ID, "PC-A 王明", time.Minute); err != nil {
		t.Fatalf("the same PC after a restart: %v", err)
	}
	wantCode(t, la.Renew(), meeting.CodeInUse)
	wantHeld(t, a.SaveMeeting(&m), "PC-A 王明")
	_, err = b.TakeLease(m.ID, "PC-B 李静", time.Minute)
	e := wantHeld(t, err, "PC-A 王明")
	if !strings.Contains(e.Message, "超过 60 秒无响应") {
		t.Errorf("%q does not give the ttl", e.Message)
	}
}

// TestLeaseRefusals: bad arguments and meetings that do not exist.
func TestLeaseRefusals(t *testing.T) {
	a, _, _, m := twoPCs(t)
	for _, tc := range []struct {
		name   string
		id     meeting.ID
		holder string
		ttl    time.Duration
		code   meeting.Code
	}{
		{"no holder", m.ID, "  ", time.Second, meeting.CodeInvalid},
		{"long holder", m.ID, strings.Repeat("长", 101), time.Second, meeting.CodeInvalid},
		{"no ttl", m.ID, "PC-A", 0, meeting.CodeInvalid},
		{"no meeting", m.ID + 100, "PC-A", time.Second, meeting.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.TakeLease(tc.id, tc.holder, tc.ttl)
			wantCode(t, err, tc.code)
		})
	}
	l, err := a.TakeLease(m.ID, "PC-A", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteMeeting(m.ID); err != nil {
		t.Fatalf("the holder deletes its draft: %v", err)
	}
	wantCode(t, l.Renew(), meeting.CodeNotFound)
}

func TestSecondsInMessages(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "1 秒"}, {200 * time.Millisecond, "1 秒"}, {time.Second, "1 秒"}, {1500 * time.Millisecond, "2 秒"},
		{30 * time.Second, "30 秒"}, {119 * time.Second, "119 秒"}, {2 * time.Minute, "2 分钟"}, {10 * time.Minute, "10 分钟"},
	} {
		if got := seconds(tc.d); got != tc.want {
			t.Errorf("seconds(%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestLeaseHeartbeat: a lease kept by Heartbeat does not lapse however long its ttl
// is exceeded; once another Store takes it over under the same name, the heartbeat
// reports the loss and closes.
func TestLeaseHeartbeat(t *testing.T) {
	a, b, db, m := twoPCs(t)
	l, err := a.TakeLease(m.ID, "PC-A 王明", 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	failures := l.Heartbeat(ctx)
	time.Sleep(time.Second)
	_, err = b.TakeLease(m.ID, "PC-B 李静", time.Minute)
	wantHeld(t, err, "PC-A 王明")
	if _, err := db.openAs(t, appLogin).TakeLease(m.ID, "PC-A 王明", time.Minute); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-failures:
		wantCode(t, err, meeting.CodeInUse)
	case <-time.After(2 * time.Second):
		t.Fatal("the heartbeat did not report the loss")
	}
	if _, open := <-failures; open {
		t.Errorf("the heartbeat goes on after the loss")
	}
}

// TestLeaseAndFeedForTheRecordsOffice: the read-only login sees who edits and
// follows the feed, and is refused a lease (it could not save anyway).
func TestLeaseAndFeedForTheRecordsOffice(t *testing.T) {
	a, _, db, m := twoPCs(t)
	records := db.openAs(t, recordsLogin)
	if _, err := a.TakeLease(m.ID, "PC-A 王明", time.Minute); err != nil {
		t.Fatal(err)
	}
	if info, held, err := records.LeaseHolder(m.ID); err != nil || !held || info.Holder != "PC-A 王明" {
		t.Errorf("LeaseHolder as the records office: %+v, %v, %v", info, held, err)
	}
	_, err := records.TakeLease(m.ID, "档案室", time.Minute)
	wantCode(t, err, meeting.CodeReadOnly)
	feed, err := records.Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	m.Title = "档案室看得到的修改"
	if err := a.SaveMeeting(&m); err != nil {
		t.Fatal(err)
	}
	if c := next(t, feed, time.Second, is(ChangedMeeting, m.ID)); c.Mine || c.From != "PC-A" {
		t.Errorf("the records office sees %+v", c)
	}
}
