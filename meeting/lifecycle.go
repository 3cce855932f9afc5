package meeting

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// Minutes is a meeting together with the cases on its agenda: everything the printed
// minutes show, and what a revision's fingerprint is computed over.
type Minutes struct {
	Meeting Meeting `json:"meeting"`
	Cases   []Case  `json:"cases"` // the agenda's cases, in agenda order
}

// Case returns the agenda case with the given ID.
func (mn *Minutes) Case(id ID) (Case, bool) {
	for _, c := range mn.Cases {
		if c.ID == id {
			return c, true
		}
	}
	return Case{}, false
}

// Validate validates the meeting against the cases it carries.
func (mn *Minutes) Validate() Problems {
	return mn.Meeting.Validate(mn.Case)
}

// Revision returns the number of the revision the minutes show: the last finalized
// one, or the one being drafted (1 for a meeting never finalized).
func (m *Meeting) Revision() int {
	if m.State == StateDraft {
		return len(m.Revisions) + 1
	}
	return len(m.Revisions)
}

// LastRevision returns the newest finalized revision, if any.
func (m *Meeting) LastRevision() (Revision, bool) {
	if len(m.Revisions) == 0 {
		return Revision{}, false
	}
	return m.Revisions[len(m.Revisions)-1], true
}

// Editable reports whether the meeting may be changed in place: only drafts may.
func (m *Meeting) Editable() bool { return m.State == StateDraft || m.State == "" }

// CheckEditable returns an error with CodeLocked unless the meeting is a draft.
func (m *Meeting) CheckEditable() error {
	if m.Editable() {
		return nil
	}
	return &Error{Code: CodeLocked, Message: fmt.Sprintf("会议纪要%s当前为「%s」，已锁定，不能直接修改；如需更改，请先发起修订并填写修订理由。", m.Number, m.State.Label())}
}

// Edit copies the editable content of from into the stored meeting m, keeping m's
// identity and lifecycle fields (state, number, revisions), which only the lifecycle
// functions change. It refuses when m is locked.
func (m *Meeting) Edit(from Meeting, at time.Time) error {
	if err := m.CheckEditable(); err != nil {
		return err
	}
	keep := *m
	*m = from
	m.ID, m.UID, m.Created = keep.ID, keep.UID, keep.Created
	m.State, m.Number, m.Revisions = StateDraft, keep.Number, keep.Revisions
	if len(keep.Revisions) == 0 {
		m.AmendReason = ""
	}
	m.Updated = at
	return nil
}

// Finalize locks a draft as its next revision (定稿). number is used when the meeting
// has none yet (its first finalization); amendments keep their number. Finalizing
// refuses while Validate finds problems.
func Finalize(mn *Minutes, number DocNumber, at time.Time) error {
	m := &mn.Meeting
	if !m.Editable() {
		return &Error{Code: CodeState, Message: fmt.Sprintf("只有草稿可以定稿；该会议纪要当前为「%s」。", m.State.Label())}
	}
	if err := mn.Validate().Err(); err != nil {
		return err
	}
	if m.Number.IsZero() {
		if number.IsZero() {
			return &Error{Code: CodeInternal, Message: "定稿时未能分配文号。"}
		}
		m.Number = number
	}
	rev := mn.pendingRevision()
	rev.FinalizedAt = at.UTC().Truncate(time.Second)
	rev.Deliveries = DueDeliveries(m)
	m.State = StateFinalized
	m.AmendReason = ""
	m.Updated = at
	m.Revisions = append(m.Revisions, rev)
	m.Revisions[len(m.Revisions)-1].Fingerprint = mn.Fingerprint()
	return nil
}

// Amend opens the next revision of finalized minutes as an editable draft (修订).
// The reason is required and is printed on the new revision.
func Amend(m *Meeting, reason string, at time.Time) error {
	if m.Editable() {
		return &Error{Code: CodeState, Message: "草稿可以直接修改，无需修订。"}
	}
	reason = CleanText(reason)
	var ps Problems
	ps.checkText(reason, textRule{"amend_reason", "修订理由", true, MaxLongText, true})
	if err := ps.Err(); err != nil {
		return err
	}
	m.State = StateDraft
	m.AmendReason = reason
	m.Updated = at
	return nil
}

