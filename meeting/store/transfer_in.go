package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"backstop/meeting"
)

// TransferPlace copies the archived file with the given SHA-256 (hex) from a
// transfer package into this store's archive folder and returns its path relative
// to the archive folder: suggested, as the exporting office had it, when that place
// is free or holds the same file, else a place of its own choosing for the meeting
// owner (a UID). It runs inside the importing transaction and must not call the
// store; if the import fails afterwards, the caller removes what it placed.
type TransferPlace = func(hash, suggested, owner string) (string, error)

// TransferReport says what an import did.
type TransferReport struct {
	Added       []TransferItem     // records that were new here
	Unchanged   []TransferItem     // records this store already had, with the same content
	Conflicts   []TransferConflict // records this store has with other content: kept as they are
	Departments []string           // departments added to the directory
	Files       int                // archived files copied in
}

// TransferItem names one record of a transfer package.
type TransferItem struct {
	Kind string     // "诉求" or "会议"
	UID  string     // stable across offices
	ID   meeting.ID // the record's ID in this store
	Name string     // title, with the number of finalized minutes
}

// String names the item for a person.
func (it TransferItem) String() string {
	return fmt.Sprintf("%s「%s」（本机编号 %d，UID %s）", it.Kind, it.Name, it.ID, it.UID)
}

// TransferConflict is a record this store has under the same UID with other content.
type TransferConflict struct {
	TransferItem
	Fields []string // the parts that differ, in Chinese
}

// String says what differs, in Chinese.
func (c TransferConflict) String() string {
	return fmt.Sprintf("%s与本机记录不同（%s），未覆盖本机记录。", c.TransferItem, strings.Join(c.Fields, "、"))
}

// TransferIn imports the records of a transfer package (entry name → JSON, see
// TransferOut) in one transaction: nothing is stored unless everything is. A case
// or meeting whose UID this store does not know is added with a new ID, its
// references rewritten; one it knows with the same content is left alone; one it
// knows with other content is left alone too and reported as a conflict, naming the
// parts that differ. Departments join the directory by name. Finalized revisions
// keep their content and so their fingerprints: a meeting whose revision chain does
// not verify (meeting.CheckChain) refuses the whole import. Archived files of added
// meetings are copied in by place; a revision without its PDF is left pending. from
// names the sending office in the audit log.
func (s *Store) TransferIn(from string, records map[string][]byte, place TransferPlace) (TransferReport, error) {
	in, err := decodeTransfer(records)
	if err != nil {
		return TransferReport{}, err
	}
	var rep TransferReport
	err = s.update(func(tx *bbolt.Tx) error {
		rep = TransferReport{}
		imp := &transferImport{s: s, tx: tx, from: from, place: place, rep: &rep}
		return imp.run(in)
	})
	if err != nil {
		return TransferReport{}, err
	}
	return rep, nil
}

// transferRecords are the decoded records of a package.
type transferRecords struct {
	departments []transferDepartment
	cases       []meeting.Case    // sorted by received day, then UID
	meetings    []transferMeeting // sorted by meeting day, then UID
}

