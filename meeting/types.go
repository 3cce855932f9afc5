package meeting

import "time"

// ID identifies a record within one store; the store assigns it from a bbolt sequence.
type ID uint64

// Department is one entry of the directory of units that attend meetings (参会单位).
type Department struct {
	ID        ID       `json:"id,omitempty"`
	Name      string   `json:"name"`
	ShortName string   `json:"short_name,omitempty"`
	Sections  []string `json:"sections,omitempty"` // 科室
	Contact   string   `json:"contact,omitempty"`
	Phone     string   `json:"phone,omitempty"`
	Active    bool     `json:"active"`
	Order     int      `json:"order"`
}

// ApplicantKind tells an enterprise from a person.
type ApplicantKind string

// Applicant kinds.
const (
	Enterprise ApplicantKind = "enterprise" // 企业
	Person     ApplicantKind = "person"     // 个人
)

// Applicant is who brought the case (申请人).
type Applicant struct {
	Kind       ApplicantKind `json:"kind"`
	Name       string        `json:"name"`                  // enterprise or person name
	CreditCode string        `json:"credit_code,omitempty"` // 统一社会信用代码, enterprises only
	Contact    string        `json:"contact,omitempty"`     // contact person of an enterprise
	Phone      string        `json:"phone,omitempty"`
}

// Category is one of the three kinds of difficult cases the office sorts cases into.
type Category string

// Categories (三大类).
const (
	CategoryInvestment Category = "investment"  // 企业投资项目
	CategoryRealEstate Category = "real_estate" // 不动产权办理
	CategoryLivelihood Category = "livelihood"  // 其他民生问题
)

// Categories lists every category in display order.
var Categories = []Category{CategoryInvestment, CategoryRealEstate, CategoryLivelihood}

// Channel is how the case reached the office.
type Channel string

// Channels.
const (
	ChannelWindowEnterprise Channel = "window_enterprise" // 兜底窗口·企业
	ChannelWindowPerson     Channel = "window_person"     // 兜底窗口·个人
	ChannelHotline          Channel = "hotline"           // 营商环境咨询热线
	ChannelOnline           Channel = "online"            // 线上平台
	ChannelTownship         Channel = "township"          // 乡镇(街道)服务中心
	ChannelVisit            Channel = "visit"             // 走访排查
)

// Channels lists every channel in display order.
var Channels = []Channel{ChannelWindowEnterprise, ChannelWindowPerson, ChannelHotline, ChannelOnline, ChannelTownship, ChannelVisit}

// CaseStatus is where a case stands in the closed loop.
type CaseStatus string

// Case statuses.
const (
	CaseOpen   CaseStatus = "open"   // registered, not yet closed
	CaseClosed CaseStatus = "closed" // 办结
)

// Case is an applicant's request (诉求 / 疑难事项).
type Case struct {
	ID               ID         `json:"id,omitempty"`
	UID              string     `json:"uid,omitempty"` // stable across offices, for transfer
	Applicant        Applicant  `json:"applicant"`
	Category         Category   `json:"category"`
	Channel          Channel    `json:"channel"`
	Received         Date       `json:"received"`
	Title            string     `json:"title"`
	Request          string     `json:"request"`
	Background       string     `json:"background,omitempty"`
	MissingMaterials string     `json:"missing_materials,omitempty"`
	Status           CaseStatus `json:"status"`
	Created          time.Time  `json:"created"`
	Updated          time.Time  `json:"updated"`
	// The closed loop (see followup.go): the reply that closed the case, the day it
	// was closed, and every call-back, also those before a reopening.
	Reply        *Reply     `json:"reply,omitempty"`
	ClosedOn     Date       `json:"closed_on,omitzero"`
	CallBacks    []CallBack `json:"call_backs,omitempty"`
	ReopenReason string     `json:"reopen_reason,omitempty"` // why an unsatisfied call-back reopened it
}

// AttendanceStatus is how a department took part in a meeting.
type AttendanceStatus string

