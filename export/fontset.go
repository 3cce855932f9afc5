package export

import (
	"sync"

	"backstop/assets"
)

// Role is the typographic job of a font in the minutes. GB/T 9704 names each job by the
// typeface traditionally used for it; the embedded fonts stand in for those typefaces,
// and FontSet lets an office supply the real ones (the Windows fonts simfang.ttf,
// simhei.ttf and simkai.ttf, for instance).
type Role uint8

// Roles.
const (
	Body    Role = iota // 正文 (仿宋): body text, tables, page numbers
	Title               // 标题 (小标宋): the red masthead, the title, the signature sheet's heading
	Heading             // 黑体: level-1 headings 一、, labels such as 出席：
	Kai                 // 楷体: level-2 headings （一）
	roleCount
)

// String returns the role's Chinese name.
func (r Role) String() string {
	switch r {
	case Body:
		return "正文"
	case Title:
		return "标题"
	case Heading:
		return "黑体"
	case Kai:
		return "楷体"
	}
	return "未知"
}

// FontSet chooses a font for each Role. A nil field takes the embedded default for its
// role; a nil Kai takes this set's Body font, as no 楷体 is embedded.
type FontSet struct {
	Body    *Font // default Noto Serif SC Regular
	Title   *Font // default Noto Serif SC Bold
	Heading *Font // default Noto Sans SC Bold
	Kai     *Font // default: the Body font
}

var defaults struct {
	once sync.Once
	set  FontSet
	err  error
}

// DefaultFonts returns the embedded fonts (package assets), parsed once per process.
func DefaultFonts() (*FontSet, error) {
	defaults.once.Do(func() {
		d := &defaults.set
		if d.Body, defaults.err = ParseFont("NotoSerifSC-Regular", assets.SerifRegular); defaults.err != nil {
			return
		}
		if d.Title, defaults.err = ParseFont("NotoSerifSC-Bold", assets.SerifBold); defaults.err != nil {
			return
		}
		d.Heading, defaults.err = ParseFont("NotoSansSC-Bold", assets.SansBold)
	})
	if defaults.err != nil {
		return nil, defaults.err
	}
	set := defaults.set
	return &set, nil
}

// resolve returns the font of every role, defaults filled in.
func (fs *FontSet) resolve() ([roleCount]*Font, error) {
	var out [roleCount]*Font
	var set FontSet
	if fs != nil {
		set = *fs
	}
	if set.Body == nil || set.Title == nil || set.Heading == nil {
		def, err := DefaultFonts()
		if err != nil {
			return out, err
		}
		set.Body = cmpOr(set.Body, def.Body)
		set.Title = cmpOr(set.Title, def.Title)
		set.Heading = cmpOr(set.Heading, def.Heading)
	}
	out[Body], out[Title], out[Heading], out[Kai] = set.Body, set.Title, set.Heading, cmpOr(set.Kai, set.Body)
	return out, nil
}

func cmpOr(f, fallback *Font) *Font {
	if f != nil {
		return f
	}
	return fallback
}
