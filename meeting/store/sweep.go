package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// bbolt's check sees pages, not records: a page overwritten inside its values keeps
// a sound tree while a meeting in it no longer decodes, and an index entry can name
// a record that is gone. The app then refuses the file that the check called
// intact. So Check also sweeps the records: it decodes every value each reader
// decodes, into the same types, and holds every index entry against its record,
// with the key lengths the readers slice by. What it finds is a list of damaged
// records, each named by kind and ID.

// damage is one record that a reader of the app would refuse.
type damage struct {
	bucket, key []byte // where it is: the identity of the record, also in a backup
	what        string // the record, in Chinese: 会议（编号 3）
	why         string // what is wrong with it, in Chinese
	cause       error  // for logs
}

// message is the sentence for the person, without the backup.
func (d damage) message() string { return d.what + d.why }

// recordKinds names the records of each bucket for messages.
var recordKinds = map[string]string{
	string(bucketDepartments): "部门",
	string(bucketCases):       "诉求",
	string(bucketMeetings):    "会议",
	string(bucketFollowUps):   "督办事项",
}

// describeKey names the record under key in bucket, as the person knows it.
func describeKey(bucket, key []byte) string {
	id := func(k []byte) uint64 { return binary.BigEndian.Uint64(k) }
	switch name := string(bucket); {
	case recordKinds[name] != "" && len(key) == 8:
		return fmt.Sprintf("%s（编号 %d）", recordKinds[name], id(key))
	case name == string(bucketRevisions) && len(key) == 12:
		return fmt.Sprintf("会议（编号 %d）第 %d 版的定稿存档", id(key), revisionOf(key))
	case name == string(bucketAudit) && len(key) == 16:
		return fmt.Sprintf("会议（编号 %d）的第 %d 条审计记录", id(key), id(key[8:]))
	case name == string(bucketMeetingIndex) && len(key) == 12:
		return fmt.Sprintf("会议列表索引中会议（编号 %d）的条目", entryID(key))
	case name == string(bucketCaseIndex) && len(key) == 12:
		return fmt.Sprintf("诉求列表索引中诉求（编号 %d）的条目", entryID(key))
	case name == string(bucketAgendaLinks) && len(key) == 16:
		return fmt.Sprintf("诉求（编号 %d）与会议（编号 %d）的议题索引条目", id(key), id(key[8:]))
	case name == string(bucketPendingPDFs) && len(key) == 12:
		return fmt.Sprintf("会议（编号 %d）第 %d 版待存档 PDF 的记录", id(key), revisionOf(key))
	case name == string(bucketFollowUpOpen) && len(key) == 12:
		return fmt.Sprintf("督办看板索引中督办事项（编号 %d）的条目", entryID(key))
	case name == string(bucketFollowUpByMeeting) && len(key) == 16:
		return fmt.Sprintf("督办索引中会议（编号 %d）的督办事项（编号 %d）", id(key), id(key[8:]))
	case name == string(bucketFollowUpByCase) && len(key) == 16:
		return fmt.Sprintf("督办索引中诉求（编号 %d）的督办事项（编号 %d）", id(key), id(key[8:]))
	case name == string(bucketNumbers) && len(key) == 4:
		return fmt.Sprintf("%d 年的文号计数", binary.BigEndian.Uint32(key))
	case name == string(bucketMeta) && bytes.Equal(key, schemaKey):
		return "数据版本信息"
	case name == string(bucketCalendars) && len(key) == 4:
		return fmt.Sprintf("%d 年的节假日安排", binary.BigEndian.Uint32(key))
	}
	return fmt.Sprintf("数据文件「%s」部分中的一个条目（键 %x）", bucket, key)
}

// sweeper collects the damage of one transaction.
type sweeper struct {
	tx    *bbolt.Tx
	found []damage
}

func (w *sweeper) add(bucket, key []byte, why string, cause error) {
	w.found = append(w.found, damage{bucket: bytes.Clone(bucket), key: bytes.Clone(key),
		what: describeKey(bucket, key), why: why, cause: cause})
}

// each calls fn for every key and value of a bucket, reporting keys of the wrong
// length (keyLen 0: any length) and entries that are not values. Value-less index
// entries pass nil.
func (w *sweeper) each(bucket []byte, keyLen int, fn func(k, v []byte)) {
	b := w.tx.Bucket(bucket)
	if b == nil {
		w.found = append(w.found, damage{bucket: bytes.Clone(bucket), what: fmt.Sprintf("数据文件中的「%s」部分", bucket),
			why: "缺失。", cause: fmt.Errorf("bucket %s missing", bucket)})
		return
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if keyLen != 0 && len(k) != keyLen {
			w.add(bucket, k, fmt.Sprintf("的键长度不对（%d 字节，应为 %d 字节）。", len(k), keyLen), nil)
			continue
		}
		if v == nil && b.Bucket(k) != nil {
			w.add(bucket, k, "不是一条记录。", nil)
			continue
		}
		fn(k, v)
	}
}

// decode decodes v as a reader would, reporting a value that does not decode.
func (w *sweeper) decode(bucket, k, v []byte, into any) bool {
	if err := json.Unmarshal(v, into); err != nil {
		w.add(bucket, k, "无法读取，可能已被改写。", err)
		return false
	}
	return true
}

// has reports whether bucket holds key.
func (w *sweeper) has(bucket, key []byte) bool {
	b := w.tx.Bucket(bucket)
	return b != nil && b.Get(key) != nil
}

