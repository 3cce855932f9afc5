package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// previewStep is step 4 (placeholder until package export lands).
type previewStep struct {
	e *meetingEditor
}

func newPreviewStep(e *meetingEditor) *previewStep { return &previewStep{e: e} }

func (s *previewStep) build() fyne.CanvasObject { return widget.NewLabel("") }

func (s *previewStep) render() {}

func (s *previewStep) onPrint() {}
