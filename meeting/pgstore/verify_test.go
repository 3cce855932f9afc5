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

// TestVerifyAllFindsTampering changes the database behind the store's back, as an
// administrator with the owner's rights could, and wants VerifyAll to name each
// change.
func TestVerifyAllFindsTampering(t *testing.T) {
	at := time.Date(2026, 10, 12, 11, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		tamper string // SQL run as the superuser; $1 is the finalized meeting's ID
		want   string // in a problem's message
	}{
		{"snapshot removed", "DELETE FROM pending_pdfs WHERE meeting_id = $1; DELETE FROM revisions WHERE meeting_id = $1", "第 1 版定稿的存档已被删除"},
		{"snapshot rewritten", `UPDATE revisions SET record = jsonb_set(record, '{meeting,title}', '"改过的标题"') WHERE meeting_id = $1`, "存档内容已被改动"},
		{"fingerprint rewritten", `UPDATE meetings SET record = jsonb_set(record, '{revisions,0,fingerprint}', '"00"') WHERE id = $1`, "不一致"},
		{"audit log removed", "DELETE FROM audit_log WHERE meeting_id = $1", "没有任何审计记录"},
		{"meeting removed", "DELETE FROM followups WHERE meeting_id = $1; DELETE FROM pending_pdfs WHERE meeting_id = $1; " +
			"ALTER TABLE revisions DROP CONSTRAINT revisions_meeting_id_fkey; DELETE FROM meetings WHERE id = $1", "会议记录可能被删除"},
		{"list column changed", "UPDATE meetings SET state = 'draft' WHERE id = $1", "列表字段"},
		{"search text changed", "UPDATE meetings SET search = '别的会议' WHERE id = $1", "列表字段"},
		{"follow-up item removed", "DELETE FROM followups WHERE meeting_id = $1", "没有督办事项"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			s := db.openAs(t, appLogin)
			c := saveTestCase(t, s)
			m := finalizable(c.ID, meeting.Date{Year: 2026, Month: 10, Day: 12})
			if err := s.SaveMeeting(&m); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Finalize(m.ID, at); err != nil {
				t.Fatal(err)
			}
			if ps, err := s.VerifyAll(); err != nil || len(ps) != 0 {
				t.Fatalf("before tampering: %v, %v", ps, err)
			}
			admin := db.connect(t, pgtest.Superuser)
			sql := strings.ReplaceAll(tt.tamper, "$1", itoa(int(m.ID)))
			if _, err := admin.Exec(context.Background(), sql); err != nil {
				t.Fatal(err)
			}
			ps, err := s.VerifyAll()
			if err != nil {
				t.Fatal(err)
			}
			var messages []string
			for _, p := range ps {
				messages = append(messages, p.Message)
			}
			if !strings.Contains(strings.Join(messages, "\n"), tt.want) {
				t.Errorf("VerifyAll found %q, want a problem saying %q", messages, tt.want)
			}
			if one, err := s.VerifyChain(m.ID); err != nil || !slices.Equal(one, ps) {
				t.Errorf("VerifyChain of the meeting: %v, %v; VerifyAll: %v", one, err, ps)
			}
		})
	}
}

// TestVerifyAllInBatches: VerifyAll reads the meetings a batch at a time; a problem is
// found in whichever batch its meeting falls, and named with its meeting.
func TestVerifyAllInBatches(t *testing.T) {
	defer func(n int) { verifyBatch = n }(verifyBatch)
	verifyBatch = 2
	db := newDB(t)
	s := db.openAs(t, appLogin)
	c := saveTestCase(t, s)
	var ids []meeting.ID
	for i := range 5 {
		m := finalizable(c.ID, meeting.Date{Year: 2026, Month: 10, Day: 12 + i})
		if err := s.SaveMeeting(&m); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := s.Finalize(m.ID, time.Date(2026, 10, 12+i, 11, 30, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, m.ID)
	}
	if ps, err := s.VerifyAll(); err != nil || len(ps) != 0 {
		t.Fatalf("before tampering: %v, %v", ps, err)
	}
	admin := db.connect(t, pgtest.Superuser)
	if _, err := admin.Exec(context.Background(), "DELETE FROM followups WHERE meeting_id = $1", int64(ids[2])); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), "UPDATE meetings SET search = '' WHERE id = $1", int64(ids[3])); err != nil {
		t.Fatal(err)
	}
	ps, err := s.VerifyAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[meeting.ID]int{}
	for _, p := range ps {
		got[p.Meeting]++
	}
	if len(got) != 2 || got[ids[2]] == 0 || got[ids[3]] == 0 {
		t.Errorf("problems by meeting: %v, want meetings %d and %d only (%v)", got, ids[2], ids[3], ps)
	}
}