// sweepRecords returns every damaged record of tx, in bucket order.
func sweepRecords(tx *bbolt.Tx) []damage {
	w := &sweeper{tx: tx}
	w.each(bucketMeta, 0, func([]byte, []byte) {})
	if v := tx.Bucket(bucketMeta); v != nil && len(v.Get(schemaKey)) != 8 {
		w.add(bucketMeta, schemaKey, "缺失或无法读取。", nil)
	}

	w.each(bucketDepartments, 8, func(k, v []byte) {
		var d meeting.Department
		w.decode(bucketDepartments, k, v, &d)
	})
	cases := map[meeting.ID]meeting.Date{}
	w.each(bucketCases, 8, func(k, v []byte) {
		var c meeting.Case
		if w.decode(bucketCases, k, v, &c) {
			cases[keyID(k)] = c.Received
		}
	})
	revisions := map[string]bool{}
	w.each(bucketRevisions, 12, func(k, v []byte) {
		var mn meeting.Minutes
		if w.decode(bucketRevisions, k, v, &mn) {
			revisions[string(k)] = true
		}
	})
	meetings := map[meeting.ID]bool{}
	w.each(bucketMeetings, 8, func(k, v []byte) {
		var m meeting.Meeting
		if !w.decode(bucketMeetings, k, v, &m) {
			meetings[keyID(k)] = true // there, if unreadable: the index is not to blame
			return
		}
		id := keyID(k)
		meetings[id] = true
		// Minutes (export, preview) read locked minutes from their last snapshot.
		if !m.Editable() {
			if n := len(m.Revisions); n < 1 || !w.has(bucketRevisions, revisionKey(id, n)) {
				w.add(bucketMeetings, k, fmt.Sprintf("已定稿，但找不到第 %d 版的定稿存档。", n), nil)
			} else if !revisions[string(revisionKey(id, n))] {
				w.add(bucketMeetings, k, fmt.Sprintf("的第 %d 版定稿存档无法读取，纪要无法导出。", n), nil)
			}
		}
		if !w.has(bucketMeetingIndex, entryKey(m.Date, id)) {
			w.add(bucketMeetings, k, "不在会议列表索引中，列表和搜索中看不到它。", nil)
		}
	})
	fields := make([][]byte, 4)
	w.each(bucketMeetingIndex, 12, func(k, v []byte) {
		if err := entryFields(v, fields[:2]); err != nil {
			w.add(bucketMeetingIndex, k, "无法读取。", err)
		} else if !meetings[entryID(k)] {
			w.add(bucketMeetingIndex, k, "指向不存在的会议记录。", nil)
		}
	})
	w.each(bucketCaseIndex, 12, func(k, v []byte) {
		if err := entryFields(v, fields); err != nil {
			w.add(bucketCaseIndex, k, "无法读取。", err)
		} else if _, ok := cases[entryID(k)]; !ok && !w.has(bucketCases, idKey(entryID(k))) {
			w.add(bucketCaseIndex, k, "指向不存在的诉求记录。", nil)
		}
	})
	for id, received := range cases {
		if !w.has(bucketCaseIndex, entryKey(received, id)) {
			w.add(bucketCases, idKey(id), "不在诉求列表索引中，列表和搜索中看不到它。", nil)
		}
	}
	w.each(bucketAgendaLinks, 16, func([]byte, []byte) {})
	w.each(bucketAudit, 16, func(k, v []byte) {
		var e meeting.AuditEntry
		w.decode(bucketAudit, k, v, &e)
	})
	w.each(bucketPendingPDFs, 12, func(k, _ []byte) {
		if !revisions[string(k)] {
			w.add(bucketPendingPDFs, k, "所指的定稿存档不存在或无法读取，PDF 无法补写。", nil)
		}
	})
	items := map[meeting.ID]bool{}
	w.each(bucketFollowUps, 8, func(k, v []byte) {
		var r followUpRecord
		if w.decode(bucketFollowUps, k, v, &r) {
			items[keyID(k)] = true
		}
	})
	for i, name := range followUpIndexBuckets {
		keyLen, at := 16, 8
		if i == 2 {
			keyLen, at = 12, 4
		}
		w.each(name, keyLen, func(k, _ []byte) {
			if id := keyID(k[at:]); !items[id] && !w.has(bucketFollowUps, idKey(id)) {
				w.add(name, k, "指向不存在的督办事项。", nil)
			}
		})
	}
	w.each(bucketNumbers, 4, func(k, v []byte) {
		if len(v) != 8 {
			w.add(bucketNumbers, k, "无法读取。", fmt.Errorf("value of %d bytes, want 8", len(v)))
		}
	})
	w.each(bucketCalendars, 4, func(k, v []byte) {
		var y meeting.CalendarYear
		if w.decode(bucketCalendars, k, v, &y) {
			if err := meeting.DefaultCalendar().SetCalendarYear(y); err != nil {
				w.add(bucketCalendars, k, "有误，无法使用。", err)
			}
		}
	})
	return w.found
}

// intactIn reports whether the backup transaction tx holds the record of d, with
// none of the damage found in it (found).
func intactIn(tx *bbolt.Tx, found []damage, d damage) bool {
	if d.key == nil {
		return tx.Bucket(d.bucket) != nil && !slices.ContainsFunc(found, func(f damage) bool { return bytes.Equal(f.bucket, d.bucket) })
	}
	b := tx.Bucket(d.bucket)
	if b == nil || b.Get(d.key) == nil {
		return false
	}
	return !slices.ContainsFunc(found, func(f damage) bool { return bytes.Equal(f.bucket, d.bucket) && bytes.Equal(f.key, d.key) })
}
