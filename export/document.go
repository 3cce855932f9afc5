package export

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"backstop/meeting"
)

// Document is laid-out minutes: pages of positioned elements. It is the one layout that
// both WritePDF and the application's preview draw.
//
// Coordinates are millimetres from the top-left corner of the page, x to the right and
// y downwards; font sizes are points (1 pt = 25.4/72 mm). To draw a page, scale
// millimetres to pixels with one factor for both axes and draw its elements in order,
// later ones on top. The element types are Text, Rule, Rect and Watermark; a renderer
// switches on them:
//
//	for _, e := range page.Elements {
//		switch e := e.(type) {
//		case export.Text:      // e.X, e.Y (baseline), e.Size, e.Role, e.Color, e.RuneX()
//		case export.Rule:      // a straight line
//		case export.Rect:      // a rectangle, stroked and/or filled
//		case export.Watermark: // rotated text centred on a point
//		}
//	}
type Document struct {
	Width, Height float64 // page size in mm: A4, 210 × 297
	Pages         []Page
	Info          Info

	fonts faces
}

// Page is one page of a Document.
type Page struct {
	Number   int // from 1
	Elements []Element
}

// Info is the document's metadata, written into the PDF's information dictionary.
type Info struct {
	Title       string    // the meeting's title
	Author      string    // the organizing unit
	Subject     string    // masthead, number and revision
	Keywords    string    // machine-readable: fingerprint, revision, replaced fingerprint
	Creator     string    // the program
	Created     time.Time // finalization time, or the meeting day for a draft: never "now"
	Fingerprint string    // SHA-256 hex of the canonical content of this revision
	Revision    int
	Replaces    string // fingerprint of the revision this one replaces, if any
	Draft       bool
}

// Font returns the font the document sets role in, for renderers that need its
// metrics (Font.Ascent) or bytes.
func (d *Document) Font(role Role) *Font {
	if role >= roleCount {
		role = Body
	}
	return d.fonts.role[role]
}

// Fonts returns every font the document sets characters in, each once: the roles' fonts
// and the fallback fonts that set characters they lack.
func (d *Document) Fonts() []*Font {
	var out []*Font
	for _, p := range d.Pages {
		for _, e := range p.Elements {
			switch e := e.(type) {
			case Text:
				out = append(out, d.face(e.Face, e.Role))
			case Watermark:
				out = append(out, d.face(e.Face, e.Role))
			}
		}
	}
	return uniqueFonts(out)
}

