package assets

import _ "embed" // the fonts below are embedded with //go:embed

// The fonts are static (non-variable) TrueType files with glyf outlines, as the PDF
// writer (codeberg.org/go-pdf/fpdf) requires; CFF-flavoured .otf and .ttc collections,
// such as Debian's Noto CJK, are rejected by it. They come from the npm packages
// @expo-google-fonts/noto-serif-sc and @expo-google-fonts/noto-sans-sc version 0.4.3 and
// are licensed under the SIL Open Font License 1.1: see fonts/README.md and the
// *-OFL.txt files. Together they are about 50 MB, the budget for embedded fonts, which is
// why no 楷体-style face is embedded.
//
// The byte slices are shared: callers must not modify them.

// SerifRegular is Noto Serif SC Regular (思源宋体), the 宋体-like body face of the minutes.
//
//go:embed fonts/NotoSerifSC-Regular.ttf
var SerifRegular []byte

// SerifBold is Noto Serif SC Bold, the 小标宋-like face of the minutes' masthead.
//
//go:embed fonts/NotoSerifSC-Bold.ttf
var SerifBold []byte

// SansRegular is Noto Sans SC Regular (思源黑体), the face of the user interface.
//
//go:embed fonts/NotoSansSC-Regular.ttf
var SansRegular []byte

// SansBold is Noto Sans SC Bold, the 黑体-like face of the minutes' level-1 headings and
// labels (出席：, 基本情况：), and bold text in the user interface.
//
//go:embed fonts/NotoSansSC-Bold.ttf
var SansBold []byte