// decodeTransfer decodes and checks the records, naming the entry of any problem.
func decodeTransfer(records map[string][]byte) (transferRecords, error) {
	var out transferRecords
	var ps meeting.Problems
	names := make([]string, 0, len(records))
	for name := range records {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := records[name]
		bad := func(format string, args ...any) {
			ps = append(ps, meeting.Problem{Field: name, Message: fmt.Sprintf("转办包中的「%s」", name) + fmt.Sprintf(format, args...)})
		}
		switch {
		case name == TransferDepartments:
			if err := strictJSON(data, &out.departments); err != nil {
				bad("无法读取：%s", meeting.DescribeJSONError(data, err))
			}
			for i, d := range out.departments {
				dep := meeting.Department{Name: d.Name, ShortName: d.ShortName, Sections: d.Sections, Contact: d.Contact, Phone: d.Phone}
				ps = append(ps, prefixed(fmt.Sprintf("%s[%d].", name, i), dep.Validate())...)
			}
		case strings.HasPrefix(name, TransferCasesDir):
			var c meeting.Case
			if err := strictJSON(data, &c); err != nil {
				bad("无法读取：%s", meeting.DescribeJSONError(data, err))
				continue
			}
			if c.UID == "" || name != TransferCasesDir+c.UID+".json" {
				bad("的 UID「%s」与文件名不符。", c.UID)
				continue
			}
			c.ID = 0
			ps = append(ps, prefixed(name+": ", c.Validate())...)
			out.cases = append(out.cases, c)
		case strings.HasPrefix(name, TransferMeetingsDir):
			var m transferMeeting
			if err := strictJSON(data, &m); err != nil {
				bad("无法读取：%s", meeting.DescribeJSONError(data, err))
				continue
			}
			if m.Meeting.UID == "" || name != TransferMeetingsDir+m.Meeting.UID+".json" {
				bad("的 UID「%s」与文件名不符。", m.Meeting.UID)
				continue
			}
			if len(m.AgendaCases) != len(m.Meeting.Agenda) {
				bad("的议题与所关联的诉求数目不符（%d 个议题，%d 个诉求）。", len(m.Meeting.Agenda), len(m.AgendaCases))
				continue
			}
			if m.Meeting.State != "" && !slices.Contains(meeting.States, m.Meeting.State) {
				bad("的纪要状态「%s」无效。", m.Meeting.State)
				continue
			}
			if len(m.Revisions) != len(m.Meeting.Revisions) {
				bad("记录了 %d 个定稿版本，却带有 %d 个定稿存档。", len(m.Meeting.Revisions), len(m.Revisions))
				continue
			}
			for i, r := range m.Revisions {
				if len(r.AgendaCases) != len(r.Minutes.Meeting.Agenda) || len(r.Cases) != len(r.Minutes.Cases) {
					bad("第 %d 版定稿存档的议题或诉求不完整。", i+1)
				}
			}
			// A draft may be incomplete, but the text rule holds for every record: no
			// control, bidi-control or noncharacter code point enters the store.
			noCases := func(meeting.ID) (meeting.Case, bool) { return meeting.Case{}, false }
			ps = append(ps, prefixed(name+": ", meeting.TextProblems(m.Meeting.Validate(noCases)))...)
			for i, r := range m.Revisions {
				ps = append(ps, prefixed(fmt.Sprintf("%s: revisions[%d].", name, i), meeting.TextProblems(r.Minutes.Meeting.Validate(noCases)))...)
			}
			out.meetings = append(out.meetings, m)
		}
	}
	if err := ps.Err(); err != nil {
		return out, &meeting.Error{Code: meeting.CodeInvalid, Message: "转办包中的记录有误，未导入任何内容。", Problems: ps}
	}
	slices.SortFunc(out.cases, func(a, b meeting.Case) int {
		return cmp.Or(a.Received.Time().Compare(b.Received.Time()), strings.Compare(a.UID, b.UID))
	})
	slices.SortFunc(out.meetings, func(a, b transferMeeting) int {
		return cmp.Or(a.Meeting.Date.Time().Compare(b.Meeting.Date.Time()), strings.Compare(a.Meeting.UID, b.Meeting.UID))
	})
	return out, nil
}

// strictJSON decodes one JSON value, refusing fields this version does not know.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// transferImport is one import under way, inside its transaction.
type transferImport struct {
	s     *Store
	tx    *bbolt.Tx
	from  string
	place TransferPlace
	rep   *TransferReport

	caseByUID    map[string]meeting.ID
	caseUIDByID  map[meeting.ID]string
	meetingByUID map[string]meeting.ID
	departments  map[string]meeting.ID
}

func (imp *transferImport) run(in transferRecords) error {
	if err := imp.loadUIDs(); err != nil {
		return err
	}
	if err := imp.addDepartments(in.departments, in.meetings); err != nil {
		return err
	}
	for _, c := range in.cases {
		if err := imp.importCase(c); err != nil {
			return err
		}
	}
	for _, m := range in.meetings {
		if err := imp.importMeeting(m); err != nil {
			return err
		}
	}
	return nil
}

