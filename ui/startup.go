package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ShowStartupError shows why the app cannot start (for example, the data is in use by
// another Backstop window) in a small window with the app's theme and language, and
// returns when the person closes it. message is already Chinese (a domain message).
func ShowStartupError(a fyne.App, message string) {
	setupLanguage(resolveLanguage(a.Preferences().String(prefLanguage), systemLocale()))
	a.Settings().SetTheme(&backstopTheme{projector: a.Preferences().Bool(prefProjector)})
	w := a.NewWindow(lang.L("无法打开数据"))
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapBreak
	icon := widget.NewIcon(theme.WarningIcon())
	ok := widget.NewButtonWithIcon(lang.L("确定"), theme.ConfirmIcon(), w.Close)
	ok.Importance = widget.HighImportance
	w.SetContent(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), ok), icon, nil, text))
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEscape || e.Name == fyne.KeyEnter {
			w.Close()
		}
	})
	w.Resize(fyne.NewSize(600, 170))
	w.SetFixedSize(true)
	w.CenterOnScreen()
	w.ShowAndRun()
}
