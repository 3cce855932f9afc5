package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/user"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"backstop/meeting"
)

// The change feed (schema 4): triggers on the tables of records notify the channel
// backstop_changes when a transaction that changed them commits, naming the kind and
// ID of the record and the Store that changed it. Watch follows the channel on a
// connection of its own, so that a PC's lists, board and statistics refresh when
// another PC changes something, and a read-only window follows the PC editing.

// changesChannel is the channel the triggers of 0004_changes.sql notify.
const changesChannel = "backstop_changes"

// ChangeKind says what changed, or that changes may have been missed.
type ChangeKind string

// Kinds of Change.
const (
	ChangedMeeting    ChangeKind = "meeting"    // a meeting: created, edited, finalized, amended, archived, deleted
	ChangedCase       ChangeKind = "case"       // a case
	ChangedDepartment ChangeKind = "department" // the directory
	ChangedFollowUp   ChangeKind = "followup"   // a follow-up item (the board)
	ChangedCalendar   ChangeKind = "calendar"   // a year's holiday arrangement; ID is the year
	ChangedLease      ChangeKind = "lease"      // who edits a meeting changed (taken, taken over, given back); ID is the meeting
	// FeedLost: the connection to the server was lost. Changes are not followed until
	// FeedResumed; the window may say it is offline.
	FeedLost ChangeKind = "lost"
	// FeedResumed: following again after FeedLost; changes made meanwhile were not
	// seen, so reload everything on screen.
	FeedResumed ChangeKind = "resumed"
)

// Change is one committed change, or a gap in the feed (FeedLost, FeedResumed).
type Change struct {
	Kind ChangeKind
	ID   meeting.ID // the record; the year for ChangedCalendar; 0 for the feed's own kinds
	Mine bool       // made through this Store (this window's own save)
	From string     // the PC that made it (see WithOrigin), "" when not known
}

// WithOrigin names this PC in the change feed, which other PCs see as Change.From
// (default: the host name and user name).
func WithOrigin(pc string) Option {
	return func(c *config) { c.origin = pc }
}

// defaultOrigin names this PC by host and user.
func defaultOrigin() string {
	host, _ := os.Hostname()
	if u, err := user.Current(); err == nil && u.Username != "" {
		return host + " " + u.Username
	}
	return host
}

// identify tells a new connection of the pool which Store and PC it belongs to, for
// the change feed's triggers. Custom settings like these need no privilege.
func (s *Store) identify(ctx context.Context, conn *pgx.Conn) error {
	_, err := conn.Exec(ctx, "SELECT set_config('backstop.session', $1, false), set_config('backstop.origin', $2, false)",
		s.session, s.origin)
	return err
}

// Watch follows the change feed until ctx ends, then closes the channel. It
// returns once it listens, so that a list loaded after Watch returned misses no
// change. A lost connection (the server restarted, the network failed) sends
// FeedLost; Watch reconnects by itself, waiting up to watchBackoff between tries,
// and sends FeedResumed once it listens again: reload then, since what changed in
// between was not seen. Changes come in commit order; the channel is buffered,
// and while the caller does not read, notifications wait on the server.
//
// Watch uses a connection of its own, not one of the store's pool, for as long as
// it runs, also after Close: end ctx to stop it. It needs no privilege (the records
// office's read-only role may watch).
func (s *Store) Watch(ctx context.Context) (<-chan Change, error) {
	conn, err := s.listen(ctx)
	if err != nil {
		return nil, err
	}
	ch := make(chan Change, 64)
	f := feed{store: s, ping: watchPing, backoff: watchBackoff}
	go f.follow(ctx, conn, ch)
	return ch, nil
}

// feed is one Watch: its store and its tuning, read when it started.
type feed struct {
	store   *Store
	ping    time.Duration
	backoff time.Duration
}

// Tuning of Watch; tests shorten them.
var (
	// watchPing is how long Watch waits for a notification before it pings the
	// server, so that a connection that died without a word (a cable pulled) is
	// noticed.
	watchPing = 30 * time.Second
	// watchBackoff is the longest wait between two tries to reconnect.
	watchBackoff = 2 * time.Second
)

// listen opens the feed's connection and listens on the channel.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	cfg := s.pool.Config().ConnConfig.Copy()
	cctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, s.connectError(err)
	}
	if _, err := conn.Exec(cctx, "LISTEN "+changesChannel); err != nil {
		_ = conn.Close(context.Background())
		return nil, s.translate(err)
	}
	return conn, nil
}

// follow passes the notifications of conn on to ch until ctx ends, reconnecting
// when the connection is lost.
func (f feed) follow(ctx context.Context, conn *pgx.Conn, ch chan<- Change) {
	defer close(ch)
	defer func() {
		if conn != nil {
			_ = conn.Close(context.Background())
		}
	}()
	for {
		n, err := f.wait(ctx, conn)
		if err == nil {
			if c, ok := f.store.parseChange(n.Payload); ok && !send(ctx, ch, c) {
				return
			}
			continue
		}
		_ = conn.Close(context.Background())
		conn = nil
		if ctx.Err() != nil || !send(ctx, ch, Change{Kind: FeedLost}) {
			return
		}
		if conn = f.relisten(ctx); conn == nil || !send(ctx, ch, Change{Kind: FeedResumed}) {
			return
		}
	}
}

// wait waits for the next notification, pinging the server after each quiet
// period of f.ping.
func (f feed) wait(ctx context.Context, conn *pgx.Conn) (*pgconn.Notification, error) {
	for {
		wctx, cancel := context.WithTimeout(ctx, f.ping)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return n, err
		}
		pctx, cancel := context.WithTimeout(ctx, f.ping)
		err = conn.Ping(pctx)
		cancel()
		if err != nil {
			return nil, err
		}
	}
}

// relisten reconnects until it succeeds or ctx ends (nil then), backing off from
// 50 ms to f.backoff.
func (f feed) relisten(ctx context.Context) *pgx.Conn {
	wait := 50 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		if conn, err := f.store.listen(ctx); err == nil {
			return conn
		}
		wait = min(2*wait, f.backoff)
	}
}

// send passes c on unless ctx ends first.
func send(ctx context.Context, ch chan<- Change, c Change) bool {
	select {
	case ch <- c:
		return true
	case <-ctx.Done():
		return false
	}
}

// changePayload is the JSON the triggers send.
type changePayload struct {
	Kind    ChangeKind `json:"kind"`
	ID      int64      `json:"id"`
	Session *string    `json:"session"`
	PC      *string    `json:"pc"`
}

// parseChange reads a notification's payload; one it cannot read (from a newer
// schema, say) is dropped.
func (s *Store) parseChange(payload string) (Change, bool) {
	var p changePayload
	if err := json.Unmarshal([]byte(payload), &p); err != nil || p.Kind == "" || p.ID < 0 {
		return Change{}, false
	}
	c := Change{Kind: p.Kind, ID: meeting.ID(p.ID)}
	if p.Session != nil {
		c.Mine = *p.Session == s.session
	}
	if p.PC != nil {
		c.From = *p.PC
	}
	return c, true
}
