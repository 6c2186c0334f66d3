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
    named_subject,
    np_after,
    np_after_attribution,
    role_like,
    sentence_subject,
    subject_before,
)
from desktop.core.analysis.claims.text import (
    INVERTING,
    QUOTE_CHARS,
    STOP_PUNCT,
    SentenceView,
    Token,
    is_cue_token,
    trim,
    word_count,
)


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
    """Index after which the reported clause starts, if a complement follows the cue.

    "че"/"that"/":" open it (the clause starts after them); for a request
    ("призова Русия да спре", "urged Russia to stop") the clause is the
    object and its "да"/"to" clause, so it starts right after the cue.
    """
    n = len(toks)
    k = i
    while k < n and k < i + 14:
        t = toks[k]
        if t.low in lex.complementisers or t.text == ":":
            return k
        if da and t.low in {"да", "to"}:
            return i - 1
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


def _starts_with(word: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(s) for s in stems)


def _object_content(toks: list[Token], ce: int, lex: Lexicon) -> int | None:
    """Index of the first token of a claim made by the cue's object (requests, denials, declarations)."""
    verb = toks[ce - 1].low
    n = len(toks)
    k = ce
    while k < n and toks[k].low in lex.adverbs and not toks[k].is_cap:
        k += 1
    if k >= n or toks[k].text in STOP_PUNCT or toks[k].low in lex.complementisers:
        return None
    if _starts_with(verb, lex.object_cues) or (toks[k].low == "за" and lex.lang == "bg" and k + 1 < n and not toks[k + 1].is_cap):
        return k  # "поиска оставката на ...", "съобщи за внасянето на проектозакон"
    if _starts_with(verb, lex.declare_cues):
        # "обявиха президента ... за врагове на исляма", "считат проекта за политически"
        stop = next((m for m in range(k, min(n, k + 12)) if toks[m].text in STOP_PUNCT), min(n, k + 12))
        if any(toks[m].low == "за" for m in range(k + 1, stop)):
            return k
    return None


def _antecedent(toks: list[Token], k: int, lex: Lexicon) -> int | None:
    """First token of the noun phrase ending at ``k`` that a relative pronoun refers to.

    A name or role ("вестник "Ню Йорк таймс"", "Литва, Латвия и Полша"), else
    the phrase back to the previous cue or clause boundary ("висш представител
    на властта, който отрече ...").
    """
    first = k
    in_quote = False
    while first >= 0:
        t = toks[first]
        if t.text in QUOTE_CHARS:
            in_quote = not in_quote
        elif in_quote or t.is_cap or role_like(t, lex):
            pass
        elif t.text == "," or t.low in {"и", "and"}:
            # "Литва, Латвия и Полша": a list of names
            if not (first > 0 and toks[first - 1].is_cap):
                break
        else:
            break
        first -= 1
    first += 1
    if first <= k and (toks[first].is_cap or role_like(toks[first], lex) or toks[first].text in QUOTE_CHARS):
        return first
    first = k
    while first > 0 and k - first < 8:
        t = toks[first - 1]
        if t.text in STOP_PUNCT or t.text in {"-", "–", "—"} or is_cue_token(t, lex) or t.low in lex.clause_openers:
            break
        first -= 1
    while first <= k and toks[first].low in lex.adverbs and not toks[first].is_cap:
        first += 1
    return first if first <= k else None