// loadUIDs maps the UIDs of this store's cases and meetings to their IDs. There is
// no index of UIDs: an import reads every record once, which is fast enough for the
// stores an office keeps (see the benchmark).
func (imp *transferImport) loadUIDs() error {
	imp.caseByUID, imp.caseUIDByID, imp.meetingByUID = map[string]meeting.ID{}, map[meeting.ID]string{}, map[string]meeting.ID{}
	var uid struct {
		UID string `json:"uid"`
	}
	err := imp.tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		uid.UID = ""
		if err := imp.s.decode(bucketCases, k, v, &uid); err != nil {
			return err
		}
		if uid.UID != "" {
			imp.caseByUID[uid.UID] = keyID(k)
			imp.caseUIDByID[keyID(k)] = uid.UID
		}
		return nil
	})
	if err != nil {
		return err
	}
	return imp.tx.Bucket(bucketMeetings).ForEach(func(k, v []byte) error {
		uid.UID = ""
		if err := imp.s.decode(bucketMeetings, k, v, &uid); err != nil {
			return err
		}
		if uid.UID != "" {
			imp.meetingByUID[uid.UID] = keyID(k)
		}
		return nil
	})
}

// addDepartments adds the departments this store's directory lacks, by name: the
// package's entries, and a bare entry for a name an attendance row gives without
// one. Entries the directory has are kept as they are.
func (imp *transferImport) addDepartments(deps []transferDepartment, meetings []transferMeeting) error {
	directory, err := imp.s.departments(imp.tx)
	if err != nil {
		return err
	}
	imp.departments = map[string]meeting.ID{}
	order := 0
	for _, d := range directory {
		imp.departments[strings.TrimSpace(d.Name)] = d.ID
		order = max(order, d.Order)
	}
	add := func(d meeting.Department) error {
		name := strings.TrimSpace(d.Name)
		if _, ok := imp.departments[name]; ok || name == "" {
			return nil
		}
		order++
		d.ID, d.Order = 0, order
		if err := imp.s.putDepartment(imp.tx, &d); err != nil {
			return err
		}
		imp.departments[name] = d.ID
		imp.rep.Departments = append(imp.rep.Departments, name)
		return nil
	}
	for _, d := range deps {
		if err := add(meeting.Department{Name: d.Name, ShortName: d.ShortName, Sections: d.Sections,
			Contact: d.Contact, Phone: d.Phone, Active: d.Active}); err != nil {
			return err
		}
	}
	for _, m := range meetings {
		for _, name := range transferDepartmentNames(&m) {
			if err := add(meeting.Department{Name: name, Active: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

// importCase adds a case this store does not have, or compares it with the one it has.
func (imp *transferImport) importCase(c meeting.Case) error {
	item := TransferItem{Kind: "诉求", UID: c.UID, Name: c.Title}
	if id, ok := imp.caseByUID[c.UID]; ok {
		local, err := imp.s.loadCase(imp.tx, id)
		if err != nil {
			return err
		}
		item.ID = id
		imp.compare(item, caseRecord(local), c, caseFieldLabels)
		return nil
	}
	id, err := nextID(imp.tx.Bucket(bucketCases))
	if err != nil {
		return err
	}
	c.ID = id
	if err := putJSON(imp.tx, bucketCases, idKey(id), c); err != nil {
		return err
	}
	if err := indexCase(imp.tx, nil, &c); err != nil {
		return err
	}
	imp.caseByUID[c.UID], imp.caseUIDByID[id] = id, c.UID
	item.ID = id
	imp.rep.Added = append(imp.rep.Added, item)
	return nil
}

// caseID returns this store's ID of the case with the given UID: one it had or one
// the import added.
func (imp *transferImport) caseID(uid, what string) (meeting.ID, error) {
	if uid == "" {
		return 0, nil
	}
	if id, ok := imp.caseByUID[uid]; ok {
		return id, nil
	}
	return 0, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
		"转办包不完整：%s引用的诉求（UID %s）既不在包中，也不在本机。未导入任何内容。", what, uid), nil)
}

// importMeeting adds a meeting this store does not have, or compares it with the
// one it has.
func (imp *transferImport) importMeeting(rec transferMeeting) error {
	m := rec.Meeting
	item := TransferItem{Kind: "会议", UID: m.UID, Name: m.Title}
	if !m.Number.IsZero() {
		item.Name = m.Number.String() + " " + m.Title
	}
	what := fmt.Sprintf("会议「%s」", item.Name)
	if id, ok := imp.meetingByUID[m.UID]; ok {
		local, err := imp.s.loadMeeting(imp.tx, id)
		if err != nil {
			return err
		}
		localRec, err := imp.s.meetingRecord(imp.tx, local, imp.caseUIDByID)
		if err != nil {
			return err
		}
		item.ID = id
		imp.compare(item, normalizedMeeting(localRec), normalizedMeeting(rec), meetingFieldLabels)
		return nil
	}

	id, err := nextID(imp.tx.Bucket(bucketMeetings))
	if err != nil {
		return err
	}
	m.ID = id
	if m.Agenda, err = imp.localAgenda(m.Agenda, rec.AgendaCases, what); err != nil {
		return err
	}
	m.Attendance = slices.Clone(m.Attendance)
	for i := range m.Attendance {
		m.Attendance[i].DepartmentID = imp.departments[strings.TrimSpace(m.Attendance[i].Department)]
	}
	m.Revisions = slices.Clone(m.Revisions)
	snapshots := map[int]*meeting.Minutes{}
	for i, tr := range rec.Revisions {
		snap := tr.Minutes
		snap.Meeting.ID = id
		at := fmt.Sprintf("%s第 %d 版定稿", what, i+1)
		if snap.Meeting.Agenda, err = imp.localAgenda(snap.Meeting.Agenda, tr.AgendaCases, at); err != nil {
			return err
		}
		snap.Cases = slices.Clone(snap.Cases)
		for j := range snap.Cases {
			if snap.Cases[j].ID, err = imp.caseID(tr.Cases[j], at); err != nil {
				return err
			}
		}
		snap.Meeting.Revisions = slices.Clone(snap.Meeting.Revisions)
		snapshots[i+1] = &snap
	}
	// The fingerprints must still verify: the content travelled unchanged, only IDs
	// the fingerprint does not cover were rewritten.
	if problems := meeting.CheckChain(&m, snapshots); len(problems) > 0 {
		var ps meeting.Problems
		for _, p := range problems {
			ps = append(ps, meeting.Problem{Field: TransferMeetingsDir + m.UID + ".json", Message: p.Message})
		}
		return &meeting.Error{Code: meeting.CodeCorrupt, Problems: ps, Message: fmt.Sprintf(
			"转办包中%s的定稿版本无法通过核验（指纹或修订链不符），未导入任何内容。", what)}
	}
	if err := imp.placeFiles(&m, snapshots); err != nil {
		return err
	}
	for n, snap := range snapshots {
		if err := putJSON(imp.tx, bucketRevisions, revisionKey(id, n), *snap); err != nil {
			return err
		}
		if m.Revisions[n-1].PDFHash == "" {
			if err := imp.tx.Bucket(bucketPendingPDFs).Put(revisionKey(id, n), nil); err != nil {
				return err
			}
		}
	}
	if err := putJSON(imp.tx, bucketMeetings, idKey(id), m); err != nil {
		return err
	}
	cases, err := imp.s.minutesCases(imp.tx, &m)
	if err != nil {
		return err
	}
	if err := indexMeeting(imp.tx, nil, &m, cases); err != nil {
		return err
	}
	if err := imp.addFollowUps(&m, rec.FollowUps, what); err != nil {
		return err
	}
	detail := fmt.Sprintf("从转办包导入会议「%s」，含 %d 个议题、%d 个定稿版本", m.Title, len(m.Agenda), len(m.Revisions))
	if imp.from != "" {
		detail += "，来自" + imp.from
	}
	if err := appendAudit(imp.tx, id, meeting.AuditEntry{At: imp.s.timestamp(), Action: meeting.AuditImport,
		Revision: m.Revision(), Detail: detail}); err != nil {
		return err
	}
	imp.meetingByUID[m.UID] = id
	item.ID = id
	imp.rep.Added = append(imp.rep.Added, item)
	return nil
}

// localAgenda returns a copy of agenda with each item's case ID set from its UID.
func (imp *transferImport) localAgenda(agenda []meeting.AgendaItem, uids []string, what string) ([]meeting.AgendaItem, error) {
	out := cloneAgenda(agenda)
	for i := range out {
		id, err := imp.caseID(uids[i], what)
		if err != nil {
			return nil, err
		}
		out[i].CaseID = id
	}
	return out, nil
}

// placeFiles copies the archived PDF and scans of every revision into the archive
// and records where they went, in the meeting and in every snapshot that names them
// (the paths are not part of the fingerprint).
func (imp *transferImport) placeFiles(m *meeting.Meeting, snapshots map[int]*meeting.Minutes) error {
	moved := map[string]string{} // hash → path here
	placeOne := func(hash, suggested string) (string, error) {
		if p, ok := moved[hash]; ok {
			return p, nil
		}
		if imp.place == nil {
			return "", meeting.Errorf(meeting.CodeInternal, "导入转办包时没有提供存档文件的写入方式。", nil)
		}
		p, err := imp.place(hash, suggested, m.UID)
		if err != nil {
			return "", err
		}
		moved[hash] = p
		imp.rep.Files++
		return p, nil
	}
	for i := range m.Revisions {
		rev := &m.Revisions[i]
		rev.Scans = slices.Clone(rev.Scans)
		if rev.PDFHash != "" {
			p, err := placeOne(rev.PDFHash, rev.PDFPath)
			if err != nil {
				return err
			}
			rev.PDFPath = p
		}
		for j := range rev.Scans {
			p, err := placeOne(rev.Scans[j].Hash, rev.Scans[j].Path)
			if err != nil {
				return err
			}
			rev.Scans[j].Path = p
		}
		rev.Deliveries = cloneDeliveries(rev.Deliveries)
		for j := range rev.Deliveries {
			if r := rev.Deliveries[j].Receipt; r != nil {
				p, err := placeOne(r.Hash, r.Path)
				if err != nil {
					return err
				}
				r.Path = p
			}
		}
	}
	for _, snap := range snapshots {
		for i := range snap.Meeting.Revisions {
			rev := &snap.Meeting.Revisions[i]
			if p, ok := moved[rev.PDFHash]; ok {
				rev.PDFPath = p
			}
			rev.Scans = slices.Clone(rev.Scans)
			for j := range rev.Scans {
				if p, ok := moved[rev.Scans[j].Hash]; ok {
					rev.Scans[j].Path = p
				}
			}
			rev.Deliveries = cloneDeliveries(rev.Deliveries)
			for j := range rev.Deliveries {
				if r := rev.Deliveries[j].Receipt; r != nil {
					if p, ok := moved[r.Hash]; ok {
						r.Path = p
					}
				}
			}
		}
	}
	return nil
}

// cloneDeliveries copies deliveries and their receipts, so that a receipt's path can
// change in the copy alone.
func cloneDeliveries(ds []meeting.Delivery) []meeting.Delivery {
	out := slices.Clone(ds)
	for i := range out {
		if r := out[i].Receipt; r != nil {
			cp := *r
			out[i].Receipt = &cp
		}
	}
	return out
}

// addFollowUps stores the follow-up items of an added meeting as the sending office
// had them, with their progress.
func (imp *transferImport) addFollowUps(m *meeting.Meeting, items []transferFollowUp, what string) error {
	b := imp.tx.Bucket(bucketFollowUps)
	for _, f := range items {
		id, err := nextID(b)
		if err != nil {
			return err
		}
		caseID, err := imp.caseID(f.CaseUID, what+"的督办事项")
		if err != nil {
			return err
		}
		r := followUpRecord{FollowUp: f.FollowUp, Updated: imp.s.timestamp()}
		r.ID, r.MeetingID, r.CaseID = id, m.ID, caseID
		if err := putFollowUp(imp.tx, nil, r); err != nil {
			return err
		}
	}
	return nil
}

// normalizedMeeting clears what may differ between two offices' copies of the same
// meeting without its content differing: when it was last saved, and where its
// archived files sit in each archive folder.
func normalizedMeeting(rec transferMeeting) transferMeeting {
	clearPaths := func(revs []meeting.Revision) []meeting.Revision {
		out := slices.Clone(revs)
		for i := range out {
			out[i].PDFPath = ""
			out[i].Scans = slices.Clone(out[i].Scans)
			for j := range out[i].Scans {
				out[i].Scans[j].Path = ""
			}
			out[i].Deliveries = cloneDeliveries(out[i].Deliveries)
			for j := range out[i].Deliveries {
				if r := out[i].Deliveries[j].Receipt; r != nil {
					r.Path = ""
				}
			}
		}
		return out
	}
	rec.Meeting.Updated = rec.Meeting.Created
	rec.Meeting.Revisions = clearPaths(rec.Meeting.Revisions)
	rec.Revisions = slices.Clone(rec.Revisions)
	for i := range rec.Revisions {
		rec.Revisions[i].Minutes.Meeting.Updated = rec.Revisions[i].Minutes.Meeting.Created
		rec.Revisions[i].Minutes.Meeting.Revisions = clearPaths(rec.Revisions[i].Minutes.Meeting.Revisions)
	}
	return rec
}

// compare reports item as unchanged when local and incoming have the same content,
// else as a conflict naming the parts that differ. Updated stamps are not content.
func (imp *transferImport) compare(item TransferItem, local, incoming any, labels []fieldLabel) {
	fields := differingFields(local, incoming, labels)
	if len(fields) == 0 {
		imp.rep.Unchanged = append(imp.rep.Unchanged, item)
		return
	}
	imp.rep.Conflicts = append(imp.rep.Conflicts, TransferConflict{TransferItem: item, Fields: fields})
}

// differingFields compares two records field by field (one level down into a
// "meeting" object) and returns the labels of the fields that differ, in the order
// of the label table, then any field it has no label for; "updated" is ignored.
func differingFields(a, b any, labels []fieldLabel) []string {
	fa, fb := flatFields(a), flatFields(b)
	differs := func(k string) bool { return !bytes.Equal(fa[k], fb[k]) }
	known := map[string]bool{"updated": true, "meeting.updated": true}
	var out []string
	for _, l := range labels {
		known[l.key] = true
		if differs(l.key) && !slices.Contains(out, l.label) {
			out = append(out, l.label)
		}
	}
	for _, k := range slices.Sorted(mapKeys(fa, fb)) {
		if !known[k] && differs(k) {
			out = append(out, k)
		}
	}
	return out
}

// flatFields encodes v and returns its top-level fields, with those of a nested
// "meeting" object as "meeting.<field>".
func flatFields(v any) map[string]json.RawMessage {
	data, _ := json.Marshal(v)
	var top map[string]json.RawMessage
	_ = json.Unmarshal(data, &top)
	if inner, ok := top["meeting"]; ok {
		var fields map[string]json.RawMessage
		if json.Unmarshal(inner, &fields) == nil {
			delete(top, "meeting")
			for k, v := range fields {
				top["meeting."+k] = v
			}
		}
	}
	return top
}

func mapKeys(ms ...map[string]json.RawMessage) func(func(string) bool) {
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range ms {
			for k := range m {
				if !seen[k] {
					seen[k] = true
					if !yield(k) {
						return
					}
				}
			}
		}
	}
}

// fieldLabel names a field of a record in Chinese.
type fieldLabel struct{ key, label string }

// caseFieldLabels and meetingFieldLabels name the fields of the records, in the
// order a conflict lists them.
var (
	caseFieldLabels = []fieldLabel{
		{"uid", "UID"}, {"applicant", "申请人"}, {"category", "类别"}, {"channel", "来源渠道"}, {"received", "受理日期"},
		{"title", "标题"}, {"request", "诉求内容"}, {"background", "背景情况"}, {"missing_materials", "缺少的材料"},
		{"status", "办理状态"}, {"created", "登记时间"}, {"reply", "答复"}, {"closed_on", "办结日期"},
		{"call_backs", "回访"}, {"reopen_reason", "重新打开的理由"},
	}
	meetingFieldLabels = []fieldLabel{
		{"meeting.uid", "UID"}, {"meeting.title", "会议名称"}, {"meeting.date", "会议日期"}, {"meeting.start", "开始时间"},
		{"meeting.end", "结束时间"}, {"meeting.venue", "会议地点"}, {"meeting.host", "主持人"}, {"meeting.organizer", "召集单位"},
		{"meeting.recorder", "记录人"}, {"meeting.copy_to", "抄送"}, {"meeting.attendance", "参会单位"},
		{"meeting.agenda", "议题与议定事项"}, {"agenda_cases", "议题关联的诉求"}, {"meeting.state", "纪要状态"},
		{"meeting.number", "文号"}, {"meeting.revisions", "定稿版本"}, {"meeting.amend_reason", "修订理由"},
		{"meeting.created", "创建时间"}, {"revisions", "定稿存档"}, {"follow_ups", "督办事项"},
	}
)
