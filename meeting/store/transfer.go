package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// Transfer between offices (docs/transfer.md): a township service centre hands the
// cases it registered, with the meetings they were discussed in, to the city office.
// The store turns those records into JSON documents that name each other by UID,
// never by the IDs of one store, and reads them back in one transaction. The
// container (a zip with a manifest of SHA-256 hashes) is export/transfer's business;
// the store knows only entry names and bytes.

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
	Cases    []meeting.ID
	CaseUIDs []string
	Meetings []meeting.ID
	All      bool
}

// TransferSet is what TransferOut collects: the records by entry name, and the
// archive files they name.
type TransferSet struct {
	Records map[string][]byte
	// Files maps the SHA-256 (hex) of every archived PDF and signed scan the meetings
	// record to its path relative to the archive folder.
	Files       map[string]string
	Cases       int
	Meetings    int
	Departments int
}

// transferMeeting is the record of one meeting in a transfer package. Nothing in it
// is an ID of the exporting store: the agenda's case IDs are zero and the cases are
// named by UID in AgendaCases (one per agenda item); attendance rows name their
// department by name only.
type transferMeeting struct {
	Meeting     meeting.Meeting    `json:"meeting"`
	AgendaCases []string           `json:"agenda_cases"`
	Revisions   []transferRevision `json:"revisions,omitempty"`
	FollowUps   []transferFollowUp `json:"follow_ups,omitempty"`
}

// transferRevision is the snapshot of one finalized revision, as it was finalized.
// Its content is covered by the revision's fingerprint and travels unchanged: only
// the IDs (meeting, agenda case IDs, case IDs), which the fingerprint does not
// cover, are zero, with AgendaCases naming the case of each agenda item and Cases
// the stored case each of the snapshot's cases is a copy of.
type transferRevision struct {
	Minutes     meeting.Minutes `json:"minutes"`
	AgendaCases []string        `json:"agenda_cases"`
	Cases       []string        `json:"cases"`
}

// transferFollowUp is a follow-up item with its case named by UID; its ID, meeting
// ID and case ID are zero.
type transferFollowUp struct {
	meeting.FollowUp
	CaseUID string `json:"case_uid"`
}

// transferDepartment is a directory entry without its ID and display order, which
// belong to one store.
type transferDepartment struct {
	Name      string   `json:"name"`
	ShortName string   `json:"short_name,omitempty"`
	Sections  []string `json:"sections,omitempty"`
	Contact   string   `json:"contact,omitempty"`
	Phone     string   `json:"phone,omitempty"`
	Active    bool     `json:"active"`
}

// TransferOut collects the selected cases and meetings as the records of a transfer
// package (see TransferSelection). A case or meeting stored before UIDs existed gets
// one now, kept from then on, so that exporting it twice gives the same record.
func (s *Store) TransferOut(sel TransferSelection) (TransferSet, error) {
	if err := s.assignTransferUIDs(sel); err != nil {
		return TransferSet{}, err
	}
	var set TransferSet
	err := s.view(func(tx *bbolt.Tx) (err error) {
		set, err = s.collectTransfer(tx, sel)
		return err
	})
	if err != nil {
		return TransferSet{}, err
	}
	return set, nil
}

// assignTransferUIDs gives the selected cases and meetings stored before UIDs
// existed a UID, in a write transaction only when there are such records: an
// export otherwise only reads, and does not hold up the edits saved meanwhile.
func (s *Store) assignTransferUIDs(sel TransferSelection) error {
	var missing bool
	err := s.view(func(tx *bbolt.Tx) error {
		cases, meetings, err := s.transferScope(tx, sel)
		if err != nil {
			return err
		}
		missing, err = s.lackUIDs(tx, cases, meetings, false)
		return err
	})
	if err != nil || !missing {
		return err
	}
	return s.update(func(tx *bbolt.Tx) error {
		cases, meetings, err := s.transferScope(tx, sel)
		if err != nil {
			return err
		}
		_, err = s.lackUIDs(tx, cases, meetings, true)
		return err
	})
}

