"""The brief as GitHub-flavoured Markdown, with sentence anchors and a side-by-side table.

Article text is hostile input: Markdown syntax and raw HTML in it are escaped
so it renders as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.core.brief.model import Brief, BriefLine
from desktop.core.wordlinks import UNSURE_LEGEND

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and raw HTML so article text renders as text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\n", " ")


def _md_refs(line: BriefLine) -> str:
    return " ".join(f"[{sid}](#{sid})" for sid in line.sentence_ids)


#: The journalist's own marks are shown in the table; claims are listed above it.
_OWN_MARKS = ("highlight", "note")
_SIDE = {"bg": "Bulgarian", "en": "English"}


def _own_marked(text: str, marks: list[tuple[int, int]], unsure: Sequence[tuple[int, int]] = ()) -> str:
    """Escape ``text``; wrap the journalist's highlighted passages in ``<mark>``, unsure words in ``<u>``."""
    out: list[str] = []
    pos = 0
    tagged = [(a, b, "mark") for a, b in marks] + [(a, b, "u") for a, b in unsure]
    for start, end, tag in sorted(tagged):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out += [md_escape(text[pos:start]), f"<{tag}>", md_escape(text[start:end]), f"</{tag}>"]
        pos = end
    out.append(md_escape(text[pos:]))
    return "".join(out)


def note_lines(brief: Brief) -> list[str]:
    """The "Your notes and highlights" section (empty when there are none)."""
    if not brief.notes:
        return []
    out = ["## Your notes and highlights", ""]
    for line in brief.notes:
        where = f"{', '.join(line.sentence_ids)} ({_SIDE.get(line.side, line.side)})"
        if line.kind == "note":
            out.append(f"- **Note on {where}:** “{md_escape(line.label)}” — {md_escape(line.text)} {_md_refs(line)}")
        else:
            out.append(f"- **Highlighted in {where}:** “{md_escape(line.text)}” {_md_refs(line)}")
    return [*out, ""]


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

    out += note_lines(brief)

    out += ["## Side by side", ""]
    if brief.unsure_marked:
        out += [f"<u>Underlined</u> English words: {md_escape(UNSURE_LEGEND)}", ""]
    out += ["| # | Bulgarian | English |", "| --- | --- | --- |"]
    for row in brief.rows:
        own = {side: [(m.start, m.end) for m in row.marks if m.side == side and m.kind in _OWN_MARKS] for side in _SIDE}
        bg = _own_marked(row.bg, own["bg"])
        unsure = [(m.start, m.end) for m in row.marks if m.side == "en" and m.kind == "unsure"]
        en = _own_marked(row.en, own["en"], unsure) if row.en is not None else "*(not translated)*"
        if row.edited:
            en += " *(edited)*"
        flag = " ⚑" if row.flagged else ""
        out.append(f'| <a id="{row.sentence_id}"></a>{row.sentence_id}{flag} | {bg} | {en} |')
    out.append("")
    out += ["---", "", brief.provenance_text, ""]
    return "\n".join(out)