// Attendance statuses; GB/T 9704 lists the first three in 纪要.
const (
	Present  AttendanceStatus = "present"  // 出席
	Excused  AttendanceStatus = "excused"  // 请假
	Observer AttendanceStatus = "observer" // 列席
	Absent   AttendanceStatus = "absent"   // 缺席
)

// AttendanceStatuses lists every status in display order.
var AttendanceStatuses = []AttendanceStatus{Present, Excused, Observer, Absent}

// Attending reports whether the status means the department was in the room and can
// take on decisions (出席 or 列席).
func (s AttendanceStatus) Attending() bool { return s == Present || s == Observer }

// Attendance is one department at one meeting. Department is the name as printed in
// the minutes; it is the key of the row within the meeting, and decisions refer to it.
type Attendance struct {
	DepartmentID ID               `json:"department_id,omitempty"`
	Department   string           `json:"department"`
	Sections     []string         `json:"sections,omitempty"`
	Person       string           `json:"person"` // representative(s), 、-separated
	Position     string           `json:"position,omitempty"`
	Phone        string           `json:"phone,omitempty"`
	Status       AttendanceStatus `json:"status"`
}

// Host is who chaired the meeting (主持人).
type Host struct {
	Name     string `json:"name"`
	Position string `json:"position,omitempty"`
}

// Judgment is the meeting's answer to "should this be done?" (应不应该办).
type Judgment string

// Judgments.
const (
	JudgmentUndecided Judgment = ""       // not yet judged
	JudgmentShould    Judgment = "should" // 应办
	JudgmentDefer     Judgment = "defer"  // 暂缓
	JudgmentRefuse    Judgment = "refuse" // 不予办理
)

// Judgments lists the decided judgments in display order.
var Judgments = []Judgment{JudgmentShould, JudgmentDefer, JudgmentRefuse}

// PolicyBasis is a document cited as the basis of a decision (政策依据).
type PolicyBasis struct {
	Title  string `json:"title"`            // without 《》
	Issuer string `json:"issuer,omitempty"` // e.g. 建德市人民政府
	Clause string `json:"clause,omitempty"` // the article relied on
}

// Decision is one numbered decision (议定事项). Its number is its position in the
// agenda item, from 1.
type Decision struct {
	UID         string   `json:"uid,omitempty"` // stable, for follow-up items
	Text        string   `json:"text"`
	Lead        string   `json:"lead"`                  // 牵头单位: an attending department
	Cooperating []string `json:"cooperating,omitempty"` // 配合单位: attending departments
	Due         Date     `json:"due"`                   // 办理时限
	Note        string   `json:"note,omitempty"`        // 办理说明
}

// AgendaItem is one case as discussed in one meeting (议题).
type AgendaItem struct {
	CaseID         ID            `json:"case_id"`
	Summary        string        `json:"summary"` // "…的问题" heading text, after the applicant
	Discussion     string        `json:"discussion,omitempty"`
	Judgment       Judgment      `json:"judgment,omitempty"`
	JudgmentReason string        `json:"judgment_reason,omitempty"`
	Policies       []PolicyBasis `json:"policies,omitempty"`
	Decisions      []Decision    `json:"decisions,omitempty"`
	// Positions are the attending departments' positions (部门意见), in the order
	// they were given; a department without one said nothing on record.
	Positions []DepartmentPosition `json:"positions,omitempty"`
}

// State is where the minutes stand in their lifecycle.
type State string

// Lifecycle states: draft → finalized → signed → archived; amending returns to draft
// with the next revision number.
const (
	StateDraft     State = "draft"     // 草稿
	StateFinalized State = "finalized" // 已定稿
	StateSigned    State = "signed"    // 已签署
	StateArchived  State = "archived"  // 已归档
)

// States lists every state in lifecycle order.
var States = []State{StateDraft, StateFinalized, StateSigned, StateArchived}