def cue_candidate(
    text: str, view: SentenceView, cue: Cue, lex: Lexicon, cut_at: list[int]
) -> Candidate | None:
    """The claim a reporting verb opens in this sentence, with its speaker phrase, if it makes one."""
    toks = view.tokens
    n = len(toks)
    ci, ce = cue.first, cue.last + 1
    prev = toks[ci - 1].low if ci > 0 else ""
    if prev in lex.negations or prev in {"да", "се", "to", "be", "is", "was", "were", "been", "being"}:
        return None
    if lex.lang == "en" and (prev in {"the", "a", "an", "his", "her", "its", "their", "our"} or prev.endswith("'s")):
        return None  # "Mr Houston's reported views": an adjective, not a cue
    if lex.lang == "bg" and ce < n and toks[ce].low == "се" and cue.first == cue.last:
        return None  # "Очаква се ...": impersonal
    cue_span = (toks[ci].start, toks[cue.last].end)
    sent_end = trim(text, view.start, view.end)[1]
    verb = toks[cue.last].low
    da = any(t.low in lex.da_verbs for t in toks[ci:ce])
    comp = _has_complement(toks, ce, lex, da=da)
    if comp is None:
        obj = _object_content(toks, ce, lex)
        if obj is not None:
            comp = obj - 1

    j = ci - 1
    while j >= 0 and ((toks[j].low in lex.adverbs and not toks[j].is_cap) or toks[j].low in lex.auxiliaries):
        j -= 1

    # "Това заявиха двама представители ...": the claim is the sentence before.
    if comp is None and j >= 0 and j <= 2 and toks[0].low in lex.anaphors and (j == 0 or toks[j].low in lex.anaphors):
        np_range = np_after(toks, ce, lex)
        if np_range is None:
            return None
        a, b = np_range
        speaker = trim(text, toks[a].start, toks[b - 1].end)
        return Candidate(cue.kind, (view.start, view.start), cue_span, speaker, pos=speaker[0], refers_back=True)

    # Relative clause: "вестник "Ню Йорк таймс", който обяви ..., че ..."
    if j >= 1 and toks[j].low in lex.relatives and toks[j - 1].text == ",":
        if comp is None:
            return None
        first = _antecedent(toks, j - 2, lex)
        if first is None:
            return None
        c_start = toks[comp].end
        c_end = _content_end(text, c_start, sent_end, lex, cut_at)
        speaker = trim(text, toks[first].start, toks[j - 2].end)
        return Candidate(cue.kind, trim(text, c_start, c_end), cue_span, speaker, pos=speaker[0])

    participle = verb.endswith(("ing", "йки")) and j >= 0 and toks[j].text == ","
    postposed = j >= 0 and toks[j].text == "," and comp is None and not participle
    if postposed and lex.lang == "en" and verb not in INVERTING:
        postposed = False  # "..., told the BBC" has an object after it, not a speaker
    np_range = np_after(toks, ce, lex) if postposed else None
    if postposed and lex.lang == "en":
        if np_range is None:
            return None
        if toks[np_range[0]].low in lex.pronouns or (np_range[1] < n and toks[np_range[1]].is_word):
            np_range = None  # "..., said he had suspended ...": a complement, not an inverted subject
    if np_range is not None:
        a, b = np_range
        if toks[j].start - view.start < 3:
            return None
        speaker = trim(text, toks[a].start, toks[b - 1].end)
        content = _around_parenthetical(text, view, toks[j].start, toks[b - 1].end, lex, cut_at)
        return Candidate(cue.kind, content, cue_span, speaker, pos=speaker[0])
    if lex.lang == "en" and comp is None and not participle:
        # "..., Kirby said." / "..., the newspaper reported." / "By contrast, he said, ..."
        after = ce
        while after < n and toks[after].low in lex.adverbs:
            after += 1
        at_end = after >= n or toks[after].text in {".", "!", "?", ","}
        subj = subject_before(toks, 0, ci, text, lex)
        if at_end and subj is not None and subj[0] > 0 and toks[subj[0] - 1].text == ",":
            a, b = subj
            speaker = trim(text, toks[a].start, toks[b - 1].end)
            content = _around_parenthetical(text, view, toks[a - 1].start, toks[min(after, n) - 1].end, lex, cut_at)
            return Candidate(cue.kind, content, cue_span, speaker, pos=speaker[0])
    # Preposed: "Кърби припомни на брифинг за журналисти, че ..."
    if comp is None:
        if lex.lang != "en":
            return None
        c_first = ce
        if verb in {"told", "tells", "tell", "reminded", "assured", "warned", "urged", "asked"}:
            while c_first < n and toks[c_first].is_word and not toks[c_first].is_cap and toks[c_first].low in _EN_AUDIENCE:
                c_first += 1
        if c_first >= n or toks[c_first].text in {".", "!", "?"}:
            return None
        c_start = toks[c_first].start
    else:
        c_start = toks[comp].end
    c_end = _content_end(text, c_start, sent_end, lex, cut_at)
    content = trim(text, c_start, c_end)
    if content[1] - content[0] < 3:
        return None
    if participle:
        # "Tony Blair has launched an attack ..., saying they are ...": the main clause's subject,
        # that of the verb before it when there is one ("една от жените разказала ..., твърдейки").
        main = next((m for m in range(ci - 1, -1, -1) if is_cue_token(toks[m], lex)), None)
        opening = subject_before(toks, 0, main, text, lex) if main is not None else None
        opening = opening or sentence_subject(toks, lex) or named_subject(toks, text, lex)
        who = trim(text, toks[opening[0]].start, toks[opening[1] - 1].end) if opening else None
        return Candidate(cue.kind, content, cue_span, who, pos=cue_span[0], shares_subject=True)
    if any(t.low in _COORDINATORS for t in toks[max(j, 0) : ci]):
        # "Кметът ... приветства решението, но настоя ...": the coordinated verb
        # shares the subject of the claim before it, else the sentence's.
        opening = sentence_subject(toks, lex) or named_subject(toks, text, lex)
        who = trim(text, toks[opening[0]].start, toks[opening[1] - 1].end) if opening else None
        return Candidate(cue.kind, content, cue_span, who, pos=cue_span[0], shares_subject=True)
    subj = subject_before(toks, 0, ci, text, lex)
    if subj is None:
        # Pro-drop ("Заяви още, че ...") only when the cue opens the clause.
        if ci > 0 and toks[ci - 1].text not in {",", "-", "–", "—"} and ci > 2:
            return None
        return Candidate(cue.kind, content, cue_span, None, pos=cue_span[0], implicit_speaker=True)
    a, b = subj
    speaker = trim(text, toks[a].start, toks[b - 1].end)
    return Candidate(cue.kind, content, cue_span, speaker, pos=speaker[0])


