"""The brief as a Word document (python-docx), for desks that file in Word.

Claim highlights use cell/run shading in the legend's exact colours (Word's
built-in highlight palette has no amber or violet), plus an underline style
per kind so the kinds read without colour. Every summary and claim line ends
with an internal hyperlink to a bookmark on its sentence row.
"""

from __future__ import annotations

import io
from typing import Any

from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.brief.model import Brief, BriefLine, SentenceRow, shorten
from desktop.core.wordlinks import UNSURE_LEGEND

_UNDERLINE = {
    "quote": "single", "reported": "dash", "attribution": "dotted", "fact": "double", "note": "wave", "unsure": "dotted"
}
#: Marks drawn by their underline alone, without shading (a word the model was unsure of).
_UNSHADED = frozenset({"unsure"})
#: The journalist's own marks, in the colours the HTML uses.
_OWN_COLOURS = {"highlight": "#fff176", "note": "#ffd180"}
_SIDE = {"bg": "Bulgarian", "en": "English"}
#: Word refuses a document title (core property) longer than this.
TITLE_LIMIT = 255


def _colour(kind: str) -> str:
    known = ClaimKind.parse(kind)
    return known.colour if known is not None else _OWN_COLOURS.get(kind, "#dddddd")


def _shade(run: Any, hex_colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    rpr.append(shd)


def _mark_run(paragraph: Any, text: str, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run(text)
    if kind not in _UNSHADED:
        _shade(run, _colour(kind))
    rpr = run._r.get_or_add_rPr()
    if kind in _UNDERLINE:
        u = OxmlElement("w:u")
        u.set(qn("w:val"), _UNDERLINE[kind])
        rpr.append(u)


def _bookmark(paragraph: Any, name: str, bid: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bid))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bid))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _internal_link(paragraph: Any, text: str, anchor: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "3563A8")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    rpr.append(colour)
    rpr.append(size)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _anchor(sid: str) -> str:
    return f"s_{sid}"


def _line(doc: Any, line: BriefLine, *, label: str | None = None) -> None:
    p = doc.add_paragraph(style="List Bullet")
    if label:
        if ClaimKind.parse(line.kind) is not None:
            _mark_run(p, f"{label}:", line.kind)
        else:
            p.add_run(f"{label}:").bold = True
        p.add_run(" ")
    p.add_run(line.text)
    if line.machine_written:
        r = p.add_run(" (machine-written)")
        r.italic = True
    for sid in line.sentence_ids:
        p.add_run(" ")
        _internal_link(p, f"[{sid}]", _anchor(sid))


def _cell_text(cell: Any, text: str, marks: list[tuple[int, int, str]], *, italic: bool = False) -> None:
    p = cell.paragraphs[0]
    pos = 0
    for start, end, kind in sorted(marks):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            p.add_run(text[pos:start]).italic = italic
        _mark_run(p, text[start:end], kind)
        pos = end
    if pos < len(text):
        p.add_run(text[pos:]).italic = italic


def _row(table: Any, row: SentenceRow, bid: int) -> None:
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run(row.sentence_id + (" ⚑" if row.flagged else ""))
    _bookmark(cells[0].paragraphs[0], _anchor(row.sentence_id), bid)
    _cell_text(cells[1], row.bg, [(m.start, m.end, m.kind) for m in row.marks if m.side == "bg"])
    if row.en is None:
        cells[2].paragraphs[0].add_run("(not translated)").italic = True
    else:
        _cell_text(
            cells[2], row.en, [(m.start, m.end, m.kind) for m in row.marks if m.side == "en"], italic=row.edited
        )


def to_docx_bytes(brief: Brief) -> bytes:
    """Render the brief as a .docx file's bytes."""
    import docx
    from docx.shared import Pt


    d = docx.Document()
    d.core_properties.title = shorten(brief.heading, TITLE_LIMIT)
    d.core_properties.comments = "Dragoman brief"
    d.styles["Normal"].font.size = Pt(10)
    d.add_heading(brief.heading, level=0)
    if brief.original_title:
        d.add_paragraph(f"Original headline: {brief.original_title}")
    meta = " · ".join(x for x in (brief.source, brief.date) if x)
    if meta:
        d.add_paragraph(meta)
    notice = brief.missing_translation_notice
    if notice:
        p = d.add_paragraph()
        p.add_run("English missing. ").bold = True
        p.add_run(notice)

    d.add_heading("Summary", level=1)
    for line in brief.summary:
        _line(d, line)

    d.add_heading("Key claims", level=1)
    legend = d.add_paragraph()
    for k in ClaimKind:
        _mark_run(legend, k.label, k)
        legend.add_run("   ")
    if not brief.claims:
        d.add_paragraph("No attributed statements or checkable figures were found.")
    for line in brief.claims:
        _line(d, line, label=line.label)

    d.add_heading("Check before filing", level=1)
    if not brief.flags:
        d.add_paragraph("No translation warnings." if brief.translated else "Not checked: no translation yet.")
    for line in brief.flags:
        _line(d, line, label="⚑")

    if brief.notes:
        d.add_heading("Your notes and highlights", level=1)
        for line in brief.notes:
            where = f"{', '.join(line.sentence_ids)} ({_SIDE.get(line.side, line.side)})"
            p = d.add_paragraph(style="List Bullet")
            if line.kind == "note":
                p.add_run(f"Note on {where}: ").bold = True
                _mark_run(p, f"“{line.label}”", "note")
                p.add_run(f" — {line.text}")
            else:
                p.add_run(f"Highlighted in {where}: ").bold = True
                _mark_run(p, f"“{line.text}”", "highlight")
            for sid in line.sentence_ids:
                p.add_run(" ")
                _internal_link(p, f"[{sid}]", _anchor(sid))

    d.add_heading("Side by side", level=1)
    if brief.unsure_marked:
        legend = d.add_paragraph()
        _mark_run(legend, "dotted underline", "unsure")
        legend.add_run(f": {UNSURE_LEGEND}")
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("#", "Bulgarian", "English"), strict=True):
        cell.paragraphs[0].add_run(head).bold = True
    for bid, row in enumerate(brief.rows, start=1):
        _row(table, row, bid)

    foot = d.add_paragraph()
    foot.add_run(brief.provenance_text).italic = True
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
