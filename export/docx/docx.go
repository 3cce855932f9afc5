package docx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"backstop/export"
	"backstop/meeting"
)

// Write writes the minutes of mn to w as a Word document: the same content as the PDF
// (export.ContentOf) as WordprocessingML in a .docx package. The bytes depend on mn and
// opts only (opts.Fonts is not used: the document names the faces and embeds none), so
// the same revision always gives the same file. The Report has no page count (Word and
// WPS page the document themselves); Replaced lists the characters written as 〓
// because they may not stand in a document.
func Write(w io.Writer, mn *meeting.Minutes, opts export.Options) (export.Report, error) {
	c, err := export.ContentOf(mn, opts)
	if err != nil {
		return export.Report{}, err
	}
	wr := &writer{}
	parts := wr.parts(&c)
	rep := export.Report{Fingerprint: c.Info.Fingerprint, Revision: c.Info.Revision, Draft: c.Info.Draft, Replaced: wr.replaced}
	z := zip.NewWriter(w)
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: c.Info.Created})
		if err == nil {
			_, err = f.Write(p.data)
		}
		if err != nil {
			return rep, writeError(err)
		}
	}
	if err := z.Close(); err != nil {
		return rep, writeError(err)
	}
	return rep, nil
}

func writeError(err error) error {
	return &meeting.Error{Code: meeting.CodeInternal, Message: "写入 Word 文档时出错。", Err: err}
}

// writer makes the parts of one document and records the characters it replaced.
type writer struct {
	replaced []export.Replacement
}

// part is one file of the package.
type part struct {
	name string
	data []byte
}

// Part names and relationship ids.
const (
	relStyles     = "rIdStyles"
	relSettings   = "rIdSettings"
	relFontTable  = "rIdFontTable"
	relFooterOdd  = "rIdFooterOdd"
	relFooterEven = "rIdFooterEven"
)

// Namespaces and relationship types of Office Open XML (ECMA-376 transitional).
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRels    = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsTypes   = "http://schemas.openxmlformats.org/package/2006/content-types"
	relType   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	typeWML   = "application/vnd.openxmlformats-officedocument.wordprocessingml."
	typeProps = "application/vnd.openxmlformats-package.core-properties+xml"
	typeApp   = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
)

// parts returns the package's files in the order written, [Content_Types].xml first.
func (w *writer) parts(c *export.Content) []part {
	document := w.documentXML(c) // first: it records the replacements
	docRels := [][3]string{
		{relStyles, relType + "styles", "styles.xml"},
		{relSettings, relType + "settings", "settings.xml"},
		{relFontTable, relType + "fontTable", "fontTable.xml"},
		{relFooterOdd, relType + "footer", "footer1.xml"},
		{relFooterEven, relType + "footer", "footer2.xml"},
	}
	if c.Info.Draft {
		docRels = append(docRels,
			[3]string{relHeaderOdd, relType + "header", "header1.xml"},
			[3]string{relHeaderEven, relType + "header", "header2.xml"})
	}
	ps := []part{
		{"[Content_Types].xml", contentTypes(c.Info.Draft)},
		{"_rels/.rels", relationships([][3]string{
			{"rId1", relType + "officeDocument", "word/document.xml"},
			{"rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"},
			{"rId3", relType + "extended-properties", "docProps/app.xml"},
		})},
		{"docProps/core.xml", coreProperties(c.Info)},
		{"docProps/app.xml", appProperties(c.Info)},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", relationships(docRels)},
		{"word/styles.xml", stylesXML()},
		{"word/settings.xml", settingsXML()},
		{"word/fontTable.xml", fontTableXML()},
		{"word/footer1.xml", footerXML("right")},
		{"word/footer2.xml", footerXML("left")},
	}
	if c.Info.Draft {
		ps = append(ps, part{"word/header1.xml", headerXML(1)}, part{"word/header2.xml", headerXML(2)})
	}
	return ps
}

// contentTypes lists the parts' types; a draft has the headers of its watermark.
func contentTypes(draft bool) []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("Types", "xmlns", nsTypes)
	x.empty("Default", "Extension", "rels", "ContentType", "application/vnd.openxmlformats-package.relationships+xml")
	x.empty("Default", "Extension", "xml", "ContentType", "application/xml")
	overrides := [][2]string{
		{"/word/document.xml", typeWML + "document.main+xml"},
		{"/word/styles.xml", typeWML + "styles+xml"},
		{"/word/settings.xml", typeWML + "settings+xml"},
		{"/word/fontTable.xml", typeWML + "fontTable+xml"},
		{"/word/footer1.xml", typeWML + "footer+xml"},
		{"/word/footer2.xml", typeWML + "footer+xml"},
		{"/docProps/core.xml", typeProps},
		{"/docProps/app.xml", typeApp},
	}
	if draft {
		overrides = append(overrides, [2]string{"/word/header1.xml", typeWML + "header+xml"}, [2]string{"/word/header2.xml", typeWML + "header+xml"})
	}
	for _, o := range overrides {
		x.empty("Override", "PartName", o[0], "ContentType", o[1])
	}
	x.end("Types")
	return []byte(x.String())
}

// relationships returns a relationships part of id, type, target triples.
func relationships(rels [][3]string) []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("Relationships", "xmlns", nsRels)
	for _, r := range rels {
		x.empty("Relationship", "Id", r[0], "Type", r[1], "Target", r[2])
	}
	x.end("Relationships")
	return []byte(x.String())
}

// coreProperties names the document, its revision and fingerprint, and marks it as a
// working copy (工作副本): the archived PDF is the record.
func coreProperties(info export.Info) []byte {
	status := "工作副本"
	if info.Draft {
		status = "草稿（工作副本）"
	}
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("cp:coreProperties",
		"xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		"xmlns:dc", "http://purl.org/dc/elements/1.1/",
		"xmlns:dcterms", "http://purl.org/dc/terms/",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
	x.element("dc:title", safe(info.Title))
	x.element("dc:subject", safe(info.Subject))
	x.element("dc:creator", safe(info.Author))
	x.element("cp:keywords", safe(info.Keywords+" backstop-working-copy=true"))
	x.element("dc:description", safe(workingCopyLine(info)))
	x.element("cp:category", "会议纪要")
	x.element("cp:contentStatus", status)
	x.element("cp:revision", fmt.Sprint(info.Revision))
	created := info.Created.UTC().Format(time.RFC3339)
	x.element("dcterms:created", created, "xsi:type", "dcterms:W3CDTF")
	x.element("dcterms:modified", created, "xsi:type", "dcterms:W3CDTF")
	x.end("cp:coreProperties")
	return []byte(x.String())
}

func appProperties(info export.Info) []byte {
	x := &xmlBuilder{}
	x.WriteString(xml.Header)
	x.start("Properties", "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")
	x.element("Application", safe(info.Creator))
	x.element("Company", safe(info.Author))
	x.end("Properties")
	return []byte(x.String())
}

// safe returns s fit for a one-line property: forced breaks become spaces, refused
// characters 〓.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case isHardBreak(r), r == '\t':
			return ' '
		case meeting.ForbiddenRune(r, false) != "":
			return placeholder
		}
		return r
	}, strings.ToValidUTF8(s, string(placeholder)))
}
