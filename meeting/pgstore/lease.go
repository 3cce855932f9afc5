package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"backstop/meeting"
)

// Edit leases (schema 3, the table leases): one PC edits a meeting's draft at a
// time. The PC that opens the draft for editing takes the meeting's lease, renews
// it while the window is open (a heartbeat, every third of its ttl or so) and gives
// it back on closing; the other PCs follow the meeting read-only. A lease not
// renewed within its ttl has lapsed: the PC crashed, lost the network or went to
// sleep, and another may take over. Every time is the server's clock.
//
// The store, not only the screen, enforces it: SaveMeeting, DeleteMeeting,
// Finalize(With) and Amend refuse, in their transaction, a change of a meeting that
// another Store holds a live lease on, with CodeInUse and a message naming the PC
// that holds it; the stored meeting is not touched and the caller's copy is left as
// it was, so nothing typed is lost. A meeting nobody holds a lease on may be changed
// by anyone, as before leases existed: the command line, an office with one PC, and
// a PC whose lease lapsed without anybody taking over keep working.
//
// Who holds a lease is a Store (one Open of one process), not a PC: two windows of
// one process share the Store's leases. The holder name is for people; the same name
// from another Store (the app restarted on the same PC after a crash) takes the lease
// over at once instead of waiting for the old one to lapse.

// Lease is a Store's right to edit one meeting's draft until it lapses. Renew it
// well within TTL; Release it when the window closes. Its methods are safe for
// concurrent use.
type Lease struct {
	Meeting meeting.ID
	Holder  string        // the PC and user holding it, as the caller named them
	TTL     time.Duration // it lapses this long after the last renewal

	store *Store
	token string

	mu   sync.Mutex
	lost error // set once Renew found it taken over, for every later Renew
}

// LeaseInfo describes a live lease for display: who holds it, and how long ago they
// renewed it, by the server's clock.
type LeaseInfo struct {
	Meeting meeting.ID
	Holder  string
	Idle    time.Duration // since the holder's last heartbeat
	Left    time.Duration // until it lapses unless renewed
	TTL     time.Duration
	Mine    bool // held by this Store
}

// HeldError is the cause (meeting.Error's Err) of a refusal because another PC
// holds the meeting's lease: errors.As gives the UI the holder.
type HeldError struct{ LeaseInfo }

func (e *HeldError) Error() string {
	return fmt.Sprintf("meeting %d is being edited by %q (heartbeat %s ago, ttl %s)", e.Meeting, e.Holder, e.Idle.Round(time.Millisecond), e.TTL)
}

