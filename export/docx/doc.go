// Package docx writes the minutes as a Word document (.docx, WordprocessingML) that the
// office edits in WPS or Word and sends through its OA system: the same content in the
// same order as the minutes PDF (export.ContentOf), laid out as a 公文 after GB/T 9704 —
// A4, margins 37/35/28/26 mm, a document grid of 22 lines × 28 characters of 三号 仿宋,
// the red masthead, the 会签页 as a table, "— N —" page numbers at the outer side, the
// 版记.
//
// The document is a working copy (工作副本): it names the revision and fingerprint it
// was made from in its properties and its 版记, and the archived PDF stays the record.
//
// Fonts are named as offices have them installed (仿宋_GB2312, 方正小标宋简体, 黑体,
// 楷体_GB2312) with the Windows names as alternatives; nothing is embedded. The package
// writes the parts with archive/zip and its own escaping XML builder: no Go library for
// .docx is both maintained and freely licensed (see README.md).
//
// The package knows the minutes' content (package export) and nothing of storage or
// the user interface.
package docx
