package meeting

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// TransferPlace copies the archived file with the given SHA-256 (hex) from a
// transfer package into the receiving office's archive folder and returns its path
// relative to the archive folder: suggested, as the exporting office had it, when
// that place is free or holds the same file, else a place of its own choosing for
// the meeting owner (a UID). It runs inside the importing transaction and must not
// call the store; if the import fails afterwards, the caller removes what it placed.
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
	Kind string // "诉求" or "会议"
	UID  string // stable across offices
	ID   ID     // the record's ID in this store
	Name string // title, with the number of finalized minutes
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

// TransferTarget is what importing a transfer package reads from and writes to a
// store, all in one read-write transaction of the store's: nothing it writes stays
// unless the whole import commits.
type TransferTarget interface {
	TransferSource
	// UIDs returns the IDs of the stored cases and meetings by UID; of several
	// records with one UID, the lowest ID. Records without a UID are left out.
	UIDs() (cases, meetings map[string]ID, err error)
	// AddDepartment stores a new directory entry and sets its ID.
	AddDepartment(d *Department) error
	// AddCase stores a new case, as it is, under a new ID, which it sets.
	AddCase(c *Case) error
	// NewMeetingID draws the ID of a meeting about to be added.
	NewMeetingID() (ID, error)
	// AddMeeting stores a new meeting under the ID drawn for it, with the
	// snapshots of its finalized revisions (a revision whose PDF is not recorded
	// joins the pending PDFs), its follow-up items (IDs to draw, meeting and case
	// IDs set) and the audit entry saying where it came from, as the only entry.
	AddMeeting(m *Meeting, snapshots map[int]*Minutes, items []FollowUp, e AuditEntry) error
}

// TransferRecords are the decoded and checked records of a package (see
// DecodeTransfer), ready for ImportTransfer.
type TransferRecords struct {
	departments []TransferDepartment
	cases       []Case            // sorted by received day, then UID
	meetings    []TransferMeeting // sorted by meeting day, then UID
}