// Sign attaches a scan of the signed paper copy to the current revision (签署). The
// revision's PDF must be archived first (RecordPDF): the departments sign a print of
// it, and an archived record without the PDF it was signed on would be incomplete.
// The scan must pass Scan.Validate, and the same file is not attached twice. A scan
// without AttachedAt gets at.
func Sign(m *Meeting, scan Scan, at time.Time) error {
	if m.State != StateFinalized && m.State != StateSigned {
		return &Error{Code: CodeState, Message: fmt.Sprintf("只有已定稿的会议纪要可以附加签字扫描件；该会议纪要当前为「%s」。", m.State.Label())}
	}
	last := &m.Revisions[len(m.Revisions)-1]
	if last.PDFHash == "" {
		return &Error{Code: CodeState, Message: fmt.Sprintf("会议纪要%s第 %d 版的定稿 PDF 尚未存档，不能附加签字扫描件；请先生成并存档定稿 PDF。", m.Number, last.N)}
	}
	scan.Hash = strings.ToLower(scan.Hash)
	if err := scan.Validate().Err(); err != nil {
		return err
	}
	for _, sc := range last.Scans {
		if sc.Hash == scan.Hash {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("这份签字扫描件（SHA-256 %s）已附加到会议纪要%s第 %d 版（%s），无需重复附加。", scan.Hash, m.Number, last.N, sc.Path)}
		}
	}
	if user := m.archivePathUser(scan.Path); user != "" {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("存档路径 %s 已被会议纪要%s的%s使用，签字扫描件不能存到同一个文件。", scan.Path, m.Number, user)}
	}
	if scan.AttachedAt.IsZero() {
		scan.AttachedAt = at.UTC().Truncate(time.Second)
	}
	last.Scans = append(last.Scans, scan)
	m.State = StateSigned
	m.Updated = at
	return nil
}

// RecordPDF records the archived PDF of finalized revision n: path relative to the
// archive folder, slash-separated as io/fs names paths, and the file's SHA-256 in hex.
// Any finalized revision may get its PDF, also an earlier one while the next is being
// drafted. Recording the same file again changes nothing and reports false; a
// different file for a revision that has one is refused with CodeConflict, because
// the recorded file is the one that was printed and signed. A revision still being
// drafted is refused with CodeState, one that does not exist with CodeNotFound.
// fonts, the fonts the PDF is set in, are recorded with it.
func RecordPDF(m *Meeting, n int, path, hash string, fonts ...FontUse) (changed bool, err error) {
	hash = strings.ToLower(hash)
	var ps Problems
	ps.checkArchivePath(path, "pdf_path", "定稿 PDF 的存档路径")
	ps.checkHash(hash, "pdf_hash", "定稿 PDF 的 SHA-256 校验值")
	if err := ps.Err(); err != nil {
		return false, err
	}
	if n < 1 || n > len(m.Revisions) {
		if n == len(m.Revisions)+1 && m.Editable() {
			return false, &Error{Code: CodeState, Message: fmt.Sprintf("会议纪要第 %d 版还是草稿，尚未定稿，不能存档它的 PDF。", n)}
		}
		return false, &Error{Code: CodeNotFound, Message: fmt.Sprintf("会议纪要%s没有第 %d 版定稿。", m.Number, n)}
	}
	rev := &m.Revisions[n-1]
	switch {
	case rev.PDFHash == hash && rev.PDFPath == path:
		return false, nil
	case rev.PDFHash != "":
		return false, &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"会议纪要%s第 %d 版已存档了定稿 PDF（%s，SHA-256 %s），不能换成另一个文件（%s，SHA-256 %s）。已存档的 PDF 是各部门签字所依据的文本，不能替换。",
			m.Number, n, rev.PDFPath, rev.PDFHash, path, hash)}
	}
	if user := m.archivePathUser(path); user != "" {
		return false, &Error{Code: CodeConflict, Message: fmt.Sprintf("存档路径 %s 已被会议纪要%s的%s使用，第 %d 版的定稿 PDF 不能存到同一个文件。", path, m.Number, user, n)}
	}
	rev.PDFHash, rev.PDFPath, rev.Fonts = hash, path, slices.Clone(fonts)
	return true, nil
}

