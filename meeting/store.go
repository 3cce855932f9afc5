package meeting

import "time"

// MeetingFilter selects meetings for a list. Zero fields select everything.
type MeetingFilter struct {
	Year  int    // meeting date's year
	State State  // lifecycle state
	Query string // words that must all occur in the title, applicants or decisions
	Limit int    // at most this many, newest meeting date first; 0 means no limit
}

// CaseFilter selects cases for a list. Zero fields select everything.
type CaseFilter struct {
	Category Category
	Channel  Channel
	Status   CaseStatus
	Query    string // words that must all occur in the title or applicant
	Limit    int    // at most this many, newest received first; 0 means no limit
}

// FollowUpFilter selects follow-up items for a list. Zero fields select everything.
type FollowUpFilter struct {
	Meeting ID             // items of this meeting
	Case    ID             // items of this case
	Lead    string         // items this department leads
	Status  FollowUpStatus // items in this status
	Open    bool           // items not done (pending or in progress)
	Limit   int            // at most this many: the last of the list, those of the newest meetings (0: all)
}

// RevisionRef names one finalized revision of one meeting.
type RevisionRef struct {
	Meeting  ID  `json:"meeting"`
	Revision int `json:"revision"`
}

// PlacePDF writes the PDF of a revision being finalized into the archive (to a
// temporary name, synced, then renamed into place) and returns the file as the
// revision records it. mn is the revision as finalized, with number and fingerprint;
// it must not be changed.
type PlacePDF func(mn Minutes) (PDFFile, error)

// PDFFile is a revision's archived PDF as its record names it.
type PDFFile struct {
	Path  string    // relative to the archive folder, slash-separated
	Hash  string    // SHA-256 of the file, hex
	Fonts []FontUse // the fonts the PDF is set in
}

