package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("Backstop")
	w.SetContent(widget.NewLabel("兜底协调会"))
	w.ShowAndRun()
}