// archivePathUser names the file of the meeting's archive recorded under path (a
// revision's PDF or a signed scan), or returns "": two records naming one file would
// mean the second file overwrote the first.
func (m *Meeting) archivePathUser(path string) string {
	for _, rev := range m.Revisions {
		if rev.PDFPath == path {
			return fmt.Sprintf("第 %d 版定稿 PDF", rev.N)
		}
		for _, sc := range rev.Scans {
			if sc.Path == path {
				return fmt.Sprintf("第 %d 版的签字扫描件", rev.N)
			}
		}
		for _, d := range rev.Deliveries {
			if d.Receipt != nil && d.Receipt.Path == path {
				return fmt.Sprintf("第 %d 版「%s」的签收回执", rev.N, d.Department)
			}
		}
	}
	return ""
}

// ScanMediaTypes are the kinds of file a signed scan may be, recognised by content.
var ScanMediaTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// Validate returns the problems of a scan's record: its path in the archive, its
// SHA-256, its media type and its size.
func (sc *Scan) Validate() Problems {
	var ps Problems
	ps.checkArchivePath(sc.Path, "scan.path", "签字扫描件的存档路径")
	ps.checkHash(sc.Hash, "scan.hash", "签字扫描件的 SHA-256 校验值")
	if !slices.Contains(ScanMediaTypes, sc.MediaType) {
		ps.add("scan.media_type", "签字扫描件的文件类型「%s」不受支持：只能是 PDF、JPEG 或 PNG。", sc.MediaType)
	}
	if sc.Size <= 0 {
		ps.add("scan.size", "签字扫描件是空文件。")
	}
	return ps
}

// checkArchivePath requires a path inside the archive folder: relative,
// slash-separated, without "." or ".." elements (fs.ValidPath).
func (ps *Problems) checkArchivePath(path, field, label string) {
	if path == "" || path == "." || !fs.ValidPath(path) || strings.Contains(path, "\\") {
		ps.add(field, "%s「%s」无效：应为存档目录内的相对路径，用 / 分隔，不含 . 或 .. 。", label, path)
	}
}

// checkHash requires a SHA-256 in lower-case hex.
func (ps *Problems) checkHash(hash, field, label string) {
	if len(hash) != sha256.Size*2 || strings.Trim(hash, "0123456789abcdef") != "" {
		ps.add(field, "%s「%s」无效：应为 64 位十六进制数字。", label, hash)
	}
}

// Archive marks a signed record complete (归档).
func Archive(m *Meeting, at time.Time) error {
	if m.State != StateSigned {
		return &Error{Code: CodeState, Message: fmt.Sprintf("只有已签署（已附签字扫描件）的会议纪要可以归档；该会议纪要当前为「%s」。", m.State.Label())}
	}
	m.Revisions[len(m.Revisions)-1].ArchivedAt = at.UTC().Truncate(time.Second)
	m.State = StateArchived
	m.Updated = at
	return nil
}

// pendingRevision describes the revision the minutes show: the last finalized one,
// or for a draft the one that finalizing would create.
func (mn *Minutes) pendingRevision() Revision {
	m := &mn.Meeting
	if !m.Editable() {
		rev, _ := m.LastRevision()
		return rev
	}
	rev := Revision{N: len(m.Revisions) + 1, Reason: m.AmendReason}
	if last, ok := m.LastRevision(); ok {
		rev.Replaces = last.Fingerprint
	}
	return rev
}

// CurrentRevision returns the revision the minutes show (see pendingRevision), with
// its fingerprint filled in for a draft too.
func (mn *Minutes) CurrentRevision() Revision {
	rev := mn.pendingRevision()
	if rev.Fingerprint == "" {
		rev.Fingerprint = mn.Fingerprint()
	}
	return rev
}

