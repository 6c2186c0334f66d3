"""Split a document's text into paragraphs and sentences, with exact offsets.

Every later stage points into ``Document.text`` by sentence, so the splitter
must (a) never lose or move a character — each span slices back to its text —
and (b) cut where a desk journalist would: a translator fed half a sentence,
or two glued together, produces worse English and worse claims.

Structure comes first, from the layout:

* a blank line (one or more empty or whitespace-only lines) always ends a
  paragraph, and so a sentence;
* a single line break ends a sentence when the line before it does not end in
  sentence-final punctuation: headlines, datelines, bylines, photo credits and
  list items carry no full stop, but they are not part of the next line.

Inside each run of lines, Bulgarian is split by rules written for news prose
(pysbd's Bulgarian rules miss too much of it: "2006 г. Новото ...", "ясно!...",
consecutive quotes, "о. Родос", "гл.серж. Иванов"); the measured difference on
UD Bulgarian BTB is in ``bench/segment_eval.py``. A period ends a sentence
when the next word starts with a capital or a digit, unless the word before
it is an abbreviation that leads into what follows ("проф.", "ул.", "т.нар."),
an initial ("В. Путин", "Дж. Байдън"), or a list number opening the line; a
unit after a number ("2006 г.", "3,5 млн.", "16 ч.") may end a sentence. A
lower-case word never starts a sentence, so a quotation's attribution stays
with it ("„А. Б.“ – каза той", '"А. Б.", каза той'); the sentences inside a
quotation are still separate sentences, because the translation model works
best one sentence at a time. English uses pysbd's English rules inside the
same layout.

The Bulgarian path is pure Python with a few compiled regexes (a 5,000-word
article takes a few milliseconds); pysbd is imported only for English.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from desktop.core.document import Document, build_paragraphs
from desktop.core.ingest.abbreviations import (
    BG_CLAUSE_WORDS,
    BG_FRONTING_PREPOSITIONS,
    BG_NUMBER_WORDS,
    AbbreviationTable,
    table_for,
)

Span = tuple[int, int]

# The line terminators str.splitlines() knows; "\r\n" is one break.
_LB_CLASS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LB = rf"(?>\r\n|[{_LB_CLASS}])"
_HSPACE = rf"[^\S{_LB_CLASS}]"
_BLANK_LINES = re.compile(rf"{_LB}(?:{_HSPACE}*{_LB})+")
_LINE_BREAK = re.compile(_LB)

_TERMINALS = ".!?…"
_CLOSERS = "\"'“”»’)]}›"
_OPENERS = "\"'„“”«»‘’‚([{‹"
_DASHES = "-‐‑‒–—―"
_LEADERS = _OPENERS + _DASHES + "•·*"
# A run of sentence-final punctuation and any closing quotes or brackets, then
# space -- or, glued, a capitalised word: "предаде БТА.Франция вече ..." is
# common in text pulled out of web pages.
_UPPER = "A-Z\u0400-\u042f"  # Latin and Cyrillic capitals
_LOWER = "a-z\u0430-\u045f"
_CANDIDATE = re.compile(
    rf"(?<![.!?…])[.!?…]++[\"'“”»’)\]}}›]*+(?:(?=\s)"
    rf"|(?<=[\w)][.!?…])(?=[\"„«“]?[{_UPPER}](?:[{_LOWER}]|\s))"
    rf"|(?<=[\w)][.!?…][\"“”»])(?=[{_UPPER}](?:[{_LOWER}]|\s)))"
)
#: Longer "words" are URLs or run-together text, never abbreviations; looking no
#: further back keeps pathological input (no spaces for pages) linear.
_MAX_WORD = 40
_ALNUM = re.compile(r"[^\W_]")
_ROMAN = re.compile(r"[IVXLCDMХІ]+")  # Cyrillic Х and І stand in for Roman numerals in typed text


# --- public API -----------------------------------------------------------------------


def segment_text(text: str, lang: str) -> list[list[Span]]:
    """Paragraphs of sentence spans ``(start, end)`` into ``text``.

    Spans are stripped of surrounding whitespace and never empty;
    ``text[start:end]`` is the sentence. Paragraphs with no text are left out.
    """
    splitter = _splitter_for(lang)
    paragraphs: list[list[Span]] = []
    for p_start, p_end in _paragraph_ranges(text):
        spans: list[Span] = []
        for b_start, b_end in _line_blocks(text, p_start, p_end):
            cuts = splitter(text, b_start, b_end)
            items = _list_items(text, b_start, b_end)
            if items:
                inside = [c for c in cuts if not any(s < c <= e for s, e in items)]
                cuts = sorted({*inside, *(s for s, _ in items[1:])})
            spans.extend(_pieces(text, b_start, b_end, cuts))
        if spans:
            paragraphs.append(spans)
    return paragraphs


def split_sentences(text: str, lang: str) -> list[Span]:
    """All sentence spans of ``text`` in order, paragraphs flattened."""
    return [span for paragraph in segment_text(text, lang) for span in paragraph]


def segment_document(doc: Document) -> Document:
    """The document with paragraphs and sentences (ids "p1s1" ...) filled in."""
    spans = segment_text(doc.text, doc.language)
    return doc.with_paragraphs(build_paragraphs(doc.text, spans))


# --- layout: paragraphs and lines ---------------------------------------------------------


def _paragraph_ranges(text: str) -> list[Span]:
    """Regions between blank lines (they may still hold surrounding whitespace)."""
    ranges: list[Span] = []
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        ranges.append((pos, m.start()))
        pos = m.end()
    ranges.append((pos, len(text)))
    return ranges


def _ends_sentence(line: str) -> bool:
    """Whether a line ends in sentence-final punctuation (closing quotes allowed after it)."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINALS


