"""Light stemmers for Bulgarian and English, and the word tokeniser they share.

Summaries, provenance links and glossary checks compare words across
sentences, so "министърът", "министъра" and "министри" should count as one
word, and so should "talks"/"talk" or "meeting"/"meetings". A full
morphological analyser would be heavier than these uses need: the Bulgarian
stemmer is Savoy's light stemmer (J. Savoy, "Searching strategies for the
Bulgarian language", Information Retrieval 10, 2007 — the same rules as
Lucene's BulgarianStemmer), and the English one strips the common inflectional
suffixes only. Both are pure Python with no data files, so they load instantly.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: A word: letters and digits, with inner hyphens or apostrophes kept
#: ("Чен-ун", "don't"). Unicode-aware, so Cyrillic and Latin both match.
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` in order, lower-cased."""
    return [m.group(0).lower() for m in WORD_RE.finditer(text)]


# --- Bulgarian ---------------------------------------------------------------


def _bg_remove_article(w: str) -> str:
    n = len(w)
    if n > 6 and w.endswith("ият"):
        return w[:-3]
    if n > 5 and w.endswith(("ът", "то", "те", "та", "ия")):
        return w[:-2]
    if n > 4 and w.endswith("ят"):
        return w[:-2]
    return w


def _bg_remove_plural(w: str) -> str:
    n = len(w)
    if n > 6:
        if w.endswith("овци"):
            return w[:-3]  # -овци -> -о
        if w.endswith("ове"):
            return w[:-3]
        if w.endswith("еве"):
            return w[:-3] + "й"
    if n > 5:
        if w.endswith("ища"):
            return w[:-3]
        if w.endswith("та"):
            return w[:-2]
        if w.endswith("ци"):
            return w[:-2] + "к"
        if w.endswith("зи"):
            return w[:-2] + "г"
        if w[-3] == "е" and w[-1] == "и":
            return w[:-3] + "я" + w[-2]  # -еNи -> -яN
    if n > 4:
        if w.endswith("си"):
            return w[:-2] + "х"
        if w.endswith("и"):
            return w[:-1]
    return w


def stem_bg(word: str) -> str:
    """Savoy's light Bulgarian stemmer: articles, plurals and a final vowel."""
    w = word.lower()
    if len(w) < 4:
        return w
    if len(w) > 5 and w.endswith("ища"):
        return w[:-3]
    w = _bg_remove_article(w)
    w = _bg_remove_plural(w)
    if len(w) > 3:
        if w.endswith("я"):
            w = w[:-1]
        if w.endswith(("а", "о", "е")):
            w = w[:-1]
    if len(w) > 4 and w.endswith("ен"):
        w = w[:-2] + "н"
    if len(w) > 5 and w[-2] == "ъ":
        w = w[:-2] + w[-1]
    if len(w) > 4 and w.endswith(("и", "й")):
        # Our addition: "оръжия" and "оръжията" otherwise stem to "оръж"/"оръжи".
        w = w[:-1]
    return w


# --- English -----------------------------------------------------------------

_EN_EXCEPTIONS = {"news": "news", "has": "has", "was": "was", "is": "is", "us": "us", "series": "series"}


def stem_en(word: str) -> str:
    """Strip English inflections (-s, -es, -ies, -ed, -ing, -ly, possessive 's).

    Deliberately light: it conflates the forms a news text mixes ("talks",
    "talked", "talking") without Porter's derivational rules, which merge
    words a journalist keeps apart ("general"/"generate").
    """
    w = word.lower()
    for apostrophe in ("'s", "’s"):
        if w.endswith(apostrophe):
            w = w[: -len(apostrophe)]
    w = w.rstrip("'’")
    if w in _EN_EXCEPTIONS or len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]  # then -ing/-ed below: "meetings" -> "meet"
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]  # running -> run
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]  # planned -> plan
    elif w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # "meet"-style stems: "decide"/"decided" -> "decid"
    return w


def stemmer_for(language: str) -> Callable[[str], str]:
    """The stemmer for a language code; Bulgarian for Cyrillic words in any case.

    Unknown languages get the identity-like English rules only for Latin
    words, which is harmless for the similarity measures that use it.
    """
    if language == "bg":
        return stem_bg
    return stem_en


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def stem_any(word: str) -> str:
    """Stem by script: Cyrillic words with the Bulgarian rules, others English."""
    return stem_bg(word) if _CYRILLIC.search(word) else stem_en(word)
