"""Core results -> the panels' view records (:mod:`desktop.gui.views`).

Claim spans in the Bulgarian are offsets into ``Document.text``, exactly what
the Bulgarian pane shows. English spans are relative to the English sentence
they sit in, so they are moved by that sentence's start in the English layout
(:func:`desktop.core.translation.english_layout`) to land in the English pane.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop.core.analysis.claims.lexicon.cues import english_cue
from desktop.core.document import Document
from desktop.core.translation import DocumentTranslation, EnglishLayout
from desktop.gui.views import ClaimView, FlagView, Span

if TYPE_CHECKING:
    from desktop.core.analysis.checks import Flag
    from desktop.core.analysis.claims.finder import Claim


def _span(value: Any, *, base: int = 0, limit: int | None = None) -> Span | None:
    if value is None:
        return None
    start, end = int(value.start) + base, int(value.end) + base
    if limit is not None:
        end = min(end, limit)
    return Span(start, end) if 0 <= start < end else None


def claim_views(
    claims: Sequence[Claim],
    doc: Document,
    translation: DocumentTranslation | None,
    layout: EnglishLayout | None,
) -> list[ClaimView]:
    """One view per claim, ranked by score (1 = most check-worthy)."""
    ordered = sorted(enumerate(claims), key=lambda pair: (-(pair[1].score or 0.0), pair[0]))
    views = []
    for rank, (index, c) in enumerate(ordered, start=1):
        key = c.id or f"c{index + 1}"
        en = c.en
        en_content = en_speaker = en_cue = None
        text_en: str | None = None
        if en is not None and layout is not None and en.sentence_id in layout.spans:
            base, end = layout.spans[en.sentence_id]
            en_content = _span(en.content, base=base, limit=end)
            en_speaker = _span(en.speaker, base=base, limit=end)
            en_cue = _span(en.cue, base=base, limit=end)
            if en.content is not None:
                text_en = en.content.text
        if en_content is None and layout is not None:
            # The English sentence holds the claim even when its exact words could not be
            # matched (a loose translation): mark the whole counterpart sentence.
            sid = en.sentence_id if en is not None else next((s for s in c.sentence_ids if s in layout.spans), None)
            if sid is not None and sid in layout.spans:
                en_content = Span(*layout.spans[sid])
        if text_en is None and translation is not None:
            parts = [translation.text_for(sid) for sid in c.sentence_ids]
            if all(parts):
                text_en = " ".join(p for p in parts if p)
        # In English once translated (the name as the English text spells it), else in Bulgarian.
        speaker = (c.speaker_en if translation is not None else None) or c.speaker_name
        if not speaker and c.speaker is not None:
            speaker = c.speaker.text
        if c.speaker_unclear:
            speaker = "speaker unclear"  # the text does not allow a confident answer (issue 12)
        cue = ""
        if c.cue is not None and translation is not None:
            cue = english_cue(c.cue.text) or (en.cue.text if en is not None and en.cue is not None else c.cue.text)
        elif c.cue is not None:
            cue = c.cue.text
        content = c.content
        text_bg = content.text if content is not None else " ".join(doc.sentence(s).text for s in c.sentence_ids)
        views.append(
            ClaimView(
                key=key,
                rank=rank,
                kind=c.kind,
                score=float(c.score or 0.0),
                speaker=str(speaker or ""),
                cue=str(cue or ""),
                text_en=text_en.strip() if text_en else None,
                text_bg=text_bg.strip(),
                sentence_ids=tuple(c.sentence_ids),
                bg_content=_span(content, limit=len(doc.text)),
                bg_speaker=_span(c.speaker, limit=len(doc.text)),
                bg_cue=_span(c.cue, limit=len(doc.text)),
                en_content=en_content,
                en_speaker=en_speaker,
                en_cue=en_cue,
            )
        )
    return views


def flag_views(flags: Sequence[Flag], doc: Document, translation: DocumentTranslation | None) -> list[FlagView]:
    views = []
    for f in flags:
        try:
            bg = doc.sentence(f.sentence_id).text
        except KeyError:
            continue
        en = translation.text_for(f.sentence_id) if translation is not None else None
        views.append(FlagView(f.sentence_id, f.kind, f.reason, f.severity, en or "", bg))
    return views