def _line_blocks(text: str, start: int, end: int) -> list[Span]:
    """Split a paragraph after every line that does not end a sentence by punctuation."""
    blocks: list[Span] = []
    block_start = start
    line_start = start
    for m in _LINE_BREAK.finditer(text, start, end):
        if not _ends_sentence(text[line_start : m.start()]):
            blocks.append((block_start, m.start()))
            block_start = m.end()
        line_start = m.end()
    blocks.append((block_start, end))
    return blocks


def _pieces(text: str, start: int, end: int, cuts: list[int]) -> list[Span]:
    """Cut ``text[start:end]`` at ``cuts``; strip each piece; drop empty ones."""
    spans: list[Span] = []
    prev = start
    for cut in [*cuts, end]:
        if cut <= prev or cut > end:
            continue
        s, e = prev, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
        prev = cut
    return spans


# --- what is never cut: addresses and file names; where lists cut ---------------------------

#: E-mail addresses, URLs and file or domain names hold periods that end no
#: sentence ("Jane.Doe@example.com", "www.Example.com/News.Today",
#: "Report.Final.docx"). Only Latin-script tokens: a glued Cyrillic capital
#: ("предаде БТА.Франция") is still a boundary.
_SHIELD = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|ftp://|www\.)\S+"  # URL
    r"|\b[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:docx?|pdf|txt|rtf|odt|xlsx?|csv|pptx?|html?|xml|json"
    r"|jpe?g|png|gif|zip|rar|7z|mp[34]|com|org|net|edu|gov|info|io|eu|bg|uk|de|fr|ru|us)\b",
    re.IGNORECASE,
)
_SHIELD_TRAIL = ".,;:!?…" + _CLOSERS


def _shielded(text: str, start: int, end: int) -> list[Span]:
    """Spans of ``text[start:end]`` no sentence boundary may fall inside (trailing punctuation excluded)."""
    if "." not in text[start:end]:
        return []
    spans: list[Span] = []
    for m in _SHIELD.finditer(text, start, end):
        e = m.end()
        while e > m.start() and text[e - 1] in _SHIELD_TRAIL:
            e -= 1
        if e > m.start():
            spans.append((m.start(), e))
    return spans


