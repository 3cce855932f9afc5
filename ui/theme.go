package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"backstop/assets"
)

// The embedded Simplified-Chinese faces. Fyne's own font has no Chinese glyphs and,
// left to the system, picks Japanese forms from a Noto CJK collection.
var (
	fontRegular = fyne.NewStaticResource("NotoSansSC-Regular.ttf", assets.SansRegular)
	fontBold    = fyne.NewStaticResource("NotoSansSC-Bold.ttf", assets.SansBold)
)

// projectorScale enlarges text and controls in 投屏模式 so the back of the room can read.
const projectorScale = 1.45

// officeRed is the red of official documents' mastheads, used sparingly for emphasis.
var officeRed = color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff}

// backstopTheme is the default Fyne theme with the embedded Chinese font, a calmer
// primary colour, and larger sizes in projector mode.
type backstopTheme struct {
	projector bool
}

var _ fyne.Theme = (*backstopTheme)(nil)

// Color always answers with the light variant: a projected light page is legible in a
// lit meeting room, and the minutes themselves are black on white.
func (t *backstopTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return officeRed
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0x7f}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0x22}
	case theme.ColorNameSuccess:
		return color.NRGBA{R: 0x1b, G: 0x7f, B: 0x3b, A: 0xff}
	case theme.ColorNameWarning:
		return color.NRGBA{R: 0xb4, G: 0x5f, B: 0x06, A: 0xff}
	case theme.ColorNameDisabled:
		// Secondary text must stay legible on a projector, not fade to pale grey.
		return color.NRGBA{R: 0x5f, G: 0x63, B: 0x68, A: 0xff}
	case theme.ColorNamePlaceHolder:
		return color.NRGBA{R: 0x80, G: 0x84, B: 0x89, A: 0xff}
	case theme.ColorNameHyperlink:
		return color.NRGBA{R: 0x9a, G: 0x12, B: 0x12, A: 0xff}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (t *backstopTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

func (t *backstopTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

func (t *backstopTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameText:
		s = 15
	case theme.SizeNameHeadingText:
		s = 24
	case theme.SizeNameSubHeadingText:
		s = 18
	case theme.SizeNameLineSpacing:
		s = 6
	}
	if !t.projector {
		return s
	}
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon, theme.SizeNameLineSpacing,
		theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return s * projectorScale
	}
	return s
}
