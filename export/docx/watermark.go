package docx

import (
	"encoding/xml"
	"fmt"

	"backstop/export"
)

// A draft's pages carry the PDF's draft mark: 草稿 in light grey, 150 pt, across the
// middle of the page at 45°, under the text. In WordprocessingML that is a header
// holding a VML text-path shape, the form Word writes for 设计 › 水印 (its id prefix
// PowerPlusWaterMarkObject is how Word, WPS and LibreOffice recognize a watermark and
// offer to edit or remove it); LibreOffice imports it as a Fontwork shape. Headers
// exist only for drafts: a finalized revision's working copy has none.

const (
	draftMark     = "草稿"
	watermarkSize = 150.0 // points, the PDF's
)

// Relationship ids of the draft's headers.
const (
	relHeaderOdd  = "rIdHeaderOdd"
	relHeaderEven = "rIdHeaderEven"
)

// headerXML returns a header whose one paragraph anchors the draft mark; n numbers the
// shape, unique in the document.
func headerXML(n int) []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("w:hdr", "xmlns:w", nsW, "xmlns:r", nsR,
		"xmlns:v", "urn:schemas-microsoft-com:vml",
		"xmlns:o", "urn:schemas-microsoft-com:office:office",
		"xmlns:w10", "urn:schemas-microsoft-com:office:word")
	// The paragraph is Normal: a header style would bring WPS's rule under the header.
	x.start("w:p")
	x.start("w:r")
	x.start("w:rPr")
	x.empty("w:noProof")
	x.end("w:rPr")
	x.start("w:pict")
	textPathShapeType(x)
	em := watermarkSize
	width := em * float64(len([]rune(draftMark)))
	c := export.LightGrey
	x.start("v:shape",
		"id", fmt.Sprintf("PowerPlusWaterMarkObject%d", n),
		"o:spid", fmt.Sprintf("_x0000_s%d", 2048+n),
		"type", "#_x0000_t136",
		// Centred on the page, as the PDF's; rotation is clockwise in VML, 315° the
		// PDF's 45° counter-clockwise.
		"style", fmt.Sprintf("position:absolute;margin-left:0;margin-top:0;width:%gpt;height:%gpt;rotation:315;z-index:-251657216;"+
			"mso-position-horizontal:center;mso-position-horizontal-relative:page;mso-position-vertical:center;mso-position-vertical-relative:page", width, em),
		"o:allowincell", "f",
		"fillcolor", fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B),
		"stroked", "f")
	x.empty("v:fill", "on", "t")
	x.empty("v:textpath", "style", fmt.Sprintf(`font-family:"%s";font-size:1pt`, typefaces[export.Title].name), "string", draftMark)
	x.empty("w10:wrap", "anchorx", "page", "anchory", "page")
	x.end("v:shape")
	x.end("w:pict")
	x.end("w:r")
	x.end("w:p")
	x.end("w:hdr")
	return []byte(x.String())
}

// textPathShapeType writes VML's shape type 136, text along a straight path, as Word
// defines it for watermarks.
func textPathShapeType(x *xmlBuilder) {
	x.start("v:shapetype", "id", "_x0000_t136", "coordsize", "21600,21600", "o:spt", "136", "adj", "10800",
		"path", "m@7,l@8,m@5,21600l@6,21600e")
	x.start("v:formulas")
	for _, f := range []string{
		"sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
		"if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
		"mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5",
	} {
		x.empty("v:f", "eqn", f)
	}
	x.end("v:formulas")
	x.empty("v:path", "textpathok", "t", "o:connecttype", "custom",
		"o:connectlocs", "@9,0;@10,10800;@11,21600;@12,10800", "o:connectangles", "270,180,90,0")
	x.empty("v:textpath", "on", "t", "fitshape", "t")
	x.start("v:handles")
	x.empty("v:h", "position", "#0,bottomRight", "xrange", "6629,14971")
	x.end("v:handles")
	x.empty("o:lock", "v:ext", "edit", "text", "t", "shapetype", "t")
	x.end("v:shapetype")
}
