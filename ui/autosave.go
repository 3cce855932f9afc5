package ui

import (
	"sync"
	"time"
)

// autosaveDelay is how long the editor waits after the last change before storing it:
// typing stays smooth, and every change is stored within half a second.
const autosaveDelay = 400 * time.Millisecond

// debouncer runs save on the UI goroutine once changes have paused for delay. flush runs
// a pending save at once, for closing the window or leaving a screen.
type debouncer struct {
	delay time.Duration
	do    func(func()) // posts to the UI goroutine
	save  func()

	mu      sync.Mutex
	timer   *time.Timer
	gen     int
	pending bool
}

func newDebouncer(do func(func()), save func()) *debouncer {
	return &debouncer{delay: autosaveDelay, do: do, save: save}
}

// changed records a change and (re)starts the countdown.
func (d *debouncer) changed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = true
	d.gen++
	gen := d.gen
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.delay, func() {
		d.do(func() { d.fire(gen) })
	})
}

func (d *debouncer) fire(gen int) {
	d.mu.Lock()
	if gen != d.gen || !d.pending {
		d.mu.Unlock()
		return
	}
	d.pending = false
	d.mu.Unlock()
	d.save()
}

// failed records that the save just run did not store the change (the store refused
// it): the change stays pending, so the next change or flush saves it again, and
// unsaved says so. The edit itself stays in the widgets and the working copy.
func (d *debouncer) failed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = true
}

// unsaved reports whether a change is waiting to be stored: one not yet saved, or one
// whose save failed.
func (d *debouncer) unsaved() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending
}

// discard drops the pending change, for when the person chose to leave it unsaved.
func (d *debouncer) discard() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.gen++
	d.pending = false
}

// flush saves now if a change is pending. It must run on the UI goroutine.
func (d *debouncer) flush() {
	d.mu.Lock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.gen++
	pending := d.pending
	d.pending = false
	d.mu.Unlock()
	if pending {
		d.save()
	}
}