// lackUIDs reports whether any of the cases or meetings has no UID; with assign (in
// a write transaction) it gives each such record a UID, without touching its Updated stamp
// (the UID is not content) or its audit log.
func (s *Store) lackUIDs(tx *bbolt.Tx, cases, meetings []meeting.ID, assign bool) (bool, error) {
	var uid struct {
		UID string `json:"uid"`
	}
	missing := false
	for _, r := range []struct {
		bucket []byte
		ids    []meeting.ID
	}{{bucketCases, cases}, {bucketMeetings, meetings}} {
		for _, id := range r.ids {
			data := tx.Bucket(r.bucket).Get(idKey(id))
			uid.UID = ""
			if err := s.decode(r.bucket, idKey(id), data, &uid); err != nil {
				return false, err
			}
			if uid.UID != "" {
				continue
			}
			missing = true
			if !assign {
				continue
			}
			var err error
			if string(r.bucket) == string(bucketCases) {
				var c meeting.Case
				if err = s.decode(r.bucket, idKey(id), data, &c); err == nil {
					c.UID = newUID()
					err = putJSON(tx, bucketCases, idKey(id), c)
				}
			} else {
				var m meeting.Meeting
				if err = s.decode(r.bucket, idKey(id), data, &m); err == nil {
					m.UID = newUID()
					err = putJSON(tx, bucketMeetings, idKey(id), m)
				}
			}
			if err != nil {
				return false, err
			}
		}
	}
	return missing, nil
}

