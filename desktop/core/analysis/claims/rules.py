"""Reported-speech and attribution candidates: claims opened by a cue word or phrase.

* a reporting verb after a comma with the speaker after it ("..., каза днес
  говорителката ... Адриен Уотсън"), before a complement with the subject
  before it ("Кърби припомни ..., че ..."), or in a relative clause
  ("вестник "Ню Йорк таймс", който обяви ..., че ...");
* "според X", "по думите на X", "по думите му", "according to X";
* relays ("цитирана от Франс прес") that name a source, and claim on their
  own only when nothing else in the sentence does.

Each rule returns :class:`~.candidate.Candidate` records with offsets into
one text; where a speaker phrase starts and ends is :mod:`.speakers`' call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.speakers import (
    np_after,
    np_after_attribution,
    role_like,
    sentence_subject,
    subject_before,
)
from desktop.core.analysis.claims.text import QUOTE_CHARS, SentenceView, Token, is_cue_token, trim, word_count


@dataclass(frozen=True)
class Cue:
    first: int  # token index
    last: int  # token index (inclusive)
    kind: ClaimKind


def find_cues(tokens: list[Token], text: str, lex: Lexicon, masked: list[tuple[int, int]]) -> list[Cue]:
    """Reporting verbs and multi-word cues among ``tokens``, outside ``masked`` ranges."""

    def is_masked(t: Token) -> bool:
        return any(a <= t.start < b for a, b in masked)

    cues: list[Cue] = []
    used: set[int] = set()
    if tokens:
        lo, hi = tokens[0].start, tokens[-1].end
        region = text[lo:hi].lower()
        for pattern in lex.multiword_cues:
            for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", region):
                s, e = m.start() + lo, m.end() + lo
                idx = [i for i, t in enumerate(tokens) if t.start >= s and t.end <= e]
                if idx and not is_masked(tokens[idx[0]]) and not used.intersection(idx):
                    cues.append(Cue(idx[0], idx[-1], ClaimKind.REPORTED))
                    used.update(idx)
    for i, t in enumerate(tokens):
        if i in used or is_masked(t):
            continue
        kind = is_cue_token(t, lex)
        if kind is not None:
            cues.append(Cue(i, i, kind))
    return sorted(cues, key=lambda c: c.first)


def _content_end(text: str, start: int, end: int, lex: Lexicon, cut_at: list[int]) -> int:
    stop = end
    m = lex.content_stops.search(text, start, end)
    if m:
        stop = m.start()
    for c in cut_at:
        if start < c < stop:
            stop = c
    return stop


def postposed_commas(view: SentenceView, cues: list[Cue], lex: Lexicon) -> list[int]:
    """Offsets of the commas that open a postposed "..., каза X" in this sentence."""
    out: list[int] = []
    toks = view.tokens
    for c in cues:
        j = c.first - 1
        while j >= 0 and toks[j].low in lex.adverbs and not toks[j].is_cap:
            j -= 1
        if j >= 0 and toks[j].text == "," and not _has_complement(toks, c.last + 1, lex):
            out.append(toks[j].start)
    return out


def _has_complement(toks: list[Token], i: int, lex: Lexicon, *, da: bool = False) -> int | None:
    """Index of the complementiser ("че", "that", ":" or "да" for призова) after a cue, if near."""
    n = len(toks)
    k = i
    while k < n and k < i + 14:
        t = toks[k]
        if t.low in lex.complementisers or t.text == ":":
            return k
        if da and t.low in {"да", "to"}:
            return k - 1 if t.low == "да" else k - 1
        if t.text in {".", "!", "?", ";"}:
            return None
        if t.text == ",":
            if k + 1 < n and toks[k + 1].low in lex.complementisers:
                return k + 1
            return None
        if is_cue_token(t, lex):
            return None
        k += 1
    return None


def cue_candidate(
    text: str, view: SentenceView, cue: Cue, lex: Lexicon, cut_at: list[int]
) -> Candidate | None:
    toks = view.tokens
    ci, ce = cue.first, cue.last + 1
    prev = toks[ci - 1].low if ci > 0 else ""
    if prev in lex.negations or prev in {"да", "се", "to", "be", "is", "was", "were", "been"}:
        return None
    cue_span = (toks[ci].start, toks[cue.last].end)
    sent_end = trim(text, view.start, view.end)[1]

    # Relative clause: "вестник "Ню Йорк таймс", който обяви ..., че ..."
    j = ci - 1
    while j >= 0 and toks[j].low in lex.adverbs and not toks[j].is_cap:
        j -= 1
    if j >= 1 and toks[j].low in lex.relatives and toks[j - 1].text == ",":
        comp = _has_complement(toks, ce, lex)
        if comp is None:
            return None
        k = j - 2
        first = k
        in_quote = False
        while first >= 0:
            t = toks[first]
            if t.text in QUOTE_CHARS:
                in_quote = not in_quote
            elif not in_quote and not (t.is_cap or role_like(t, lex)):
                break
            first -= 1
        first += 1
        if first > k:
            return None
        c_start = toks[comp].end
        c_end = _content_end(text, c_start, sent_end, lex, cut_at)
        return Candidate(
            cue.kind,
            trim(text, c_start, c_end),
            cue_span,
            (toks[first].start, toks[k].end),
            pos=toks[first].start,
        )

    comp = _has_complement(toks, ce, lex, da=any(t.low in lex.da_verbs for t in toks[ci:ce]))
    postposed = j >= 0 and toks[j].text == "," and comp is None
    if postposed:
        np_range = np_after(toks, ce, lex)
        if lex.lang == "en" and np_range is None:
            return None
        if np_range is not None:
            a, b = np_range
            c_start = view.start
            c_end = toks[j].start
            if c_end - c_start < 3:
                return None
            speaker = trim(text, toks[a].start, toks[b - 1].end)
            return Candidate(cue.kind, trim(text, c_start, c_end), cue_span, speaker, pos=speaker[0])
    if lex.lang == "en" and comp is None:
        # "..., Kirby said." / "..., the newspaper reported."
        after = ce
        while after < len(toks) and toks[after].low in lex.adverbs:
            after += 1
        at_end = after >= len(toks) or toks[after].text in {".", "!", "?", ","}
        subj = subject_before(toks, 0, ci, text, lex)
        if at_end and subj is not None and subj[0] > 0 and toks[subj[0] - 1].text == ",":
            a, b = subj
            c_end = toks[a - 1].start
            speaker = trim(text, toks[a].start, toks[b - 1].end)
            return Candidate(cue.kind, trim(text, view.start, c_end), cue_span, speaker, pos=speaker[0])
    # Preposed: "Кърби припомни на брифинг за журналисти, че ..."
    if comp is None:
        if lex.lang != "en":
            return None
        c_first = ce
        if toks[ci].low in {"told", "tells", "tell", "reminded", "assured", "warned", "urged"}:
            while (
                c_first < len(toks)
                and toks[c_first].is_word
                and not toks[c_first].is_cap
                and toks[c_first].low
                in {
                    "reporters",
                    "journalists",
                    "a",
                    "the",
                    "briefing",
                    "media",
                    "him",
                    "her",
                    "them",
                    "us",
                    "parliament",
                    "lawmakers",
                    "press",
                    "on",
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "today",
                }
            ):
                c_first += 1
        if c_first >= len(toks) or toks[c_first].text in {".", "!", "?"}:
            return None
        c_start = toks[c_first].start
    else:
        c_start = toks[comp].end
    subj = subject_before(toks, 0, ci, text, lex)
    c_end = _content_end(text, c_start, sent_end, lex, cut_at)
    content = trim(text, c_start, c_end)
    if content[1] - content[0] < 3:
        return None
    if subj is None and ci > 0 and toks[ci - 1].low in {"но", "и", "а", "but", "and"}:
        # "Кметът ... Петър Николов приветства решението, но настоя ...": the
        # coordinated verb shares the sentence's subject.
        subj = sentence_subject(toks, lex)
    if subj is None:
        # Pro-drop ("Заяви още, че ...") only when the cue opens the clause.
        if ci > 0 and toks[ci - 1].text not in {",", "-", "–", "—"} and ci > 2:
            return None
        return Candidate(cue.kind, content, cue_span, None, pos=cue_span[0], implicit_speaker=True)
    a, b = subj
    speaker = trim(text, toks[a].start, toks[b - 1].end)
    return Candidate(cue.kind, content, cue_span, speaker, pos=speaker[0])


def attribution_candidates(
    text: str, view: SentenceView, lex: Lexicon, masked: list[tuple[int, int]], cut_at: list[int]
) -> list[Candidate]:
    """Claims opened by "според X", "по думите на X", "по думите му", "according to X"."""
    out: list[Candidate] = []
    toks = view.tokens
    low = text[view.start : view.end].lower()
    sent_end = trim(text, view.start, view.end)[1]
    patterns = [(p, False) for p in lex.attribution_phrases] + [(lex.attribution_clitic, True)]
    taken: list[tuple[int, int]] = []
    for pattern, clitic in patterns:
        for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", low):
            s, e = m.start() + view.start, m.end() + view.start
            if any(a <= s < b for a, b in masked) or any(a <= s < b for a, b in taken):
                continue
            if clitic:
                # The speaker is the clitic itself: "по думите му".
                word = re.search(r"\S+$", text[s:e])
                if word is None:
                    continue
                sp = (s + word.start(), e)
                after = e
            else:
                i = next((k for k, t in enumerate(toks) if t.start >= e), None)
                if i is None:
                    continue
                rng = np_after_attribution(toks, i, lex)
                if rng is None:
                    continue
                a, b = rng
                if toks[a].low in lex.first_person:
                    continue
                sp = trim(text, toks[a].start, toks[b - 1].end)
                after = toks[b - 1].end
            taken.append((s, after))
            rest = trim(text, after, sent_end)
            if rest[1] - rest[0] >= 3 and word_count(text[rest[0] : rest[1]]) >= 2:
                c_start = rest[0]
                c_end = _content_end(text, c_start, sent_end, lex, cut_at)
            else:
                # "..., според Вашингтон." — the claim is what came before.
                c_start, c_end = view.start, s
            content = trim(text, c_start, c_end)
            if content[1] - content[0] < 3:
                continue
            # "По думите му": the cue is the phrase without its pronoun.
            cue = trim(text, s, sp[0]) if clitic else (s, e)
            out.append(Candidate(ClaimKind.ATTRIBUTION, content, cue, sp, pos=sp[0]))
    return out


def relay_mentions(
    text: str, view: SentenceView, lex: Lexicon
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """("цитирана от" span, source span) pairs: relays that name where a statement came from."""
    out = []
    toks = view.tokens
    low = text[view.start : view.end].lower()
    for pattern in lex.relay_phrases:
        for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", low):
            s, e = m.start() + view.start, m.end() + view.start
            i = next((k for k, t in enumerate(toks) if t.start >= e), None)
            if i is None:
                continue
            rng = np_after(toks, i, lex, skip_adverbs=False)
            if rng is None:
                continue
            a, b = rng
            out.append(((s, e), trim(text, toks[a].start, toks[b - 1].end)))
    return out


def relay_candidate(
    text: str, view: SentenceView, relay: tuple[tuple[int, int], tuple[int, int]]
) -> Candidate | None:
    """The sentence before a relay ("..., цитирана от БТА") as an attribution to its source.

    Used only when nothing else in the sentence makes a claim.
    """
    phrase, source = relay
    content = trim(text, view.start, phrase[0])
    if content[1] - content[0] < 3:
        return None
    return Candidate(ClaimKind.ATTRIBUTION, content, phrase, source, pos=source[0], sentence_ids=[view.sid])