def _inside(spans: list[Span], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


#: A list marker standing alone between spaces: "1)", "2.)", "a)".
_LIST_MARKER = re.compile(r"(?<!\S)(\d{1,2}|[a-zа-я])\.?\)(?=\s)")


def _list_items(text: str, start: int, end: int) -> list[Span]:
    """The markers of an inline list that opens the line: "1) The first 2) The second".

    Items carry no punctuation, so the sentence rules see one sentence; the
    caller cuts before every marker but the first, and never inside one
    ("2.)"). Only a run that starts at the head of the line with 1 (or a) and
    counts up one by one is a list; a stray "3)" inside a sentence is not.
    """
    head = start
    while head < end and text[head].isspace():
        head += 1
    first = _LIST_MARKER.match(text, head, end)
    if first is None or first.group(1) not in ("1", "a", "а"):
        return []
    markers: list[Span] = [first.span()]
    expected = _next_marker(first.group(1))
    for m in _LIST_MARKER.finditer(text, first.end(), end):
        if m.group(1) == expected:
            markers.append(m.span())
            expected = _next_marker(expected)
    return markers if len(markers) > 1 else []


def _next_marker(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


# --- splitters -------------------------------------------------------------------------------

Splitter = Callable[[str, int, int], list[int]]


def _splitter_for(lang: str) -> Splitter:
    code = (lang or "bg").lower().replace("_", "-").split("-")[0]
    if code == "en":
        return _english_cuts
    table = table_for(code)

    def rule_cuts(text: str, start: int, end: int) -> list[int]:
        return _rule_cuts(text, start, end, table)

    return rule_cuts


def _rule_cuts(text: str, start: int, end: int, table: AbbreviationTable) -> list[int]:
    """Sentence boundaries inside one run of lines, by the rules in the module docstring."""
    cuts: list[int] = []
    sentence_start = start
    shielded = _shielded(text, start, end)
    for m in _CANDIDATE.finditer(text, start, end):
        if shielded and _inside(shielded, m.start()):
            continue
        if _is_boundary(text, start, end, m, sentence_start, table):
            cut = m.end()
            if text[cut - 1] == '"' and not text[cut].isspace() and text.count('"', sentence_start, m.start()) % 2 == 0:
                cut -= 1  # 'САЩ."Водим': an even count before it, so this straight quote opens the next sentence
            cuts.append(cut)
            sentence_start = cut
    return cuts


def _is_boundary(
    text: str, start: int, end: int, m: re.Match[str], sentence_start: int, table: AbbreviationTable
) -> bool:
    """Decide one candidate: sentence-final punctuation before whitespace or a glued capital."""
    # The first letter or digit after the candidate, past opening quotes and dashes.
    k = m.end()
    while k < end and (text[k].isspace() or text[k] in _LEADERS):
        k += 1
    if k >= end:
        return False  # only a trailing dash or quote is left: it belongs to this sentence
    first = text[k]
    nxt = m.end()
    while text[nxt].isspace():
        nxt += 1
    if text[nxt] in ",;:":
        # "„Край.“ , каза той" is one sentence; a bare "край. , каза" is what is left
        # of a quote cut out of a treebank, and there the attribution stands alone.
        return m.group()[-1] not in _CLOSERS
    if first.islower():
        return False  # an abbreviation, or a quote's attribution ("Стига!" извика той)
    terminal = m.group().rstrip(_CLOSERS)
    if terminal != ".":
        return True  # ! ? … and multi-dot ellipses before a capital or digit
    return not _period_continues(text, start, m.start(), sentence_start, table)


def _period_continues(
    text: str, start: int, period: int, sentence_start: int, table: AbbreviationTable
) -> bool:
    """Whether the word before a single period makes it an abbreviation that leads on."""
    word_start = period
    floor = max(start, period - _MAX_WORD)
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:period].lstrip(_LEADERS)
    if not word:
        return False
    low = word.lower()
    if _is_list_marker(word) and not _ALNUM.search(text, sentence_start, word_start):
        return True  # "1. Първо ..." / "II. Въведение" at the head of a sentence
    if len(word) == 1 and word.isupper():
        return True  # an initial: "В. Путин", "проф. Г. Иванов" (lower-case "г." is the year)
    if len(word) > 1 and word.isupper():
        # An acronym ("АП.", "САЩ.") ends a sentence; dotted initials ("Н.В.") do not.
        return "." in word and all(len(p) == 1 for p in word.split("."))
    if low in table.prefix:
        return True
    if low in table.unit_or_prefix:
        return not _previous_is_number(text, start, word_start)
    if low in table.place_or_prefix:
        return not _previous_is_capitalised(text, start, word_start)
    if low in table.final:
        return low in _YEARS and _fronted_adverbial(text[sentence_start:word_start])
    if word in table.names:
        return True
    if "." in low:
        parts = low.split(".")
        if parts[-1] in table.prefix and parts[-1] not in table.final:
            return True  # "гл.серж. Иванов"
        last = word.rsplit(".", 1)[1]
        if len(last) == 1 and last.isupper():
            return True  # initials written together: "Дж.У. Буш", "Ив.Д. Петров"
    return False


#: Year abbreviations that may close a fronted time phrase instead of a sentence.
_YEARS = frozenset({"г", "гг", "т.г", "м.г"})

def _fronted_adverbial(prefix: str) -> bool:
    """Whether the sentence so far is only a fronted phrase: "По спогодба от 1996 г. Русия ...".

    A sentence that opens with a preposition and, within a few words, reaches
    a year with no sign of a verb has not yet had its clause, so the capital
    after "г." is the subject, not a new sentence.
    """
    if len(prefix) > 200:
        return False
    words = [w.strip(_LEADERS + _CLOSERS + ",").lower() for w in prefix.split()]
    words = [w for w in words if w]
    if not words or len(words) > 7 or words[0] not in BG_FRONTING_PREPOSITIONS:
        return False
    return not any(w in BG_CLAUSE_WORDS for w in words)


def _is_list_marker(word: str) -> bool:
    return (word.isdigit() and len(word) <= 3) or bool(_ROMAN.fullmatch(word)) or (
        len(word) == 1 and word.isalpha()
    )


def _previous_word(text: str, start: int, word_start: int) -> str:
    e = word_start
    while e > start and text[e - 1].isspace():
        e -= 1
    s = e
    floor = max(start, e - _MAX_WORD)
    while s > floor and not text[s - 1].isspace():
        s -= 1
    return text[s:e]


def _previous_is_number(text: str, start: int, word_start: int) -> bool:
    """A unit follows a quantity: "2006 г.", "1,5 млн.", "XIX в.", "20-ина т."."""
    prev = _previous_word(text, start, word_start).strip(_LEADERS + _CLOSERS + ",.")
    if not prev:
        return False
    return any(ch.isdigit() for ch in prev) or bool(_ROMAN.fullmatch(prev)) or prev.lower() in BG_NUMBER_WORDS



def _previous_is_capitalised(text: str, start: int, word_start: int) -> bool:
    """A place adjective right before: "Софийска обл." (but not "с. Лозен, обл. Перник")."""
    prev = _previous_word(text, start, word_start).lstrip(_LEADERS)
    return bool(prev) and prev[0].isupper() and prev[-1].isalpha()


# --- English via pysbd ---------------------------------------------------------------------------

_PYSBD_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _pysbd_segmenter(lang: str) -> Any:
    """One cached pysbd Segmenter per language (building one compiles many regexes)."""
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False, char_span=False)


