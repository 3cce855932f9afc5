//go:build linux && !wayland

package main

/*
#cgo LDFLAGS: -lX11
#include <stdlib.h>
#include <X11/Xlib.h>

// glfwWindowSize is sizeof(_GLFWwindow) of the GLFW that go.mod pins, built for X11
// and Wayland as go-gl builds it on Linux: findIC reads no further.
enum { glfwWindowSize = 3416 };

// findIC returns the input context GLFW created for the window, which GLFW keeps to
// itself. In _GLFWwindowX11 it follows the window's colormap, handle and parent
// (GLFW 3.4 x11_platform.h); both of the first two are checked against the X
// server, so a changed layout finds nothing rather than something wrong.
static XIC findIC(void *glfwWindow, Display *d, Window handle) {
	XWindowAttributes a;
	if (glfwWindow == NULL || !XGetWindowAttributes(d, handle, &a)) {
		return NULL;
	}
	unsigned long *w = glfwWindow;
	size_t n = glfwWindowSize / sizeof *w;
	for (size_t i = 1; i + 2 < n; i++) {
		if (w[i] == handle && w[i-1] == a.colormap) {
			return (XIC)w[i+2];
		}
	}
	return NULL;
}

// setSpot tells the input method where the caret is, in window pixels: the style
// GLFW asks for (XIMPreeditNothing) still takes the spot, and fcitx5 and ibus put
// their candidate window there.
static int setSpot(XIC ic, int x, int y) {
	XPoint spot = {x, y};
	XVaNestedList attr = XVaCreateNestedList(0, XNSpotLocation, &spot, NULL);
	char *bad = XSetICValues(ic, XNPreeditAttributes, attr, NULL);
	XFree(attr);
	return bad == NULL;
}
*/
import "C"

import (
	"log"
	"unsafe"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"

	"backstop/ui"
)

// x11IME places the input method's candidate window at the caret (see setSpot).
type x11IME struct {
	ic    C.XIC
	tried bool
}

// caretFor returns the function that follows the caret for the window, or nil when
// the window's input context cannot be found (then the candidates appear where the
// input method puts them, as before).
func caretFor() func(ui.Caret) {
	ime := &x11IME{}
	return func(c ui.Caret) {
		if !ime.tried {
			ime.tried = true
			ime.ic = windowIC(c.Window)
			if ime.ic == nil {
				log.Print("input method: the window's X input context was not found; candidates stay where the input method puts them")
			}
		}
		if ime.ic == nil {
			return
		}
		x, y := int(c.Pos.X*c.Scale), int((c.Pos.Y+c.Height)*c.Scale)
		ok := C.setSpot(ime.ic, C.int(x), C.int(y))
		imeDebug("input method: spot %d,%d (accepted %v)", x, y, ok != 0)
	}
}

// windowIC finds the X input context of a Fyne window.
func windowIC(win fyne.Window) C.XIC {
	w := glfwWindowOf(win)
	if w == nil {
		return nil
	}
	data := *(*unsafe.Pointer)(unsafe.Pointer(w)) // go-gl's Window starts with its *C.GLFWwindow
	display := (*C.Display)(unsafe.Pointer(glfw.GetX11Display()))
	return C.findIC(data, display, C.Window(w.GetX11Window()))
}
