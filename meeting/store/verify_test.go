package store

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// chainStore is a store with every kind of meeting, for the tamper tests.
type chainStore struct {
	s                  *Store
	amended, finalized meeting.ID // two revisions, the first signed; one revision with its PDF
	draft, deleted     meeting.ID
}

func newChainStore(t *testing.T) chainStore {
	t.Helper()
	s := openUnverified(t, t.TempDir())
	cs := chainStore{s: s}
	cs.amended = finalizedWithPDF(t, s, finalizedAt)
	if _, err := s.AttachScan(cs.amended, scanOf("signed"), finalizedAt); err != nil {
		t.Fatal(err)
	}
	m, err := s.Amend(cs.amended, "更正办理时限", finalizedAt)
	if err != nil {
		t.Fatal(err)
	}
	m.Agenda[0].Decisions[0].Due = meeting.Date{Year: 2026, Month: 11, Day: 15}
	saveMeeting(t, s, m)
	if _, err := s.Finalize(cs.amended, finalizedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	recordPDF(t, s, cs.amended, 2)
	cs.finalized = finalizedWithPDF(t, s, finalizedAt)
	cs.draft = draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 20})
	cs.deleted = draftOn(t, s, meeting.Date{Year: 2026, Month: 10, Day: 21})
	if err := s.DeleteMeeting(cs.deleted); err != nil {
		t.Fatal(err)
	}
	return cs
}

