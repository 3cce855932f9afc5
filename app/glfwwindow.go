package main

import (
	"fmt"
	"log"
	"os"
	"reflect"
	"unsafe"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// glfwWindowOf returns the GLFW window behind a Fyne window, for what Fyne does not
// offer: the input method's caret position. Fyne keeps it in an unexported field
// (viewport, in Fyne 2.8's GLFW driver); reflection reads the pointer, and anything
// unexpected (another driver, a renamed field) gives nil, which turns the feature off.
func glfwWindowOf(win fyne.Window) *glfw.Window {
	v := reflect.ValueOf(win)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("viewport")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*glfw.Window]() || f.IsNil() {
		return nil
	}
	return (*glfw.Window)(unsafe.Pointer(f.Pointer()))
}

// imeDebug logs what the input method placement does when BACKSTOP_DEBUG_IME is set:
// to the file it names, or with "1" to the standard error (the tests read it).
func imeDebug(format string, args ...any) {
	dest := os.Getenv("BACKSTOP_DEBUG_IME")
	switch dest {
	case "":
		return
	case "1":
		log.Printf(format, args...)
		return
	}
	f, err := os.OpenFile(dest, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, format+"\n", args...)
}
