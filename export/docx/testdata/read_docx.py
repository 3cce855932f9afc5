"""Reads a .docx with python-docx and prints what it found as JSON: every paragraph
of the body (style and text), every table cell (with its first paragraph's style) and
each table's floating position, the styles, the section's page setup,
the core properties and the footers. The Go tests check the JSON against the minutes."""
import json
import sys

import docx
from docx.oxml.ns import qn

d = docx.Document(sys.argv[1])
sec = d.sections[0]
out = {
    "paragraphs": [{"style": p.style.name, "text": p.text} for p in d.paragraphs],
    "tables": [],
    "styles": sorted(s.name for s in d.styles),
    "section": {
        "page_width_mm": sec.page_width.mm, "page_height_mm": sec.page_height.mm,
        "top_mm": sec.top_margin.mm, "bottom_mm": sec.bottom_margin.mm,
        "left_mm": sec.left_margin.mm, "right_mm": sec.right_margin.mm,
        "odd_and_even": d.settings.odd_and_even_pages_header_footer,
        "footer_odd": [p.text for p in sec.footer.paragraphs],
        "footer_even": [p.text for p in sec.even_page_footer.paragraphs],
        "grid": {k.split('}')[1]: v for k, v in sec._sectPr.find(qn("w:docGrid")).attrib.items()},
    },
    "core": {
        "title": d.core_properties.title, "subject": d.core_properties.subject,
        "keywords": d.core_properties.keywords, "revision": d.core_properties.revision,
        "content_status": d.core_properties.content_status,
        "description": d.core_properties.comments,
    },
}
for t in d.tables:
    rows = []
    for r in t.rows:
        trPr = r._tr.trPr
        rows.append({
            "cells": [c.text for c in r.cells],
            "styles": [c.paragraphs[0].style.name for c in r.cells],
            "header": trPr is not None and trPr.find(qn("w:tblHeader")) is not None,
            "cant_split": trPr is not None and trPr.find(qn("w:cantSplit")) is not None,
            "height_mm": r.height.mm if r.height is not None else 0,
        })
    out["tables"].append(rows)
    pos = t._tbl.tblPr.find(qn("w:tblpPr"))
    out.setdefault("table_positions", []).append(
        {k.split('}')[1]: v for k, v in pos.attrib.items()} if pos is not None else {})
json.dump(out, sys.stdout, ensure_ascii=False)
