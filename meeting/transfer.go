package meeting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Transfer between offices (转办包, docs/transfer.md): a township service centre
// hands the cases it registered, with the meetings they were discussed in, to the
// city office. The records are JSON documents that name each other by UID, never
// by the IDs of one store; what a record holds, which records a selection takes,
// how an incoming record is judged against the one a store has and how it is
// rewritten for the receiving store are decided here, once, for every store. A
// store only reads and writes (TransferSource, TransferTarget), inside one of its
// transactions. The container (a zip with a manifest of SHA-256 hashes) is
// export/transfer's business: to it the records are entry names and bytes.

// Entry names of the records in a transfer package.
const (
	TransferDepartments = "departments.json" // the directory entries the meetings name
	TransferCasesDir    = "cases/"           // cases/<uid>.json: one case
	TransferMeetingsDir = "meetings/"        // meetings/<uid>.json: one meeting with its revisions and follow-up items
)

// TransferSelection says what to export. The cases named go with every meeting
// they were discussed in; the meetings named go with every case on their agenda
// (and in their finalized revisions). All exports every case and meeting.
type TransferSelection struct {
	Cases    []ID
	CaseUIDs []string
	Meetings []ID
	All      bool
}

// TransferSet is what a store's TransferOut collects: the records by entry name, and
// the archive files they name.
type TransferSet struct {
	Records map[string][]byte
	// Files maps the SHA-256 (hex) of every archived PDF, signed scan and receipt the
	// meetings record to its path relative to the archive folder.
	Files       map[string]string
	Cases       int
	Meetings    int
	Departments int
}

// TransferMeeting is the record of one meeting in a transfer package. Nothing in it
// is an ID of the exporting store: the agenda's case IDs are zero and the cases are
// named by UID in AgendaCases (one per agenda item); attendance rows name their
// department by name only.
type TransferMeeting struct {
	Meeting     Meeting            `json:"meeting"`
	AgendaCases []string           `json:"agenda_cases"`
	Revisions   []TransferRevision `json:"revisions,omitempty"`
	FollowUps   []TransferFollowUp `json:"follow_ups,omitempty"`
}

// TransferRevision is the snapshot of one finalized revision, as it was finalized.
// Its content is covered by the revision's fingerprint and travels unchanged: only
// the IDs (meeting, agenda case IDs, case IDs), which the fingerprint does not
// cover, are zero, with AgendaCases naming the case of each agenda item and Cases
// the stored case each of the snapshot's cases is a copy of.
type TransferRevision struct {
	Minutes     Minutes  `json:"minutes"`
	AgendaCases []string `json:"agenda_cases"`
	Cases       []string `json:"cases"`
}

// TransferFollowUp is a follow-up item with its case named by UID; its ID, meeting
// ID and case ID are zero.
type TransferFollowUp struct {
	FollowUp
	CaseUID string `json:"case_uid"`
}

// TransferDepartment is a directory entry without its ID and display order, which
// belong to one store.
type TransferDepartment struct {
	Name      string   `json:"name"`
	ShortName string   `json:"short_name,omitempty"`
	Sections  []string `json:"sections,omitempty"`
	Contact   string   `json:"contact,omitempty"`
	Phone     string   `json:"phone,omitempty"`
	Active    bool     `json:"active"`
}

// TransferSource is what collecting a transfer package reads from a store, all in
// one read transaction of the store's.
type TransferSource interface {
	// CaseIDs and MeetingIDs return the IDs of every stored case and meeting.
	CaseIDs() ([]ID, error)
	MeetingIDs() ([]ID, error)
	// CasesByUID returns the IDs of the stored cases with the given UIDs (lower
	// case); of several cases with one UID, the lowest ID. A UID no case has is
	// left out.
	CasesByUID(uids []string) (map[string]ID, error)
	// Case and Meeting return one record with its ID, CodeNotFound when there is none.
	Case(id ID) (Case, error)
	Meeting(id ID) (Meeting, error)
	// MeetingsOfCase returns the meetings whose agenda has the case.
	MeetingsOfCase(id ID) ([]ID, error)
	// Revision returns the snapshot of finalized revision n of a meeting.
	Revision(id ID, n int) (Minutes, error)
	// FollowUps returns the meeting's follow-up items still followed (not
	// superseded), in ID order.
	FollowUps(meetingID ID) ([]FollowUp, error)
	// Departments returns the directory.
	Departments() ([]Department, error)
}