// canonicalMinutes is the content a fingerprint covers: what the minutes say, with
// their number and revision, and nothing that changes without changing the text
// (record IDs, timestamps of edits, lifecycle state, attached scans).
type canonicalMinutes struct {
	Format      string       `json:"format"`
	Number      string       `json:"number"`
	Revision    int          `json:"revision"`
	Reason      string       `json:"reason"`
	Replaces    string       `json:"replaces"`
	FinalizedAt string       `json:"finalized_at"`
	Title       string       `json:"title"`
	Date        Date         `json:"date"`
	Start       Clock        `json:"start"`
	End         Clock        `json:"end"`
	Venue       string       `json:"venue"`
	Host        Host         `json:"host"`
	Organizer   string       `json:"organizer"`
	Recorder    string       `json:"recorder"`
	CopyTo      string       `json:"copy_to"`
	Attendance  []Attendance `json:"attendance"`
	// CarryOver is part of what was decided; omitempty keeps the fingerprints of
	// minutes finalized before it existed.
	CarryOver []canonicalCarry `json:"carry_over,omitempty"`
	Agenda    []canonicalItem  `json:"agenda"`
}

// canonicalCarry is a carry-over entry without the follow-up item's record ID.
type canonicalCarry struct {
	Number string      `json:"number"`
	Text   string      `json:"text"`
	Lead   string      `json:"lead"`
	Due    Date        `json:"due"`
	Status CarryStatus `json:"status"`
	Note   string      `json:"note"`
}

type canonicalItem struct {
	Case           canonicalCase `json:"case"`
	Summary        string        `json:"summary"`
	Discussion     string        `json:"discussion"`
	Judgment       Judgment      `json:"judgment"`
	JudgmentReason string        `json:"judgment_reason"`
	Policies       []PolicyBasis `json:"policies"`
	Decisions      []Decision    `json:"decisions"`
	// Positions are part of what was decided. omitempty keeps the canonical bytes, and
	// so the fingerprints, of minutes finalized before positions existed.
	Positions []DepartmentPosition `json:"positions,omitempty"`
}

type canonicalCase struct {
	UID              string    `json:"uid"`
	Applicant        Applicant `json:"applicant"`
	Category         Category  `json:"category"`
	Channel          Channel   `json:"channel"`
	Received         Date      `json:"received"`
	Title            string    `json:"title"`
	Request          string    `json:"request"`
	Background       string    `json:"background"`
	MissingMaterials string    `json:"missing_materials"`
}

// Canonical returns the canonical JSON of the minutes as they stand: the bytes the
// fingerprint is the SHA-256 of. Field order is fixed by the struct, so the bytes are
// stable across runs and platforms.
func (mn *Minutes) Canonical() []byte {
	m := &mn.Meeting
	rev := mn.pendingRevision()
	c := canonicalMinutes{
		Format: "backstop-minutes/1", Number: m.Number.String(), Revision: rev.N,
		Reason: rev.Reason, Replaces: rev.Replaces,
		Title: m.Title, Date: m.Date, Start: m.Start, End: m.End, Venue: m.Venue,
		Host: m.Host, Organizer: m.Organizer, Recorder: m.Recorder, CopyTo: m.CopyTo,
		Attendance: m.Attendance,
	}
	if !rev.FinalizedAt.IsZero() {
		c.FinalizedAt = rev.FinalizedAt.UTC().Format(time.RFC3339)
	}
	for _, co := range m.CarryOver {
		c.CarryOver = append(c.CarryOver, canonicalCarry{Number: co.Number.String(), Text: co.Text, Lead: co.Lead, Due: co.Due, Status: co.Status, Note: co.Note})
	}
	for _, it := range m.Agenda {
		cs, _ := mn.Case(it.CaseID)
		c.Agenda = append(c.Agenda, canonicalItem{
			Case: canonicalCase{
				UID: cs.UID, Applicant: cs.Applicant, Category: cs.Category, Channel: cs.Channel,
				Received: cs.Received, Title: cs.Title, Request: cs.Request,
				Background: cs.Background, MissingMaterials: cs.MissingMaterials,
			},
			Summary: it.Summary, Discussion: it.Discussion, Judgment: it.Judgment,
			JudgmentReason: it.JudgmentReason, Policies: it.Policies, Decisions: it.Decisions,
			Positions: it.Positions,
		})
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic("meeting: canonical minutes cannot be marshalled: " + err.Error()) // only plain types: unreachable
	}
	return b
}

// Fingerprint returns the SHA-256 of Canonical in lower-case hex. The minutes print its
// first 12 digits on every page, so a substituted page shows.
func (mn *Minutes) Fingerprint() string {
	sum := sha256.Sum256(mn.Canonical())
	return hex.EncodeToString(sum[:])
}