// tamper changes the data file behind the store's back, with bbolt alone.
func (cs chainStore) tamper(t *testing.T, fn func(tx *bbolt.Tx) error) {
	t.Helper()
	if err := cs.s.db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// rewrite replaces old with new in the raw bytes of a record.
func rewrite(t *testing.T, tx *bbolt.Tx, bucket, key []byte, old, new string) error {
	t.Helper()
	v := tx.Bucket(bucket).Get(key)
	if !bytes.Contains(v, []byte(old)) {
		t.Fatalf("%s %x does not contain %q", bucket, key, old)
	}
	return tx.Bucket(bucket).Put(key, bytes.ReplaceAll(bytes.Clone(v), []byte(old), []byte(new)))
}

// editMeeting decodes a meeting record, lets edit change it, and writes it back.
func editMeeting(t *testing.T, tx *bbolt.Tx, id meeting.ID, edit func(m *meeting.Meeting)) error {
	t.Helper()
	var m meeting.Meeting
	if err := json.Unmarshal(tx.Bucket(bucketMeetings).Get(idKey(id)), &m); err != nil {
		t.Fatal(err)
	}
	edit(&m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return tx.Bucket(bucketMeetings).Put(idKey(id), data)
}

func TestVerifyAllFindsTampering(t *testing.T) {
	type found struct {
		meeting  func(cs chainStore) meeting.ID
		revision int
		says     string
	}
	amended := func(cs chainStore) meeting.ID { return cs.amended }
	finalized := func(cs chainStore) meeting.ID { return cs.finalized }
	deleted := func(cs chainStore) meeting.ID { return cs.deleted }
	tests := []struct {
		name   string
		tamper func(t *testing.T, cs chainStore, tx *bbolt.Tx) error
		want   []found // every problem reported; nil for none
	}{
		{"intact", func(*testing.T, chainStore, *bbolt.Tx) error { return nil }, nil},
		{"snapshot text rewritten", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return rewrite(t, tx, bucketRevisions, revisionKey(cs.amended, 1), "一期厂房", "二期厂房")
		}, []found{{amended, 1, "第 1 版定稿的存档内容已被改动"}}},
		{"snapshot bytes damaged", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			v := tx.Bucket(bucketRevisions).Get(revisionKey(cs.finalized, 1))
			return tx.Bucket(bucketRevisions).Put(revisionKey(cs.finalized, 1), bytes.Clone(v[:len(v)/2]))
		}, []found{{finalized, 1, "无法读取"}}},
		{"snapshot deleted", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return tx.Bucket(bucketRevisions).Delete(revisionKey(cs.amended, 1))
		}, []found{{amended, 1, "第 1 版定稿的存档已被删除"}}},
		{"replaces changed in the record", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return editMeeting(t, tx, cs.amended, func(m *meeting.Meeting) { m.Revisions[1].Replaces = hashOf("forged") })
		}, []found{{amended, 2, "修订链已被改动"}, {amended, 2, "会议记录与定稿存档不一致（被替代版本的指纹）"}}},
		{"replaces changed in the snapshot", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			snap := tx.Bucket(bucketRevisions).Get(revisionKey(cs.amended, 2))
			var mn meeting.Minutes
			if err := json.Unmarshal(snap, &mn); err != nil {
				t.Fatal(err)
			}
			return rewrite(t, tx, bucketRevisions, revisionKey(cs.amended, 2), mn.Meeting.Revisions[1].Replaces, hashOf("forged"))
		}, []found{{amended, 2, "内容已被改动"}, {amended, 2, "被替代版本的指纹"}}},
		{"last revision removed with its snapshot", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			if err := tx.Bucket(bucketRevisions).Delete(revisionKey(cs.amended, 2)); err != nil {
				return err
			}
			return editMeeting(t, tx, cs.amended, func(m *meeting.Meeting) { m.Revisions = m.Revisions[:1] })
		}, []found{{amended, 2, "审计日志记载第 2 版已定稿，但会议记录中只有 1 个定稿版本"}}},
		{"last revision removed from the record only", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return editMeeting(t, tx, cs.amended, func(m *meeting.Meeting) { m.Revisions = m.Revisions[:1] })
		}, []found{{amended, 2, "存有第 2 版定稿的存档"}, {amended, 2, "审计日志记载第 2 版已定稿"}}},
		{"finalized meeting removed", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			if err := tx.Bucket(bucketRevisions).Delete(revisionKey(cs.finalized, 1)); err != nil {
				return err
			}
			return tx.Bucket(bucketMeetings).Delete(idKey(cs.finalized))
		}, []found{{finalized, 0, "记录已不存在，而审计日志记载它已定稿到第 1 版"}}},
		{"finalized meeting removed, snapshot left", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return tx.Bucket(bucketMeetings).Delete(idKey(cs.finalized))
		}, []found{{finalized, 0, "仍存有 1 个定稿版本的存档"}}},
		{"audit log of a meeting removed", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			c := tx.Bucket(bucketAudit).Cursor()
			prefix := idKey(cs.finalized)
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
				if err := c.Delete(); err != nil {
					return err
				}
			}
			return nil
		}, []found{{finalized, 0, "没有任何审计记录"}}},
		{"deleted draft's deletion removed from the log", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			c := tx.Bucket(bucketAudit).Cursor()
			prefix := idKey(cs.deleted)
			var last []byte
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				last = bytes.Clone(k)
			}
			return tx.Bucket(bucketAudit).Delete(last)
		}, []found{{deleted, 0, "审计日志中没有删除它的记录"}}},
		{"PDF hash rewritten in the record", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return rewrite(t, tx, bucketMeetings, idKey(cs.finalized), pdfHash(cs.finalized, 1), hashOf("other pdf"))
		}, []found{{finalized, 1, "（定稿 PDF）"}}},
		{"scan rewritten in the snapshot", func(t *testing.T, cs chainStore, tx *bbolt.Tx) error {
			return rewrite(t, tx, bucketRevisions, revisionKey(cs.amended, 1), hashOf("signed"), hashOf("other scan"))
		}, []found{{amended, 1, "（签字扫描件）"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newChainStore(t)
			cs.tamper(t, func(tx *bbolt.Tx) error { return tt.tamper(t, cs, tx) })
			problems, err := cs.s.VerifyAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(problems), len(tt.want), problemLines(problems))
			}
			for _, w := range tt.want {
				id := w.meeting(cs)
				ok := false
				for _, p := range problems {
					ok = ok || (p.Meeting == id && p.Revision == w.revision && strings.Contains(p.Message, w.says))
				}
				if !ok {
					t.Errorf("no problem of meeting %d revision %d saying %q in:\n%s", id, w.revision, w.says, problemLines(problems))
				}
			}
			// VerifyChain of one meeting reports that meeting's problems.
			for _, id := range []meeting.ID{cs.amended, cs.finalized, cs.draft} {
				got, err := cs.s.VerifyChain(id)
				if err != nil && meeting.ErrorCode(err) != meeting.CodeNotFound {
					t.Fatal(err)
				}
				var want []meeting.ChainProblem
				for _, p := range problems {
					if p.Meeting == id {
						want = append(want, p)
					}
				}
				if problemLines(got) != problemLines(want) {
					t.Errorf("VerifyChain(%d):\n%s\nwant\n%s", id, problemLines(got), problemLines(want))
				}
			}
		})
	}
}

func problemLines(ps []meeting.ChainProblem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  ")
		b.WriteString(p.Message)
		b.WriteString("\n")
	}
	return b.String()
}

// A change through the store to a revision whose snapshot is gone is refused, and
// changes nothing.
func TestChangeWithoutSnapshotRefused(t *testing.T) {
	cs := newChainStore(t)
	cs.tamper(t, func(tx *bbolt.Tx) error { return tx.Bucket(bucketRevisions).Delete(revisionKey(cs.amended, 2)) })
	before := dump(t, cs.s)
	_, err := cs.s.AttachScan(cs.amended, scanOf("signed again"), finalizedAt)
	e := wantCode(t, err, meeting.CodeCorrupt)
	if !strings.Contains(e.Message, "verify --all") {
		t.Errorf("message %q does not say how to check", e.Message)
	}
	if dump(t, cs.s) != before {
		t.Errorf("a refused attach changed the store")
	}
}
