package meeting

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Delivery of excerpts (分送与签收): finalizing a revision makes each attending
// department's 分送件 due; the office then records when and how it was handed over
// and who received it, and may attach the signed receipt. Deliveries belong to the
// revision's record, like the signed scans: they happen after the content was fixed,
// so the fingerprint does not cover them.

// DeliveryMethod is how an excerpt was handed over.
type DeliveryMethod string

// Delivery methods, in display order.
const (
	DeliveredOnSite   DeliveryMethod = "on_site"  // 当场领取
	DeliveredByPost   DeliveryMethod = "post"     // 邮寄
	DeliveredIntranet DeliveryMethod = "intranet" // 内网
)

// DeliveryMethods lists every method in display order.
var DeliveryMethods = []DeliveryMethod{DeliveredOnSite, DeliveredByPost, DeliveredIntranet}

// Valid reports whether d is a known method.
func (d DeliveryMethod) Valid() bool { return slices.Contains(DeliveryMethods, d) }

// Label returns the Chinese name of the method ("" while the excerpt is due).
func (d DeliveryMethod) Label() string {
	switch d {
	case DeliveredOnSite:
		return "当场领取"
	case DeliveredByPost:
		return "邮寄"
	case DeliveredIntranet:
		return "内网"
	}
	return string(d)
}

// ParseDeliveryMethod accepts a method's code or its Chinese name.
func ParseDeliveryMethod(s string) (DeliveryMethod, bool) {
	s = strings.TrimSpace(s)
	for _, d := range DeliveryMethods {
		if s == string(d) || s == d.Label() {
			return d, true
		}
	}
	return "", false
}

// Delivery is one department's excerpt of one finalized revision. Method empty: due,
// not handed over yet.
type Delivery struct {
	Department string         `json:"department"`
	Method     DeliveryMethod `json:"method,omitempty"`
	On         Date           `json:"on,omitzero"`           // the day it was handed over
	ReceivedBy string         `json:"received_by,omitempty"` // who received it
	RecordedAt time.Time      `json:"recorded_at,omitzero"`  // when it was recorded
	Receipt    *Scan          `json:"receipt,omitempty"`     // the signed receipt, scanned
}

// Delivered reports whether the excerpt was handed over.
func (d Delivery) Delivered() bool { return d.Method != "" }

// Status says where the delivery stands, in Chinese.
func (d Delivery) Status() string {
	switch {
	case !d.Delivered():
		return "未送达"
	case d.Receipt != nil:
		return "已签收（回执已存档）"
	}
	return "已送达"
}

// DueDeliveries returns a due delivery for every department attending (出席 or 列席),
// in attendance order: each gets its 分送件.
func DueDeliveries(m *Meeting) []Delivery {
	var out []Delivery
	for _, name := range m.AttendingDepartments() {
		out = append(out, Delivery{Department: name})
	}
	return out
}

// DeliveryRevision returns the revision whose excerpts are being delivered: the last
// finalized one (also while its amendment is drafted), and false when there is none.
func (m *Meeting) DeliveryRevision() (*Revision, bool) {
	if len(m.Revisions) == 0 {
		return nil, false
	}
	return &m.Revisions[len(m.Revisions)-1], true
}

// Undelivered returns the departments whose excerpt of the last finalized revision is
// not delivered yet, in attendance order.
func (m *Meeting) Undelivered() []string {
	rev, ok := m.DeliveryRevision()
	if !ok {
		return nil
	}
	var out []string
	for _, d := range rev.Deliveries {
		if !d.Delivered() {
			out = append(out, d.Department)
		}
	}
	return out
}

// DeliveryRecord is what the office records about a handed-over excerpt.
type DeliveryRecord struct {
	Department string
	Method     DeliveryMethod
	On         Date
	ReceivedBy string
}

// deliveryOf finds the department's delivery in the revision, or explains why the
// revision has none for it.
func (m *Meeting) deliveryOf(department string) (*Revision, *Delivery, error) {
	rev, ok := m.DeliveryRevision()
	if !ok {
		return nil, nil, &Error{Code: CodeState, Message: "会议纪要尚未定稿，没有要分送的分送件。"}
	}
	for i := range rev.Deliveries {
		if rev.Deliveries[i].Department == department {
			return rev, &rev.Deliveries[i], nil
		}
	}
	var names []string
	for _, d := range rev.Deliveries {
		names = append(names, d.Department)
	}
	msg := fmt.Sprintf("「%s」不在会议纪要%s第 %d 版的分送单位中。", department, m.Number, rev.N)
	if len(names) > 0 {
		msg += "分送单位：" + strings.Join(names, "、") + "。"
	}
	return nil, nil, &Error{Code: CodeNotFound, Message: msg}
}

