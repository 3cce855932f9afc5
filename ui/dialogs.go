package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// wrapped returns a label that wraps Chinese text anywhere, sized for a dialog.
func wrapped(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	return container.NewGridWrap(fyne.NewSize(460, l.MinSize().Height), l)
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
	d.Show()
}

// showInfo shows a short message with an explicit 确定 button.
func (u *UI) showInfo(title, message string) {
	d := dialog.NewCustom(title, lang.L("确定"), wrapped(message), u.win)
	d.Show()
}

// confirm asks a yes/no question with explicit 确定/取消 buttons.
func (u *UI) confirm(title, message string, onYes func()) {
	d := dialog.NewCustomConfirm(title, lang.L("确定"), lang.L("取消"), wrapped(message), func(ok bool) {
		if ok {
			onYes()
		}
	}, u.win)
	d.Show()
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
