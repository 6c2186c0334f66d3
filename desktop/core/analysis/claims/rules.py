"""The rules that find claims in text: quotations, reporting verbs, attributions, figures.

Used by :func:`desktop.core.analysis.claims.finder.find_claims` (and, on one English sentence
at a time, to place a claim in the translation). Everything here works on
character offsets into one text and returns :class:`Candidate` records —
mutable while the article is read, because speakers are resolved in reading
order — which :mod:`desktop.core.analysis.claims.finder` turns into frozen ``Claim`` objects.

Structures recognised, Bulgarian and English alike (the words come from
:mod:`desktop.core.analysis.claims.lexicon`):

* quotation marks („...“, "...", «...», “...”) with a cue after ("...",
  заяви X) or before (X заяви: "..."); a short quoted title with no cue is a
  name, not a quotation;
* a reporting verb after a comma with the speaker after it ("..., каза днес
  говорителката ... Адриен Уотсън"), before a complement with the subject
  before it ("Кърби припомни ..., че ..."), or in a relative clause
  ("вестник "Ню Йорк таймс", който обяви ..., че ...");
* "според X", "по думите на X", "по думите му", "according to X";
* relays ("цитирана от Франс прес") that name a source, and claim on their
  own only when nothing else in the sentence does;
* figures (digits, number words) outside every attributed claim: a fact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.speakers import (
    QUOTE_CHARS,
    Entity,
    SpeakerInfo,
    SpeakerTracker,
    Token,
    is_title,
    read_speaker,
    tokenize,
)
from desktop.core.document import Document, Sentence

# --- candidates (internal, mutable while the article is read) ----------------


@dataclass
class Candidate:
    """A claim being read: offsets into the text, and its speaker once resolved."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    pos: int
    sentence_ids: list[str] = field(default_factory=list)
    implicit_speaker: bool = False  # pro-drop: "Заяви още, че ..."
    info: SpeakerInfo | None = None
    entity: Entity | None = None
    speaker_name: str | None = None
    read_at: int = -1  # index of the sentence where a quotation is read (its last)


@dataclass(frozen=True)
class _Quote:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


_OPENERS = {"„": '“”"', "«": "»", "“": '”"', '"': '"', "‚": "‘’'"}


def _find_quotes(text: str, start: int, end: int) -> list[_Quote]:
    """Pairs of quotation marks in ``text[start:end]``, left to right, not nested."""
    quotes: list[_Quote] = []
    i = start
    while i < end:
        closers = _OPENERS.get(text[i])
        if closers is not None:
            j = i + 1
            while j < end and text[j] not in closers and text[j] != "\n":
                j += 1
            if j < end and text[j] in closers:
                quotes.append(_Quote(i, j))
                i = j + 1
                continue
        i += 1
    return quotes


# --- small token helpers ------------------------------------------------------


def trim(text: str, start: int, end: int, *, strip: str = " \t\n,;:—–-") -> tuple[int, int]:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip + ".":
        end -= 1
    return start, end


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def is_cue_token(tok: Token, lex: Lexicon) -> str | None:
    low = tok.low
    if low in lex.attribution_verbs:
        return "attribution"
    if low in lex.reporting_verbs:
        return "reported"
    return None


@dataclass(frozen=True)
class _Cue:
    first: int  # token index
    last: int  # token index (inclusive)
    kind: str


def _find_cues(tokens: list[Token], text: str, lex: Lexicon, masked: list[tuple[int, int]]) -> list[_Cue]:
    """Reporting verbs and multi-word cues among ``tokens``, outside ``masked`` ranges."""

    def is_masked(t: Token) -> bool:
        return any(a <= t.start < b for a, b in masked)

    cues: list[_Cue] = []
    used: set[int] = set()
    if tokens:
        lo, hi = tokens[0].start, tokens[-1].end
        region = text[lo:hi].lower()
        for pattern in lex.multiword_cues:
            for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", region):
                s, e = m.start() + lo, m.end() + lo
                idx = [i for i, t in enumerate(tokens) if t.start >= s and t.end <= e]
                if idx and not is_masked(tokens[idx[0]]) and not used.intersection(idx):
                    cues.append(_Cue(idx[0], idx[-1], "reported"))
                    used.update(idx)
    for i, t in enumerate(tokens):
        if i in used or is_masked(t):
            continue
        kind = is_cue_token(t, lex)
        if kind is not None:
            cues.append(_Cue(i, i, kind))
    return sorted(cues, key=lambda c: c.first)