// Store is what Backstop needs from persistence. Every method that changes data is
// one transaction, durable when it returns. Methods return *Error values: CodeNotFound,
// CodeLocked, CodeInvalid, CodeStorage and so on.
type Store interface {
	// Departments returns the directory in display order.
	Departments() ([]Department, error)
	// SaveDepartment creates (ID 0) or replaces a department; it sets d.ID.
	SaveDepartment(d *Department) error

	// Cases returns the cases the filter selects.
	Cases(f CaseFilter) ([]Case, error)
	// Case returns one case.
	Case(id ID) (Case, error)
	// SaveCase creates (ID 0) or replaces a case after validating it; it sets c.ID.
	SaveCase(c *Case) error

	// Meetings returns the meetings the filter selects, newest first.
	Meetings(f MeetingFilter) ([]Meeting, error)
	// MeetingsReadable is Meetings for a list on screen: a meeting whose record is
	// damaged is left out and its ID returned in damaged, so that one damaged meeting
	// does not hide the others. Meetings fails on it instead.
	MeetingsReadable(f MeetingFilter) (ms []Meeting, damaged []ID, err error)
	// Meeting returns one meeting.
	Meeting(id ID) (Meeting, error)
	// Minutes returns a meeting with the cases on its agenda.
	Minutes(id ID) (Minutes, error)
	// SaveMeeting creates (ID 0) a draft or edits a stored draft (see Meeting.Edit);
	// it refuses a locked meeting with CodeLocked. Drafts may be incomplete.
	SaveMeeting(m *Meeting) error
	// DeleteMeeting removes a draft that was never finalized.
	DeleteMeeting(id ID) error

	// Finalize locks the draft as its next revision, assigning the year's next
	// number on first finalization, and keeps a snapshot of the revision; the
	// revision's PDF is left pending (see PendingPDFs).
	Finalize(id ID, at time.Time) (Minutes, error)
	// FinalizeWith finalizes as Finalize does and, in the same transaction, calls
	// place to write the revision's PDF into the archive and records the file it
	// reports: the finalized revision is committed only once its PDF is in place.
	// If place fails, nothing is committed: the meeting stays a draft and no number
	// is used up. place must not call the store. If FinalizeWith fails after place
	// returned, the caller removes the file place wrote.
	FinalizeWith(id ID, at time.Time, place PlacePDF) (Minutes, error)
	// Amend reopens finalized minutes as the draft of the next revision.
	Amend(id ID, reason string, at time.Time) (Meeting, error)
	// RevisionMinutes returns the snapshot of finalized revision n.
	RevisionMinutes(id ID, n int) (Minutes, error)

	// RecordPDF records the archived PDF of finalized revision n (see the function
	// RecordPDF): path is relative to the archive folder, slash-separated; hash is the
	// file's SHA-256 in hex. Call it only once the file is in place. Recording the same
	// file again is harmless; a different file for a revision that has one is refused
	// with CodeConflict, a revision not finalized with CodeState.
	// fonts lists the fonts the PDF is set in, recorded with the revision.
	RecordPDF(id ID, n int, path, hash string, fonts ...FontUse) error
	// PendingPDFs lists the finalized revisions whose PDF is not recorded yet, in
	// meeting and revision order: at startup, render each from RevisionMinutes (the
	// content is fixed, so the bytes are the same as the first time) and record it.
	PendingPDFs() ([]RevisionRef, error)
	// AttachScan attaches a signed scan to the current revision (see Sign). Call it
	// only once the scan file is in place.
	AttachScan(id ID, scan Scan, at time.Time) (Meeting, error)
	// Archive marks a signed record complete (see Archive).
	Archive(id ID, at time.Time) (Meeting, error)
	// Deliver records that a department's excerpt of the last finalized revision was
	// handed over (see Deliver).
	Deliver(id ID, rec DeliveryRecord, at time.Time) (Meeting, error)
	// AttachReceipt attaches the signed receipt of a delivered excerpt (see
	// AttachReceipt). Call it only once the file is in place.
	AttachReceipt(id ID, department string, scan Scan, at time.Time) (Meeting, error)
	// Undelivered returns the meetings whose last finalized revision has excerpts
	// not delivered yet, newest first.
	Undelivered() ([]Meeting, error)

	// FollowUps returns the follow-up items the filter selects, in meeting, agenda
	// and decision order. Items are created when minutes are finalized (see
	// FollowUpsFor) and follow amendments: an item keeps its progress while its
	// decision (by DecisionUID) stays in the minutes.
	FollowUps(f FollowUpFilter) ([]FollowUp, error)
	// Board returns the 督办 board on today (see Board), reading only the items on it.
	Board(today Date, cal *Calendar) (BoardView, error)
	// Precedents returns decisions on earlier cases like c (同类事项), newest first.
	Precedents(c Case, limit int) ([]Precedent, error)

	// Calendar returns the working-day calendar: the shipped arrangements, with the
	// years entered in the app (CalendarYears) in their place.
	Calendar() (*Calendar, error)
	// CalendarYears returns the holiday arrangements entered in the app.
	CalendarYears() ([]CalendarYear, error)
	// SaveCalendarYear stores one year's arrangement, replacing the one entered before.
	SaveCalendarYear(y CalendarYear) error
	// DeleteCalendarYear removes the arrangement entered for a year.
	DeleteCalendarYear(year int) error
	// FollowUp returns one follow-up item.
	FollowUp(id ID) (FollowUp, error)
	// AddProgress records a progress report on an item (see AddProgress) and returns
	// the item as stored.
	AddProgress(id ID, p ProgressEntry) (FollowUp, error)
	// CompleteFollowUp marks an item done (see Complete) and returns it as stored.
	CompleteFollowUp(id ID, on Date, note string) (FollowUp, error)
	// ReopenFollowUp returns a done item to 办理中 (see Reopen) and returns it as stored.
	ReopenFollowUp(id ID, on Date, reporter, reason string) (FollowUp, error)
	// CloseCase records the reply and closes the case when all its items are done
	// (see CloseCase); it returns the case as stored.
	CloseCase(caseID ID, reply Reply) (Case, error)
	// RecordCallBack records a call-back on a closed case; an unsatisfied applicant
	// reopens it (see RecordCallBack). It returns the case as stored.
	RecordCallBack(caseID ID, cb CallBack) (Case, error)

	// Audit returns the audit log of a meeting, oldest first, also after the meeting
	// was deleted. Every change to a meeting adds an entry in the same transaction;
	// entries are never changed or removed.
	Audit(id ID) ([]AuditEntry, error)
	// VerifyAll checks the revisions of every meeting against their snapshots and the
	// audit log (see CheckChain) and returns every problem found; the error is for a
	// store that cannot be read at all.
	VerifyAll() ([]ChainProblem, error)
	// VerifyChain checks one meeting as VerifyAll does.
	VerifyChain(id ID) ([]ChainProblem, error)

	// Import stores departments (joining the directory by name: existing entries are
	// kept), cases and a draft meeting, all in one transaction: nothing is stored
	// unless everything is. The cases carry provisional IDs (distinct, non-zero) that
	// the agenda refers to; the store assigns real IDs and rewrites the references.
	// It returns the stored meeting.
	Import(departments []Department, cases []Case, m Meeting) (Meeting, error)
}