// collectTransfer encodes the selected records; every one has a UID by now.
func (s *Store) collectTransfer(tx *bbolt.Tx, sel TransferSelection) (TransferSet, error) {
	set := TransferSet{Records: map[string][]byte{}, Files: map[string]string{}}
	caseIDs, meetingIDs, err := s.transferScope(tx, sel)
	if err != nil {
		return set, err
	}
	uids := map[meeting.ID]string{}
	for _, id := range caseIDs {
		c, err := s.loadCase(tx, id)
		if err != nil {
			return set, err
		}
		if c.UID == "" {
			return set, meeting.Errorf(meeting.CodeInternal, fmt.Sprintf("诉求（编号 %d）没有 UID，无法导出。请重试。", id), nil)
		}
		uids[id] = c.UID
		if err := addRecord(set.Records, TransferCasesDir+c.UID+".json", caseRecord(c)); err != nil {
			return set, err
		}
	}
	departments := map[string]bool{}
	for _, id := range meetingIDs {
		m, err := s.loadMeeting(tx, id)
		if err != nil {
			return set, err
		}
		if m.UID == "" {
			return set, meeting.Errorf(meeting.CodeInternal, fmt.Sprintf("会议（编号 %d）没有 UID，无法导出。请重试。", id), nil)
		}
		rec, err := s.meetingRecord(tx, m, uids)
		if err != nil {
			return set, err
		}
		if err := addRecord(set.Records, TransferMeetingsDir+m.UID+".json", rec); err != nil {
			return set, err
		}
		for _, name := range transferDepartmentNames(&rec) {
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
	deps, err := s.transferDirectory(tx, departments)
	if err != nil {
		return set, err
	}
	set.Cases, set.Meetings, set.Departments = len(caseIDs), len(meetingIDs), len(deps)
	return set, addRecord(set.Records, TransferDepartments, deps)
}

// transferScope resolves a selection into the cases and meetings to export, each in
// ID order: the cases named, the meetings they are on, the meetings named, and every
// case those meetings show, in the draft or in any finalized revision.
func (s *Store) transferScope(tx *bbolt.Tx, sel TransferSelection) (cases, meetings []meeting.ID, err error) {
	caseSet, meetingSet := map[meeting.ID]bool{}, map[meeting.ID]bool{}
	if sel.All {
		_ = tx.Bucket(bucketCases).ForEach(func(k, _ []byte) error { caseSet[keyID(k)] = true; return nil })
		_ = tx.Bucket(bucketMeetings).ForEach(func(k, _ []byte) error { meetingSet[keyID(k)] = true; return nil })
	}
	if len(sel.CaseUIDs) > 0 {
		want := map[string]bool{}
		for _, u := range sel.CaseUIDs {
			want[strings.ToLower(strings.TrimSpace(u))] = true
		}
		err := tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
			var c meeting.Case
			if err := s.decode(bucketCases, k, v, &c); err != nil {
				return err
			}
			if want[c.UID] {
				caseSet[keyID(k)] = true
				delete(want, c.UID)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		for u := range want {
			return nil, nil, notFound("未找到 UID 为 %s 的诉求。", u)
		}
	}
	for _, id := range sel.Cases {
		if tx.Bucket(bucketCases).Get(idKey(id)) == nil {
			return nil, nil, notFound("未找到编号为 %d 的诉求。", id)
		}
		caseSet[id] = true
	}
	for id := range caseSet {
		for _, m := range meetingsOfCase(tx, id) {
			meetingSet[m] = true
		}
	}
	for _, id := range sel.Meetings {
		if tx.Bucket(bucketMeetings).Get(idKey(id)) == nil {
			return nil, nil, notFound("未找到编号为 %d 的会议。", id)
		}
		meetingSet[id] = true
	}
	for id := range meetingSet {
		m, err := s.loadMeeting(tx, id)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range m.Agenda {
			if it.CaseID != 0 {
				caseSet[it.CaseID] = true
			}
		}
		for _, rev := range m.Revisions {
			snap, err := s.revision(tx, id, rev.N)
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

func sortedIDs(set map[meeting.ID]bool) []meeting.ID {
	out := make([]meeting.ID, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// caseRecord is the record of a case: the case without its ID.
func caseRecord(c meeting.Case) meeting.Case {
	c.ID = 0
	return c
}

// meetingRecord builds the record of a stored meeting; uids maps the IDs of stored
// cases to their UIDs and is filled in for cases not in it yet.
func (s *Store) meetingRecord(tx *bbolt.Tx, m meeting.Meeting, uids map[meeting.ID]string) (transferMeeting, error) {
	uidOf := func(id meeting.ID) (string, error) {
		if u, ok := uids[id]; ok {
			return u, nil
		}
		c, err := s.loadCase(tx, id)
		if err != nil {
			return "", err
		}
		uids[id] = c.UID
		return c.UID, nil
	}
	rec := transferMeeting{Meeting: m}
	rec.Meeting.ID = 0
	var err error
	if rec.Meeting.Agenda, rec.AgendaCases, err = agendaRecord(m.Agenda, uidOf); err != nil {
		return rec, err
	}
	rec.Meeting.Attendance = slices.Clone(m.Attendance)
	for i := range rec.Meeting.Attendance {
		rec.Meeting.Attendance[i].DepartmentID = 0
	}
	rec.Meeting.CarryOver = carryOverRecord(m.CarryOver)
	for _, rev := range m.Revisions {
		snap, err := s.revision(tx, m.ID, rev.N)
		if err != nil {
			return rec, err
		}
		tr := transferRevision{Minutes: snap}
		tr.Minutes.Meeting.ID = 0
		if tr.Minutes.Meeting.Agenda, tr.AgendaCases, err = agendaRecord(snap.Meeting.Agenda, uidOf); err != nil {
			return rec, err
		}
		tr.Minutes.Meeting.CarryOver = carryOverRecord(snap.Meeting.CarryOver)
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
	items, err := s.followUpsUnder(tx, bucketFollowUpByMeeting, idKey(m.ID), func(r *followUpRecord) bool { return !r.Superseded })
	if err != nil {
		return rec, err
	}
	for _, r := range items {
		f := transferFollowUp{FollowUp: r.FollowUp}
		if f.CaseUID, err = uidOf(r.CaseID); err != nil {
			return rec, err
		}
		f.ID, f.MeetingID, f.CaseID = 0, 0, 0
		rec.FollowUps = append(rec.FollowUps, f)
	}
	return rec, nil
}

// agendaRecord copies an agenda with its case IDs zeroed and returns the UID of
// each item's case ("" for an item without a case yet).
func agendaRecord(agenda []meeting.AgendaItem, uidOf func(meeting.ID) (string, error)) ([]meeting.AgendaItem, []string, error) {
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

// transferDepartmentNames returns the departments a meeting record names in its
// attendance, in the draft and in every revision.
func transferDepartmentNames(rec *transferMeeting) []string {
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
func (s *Store) transferDirectory(tx *bbolt.Tx, names map[string]bool) ([]transferDepartment, error) {
	directory, err := s.departments(tx)
	if err != nil {
		return nil, err
	}
	byName := map[string]meeting.Department{}
	for _, d := range directory {
		byName[strings.TrimSpace(d.Name)] = d
	}
	out := []transferDepartment{}
	for name := range names {
		if name == "" {
			continue
		}
		d, ok := byName[name]
		if !ok {
			d = meeting.Department{Name: name, Active: true}
		}
		out = append(out, transferDepartment{Name: name, ShortName: d.ShortName, Sections: d.Sections,
			Contact: d.Contact, Phone: d.Phone, Active: d.Active})
	}
	slices.SortFunc(out, func(a, b transferDepartment) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// addRecord encodes v as the record under name: indented JSON with a final line
// break, so that a package can be read and compared by hand.
func addRecord(records map[string][]byte, name string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return meeting.Errorf(meeting.CodeInternal, fmt.Sprintf("无法编码转办记录 %s。", name), err)
	}
	records[name] = b.Bytes()
	return nil
}

// carryOverRecord copies carry-over entries for a package without the follow-up
// items' record IDs, which mean nothing in another office's store; the decision UID
// still names the item.
func carryOverRecord(cs []meeting.CarryOver) []meeting.CarryOver {
	out := slices.Clone(cs)
	for i := range out {
		out[i].FollowUpID = 0
	}
	return out
}
