package meeting

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AuditAction names what a change to a meeting did.
type AuditAction string

// Audit actions, one for each way a meeting changes.
const (
	AuditCreate    AuditAction = "create"     // a draft was created in the form
	AuditEdit      AuditAction = "edit"       // a draft was edited
	AuditFinalize  AuditAction = "finalize"   // 定稿: a revision was locked
	AuditAmend     AuditAction = "amend"      // 修订: the next revision was opened
	AuditRecordPDF AuditAction = "record_pdf" // a revision's PDF was archived
	AuditAttach    AuditAction = "attach"     // 签署: a signed scan was attached
	AuditArchive   AuditAction = "archive"    // 归档
	AuditImport    AuditAction = "import"     // a draft was created from a meeting file
	AuditDelete    AuditAction = "delete"     // a draft never finalized was deleted
	AuditDeliver   AuditAction = "deliver"    // 分送: an excerpt's delivery was recorded
	AuditReceipt   AuditAction = "receipt"    // 签收: an excerpt's signed receipt was attached
)

// Label returns the Chinese name of the action.
func (a AuditAction) Label() string {
	switch a {
	case AuditCreate:
		return "新建"
	case AuditEdit:
		return "修改"
	case AuditFinalize:
		return "定稿"
	case AuditAmend:
		return "修订"
	case AuditRecordPDF:
		return "存档 PDF"
	case AuditAttach:
		return "附加签字扫描件"
	case AuditArchive:
		return "归档"
	case AuditImport:
		return "导入"
	case AuditDelete:
		return "删除"
	case AuditDeliver:
		return "登记分送"
	case AuditReceipt:
		return "附加签收回执"
	}
	return string(a)
}

// AuditEntry is one change to a meeting in its audit log. The log is append-only: it
// answers "who changed what, and when" years later, also for a deleted draft.
type AuditEntry struct {
	At       time.Time   `json:"at"` // when the change was stored, by the store's clock
	Action   AuditAction `json:"action"`
	Revision int         `json:"revision"` // the revision the change concerns
	Detail   string      `json:"detail"`   // what changed, in Chinese
}

// DescribeChange returns the audit entry of a change from before to after: before is
// nil for a new meeting, after nil for a deleted one. It reports false for an edit
// that changed nothing a person wrote (a save of the same content), which is not
// worth an entry.
func DescribeChange(action AuditAction, before, after *Meeting, at time.Time) (AuditEntry, bool) {
	e := AuditEntry{At: at, Action: action}
	switch action {
	case AuditCreate, AuditImport:
		e.Revision = after.Revision()
		verb := "新建"
		if action == AuditImport {
			verb = "从会议文件导入"
		}
		e.Detail = verb + "会议草稿"
		if after.Title != "" {
			e.Detail = fmt.Sprintf("%s会议「%s」", verb, after.Title)
		}
		if action == AuditImport {
			e.Detail += fmt.Sprintf("，含 %d 个议题、%d 个参会单位", len(after.Agenda), len(after.Attendance))
		}
	case AuditEdit:
		changed := ChangedFields(before, after)
		if len(changed) == 0 {
			return e, false
		}
		e.Revision = after.Revision()
		e.Detail = "修改：" + strings.Join(changed, "、")
	case AuditFinalize:
		rev, _ := after.LastRevision()
		e.Revision = rev.N
		e.Detail = fmt.Sprintf("定稿第 %d 版，文号%s，指纹 %s", rev.N, after.Number, rev.Fingerprint)
		if rev.N > 1 {
			e.Detail += fmt.Sprintf("；替代第 %d 版（指纹 %s），修订理由：%s", rev.N-1, rev.Replaces, rev.Reason)
		}
	case AuditAmend:
		e.Revision = after.Revision()
		e.Detail = fmt.Sprintf("发起第 %d 版修订，修订理由：%s", e.Revision, after.AmendReason)
	case AuditRecordPDF:
		for i, rev := range after.Revisions {
			if i >= len(before.Revisions) || before.Revisions[i].PDFHash != rev.PDFHash {
				e.Revision = rev.N
				e.Detail = fmt.Sprintf("存档第 %d 版定稿 PDF：%s（SHA-256 %s）", rev.N, rev.PDFPath, rev.PDFHash)
			}
		}
	case AuditAttach:
		rev, _ := after.LastRevision()
		e.Revision = rev.N
		if len(rev.Scans) > 0 {
			sc := rev.Scans[len(rev.Scans)-1]
			e.Detail = fmt.Sprintf("为第 %d 版附加签字扫描件：%s（%s，%d 字节，SHA-256 %s）", rev.N, sc.Path, sc.MediaType, sc.Size, sc.Hash)
		}
	case AuditArchive:
		rev, _ := after.LastRevision()
		e.Revision = rev.N
		e.Detail = fmt.Sprintf("第 %d 版归档，共 %d 份签字扫描件", rev.N, len(rev.Scans))
	case AuditDeliver, AuditReceipt:
		n, d, ok := changedDelivery(before, after)
		if !ok {
			return e, false // the same delivery recorded again
		}
		e.Revision = n
		if action == AuditReceipt && d.Receipt != nil {
			e.Detail = fmt.Sprintf("为第 %d 版「%s」的分送件附加签收回执：%s（%s，%d 字节，SHA-256 %s）", n, d.Department, d.Receipt.Path, d.Receipt.MediaType, d.Receipt.Size, d.Receipt.Hash)
		} else {
			e.Detail = fmt.Sprintf("第 %d 版「%s」的分送件已送达：%s %s，签收人 %s", n, d.Department, d.On.Chinese(), d.Method.Label(), d.ReceivedBy)
		}
	case AuditDelete:
		e.Revision = before.Revision()
		e.Detail = "删除从未定稿的草稿"
		if before.Title != "" {
			e.Detail = fmt.Sprintf("删除从未定稿的草稿「%s」", before.Title)
		}
	}
	return e, true
}

// editableFields are the fields of a meeting a person edits, with the names the form
// shows them under, in form order.
var editableFields = []struct {
	label string
	value func(m *Meeting) any
}{
	{"会议名称", func(m *Meeting) any { return m.Title }},
	{"会议日期", func(m *Meeting) any { return m.Date }},
	{"开始时间", func(m *Meeting) any { return m.Start }},
	{"结束时间", func(m *Meeting) any { return m.End }},
	{"会议地点", func(m *Meeting) any { return m.Venue }},
	{"主持人", func(m *Meeting) any { return m.Host }},
	{"牵头单位", func(m *Meeting) any { return m.Organizer }},
	{"记录人", func(m *Meeting) any { return m.Recorder }},
	{"抄送", func(m *Meeting) any { return m.CopyTo }},
	{"参会单位", func(m *Meeting) any { return emptyAsNil(m.Attendance) }},
	{"议题", func(m *Meeting) any { return emptyAsNil(m.Agenda) }},
	{"修订理由", func(m *Meeting) any { return m.AmendReason }},
}

// emptyAsNil makes an empty list compare equal to a missing one.
func emptyAsNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// ChangedFields returns the names of the editable fields (as the form labels them)
// whose content differs between before and after. Content is compared as stored, so
// an empty list and a missing one are the same.
func ChangedFields(before, after *Meeting) []string {
	var out []string
	for _, f := range editableFields {
		a, errA := json.Marshal(f.value(before))
		b, errB := json.Marshal(f.value(after))
		if errA != nil || errB != nil || string(a) != string(b) {
			out = append(out, f.label)
		}
	}
	return out
}
