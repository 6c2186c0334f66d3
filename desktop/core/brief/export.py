"""Markdown and HTML renderings of a :class:`~desktop.core.brief.model.Brief`.

Article text is hostile input as far as an export is concerned: a pasted page
may hold ``<script>`` or ``"><img onerror=...>``. Every piece of text that
came from the article or the model is escaped here, the HTML carries a
Content-Security-Policy that forbids scripts and remote loads, and nothing
is fetched from outside the file (styles are inline, there are no images).
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
import re
import tempfile
from pathlib import Path

from desktop.core.brief.model import CLAIM_COLOURS, CLAIM_KINDS, CLAIM_LABELS, Brief, BriefLine, SentenceRow
from desktop.core.errors import ExportFailed, StorageFull


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` beside ``path`` and rename it into place.

    A full disk or a read-only folder becomes one sentence for the user and the
    previous file (if any) is left untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportFailed(f"{path}: the folder {folder} does not exist", hint="Choose another location.")
    fd, tmp = -1, ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = ""
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(f"{path}: the disk is full", hint="Free some space or save elsewhere.") from exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise ExportFailed(f"{path}: this location is read-only", hint="Choose another folder.") from exc
        raise ExportFailed(f"{path}: could not write the file ({exc.strerror or exc})") from exc
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


# --- Markdown ----------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and raw HTML so article text renders as text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\n", " ")


def _md_refs(line: BriefLine) -> str:
    return " ".join(f"[{sid}](#{sid})" for sid in line.sentence_ids)


def to_markdown(brief: Brief) -> str:
    """The brief as GitHub-flavoured Markdown, with sentence anchors and a side-by-side table."""
    out: list[str] = [f"# {md_escape(brief.heading)}", ""]
    if brief.original_title:
        out += [f"*Original headline:* {md_escape(brief.original_title)}", ""]
    meta = []
    if brief.source:
        meta.append(f"**Source:** {md_escape(brief.source)}")
    if brief.date:
        meta.append(f"**Date:** {md_escape(brief.date)}")
    if meta:
        out += [" · ".join(meta), ""]
    notice = brief.missing_translation_notice
    if notice:
        out += [f"> **English missing.** {md_escape(notice)}", ""]

    out += ["## Summary", ""]
    for line in brief.summary:
        marker = " *(machine-written)*" if line.machine_written else ""
        out.append(f"- {md_escape(line.text)}{marker} {_md_refs(line)}")
    out.append("")

    out += ["## Key claims", ""]
    if not brief.claims:
        out.append("- No attributed statements or checkable figures were found.")
    for line in brief.claims:
        out.append(f"- **{md_escape(line.label)}:** {md_escape(line.text)} — *{line.kind}* {_md_refs(line)}")
    out.append("")

    out += ["## Check before filing", ""]
    if not brief.flags:
        out.append("- No translation warnings." if brief.translated else "- Not checked: no translation yet.")
    for line in brief.flags:
        out.append(f"- {md_escape(line.text)} {_md_refs(line)}")
    out.append("")

    out += ["## Side by side", "", "| # | Bulgarian | English |", "| --- | --- | --- |"]
    for row in brief.rows:
        en = md_escape(row.en) if row.en is not None else "*(not translated)*"
        if row.edited:
            en += " *(edited)*"
        flag = " ⚑" if row.flagged else ""
        out.append(f'| <a id="{row.sentence_id}"></a>{row.sentence_id}{flag} | {md_escape(row.bg)} | {en} |')
    out.append("")
    out += ["---", "", _provenance_text(brief), ""]
    return "\n".join(out)


def _provenance_text(brief: Brief) -> str:
    p = brief.provenance
    if brief.translated:
        engine = f"Translated by {p.model} (revision {p.revision or 'unknown'}), backend {p.backend}, profile {p.profile}."
    else:
        engine = "Not translated (no model installed)."
    return f"{engine} Summary: {p.summary_method}. Dragoman {p.app_version}, {p.created_at}."


# --- HTML ----------------------------------------------------------------------

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
"""

#: Underline styles make the kinds distinguishable without colour.
_UNDERLINE = {"quote": "solid", "reported": "dashed", "attribution": "dotted", "fact": "double"}


def _kind_css() -> str:
    return "\n".join(
        f"mark.k-{k} {{ background: {CLAIM_COLOURS[k]}66; text-decoration: underline {_UNDERLINE[k]}; }}"
        for k in CLAIM_KINDS
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
    parts += [f'<span><mark class="k-{k}">{_e(CLAIM_LABELS[k])}</mark></span>' for k in CLAIM_KINDS]
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

    parts.append('<h2>Side by side</h2><table class="sbs"><thead><tr><th>#</th><th>Bulgarian</th><th>English</th></tr></thead><tbody>')
    last_para = None
    for row in brief.rows:
        parts.append(_row_html(row, last_para is not None and row.paragraph != last_para))
        last_para = row.paragraph
    parts.append("</tbody></table>")
    parts.append(f"<footer>{_e(_provenance_text(brief))}</footer></body></html>")
    return "\n".join(parts)
