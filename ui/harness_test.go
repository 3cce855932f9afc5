package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
	"backstop/meeting/store"
)

// testNow is the clock of every UI test, so rendered markup is stable.
var testNow = time.Date(2026, 10, 12, 10, 30, 0, 0, time.UTC)

// harness runs the UI headlessly over a real store in a temporary folder. Work that
// the UI posts to its goroutine (autosave, background results) is queued, and the test
// runs it on its own goroutine with drain, as the Fyne event loop would.
type harness struct {
	t     testing.TB
	app   fyne.App
	st    *store.Store
	u     *UI
	queue chan func()
	dir   string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, languageChinese)
	// The store in the data directory, as the application has it: data made before
	// this version, without a font setting (the embedded fonts).
	dir := t.TempDir()
	st, err := store.Open(dir, store.WithClock(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	h := &harness{t: t, app: a, st: st, queue: make(chan func(), 256), dir: dir}
	h.u = New(a, st, Options{DataDir: h.dir, Version: "test"})
	h.u.do = func(f func()) { h.queue <- f }
	h.u.now = func() time.Time { return testNow }
	h.u.printers = noPrinters{} // the machine's printers must not leak into goldens
	h.u.win.Resize(fyne.NewSize(1280, 860))
	h.u.win.Show()
	return h
}

// noPrinters is a system without printers.
type noPrinters struct{}

func (noPrinters) Printers() ([]string, error)     { return nil, nil }
func (noPrinters) Print(string, string, int) error { return nil }

// drain runs queued UI work until nothing arrives for quiet.
func (h *harness) drain(quiet time.Duration) {
	h.t.Helper()
	for {
		select {
		case f := <-h.queue:
			f()
		case <-time.After(quiet):
			return
		}
	}
}

// waitFor runs queued UI work until cond holds, failing after limit.
func (h *harness) waitFor(limit time.Duration, what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(limit)
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			h.t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
	}
}

// autosaved waits for the pending autosave, which must come within half a second.
func (h *harness) autosaved() {
	h.t.Helper()
	start := time.Now()
	select {
	case f := <-h.queue:
		if d := time.Since(start); d > 500*time.Millisecond {
			h.t.Errorf("autosave came after %v, want ≤ 500ms", d)
		}
		f()
	case <-time.After(time.Second):
		h.t.Fatal("no autosave within a second")
	}
	h.drain(20 * time.Millisecond)
}

// typeInto clicks into the entry and types text as a person would: a click places the
// cursor (at the start, in the test driver) rather than selecting the text.
func (h *harness) typeInto(e fyne.Focusable, text string) {
	if en, ok := e.(*entry); ok {
		en.pointer = true
		defer func() { en.pointer = false }()
	}
	h.u.win.Canvas().Focus(e)
	test.Type(e, text)
}

// stored returns the meeting as the store holds it.
func (h *harness) stored(id meeting.ID) meeting.Meeting {
	h.t.Helper()
	m, err := h.st.Meeting(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// tapButton taps the first button with the given text found under o.
func tapButton(t testing.TB, o fyne.CanvasObject, text string) {
	t.Helper()
	b := findButton(o, text)
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	test.Tap(b)
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) bool {
		if b, ok := c.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
			return false
		}
		return true
	})
	return found
}

// walk visits o and every object in it, rendered or contained.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !visit(o) {
		return
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, visit)
		}
	}
}

// tapChoice clicks an option of a row of choice buttons.
func tapChoice(t testing.TB, c *choiceButtons, label string) {
	t.Helper()
	for i, l := range c.labels {
		if l == label {
			test.Tap(c.buttons[i])
			return
		}
	}
	t.Fatalf("no option %q in %v", label, c.labels)
}

// tapRadio clicks the option of a radio group.
func tapRadio(t testing.TB, g *widget.RadioGroup, option string) {
	t.Helper()
	var found fyne.Tappable
	walk(g, func(o fyne.CanvasObject) bool {
		v := reflect.ValueOf(o)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			if f := v.Elem().FieldByName("Label"); f.IsValid() && f.Kind() == reflect.String && f.String() == option {
				if tp, ok := o.(fyne.Tappable); ok {
					found = tp
				}
			}
		}
		return true
	})
	if found == nil {
		t.Fatalf("no option %q in %v", option, g.Options)
	}
	test.Tap(found)
}

// submit presses Enter in an entry.
func submit(e fyne.Focusable) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// overlayTop returns the topmost overlay (a dialog), failing if there is none.
func (h *harness) overlayTop() fyne.CanvasObject {
	h.t.Helper()
	top := h.u.win.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatal("no dialog shown")
	}
	return top
}

// shot writes the window to testdata/screenshot-<name>.png when BACKSTOP_SHOTS is set,
// for a person to look at.
func shot(t testing.TB, h *harness, name string) {
	t.Helper()
	if os.Getenv("BACKSTOP_SHOTS") == "" {
		return
	}
	savePNG(t, h.u.win, filepath.Join("testdata", "screenshot-"+name+".png"))
}

// savePNG writes what the window shows to path.
func savePNG(t testing.TB, w fyne.Window, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// finalizedExample stores the example meeting and finalizes it, returning its ID.
func (h *harness) finalizedExample() meeting.ID {
	h.t.Helper()
	id, err := seedExample(h.st)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.st.Finalize(id, testNow); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// textsUnder joins the texts of the visible labels under o (problem labels too), one
// per line.
func textsUnder(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(c fyne.CanvasObject) bool {
		switch l := c.(type) {
		case *widget.Label:
			if l.Visible() {
				b.WriteString(l.Text + "\n")
			}
		case *problemLabel:
			if l.Visible() {
				b.WriteString(l.Text + "\n")
			}
		}
		return true
	})
	return b.String()
}

// asEntry returns the text field o is, single-line (entry) or multi-line.
func asEntry(o fyne.CanvasObject) (*widget.Entry, bool) {
	switch e := o.(type) {
	case *widget.Entry:
		return e, true
	case *entry:
		return &e.Entry, true
	}
	return nil, false
}
