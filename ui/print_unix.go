//go:build !windows

package ui

// systemPrinters is the platform's printer system: CUPS on Linux and macOS.
func systemPrinters() printerSystem { return cupsPrinters{} }