// FontUses returns the fonts the document is set in, by role in the order of Roles:
// the role's font where it sets anything, then each font that set characters it
// lacks. The same font serving two roles is listed under each.
func (d *Document) FontUses() []meeting.FontUse {
	var used [roleCount][]*Font
	for _, p := range d.Pages {
		for _, e := range p.Elements {
			var role Role
			var f *Font
			switch e := e.(type) {
			case Text:
				role, f = e.Role, d.face(e.Face, e.Role)
			case Watermark:
				role, f = e.Role, d.face(e.Face, e.Role)
			default:
				continue
			}
			if role >= roleCount {
				role = Body
			}
			if !slices.Contains(used[role], f) {
				used[role] = append(used[role], f)
			}
		}
	}
	var out []meeting.FontUse
	for _, role := range Roles {
		fonts := used[role]
		own := d.Font(role)
		slices.SortStableFunc(fonts, func(a, b *Font) int { // the role's own font first
			return cmp.Compare(b2i(a != own), b2i(b != own))
		})
		for _, f := range fonts {
			out = append(out, meeting.FontUse{Role: role.String(), Family: f.Family(),
				File: filepath.Base(f.File()), SHA256: f.SHA256(), Fallback: f != own})
		}
	}
	for i := range out {
		if out[i].File == "." {
			out[i].File = ""
		}
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fontKeywords returns the fonts for the PDF's keywords: one word per font,
// backstop-font=<role>:<sha256>:<family>, the family with its spaces as %20.
func fontKeywords(uses []meeting.FontUse) string {
	var b strings.Builder
	for _, u := range uses {
		role := u.Role
		if u.Fallback {
			role += "+"
		}
		fmt.Fprintf(&b, " backstop-font=%s:%s:%s", role, u.SHA256, strings.ReplaceAll(u.Family, " ", "%20"))
	}
	return b.String()
}

// face returns the font a run is set in: its own, or its role's.
func (d *Document) face(f *Font, role Role) *Font {
	if f != nil {
		return f
	}
	return d.Font(role)
}

// Element is one thing drawn on a page: Text, Rule, Rect or Watermark.
type Element interface{ element() }

// Color is an sRGB colour.
type Color struct{ R, G, B uint8 }

// Colours of the minutes.
var (
	Black     = Color{0, 0, 0}
	Red       = Color{230, 0, 18} // the red of mastheads and separator rules
	Grey      = Color{110, 110, 110}
	LightGrey = Color{215, 215, 215} // the draft watermark
)

// Text is a run of characters on one baseline, in one font and size. The font is Face:
// the font of the run's Role (Document.Font), or for characters that font lacks the
// font of the role's fallback chain that has them (FontSet).
//
// Characters are placed one after another from X: character i starts at RuneX()[i], its
// natural advance (Advances[i]) plus Spacing after the previous one. Spacing is the
// extra room after every character, in mm: negative to fit 28 characters of 16 pt into
// the 156 mm line as GB/T 9704 asks, positive on justified lines. A renderer that can
// set letter spacing draws the string at once (the PDF uses the Tc operator); one that
// cannot, such as Fyne's canvas.Text, draws each character at its RuneX. The last
// character's advance may be less than its font's, where adjacent full-width
// punctuation is compressed (the next run starts at its own X).
type Text struct {
	X, Y     float64 // start of the baseline
	Text     string  // never contains line breaks or characters the font lacks
	Role     Role
	Face     *Font   // the font that sets the run; nil means Document.Font(Role)
	Size     float64 // in points
	Color    Color
	Spacing  float64   // mm after every character
	Advances []float64 // natural advance of each character (rune) in mm
	// Squeezed reports that the last character is a compressed mark: set half an em
	// narrower than its font's advance (Advances says so too), its ink where it was.
	Squeezed bool
}

func (Text) element() {}

// SizeMM returns the font size in millimetres (the em).
func (t Text) SizeMM() float64 { return t.Size * mmPerPt }

// RuneX returns the x of the start of each character.
func (t Text) RuneX() []float64 {
	xs := make([]float64, len(t.Advances))
	x := t.X
	for i, a := range t.Advances {
		xs[i] = x
		x += a + t.Spacing
	}
	return xs
}

// Width returns the distance from X to the right edge of the last character.
func (t Text) Width() float64 {
	if len(t.Advances) == 0 {
		return 0
	}
	w := float64(len(t.Advances)-1) * t.Spacing
	for _, a := range t.Advances {
		w += a
	}
	return w
}

// Rule is a straight line of the given width (thickness) in mm, with butt ends.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Color          Color
}

func (Rule) element() {}

// Rect is a rectangle with its top-left corner at X, Y. It is filled with Fill when
// Filled, then stroked with Stroke when LineWidth > 0 (the stroke is centred on the
// edges).
type Rect struct {
	X, Y, W, H float64
	LineWidth  float64
	Stroke     Color
	Filled     bool
	Fill       Color
}

func (Rect) element() {}

// Watermark is text rotated by Angle degrees counter-clockwise about its centre (X, Y):
// unrotated, the text's advance is centred on X and its em box (baseline at
// Y + 0.38 em) on Y. The draft watermark 草稿 is one; it is the first element of its
// page, under everything else. Fyne cannot rotate text: draw it from an image or level.
type Watermark struct {
	X, Y     float64
	Text     string
	Role     Role
	Face     *Font   // nil means Document.Font(Role)
	Size     float64 // points
	Color    Color
	Angle    float64
	Advances []float64 // natural advance of each character in mm
}

func (Watermark) element() {}

// Report says what a caller should know about an exported document.
type Report struct {
	Pages       int
	Fingerprint string // of the revision shown, SHA-256 hex
	Revision    int
	Draft       bool
	// Replaced lists the characters set as 〓 because the font cannot set them: characters
	// above U+FFFF (CJK Extension B and later, found in personal names) and characters
	// the font lacks. The application warns before printing; the CLI prints a warning.
	Replaced []Replacement
	// Fonts lists the fonts the document is set in (Document.FontUses), also written
	// into the PDF's keywords; the archive records them with the revision.
	Fonts []meeting.FontUse
}

// Replacement is one character set as 〓 because no font has it.
type Replacement struct {
	Rune  rune
	Where string // the first place it occurs in, in Chinese, such as "出席单位和人员" or "议题一 背景情况"
	// Places lists every place it occurs in, in the order of the document: the
	// agenda item and field, the attendance row, the 会签页 row.
	Places []string
	Count  int // how often it occurs in the document
}

// String returns a Chinese description, such as
// "「𠀀」(U+20000) 出现在出席单位和人员、会签页 市税务局，共 2 处".
func (r Replacement) String() string {
	return fmt.Sprintf("「%c」(U+%04X) 出现在%s，共 %d 处", r.Rune, r.Rune, r.PlaceList(), r.Count)
}

// PlaceList joins the places with 、.
func (r Replacement) PlaceList() string {
	if len(r.Places) == 0 {
		return r.Where
	}
	return strings.Join(r.Places, "、")
}

// mmPerPt converts points to millimetres.
const mmPerPt = 25.4 / 72
