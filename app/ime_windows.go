//go:build windows

package main

import (
	"syscall"
	"unsafe"

	"backstop/ui"
)

// The input method manager: the composition and candidate windows of a Chinese IME
// are placed at the caret of the focused field.
var (
	imm32                   = syscall.NewLazyDLL("imm32.dll")
	immGetContext           = imm32.NewProc("ImmGetContext")
	immReleaseContext       = imm32.NewProc("ImmReleaseContext")
	immSetCompositionWindow = imm32.NewProc("ImmSetCompositionWindow")
	immSetCandidateWindow   = imm32.NewProc("ImmSetCandidateWindow")
	immGetCompositionWindow = imm32.NewProc("ImmGetCompositionWindow")
	immGetCandidateWindow   = imm32.NewProc("ImmGetCandidateWindow")
)

type point struct{ X, Y int32 }

type rect struct{ Left, Top, Right, Bottom int32 }

// compositionForm is COMPOSITIONFORM.
type compositionForm struct {
	Style      uint32
	CurrentPos point
	Area       rect
}

// candidateForm is CANDIDATEFORM.
type candidateForm struct {
	Index      uint32
	Style      uint32
	CurrentPos point
	Area       rect
}

const (
	cfsPoint   = 0x0002
	cfsExclude = 0x0080
)

// caretFor returns the function that keeps the IME's windows at the caret: the
// composition string at the caret, the candidate list below the caret's line and
// never over it (CFS_EXCLUDE), in the window's client pixels.
func caretFor() func(ui.Caret) {
	return func(c ui.Caret) {
		w := glfwWindowOf(c.Window)
		if w == nil {
			return
		}
		hwnd := uintptr(unsafe.Pointer(w.GetWin32Window()))
		himc, _, _ := immGetContext.Call(hwnd)
		if himc == 0 {
			return
		}
		defer immReleaseContext.Call(hwnd, himc)
		x, y, h := int32(c.Pos.X*c.Scale), int32(c.Pos.Y*c.Scale), int32(c.Height*c.Scale)
		comp := compositionForm{Style: cfsPoint, CurrentPos: point{x, y}}
		immSetCompositionWindow.Call(himc, uintptr(unsafe.Pointer(&comp)))
		cand := candidateForm{Index: 0, Style: cfsExclude, CurrentPos: point{x, y + h}, Area: rect{x, y, x + 1, y + h}}
		immSetCandidateWindow.Call(himc, uintptr(unsafe.Pointer(&cand)))

		var gotComp compositionForm
		var gotCand candidateForm
		okComp, _, _ := immGetCompositionWindow.Call(himc, uintptr(unsafe.Pointer(&gotComp)))
		okCand, _, _ := immGetCandidateWindow.Call(himc, 0, uintptr(unsafe.Pointer(&gotCand)))
		imeDebug("input method: composition window at %d,%d (read back %v), candidate window at %d,%d (read back %v)",
			gotComp.CurrentPos.X, gotComp.CurrentPos.Y, okComp != 0, gotCand.CurrentPos.X, gotCand.CurrentPos.Y, okCand != 0)
	}
}
