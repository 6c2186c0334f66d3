"""Key claims of an article: who said what, and the checkable figures.

A foreign-news desk reads an article for its *claims*: direct quotations
(„...“), reported speech ("..., каза Кърби"), attributions ("според
Вашингтон", "по думите му") and unattributed facts with figures ("шест ядрени
изпитания от 2006 г."). :func:`find_claims` finds them with rules over
reporting verbs, quotation marks and speaker phrases (no model to download),
resolves pronouns and roles to the speaker named earlier (:mod:`speakers`),
ranks them by a check-worthiness score fitted on real data
(:mod:`claim_score`), and, when a translation exists, locates each claim's
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

from desktop.core.analysis.claims.lexicon import EN, Lexicon, lexicon_for
from desktop.core.analysis.claims.rules import (
    Candidate,
    SentenceView,
    analyse,
    fact_clause,
    is_cue_token,
    sentence_ids_between,
    trim,
    word_count,
)
from desktop.core.analysis.claims.score import checkworthiness, claim_probability, text_features
from desktop.core.analysis.claims.speakers import tokenize
from desktop.core.analysis.transliterate import english_name, find_name
from desktop.core.document import Document, build_paragraphs
from desktop.core.translation import DocumentTranslation

KINDS = ("quote", "reported", "attribution", "fact")

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
    kind: str  # quote | reported | attribution | fact
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
            kind=str(data["kind"]),
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


# --- scoring -----------------------------------------------------------------

_KIND_BASE = {"quote": 0.62, "reported": 0.58, "attribution": 0.54, "fact": 0.46}


def _score(cand: Candidate, text: str, lex: Lexicon) -> float:
    content = text[cand.content[0] : cand.content[1]]
    feats = text_features(content, lex.lang)
    worth = checkworthiness(content, lex.lang, feats=feats)
    score = _KIND_BASE[cand.kind] + 0.3 * (worth - 0.3)
    if cand.kind != "fact":
        if cand.entity is not None:
            score += 0.1
        elif cand.speaker_name is None:
            score -= 0.12
    if feats.get("figure"):
        score += 0.08
    words = word_count(content)
    if words < 4:
        score -= 0.25
    elif words > 60:
        score -= 0.05
    return round(max(0.0, min(1.0, score)), 4)


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


# --- English side --------------------------------------------------------------


def _english_view(
    sids: list[str], translation: DocumentTranslation
) -> tuple[str, dict[str, tuple[int, int]], list[Candidate]]:
    """The English of ``sids`` joined with spaces, each sentence's range in it, and its claims.

    Several sentences are read together so a quotation that opens in one and
    closes in the next is still one quotation in English.
    """
    parts: list[str] = []
    ranges: dict[str, tuple[int, int]] = {}
    pos = 0
    for sid in sids:
        en = translation.text_for(sid) or ""
        ranges[sid] = (pos, pos + len(en))
        parts.append(en)
        pos += len(en) + 1
    joined = " ".join(parts)
    doc = Document(title="", language="en", text=joined)
    doc = doc.with_paragraphs(
        build_paragraphs(joined, [[ranges[s] for s in sids if ranges[s][1] > ranges[s][0]]])
    )
    cands, _ = analyse(doc, EN)
    return joined, ranges, cands


def _name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", name) if len(w) > 1]


def _pick_english(
    cand: Candidate, joined: str, options: list[Candidate], speaker_en: str | None
) -> Candidate | None:
    """The English claim that best matches ``cand``: same kind, same speaker."""
    best: Candidate | None = None
    best_score = 0.0
    for o in options:
        score = 0.0
        if o.kind == cand.kind:
            score += 2.0
        elif {o.kind, cand.kind} <= {"reported", "attribution"}:
            score += 1.0
        elif o.kind == "fact" or cand.kind == "fact":
            score -= 1.0
        if o.speaker is not None:
            said = joined[o.speaker[0] : o.speaker[1]]
            if speaker_en and (
                find_name(speaker_en, said) is not None
                or any(find_name(w, said) for w in _name_words(speaker_en))
            ):
                score += 3.0
            elif cand.info is not None and cand.info.pronoun and said.lower() in EN.pronouns:
                score += 1.5
        if score > best_score:
            best, best_score = o, score
    return best


def _english_for(
    cand: Candidate, doc: Document, translation: DocumentTranslation, speaker_en: str | None
) -> ClaimEnglish | None:
    index = {s.id: s.index for s in doc.sentences}
    sids = sorted((s for s in cand.sentence_ids if translation.text_for(s)), key=lambda s: index.get(s, 0))
    if not sids:
        return None
    joined, ranges, options = _english_view(sids, translation)
    best = _pick_english(cand, joined, options, speaker_en) if cand.kind != "fact" else None
    speaker: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    if best is not None:
        speaker, cue, content = best.speaker, best.cue, best.content
    # The sentence the English spans live in: where the cue (else the speaker) is.
    anchor = cue or speaker or content
    if anchor is None and cand.cue is not None:
        cue_sids = [s for s in sentence_ids_between(doc.sentences, *cand.cue) if s in ranges]
        sid = cue_sids[0] if cue_sids else sids[0]
    elif anchor is None:
        sid = sids[0]
    else:
        sid = next((s for s in sids if ranges[s][0] <= anchor[0] < ranges[s][1] + 1), sids[0])
    base, stop = ranges[sid]
    en = joined[base:stop]

    def local(r: tuple[int, int] | None) -> tuple[int, int] | None:
        if r is None:
            return None
        a, b = max(r[0], base) - base, min(r[1], stop) - base
        return trim(en, a, b, strip=" \t\n,;:") if b > a else None

    speaker, cue, content = local(speaker), local(cue), local(content)
    if cand.kind != "fact" and speaker is None and speaker_en:
        speaker = find_name(speaker_en, en)
    if cand.kind == "fact":
        digits = re.findall(r"\d+", doc.text[cand.content[0] : cand.content[1]])
        at = next((m.start() for d in digits for m in [re.search(r"(?<!\d)" + d + r"(?!\d)", en)] if m), None)
        view = SentenceView(0, len(en), tokenize(en), sid)
        content = fact_clause(en, view, at) if at is not None else trim(en, 0, len(en))
    if content is None:
        content = trim(en, 0, len(en))
        if cue is None and cand.kind != "fact":
            tok = next((t for t in tokenize(en) if is_cue_token(t, EN)), None)
            if tok is not None:
                cue = (tok.start, tok.end)

    def span(r: tuple[int, int] | None) -> Span | None:
        return Span(r[0], r[1], en[r[0] : r[1]]) if r is not None and r[1] > r[0] else None

    return ClaimEnglish(sentence_id=sid, content=span(content), speaker=span(speaker), cue=span(cue))


def _speaker_english(
    cand: Candidate,
    doc: Document,
    translation: DocumentTranslation | None,
    glossary: dict[str, str] | None,
    lex: Lexicon,
) -> str | None:
    name = cand.speaker_name
    if name is None:
        return None
    if lex.lang == "en":
        return name
    if glossary:
        for k, v in glossary.items():
            if k.strip().lower() == name.strip().lower():
                return v
    proper = cand.entity is not None or any(w[:1].isupper() for w in name.split())
    texts: list[str] = []
    if translation is not None:
        sids = list(cand.sentence_ids)
        if cand.entity is not None:
            sids += [s for s in cand.entity.sentence_ids if s not in sids]
        texts = [t for t in (translation.text_for(s) for s in sids) if t]
    if not proper:
        return None
    if cand.entity is None and cand.info is not None and cand.info.name is None:
        return None
    return english_name(name, english_texts=texts, glossary=glossary)


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
        speaker_en = _speaker_english(cand, doc, translation, glossary, lex)
        en = None
        if translation is not None and lex.lang != "en":
            en = _english_for(cand, doc, translation, speaker_en)
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
                score=_score(cand, text, lex),
                en=en,
            )
        )
    claims.sort(key=lambda c: (-c.score, index.get(c.sentence_ids[0], 0), c.content.start))
    return claims[:limit] if limit is not None else claims
