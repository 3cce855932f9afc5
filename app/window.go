package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"

	"backstop/meeting/store"
	"backstop/ui"
)

// appID identifies Backstop to Fyne (preferences, window state).
const appID = "cn.gov.backstop"

// runWindow opens the desktop app on the store until the user closes it.
func runWindow(st *store.Store, dataDir string) error {
	a := app.NewWithID(appID)
	ui.New(a, st, ui.Options{DataDir: dataDir, Version: version}).ShowAndRun()
	return nil
}

// alert shows message in a small window and waits until the user closes it; used when
// the app cannot start, e.g. because another window holds the data.
func alert(title, message string) {
	a := app.NewWithID(appID)
	w := a.NewWindow(title)
	d := dialog.NewInformation(title, message, w)
	d.SetOnClosed(a.Quit)
	w.Resize(fyne.NewSize(520, 220))
	w.Show()
	d.Show()
	a.Run()
}
