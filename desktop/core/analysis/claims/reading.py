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

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.facts import fact_candidate
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.lexicon.words import role_class
from desktop.core.analysis.claims.quotes import Quote, find_quotes, quote_candidate
from desktop.core.analysis.claims.ranking import claim_region, dedupe, substantial
from desktop.core.analysis.claims.rules import (
    attribution_candidates,
    cue_candidate,
    find_cues,
    mark_cited,
    postposed_commas,
    relay_candidate,
    relay_mentions,
)
from desktop.core.analysis.claims.speakers import (
    SpeakerTracker,
    full_names,
    named_subject,
    read_speaker,
    register_sources,
    resolve_speaker,
    verb_like,
)
from desktop.core.analysis.claims.text import QUOTE_CHARS, SentenceView, tokenize, trim
from desktop.core.analysis.stopwords import stopwords_for
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


_FIRST_PERSON = re.compile(
    r"(?<!\w)(?:аз|ние|ни|нас|ми|мен|мене|наш|наша|нашата|нашия|нашите|моля|съм|сме|i|we|us|our|my)(?!\w)",
    re.IGNORECASE,
)


#: A capitalised plural common noun opening a sentence ("Ислямистите", "Властите").
_PLURAL_NOUN = re.compile(r"(?:ите|ята)$", re.IGNORECASE)


class _Reader:
    """The state of reading one article: who spoke last, and the speakers met so far."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc.text
        self.tracker = SpeakerTracker(full_names(doc.text))
        self.paragraph_of = {s.id: s.paragraph for s in doc.sentences}
        self.last: Candidate | None = None  # the last claim with a speaker
        words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", self.text)
        self.lower_words = {w for w in words if w.islower()}  # written in lower case somewhere
        self.counts = Counter(words)

    def resolve(self, cand: Candidate, sent: Sentence) -> None:
        """Stage 2 for one candidate: its speaker, from its phrase or from the claims around it."""
        if cand.continues and self.last is not None:
            para = self.paragraph_of[cand.sentence_ids[0]]
            last_para = self.paragraph_of[self.last.sentence_ids[-1]]
            if para - last_para <= 1 and self.last.speaker_name is not None:
                # A quotation with no cue after one by a known speaker is theirs.
                cand.entity, cand.speaker_name, cand.info = self.last.entity, self.last.speaker_name, self.last.info
                cand.confidence = min(0.75, self.last.confidence)
                return
        cand.take(
            resolve_speaker(
                self.text,
                cand.speaker,
                cand.cue,
                implicit=cand.implicit_speaker or cand.continues,
                pos=cand.pos,
                lex=self.lex,
                tracker=self.tracker,
                sentence_id=sent.id,
                sentence_start=sent.start,
                sentence=sent.index,
            )
        )
        if cand.continues:
            cand.confidence = min(cand.confidence, 0.4)

    def note_media(self, view: SentenceView) -> None:
        """An outlet named anywhere ("телевизия "Фокс нюз"") may be "телевизията" later."""
        toks = view.tokens
        for k, t in enumerate(toks[:-1]):
            role = role_class(t.text, self.lex)
            if role not in {"media", "agency"}:
                continue
            nxt = toks[k + 1]
            if nxt.text in QUOTE_CHARS or nxt.is_cap:
                end = k + 2
                while end < len(toks) and (toks[end].is_cap or (nxt.text in QUOTE_CHARS and toks[end].text not in QUOTE_CHARS)):
                    end += 1
                if nxt.text in QUOTE_CHARS and end < len(toks):
                    end += 1
                info = read_speaker(self.text[t.start : toks[end - 1].end], self.lex)
                if info.name is not None:
                    self.tracker.add(info, pos=t.start, sentence_id=view.sid, spoke=False)

    def note_subject(self, view: SentenceView) -> None:
        """A person or body named as a sentence's subject may be "he" or "the bank" later."""
        subj = named_subject(view.tokens, self.text, self.lex)
        if subj is None:
            return
        a, b = subj
        info = read_speaker(self.text[view.tokens[a].start : view.tokens[b - 1].end], self.lex)
        index = self.doc.sentence(view.sid).index
        pos = view.tokens[a].start
        if b - a == 1 and _PLURAL_NOUN.search(view.tokens[a].text):
            # "Ислямистите блокираха ...": a group, for a later "те".
            self.tracker.add_group(info, pos=pos, sentence_id=view.sid, sentence=index)
            return
        first = view.tokens[a].low
        if info.name is None or (first in stopwords_for(self.lex.lang) and first not in self.lex.gendered_titles):
            return  # "Both Toshiba and ...", "As ...": the sentence opens with a function word
        if b - a == 1 and info.name.lower() in self.lower_words:
            return  # "Gaming is ...": the word is written in lower case elsewhere, so it is no name
        nxt = view.tokens[b]
        if b - a == 1 and self.lex.lang == "en" and not (verb_like(nxt, self.lex) or nxt.low.endswith("s")):
            return  # "Tory shadow home secretary ...": a modifier, not a subject
        if b - a == 1 and _PLURAL_NOUN.search(info.name):
            # "Ислямистите блокираха ...": a group, for a later "те".
            self.tracker.add_group(info, pos=pos, sentence_id=view.sid, sentence=index)
        elif (
            info.cls != "person"
            or len(info.name.split()) > 1
            or info.gender
            or self.tracker.known(info.name)
            or self.counts[info.name] > 1
        ):
            self.tracker.add(info, pos=pos, sentence_id=view.sid, sentence=index, spoke=False)


