"""The brief as a PDF (fpdf2), with an embedded DejaVu font so Cyrillic renders.

fpdf2 is pure Python (no system libraries to bundle) and embeds a subset of
the TTF, so the PDF shows the Bulgarian side on any reader. Every summary and
claim line links to its row in the side-by-side table; rows that carry a
claim are tinted in the legend's colour and marked with the kind's letter so
they read in black and white too.
"""

from __future__ import annotations

from typing import Any

from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.brief.model import Brief, BriefLine
from desktop.core.errors import ExportFailed
from desktop.core.wordlinks import UNSURE_LEGEND

_FONT = "DejaVu"
_KIND_LETTER: dict[str, str] = {ClaimKind.QUOTE: "Q", ClaimKind.REPORTED: "R", ClaimKind.ATTRIBUTION: "A", ClaimKind.FACT: "F"}
#: The journalist's own marks in the side-by-side table: H(ighlight), N(ote).
_OWN_LETTER = {"highlight": "H", "note": "N"}
_SIDE = {"bg": "Bulgarian", "en": "English"}


def _underlined(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` in fpdf2's markdown with ``spans`` underlined (``--`` pairs); other markup characters kept literal."""
    out, pos = [], 0
    plain = text.replace("--", "\u2010\u2010").replace("**", "*\u200b*").replace("__", "_\u200b_").replace("~~", "~\u200b~")
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [plain[pos:start], "--", plain[start:end], "--"]
        pos = end
    out.append(plain[pos:])
    return "".join(out)


def _rgb(hex_colour: str, tint: float = 0.45) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return tuple(int(c + (255 - c) * tint) for c in (r, g, b))  # type: ignore[return-value]


def _setup(brief: Brief) -> Any:
    from fpdf import FPDF

    from desktop.core.resources import font_file

    pdf = FPDF(format="A4")
    pdf.set_title(brief.heading)
    pdf.set_creator("Dragoman")
    try:
        pdf.add_font(_FONT, "", str(font_file("")))
        pdf.add_font(_FONT, "B", str(font_file("B")))
        pdf.add_font(_FONT, "I", str(font_file("I")))
    except (OSError, RuntimeError) as exc:
        raise ExportFailed(f"The PDF font could not be loaded ({exc})", hint="Reinstall Dragoman.") from exc
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def _heading(pdf: Any, text: str, size: int = 13) -> None:
    pdf.ln(3)
    pdf.set_font(_FONT, "B", size)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, "", 10)


def _line(pdf: Any, line: BriefLine, links: dict[str, int], label: str | None = None) -> None:
    """One bullet: label, text and its sentence links flowing as one paragraph.

    The links are written inline after the text (``write`` flows and wraps),
    so each stays on its own line's last row instead of sitting under it,
    where it read as the start of the next bullet.
    """
    pdf.set_x(pdf.l_margin)
    pdf.set_font(_FONT, "", 10)
    pdf.write(5, "• ")
    kind = ClaimKind.parse(line.kind)
    if label:
        if kind is not None:
            pdf.set_fill_color(*_rgb(kind.colour))
            pdf.set_font(_FONT, "B", 10)
            pdf.cell(pdf.get_string_width(f"{_KIND_LETTER.get(kind, '')} ") + 1, 5, _KIND_LETTER.get(kind, ""), fill=True)
        else:
            pdf.set_font(_FONT, "B", 10)
        pdf.write(5, f"{label}: ")
        pdf.set_font(_FONT, "", 10)
    pdf.write(5, line.text + (" (machine-written)" if line.machine_written else ""))
    _refs(pdf, line, links)


def _refs(pdf: Any, line: BriefLine, links: dict[str, int]) -> None:
    """The line's sentence links, inline, then the end of the paragraph."""
    pdf.set_text_color(53, 99, 168)
    pdf.set_font(_FONT, "", 8)
    for sid in line.sentence_ids:
        if sid in links:
            pdf.write(5, f" [{sid}]", link=links[sid])
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(_FONT, "", 10)
    pdf.ln(6)


def _notes(pdf: Any, brief: Brief, links: dict[str, int]) -> None:
    """The journalist's notes and highlights, each with the sentence it belongs to."""
    _heading(pdf, "Your notes and highlights")
    for line in brief.notes:
        where = f"{', '.join(line.sentence_ids)} ({_SIDE.get(line.side, line.side)})"
        pdf.set_x(pdf.l_margin)
        pdf.set_font(_FONT, "B", 10)
        pdf.write(5, f"• {'Note on' if line.kind == 'note' else 'Highlighted in'} {where}: ")
        pdf.set_font(_FONT, "", 10)
        if line.kind == "note":
            pdf.write(5, f"“{line.label}” — {line.text}")
        else:
            pdf.write(5, f"“{line.text}”")
        _refs(pdf, line, links)


def to_pdf_bytes(brief: Brief) -> bytes:
    """Render the brief as PDF bytes."""

    pdf = _setup(brief)
    links = {row.sentence_id: pdf.add_link() for row in brief.rows}

    pdf.set_font(_FONT, "B", 16)
    pdf.multi_cell(0, 8, brief.heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, "", 9)
    if brief.original_title:
        pdf.multi_cell(0, 5, f"Original headline: {brief.original_title}", new_x="LMARGIN", new_y="NEXT")
    meta = " · ".join(x for x in (brief.source, brief.date) if x)
    if meta:
        pdf.multi_cell(0, 5, meta, new_x="LMARGIN", new_y="NEXT")
    notice = brief.missing_translation_notice
    if notice:
        pdf.set_fill_color(255, 244, 214)
        pdf.multi_cell(0, 5, f"English missing. {notice}", new_x="LMARGIN", new_y="NEXT", fill=True)

    _heading(pdf, "Summary")
    for line in brief.summary:
        _line(pdf, line, links)
    _heading(pdf, "Key claims")
    pdf.set_font(_FONT, "", 8)
    for k in ClaimKind:
        pdf.set_fill_color(*_rgb(k.colour))
        label = f"{_KIND_LETTER[k]} {k.label}"
        pdf.cell(pdf.get_string_width(label) + 6, 5, label, fill=True)
        pdf.cell(3, 5, "")
    pdf.ln(7)
    if not brief.claims:
        pdf.multi_cell(0, 5, "No attributed statements or checkable figures were found.", new_x="LMARGIN", new_y="NEXT")
    for line in brief.claims:
        _line(pdf, line, links, label=line.label)
    _heading(pdf, "Check before filing")
    if not brief.flags:
        msg = "No translation warnings." if brief.translated else "Not checked: no translation yet."
        pdf.multi_cell(0, 5, msg, new_x="LMARGIN", new_y="NEXT")
    for line in brief.flags:
        _line(pdf, line, links, label="(!)")

    if brief.notes:
        _notes(pdf, brief, links)

    _heading(pdf, "Side by side")
    if brief.unsure_marked:
        pdf.set_font(_FONT, "", 8)
        pdf.multi_cell(0, 4, f"Underlined English words: {UNSURE_LEGEND}", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, brief, links)

    pdf.ln(4)
    pdf.set_font(_FONT, "I", 8)
    pdf.multi_cell(0, 4, brief.provenance_text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(pdf: Any, brief: Brief, links: dict[str, int]) -> None:
    width = pdf.epw
    col = (14.0, (width - 14.0) / 2, (width - 14.0) / 2)
    pdf.set_font(_FONT, "", 9)
    for row in brief.rows:
        kinds_bg = [m.kind for m in row.marks if m.side == "bg"]
        kinds_en = [m.kind for m in row.marks if m.side == "en"]
        tint_bg = [k for k in kinds_bg if k in _KIND_LETTER]
        tint_en = [k for k in kinds_en if k in _KIND_LETTER]
        en = row.en if row.en is not None else "(not translated)"
        unsure = [(m.start, m.end) for m in row.marks if m.side == "en" and m.kind == "unsure"]
        label = row.sentence_id + (" (!)" if row.flagged else "")
        letters = "".join(sorted({_KIND_LETTER[k] for k in kinds_bg + kinds_en if k in _KIND_LETTER}))
        letters += "".join(sorted({_OWN_LETTER[k] for k in kinds_bg + kinds_en if k in _OWN_LETTER}))
        if letters:
            label += f"\n{letters}"
        heights = [
            pdf.multi_cell(c, 4.5, t, dry_run=True, output="HEIGHT")
            for c, t in zip(col, (label, row.bg, en), strict=True)
        ]
        h = max(heights) + 1
        if pdf.get_y() + h > pdf.page_break_trigger:
            pdf.add_page()
        y, x = pdf.get_y(), pdf.l_margin
        pdf.set_link(links[row.sentence_id], y=y, page=pdf.page)
        for i, (c, t, kinds) in enumerate(zip(col, (label, row.bg, en), ([], tint_bg, tint_en), strict=True)):
            pdf.set_xy(x, y)
            fill = bool(kinds)
            if fill:
                first = ClaimKind.parse(kinds[0])
                pdf.set_fill_color(*_rgb(first.colour if first is not None else "#dddddd", tint=0.65))
            pdf.set_font(_FONT, "I" if (i == 2 and row.edited) else "", 9 if i else 7)
            if i == 2 and unsure:
                # fpdf2 has no dotted underline: the unsure words are underlined (see the legend above).
                pdf.multi_cell(
                    c, 4.5, _underlined(t, unsure), border="T", fill=fill, new_x="RIGHT", new_y="TOP", markdown=True
                )
            else:
                pdf.multi_cell(c, 4.5, t, border="T", fill=fill, new_x="RIGHT", new_y="TOP")
            x += c
        pdf.set_xy(pdf.l_margin, y + h)
