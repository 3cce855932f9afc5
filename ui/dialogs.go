package ui

import (
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// dialogTextWidth is the width of the text in the message dialogs.
const dialogTextWidth = 460

// wrapped returns a label that wraps Chinese text anywhere, sized for a dialog: as
// wide as dialogTextWidth and as tall as the lines the text wraps to, so that the
// dialog's buttons sit below the last line.
func wrapped(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	return container.NewGridWrap(fyne.NewSize(dialogTextWidth, wrappedHeight(l)), l)
}

// wrappedHeight is the height of a wrapping label dialogTextWidth wide: a line of
// its one-line height for each line its paragraphs break into.
func wrappedHeight(l *widget.Label) float32 {
	one := widget.NewLabel("兜")
	pad := theme.InnerPadding()
	lineHeight := one.MinSize().Height - 2*pad
	size := theme.TextSize()
	lines := 0
	for _, para := range strings.Split(l.Text, "\n") {
		w := fyne.MeasureText(para, size, l.TextStyle).Width
		lines += max(1, int(math.Ceil(float64(w/(dialogTextWidth-2*pad)))))
	}
	return float32(lines)*lineHeight + 2*pad
}

// keyedDialog is an open dialog that Enter and Escape answer: Escape dismisses it,
// Enter confirms it (or, for a message, closes it).
type keyedDialog struct {
	d       dialog.Dialog
	confirm func() // nil: Enter dismisses
}

// show opens d so that the keyboard answers it: the cursor leaves the form behind it
// (whose field would otherwise take the keys), and Enter and Escape go to the dialog.
func (u *UI) show(d dialog.Dialog, confirm func()) {
	k := &keyedDialog{d: d, confirm: confirm}
	u.dialogs = append(u.dialogs, k)
	d.SetOnClosed(func() {
		for i, o := range u.dialogs {
			if o == k {
				u.dialogs = append(u.dialogs[:i:i], u.dialogs[i+1:]...)
				break
			}
		}
	})
	u.win.Canvas().Unfocus()
	d.Show()
}

// dialogKey answers Enter or Escape for the dialog on top, reporting whether there
// was one.
func (u *UI) dialogKey(ev *fyne.KeyEvent) bool {
	if len(u.dialogs) == 0 {
		return false
	}
	top := u.dialogs[len(u.dialogs)-1]
	switch ev.Name {
	case fyne.KeyEscape:
		top.d.Hide()
	case fyne.KeyReturn, fyne.KeyEnter:
		if top.confirm != nil {
			top.confirm()
		} else {
			top.d.Hide()
		}
	default:
		return false
	}
	return true
}

// showError shows err's Chinese sentence (meeting.ErrorMessage) in a dialog.
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	msg := widget.NewLabel(meeting.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapBreak
	body := container.NewVScroll(msg)
	body.SetMinSize(fyne.NewSize(480, 120))
	d := dialog.NewCustom(lang.L("出错了"), lang.L("确定"), body, u.win)
	u.show(d, nil)
}

// showInfo shows a short message with an explicit 确定 button.
func (u *UI) showInfo(title, message string) {
	d := dialog.NewCustom(title, lang.L("确定"), wrapped(message), u.win)
	u.show(d, nil)
}

// confirm asks a yes/no question with explicit 确定/取消 buttons.
func (u *UI) confirm(title, message string, onYes func()) {
	d := dialog.NewCustomConfirm(title, lang.L("确定"), lang.L("取消"), wrapped(message), func(ok bool) {
		if ok {
			onYes()
		}
	}, u.win)
	u.show(d, d.Confirm)
}

// background runs work off the UI goroutine and reports its result with done on the
// UI goroutine. A progress dialog appears when the work takes longer than a blink.
func (u *UI) background(title string, work func() error, done func(error)) {
	var progress dialog.Dialog
	finished := false
	timer := time.AfterFunc(150*time.Millisecond, func() {
		u.do(func() {
			if finished {
				return
			}
			bar := widget.NewProgressBarInfinite()
			progress = dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(lang.L("请稍候……")), bar), u.win)
			progress.Show()
		})
	})
	go func() {
		err := work()
		u.do(func() {
			finished = true
			timer.Stop()
			if progress != nil {
				progress.Hide()
			}
			done(err)
		})
	}()
}
