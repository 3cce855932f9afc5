package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// Live is a store shared with other PCs (a PostgreSQL database): the window follows
// what they change and takes the edit lease of the draft it edits, so that one PC
// edits a meeting at a time and the others (the projector's PC, the intake windows)
// follow it. Package app wires it; nil for the data folder's own file.
type Live struct {
	// Watch follows the changes committed by every PC until ctx ends, then closes
	// the channel. It returns once it follows, so what is loaded afterwards misses
	// nothing.
	Watch func(ctx context.Context) (<-chan Change, error)
	// TakeLease takes the edit lease of a meeting's draft for this PC. A refusal
	// because another PC edits it has meeting.CodeInUse and a message naming that PC.
	TakeLease func(id meeting.ID) (Lease, error)
}

// ChangeKind says what another PC changed, or that changes may have been missed.
type ChangeKind string

// Kinds of Change.
const (
	ChangedMeeting    ChangeKind = "meeting"
	ChangedCase       ChangeKind = "case"
	ChangedDepartment ChangeKind = "department"
	ChangedFollowUp   ChangeKind = "followup"
	ChangedCalendar   ChangeKind = "calendar"
	ChangedLease      ChangeKind = "lease"   // who edits a meeting changed
	FeedLost          ChangeKind = "lost"    // the connection to the server was lost
	FeedResumed       ChangeKind = "resumed" // following again: reload what is shown
)

// Change is one committed change.
type Change struct {
	Kind ChangeKind
	ID   meeting.ID
	Mine bool   // made by this window
	From string // the PC that made it
}

// Lease is this PC's right to edit one draft.
type Lease interface {
	// Lost delivers the reason once the lease is lost (another PC took it over after
	// it lapsed); it is closed by Release.
	Lost() <-chan error
	// Release gives the lease back (the draft is closed).
	Release() error
}

// liveRefresh is how long changes are gathered before the screens are reloaded: a
// save is several notifications (the meeting, its follow-up items, its cases).
const liveRefresh = 150 * time.Millisecond

// liveState is what the window has gathered from the change feed and not shown yet.
type liveState struct {
	cancel  context.CancelFunc
	pending map[ChangeKind]map[meeting.ID]bool
	timer   *time.Timer
	offline *widget.Label // shown while the feed is lost
}

// startLive follows the shared store's changes, for as long as the window is open.
func (u *UI) startLive() {
	if u.opts.Live == nil || u.opts.Live.Watch == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	u.live.cancel = cancel
	ch, err := u.opts.Live.Watch(ctx)
	if err != nil {
		cancel()
		u.showError(err)
		return
	}
	go func() {
		for c := range ch {
			u.do(func() { u.onChange(c) })
		}
	}()
}

// stopLive stops following and gives back the lease of the open draft.
func (u *UI) stopLive() {
	if u.live.cancel != nil {
		u.live.cancel()
	}
	if u.editor != nil {
		u.editor.releaseLease()
	}
}

// onChange gathers a change; the screens are reloaded a moment later, once for a
// burst of them.
func (u *UI) onChange(c Change) {
	switch c.Kind {
	case FeedLost:
		u.setOffline(true)
		return
	case FeedResumed:
		u.setOffline(false)
	}
	if c.Mine && c.Kind != ChangedLease {
		return // this window shows its own edits already
	}
	if u.live.pending == nil {
		u.live.pending = map[ChangeKind]map[meeting.ID]bool{}
	}
	if u.live.pending[c.Kind] == nil {
		u.live.pending[c.Kind] = map[meeting.ID]bool{}
	}
	u.live.pending[c.Kind][c.ID] = true
	if u.live.timer == nil {
		u.live.timer = time.AfterFunc(liveRefresh, func() { u.do(u.applyChanges) })
	}
}

// applyChanges reloads what the gathered changes touch: the open meeting when this
// window follows it (or its lease changed hands), the visible list, the banner and
// the board.
func (u *UI) applyChanges() {
	p := u.live.pending
	u.live.pending, u.live.timer = nil, nil
	all := p[FeedResumed] != nil
	if p[ChangedCalendar] != nil || all {
		u.reloadCalendar()
	}
	if p[ChangedFollowUp] != nil || p[ChangedMeeting] != nil || all {
		u.refreshBanner()
	}
	if ed := u.editor; ed != nil {
		id := ed.m.ID
		if all || ((p[ChangedMeeting][id] || p[ChangedLease][id] || p[ChangedCase] != nil) && ed.follows()) {
			u.reopenMeeting()
		}
	}
	switch u.tabs.Selected() {
	case u.meetingsTab:
		if u.editor == nil && (all || p[ChangedMeeting] != nil) {
			u.meetings.reload()
		}
	case u.casesTab:
		if all || p[ChangedCase] != nil {
			u.cases.reload()
		}
	case u.boardTab:
		if all || p[ChangedFollowUp] != nil || p[ChangedMeeting] != nil {
			u.board.reload()
		}
	default:
		if all || p[ChangedDepartment] != nil {
			u.directory.reload()
		}
		if all || p[ChangedMeeting] != nil || p[ChangedCase] != nil || p[ChangedFollowUp] != nil {
			u.stats.reload()
		}
	}
}

// reopenMeeting reads the open meeting again and shows it on the same step: another
// PC changed it while this window follows it, or the PC editing it let go.
func (u *UI) reopenMeeting() {
	ed := u.editor
	step := ed.current
	ed.releaseLease()
	u.editor = nil // nothing typed here: this window only followed
	u.openMeeting(ed.m.ID)
	if u.editor != nil && step != stepBasic {
		u.editor.showStep(step)
	}
}

// setOffline says, above the tabs, that changes of other PCs are not followed.
func (u *UI) setOffline(off bool) {
	if u.live.offline == nil {
		u.live.offline = widget.NewLabel(lang.L("与共享数据库的连接已断开，正在重新连接；其他电脑的修改暂不显示，连接恢复后自动刷新。"))
		u.live.offline.Wrapping = fyne.TextWrapWord
		u.live.offline.Importance = widget.WarningImportance
		u.top.Add(u.live.offline)
	}
	if off {
		u.live.offline.Show()
	} else {
		u.live.offline.Hide()
	}
	u.top.Refresh()
}

// takeLease takes the edit lease of the editor's draft, when the store is shared. A
// draft another PC edits is shown read-only, following that PC, with its message.
func (e *meetingEditor) takeLease() {
	live := e.u.opts.Live
	if live == nil || live.TakeLease == nil || e.readOnly {
		return
	}
	l, err := live.TakeLease(e.m.ID)
	if err != nil {
		e.readOnly = true
		e.heldBy = meeting.ErrorMessage(err)
		return
	}
	e.lease = l
	go func() {
		if err, ok := <-l.Lost(); ok && err != nil {
			e.u.do(func() {
				if e.lease == l {
					e.u.showError(err)
				}
			})
		}
	}()
}

// releaseLease gives the draft's lease back.
func (e *meetingEditor) releaseLease() {
	if e.lease != nil {
		_ = e.lease.Release()
		e.lease = nil
	}
}

// follows reports whether this window only follows the meeting (another PC edits
// it, or it is locked) and has nothing of its own to save.
func (e *meetingEditor) follows() bool {
	return e.readOnly && !e.saver.unsaved()
}