_STOP_PUNCT = {",", ".", "!", "?", ";", ":", "(", ")", "…"}


def _np_after(
    tokens: list[Token], i: int, lex: Lexicon, *, skip_adverbs: bool = True
) -> tuple[int, int] | None:
    """Token range [i, j) of the speaker phrase that starts at ``i`` (after a cue)."""
    n = len(tokens)
    if skip_adverbs:
        while i < n and tokens[i].low in lex.adverbs and not tokens[i].is_cap:
            i += 1
        # "коментира пред местни медии проф. Г. Иванов": skip the adjunct to the speaker.
        if i < n and tokens[i].low in lex.adjunct_preps:
            k = i + 1
            while (
                k < n
                and k <= i + 5
                and tokens[k].is_word
                and not (tokens[k].is_cap or is_title(tokens[k]) or _role_like(tokens[k], lex))
            ):
                k += 1
            if (
                k < n
                and k <= i + 5
                and (tokens[k].is_cap or is_title(tokens[k]) or _role_like(tokens[k], lex))
            ):
                i = k
    start = i
    in_quote = False
    while i < n:
        t = tokens[i]
        if t.text in QUOTE_CHARS:
            if not in_quote:
                k = i + 1
                while k < n and tokens[k].text not in QUOTE_CHARS:
                    k += 1
                if sum(1 for x in tokens[i + 1 : k] if x.is_word) > 5:
                    break  # a quotation follows the speaker, not a quoted name
            in_quote = not in_quote
            i += 1
            continue
        if not in_quote:
            if t.text in _STOP_PUNCT:
                break
            if t.low in lex.relatives or t.low in lex.complementisers:
                break
            if t.low in {
                "като",
                "цитиран",
                "цитирана",
                "цитирани",
                "цитирано",
                "позовавайки",
                "quoted",
                "citing",
                "according",
                "adding",
                "who",
                "which",
            }:
                break
            if (
                i > start
                and t.low in lex.adjunct_preps
                and (tokens[i - 1].is_cap or tokens[i - 1].low in lex.pronouns)
            ):
                break  # "Салвини пред радио ...", "Kirby on Wednesday", "той по повод ..."
            if lex.lang == "en" and i > start and (is_cue_token(t, lex) or t.low in lex.not_in_speaker):
                break
        i += 1
        if i - start > 20:
            return None
    if i == start or tokens[start].low in lex.prepositions:
        return None  # "..., настоява за оставка": an object, not a speaker
    return start, i


