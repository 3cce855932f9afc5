package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"

	"backstop/ui"
)

// screenOf returns the work area (the screen less task bars and docks) of the
// monitor the window is on, in the window's units, for the window to fit in. It runs
// on the main thread (from fyne.Do), where GLFW may be called. The window is the
// current GL context there; without one, the primary monitor is taken.
func screenOf(scale float32) (ui.Screen, bool) {
	monitors := glfw.GetMonitors()
	if len(monitors) == 0 {
		return ui.Screen{}, false
	}
	mon := glfw.GetPrimaryMonitor()
	if w := glfw.GetCurrentContext(); w != nil {
		x, y := w.GetPos()
		for _, m := range monitors {
			mx, my, mw, mh := m.GetWorkarea()
			if x >= mx && x < mx+mw && y >= my && y < my+mh {
				mon = m
				break
			}
		}
	}
	if mon == nil {
		return ui.Screen{}, false
	}
	_, _, w, h := mon.GetWorkarea()
	if w <= 0 || h <= 0 {
		return ui.Screen{}, false
	}
	if scale <= 0 {
		scale = 1
	}
	return ui.Screen{Name: mon.GetName(), Pixels: [2]int{w, h}, Size: fyne.NewSize(float32(w)/scale, float32(h)/scale)}, true
}