def pysbd_cuts(text: str, start: int, end: int, *, lang: str) -> list[int]:
    """Boundaries pysbd finds in ``text[start:end]`` (absolute offsets after each sentence).

    pysbd returns sentence strings, not offsets; each one is found again in
    the block, in order, so a string pysbd altered only loses that one cut.
    pysbd keeps state on the Segmenter, so calls are serialised.
    """
    block = text[start:end]
    segmenter = _pysbd_segmenter(lang)
    with _PYSBD_LOCK:
        sentences = segmenter.segment(block)
    cuts: list[int] = []
    pos = 0
    for sentence in sentences:
        piece = sentence.strip()
        if not piece:
            continue
        found = block.find(piece, pos)
        if found < 0:
            continue
        pos = found + len(piece)
        cuts.append(start + pos)
    return cuts


def _english_cuts(text: str, start: int, end: int) -> list[int]:
    """English: obvious boundaries by rule, pysbd for the stretches that hold a doubtful period.

    pysbd's English rules are good but slow (about 0.1 ms a word, worse on a
    long paragraph), and most sentence ends are not in doubt: a lower-case
    word, a period, a capital. Those are cut directly; only a stretch holding
    a period after an abbreviation, a number, a capitalised word or an initial
    goes through pysbd, so English stays pysbd-accurate at a fraction of the cost.
    """
    table = table_for("en")
    cuts: list[int] = []
    stretch_start = start
    doubtful = False
    shielded = _shielded(text, start, end)
    for m in _CANDIDATE.finditer(text, start, end):
        if shielded and _inside(shielded, m.start()):
            continue
        verdict = _english_verdict(text, end, m, table)
        if verdict is None:
            doubtful = True
        elif verdict:
            if doubtful:
                cuts.extend(c for c in _pysbd_or_rules(text, stretch_start, m.start() + 1) if c < m.start())
            cuts.append(m.end())
            stretch_start = m.end()
            doubtful = False
    if doubtful:
        cuts.extend(_pysbd_or_rules(text, stretch_start, end))
    return cuts