def _share_subjects(cands: list[Candidate]) -> None:
    """A coordinated cue ("..., но настоя ...") speaks for the claim before it in the sentence."""
    for i, cand in enumerate(cands):
        if cand.shares_subject:
            before = next((c for c in reversed(cands[:i]) if c.speaker_name is not None), None)
            if before is not None:
                cand.speaker, cand.entity, cand.info = before.speaker, before.entity, before.info
                cand.speaker_name, cand.confidence = before.speaker_name, before.confidence


def _refer_back(cand: Candidate, sent: Sentence, doc: Document, text: str) -> bool:
    """Give "Това заяви X" the sentence before as its content (the paragraph before, at a paragraph's start)."""
    if sent.index == 0:
        return False
    prev = doc.sentences[sent.index - 1]
    start = prev.start
    first = sent.index - 1
    if prev.paragraph != sent.paragraph:
        while first > 0 and doc.sentences[first - 1].paragraph == prev.paragraph:
            first -= 1
        start = doc.sentences[first].start
    cand.content = trim(text, start, prev.end)
    cand.sentence_ids = [s.id for s in doc.sentences[first : sent.index]] + [sent.id]
    return cand.content[1] - cand.content[0] > 3


def _direct_speech_before(cand: Candidate, sent: Sentence, doc: Document, text: str, taken: set[str]) -> None:
    """'Моля ... . Призовавам ..., казва X': unmarked first-person speech before a postposed cue is one claim."""
    if cand.cue is None or cand.content[0] != trim(text, sent.start, sent.end)[0] or sent.index == 0:
        return
    if not _FIRST_PERSON.search(text[cand.content[0] : cand.content[1]]):
        return
    prev = doc.sentences[sent.index - 1]
    broken = prev.paragraph != sent.paragraph and not re.search(r"[.!?…\"“”»]\s*$", prev.text)
    if (prev.paragraph != sent.paragraph and not broken) or prev.id in taken or not _FIRST_PERSON.search(prev.text):
        return
    if any(ch in prev.text for ch in "\"„“”«»"):
        return
    cand.content = (trim(text, prev.start, prev.end)[0], cand.content[1])
    cand.sentence_ids = [prev.id, *cand.sentence_ids]


