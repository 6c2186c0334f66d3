"""Fact candidates: figures (digits, number words) outside every attributed claim.

A figure no quotation, reported statement or attribution covers makes a
fact of its own, in the clause around the figure ("шест ядрени изпитания от
2006 г."). :func:`fact_clause` also places a fact in the English sentence.
"""

from __future__ import annotations

import re

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.text import SentenceView, tokenize, trim, word_count

_FIGURE = re.compile(r"(?<![\w-])\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?(?:\s*%)?(?![\w-]*[^\W\d_])")


def figures(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Offsets of the figures in ``text[start:end]``: digits (not glued to letters) and number words."""
    out = [(m.start() + start, m.end() + start) for m in _FIGURE.finditer(text[start:end])]
    for t in tokenize(text, start, end):
        if t.low in lex.number_words:
            out.append((t.start, t.end))
    return sorted(out)


_FACT_CLAUSE_BREAK = re.compile(r",\s+(?:но|а|като|където|докато|but|while|whereas|where)\s|;\s")


def fact_clause(text: str, view: SentenceView, at: int) -> tuple[int, int]:
    """The clause of the sentence ``view`` around offset ``at`` (a figure), without its edges' punctuation."""
    start, end = view.start, view.end
    for m in _FACT_CLAUSE_BREAK.finditer(text, view.start, view.end):
        if m.start() < at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return trim(text, start, end)


def fact_candidate(
    text: str,
    view: SentenceView,
    lex: Lexicon,
    regions: list[tuple[int, int]],
    quotations: list[tuple[int, int]],
) -> Candidate | None:
    """A fact for the first figure of the sentence outside every claim and quotation, if any.

    ``regions`` are what the sentence's attributed claims occupy (content, cue,
    speaker and, for "..., каза X пред радио Y 102,3", the rest of the
    sentence); a figure there, or inside any quotation, is someone's word, not
    a fact. The clause around the figure stops where an attributed claim begins.
    """
    taken = regions + quotations
    free = [f for f in figures(text, view.start, view.end, lex) if not any(a <= f[0] < b for a, b in taken)]
    if not free:
        return None
    at = free[0][0]
    c_start, c_end = fact_clause(text, view, at)
    for a, b in regions:
        if b <= at:
            c_start = max(c_start, b)
        elif a > at:
            c_end = min(c_end, a)
    clause = trim(text, c_start, c_end)
    if word_count(text[clause[0] : clause[1]]) < 3:
        return None
    return Candidate(ClaimKind.FACT, clause, None, None, pos=clause[0], sentence_ids=[view.sid])
