"""English forms of Bulgarian names: transliteration, known names, fuzzy look-up.

A desk wants "John Kirby", not "Dzhon Kărbi". Three sources, in order of
trust: the desk glossary (bg -> en), the English the translation actually
contains (the transliteration is only used to *find* the matching words), and
last a transliteration with ``cyrtranslit`` plus fixes for how English spells
names that came into Bulgarian from English ("Уотсън" -> "Watson").
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from desktop.core.analysis.names import english_first_name

#: Organisations, media and places whose English form no rule gets right
#: (lower-case Bulgarian key). People are not listed: a person's English form
#: comes from the translation, else from transliteration with the usual
#: English forms of first names (:mod:`desktop.core.analysis.names`).
KNOWN_NAMES: dict[str, str] = {
    "ню йорк таймс": "New York Times",
    "вашингтон пост": "Washington Post",
    "уолстрийт джърнъл": "Wall Street Journal",
    "уол стрийт джърнъл": "Wall Street Journal",
    "файненшъл таймс": "Financial Times",
    "гардиън": "Guardian",
    "франс прес": "AFP",
    "агенция франс прес": "AFP",
    "афп": "AFP",
    "бта": "BTA",
    "ройтерс": "Reuters",
    "асошиейтед прес": "Associated Press",
    "блумбърг": "Bloomberg",
    "йонхап": "Yonhap",
    "тасс": "TASS",
    "риа новости": "RIA Novosti",
    "синхуа": "Xinhua",
    "си ен ен": "CNN",
    "би би си": "BBC",
    "белия дом": "White House",
    "кремъл": "Kremlin",
    "вашингтон": "Washington",
    "москва": "Moscow",
    "пхенян": "Pyongyang",
    "сащ": "US",
    "оон": "UN",
    "ес": "EU",
    "нато": "NATO",
    "сзо": "WHO",
    "кндр": "DPRK",
}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _fix_word(bg: str) -> str:
    """Rules for one word, applied to the Cyrillic before transliterating."""
    word = bg
    low = word.lower()
    # English names borrowed into Bulgarian: "Уо-", "Уи-", "Уе-", "Уа-" were "W".
    if low[:2] in {"уо", "уи", "уе", "уа", "уъ"} and len(low) > 3:
        word = ("W" if word[0].isupper() else "w") + word[1:]
    # "-ън" at the end is usually English "-on" (Уотсън, Джонсън, Клинтън).
    if low.endswith("ън") and len(low) > 4:
        word = word[:-2] + "он"
    return word


def transliterate_name(bg: str) -> str:
    """A readable Latin form of a Bulgarian name ("Джон Кърби" -> "John Karbi").

    Known organisations and places come from :data:`KNOWN_NAMES` (whole
    phrase, then word by word), first names from :mod:`~desktop.core.analysis.names`; other words go through ``cyrtranslit`` with the official
    Bulgarian system, then two fixes: the "ă" some systems write for "ъ" becomes
    "a", and digraphs keep title case ("SHoygu" -> "Shoygu").
    """
    import cyrtranslit

    text = bg.strip()
    if not text:
        return text
    known = KNOWN_NAMES.get(text.lower())
    if known:
        return known
    if not re.search(r"[\u0400-\u04FF]", text):
        return text

    def convert(match: re.Match[str]) -> str:
        word = match.group(0)
        hit = KNOWN_NAMES.get(word.lower()) or english_first_name(word)
        if hit:
            return hit if word[:1].isupper() else hit.lower()
        fixed = _fix_word(word)
        if fixed[:1] == "W":
            latin = "W" + str(cyrtranslit.to_latin(fixed[1:], "bg"))
        elif fixed[:1] == "w":
            latin = "w" + str(cyrtranslit.to_latin(fixed[1:], "bg"))
        else:
            latin = str(cyrtranslit.to_latin(fixed, "bg"))
        latin = latin.replace("ă", "a").replace("Ă", "A")
        latin = re.sub(r"^Dzh", "J", latin)
        latin = re.sub(r"iy$", "y", latin)
        if len(latin) > 1 and latin[0].isupper() and latin[1].isupper() and not word.isupper():
            latin = latin[0] + latin[1:].lower()
        if word.isupper() and len(word) > 1:
            latin = latin.upper()
        return latin

    return _WORD.sub(convert, text)


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _skeleton(word: str) -> str:
    """Consonant skeleton: first letter kept, vowels and y/w/h dropped, c->k, j->dzh-ish."""
    w = _ascii(word)
    w = w.replace("dzh", "j").replace("zh", "j").replace("ck", "k").replace("ph", "f")
    w = w.replace("c", "k").replace("q", "k").replace("x", "ks")
    head, tail = w[:1], w[1:]
    head = {"w": "u", "y": "i"}.get(head, head)
    tail = re.sub(r"[aeiouyhw]", "", tail)
    tail = re.sub(r"(.)\1+", r"\1", tail)
    return head + tail


def name_similarity(a: str, b: str) -> float:
    """How alike two Latin spellings of one word are (0..1), tolerant of transliteration."""
    x, y = _ascii(a), _ascii(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    plain = SequenceMatcher(None, x, y).ratio()
    sx, sy = _skeleton(a), _skeleton(b)
    skel = SequenceMatcher(None, sx, sy).ratio() if sx and sy else 0.0
    first = 1.0 if _skeleton(x[:1]) == _skeleton(y[:1]) or {x[:1], y[:1]} <= {"c", "k"} else 0.0
    return max(plain, 0.9 * skel) * (0.85 + 0.15 * first)


_CAP_WORD = re.compile(r"\b[A-Z][\w'’]*(?:-[\w'’]+)*")


def find_name(latin: str, text: str, *, threshold: float = 0.72) -> tuple[int, int] | None:
    """Where in English ``text`` the name ``latin`` appears, fuzzily; None if nowhere.

    Matches the last word (the surname) first, then extends the span over the
    capitalised words before it that match the name's other words, so
    "Adrien Watson" finds "Adrienne Watson" and "Karbi" finds "Kirby".
    """
    words = _WORD.findall(latin)
    if not words or not text:
        return None
    caps = [(m.start(), m.end(), m.group(0)) for m in _CAP_WORD.finditer(text)]
    if not caps:
        return None
    target = words[-1]
    best: tuple[float, int] | None = None
    for i, (_s, _e, word) in enumerate(caps):
        sim = name_similarity(target, word)
        if sim >= threshold and (best is None or sim > best[0]):
            best = (sim, i)
    if best is None:
        # A one-word mention of a multi-word name (e.g. the surname only)
        # is found above; a name whose first word alone appears is not a match.
        return None
    i = best[1]
    start, end = caps[i][0], caps[i][1]
    k = len(words) - 2
    j = i - 1
    while k >= 0 and j >= 0:
        s, e, word = caps[j]
        between = text[e:start]
        if between.strip() not in {"", "-"} or name_similarity(words[k], word) < 0.6:
            break
        start = s
        k -= 1
        j -= 1
    return start, end


def english_name(
    bg: str,
    *,
    english_texts: list[str] | tuple[str, ...] = (),
    glossary: dict[str, str] | None = None,
) -> str:
    """The English form of Bulgarian name ``bg``: glossary, else as the translation spells it, else transliterated."""
    key = bg.strip()
    if glossary:
        for k, v in glossary.items():
            if k.strip().lower() == key.lower():
                return v
        # A glossary entry for the surname covers "Джон Кърби" too.
        words = key.split()
        last = words[-1].lower() if words else ""
        for k, v in glossary.items():
            if last and k.strip().lower() == last and len(words) > 1:
                return f"{transliterate_name(' '.join(words[:-1]))} {v}"
    latin = transliterate_name(key)
    for text in english_texts:
        span = find_name(latin, text)
        if span is not None:
            found = text[span[0] : span[1]]
            # Keep the fuller form when the English names only the surname.
            if len(found.split()) < len(latin.split()):
                head = latin.split()[: len(latin.split()) - len(found.split())]
                return " ".join([*head, found])
            return found
    return latin