// Deliver records that the department's excerpt of the last finalized revision was
// handed over. A record may be corrected until the signed receipt is attached; after
// that it is evidence and stays. The day must lie between the meeting and today
// (at's date).
func Deliver(m *Meeting, rec DeliveryRecord, at time.Time) error {
	rec.Department = CleanLine(rec.Department)
	rec.ReceivedBy = CleanLine(rec.ReceivedBy)
	var ps Problems
	if rec.Department == "" {
		ps.add("department", "请填写分送单位。")
	}
	if !rec.Method.Valid() {
		ps.add("method", "请选择送达方式（当场领取、邮寄或内网）。")
	}
	ps.checkText(rec.ReceivedBy, textRule{"received_by", "签收人", true, MaxName, false})
	today := DateOf(at)
	switch {
	case rec.On.IsZero():
		ps.add("on", "请填写送达日期。")
	default:
		ps.checkDate(rec.On, "on", "送达日期")
		if rec.On.Valid() && !m.Date.IsZero() && rec.On.Before(m.Date) {
			ps.add("on", "送达日期%s早于会议日期%s。", rec.On.Chinese(), m.Date.Chinese())
		}
		if rec.On.Valid() && today.Before(rec.On) {
			ps.add("on", "送达日期%s晚于今天（%s），不能预先登记。", rec.On.Chinese(), today.Chinese())
		}
	}
	if err := ps.Err(); err != nil {
		return err
	}
	rev, d, err := m.deliveryOf(rec.Department)
	if err != nil {
		return err
	}
	if d.Receipt != nil {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("「%s」的分送件（第 %d 版）已附签收回执，送达记录不能再改。", d.Department, rev.N)}
	}
	d.Method, d.On, d.ReceivedBy = rec.Method, rec.On, rec.ReceivedBy
	d.RecordedAt = at.UTC().Truncate(time.Second)
	m.Updated = at
	return nil
}

// AttachReceipt attaches the signed receipt of a delivered excerpt. The file must be
// in place in the archive before the record is stored.
func AttachReceipt(m *Meeting, department string, scan Scan, at time.Time) error {
	rev, d, err := m.deliveryOf(CleanLine(department))
	if err != nil {
		return err
	}
	if !d.Delivered() {
		return &Error{Code: CodeState, Message: fmt.Sprintf("「%s」的分送件（第 %d 版）尚未登记送达，请先登记送达方式和签收人，再附签收回执。", d.Department, rev.N)}
	}
	if d.Receipt != nil {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("「%s」的分送件（第 %d 版）已附签收回执（%s）。", d.Department, rev.N, d.Receipt.Path)}
	}
	scan.Hash = strings.ToLower(scan.Hash)
	if err := scan.Validate().Err(); err != nil {
		return err
	}
	if user := m.archivePathUser(scan.Path); user != "" {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("存档路径 %s 已被会议纪要%s的%s使用，签收回执不能存到同一个文件。", scan.Path, m.Number, user)}
	}
	if scan.AttachedAt.IsZero() {
		scan.AttachedAt = at.UTC().Truncate(time.Second)
	}
	d.Receipt = &scan
	m.Updated = at
	return nil
}

// changedDelivery returns the first delivery that differs between two versions of
// a meeting, for the audit log.
func changedDelivery(before, after *Meeting) (int, Delivery, bool) {
	for i, rev := range after.Revisions {
		for j, d := range rev.Deliveries {
			if i >= len(before.Revisions) || j >= len(before.Revisions[i].Deliveries) || !sameDelivery(before.Revisions[i].Deliveries[j], d) {
				return rev.N, d, true
			}
		}
	}
	return 0, Delivery{}, false
}

func sameDelivery(a, b Delivery) bool {
	return a.Department == b.Department && a.Method == b.Method && a.On == b.On && a.ReceivedBy == b.ReceivedBy &&
		(a.Receipt == nil) == (b.Receipt == nil) && (a.Receipt == nil || *a.Receipt == *b.Receipt)
}