#: Words that join a second verb to the first one's subject.
_COORDINATORS = frozenset({"но", "и", "а", "като", "but", "and"})

#: Words that open an adjunct after a speaker, not the rest of the claim.
_NOT_RESUMING = frozenset({"като", "след", "докато", "according", "quoted", "cited", "as", "in", "on", "at", "who"})

#: Words between "told" and what was told: "told reporters on Monday that".
_EN_AUDIENCE = frozenset(
    {
        "reporters", "journalists", "a", "the", "briefing", "media", "him", "her", "them", "us", "parliament",
        "lawmakers", "press", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "today",
    }
)  # fmt: skip


def _around_parenthetical(
    text: str, view: SentenceView, cut: int, resume: int, lex: Lexicon, cut_at: list[int]
) -> tuple[int, int]:
    """Content around a cue in the middle of a sentence ("By contrast, he said, New Labour had ...").

    ``cut`` is where the cue clause starts (its comma) and ``resume`` where it
    ends. With words on both sides the claim is the whole sentence; with
    almost none before, it is what follows.
    """
    sent_end = trim(text, view.start, view.end)[1]
    before = trim(text, view.start, cut)
    rest = text[resume:sent_end]
    after = trim(text, resume + (len(rest) - len(rest.lstrip(" ,"))), sent_end) if rest.lstrip().startswith(",") else None
    if after is not None:
        first = text[after[0] : after[1]].split(" ", 1)[0].lower()
        if first in _NOT_RESUMING or first in lex.relatives or first.endswith("ing") or first.startswith(("цитиран", "позов")):
            after = None  # "..., каза X, като се позова на ...", "..., said X, who ...": an adjunct
    if after is None or word_count(text[after[0] : after[1]]) < 3:
        return before
    if word_count(text[before[0] : before[1]]) < 3:
        return trim(text, after[0], _content_end(text, after[0], sent_end, lex, [c for c in cut_at if c > after[0]]))
    return trim(text, view.start, sent_end)


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
            before_words = word_count(text[view.start : s])
            after_words = word_count(text[rest[0] : rest[1]]) if rest[1] > rest[0] else 0
            # "Според X ..." claims what follows; "... по данни на X към 28 април" what came before.
            if after_words >= 2 and not (before_words >= 4 and after_words < 4):
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


_CITING = re.compile(r"позова|citing|cited", re.IGNORECASE)


def mark_cited(cands: list[Candidate], relays: list[tuple[tuple[int, int], tuple[int, int]]], text: str) -> None:
    """A relayed statement that cites its source ("..., предаде Ройтерс, като се позова на ...") is an attribution."""
    for cand in cands:
        if cand.kind is not ClaimKind.REPORTED or cand.cue is None or cand.content[1] > cand.cue[0]:
            continue
        if any(p[0] > cand.cue[1] and _CITING.search(text[p[0] : p[1]]) for p, _ in relays):
            cand.kind = ClaimKind.ATTRIBUTION