def analyse(doc: Document, lex: Lexicon) -> tuple[list[Candidate], SpeakerTracker]:
    """The claim candidates of a segmented ``doc`` with speakers resolved, and the speakers met."""
    text = doc.text
    reader = _Reader(doc, lex)
    tracker = reader.tracker
    quotations = _quotation_candidates(doc, lex)
    quoted = _Ranges(quotations.ranges)
    masks = _Ranges(quotations.ranges + quotations.cues)
    all_quotes = _Ranges([q.inner for q in quotations.marks])
    read_at: dict[int, list[Candidate]] = {}
    for quotation in quotations.cands:
        read_at.setdefault(quotation.read_at, []).append(quotation)
    results: list[Candidate] = []
    claimed: set[str] = set()  # sentences a claim of their own covers
    for sent in doc.sentences:
        view = SentenceView(sent.start, sent.end, tokenize(text, sent.start, sent.end), sent.id)
        tracker.forget_before(sent.index)
        reader.note_subject(view)
        reader.note_media(view)
        quotation_ranges = quoted.overlapping(sent.start, sent.end)
        # 1. candidates per kind
        cues = find_cues(view.tokens, text, lex, masks.overlapping(sent.start, sent.end))
        cut_at = postposed_commas(view, cues, lex)
        cands: list[Candidate] = list(read_at.get(sent.index, ()))
        for cue in cues:
            cand = cue_candidate(text, view, cue, lex, cut_at)
            if cand is not None:
                cand.sentence_ids = [sent.id]
                if cand.refers_back and not _refer_back(cand, sent, doc, text):
                    continue
                _direct_speech_before(cand, sent, doc, text, claimed)
                cands.append(cand)
        for cand in attribution_candidates(text, view, lex, quotation_ranges, cut_at):
            cand.sentence_ids = [sent.id]
            cands.append(cand)
        relays = relay_mentions(text, view, lex)
        mark_cited(cands, relays, text)
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
            reader.resolve(cand, sent)
        if not relay_done:
            register_sources(text, [r[1] for r in relays], lex, tracker, sent.id)
        _share_subjects(cands)
        # 3. one claim per statement
        kept = dedupe([c for c in cands if substantial(c, text)], text)
        for cand in kept:
            claimed.update(cand.sentence_ids)
            if cand.speaker_name is not None and cand.kind is not ClaimKind.FACT:
                reader.last = cand
        # 4. facts: figures outside every attributed claim and quotation
        fact = fact_candidate(
            text, view, lex, [claim_region(c, sent.end) for c in kept], all_quotes.overlapping(sent.start, sent.end)
        )
        if fact is not None:
            kept.append(fact)
        results.extend(kept)
    _name_later(results, doc)
    return _without_covered_facts(results), tracker


def _name_later(cands: list[Candidate], doc: Document) -> None:
    """"Депутат от ... призова ..." then "..., заяви депутатът Петер Люкс": the role named just after.

    An indefinite role introduces someone the next sentences may name; when a
    claim within two sentences has a named speaker with the same role word,
    that is who spoke.
    """
    index = {s.id: s.index for s in doc.sentences}
    for i, cand in enumerate(cands):
        info = cand.info
        if (cand.entity is not None and cand.entity.named) or info is None or info.definite or not info.role_stems:
            continue
        here = index[cand.sentence_ids[-1]]
        for later in cands[i + 1 :]:
            if index[later.sentence_ids[0]] > here + 2:
                break
            ent = later.entity
            if ent is not None and ent.cls == "person" and set(info.role_stems) & ent.role_stems:
                cand.entity, cand.speaker_name, cand.confidence = ent, ent.name, 0.7
                break


def _without_covered_facts(cands: list[Candidate]) -> list[Candidate]:
    """A figure inside someone's claim (one that reached back a sentence) is not a fact of its own."""
    spans = [c.content for c in cands if c.kind is not ClaimKind.FACT]
    return [
        c
        for c in cands
        if c.kind is not ClaimKind.FACT or not any(a <= c.content[0] and c.content[1] <= b for a, b in spans)
    ]
