package main

import (
	"fyne.io/fyne/v2/app"

	"backstop/app/cli"
	"backstop/ui"
)

// appID identifies Backstop to Fyne (preferences, window state).
const appID = "cn.gov.backstop"

// runWindow opens the desktop app on the store until the user closes it.
func runWindow(st cli.Store, dataDir string) error {
	a := app.NewWithID(appID)
	ro, _ := st.(interface{ ReadOnly() bool })
	db := &ui.Database{
		Saved: func() string {
			u, _ := cli.DatabaseURL("", func(string) string { return "" }, dataDir)
			return u
		},
		Save: func(u string) error { return cli.SaveDatabaseURL(dataDir, u) },
		Test: cli.TestDatabase,
	}
	if w, ok := st.(interface{ Where() string }); ok {
		db.InUse = w.Where()
	}
	ui.New(a, st, ui.Options{DataDir: dataDir, Version: version, ReadOnly: ro != nil && ro.ReadOnly(), Screen: screenOf, Caret: caretFor(), Database: db, Live: liveFor(st)}).ShowAndRun()
	return nil
}

// alert shows why the app cannot start, in the app's own theme and language, and
// returns when the person closes it (e.g. the data is in use by another window).
func alert(_, message string) {
	ui.ShowStartupError(app.NewWithID(appID), message)
}