// TakeLease takes the edit lease of a meeting for holder (the PC and user, e.g.
// "WIN-3F 张华", which other PCs are shown) for ttl. It succeeds when nobody holds a
// live lease on the meeting, when the lease has lapsed, when this Store already holds
// it (the same Lease's token, renewed), or when holder holds it from another Store
// (the app was restarted). Otherwise it is refused with CodeInUse, a message naming
// the holder, and a *HeldError as the cause. It waits for a save of the meeting in
// progress, so that the new holder, reading the meeting after TakeLease, reads what
// that save committed.
func (s *Store) TakeLease(id meeting.ID, holder string, ttl time.Duration) (*Lease, error) {
	holder = strings.TrimSpace(holder)
	if holder == "" {
		return nil, meeting.Errorf(meeting.CodeInvalid, "请填写本机名称（电脑名和用户名），其他电脑据此显示由谁在编辑。", nil)
	}
	if len([]rune(holder)) > 100 {
		return nil, meeting.Errorf(meeting.CodeInvalid, "本机名称过长（最多 100 个字符）。", nil)
	}
	if ttl < time.Millisecond {
		return nil, meeting.Errorf(meeting.CodeInvalid, "编辑租约的有效时间须至少 1 毫秒。", nil)
	}
	token := meeting.NewUID()
	var held *LeaseInfo
	err := s.update(func(ctx context.Context, tx pgx.Tx) error {
		held = nil
		// SaveMeeting locks the row FOR UPDATE: wait for it to commit.
		var one int
		err := tx.QueryRow(ctx, "SELECT 1 FROM meetings WHERE id = $1 FOR SHARE", int64(id)).Scan(&one)
		if err == pgx.ErrNoRows {
			return notFound("未找到编号为 %d 的会议。", id)
		}
		if err != nil {
			return err
		}
		// ON CONFLICT … WHERE locks the existing row even when it does not update it,
		// so that the holder read below is the one that refused us.
		err = tx.QueryRow(ctx, `INSERT INTO leases AS l (meeting_id, holder, session, token, ttl, taken_at, renewed_at, expires_at)
			VALUES ($1, $2, $3, $4, $5 * interval '1 microsecond', now(), now(), now() + $5 * interval '1 microsecond')
			ON CONFLICT (meeting_id) DO UPDATE SET
				holder = excluded.holder, session = excluded.session, ttl = excluded.ttl,
				token = CASE WHEN l.session = excluded.session THEN l.token ELSE excluded.token END,
				taken_at = CASE WHEN l.session = excluded.session THEN l.taken_at ELSE now() END,
				renewed_at = now(), expires_at = excluded.expires_at
			WHERE l.expires_at <= now() OR l.session = excluded.session OR l.holder = excluded.holder
			RETURNING token`, int64(id), holder, s.session, token, ttl.Microseconds()).Scan(&token)
		if err != pgx.ErrNoRows {
			return err
		}
		info, found, err := s.leaseInfo(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if !found { // cannot be: the row is locked
			return fmt.Errorf("lease of meeting %d vanished while locked", id)
		}
		held = &info
		return nil
	})
	if err != nil {
		return nil, err
	}
	if held != nil {
		return nil, heldError("", *held)
	}
	return &Lease{Meeting: id, Holder: holder, TTL: ttl, store: s, token: token}, nil
}

// Renew is the heartbeat: it extends the lease by its TTL from now (the server's
// now). A lease that lapsed but that nobody took over is renewed. One that another
// PC took over after it lapsed, or that was released, is lost for good: Renew
// returns CodeInUse with a message saying so (naming the new holder, with a
// *HeldError as the cause when there is one), now and on every later call; the
// window should turn read-only, keeping what was typed but not saved. A server that
// cannot be reached gets CodeStorage: the lease stays until it lapses, so keep
// renewing.
func (l *Lease) Renew() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lost != nil {
		return l.lost
	}
	var lost error
	err := l.store.update(func(ctx context.Context, tx pgx.Tx) error {
		lost = nil
		tag, err := tx.Exec(ctx, `UPDATE leases SET renewed_at = now(), expires_at = now() + ttl
			WHERE meeting_id = $1 AND token = $2`, int64(l.Meeting), l.token)
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		info, found, err := l.store.leaseInfo(ctx, tx, l.Meeting, false)
		if err != nil {
			return err
		}
		if found {
			lost = heldError(fmt.Sprintf("本机对这个会议的编辑权已由「%s」接手（本机超过 %s没有响应）。本机转为只读查看，尚未保存的内容没有写入数据库。",
				info.Holder, seconds(l.TTL)), info)
			return nil
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT FROM meetings WHERE id = $1)", int64(l.Meeting)).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			lost = notFound("编号为 %d 的会议已被删除。", l.Meeting)
		} else {
			lost = meeting.Errorf(meeting.CodeInUse, fmt.Sprintf(
				"本机对这个会议的编辑权已失效（已交还，或本机超过 %s没有响应期间由其他电脑接手过）。请重新打开会议，在最新内容上继续编辑；本机尚未保存的内容没有写入数据库。",
				seconds(l.TTL)), nil)
		}
		return nil
	})
	if err != nil {
		return err
	}
	l.lost = lost
	return lost
}

