// Command backstop is the Backstop desktop app for the coordination meetings of a
// city's 兜底办, and its command line (see package backstop/app/cli).
package main

import (
	"os"

	"backstop/app/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Version: version,
		Window:  runWindow,
		Alert:   alert,
	}))
}
