package assets

import (
	"embed"
	_ "embed" // the icon below is embedded with //go:embed
)

// Translations holds the user interface's translation tables, translations/zh.json and
// translations/en.json, in the JSON format fyne.io/fyne/v2/lang loads. Their keys are
// the Chinese strings the interface is written in.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the application icon, a 256×256 PNG drawn by a program of our own (a white
// safety-net shield on office red), so it is ours to license with the code.
//
//go:embed icon.png
var Icon []byte
