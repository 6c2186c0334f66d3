"""Is a short text a factual claim, and how much is it worth checking?

Two small logistic models over hand-made features (figures, reporting verbs,
attribution, first/second person, imperatives, questions, named entities,
tweet clutter) and a few hundred word stems. Their weights were fitted on the
CheckThat! 2022 Bulgarian training tweets by ``bench/train_claim_weights.py``
and live, as plain numbers, in :mod:`desktop.core.analysis.claims.weights`: nothing is
trained or downloaded at run time, and the file is small enough to read.

* ``claim`` answers "does this text state something checkable?" (Task 1B);
* ``check`` ranks claims by check-worthiness (Task 1A), and is the text part
  of every :class:`~desktop.core.analysis.claims.finder.Claim` score.
"""

from __future__ import annotations

import math
import re

from desktop.core.analysis.claims.lexicon import lexicon_for

_URL = re.compile(r"https?://\S+|www\.\S+|\bt\.co/\S+")
_MENTION = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u20e3\U0001f1e6-\U0001f1ff]"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: A figure: a number that is not glued to letters ("COVID-19" is a name, not a figure).
_FIGURE = re.compile(r"(?<![\w-])\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?(?![\w-]*[^\W\d_])")
_PERCENT = re.compile(r"\d\s*%|\bпроцент|\bна\s+сто\b|\bpercent\b|\bper\s+cent\b", re.IGNORECASE)
_MONEY = re.compile(
    r"[$€£]|\b(?:лв|лева|евро|долара|долари|щатски|паунда|юана|рубли|usd|eur|dollars?|euros?|pounds?)\b",
    re.IGNORECASE,
)
_BIG = re.compile(r"\b(?:хил|млн|млрд|хиляди|хиляда|милиона|милион|милиарда|милиард|million|billion|thousand)\b",
                  re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_TIME_UNITS = re.compile(
    r"\b(?:часа|дни|дена|денонощие|седмици|месеца|години|година|hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_FIRST_SG = frozenset({"аз", "ми", "мен", "мене", "мой", "моя", "моят", "моята", "моите", "i", "me", "my", "mine"})
_FIRST_PL = frozenset({"ние", "нас", "ни", "наш", "наша", "нашия", "нашата", "нашите", "we", "us", "our"})
_SECOND = frozenset({"ти", "теб", "вие", "вас", "ви", "твой", "ваш", "ваша", "вашия", "вашата", "вашите",
                     "you", "your"})
_OPINION = frozenset({
    "мисля", "смятам", "считам", "вярвам", "струва", "трябва", "хубаво", "лошо", "ужасно", "срам",
    "браво", "поздравления", "благодаря", "благодарим", "честит", "обичам", "надявам", "моля",
    "think", "believe", "should", "must", "shame", "thanks", "thank", "love", "hope", "please",
})
_NEWS_VERBS = frozenset({
    "потвърдени", "доказани", "починали", "починал", "починаха", "заразени", "излекувани",
    "регистрирани", "отчетени", "обяви", "обявиха", "въвежда", "въведе", "забрани", "забранява",
    "отменя", "отмени", "затваря", "затвори", "отпуска", "отпусна", "получи", "получава",
    "confirmed", "died", "infected", "recovered", "registered", "announced", "banned", "closed",
})


#: Health and science claims: the kind of statement fact-checkers pick up first.
_HEALTH = re.compile(
    r"(?:лекарств|лечени|лекува|излекув|ваксин|имунитет|антител|терапи|плазм|витамин|пази\b|предпазв|"
    r"доказателств|изследван|проучван|учени|лаборатор|щам|мутир|симптом|заразяв|уязвим|кръвна\s+група|"
    r"хлорохин|ибупрофен|парацетамол|бцж|5g|имунолог|вирусолог|епидемиолог|"
    r"cure|vaccin|immun|antibod|treatment|drug|study|scientist|strain|symptom|evidence)",
    re.IGNORECASE,
)
#: Words of scandal, alarm and suspicion.
_SENSATION = re.compile(
    r"(?:скандал|истината|лъж|крият|скрива|манипулац|фалшив|измам|пробив|бум\b|сензац|заговор|конспира|"
    r"опасн|убива|смъртоносн|катастроф|черен\s+рекорд|рекорд|шок|ужас|паник|огнищ|пламна|"
    r"кръволок|мафи|корупц|крад|пресилв|гнила|фалира|нехайств|"
    r"scandal|truth|lie|hide|hoax|fake|fraud|breakthrough|conspiracy|deadly|record|shock|panic|outbreak)",
    re.IGNORECASE,
)
#: Routine statistics ("33 са новите случаи у нас"): claims, rarely worth a check.
_ROUTINE = re.compile(
    r"(?:нови\s+случа|новите\s+случа|новозаразени|за\s+денонощие|за\s+последните\s+24\s+часа|"
    r"излекуван|потвърдени\s+у\s+нас|потвърдените\s+случаи|информационна\s+система|са\s+случаите|"
    r"^\s*\d[\d\s]*\s+(?:са|нови))",
    re.IGNORECASE,
)
#: Institutional announcements (EU bodies, ministries) with their campaign hashtags.
_INSTITUTION = re.compile(r"(?:ЕвропаСрещу|\bЕК\b|\bЕП\b|\bЕС\b|Европейск|министерств|🇪🇺|#EU)", re.IGNORECASE)


def clean_text(text: str) -> str:
    """A tweet as prose: no URLs or @mentions, hashtags turned into their words."""
    out = _URL.sub(" ", text)
    out = _MENTION.sub(" ", out)
    out = _HASHTAG.sub(lambda m: " " + re.sub(r"(?<=[a-zа-я])(?=[A-ZА-Я])", " ", m.group(1)) + " ", out)
    out = out.replace("_", " ")
    return re.sub(r"\s+", " ", out).strip()


def stem(word: str) -> str:
    """A crude stem (the first five letters): enough to pool "случаи"/"случая" for a linear model."""
    return word.lower()[:5]


def text_features(text: str, lang: str = "bg") -> dict[str, float]:
    """Named features of ``text`` (raw tweet or sentence), each roughly in 0..1."""
    lex = lexicon_for(lang)
    raw = text
    clean = clean_text(text)
    words = _WORD.findall(clean)
    lows = [w.lower() for w in words]
    n = len(words)
    figures = _FIGURE.findall(clean)
    number_words = sum(1 for w in lows if w in lex.number_words)
    cues = sum(1 for w in lows if w in lex.reporting_verbs or w in lex.attribution_verbs)
    attribution = any(re.search(r"(?<!\w)" + p + r"(?!\w)", clean.lower()) for p in lex.attribution_phrases)
    caps_mid = sum(1 for i, w in enumerate(words) if i > 0 and w[:1].isupper() and not w.isupper())
    abbrs = sum(1 for w in words if w.isupper() and 1 < len(w) <= 6)
    first_word = lows[0] if lows else ""
    imperative = bool(re.search(r"(?:йте|ете|ите|ни|те)$", first_word)) and first_word not in {
        "няколко", "мерките", "хората", "властите", "те", "заразените", "новите",
    }
    f: dict[str, float] = {
        "bias": 1.0,
        "figure": 1.0 if figures or number_words else 0.0,
        "digit_figure": 1.0 if figures else 0.0,
        "n_figures": min(len(figures) + number_words, 6) / 6.0,
        "percent": 1.0 if _PERCENT.search(clean) else 0.0,
        "money": 1.0 if _MONEY.search(clean) else 0.0,
        "big_number": 1.0 if _BIG.search(clean) else 0.0,
        "year": 1.0 if _YEAR.search(clean) else 0.0,
        "time_unit": 1.0 if _TIME_UNITS.search(clean) else 0.0,
        "cue": min(cues, 2) / 2.0,
        "attribution": 1.0 if attribution else 0.0,
        "colon_source": 1.0 if re.match(r"^[^:]{2,40}:\s", clean) else 0.0,
        "quote": 1.0 if re.search(r"[\"„“«].{12,}[\"“”»]", clean) else 0.0,
        "question": 1.0 if "?" in clean else 0.0,
        "exclaim": min(clean.count("!"), 3) / 3.0,
        "first_sg": 1.0 if any(w in _FIRST_SG for w in lows) else 0.0,
        "first_pl": 1.0 if any(w in _FIRST_PL for w in lows) else 0.0,
        "second": 1.0 if any(w in _SECOND for w in lows) else 0.0,
        "opinion": 1.0 if any(w in _OPINION for w in lows) else 0.0,
        "imperative": 1.0 if imperative else 0.0,
        "news_verb": 1.0 if any(w in _NEWS_VERBS for w in lows) else 0.0,
        "future": 1.0 if any(w in {"ще", "will"} for w in lows) else 0.0,
        "negation": 1.0 if any(w in lex.negations for w in lows) else 0.0,
        "entities": min(caps_mid + abbrs, 6) / 6.0,
        "url": 1.0 if _URL.search(raw) else 0.0,
        "hashtags": min(len(_HASHTAG.findall(raw)), 5) / 5.0,
        "mentions": min(len(_MENTION.findall(raw)), 5) / 5.0,
        "emoji": min(len(_EMOJI.findall(raw)), 5) / 5.0,
        "length": min(n, 60) / 60.0,
        "short": 1.0 if n < 6 else 0.0,
        "shouting": 1.0 if sum(1 for w in words if w.isupper() and len(w) > 3) >= 2 else 0.0,
        "ellipsis": 1.0 if "..." in clean or "…" in clean else 0.0,
        "health": 1.0 if _HEALTH.search(clean) else 0.0,
        "sensation": 1.0 if _SENSATION.search(clean) else 0.0,
        "routine_stats": 1.0 if _ROUTINE.search(clean) else 0.0,
        "institution": 1.0 if _INSTITUTION.search(raw) else 0.0,
        "headline_source": 1.0 if re.match(r"^[^\s:]{2,25}(?:\s[^\s:]{1,25})?:\s", clean) else 0.0,
        "no_negation_claim": 1.0 if re.search(r"\b(?:няма|не)\s+(?:доказателств|данни|риск)", clean.lower()) else 0.0,
    }
    for s in {stem(w) for w in lows if len(w) > 2}:
        f["w:" + s] = 1.0
    return f


def _logistic(weights: dict[str, float], feats: dict[str, float]) -> float:
    z = sum(weights.get(k, 0.0) * v for k, v in feats.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def claim_probability(text: str, lang: str = "bg", *, feats: dict[str, float] | None = None) -> float:
    """Probability that ``text`` states a checkable claim (0..1)."""
    from desktop.core.analysis.claims.weights import CLAIM_WEIGHTS

    return _logistic(CLAIM_WEIGHTS, feats if feats is not None else text_features(text, lang))


def checkworthiness(text: str, lang: str = "bg", *, feats: dict[str, float] | None = None) -> float:
    """How much a claim in ``text`` is worth checking (0..1), for ranking."""
    from desktop.core.analysis.claims.weights import CHECK_WEIGHTS

    return _logistic(CHECK_WEIGHTS, feats if feats is not None else text_features(text, lang))
