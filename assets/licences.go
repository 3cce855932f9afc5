package assets

import _ "embed" // the licence texts below are embedded with //go:embed

// BundledFont describes a font family embedded in Backstop, for the About dialog.
type BundledFont struct {
	Family  string   // such as "Noto Serif SC"
	Files   []string // the files under fonts/
	Licence string   // the licence's name
	Text    string   // the licence's full text, as shipped with the font
}

//go:embed fonts/NotoSerifSC-OFL.txt
var serifLicence string

//go:embed fonts/NotoSansSC-OFL.txt
var sansLicence string

// BundledFonts lists the embedded font families with their licences (see fonts/README.md).
var BundledFonts = []BundledFont{
	{Family: "Noto Serif SC（思源宋体）", Files: []string{"NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf"}, Licence: "SIL Open Font License 1.1", Text: serifLicence},
	{Family: "Noto Sans SC（思源黑体）", Files: []string{"NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"}, Licence: "SIL Open Font License 1.1", Text: sansLicence},
}