def _english_verdict(text: str, end: int, m: re.Match[str], table: AbbreviationTable) -> bool | None:
    """True: surely a boundary; False: surely not; None: ask pysbd."""
    k = m.end()
    while k < end and (text[k].isspace() or text[k] in _LEADERS):
        k += 1
    if k >= end:
        return False
    if text[k].islower():
        return False
    if not (text[k].isupper() or text[k] in "\"'“‘"):
        return None
    word_start = m.start()
    floor = max(0, word_start - _MAX_WORD)
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : m.start()].strip(_LEADERS + _CLOSERS)
    if len(word) < 2 or not word.isalpha() or word.lower() in _english_abbreviations():
        return None
    return True


@lru_cache(maxsize=1)
def _english_abbreviations() -> frozenset[str]:
    """Every English abbreviation either we or pysbd know: a period after one is doubtful."""
    table = table_for("en")
    ours = table.prefix | table.final | table.unit_or_prefix | table.place_or_prefix
    try:
        from pysbd.lang.english import English

        theirs = frozenset(English.Abbreviation.ABBREVIATIONS)
    except Exception:  # an older or newer pysbd layout: our list alone still works
        theirs = frozenset()
    return ours | theirs | {n.lower() for n in table.names}


#: pysbd's time grows with the square of the text it is given; a stretch longer
#: than this (no sure boundary for pages) is split by the rules instead.
_PYSBD_MAX_CHARS = 3000


def _pysbd_or_rules(text: str, start: int, end: int) -> list[int]:
    if end - start > _PYSBD_MAX_CHARS:
        return _rule_cuts(text, start, end, table_for("en"))
    try:
        cuts = pysbd_cuts(text, start, end, lang="en")
    except Exception:  # pysbd has failed on odd input before; fall back to the rules
        return _rule_cuts(text, start, end, table_for("en"))
    return [_past_closers(text, cut, end) for cut in cuts]


def _past_closers(text: str, cut: int, end: int) -> int:
    """Move a cut past closing quotes glued to the sentence: 'in." Fans' -> after the quote.

    pysbd sometimes ends a sentence before its closing quote, leaving the quote
    to open the next one.
    """
    k = cut
    while k < end and text[k] in _CLOSERS:
        k += 1
    if k > cut and (k == end or text[k].isspace()):
        return k
    return cut
