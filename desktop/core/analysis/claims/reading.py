"""Reading an article for claims: the stages, run sentence by sentence in reading order.

1. **candidates per kind** — quotations (:mod:`.quotes`, found per paragraph
   and read at their last sentence), reported speech and attributions
   (:mod:`.rules`), relays;
2. **speakers** — each candidate's speaker phrase resolved in reading order
   (:mod:`.coreference`), so "той" finds the person named before it;
3. **one claim per statement** — duplicates dropped (:mod:`.ranking`);
4. **facts** — figures outside every attributed claim (:mod:`.facts`).

Speakers must be resolved in reading order, which is why the stages run per
sentence rather than each over the whole article.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.coreference import SpeakerTracker, register_sources, resolve_speaker
from desktop.core.analysis.claims.facts import fact_candidate
from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.quotes import Quote, find_quotes, quote_candidate
from desktop.core.analysis.claims.ranking import claim_region, dedupe, substantial
from desktop.core.analysis.claims.rules import (
    attribution_candidates,
    cue_candidate,
    find_cues,
    postposed_commas,
    relay_candidate,
    relay_mentions,
)
from desktop.core.analysis.claims.text import SentenceView, tokenize
from desktop.core.document import Document, Sentence


def sentence_ids_between(doc_sentences: tuple[Sentence, ...], start: int, end: int) -> list[str]:
    """Ids of the sentences that overlap ``start:end``, in order (sentences are sorted by offset)."""
    ids: list[str] = []
    for i in range(bisect_right(doc_sentences, start, key=lambda s: s.end), len(doc_sentences)):
        s = doc_sentences[i]
        if s.start >= end:
            break
        ids.append(s.id)
    return ids


class _Ranges:
    """Character ranges, looked up by the span they reach into (bisect on starts).

    Each sentence needs only the quotations that reach into it; looking them
    up instead of scanning them all keeps a long text linear (a 5 MB file has
    thousands of quotations and tens of thousands of sentences).
    """

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [a for a, _ in self._ranges]
        self._longest = max((b - a for a, b in self._ranges), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges ``(a, b)`` with ``a < end`` and ``b > start``, in order."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [(a, b) for a, b in self._ranges[lo:hi] if b > start]


@dataclass
class _Quotations:
    """The article's quotations: claims, every pair of marks, the quoted ranges, the cues used."""

    cands: list[Candidate]
    marks: list[Quote]
    ranges: list[tuple[int, int]]  # inside the quotation marks of each claim
    cues: list[tuple[int, int]]  # cues the quotations took, so no other rule reads them again


def _quotation_candidates(doc: Document, lex: Lexicon) -> _Quotations:
    """Every quotation with its cue and speaker, read at its last sentence."""
    text = doc.text
    sentences = doc.sentences
    quotes_all: list[Quote] = []
    for p in doc.paragraphs:
        quotes_all.extend(find_quotes(text, p.start, p.end))
    para_of = {s.id: p for p in doc.paragraphs for s in p.sentences}
    found = _Quotations([], quotes_all, [], [])
    for q in quotes_all:
        s = doc.sentence_at(q.open) or doc.sentence_at(q.close)
        if s is None:
            continue
        p = para_of[s.id]
        cand = quote_candidate(text, q, p.start, p.end, lex)
        if cand is None:
            continue
        cand.sentence_ids = sentence_ids_between(sentences, q.open, q.close + 1)
        if cand.cue is not None:
            found.cues.append(cand.cue)
            for sid in sentence_ids_between(sentences, *cand.cue):
                if sid not in cand.sentence_ids:
                    cand.sentence_ids.append(sid)
        found.ranges.append(q.inner)
        # A quote is read at its last sentence (where its cue usually is).
        last = max((doc.sentence(sid) for sid in cand.sentence_ids), key=lambda x: x.index)
        cand.read_at = last.index
        found.cands.append(cand)
    return found


def analyse(doc: Document, lex: Lexicon) -> tuple[list[Candidate], SpeakerTracker]:
    """The claim candidates of a segmented ``doc`` with speakers resolved, and the speakers met."""
    text = doc.text
    tracker = SpeakerTracker()
    quotations = _quotation_candidates(doc, lex)
    quoted = _Ranges(quotations.ranges)
    masks = _Ranges(quotations.ranges + quotations.cues)
    all_quotes = _Ranges([q.inner for q in quotations.marks])
    read_at: dict[int, list[Candidate]] = {}
    for quotation in quotations.cands:
        read_at.setdefault(quotation.read_at, []).append(quotation)
    results: list[Candidate] = []
    for sent in doc.sentences:
        view = SentenceView(sent.start, sent.end, tokenize(text, sent.start, sent.end), sent.id)
        quotation_ranges = quoted.overlapping(sent.start, sent.end)
        # 1. candidates per kind
        cues = find_cues(view.tokens, text, lex, masks.overlapping(sent.start, sent.end))
        cut_at = postposed_commas(view, cues, lex)
        cands: list[Candidate] = list(read_at.get(sent.index, ()))
        for cue in cues:
            cand = cue_candidate(text, view, cue, lex, cut_at)
            if cand is not None:
                cand.sentence_ids = [sent.id]
                cands.append(cand)
        for cand in attribution_candidates(text, view, lex, quotation_ranges, cut_at):
            cand.sentence_ids = [sent.id]
            cands.append(cand)
        relays = relay_mentions(text, view, lex)
        if not cands:
            for relay in relays[:1]:
                relayed = relay_candidate(text, view, relay)
                if relayed is not None:
                    cands.append(relayed)
            relays = relays[1:]
        # 2. speakers, in reading order (a relay's sources count from where they are named)
        cands.sort(key=lambda c: c.pos)
        relay_done = False
        for cand in cands:
            if not relay_done and relays and cand.pos > relays[0][1][0]:
                register_sources(text, [r[1] for r in relays], lex, tracker, sent.id)
                relay_done = True
            cand.take(
                resolve_speaker(
                    text,
                    cand.speaker,
                    cand.cue,
                    implicit=cand.implicit_speaker,
                    pos=cand.pos,
                    lex=lex,
                    tracker=tracker,
                    sentence_id=sent.id,
                    sentence_start=sent.start,
                )
            )
        if not relay_done:
            register_sources(text, [r[1] for r in relays], lex, tracker, sent.id)
        # 3. one claim per statement
        kept = dedupe([c for c in cands if substantial(c, text)])
        # 4. facts: figures outside every attributed claim and quotation
        fact = fact_candidate(
            text, view, lex, [claim_region(c, sent.end) for c in kept], all_quotes.overlapping(sent.start, sent.end)
        )
        if fact is not None:
            kept.append(fact)
        results.extend(kept)
    return results, tracker
