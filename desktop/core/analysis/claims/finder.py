"""Key claims of an article: who said what, and the checkable figures.

A foreign-news desk reads an article for its *claims*: direct quotations
(„...“), reported speech ("..., каза Кърби"), attributions ("според
Вашингтон", "по думите му") and unattributed facts with figures ("шест ядрени
изпитания от 2006 г."). :func:`find_claims` finds them with rules over
reporting verbs, quotation marks and speaker phrases (no model to download),
resolves pronouns and roles to the speaker named earlier (:mod:`.coreference`),
ranks them by a check-worthiness score fitted on real data
(:mod:`.ranking`, :mod:`.score`), and, when a translation exists, locates each claim's
speaker, cue and content in the English sentence too, so one claim lights up
in both panes.

Spans on the source side are offsets into ``Document.text``; spans on the
English side are offsets into that sentence's English
(``translation.text_for(sentence_id)``). Everything here is frozen, plain
data that round-trips through :func:`dataclasses.asdict` and
:meth:`Claim.from_dict`, so the library, the brief and the GUI can store it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from desktop.core.analysis.claims.english import EnglishPlace, place_in_english, speaker_english
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import lexicon_for
from desktop.core.analysis.claims.ranking import score as rank_score
from desktop.core.analysis.claims.reading import analyse
from desktop.core.analysis.claims.score import checkworthiness, claim_probability, text_features
from desktop.core.analysis.claims.text import trim
from desktop.core.document import Document, build_paragraphs
from desktop.core.translation import DocumentTranslation

# --- data ---------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a text, with the text they cover."""

    start: int
    end: int
    text: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(start=int(data["start"]), end=int(data["end"]), text=str(data["text"]))


def _span_or_none(data: dict[str, Any] | None) -> Span | None:
    return Span.from_dict(data) if data else None


@dataclass(frozen=True)
class ClaimEnglish:
    """Where a claim sits in the English of one sentence (offsets into that sentence's English)."""

    sentence_id: str
    content: Span | None
    speaker: Span | None
    cue: Span | None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimEnglish:
        return cls(
            sentence_id=str(data["sentence_id"]),
            content=_span_or_none(data.get("content")),
            speaker=_span_or_none(data.get("speaker")),
            cue=_span_or_none(data.get("cue")),
        )


@dataclass(frozen=True)
class Claim:
    """One key claim: its kind, where it is, who made it, and how worth checking it is."""

    id: str
    kind: ClaimKind
    sentence_ids: tuple[str, ...]
    content: Span
    speaker: Span | None
    cue: Span | None
    speaker_name: str | None  # resolved name, even when the text says "той"
    speaker_en: str | None  # English form of the speaker's name
    score: float  # check-worthiness in [0, 1]
    en: ClaimEnglish | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        en = data.get("en")
        return cls(
            id=str(data["id"]),
            kind=ClaimKind(str(data["kind"])),
            sentence_ids=tuple(data["sentence_ids"]),
            content=Span.from_dict(data["content"]),
            speaker=_span_or_none(data.get("speaker")),
            cue=_span_or_none(data.get("cue")),
            speaker_name=data.get("speaker_name"),
            speaker_en=data.get("speaker_en"),
            score=float(data["score"]),
            en=ClaimEnglish.from_dict(en) if en else None,
        )


