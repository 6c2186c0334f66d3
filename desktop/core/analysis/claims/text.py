"""Tokens and spans: the small text helpers every claim stage shares.

Words (hyphenated ones whole) and single punctuation marks with their
character offsets; a title abbreviation or an initial keeps its full stop so
"проф. Г. Иванов" reads as one name. Nothing here knows about claims or
speakers; the stages above it do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import Lexicon

QUOTE_CHARS = "\"„“”«»‘’‚'"
#: Punctuation that ends a speaker phrase.
STOP_PUNCT = frozenset({",", ".", "!", "?", ";", ":", "(", ")", "…"})
_TOKEN = re.compile(r"[^\W_]+(?:[-‑'’.][^\W_]+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        """Starts with a capital letter (names, abbreviations)."""
        return self.text[:1].isupper()


#: Titles written with a full stop before a name ("проф. Г. Иванов", "инж. Н. Стоянов").
TITLE_ABBREVIATIONS = frozenset(
    {
        "проф",
        "доц",
        "акад",
        "инж",
        "арх",
        "д-р",
        "др",
        "г-н",
        "г-жа",
        "г-ца",
        "ген",
        "полк",
        "адм",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "sen",
        "rep",
        "gov",
        "adm",
        "lt",
        "sgt",
        "capt",
    }
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words (hyphenated ones whole: "по-късно", "Чен-ун") and single punctuation marks, with offsets.

    A title abbreviation or an initial keeps its full stop ("проф.", "Г."), so
    "проф. Г. Иванов" reads as one name rather than ending at the first dot.
    """
    stop = len(text) if end is None else end
    raw = [Token(m.start() + start, m.end() + start, m.group(0)) for m in _TOKEN.finditer(text[start:stop])]
    out: list[Token] = []
    i = 0
    while i < len(raw):
        t = raw[i]
        if (
            i + 1 < len(raw)
            and raw[i + 1].text == "."
            and raw[i + 1].start == t.end
            and (t.text.lower() in TITLE_ABBREVIATIONS or (len(t.text) == 1 and t.text.isupper()))
            and i + 2 < len(raw)
            and raw[i + 2].text[:1].isupper()
        ):
            out.append(Token(t.start, raw[i + 1].end, t.text + "."))
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def is_title(tok: Token) -> bool:
    """A title abbreviation such as "проф.", "Dr." or "д-р" (written without a stop)."""
    base = tok.text.rstrip(".").lower()
    return base in TITLE_ABBREVIATIONS and (tok.text.endswith(".") or "-" in base)


def trim(text: str, start: int, end: int, *, strip: str = " \t\n,;:—–-") -> tuple[int, int]:
    """``start:end`` without the punctuation and spaces at either edge (and a final full stop)."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip + ".":
        end -= 1
    return start, end


def word_count(text: str) -> int:
    """How many words ``text`` holds (figures count as words)."""
    return len(re.findall(r"[^\W_]+", text))


def is_cue_token(tok: Token, lex: Lexicon) -> ClaimKind | None:
    """The kind of claim a single cue word makes ("предаде" relays: an attribution), or None."""
    low = tok.low
    if low in lex.attribution_verbs:
        return ClaimKind.ATTRIBUTION
    if low in lex.reporting_verbs:
        return ClaimKind.REPORTED
    return None


@dataclass
class SentenceView:
    """One sentence as the rules read it: its offsets, tokens and id."""

    start: int
    end: int
    tokens: list[Token]
    sid: str