// TransferScope resolves a selection into the cases and meetings to export, each in
// ID order: the cases named, the meetings they are on, the meetings named, and every
// case those meetings show, in the draft or in any finalized revision.
func TransferScope(src TransferSource, sel TransferSelection) (cases, meetings []ID, err error) {
	caseSet, meetingSet := map[ID]bool{}, map[ID]bool{}
	if sel.All {
		all, err := src.CaseIDs()
		if err != nil {
			return nil, nil, err
		}
		for _, id := range all {
			caseSet[id] = true
		}
		if all, err = src.MeetingIDs(); err != nil {
			return nil, nil, err
		}
		for _, id := range all {
			meetingSet[id] = true
		}
	}
	if len(sel.CaseUIDs) > 0 {
		want := make([]string, len(sel.CaseUIDs))
		for i, u := range sel.CaseUIDs {
			want[i] = strings.ToLower(strings.TrimSpace(u))
		}
		found, err := src.CasesByUID(want)
		if err != nil {
			return nil, nil, err
		}
		for _, u := range want {
			id, ok := found[u]
			if !ok {
				return nil, nil, &Error{Code: CodeNotFound, Message: fmt.Sprintf("未找到 UID 为 %s 的诉求。", u)}
			}
			caseSet[id] = true
		}
	}
	for _, id := range sel.Cases {
		if _, err := src.Case(id); err != nil {
			if ErrorCode(err) == CodeNotFound {
				err = &Error{Code: CodeNotFound, Message: fmt.Sprintf("未找到编号为 %d 的诉求。", id)}
			}
			return nil, nil, err
		}
		caseSet[id] = true
	}
	for id := range caseSet {
		ms, err := src.MeetingsOfCase(id)
		if err != nil {
			return nil, nil, err
		}
		for _, m := range ms {
			meetingSet[m] = true
		}
	}
	for _, id := range sel.Meetings {
		if _, err := src.Meeting(id); err != nil {
			if ErrorCode(err) == CodeNotFound {
				err = &Error{Code: CodeNotFound, Message: fmt.Sprintf("未找到编号为 %d 的会议。", id)}
			}
			return nil, nil, err
		}
		meetingSet[id] = true
	}
	for id := range meetingSet {
		m, err := src.Meeting(id)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range m.Agenda {
			if it.CaseID != 0 {
				caseSet[it.CaseID] = true
			}
		}
		for _, rev := range m.Revisions {
			snap, err := src.Revision(id, rev.N)
			if err != nil {
				return nil, nil, err
			}
			for _, c := range snap.Cases {
				caseSet[c.ID] = true
			}
		}
	}
	return sortedIDs(caseSet), sortedIDs(meetingSet), nil
}

