package migrate

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/meeting/store"
)

// compare checks the copy against the source: the row counts of every table (the
// read methods cannot see superseded items or number counters), then every record
// as both stores' read methods return it, compared by its JSON, then every copied
// file fetched back from the database with its hash checked. It returns the
// differences found, in Chinese.
func compare(src *store.Store, dst *pgstore.Store, c *store.Contents, copied []archiveFile) ([]string, error) {
	var diffs []string
	differ := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }

	got, err := dst.Counts()
	if err != nil {
		return nil, err
	}
	superseded, pending := 0, len(c.PendingPDFs)
	for _, f := range c.FollowUps {
		if f.Superseded {
			superseded++
		}
	}
	for _, n := range []struct {
		what      string
		src, copy int
	}{
		{"参会单位", len(c.Departments), got.Departments}, {"诉求", len(c.Cases), got.Cases},
		{"会议", len(c.Meetings), got.Meetings}, {"定稿存档", len(c.Revisions), got.Revisions},
		{"待生成 PDF 的定稿", pending, got.PendingPDFs}, {"督办事项", len(c.FollowUps), got.FollowUps},
		{"已不再督办的事项", superseded, got.Superseded}, {"审计记录", len(c.Audit), got.Audit},
		{"节假日安排", len(c.Calendars), got.Calendars}, {"存档文件", len(copied), got.Files},
	} {
		if n.src != n.copy {
			differ("%s的数量不同：数据文件 %d，数据库 %d。", n.what, n.src, n.copy)
		}
	}
	if !maps.Equal(c.Numbers, got.Numbers) {
		differ("各年度已用文号不同：数据文件 %v，数据库 %v。", c.Numbers, got.Numbers)
	}

	sameList(&diffs, "参会单位名录", src.Departments, dst.Departments)
	sameList(&diffs, "诉求列表", func() ([]meeting.Case, error) { return src.Cases(meeting.CaseFilter{}) },
		func() ([]meeting.Case, error) { return dst.Cases(meeting.CaseFilter{}) })
	sameList(&diffs, "会议列表", func() ([]meeting.Meeting, error) { return src.Meetings(meeting.MeetingFilter{}) },
		func() ([]meeting.Meeting, error) { return dst.Meetings(meeting.MeetingFilter{}) })
	sameList(&diffs, "督办事项列表", func() ([]meeting.FollowUp, error) { return src.FollowUps(meeting.FollowUpFilter{}) },
		func() ([]meeting.FollowUp, error) { return dst.FollowUps(meeting.FollowUpFilter{}) })
	sameList(&diffs, "待生成 PDF 的定稿", src.PendingPDFs, dst.PendingPDFs)
	sameList(&diffs, "节假日安排", src.CalendarYears, dst.CalendarYears)
	sameList(&diffs, "未分送的会议", src.Undelivered, dst.Undelivered)
	if cal, err := src.Calendar(); err == nil {
		now := time.Now()
		today := meeting.Date{Year: now.Year(), Month: now.Month(), Day: now.Day()}
		sameValue(&diffs, "今天的督办看板", func() (meeting.BoardView, error) { return src.Board(today, cal) },
			func() (meeting.BoardView, error) { return dst.Board(today, cal) })
	}
	for _, m := range c.Meetings {
		id := m.ID
		sameValue(&diffs, fmt.Sprintf("会议（编号 %d）的纪要", id), func() (meeting.Minutes, error) { return src.Minutes(id) },
			func() (meeting.Minutes, error) { return dst.Minutes(id) })
	}
	var logged []meeting.ID
	for _, a := range c.Audit {
		logged = append(logged, a.Meeting)
	}
	slices.Sort(logged)
	for _, id := range slices.Compact(logged) {
		sameList(&diffs, fmt.Sprintf("会议（编号 %d）的审计日志", id), func() ([]meeting.AuditEntry, error) { return src.Audit(id) },
			func() ([]meeting.AuditEntry, error) { return dst.Audit(id) })
	}
	for _, r := range c.Revisions {
		sameValue(&diffs, fmt.Sprintf("会议（编号 %d）第 %d 版定稿的存档", r.Meeting, r.N),
			func() (meeting.Minutes, error) { return src.RevisionMinutes(r.Meeting, r.N) },
			func() (meeting.Minutes, error) { return dst.RevisionMinutes(r.Meeting, r.N) })
	}
	for _, f := range copied {
		if _, err := dst.File(f.path, f.hash); err != nil {
			differ("存档文件 %s 从数据库读回时出错：%s", f.path, meeting.ErrorMessage(err))
		}
	}
	return diffs, nil
}

// sameValue adds a difference to diffs unless both reads give the same value (by
// its JSON) or fail alike.
func sameValue[T any](diffs *[]string, what string, read, readCopy func() (T, error)) {
	a, errA := read()
	b, errB := readCopy()
	if msg, done := sameErrors(what, errA, errB); done {
		if msg != "" {
			*diffs = append(*diffs, msg)
		}
		return
	}
	if jsonOf(a) != jsonOf(b) {
		*diffs = append(*diffs, fmt.Sprintf("%s不同：数据库中读回的与数据文件中的不一致。", what))
	}
}

// sameList is sameValue for a list, naming the first entry that differs.
func sameList[T any](diffs *[]string, what string, read, readCopy func() ([]T, error)) {
	a, errA := read()
	b, errB := readCopy()
	if msg, done := sameErrors(what, errA, errB); done {
		if msg != "" {
			*diffs = append(*diffs, msg)
		}
		return
	}
	if len(a) != len(b) {
		*diffs = append(*diffs, fmt.Sprintf("%s不同：数据文件中 %d 条，数据库中 %d 条。", what, len(a), len(b)))
		return
	}
	for i := range a {
		if jsonOf(a[i]) != jsonOf(b[i]) {
			*diffs = append(*diffs, fmt.Sprintf("%s的第 %d 条不同：数据库中读回的与数据文件中的不一致。", what, i+1))
			return
		}
	}
}

// sameErrors compares the errors of two reads: done when either failed, with the
// difference to report ("" when both failed with the same code).
func sameErrors(what string, errA, errB error) (msg string, done bool) {
	switch {
	case errA == nil && errB == nil:
		return "", false
	case errA != nil && errB != nil && meeting.ErrorCode(errA) == meeting.ErrorCode(errB):
		return "", true
	case errB != nil:
		return fmt.Sprintf("%s无法从数据库读回：%s", what, meeting.ErrorMessage(errB)), true
	}
	return fmt.Sprintf("%s在数据文件中无法读取（%s），在数据库中却可以读取。", what, meeting.ErrorMessage(errA)), true
}

// jsonOf returns the JSON of v, the form both stores keep records in: two values
// with the same JSON are the same record (times compare by instant and offset).
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "unencodable: " + err.Error()
	}
	return string(b)
}
