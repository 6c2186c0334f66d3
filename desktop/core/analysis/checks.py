"""Quality checks on a machine translation, sentence pair by sentence pair.

A journalist cannot re-read every sentence of every article against the
Bulgarian, but a few kinds of error are both common in neural MT and costly
in print. Each check looks at one source sentence and its English (the
journalist's edit when there is one) and raises a :class:`Flag` with a reason
a reporter understands:

* ``numbers`` — a figure, date or percentage that differs ("70 години" became
  "17 years"); Bulgarian decimal commas, "млн."/"млрд.", "2006 г." and number
  words (шест = six) are normalised first;
* ``cyrillic`` — Bulgarian letters left in the English (an unknown name copied);
* ``loop`` — the model repeating itself ("of the war of the war of the war");
* ``length`` — English far shorter or longer than this article's usual ratio
  (a clause dropped or invented);
* ``low_score`` — the model's own confidence (mean log-probability) is low;
* ``glossary`` — a name the desk glossary spells one way appears another way.

Flags are advice, not verdicts: each says what to look at and why.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from desktop.core.analysis.stemming import WORD_RE, stem_bg
from desktop.core.document import Document
from desktop.core.translation import DocumentTranslation
from desktop.core.wordlinks import UNSURE_PROBABILITY, WordLinks

NUMBERS = "numbers"
CYRILLIC = "cyrillic"
LOOP = "loop"
LENGTH = "length"
LOW_SCORE = "low_score"
GLOSSARY = "glossary"
KINDS: tuple[str, ...] = (NUMBERS, CYRILLIC, LOOP, LENGTH, LOW_SCORE, GLOSSARY)

#: Mean log-probability per token below which a translation is worth a look.
#: OPUS-MT scores fluent news sentences around -0.1 to -0.5.
LOW_SCORE_THRESHOLD = -1.0
#: English/Bulgarian length ratio (characters) when the article has too few
#: sentences to measure its own; English is usually a little shorter.
DEFAULT_LENGTH_RATIO = 0.95
LENGTH_RATIO_BOUNDS = (0.7, 1.4)  # the article's own norm is clamped into these
LENGTH_TOO_SHORT = 0.5  # flagged below half the norm ...
LENGTH_TOO_LONG = 2.0  # ... or above twice it
LENGTH_MIN_CHARS = 20  # shorter source sentences vary too much to judge


@dataclass(frozen=True)
class Flag:
    """One thing to check in one sentence's translation.

    ``severity`` is "info", "warning" or "error"; ``detail`` holds the
    machine-readable facts behind ``reason`` (figures, ratio, score, names).
    """

    sentence_id: str
    kind: str
    reason: str
    severity: str = "warning"
    detail: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        return cls(
            sentence_id=str(data["sentence_id"]),
            kind=str(data["kind"]),
            reason=str(data["reason"]),
            severity=str(data.get("severity", "warning")),
            detail=data.get("detail"),
        )


# --- figures -------------------------------------------------------------------

Reading = tuple[str, float]  # ("n", 3.5) a number, ("t", 990.0) a clock time in minutes


@dataclass(frozen=True)
class Figure:
    """A figure as written, and every value it may stand for."""

    text: str
    readings: frozenset[Reading]
    start: int
    soft: bool = False  # may match a figure, but is not flagged when unmatched ("both", "двете")


_BG_UNITS = {
    "два": 2, "две": 2, "двама": 2, "три": 3, "трима": 3, "трите": 3, "четири": 4, "четирима": 4,
    "четирите": 4, "пет": 5, "петима": 5, "петте": 5, "шест": 6, "шестима": 6, "шестте": 6,
    "седем": 7, "седмина": 7, "седемте": 7, "осем": 8, "осмина": 8, "осемте": 8, "девет": 9,
    "деветима": 9, "деветте": 9, "десет": 10, "десетима": 10, "десетте": 10,
    "единадесет": 11, "единайсет": 11, "дванадесет": 12, "дванайсет": 12, "тринадесет": 13,
    "тринайсет": 13, "четиринадесет": 14, "четиринайсет": 14, "петнадесет": 15, "петнайсет": 15,
    "шестнадесет": 16, "шестнайсет": 16, "седемнадесет": 17, "седемнайсет": 17,
    "осемнадесет": 18, "осемнайсет": 18, "деветнадесет": 19, "деветнайсет": 19,
    "двеста": 200, "триста": 300, "четиристотин": 400, "петстотин": 500, "шестстотин": 600,
    "седемстотин": 700, "осемстотин": 800, "деветстотин": 900, "сто": 100,
}  # fmt: skip
_BG_TENS = {
    "двадесет": 20, "двайсет": 20, "тридесет": 30, "трийсет": 30, "четиридесет": 40,
    "четирийсет": 40, "петдесет": 50, "шестдесет": 60, "седемдесет": 70, "осемдесет": 80,
    "деветдесет": 90,
}  # fmt: skip
_BG_ONE = {"един": 1, "една": 1, "едно": 1}  # only inside compounds: "един" is also "a"
# "двете страни" is as often "both sides" as "the two sides": such words match
# a figure but are not missing when the other side has none.
_BG_SOFT = {"двете": 2, "двата": 2, "двамата": 2}
_EN_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_ONE = {"one": 1}
_EN_SOFT = {"both": 2}

_SPACES = "\u0020\u00a0\u202f"
_NUMBER = {
    # Bulgarian groups thousands with (no-break) spaces: "10 000".
    "bg": re.compile(r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*)"),
    "en": re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*"),
}
_SCALE = {
    "bg": re.compile(
        r"\s*(хил\.|хиляди|хиляда|млн\.?|милиона|милиони|милион|млрд\.?|милиарда|милиарди|милиард"
        r"|трлн\.?|трилиона|трилион)(?!\w)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?:\s*(hundred|thousand|millions?|billions?|trillions?|mln|bln)(?!\w)|(k|m|mn|bn|tn)(?!\w))",
        re.IGNORECASE,
    ),
}
_SCALE_VALUES = {
    "hundred": 1e2, "сто": 1e2, "thousand": 1e3, "k": 1e3, "хил.": 1e3, "хиляди": 1e3, "хиляда": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "bln": 1e9, "million": 1e6, "millions": 1e6, "млн": 1e6, "млн.": 1e6, "милион": 1e6,
    "милиона": 1e6, "милиони": 1e6, "bn": 1e9, "billion": 1e9, "billions": 1e9, "млрд": 1e9,
    "млрд.": 1e9, "милиард": 1e9, "милиарда": 1e9, "милиарди": 1e9, "tn": 1e12, "trillion": 1e12,
    "trillions": 1e12, "трлн": 1e12, "трлн.": 1e12, "трилион": 1e12, "трилиона": 1e12,
}  # fmt: skip
_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
# "16:30", "4:30 pm"; with a dot or comma only when "ч." or am/pm marks a time ("16.30 ч.", "4.30 p.m.").
_TIME = re.compile(
    r"(?<![\d.,:])(\d{1,2})(?::(\d{2})(?!\d)(?:\s*([ap])\.?\s?m\b\.?)?"
    r"|[.,](\d{2})\s*(?:([ap])\.?\s?m\b\.?|ч\.))",
    re.IGNORECASE,
)


def _number_values(token: str) -> set[float]:
    """Every value a written number may mean: "1,500" is 1.5 in Bulgarian, 1500 in English."""
    t = "".join(ch for ch in token if ch not in _SPACES)
    if "," in t and "." in t:
        decimal_at = max(t.rfind(","), t.rfind("."))
        whole = "".join(ch for ch in t[:decimal_at] if ch.isdigit())
        return {float(f"{whole}.{t[decimal_at + 1 :]}")}
    for sep in (",", "."):
        if sep in t:
            parts = t.split(sep)
            if len(parts) > 2:
                return {float("".join(parts))}
            whole, frac = parts
            values = {float(f"{whole}.{frac}")}
            if len(frac) == 3:
                values.add(float(whole + frac))
            return values
    return {float(t)}


def _with_scale(values: set[float], text: str, end: int, lang: str) -> tuple[set[float], int]:
    m = _SCALE[lang].match(text, end)
    if not m:
        return values, end
    word = (m.group(1) or m.group(2)).lower()
    scale = _SCALE_VALUES.get(word, _SCALE_VALUES.get(word.rstrip("."), 1.0))
    scaled = {v * scale for v in values}
    if word == "m":
        return values | scaled, m.end()  # "100m" is metres as often as millions
    # Otherwise the scaled value only: "2,3 млрд." must not pass for "2.3 million".
    return scaled, m.end()


def _word_figures(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Figure]:
    units, tens, one = (_BG_UNITS, _BG_TENS, _BG_ONE) if lang == "bg" else (_EN_UNITS, _EN_TENS, _EN_ONE)
    soft = _BG_SOFT if lang == "bg" else _EN_SOFT
    joiner = "и" if lang == "bg" else "and"
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in WORD_RE.finditer(text)]
    figures: list[Figure] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        value: int | None = None
        if word in soft and not any(a <= start < b for a, b in taken):
            figures.append(Figure(text[start:end], frozenset({("n", float(soft[word]))}), start, soft=True))
        parts = word.split("-")
        if len(parts) == 2 and parts[0] in tens and (parts[1] in units or parts[1] in one):
            value = tens[parts[0]] + {**units, **one}[parts[1]]  # "twenty-five"
        elif word in tens:
            value = tens[word]
            # "двадесет и пет", "twenty five"
            nxt = i + 1
            if nxt < len(tokens) and tokens[nxt][0] == joiner and lang == "bg":
                nxt += 1
            if nxt < len(tokens) and (tokens[nxt][0] in units or tokens[nxt][0] in one):
                extra = {**units, **one}[tokens[nxt][0]]
                if extra < 10:
                    value += extra
                    end = tokens[nxt][2]
                    i = nxt
        elif word in units:
            value = units[word]
        if value is not None and not any(a <= start < b for a, b in taken):
            values, end = _with_scale({float(value)}, text, end, lang)
            figures.append(Figure(text[start:end], frozenset(("n", v) for v in values), start))
        i += 1
    return figures


def extract_figures(text: str, language: str) -> list[Figure]:
    """The figures in ``text`` (a sentence) in order: numbers, dates, times, number words.

    ``language`` is "bg" or "en" and decides how separators and scale words
    read. A numeric date "24.11.2023" yields its day and year (English writes
    the month as a word); a clock time "16:30" matches "4:30 pm".
    """
    lang = "bg" if language == "bg" else "en"
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        figures.append(Figure(m.group(1), frozenset({("n", float(m.group(1)))}), m.start(1)))
        figures.append(Figure(m.group(3), frozenset({("n", float(m.group(3)))}), m.start(3)))
        taken.append((m.start(), m.end()))
    for m in _TIME.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        hours, minutes = int(m.group(1)), int(m.group(2) or m.group(4))
        half = (m.group(3) or m.group(5) or "").lower()
        if half == "p" and hours < 12:
            hours += 12
        readings = {("t", float(hours * 60 + minutes)), ("t", float((hours % 12) * 60 + minutes))}
        if not half:
            readings.add(("t", float((hours % 12 + 12) * 60 + minutes)))
        figures.append(Figure(m.group(0).strip(), frozenset(readings), m.start()))
        taken.append((m.start(), m.end()))
    for m in _NUMBER[lang].finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        values = _number_values(m.group(0))
        end = m.end()
        if lang == "en" and text[end : end + 1] == "s" and all(v >= 1000 and v % 10 == 0 for v in values):
            values |= {v % 100 for v in values}  # "the 1990s" = "90-те"
        values, end = _with_scale(values, text, end, lang)
        figures.append(Figure(text[m.start() : end].strip(), frozenset(("n", v) for v in values), m.start()))
        taken.append((m.start(), end))
    figures.extend(_word_figures(text, lang, taken))
    figures.sort(key=lambda f: f.start)
    return figures


def _fmt_value(readings: frozenset[Reading]) -> str:
    numbers = sorted(v for kind, v in readings if kind == "n")
    if not numbers:
        return ""
    v = numbers[0]
    return str(int(v)) if v == int(v) else f"{v:g}"


def _label(fig: Figure) -> str:
    """How a figure is named in a reason: as written, plus digits for number words."""
    if any(ch.isdigit() for ch in fig.text):
        return fig.text
    value = _fmt_value(fig.readings)
    return f"{fig.text} ({value})" if value else fig.text


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def compare_figures(
    source: str, english: str, *, source_language: str = "bg"
) -> tuple[list[Figure], list[Figure]]:
    """Figures of the source missing from the English, and English figures not in the source."""
    src = extract_figures(source, source_language)
    eng = extract_figures(english, "en")
    unmatched = list(eng)
    missing: list[Figure] = []
    # Firm figures first, so that a soft "both" cannot take the match of a firm "2".
    for fig in sorted(src, key=lambda f: f.soft):
        match = next((e for e in sorted(unmatched, key=lambda e: e.soft) if e.readings & fig.readings), None)
        if match is None:
            if not fig.soft:
                missing.append(fig)
        else:
            unmatched.remove(match)
    missing.sort(key=lambda f: f.start)
    return missing, [e for e in unmatched if not e.soft]


def _numbers_flag(sid: str, source: str, english: str, language: str) -> Flag | None:
    missing, extra = compare_figures(source, english, source_language=language)
    if not missing and not extra:
        return None
    detail = {"missing": [f.text for f in missing], "extra": [f.text for f in extra]}
    if missing:
        names = _join([_label(f) for f in missing])
        noun, verb = ("figure", "is") if len(missing) == 1 else ("figures", "are")
        says = f" (it says {_join([_label(f) for f in extra])})" if extra else ""
        reason = f"The {noun} {names} in the Bulgarian {verb} missing from the English{says}."
    else:
        names = _join([_label(f) for f in extra])
        noun, verb = ("figure", "is") if len(extra) == 1 else ("figures", "are")
        reason = f"The English has the {noun} {names}, which {verb} not in the Bulgarian."
    return Flag(sid, NUMBERS, reason, "warning", detail)


# --- other checks -----------------------------------------------------------------

_CYRILLIC_WORD = re.compile(r"[^\W\d_]*[\u0400-\u04FF][^\W\d_]*(?:-[^\W\d_]+)*")


def _cyrillic_flag(sid: str, english: str) -> Flag | None:
    found = list(dict.fromkeys(m.group(0) for m in _CYRILLIC_WORD.finditer(english)))
    if not found:
        return None
    shown = _join([f'"{w}"' for w in found[:3]]) + (" and more" if len(found) > 3 else "")
    reason = (
        f"The English still contains Bulgarian text ({shown}); the model copied what it could not translate."
    )
    return Flag(sid, CYRILLIC, reason, "warning", {"text": found})


def find_loop(tokens: list[str], *, max_n: int = 6) -> tuple[list[str], int] | None:
    """The longest-running repeated n-gram: (n-gram, times in a row), or None.

    One word three times in a row ("the the the"), two words three times, or
    a phrase of three words or more twice in a row count as a loop; people
    write "very, very" but machines write "of the war of the war of the war".
    """
    best: tuple[list[str], int] | None = None
    for n in range(1, max_n + 1):
        needed = 3 if n <= 2 else 2
        i = 0
        while i + n <= len(tokens):
            gram = tokens[i : i + n]
            reps = 1
            while tokens[i + reps * n : i + (reps + 1) * n] == gram:
                reps += 1
            if reps >= needed and (best is None or reps * n > len(best[0]) * best[1]):
                best = (gram, reps)
            i += max(1, (reps - 1) * n) if reps > 1 else 1
    return best


def _loop_flag(sid: str, english: str) -> Flag | None:
    tokens = [m.group(0).lower() for m in WORD_RE.finditer(english)]
    loop = find_loop(tokens)
    if loop is None:
        return None
    gram, reps = loop
    phrase = " ".join(gram)
    reason = f'The English repeats "{phrase}" {reps} times in a row; the model got stuck in a loop.'
    return Flag(sid, LOOP, reason, "error", {"ngram": phrase, "repeats": reps})


def length_norm(pairs: Iterable[tuple[str, str]]) -> float:
    """This article's usual English/Bulgarian length ratio (median of its longer pairs).

    Falls back to :data:`DEFAULT_LENGTH_RATIO` with fewer than five pairs and
    is clamped into :data:`LENGTH_RATIO_BOUNDS`, so one odd article cannot
    make every sentence look wrong.
    """
    ratios = [
        len(en.strip()) / len(src.strip()) for src, en in pairs if len(src.strip()) >= 40 and en.strip()
    ]
    norm = statistics.median(ratios) if len(ratios) >= 5 else DEFAULT_LENGTH_RATIO
    low, high = LENGTH_RATIO_BOUNDS
    return min(max(norm, low), high)


def _length_flag(sid: str, source: str, english: str, norm: float) -> Flag | None:
    src_len, en_len = len(source.strip()), len(english.strip())
    if src_len < LENGTH_MIN_CHARS:
        return None
    if en_len == 0:
        return Flag(
            sid, LENGTH, "The English is empty although the Bulgarian is not.", "error", {"ratio": 0.0}
        )
    ratio = en_len / src_len
    detail = {"ratio": round(ratio, 3), "norm": round(norm, 3)}
    if ratio < norm * LENGTH_TOO_SHORT:
        reason = (
            f"The English is much shorter than usual for this article ({ratio:.0%} of the Bulgarian's "
            f"length, against {norm:.0%} elsewhere); part of the sentence may be missing."
        )
        return Flag(sid, LENGTH, reason, "warning", detail)
    if ratio > norm * LENGTH_TOO_LONG:
        reason = (
            f"The English is much longer than usual for this article ({ratio:.0%} of the Bulgarian's "
            f"length, against {norm:.0%} elsewhere); the model may have added or repeated text."
        )
        return Flag(sid, LENGTH, reason, "warning", detail)
    return None


def _score_flag(sid: str, score: float | None, edited: bool, links: WordLinks | None = None) -> Flag | None:
    """The model's own doubt: the words it was unsure of (the same rule as the pane's marks), else the mean score.

    A translation with word confidence is flagged when a word's probability
    is below :data:`~desktop.core.wordlinks.UNSURE_PROBABILITY`; one without
    (made before word links, or from a memory that kept none) falls back to
    the sentence's mean log-probability.
    """
    if edited:
        return None
    if links is not None:
        unsure = links.unsure()
        if not unsure:
            return None
        words = [links.target_words[i] for i in unsure]
        reason = (
            "The translation model was unsure of some words here (dotted underline in the English); "
            "check them against the Bulgarian."
        )
        detail = {"words": words, "threshold": UNSURE_PROBABILITY, "score": score}
        return Flag(sid, LOW_SCORE, reason, "info", detail)
    if score is None or score >= LOW_SCORE_THRESHOLD:
        return None
    reason = (
        f"The translation model was unsure of this sentence (mean log-probability {score:.2f}, "
        f"below {LOW_SCORE_THRESHOLD:.2f}); check it against the Bulgarian."
    )
    return Flag(sid, LOW_SCORE, reason, "info", {"score": score, "threshold": LOW_SCORE_THRESHOLD})


# --- glossary ---------------------------------------------------------------------


def _bg_word_matches(word: str, key_word: str) -> bool:
    """Does a source word look like an inflected form of a glossary word?"""
    w, k = word.lower(), key_word.lower()
    if w == k:
        return True
    if len(k) >= 4 and (w.startswith(k) or w.startswith(stem_bg(k))) and len(w) - len(k) <= 4:
        return True
    return stem_bg(w) == stem_bg(k)


def _source_has_term(source: str, key: str) -> str | None:
    """The form of glossary term ``key`` found in ``source`` ("Шойгу", "Путина"), or None."""
    key_words = [m.group(0) for m in WORD_RE.finditer(key)]
    if not key_words:
        return None
    tokens = list(WORD_RE.finditer(source))
    n = len(key_words)
    for i in range(len(tokens) - n + 1):
        if all(_bg_word_matches(tokens[i + j].group(0), key_words[j]) for j in range(n)):
            return source[tokens[i].start() : tokens[i + n - 1].end()]
    return None


def _normalise_en(text: str) -> str:
    text = re.sub(r"['’]s\b", "", text.lower())
    text = re.sub(r"[-‐–—]", " ", text)
    return " ".join(WORD_RE.findall(text))


def _english_has(english: str, preferred: str) -> bool:
    pref = _normalise_en(preferred)
    return bool(pref) and re.search(rf"(?<!\w){re.escape(pref)}(?!\w)", _normalise_en(english)) is not None


def _closest_english(english: str, preferred: str) -> str | None:
    """The English words most like the preferred spelling ("Shoygu" for "Shoigu")."""
    n = max(1, len(WORD_RE.findall(preferred)))
    toks = WORD_RE.findall(re.sub(r"['’]s\b", "", english))
    grams = [" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)]
    lowered = {g.lower(): g for g in grams}
    close = difflib.get_close_matches(preferred.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _glossary_flags(sid: str, source: str, english: str, glossary: dict[str, str]) -> list[Flag]:
    flags = []
    for key, preferred in glossary.items():
        if not key.strip() or not preferred.strip():
            continue
        form = _source_has_term(source, key)
        if form is None or _english_has(english, preferred):
            continue
        variant = _closest_english(english, preferred)
        if variant:
            reason = f'The desk glossary spells "{key}" as "{preferred}", but the English has "{variant}".'
        else:
            reason = f'The Bulgarian names "{form}"; the desk glossary spells it "{preferred}", which the English does not use.'
        detail = {"term": key, "found_in_source": form, "preferred": preferred, "english_variant": variant}
        flags.append(Flag(sid, GLOSSARY, reason, "warning", detail))
    return flags


# --- the whole document -------------------------------------------------------------


def check_translation(
    doc: Document, translation: DocumentTranslation, *, glossary: dict[str, str] | None = None
) -> list[Flag]:
    """Flags for every translated sentence of ``doc``, in document order.

    Uses the journalist's edit where there is one (an edit that fixes a
    figure clears its flag). Untranslated sentences are skipped. ``glossary``
    maps Bulgarian names to the desk's English spelling.
    """
    pairs = []
    for s in doc.iter_sentences():
        t = translation.get(s.id)
        if t is not None:
            pairs.append((s, t))
    norm = length_norm((s.text, t.final) for s, t in pairs)
    flags: list[Flag] = []
    for s, t in pairs:
        english = t.final
        found = [
            _numbers_flag(s.id, s.text, english, doc.language),
            _cyrillic_flag(s.id, english),
            _loop_flag(s.id, english),
            _length_flag(s.id, s.text, english, norm),
            _score_flag(s.id, t.score, t.edited, t.word_links),
        ]
        flags.extend(f for f in found if f is not None)
        if glossary:
            flags.extend(_glossary_flags(s.id, s.text, english, glossary))
    return flags