func sortedIDs(set map[ID]bool) []ID {
	out := make([]ID, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// CollectTransfer encodes the records of the cases and meetings a selection takes
// (see TransferScope), with the archive files they name and the directory entries
// of the departments they name. Every one of those records must have a UID by now:
// the store gives one to a record stored before UIDs existed first, and keeps it.
func CollectTransfer(src TransferSource, sel TransferSelection) (TransferSet, error) {
	set := TransferSet{Records: map[string][]byte{}, Files: map[string]string{}}
	caseIDs, meetingIDs, err := TransferScope(src, sel)
	if err != nil {
		return set, err
	}
	uids := map[ID]string{}
	for _, id := range caseIDs {
		c, err := src.Case(id)
		if err != nil {
			return set, err
		}
		if c.UID == "" {
			return set, Errorf(CodeInternal, fmt.Sprintf("诉求（编号 %d）没有 UID，无法导出。请重试。", id), nil)
		}
		uids[id] = c.UID
		if err := addTransferRecord(set.Records, TransferCasesDir+c.UID+".json", transferCase(c)); err != nil {
			return set, err
		}
	}
	departments := map[string]bool{}
	for _, id := range meetingIDs {
		m, err := src.Meeting(id)
		if err != nil {
			return set, err
		}
		if m.UID == "" {
			return set, Errorf(CodeInternal, fmt.Sprintf("会议（编号 %d）没有 UID，无法导出。请重试。", id), nil)
		}
		rec, err := transferMeetingOf(src, m, uids)
		if err != nil {
			return set, err
		}
		if err := addTransferRecord(set.Records, TransferMeetingsDir+m.UID+".json", rec); err != nil {
			return set, err
		}
		for _, name := range rec.departmentNames() {
			departments[name] = true
		}
		for _, rev := range m.Revisions {
			if rev.PDFHash != "" {
				set.Files[rev.PDFHash] = rev.PDFPath
			}
			for _, sc := range rev.Scans {
				set.Files[sc.Hash] = sc.Path
			}
			for _, d := range rev.Deliveries {
				if d.Receipt != nil {
					set.Files[d.Receipt.Hash] = d.Receipt.Path
				}
			}
		}
	}
	directory, err := src.Departments()
	if err != nil {
		return set, err
	}
	deps := transferDirectory(directory, departments)
	set.Cases, set.Meetings, set.Departments = len(caseIDs), len(meetingIDs), len(deps)
	return set, addTransferRecord(set.Records, TransferDepartments, deps)
}

// transferCase is the record of a case: the case without its ID.
func transferCase(c Case) Case {
	c.ID = 0
	return c
}

// transferMeetingOf builds the record of a stored meeting; uids maps the IDs of
// stored cases to their UIDs and is filled in for cases not in it yet.
func transferMeetingOf(src TransferSource, m Meeting, uids map[ID]string) (TransferMeeting, error) {
	uidOf := func(id ID) (string, error) {
		if u, ok := uids[id]; ok {
			return u, nil
		}
		c, err := src.Case(id)
		if err != nil {
			return "", err
		}
		uids[id] = c.UID
		return c.UID, nil
	}
	rec := TransferMeeting{Meeting: m}
	rec.Meeting.ID = 0
	var err error
	if rec.Meeting.Agenda, rec.AgendaCases, err = transferAgenda(m.Agenda, uidOf); err != nil {
		return rec, err
	}
	rec.Meeting.Attendance = slices.Clone(m.Attendance)
	for i := range rec.Meeting.Attendance {
		rec.Meeting.Attendance[i].DepartmentID = 0
	}
	rec.Meeting.CarryOver = transferCarryOver(m.CarryOver)
	for _, rev := range m.Revisions {
		snap, err := src.Revision(m.ID, rev.N)
		if err != nil {
			return rec, err
		}
		tr := TransferRevision{Minutes: snap}
		tr.Minutes.Meeting.ID = 0
		if tr.Minutes.Meeting.Agenda, tr.AgendaCases, err = transferAgenda(snap.Meeting.Agenda, uidOf); err != nil {
			return rec, err
		}
		tr.Minutes.Meeting.CarryOver = transferCarryOver(snap.Meeting.CarryOver)
		tr.Minutes.Cases = slices.Clone(snap.Cases)
		tr.Cases = make([]string, len(snap.Cases))
		for i, c := range snap.Cases {
			if tr.Cases[i], err = uidOf(c.ID); err != nil {
				return rec, err
			}
			tr.Minutes.Cases[i].ID = 0
		}
		rec.Revisions = append(rec.Revisions, tr)
	}
	items, err := src.FollowUps(m.ID)
	if err != nil {
		return rec, err
	}
	for _, it := range items {
		f := TransferFollowUp{FollowUp: it}
		if f.CaseUID, err = uidOf(it.CaseID); err != nil {
			return rec, err
		}
		f.ID, f.MeetingID, f.CaseID = 0, 0, 0
		rec.FollowUps = append(rec.FollowUps, f)
	}
	return rec, nil
}

// transferAgenda copies an agenda with its case IDs zeroed and returns the UID of
// each item's case ("" for an item without a case yet).
func transferAgenda(agenda []AgendaItem, uidOf func(ID) (string, error)) ([]AgendaItem, []string, error) {
	out := slices.Clone(agenda)
	refs := make([]string, len(agenda))
	for i, it := range agenda {
		if it.CaseID != 0 {
			u, err := uidOf(it.CaseID)
			if err != nil {
				return nil, nil, err
			}
			refs[i] = u
		}
		out[i].CaseID = 0
	}
	return out, refs, nil
}

// transferCarryOver copies carry-over entries for a package without the follow-up
// items' record IDs, which mean nothing in another office's store; the decision UID
// still names the item.
func transferCarryOver(cs []CarryOver) []CarryOver {
	out := slices.Clone(cs)
	for i := range out {
		out[i].FollowUpID = 0
	}
	return out
}

// departmentNames returns the departments a meeting record names in its
// attendance, in the draft and in every revision.
func (rec *TransferMeeting) departmentNames() []string {
	var out []string
	for _, a := range rec.Meeting.Attendance {
		out = append(out, strings.TrimSpace(a.Department))
	}
	for _, rev := range rec.Revisions {
		for _, a := range rev.Minutes.Meeting.Attendance {
			out = append(out, strings.TrimSpace(a.Department))
		}
	}
	return out
}

// transferDirectory returns the directory entries of the named departments, sorted
// by name; a name the directory lacks gets a bare entry.
func transferDirectory(directory []Department, names map[string]bool) []TransferDepartment {
	byName := map[string]Department{}
	for _, d := range directory {
		byName[strings.TrimSpace(d.Name)] = d
	}
	out := []TransferDepartment{}
	for name := range names {
		if name == "" {
			continue
		}
		d, ok := byName[name]
		if !ok {
			d = Department{Name: name, Active: true}
		}
		out = append(out, TransferDepartment{Name: name, ShortName: d.ShortName, Sections: d.Sections,
			Contact: d.Contact, Phone: d.Phone, Active: d.Active})
	}
	slices.SortFunc(out, func(a, b TransferDepartment) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// addTransferRecord encodes v as the record under name: indented JSON with a final
// line break, so that a package can be read and compared by hand.
func addTransferRecord(records map[string][]byte, name string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return Errorf(CodeInternal, fmt.Sprintf("无法编码转办记录 %s。", name), err)
	}
	records[name] = b.Bytes()
	return nil
}
