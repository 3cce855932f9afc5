package docx

import "backstop/export"

// typeface is how a font role is named in the document: the name offices have
// installed, and the name Word and WPS fall back to when it is missing.
type typeface struct {
	name, alt string
}

// typefaces names the faces of the roles as Chinese offices have them: the GB2312 faces
// that 公文 templates name, with the faces Windows ships as alternatives.
var typefaces = map[export.Role]typeface{
	export.Body:    {"仿宋_GB2312", export.Body.Typeface()},
	export.Title:   {"方正小标宋简体", "宋体"},
	export.Heading: {"黑体", ""},
	export.Kai:     {"楷体_GB2312", export.Kai.Typeface()},
}

// supplementaryFace sets the characters above U+FFFF (CJK Extensions B and beyond, found
// in some personal and place names), which the office faces lack: Windows ships
// SimSun-ExtB (宋体-ExtB) for them. Word picks a run's face slot by character range and
// LibreOffice by its own script classes, and the two need not agree for a surrogate
// pair, so such characters get runs of their own with every slot naming this face.
var supplementaryFace = typeface{"SimSun-ExtB", "宋体-ExtB"}

// roleStyles names the character style of each role that is not the body's.
var roleStyles = map[export.Role]string{
	export.Title:   "TitleChar",
	export.Heading: "Label",
	export.Kai:     "KaiChar",
}