// Heartbeat renews the lease every third of its TTL until ctx ends or the lease
// is lost, and reports each failed renewal on the channel: CodeStorage while the
// server cannot be reached (the heartbeat goes on; the lease holds until it
// lapses), and the loss (CodeInUse, see Renew), after which the channel closes. It
// also closes when ctx ends. It does not Release the lease.
func (l *Lease) Heartbeat(ctx context.Context) <-chan error {
	failures := make(chan error, 1)
	go func() {
		defer close(failures)
		tick := time.NewTicker(max(l.TTL/3, time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			err := l.Renew()
			if err == nil {
				continue
			}
			select {
			case failures <- err:
			case <-ctx.Done():
				return
			}
			if meeting.ErrorCode(err) != meeting.CodeStorage {
				return // lost for good
			}
		}
	}()
	return failures
}

// Release gives the lease back, so that another PC may edit at once. Releasing a
// lease that was lost or already released does nothing.
func (l *Lease) Release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.store.update(func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM leases WHERE meeting_id = $1 AND token = $2", int64(l.Meeting), l.token)
		return err
	})
	if err == nil && l.lost == nil {
		l.lost = meeting.Errorf(meeting.CodeInUse, "本机已交还这个会议的编辑权；如需继续编辑，请重新打开会议。", nil)
	}
	return err
}

// LeaseHolder returns the live lease of a meeting, and false when nobody holds one
// (none taken, released, or lapsed): then anyone may take it, and save.
func (s *Store) LeaseHolder(id meeting.ID) (LeaseInfo, bool, error) {
	var info LeaseInfo
	var found bool
	err := s.view(func(ctx context.Context, tx pgx.Tx) (err error) {
		info, found, err = s.leaseInfo(ctx, tx, id, true)
		return err
	})
	return info, found, err
}

// leaseInfo reads the lease of a meeting, only a live one when liveOnly.
func (s *Store) leaseInfo(ctx context.Context, q querier, id meeting.ID, liveOnly bool) (LeaseInfo, bool, error) {
	sql := `SELECT holder, session, extract(epoch FROM now() - renewed_at)::float8,
		extract(epoch FROM expires_at - now())::float8, extract(epoch FROM ttl)::float8
		FROM leases WHERE meeting_id = $1`
	if liveOnly {
		sql += " AND expires_at > now()"
	}
	info := LeaseInfo{Meeting: id}
	var session string
	var idle, left, ttl float64
	err := q.QueryRow(ctx, sql, int64(id)).Scan(&info.Holder, &session, &idle, &left, &ttl)
	if err == pgx.ErrNoRows {
		return LeaseInfo{}, false, nil
	}
	if err != nil {
		return LeaseInfo{}, false, err
	}
	info.Mine = session == s.session
	info.Idle, info.Left, info.TTL = fromSeconds(max(idle, 0)), fromSeconds(left), fromSeconds(ttl)
	return info, true, nil
}

// checkLease refuses a change of a meeting that another Store holds a live lease
// on; refused says what did not happen ("刚才的修改没有保存"). It runs in the
// changing transaction after the meeting's row is locked, and TakeLease waits for
// that lock: a lease taken just after the check sees the change committed.
func (s *Store) checkLease(ctx context.Context, tx pgx.Tx, id meeting.ID, refused string) error {
	info, found, err := s.leaseInfo(ctx, tx, id, true)
	if err != nil || !found || info.Mine {
		return err
	}
	return heldError(refused+"（数据库中的会议未被改动）：", info)
}

// heldError is the refusal because of info's lease, the message starting with
// prefix (the default sentence when prefix is empty or ends in a colon).
func heldError(prefix string, info LeaseInfo) *meeting.Error {
	msg := prefix
	if prefix == "" || strings.HasSuffix(prefix, "：") {
		msg += fmt.Sprintf("会议正由「%s」编辑（%s前仍在编辑）；可只读查看，对方关闭或超过 %s无响应后可接手编辑。",
			info.Holder, seconds(info.Idle), seconds(info.TTL))
	}
	return &meeting.Error{Code: meeting.CodeInUse, Message: msg, Err: &HeldError{info}}
}

// seconds writes a duration for a message: "3 秒", at least 1, in minutes from 2.
func seconds(d time.Duration) string {
	n := int(math.Ceil(d.Seconds()))
	switch {
	case n < 1:
		n = 1
	case n >= 120:
		return fmt.Sprintf("%d 分钟", (n+30)/60)
	}
	return fmt.Sprintf("%d 秒", n)
}

func fromSeconds(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// IsHeld reports whether err is a refusal because another PC holds the lease, and
// who.
func IsHeld(err error) (LeaseInfo, bool) {
	var h *HeldError
	if errors.As(err, &h) {
		return h.LeaseInfo, true
	}
	return LeaseInfo{}, false
}