// DecodeTransfer decodes and checks the records of a package (entry name → JSON),
// naming the entry of any problem: nothing of a package with a problem is imported.
func DecodeTransfer(records map[string][]byte) (TransferRecords, error) {
	var out TransferRecords
	var ps Problems
	names := make([]string, 0, len(records))
	for name := range records {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := records[name]
		bad := func(format string, args ...any) {
			ps = append(ps, Problem{Field: name, Message: fmt.Sprintf("转办包中的「%s」", name) + fmt.Sprintf(format, args...)})
		}
		switch {
		case name == TransferDepartments:
			if err := strictJSON(data, &out.departments); err != nil {
				bad("无法读取：%s", DescribeJSONError(data, err))
			}
			for i, d := range out.departments {
				dep := Department{Name: d.Name, ShortName: d.ShortName, Sections: d.Sections, Contact: d.Contact, Phone: d.Phone}
				ps = append(ps, prefixed(fmt.Sprintf("%s[%d].", name, i), dep.Validate())...)
			}
		case strings.HasPrefix(name, TransferCasesDir):
			var c Case
			if err := strictJSON(data, &c); err != nil {
				bad("无法读取：%s", DescribeJSONError(data, err))
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
			var m TransferMeeting
			if err := strictJSON(data, &m); err != nil {
				bad("无法读取：%s", DescribeJSONError(data, err))
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
			if m.Meeting.State != "" && !slices.Contains(States, m.Meeting.State) {
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
			noCases := func(ID) (Case, bool) { return Case{}, false }
			ps = append(ps, prefixed(name+": ", TextProblems(m.Meeting.Validate(noCases)))...)
			for i, r := range m.Revisions {
				ps = append(ps, prefixed(fmt.Sprintf("%s: revisions[%d].", name, i), TextProblems(r.Minutes.Meeting.Validate(noCases)))...)
			}
			out.meetings = append(out.meetings, m)
		}
	}
	if err := ps.Err(); err != nil {
		return out, &Error{Code: CodeInvalid, Message: "转办包中的记录有误，未导入任何内容。", Problems: ps}
	}
	slices.SortFunc(out.cases, func(a, b Case) int {
		return cmp.Or(a.Received.Time().Compare(b.Received.Time()), strings.Compare(a.UID, b.UID))
	})
	slices.SortFunc(out.meetings, func(a, b TransferMeeting) int {
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

// prefixed puts the path of a nested record before each problem's field.
func prefixed(at string, ps Problems) Problems {
	for i := range ps {
		ps[i].Field = at + ps[i].Field
	}
	return ps
}

// ImportTransfer imports decoded records into dst, inside the store's transaction
// (which the store runs again from the start after a conflict: it changes nothing of
// in). A case or meeting whose UID the store does not know is added with a new ID,
// its references rewritten; one it knows with the same content is left alone; one
// it knows with other content is left alone too and reported as a conflict, naming
// the parts that differ. Departments join the directory by name. Finalized
// revisions keep their content and so their fingerprints: a meeting whose revision
// chain does not verify (CheckChain) refuses the whole import. Archived files of
// added meetings are copied in by place; a revision without its PDF is left
// pending. from names the sending office in the audit log, stamped at.
func ImportTransfer(dst TransferTarget, from string, in TransferRecords, place TransferPlace, at time.Time) (TransferReport, error) {
	rep := TransferReport{}
	imp := &transferImport{dst: dst, from: from, place: place, at: at, rep: &rep}
	if err := imp.run(in); err != nil {
		return TransferReport{}, err
	}
	return rep, nil
}

// transferImport is one import under way, inside its transaction.
type transferImport struct {
	dst   TransferTarget
	from  string
	place TransferPlace
	at    time.Time
	rep   *TransferReport

	caseByUID    map[string]ID
	caseUIDByID  map[ID]string
	meetingByUID map[string]ID
	departments  map[string]ID
}

func (imp *transferImport) run(in TransferRecords) error {
	var err error
	if imp.caseByUID, imp.meetingByUID, err = imp.dst.UIDs(); err != nil {
		return err
	}
	imp.caseUIDByID = map[ID]string{}
	for uid, id := range imp.caseByUID {
		imp.caseUIDByID[id] = uid
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

// addDepartments adds the departments the store's directory lacks, by name: the
// package's entries, and a bare entry for a name an attendance row gives without
// one, each after the directory's last. Entries the directory has are kept as they are.
func (imp *transferImport) addDepartments(deps []TransferDepartment, meetings []TransferMeeting) error {
	directory, err := imp.dst.Departments()
	if err != nil {
		return err
	}
	imp.departments = map[string]ID{}
	order := 0
	for _, d := range directory {
		imp.departments[strings.TrimSpace(d.Name)] = d.ID
		order = max(order, d.Order)
	}
	add := func(d Department) error {
		name := strings.TrimSpace(d.Name)
		if _, ok := imp.departments[name]; ok || name == "" {
			return nil
		}
		order++
		d.ID, d.Order = 0, order
		if err := imp.dst.AddDepartment(&d); err != nil {
			return err
		}
		imp.departments[name] = d.ID
		imp.rep.Departments = append(imp.rep.Departments, name)
		return nil
	}
	for _, d := range deps {
		if err := add(Department{Name: d.Name, ShortName: d.ShortName, Sections: d.Sections,
			Contact: d.Contact, Phone: d.Phone, Active: d.Active}); err != nil {
			return err
		}
	}
	for _, m := range meetings {
		for _, name := range m.departmentNames() {
			if err := add(Department{Name: name, Active: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

// importCase adds a case the store does not have, or compares it with the one it has.
func (imp *transferImport) importCase(c Case) error {
	item := TransferItem{Kind: "诉求", UID: c.UID, Name: c.Title}
	if id, ok := imp.caseByUID[c.UID]; ok {
		local, err := imp.dst.Case(id)
		if err != nil {
			return err
		}
		item.ID = id
		imp.rep.judge(item, differingFields(transferCase(local), c, caseFieldLabels))
		return nil
	}
	c.ID = 0
	if err := imp.dst.AddCase(&c); err != nil {
		return err
	}
	imp.caseByUID[c.UID], imp.caseUIDByID[c.ID] = c.ID, c.UID
	item.ID = c.ID
	imp.rep.Added = append(imp.rep.Added, item)
	return nil
}

// caseID returns the store's ID of the case with the given UID: one it had or one
// the import added.
func (imp *transferImport) caseID(uid, what string) (ID, error) {
	if uid == "" {
		return 0, nil
	}
	if id, ok := imp.caseByUID[uid]; ok {
		return id, nil
	}
	return 0, Errorf(CodeInvalid, fmt.Sprintf(
		"转办包不完整：%s引用的诉求（UID %s）既不在包中，也不在本机。未导入任何内容。", what, uid), nil)
}

// importMeeting adds a meeting the store does not have, or compares it with the
// one it has.
func (imp *transferImport) importMeeting(rec TransferMeeting) error {
	m := rec.Meeting
	item := TransferItem{Kind: "会议", UID: m.UID, Name: m.Title}
	if !m.Number.IsZero() {
		item.Name = m.Number.String() + " " + m.Title
	}
	what := fmt.Sprintf("会议「%s」", item.Name)
	if id, ok := imp.meetingByUID[m.UID]; ok {
		local, err := imp.dst.Meeting(id)
		if err != nil {
			return err
		}
		localRec, err := transferMeetingOf(imp.dst, local, imp.caseUIDByID)
		if err != nil {
			return err
		}
		item.ID = id
		imp.rep.judge(item, differingFields(normalizedMeeting(localRec), normalizedMeeting(rec), meetingFieldLabels))
		return nil
	}

	id, err := imp.dst.NewMeetingID()
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
	snapshots := map[int]*Minutes{}
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
	if problems := CheckChain(&m, snapshots); len(problems) > 0 {
		var ps Problems
		for _, p := range problems {
			ps = append(ps, Problem{Field: TransferMeetingsDir + m.UID + ".json", Message: p.Message})
		}
		return &Error{Code: CodeCorrupt, Problems: ps, Message: fmt.Sprintf(
			"转办包中%s的定稿版本无法通过核验（指纹或修订链不符），未导入任何内容。", what)}
	}
	if err := imp.placeFiles(&m, snapshots); err != nil {
		return err
	}
	items := make([]FollowUp, 0, len(rec.FollowUps))
	for _, f := range rec.FollowUps {
		caseID, err := imp.caseID(f.CaseUID, what+"的督办事项")
		if err != nil {
			return err
		}
		it := f.FollowUp
		it.ID, it.MeetingID, it.CaseID = 0, id, caseID
		items = append(items, it)
	}
	detail := fmt.Sprintf("从转办包导入会议「%s」，含 %d 个议题、%d 个定稿版本", m.Title, len(m.Agenda), len(m.Revisions))
	if imp.from != "" {
		detail += "，来自" + imp.from
	}
	entry := AuditEntry{At: imp.at, Action: AuditImport, Revision: m.Revision(), Detail: detail}
	if err := imp.dst.AddMeeting(&m, snapshots, items, entry); err != nil {
		return err
	}
	imp.meetingByUID[m.UID] = id
	item.ID = id
	imp.rep.Added = append(imp.rep.Added, item)
	return nil
}

// localAgenda returns a copy of agenda with each item's case ID set from its UID.
func (imp *transferImport) localAgenda(agenda []AgendaItem, uids []string, what string) ([]AgendaItem, error) {
	if agenda == nil {
		return nil, nil
	}
	out := make([]AgendaItem, len(agenda))
	for i, it := range agenda {
		it.Decisions = slices.Clone(it.Decisions)
		id, err := imp.caseID(uids[i], what)
		if err != nil {
			return nil, err
		}
		it.CaseID = id
		out[i] = it
	}
	return out, nil
}

// placeFiles copies the archived PDF, scans and receipts of every revision into the
// archive and records where they went, in the meeting and in every snapshot that
// names them (the paths are not part of the fingerprint).
func (imp *transferImport) placeFiles(m *Meeting, snapshots map[int]*Minutes) error {
	moved := map[string]string{} // hash → path here
	placeOne := func(hash, suggested string) (string, error) {
		if p, ok := moved[hash]; ok {
			return p, nil
		}
		if imp.place == nil {
			return "", Errorf(CodeInternal, "导入转办包时没有提供存档文件的写入方式。", nil)
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
func cloneDeliveries(ds []Delivery) []Delivery {
	out := slices.Clone(ds)
	for i := range out {
		if r := out[i].Receipt; r != nil {
			cp := *r
			out[i].Receipt = &cp
		}
	}
	return out
}

// normalizedMeeting clears what may differ between two offices' copies of the same
// meeting without its content differing: when it was last saved, and where its
// archived files sit in each archive folder.
func normalizedMeeting(rec TransferMeeting) TransferMeeting {
	clearPaths := func(revs []Revision) []Revision {
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

// judge reports item as unchanged when no field differs, else as a conflict naming
// the fields that do.
func (r *TransferReport) judge(item TransferItem, fields []string) {
	if len(fields) == 0 {
		r.Unchanged = append(r.Unchanged, item)
		return
	}
	r.Conflicts = append(r.Conflicts, TransferConflict{TransferItem: item, Fields: fields})
}

// differingFields compares two records field by field (one level down into a
// "meeting" object) and returns the labels of the fields that differ, in the order
// of the label table, then any field it has no label for; "updated" is ignored
// (Updated stamps are not content).
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
