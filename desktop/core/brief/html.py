"""The brief as one self-contained HTML file.

Article text is hostile input as far as an export is concerned: a pasted page
may hold ``<script>`` or ``"><img onerror=...>``. Every piece of text that
came from the article or the model is escaped here, the HTML carries a
Content-Security-Policy that forbids scripts and remote loads, and nothing
is fetched from outside the file (styles are inline, there are no images).
"""

from __future__ import annotations

import html

from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.brief.model import Brief, BriefLine, SentenceRow
from desktop.core.wordlinks import UNSURE_LEGEND

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'"

_STYLE_BASE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 72em;
       color: #1d232a; background: #fff; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
.meta { color: #555; } .notice { background: #fff4d6; border-left: 4px solid #e0a800; padding: .6em 1em; }
ul.lines li { margin: .3em 0; } a.ref { font-size: .8em; color: #3563a8; text-decoration: none; margin-left: .3em; }
table.sbs { border-collapse: collapse; width: 100%; } table.sbs td, table.sbs th { border-top: 1px solid #e3e3e3;
       vertical-align: top; padding: .35em .5em; text-align: left; } table.sbs td.id { color: #777; font-size: .8em; white-space: nowrap; }
tr.para td { border-top: 2px solid #bbb; } .edited { font-style: italic; } .flag { color: #b3261e; font-weight: bold; }
.machine { font-size: .8em; color: #7a4b00; } .legend span { display: inline-block; margin-right: 1em; padding: 0 .4em; }
footer { margin-top: 2em; color: #666; font-size: .85em; border-top: 1px solid #ddd; padding-top: .5em; }
mark { color: inherit; padding: 0 1px; }
mark.k-highlight { background: #fff17699; outline: 1px solid #c9a800; }
mark.k-note { background: #ffd18099; text-decoration: underline wavy #b36b00; }
mark.k-unsure { background: none; text-decoration: underline dotted #8a8a8a; }
"""

_SIDE = {"bg": "Bulgarian", "en": "English"}

#: Underline styles make the kinds distinguishable without colour.
_UNDERLINE = {
    ClaimKind.QUOTE: "solid",
    ClaimKind.REPORTED: "dashed",
    ClaimKind.ATTRIBUTION: "dotted",
    ClaimKind.FACT: "double",
}


def _kind_css() -> str:
    return "\n".join(
        f"mark.k-{k} {{ background: {k.colour}66; text-decoration: underline {_UNDERLINE[k]}; }}"
        for k in ClaimKind
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _marked(text: str, marks: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap non-overlapping marked spans in <mark> elements."""
    out: list[str] = []
    pos = 0
    for start, end, kind in sorted(marks):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(_e(text[pos:start]))
        out.append(f'<mark class="k-{_e(kind)}">{_e(text[start:end])}</mark>')
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _html_refs(line: BriefLine) -> str:
    return "".join(f'<a class="ref" href="#s-{_e(sid)}">{_e(sid)}</a>' for sid in line.sentence_ids)


def _row_html(row: SentenceRow, new_paragraph: bool) -> str:
    bg = _marked(row.bg, [(m.start, m.end, m.kind) for m in row.marks if m.side == "bg"])
    if row.en is None:
        en = '<span class="meta">(not translated)</span>'
    else:
        en = _marked(row.en, [(m.start, m.end, m.kind) for m in row.marks if m.side == "en"])
        if row.edited:
            en = f'<span class="edited" title="edited by the desk">{en}</span>'
    flag = ' <span class="flag" title="see Check before filing">⚑</span>' if row.flagged else ""
    cls = ' class="para"' if new_paragraph else ""
    return (
        f'<tr id="s-{_e(row.sentence_id)}"{cls}><td class="id">{_e(row.sentence_id)}{flag}</td>'
        f"<td lang=\"bg\">{bg}</td><td lang=\"en\">{en}</td></tr>"
    )


def to_html(brief: Brief) -> str:
    """One self-contained HTML file: no script, no remote resource, all text escaped."""
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(brief.heading)}</title>",
        f"<style>{_STYLE_BASE}{_kind_css()}</style></head><body>",
        f"<h1>{_e(brief.heading)}</h1>",
    ]
    if brief.original_title:
        parts.append(f'<p class="meta">Original headline: <span lang="bg">{_e(brief.original_title)}</span></p>')
    meta = [_e(x) for x in (brief.source, brief.date) if x]
    if meta:
        parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    notice = brief.missing_translation_notice
    if notice:
        parts.append(f'<p class="notice"><strong>English missing.</strong> {_e(notice)}</p>')

    parts.append('<h2>Summary</h2><ul class="lines">')
    for line in brief.summary:
        machine = ' <span class="machine">machine-written</span>' if line.machine_written else ""
        parts.append(f"<li>{_e(line.text)}{machine}{_html_refs(line)}</li>")
    parts.append("</ul>")

    parts.append('<h2>Key claims</h2><p class="legend">')
    parts += [f'<span><mark class="k-{k}">{_e(k.label)}</mark></span>' for k in ClaimKind]
    parts.append('</p><ul class="lines">')
    if not brief.claims:
        parts.append("<li>No attributed statements or checkable figures were found.</li>")
    for line in brief.claims:
        parts.append(
            f'<li><mark class="k-{_e(line.kind)}"><strong>{_e(line.label)}:</strong></mark> '
            f"{_e(line.text)}{_html_refs(line)}</li>"
        )
    parts.append("</ul>")

    parts.append('<h2>Check before filing</h2><ul class="lines">')
    if not brief.flags:
        parts.append("<li>No translation warnings.</li>" if brief.translated else "<li>Not checked: no translation yet.</li>")
    for line in brief.flags:
        parts.append(f'<li><span class="flag">⚑</span> {_e(line.text)}{_html_refs(line)}</li>')
    parts.append("</ul>")

    if brief.notes:
        parts.append('<h2>Your notes and highlights</h2><ul class="lines">')
        for line in brief.notes:
            where = f"{_e(', '.join(line.sentence_ids))} ({_e(_SIDE.get(line.side, line.side))})"
            if line.kind == "note":
                parts.append(
                    f'<li><strong>Note on {where}:</strong> <mark class="k-note">“{_e(line.label)}”</mark> '
                    f"— {_e(line.text)}{_html_refs(line)}</li>"
                )
            else:
                parts.append(
                    f'<li><strong>Highlighted in {where}:</strong> <mark class="k-highlight">“{_e(line.text)}”</mark>'
                    f"{_html_refs(line)}</li>"
                )
        parts.append("</ul>")

    if brief.unsure_marked:
        parts.append(f'<p class="meta"><mark class="k-unsure">dotted underline</mark>: {_e(UNSURE_LEGEND)}</p>')
    parts.append('<h2>Side by side</h2><table class="sbs"><thead><tr><th>#</th><th>Bulgarian</th><th>English</th></tr></thead><tbody>')
    last_para = None
    for row in brief.rows:
        parts.append(_row_html(row, last_para is not None and row.paragraph != last_para))
        last_para = row.paragraph
    parts.append("</tbody></table>")
    parts.append(f"<footer>{_e(brief.provenance_text)}</footer></body></html>")
    return "\n".join(parts)