def ensure_segmented(doc: Document) -> Document:
    """``doc`` with sentences: the app's segmenter when present, else a plain splitter.

    The fallback (blank-line paragraphs, sentence-final punctuation before a
    capital) keeps the claim finder usable on a bare :class:`Document`.
    """
    if doc.paragraphs:
        return doc
    try:
        from desktop.core.ingest.segment import segment_document
    except ImportError:
        pass
    else:
        return segment_document(doc)
    spans: list[list[tuple[int, int]]] = []
    for pm in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", doc.text):
        para: list[tuple[int, int]] = []
        s = pm.start()
        for m in re.finditer(r"(?<=[.!?…])[\"“”»]?\s+(?=[\"„“«(]?[A-ZА-Я0-9])", pm.group(0)):
            e = pm.start() + m.start()
            e2 = e + len(m.group(0)) - len(m.group(0).lstrip('"“”»'))
            para.append(trim(doc.text, s, e2, strip=" \t\n"))
            s = pm.start() + m.end()
        para.append(trim(doc.text, s, pm.end(), strip=" \t\n"))
        spans.append([p for p in para if p[1] > p[0]])
    return doc.with_paragraphs(build_paragraphs(doc.text, spans))


def score_text(text: str, lang: str = "bg") -> tuple[bool, float]:
    """Text-level decision for a tweet or a statement: (is it a claim?, check-worthiness 0..1).

    ``is_claim`` comes from the claim model and its cross-validated threshold;
    the score is the check-worthiness model's probability, used to rank.
    """
    from desktop.core.analysis.claims.weights import CLAIM_THRESHOLD

    feats = text_features(text, lang)
    p_claim = claim_probability(text, lang, feats=feats)
    worth = checkworthiness(text, lang, feats=feats)
    return p_claim >= CLAIM_THRESHOLD, round(worth, 4)


def _claim_english(place: EnglishPlace | None) -> ClaimEnglish | None:
    if place is None:
        return None

    def span(r: tuple[int, int] | None) -> Span | None:
        return Span(r[0], r[1], place.text[r[0] : r[1]]) if r is not None else None

    return ClaimEnglish(place.sentence_id, span(place.content), span(place.speaker), span(place.cue))


# --- public API ------------------------------------------------------------------


def find_claims(
    doc: Document,
    translation: DocumentTranslation | None = None,
    *,
    glossary: dict[str, str] | None = None,
    limit: int | None = None,
) -> list[Claim]:
    """The key claims of ``doc``, most check-worthy first.

    ``translation`` (optional) adds each claim's place in the English
    sentence and lets the English form of a name follow the translation;
    ``glossary`` (bg -> en) overrides both. ``limit`` keeps the top claims.
    An unsegmented document is segmented first.
    """
    if not doc.paragraphs:
        doc = ensure_segmented(doc)
    lex = lexicon_for(doc.language)
    cands, _tracker = analyse(doc, lex)
    text = doc.text
    index = {s.id: s.index for s in doc.iter_sentences()}

    def span(r: tuple[int, int] | None) -> Span | None:
        return Span(r[0], r[1], text[r[0] : r[1]]) if r is not None and r[1] > r[0] else None

    per_sentence: dict[str, int] = {}
    claims: list[Claim] = []
    for cand in sorted(cands, key=lambda c: (min(c.content[0], c.pos), c.pos)):
        content = span(cand.content)
        if content is None or not cand.sentence_ids:
            continue
        sentence_ids = tuple(sorted(set(cand.sentence_ids), key=lambda s: index.get(s, 0)))
        first = sentence_ids[0]
        per_sentence[first] = per_sentence.get(first, 0) + 1
        speaker_en = speaker_english(cand, doc, translation, glossary, lex)
        en = None
        if translation is not None and lex.lang != "en":
            en = _claim_english(place_in_english(cand, doc, translation, speaker_en))
        claims.append(
            Claim(
                id=f"{first}c{per_sentence[first]}",  # stable for a given text: "p9s2c1"
                kind=cand.kind,
                sentence_ids=sentence_ids,
                content=content,
                speaker=span(cand.speaker),
                cue=span(cand.cue),
                speaker_name=cand.speaker_name,
                speaker_en=speaker_en,
                score=rank_score(cand, text, lex),
                en=en,
            )
        )
    claims.sort(key=lambda c: (-c.score, index.get(c.sentence_ids[0], 0), c.content.start))
    return claims[:limit] if limit is not None else claims