def _np_after_attribution(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """The source phrase after "според"/"according to": a name, pronoun or short noun phrase.

    Without a parser the end of the phrase is a guess: a capitalised run (with
    "на"/"of" chains), a pronoun, or up to a source noun ("данни", "информация")
    plus its "на ..." complement; never past a comma.
    """
    n = len(tokens)
    if i >= n:
        return None
    t = tokens[i]
    if t.low in lex.pronouns or t.low in lex.first_person:
        return i, i + 1
    j = i
    if t.text in QUOTE_CHARS:
        k = i + 1
        while k < n and tokens[k].text not in QUOTE_CHARS:
            k += 1
        j = min(n, k + 1)
    elif t.is_cap:
        while j < n and (tokens[j].is_cap or tokens[j].text in {"-"}) and tokens[j].text not in _STOP_PUNCT:
            j += 1
    else:
        k = i
        head = None
        while k < n and k < i + 4 and tokens[k].is_word and tokens[k].low not in lex.prepositions:
            if tokens[k].low in lex.source_nouns or _role_like(tokens[k], lex):
                head = k
                break
            k += 1
        if head is None:
            # Fall back to one word, or adjectives and their noun ("според
            # американски официални лица"); "-ите"/"-ата" endings are left alone,
            # nouns have them too ("според критиците строгите закони ...").
            head = i
            while (
                head + 1 < n
                and head < i + 3
                and tokens[head + 1].is_word
                and _CLEAR_ADJ.search(tokens[head].low)
                and tokens[head + 1].low not in lex.prepositions
            ):
                head += 1
        j = head + 1
    # "на САЩ", "of the US", "на Министерството на здравеопазването"
    while j + 1 < n and tokens[j].low in {"на", "от", "към", "of", "at", "from"}:
        k = j + 1
        if k < n and tokens[k].low in {"the", "a", "an"}:
            k += 1
        if k >= n:
            break
        if tokens[k].is_cap or tokens[k].text in QUOTE_CHARS:
            k2 = k
            if tokens[k].text in QUOTE_CHARS:
                k2 = k + 1
                while k2 < n and tokens[k2].text not in QUOTE_CHARS:
                    k2 += 1
                k2 += 1
            else:
                while k2 < n and tokens[k2].is_cap:
                    k2 += 1
            j = k2
        elif tokens[k].is_word and tokens[k].low not in lex.not_in_speaker:
            j = k + 1
            # "на нейни съседки", "на местните власти": a modifier takes its noun along.
            if (
                j < n
                and tokens[j].is_word
                and not tokens[j].is_cap
                and _ADJ_LIKE.search(tokens[k].low)
                and tokens[j].low not in lex.not_in_speaker
                and tokens[j].low not in lex.prepositions
            ):
                j += 1
        else:
            break
    # "Според изпълнителния директор на пристанището д-р Елена Димитрова ...":
    # a titled or two-word name right after the role is the person.
    if not tokens[i].is_cap and j < n and (is_title(tokens[j]) or _two_word_name(tokens, j, lex)):
        k = j + 1 if is_title(tokens[j]) else j
        while k < n and tokens[k].is_cap:
            k += 1
        j = k
    return i, min(j, n)


def _two_word_name(tokens: list[Token], j: int, lex: Lexicon) -> bool:
    if j + 1 >= len(tokens) or not (tokens[j].is_cap and tokens[j + 1].is_cap):
        return False
    pair = f"{tokens[j].low} {tokens[j + 1].low}"
    return pair not in lex.places and tokens[j].low not in lex.places


_ADJ_LIKE = re.compile(
    r"(?:ски|ска|ско|ските|ския|ският|ската|ското|ната|ното|ните|ния|ният|ни|на|но|ова|ово|ови|ева|еви|"
    r"ата|ото|ите|ия|ият)$|^(?:нейн|негов|техн|наш|ваш|свои|свой|своя)"
)


_CLEAR_ADJ = re.compile(r"(?:ски|ска|ско|ския|ският|ската|ското|ските|ния|ният|ната|ното|ните|ен|на|но)$")


def _role_like(tok: Token, lex: Lexicon) -> bool:
    low = tok.low
    return any(
        low.startswith(stem) and len(low) <= len(stem) + 6
        for stems in lex.role_classes.values()
        for stem in stems
        if " " not in stem
    )


def _subject_before(
    tokens: list[Token], first: int, cue: int, text: str, lex: Lexicon
) -> tuple[int, int] | None:
    """Token range of the subject of a preposed cue ("Кърби припомни", "Ден по-късно говорителя ... заяви")."""
    j = cue - 1
    while j >= first and tokens[j].low in lex.adverbs and not tokens[j].is_cap:
        j -= 1
    if j >= first and tokens[j].text == ",":
        j -= 1
    end = j
    start = j + 1
    crossed: int | None = None
    while start > first:
        t = tokens[start - 1]
        if (
            t.text == ","
            and crossed is None
            and start <= end
            and start - 2 >= first
            and tokens[start - 2].is_word
            and all(x.is_cap for x in tokens[start : end + 1])
        ):
            # Perhaps an apposition: "another spokesman for the Council, John Kirby, said".
            crossed = start
            start -= 1
            continue
        if t.text in QUOTE_CHARS:
            # A quoted name (вестник "Файненшъл таймс") belongs to the subject; a
            # quotation ('..., " Kirby said') ends it.
            k = start - 2
            while k >= first and tokens[k].text not in QUOTE_CHARS:
                k -= 1
            inside = tokens[k + 1 : start - 1]
            if k < first or not inside or len(inside) > 5 or any(x.text in _STOP_PUNCT for x in inside):
                break
            start = k
            continue
        if t.text in {".", "!", "?", ";", ":", ",", "(", ")"}:
            break
        if t.low in lex.clause_openers and t.low not in {"и", "and"}:
            break
        start -= 1
    if crossed is not None:
        head = tokens[start : crossed - 1]
        if not any(_role_like(x, lex) for x in head) or any(x.low in lex.not_in_speaker for x in head):
            start = crossed
    if start > end:
        return None
    # Cut after the last word that cannot belong to a speaker phrase.
    for k in range(end, start - 1, -1):
        if tokens[k].low in lex.not_in_speaker or tokens[k].low in lex.complementisers:
            start = k + 1
            break
    if start > end:
        return None
    # Drop leading time and discourse words ("В сряда", "Ден по-късно", "Така").
    while start <= end:
        rest = text[tokens[start].start : tokens[end].end]
        m = lex.leading_adverbial.match(rest + " ")
        if not m or m.end() == 0:
            break
        cut = tokens[start].start + m.end()
        k = start
        while k <= end and tokens[k].start < cut:
            k += 1
        if k == start:
            break
        start = k
    if start > end:
        return None
    # "Ашик Масих във видеопослание до АФП казва": the adjunct is not the speaker.
    for k in range(start + 1, end + 1):
        if tokens[k].low in lex.adjunct_preps and tokens[k - 1].is_cap:
            end = k - 1
            break
    # "... е много чувствително и министърът ... заяви": the subject starts after "и".
    for k in range(end - 1, start, -1):
        if (
            tokens[k].low in {"и", "and"}
            and not tokens[k - 1].is_cap
            and (tokens[k + 1].is_cap or _role_like(tokens[k + 1], lex))
            and not _role_like(tokens[k - 1], lex)
        ):
            start = k + 1
            break
    # "и"/"а" open the clause; "От БСП заявиха" names БСП.
    if tokens[start].low in {"и", "а", "но", "and", "but", "от", "from"} and start < end:
        start += 1
    if start > end or end - start > 16:
        return None
    return start, end + 1


def _sentence_subject(tokens: list[Token], lex: Lexicon) -> tuple[int, int] | None:
    """The noun phrase opening a sentence, when it names someone ("Кметът на Варна Петър Николов")."""
    k = 0
    named = False
    while k < len(tokens):
        t = tokens[k]
        if t.is_cap or is_title(t):
            named = named or (t.is_cap and k > 0) or _role_like(t, lex)
        elif not (
            t.low in lex.prepositions or _role_like(t, lex) or _ADJ_LIKE.search(t.low) or t.text in "-–"
        ):
            break
        k += 1
    if k == 0 or not named or k > 12:
        return None
    return 0, k


def _content_end(text: str, start: int, end: int, lex: Lexicon, cut_at: list[int]) -> int:
    stop = end
    m = lex.content_stops.search(text, start, end)
    if m:
        stop = m.start()
    for c in cut_at:
        if start < c < stop:
            stop = c
    return stop


# --- one sentence ------------------------------------------------------------


@dataclass
class SentenceView:
    start: int
    end: int
    tokens: list[Token]
    sid: str


def _postposed_commas(view: SentenceView, cues: list[_Cue], lex: Lexicon) -> list[int]:
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


def _cue_candidate(
    text: str, view: SentenceView, cue: _Cue, lex: Lexicon, cut_at: list[int]
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
            elif not in_quote and not (t.is_cap or _role_like(t, lex)):
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
        np_range = _np_after(toks, ce, lex)
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
        subj = _subject_before(toks, 0, ci, text, lex)
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
    subj = _subject_before(toks, 0, ci, text, lex)
    c_end = _content_end(text, c_start, sent_end, lex, cut_at)
    content = trim(text, c_start, c_end)
    if content[1] - content[0] < 3:
        return None
    if subj is None and ci > 0 and toks[ci - 1].low in {"но", "и", "а", "but", "and"}:
        # "Кметът ... Петър Николов приветства решението, но настоя ...": the
        # coordinated verb shares the sentence's subject.
        subj = _sentence_subject(toks, lex)
    if subj is None:
        # Pro-drop ("Заяви още, че ...") only when the cue opens the clause.
        if ci > 0 and toks[ci - 1].text not in {",", "-", "–", "—"} and ci > 2:
            return None
        return Candidate(cue.kind, content, cue_span, None, pos=cue_span[0], implicit_speaker=True)
    a, b = subj
    speaker = trim(text, toks[a].start, toks[b - 1].end)
    return Candidate(cue.kind, content, cue_span, speaker, pos=speaker[0])


def _attribution_candidates(
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
                rng = _np_after_attribution(toks, i, lex)
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
            out.append(Candidate("attribution", content, cue, sp, pos=sp[0]))
    return out


def _relay_mentions(
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
            rng = _np_after(toks, i, lex, skip_adverbs=False)
            if rng is None:
                continue
            a, b = rng
            out.append(((s, e), trim(text, toks[a].start, toks[b - 1].end)))
    return out


def _quote_candidate(text: str, q: _Quote, para_start: int, para_end: int, lex: Lexicon) -> Candidate | None:
    """A quotation and, when the text gives them, its cue and speaker on either side."""
    inner = trim(text, q.open + 1, q.close, strip=" \t\n,")
    words = word_count(text[inner[0] : inner[1]])
    if words == 0:
        return None
    cue_span: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    # After: "...", заяви X.  /  "...," said X.  /  "...," X said.
    after_toks = tokenize(text, q.close + 1, para_end)
    i = 0
    while i < len(after_toks) and after_toks[i].text in {",", ".", "-", "–", "—", "!", "?"} and i < 3:
        i += 1
    inner_punct = text[q.open + 1 : q.close].rstrip()[-1:] in {",", ".", "!", "?", "…"}
    if i > 0 or inner_punct:
        k = i
        while (
            k < len(after_toks)
            and after_toks[k].low in lex.adverbs
            and not after_toks[k].is_cap
            and k < i + 3
        ):
            k += 1
        if k < len(after_toks) and is_cue_token(after_toks[k], lex):
            cue_span = (after_toks[k].start, after_toks[k].end)
            rng = _np_after(after_toks, k + 1, lex)
            if rng is not None:
                speaker = trim(text, after_toks[rng[0]].start, after_toks[rng[1] - 1].end)
        elif lex.lang == "en":
            # '"...," Kirby said.' / '"...," the spokeswoman said.'
            for k2 in range(k, min(k + 8, len(after_toks))):
                if after_toks[k2].text in _STOP_PUNCT:
                    break
                if is_cue_token(after_toks[k2], lex):
                    if k2 > k:
                        cue_span = (after_toks[k2].start, after_toks[k2].end)
                        speaker = trim(text, after_toks[k].start, after_toks[k2 - 1].end)
                    break
        else:
            # Multi-word cue right after the quote ("..." изрази надежда X).
            region = text[after_toks[k].start : para_end].lower() if k < len(after_toks) else ""
            for pattern in lex.multiword_cues:
                m = re.match(pattern, region)
                if m:
                    s = after_toks[k].start
                    cue_span = (s, s + m.end())
                    rest = [t for t in after_toks if t.start >= cue_span[1]]
                    rng = _np_after(rest, 0, lex)
                    if rng is not None:
                        speaker = trim(text, rest[rng[0]].start, rest[rng[1] - 1].end)
                    break
    if cue_span is None:
        # Before: X заяви: "..."  /  заяви X: "..."  /  Проф. Плочев: "..."
        before = text[para_start : q.open]
        if re.search(r"[:,]\s*$", before):
            clause_start = max(before.rfind(". "), before.rfind("! "), before.rfind("? "))
            c0 = para_start + (clause_start + 2 if clause_start >= 0 else 0)
            toks = tokenize(text, c0, q.open)
            while toks and toks[-1].text in {":", ","}:
                toks.pop()
            for k in range(len(toks) - 1, -1, -1):
                if is_cue_token(toks[k], lex):
                    cue_span = (toks[k].start, toks[k].end)
                    if k + 1 < len(toks):
                        rng = _np_after(toks, k + 1, lex)
                        if rng is not None:
                            speaker = trim(text, toks[rng[0]].start, toks[rng[1] - 1].end)
                    if speaker is None:
                        subj = _subject_before(toks, 0, k, text, lex)
                        if subj is not None:
                            speaker = trim(text, toks[subj[0]].start, toks[subj[1] - 1].end)
                    break
            if (
                cue_span is None
                and before.rstrip().endswith(":")
                and 0 < len(toks) <= 6
                and any(t.is_cap for t in toks)
            ):
                speaker = trim(text, toks[0].start, toks[-1].end)
    inner_text = text[inner[0] : inner[1]]
    if (
        cue_span is None
        and speaker is None
        and not (words >= 8 or (words >= 4 and re.search(r"[,.!?;:…]", inner_text)))
    ):
        return None  # a title or a name in quotes, not a quotation
    pos = speaker[0] if speaker else (cue_span[0] if cue_span else q.open)
    return Candidate("quote", inner, cue_span, speaker, pos=pos, implicit_speaker=speaker is None)


# --- figures (facts) -----------------------------------------------------------

_FIGURE = re.compile(r"(?<![\w-])\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?(?:\s*%)?(?![\w-]*[^\W\d_])")


def _figures(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    out = [(m.start() + start, m.end() + start) for m in _FIGURE.finditer(text[start:end])]
    for t in tokenize(text, start, end):
        if t.low in lex.number_words:
            out.append((t.start, t.end))
    return sorted(out)


_FACT_CLAUSE_BREAK = re.compile(r",\s+(?:но|а|като|където|докато|but|while|whereas|where)\s|;\s")


def fact_clause(text: str, view: SentenceView, at: int) -> tuple[int, int]:
    start, end = view.start, view.end
    for m in _FACT_CLAUSE_BREAK.finditer(text, view.start, view.end):
        if m.start() < at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return trim(text, start, end)


# --- the article ---------------------------------------------------------------


def sentence_ids_between(doc_sentences: tuple[Sentence, ...], start: int, end: int) -> list[str]:
    """Ids of the sentences that overlap ``[start, end)``, in order (sentences are sorted by offset)."""
    ids: list[str] = []
    for i in range(bisect_right(doc_sentences, start, key=lambda s: s.end), len(doc_sentences)):
        s = doc_sentences[i]
        if s.start >= end:
            break
        ids.append(s.id)
    return ids


def _covers(outer: tuple[int, int], inner: tuple[int, int], slack: int = 2) -> bool:
    return outer[0] - slack <= inner[0] and inner[1] <= outer[1] + slack


def _length(span: tuple[int, int]) -> int:
    return max(1, span[1] - span[0])


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One claim per statement.

    Nested claims keep the outer one when the speaker is the same ("Кърби
    припомни, че ..., според него ..."); the inner one when the outer only
    relays it — its content holds the inner claim's cue ("„...“, каза
    Малук, предаде БТА"; "Според Вашингтон ..., отбелязва АФП") — or when the
    inner carries most of the outer content under another speaker.
    """
    drop: set[int] = set()
    for a_i, a in enumerate(cands):
        for b_i, b in enumerate(cands):
            if a_i == b_i or a_i in drop or b_i in drop:
                continue
            if not _covers(a.content, b.content):
                continue
            if a.content == b.content and a_i > b_i:
                continue  # handled from the other side
            same = (a.entity is not None and a.entity is b.entity) or (
                a.speaker_name is not None and a.speaker_name == b.speaker_name
            )
            relays = b.cue is not None and a.content[0] <= b.cue[0] and b.cue[1] <= a.content[1]
            if same or a.content == b.content:
                drop.add(b_i)
            elif relays or _length(b.content) >= 0.6 * _length(a.content):
                drop.add(a_i)
    return [c for i, c in enumerate(cands) if i not in drop]


def _claim_region(cand: Candidate, sentence_end: int) -> tuple[int, int]:
    """Characters a claim occupies: content, cue and speaker, and after a postposed cue the sentence's rest."""
    spans = [cand.content] + [s for s in (cand.cue, cand.speaker) if s is not None]
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    if cand.cue is not None and cand.content[1] <= cand.cue[0]:
        end = max(end, sentence_end)
    return start, end


def _substantial(cand: Candidate, text: str) -> bool:
    """Enough words to be a statement: "според нея решение" is not a claim."""
    words = word_count(text[cand.content[0] : cand.content[1]])
    return words >= (1 if cand.kind == "quote" else 3 if cand.kind == "attribution" else 2)


def _resolve(
    cand: Candidate, text: str, lex: Lexicon, tracker: SpeakerTracker, sid: str, sentence_start: int
) -> None:
    """Name the speaker of ``cand``: the phrase's own name, or the earlier speaker it refers to."""
    if cand.speaker is None:
        if cand.implicit_speaker:
            ent = tracker.latest_person(pos=cand.pos)
            if ent is not None:
                cand.entity, cand.speaker_name = ent, ent.name
        return
    surface = text[cand.speaker[0] : cand.speaker[1]]
    info = read_speaker(surface, lex, sentence_initial=cand.speaker[0] == sentence_start)
    cand.info = info
    if info.name is not None:
        if info.cls == "person" and info.gender is None and cand.cue is not None and lex.lang == "bg":
            # A Bulgarian participle shows the speaker's gender: "казала" / "казал".
            cue_word = text[cand.cue[0] : cand.cue[1]].split()[0].lower()
            if cue_word in lex.reporting_verbs and cue_word.endswith(("ла", "л")):
                info = replace(info, gender="f" if cue_word.endswith("ла") else "m")
        ent = tracker.add(info, pos=cand.pos, sentence_id=sid)
        cand.entity = ent
        cand.speaker_name = ent.name if ent is not None else info.name
        return
    ent = tracker.resolve(info, pos=cand.pos)
    if ent is not None:
        cand.entity = ent
        cand.speaker_name = ent.name
        ent.last_pos = max(ent.last_pos, cand.pos)
        if info.role_class:
            ent.role_classes.add(info.role_class)
    elif not info.pronoun:
        cand.speaker_name = info.surface


def _register_sources(
    text: str, spans: list[tuple[int, int]], lex: Lexicon, tracker: SpeakerTracker, sid: str
) -> None:
    """Relay sources ("цитирана от Франс прес и БТА") become known agencies for later roles."""
    for s, e in spans:
        for part in re.split(r"\s+(?:и|and)\s+|,\s*", text[s:e]):
            info = read_speaker(part, lex)
            if info.name is not None:
                tracker.add(info, pos=s, sentence_id=sid)


class _Ranges:
    """Character ranges, looked up by the span they reach into (bisect on starts)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [a for a, _ in self._ranges]
        self._longest = max((b - a for a, b in self._ranges), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges ``(a, b)`` with ``a < end`` and ``b > start``, in order."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [(a, b) for a, b in self._ranges[lo:hi] if b > start]


def analyse(doc: Document, lex: Lexicon) -> tuple[list[Candidate], SpeakerTracker]:
    text = doc.text
    sentences = doc.sentences
    tracker = SpeakerTracker()
    quotes_all: list[_Quote] = []
    for p in doc.paragraphs:
        quotes_all.extend(_find_quotes(text, p.start, p.end))
    para_of = {s.id: p for p in doc.paragraphs for s in p.sentences}
    quote_cands: dict[int, Candidate] = {}
    quotation_ranges: list[tuple[int, int]] = []
    consumed: list[tuple[int, int]] = []
    for q in quotes_all:
        s = doc.sentence_at(q.open) or doc.sentence_at(q.close)
        if s is None:
            continue
        p = para_of[s.id]
        cand = _quote_candidate(text, q, p.start, p.end, lex)
        if cand is None:
            continue
        cand.sentence_ids = sentence_ids_between(sentences, q.open, q.close + 1)
        if cand.cue is not None:
            consumed.append(cand.cue)
            cue_sid = sentence_ids_between(sentences, *cand.cue)
            for sid in cue_sid:
                if sid not in cand.sentence_ids:
                    cand.sentence_ids.append(sid)
        quotation_ranges.append(q.inner)
        # A quote is read at its last sentence (where its cue usually is).
        last = max((doc.sentence(sid) for sid in cand.sentence_ids), key=lambda x: x.index)
        cand.read_at = last.index
        quote_cands[id(cand)] = cand

    quotes_read_at: dict[int, list[Candidate]] = {}
    for cand in quote_cands.values():
        quotes_read_at.setdefault(cand.read_at, []).append(cand)
    all_quotes = _Ranges([q.inner for q in quotes_all])
    quoted = _Ranges(quotation_ranges)
    masks = _Ranges(quotation_ranges + consumed)
    results: list[Candidate] = []
    for sent in sentences:
        view = SentenceView(sent.start, sent.end, tokenize(text, sent.start, sent.end), sent.id)
        # Only the ranges that reach into this sentence can mask its words:
        # looking them up keeps a long text linear.
        masked = masks.overlapping(sent.start, sent.end)
        quotation_here = quoted.overlapping(sent.start, sent.end)
        quotes_here = all_quotes.overlapping(sent.start, sent.end)
        cues = _find_cues(view.tokens, text, lex, masked)
        cut_at = _postposed_commas(view, cues, lex)
        cands: list[Candidate] = list(quotes_read_at.get(sent.index, ()))
        for cue in cues:
            cand = _cue_candidate(text, view, cue, lex, cut_at)
            if cand is not None:
                cand.sentence_ids = [sent.id]
                cands.append(cand)
        for cand in _attribution_candidates(text, view, lex, quotation_here, cut_at):
            cand.sentence_ids = [sent.id]
            cands.append(cand)
        relays = _relay_mentions(text, view, lex)
        if not cands:
            for phrase, source in relays[:1]:
                c_end = phrase[0]
                content = trim(text, sent.start, c_end)
                if content[1] - content[0] >= 3:
                    cands.append(
                        Candidate(
                            "attribution", content, phrase, source, pos=source[0], sentence_ids=[sent.id]
                        )
                    )
            relays = relays[1:]
        cands.sort(key=lambda c: c.pos)
        relay_done = False
        for cand in cands:
            if not relay_done and relays and cand.pos > relays[0][1][0]:
                _register_sources(text, [r[1] for r in relays], lex, tracker, sent.id)
                relay_done = True
            _resolve(cand, text, lex, tracker, sent.id, sent.start)
        if not relay_done:
            _register_sources(text, [r[1] for r in relays], lex, tracker, sent.id)
        kept = _dedupe([c for c in cands if _substantial(c, text)])
        # Figures outside every attributed claim (its content, cue, speaker and,
        # for "..., каза X пред радио Y 102,3", the rest of the sentence) make a
        # fact of their own, in the clause around the figure.
        regions = [_claim_region(c, sent.end) for c in kept]
        free = [
            f
            for f in _figures(text, sent.start, sent.end, lex)
            if not any(a <= f[0] < b for a, b in regions + quotes_here)
        ]
        if free:
            at = free[0][0]
            c_start, c_end = fact_clause(text, view, at)
            for a, b in regions:
                if b <= at:
                    c_start = max(c_start, b)
                elif a > at:
                    c_end = min(c_end, a)
            clause = trim(text, c_start, c_end)
            if word_count(text[clause[0] : clause[1]]) >= 3:
                kept.append(Candidate("fact", clause, None, None, pos=clause[0], sentence_ids=[sent.id]))
        results.extend(kept)
    return results, tracker
