"""A claim in English: where its speaker, cue and content sit in the translated sentence.

When a translation exists, each Bulgarian claim is looked for in the English
of its sentences: the English is read by the same rules (:mod:`.reading` with
the English lexicon) and the English claim of the same kind and speaker is
picked, so one claim lights up in both panes. :func:`speaker_english` gives a
speaker's English form: the desk glossary, else as the translation spells
it, else a transliteration.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.facts import fact_clause
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import EN, Lexicon
from desktop.core.analysis.claims.reading import analyse, sentence_ids_between
from desktop.core.analysis.claims.text import SentenceView, is_cue_token, tokenize, trim
from desktop.core.analysis.transliterate import english_name, find_name
from desktop.core.document import Document, build_paragraphs
from desktop.core.translation import DocumentTranslation


class EnglishPlace(NamedTuple):
    """Offsets of a claim's parts in the English of one sentence (``text``)."""

    sentence_id: str
    text: str
    content: tuple[int, int] | None
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None


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
        elif {o.kind, cand.kind} <= {ClaimKind.REPORTED, ClaimKind.ATTRIBUTION}:
            score += 1.0
        elif ClaimKind.FACT in (o.kind, cand.kind):
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


def place_in_english(
    cand: Candidate, doc: Document, translation: DocumentTranslation, speaker_en: str | None
) -> EnglishPlace | None:
    """Where ``cand`` sits in the English of its sentences; None when none is translated."""
    index = {s.id: s.index for s in doc.sentences}
    sids = sorted((s for s in cand.sentence_ids if translation.text_for(s)), key=lambda s: index.get(s, 0))
    if not sids:
        return None
    joined, ranges, options = _english_view(sids, translation)
    best = _pick_english(cand, joined, options, speaker_en) if cand.kind is not ClaimKind.FACT else None
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
    if cand.kind is not ClaimKind.FACT and speaker is None and speaker_en:
        speaker = find_name(speaker_en, en)
    if cand.kind is ClaimKind.FACT:
        digits = re.findall(r"\d+", doc.text[cand.content[0] : cand.content[1]])
        at = next((m.start() for d in digits for m in [re.search(r"(?<!\d)" + d + r"(?!\d)", en)] if m), None)
        view = SentenceView(0, len(en), tokenize(en), sid)
        content = fact_clause(en, view, at) if at is not None else trim(en, 0, len(en))
    if content is None:
        content = trim(en, 0, len(en))
        if cue is None and cand.kind is not ClaimKind.FACT:
            tok = next((t for t in tokenize(en) if is_cue_token(t, EN)), None)
            if tok is not None:
                cue = (tok.start, tok.end)

    def kept(r: tuple[int, int] | None) -> tuple[int, int] | None:
        return r if r is not None and r[1] > r[0] else None

    return EnglishPlace(sid, en, kept(content), kept(speaker), kept(cue))


def speaker_english(
    cand: Candidate,
    doc: Document,
    translation: DocumentTranslation | None,
    glossary: dict[str, str] | None,
    lex: Lexicon,
) -> str | None:
    """The English form of ``cand``'s speaker: glossary, else as the translation spells it, else transliterated."""
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
