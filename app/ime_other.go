//go:build !(linux && !wayland) && !windows

package main

import "backstop/ui"

// caretFor has no input method placement on this platform.
func caretFor() func(ui.Caret) { return nil }