// Revision records one finalized revision of the minutes. Revisions are numbered
// from 1 and never removed; each names the fingerprint of the one it replaces.
type Revision struct {
	N           int       `json:"n"`
	Reason      string    `json:"reason,omitempty"` // why it was amended; empty for revision 1
	FinalizedAt time.Time `json:"finalized_at"`
	Fingerprint string    `json:"fingerprint"`          // SHA-256 hex of the canonical content
	Replaces    string    `json:"replaces,omitempty"`   // fingerprint of revision N-1
	PDFHash     string    `json:"pdf_hash,omitempty"`   // SHA-256 hex of the archived PDF
	PDFPath     string    `json:"pdf_path,omitempty"`   // relative to the archive folder
	Scans       []Scan    `json:"scans,omitempty"`      // signed copies attached to this revision
	ArchivedAt  time.Time `json:"archived_at,omitzero"` // when the record was marked complete
	// Fonts lists the fonts the archived PDF is set in, so that a later reader can
	// tell which fonts printed it; empty for PDFs archived before it was kept.
	Fonts []FontUse `json:"fonts,omitempty"`
	// Deliveries are the 分送件 of this revision, one per attending department, due
	// from finalizing on (see Deliver); empty for revisions finalized before they
	// were kept and not migrated.
	Deliveries []Delivery `json:"deliveries,omitempty"`
}

// FontUse is one font a PDF is set in: for a role of the minutes (正文, 标题, 黑体,
// 楷体), the role's own font or, Fallback, one that set characters the role's font
// lacks.
type FontUse struct {
	Role     string `json:"role"`           // the role's Chinese name, as 正文
	Family   string `json:"family"`         // the name the font gives itself, as 仿宋_GB2312
	File     string `json:"file,omitempty"` // the font file's name; empty for an embedded font
	SHA256   string `json:"sha256"`         // of the font file, hex
	Fallback bool   `json:"fallback,omitempty"`
}

// Scan is a signed paper copy, scanned and attached to the revision it was signed on.
type Scan struct {
	Hash       string    `json:"hash"` // SHA-256 hex
	Path       string    `json:"path"` // relative to the archive folder
	MediaType  string    `json:"media_type"`
	Size       int64     `json:"size"`
	AttachedAt time.Time `json:"attached_at"`
}

// Meeting is one coordination meeting (协调会) and the draft or finalized minutes of it.
type Meeting struct {
	ID         ID           `json:"id,omitempty"`
	UID        string       `json:"uid,omitempty"`
	Title      string       `json:"title"`
	Date       Date         `json:"date"`
	Start      Clock        `json:"start"`
	End        Clock        `json:"end"`
	Venue      string       `json:"venue"`
	Host       Host         `json:"host"`
	Organizer  string       `json:"organizer"` // 牵头单位 that convened the meeting
	Recorder   string       `json:"recorder"`
	CopyTo     string       `json:"copy_to,omitempty"` // 抄送 line of the 版记
	Attendance []Attendance `json:"attendance"`
	// CarryOver is the first part of the minutes: decisions of earlier meetings
	// reported in the room (上次会议议定事项落实情况).
	CarryOver   []CarryOver  `json:"carry_over,omitempty"`
	Agenda      []AgendaItem `json:"agenda"`
	State       State        `json:"state"`
	Number      DocNumber    `json:"number,omitzero"`
	Revisions   []Revision   `json:"revisions,omitempty"`
	AmendReason string       `json:"amend_reason,omitempty"` // reason of the draft revision being prepared
	Created     time.Time    `json:"created"`
	Updated     time.Time    `json:"updated"`
}

// AttendanceOf returns the attendance row of the named department.
func (m *Meeting) AttendanceOf(department string) (Attendance, bool) {
	for _, a := range m.Attendance {
		if a.Department == department {
			return a, true
		}
	}
	return Attendance{}, false
}

// AttendingDepartments returns the names of departments present or observing, in
// attendance order: the only ones that may lead or cooperate on a decision.
func (m *Meeting) AttendingDepartments() []string {
	var out []string
	for _, a := range m.Attendance {
		if a.Status.Attending() {
			out = append(out, a.Department)
		}
	}
	return out
}

// Counts returns how many departments and sections are attending (出席 or 列席), as
// shown live during check-in: "6 个部门 · 9 个科室".
func (m *Meeting) Counts() (departments, sections int) {
	for _, a := range m.Attendance {
		if a.Status.Attending() {
			departments++
			sections += len(a.Sections)
		}
	}
	return departments, sections
}
