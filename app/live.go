package main

import (
	"context"
	"os"
	"os/user"
	"time"

	"backstop/meeting"
	"backstop/meeting/pgstore"
	"backstop/ui"
)

// leaseTTL is how long an edit lease outlives the last heartbeat: a PC that crashed
// or lost the network is taken over after it.
const leaseTTL = 30 * time.Second

// liveFor connects the window to the change feed and the edit leases of a shared
// store; nil for the data folder's own file.
func liveFor(st any) *ui.Live {
	pg, ok := st.(*pgstore.Store)
	if !ok {
		return nil
	}
	holder := pcName()
	return &ui.Live{
		Watch: func(ctx context.Context) (<-chan ui.Change, error) {
			in, err := pg.Watch(ctx)
			if err != nil {
				return nil, err
			}
			out := make(chan ui.Change, cap(in))
			go func() {
				defer close(out)
				for c := range in {
					out <- ui.Change{Kind: ui.ChangeKind(c.Kind), ID: c.ID, Mine: c.Mine, From: c.From}
				}
			}()
			return out, nil
		},
		TakeLease: func(id meeting.ID) (ui.Lease, error) {
			l, err := pg.TakeLease(id, holder, leaseTTL)
			if err != nil {
				return nil, err
			}
			return newLease(l), nil
		},
	}
}

// pcName names this PC to the others: host and user ("WIN-3F 张华").
func pcName() string {
	host, _ := os.Hostname()
	if u, err := user.Current(); err == nil && u.Username != "" {
		return host + " " + u.Username
	}
	return host
}

// lease keeps a pgstore lease alive with its heartbeat until released.
type lease struct {
	l      *pgstore.Lease
	cancel context.CancelFunc
	lost   chan error
}

func newLease(l *pgstore.Lease) *lease {
	ctx, cancel := context.WithCancel(context.Background())
	x := &lease{l: l, cancel: cancel, lost: make(chan error, 1)}
	beats := l.Heartbeat(ctx)
	go func() {
		defer close(x.lost)
		var last error
		for err := range beats {
			last = err // a failed renewal; the heartbeat ends once the lease is lost
		}
		if ctx.Err() == nil && last != nil {
			x.lost <- last
		}
	}()
	return x
}

func (x *lease) Lost() <-chan error { return x.lost }

func (x *lease) Release() error {
	x.cancel()
	return x.l.Release()
}
