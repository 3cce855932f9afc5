package export

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sync"

	"backstop/assets"
	"backstop/meeting"
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
//
// A character a role's font lacks is set in the first font of the role's fallback chain
// that has it: the embedded font of the role, then the other roles' fonts and embedded
// fonts, then Fallback, in order. Only a character none of them has becomes 〓.
type FontSet struct {
	Body    *Font // default Noto Serif SC Regular
	Title   *Font // default Noto Serif SC Bold
	Heading *Font // default Noto Sans SC Bold
	Kai     *Font // default: the Body font
	// Fallback lists more fonts for characters the others lack, such as a font with
	// CJK Extension B for rare characters in personal names (HanaMin B).
	Fallback []*Font
	// More lists font files tried after Fallback, each read only when a document has
	// a character none of the fonts before it has (OfficialFonts finds them).
	More []*LazyFont
}

// LazyFont is a font file read on first use: a fallback font of 30 MB is read only
// for the meeting that has a character only it sets.
type LazyFont struct {
	path, family string
	once         sync.Once
	font         *Font
	err          error
}

// lazyFonts keeps one LazyFont per file, for the process.
var lazyFonts struct {
	sync.Mutex
	byPath map[string]*LazyFont
}

// lazyFontFor returns the LazyFont of the file at path.
func lazyFontFor(path, family string) *LazyFont {
	lazyFonts.Lock()
	defer lazyFonts.Unlock()
	if lf := lazyFonts.byPath[path]; lf != nil {
		return lf
	}
	if lazyFonts.byPath == nil {
		lazyFonts.byPath = map[string]*LazyFont{}
	}
	lf := &LazyFont{path: path, family: family}
	lazyFonts.byPath[path] = lf
	return lf
}

// Path returns the font's file.
func (lf *LazyFont) Path() string { return lf.path }

// Family returns the name the font gives itself.
func (lf *LazyFont) Family() string { return lf.family }

// Font reads the file the first time and returns the font, or why it cannot be used.
func (lf *LazyFont) Font() (*Font, error) {
	lf.once.Do(func() {
		var reason string
		if lf.font, reason = readFontFile(lf.path, false); reason != "" {
			lf.err = &meeting.Error{Code: meeting.CodeInvalid, Err: ErrFont,
				Message: fmt.Sprintf("补字字体文件「%s」无法使用：%s", lf.path, reason)}
		}
	})
	return lf.font, lf.err
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
		for _, e := range []struct {
			font       **Font
			name, file string
			data       []byte
		}{
			{&d.Body, "NotoSerifSC-Regular", "Noto Serif SC", assets.SerifRegular},
			{&d.Title, "NotoSerifSC-Bold", "Noto Serif SC Bold", assets.SerifBold},
			{&d.Heading, "NotoSansSC-Bold", "Noto Sans SC Bold", assets.SansBold},
		} {
			f, err := ParseFont(e.name, e.data)
			if err != nil {
				defaults.err = err
				return
			}
			*e.font = f.identified(e.file, "", fmt.Sprintf("%x", sha256.Sum256(e.data)))
		}
	})
	if defaults.err != nil {
		return nil, defaults.err
	}
	set := defaults.set
	return &set, nil
}

// faces are the resolved fonts of a document: the font of every role, and every role's
// fallback chain, which starts with the role's font.
type faces struct {
	role  [roleCount]*Font
	chain [roleCount][]*Font
	more  []*LazyFont
}

// resolve returns the font of every role, defaults filled in, and the fallback chains.
func (fs *FontSet) resolve() (faces, error) {
	var out faces
	var set FontSet
	if fs != nil {
		set = *fs
	}
	def, err := DefaultFonts()
	if err != nil {
		return out, err
	}
	set.Body = cmpOr(set.Body, def.Body)
	set.Title = cmpOr(set.Title, def.Title)
	set.Heading = cmpOr(set.Heading, def.Heading)
	out.role[Body], out.role[Title], out.role[Heading], out.role[Kai] = set.Body, set.Title, set.Heading, cmpOr(set.Kai, set.Body)
	embedded := [roleCount]*Font{Body: def.Body, Title: def.Title, Heading: def.Heading, Kai: def.Body}
	for r := range roleCount {
		chain := []*Font{out.role[r], embedded[r]}
		for o := range roleCount {
			chain = append(chain, out.role[o], embedded[o])
		}
		chain = append(chain, set.Fallback...)
		out.chain[r] = uniqueFonts(chain)
	}
	out.more = set.More
	return out, nil
}

// uniqueFonts drops nil and repeated fonts, keeping the first of each.
func uniqueFonts(fonts []*Font) []*Font {
	var out []*Font
	for _, f := range fonts {
		if f != nil && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// face returns the font that sets r in role: the first of the role's chain that has it,
// or nil.
func (fc *faces) face(role Role, r rune) *Font {
	if role >= roleCount {
		role = Body
	}
	if f := fc.role[role]; f.Has(r) {
		return f
	}
	for _, f := range fc.chain[role][1:] {
		if f.Has(r) {
			return f
		}
	}
	for _, lf := range fc.more {
		if f, err := lf.Font(); err == nil && f.Has(r) {
			return f
		}
	}
	return nil
}

func cmpOr(f, fallback *Font) *Font {
	if f != nil {
		return f
	}
	return fallback
}
