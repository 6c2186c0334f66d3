"""Speaker phrases: where the speaker is named, and what the phrase says about them.

Every piece of noun-phrase and subject logic lives here, so the candidate
rules (:mod:`.quotes`, :mod:`.rules`) only ask *where* a speaker phrase is and
never judge one themselves:

* :func:`np_after` — the phrase after a postposed cue ("..., каза днес
  говорителката ... Адриен Уотсън", "..., said Kirby on Wednesday");
* :func:`np_after_attribution` — the source after "според" / "according to";
* :func:`subject_before` — the subject of a preposed cue ("Кърби припомни, че");
* :func:`sentence_subject` — the noun phrase opening a sentence, for a
  coordinated verb ("..., но настоя");
* :func:`read_speaker` — a phrase turned into a :class:`SpeakerInfo` (name,
  class, gender, pronoun, role), which :mod:`.coreference` resolves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.text import (
    QUOTE_CHARS,
    STOP_PUNCT,
    Token,
    is_cue_token,
    is_title,
    tokenize,
)


@dataclass(frozen=True)
class SpeakerInfo:
    """What a speaker phrase says about its speaker."""

    surface: str
    name: str | None = None  # proper name in the phrase ("Адриен Уотсън", "Ню Йорк таймс")
    cls: str = "person"  # person | agency | media | org | source
    gender: str | None = None  # "m", "f", "p" (plural) or None when unknown
    pronoun: bool = False
    role_class: str | None = None  # spokesperson, media, agency, minister, ...
    role_stem: str | None = None  # the role word's stem ("директор"), to match a later "директорът"
    first_person: bool = False


def _role_match(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """(class, stem) of a role noun such as "говорителката" -> ("spokesperson", "говорител")."""
    low = word.lower()
    for cls, stems in lex.role_classes.items():
        for stem in stems:
            if " " in stem:
                continue
            if low.startswith(stem) and len(low) <= len(stem) + 6:
                return cls, stem
    return None


def _role_class(word: str, lex: Lexicon) -> str | None:
    match = _role_match(word, lex)
    return match[0] if match else None


def _known_multiword(tokens: list[Token], i: int, lex: Lexicon) -> int:
    """How many tokens from ``i`` form a known multi-word name ("Франс прес", "Белия дом")."""
    known = lex.agencies | lex.media | lex.places
    for n in (4, 3, 2):
        if i + n <= len(tokens):
            words = tokens[i : i + n]
            if all(t.is_word for t in words) and " ".join(t.low for t in words) in known:
                return n
    return 1


def _cap_runs(tokens: list[Token], lex: Lexicon) -> list[tuple[int, int]]:
    """Index ranges [i, j) of capitalised-word runs, with known multi-word names joined."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.is_word and t.is_cap:
            j = i
            while j < len(tokens) and tokens[j].is_word and tokens[j].is_cap:
                j += _known_multiword(tokens, j, lex)
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _name_gender(name: str) -> str | None:
    """Gender from a Bulgarian personal name, when its form shows it."""
    words = name.split()
    if not words:
        return None
    last = words[-1].lower()
    if re.search(r"(?:ова|ева|ска|ина|цка)$", last):
        return "f"
    if re.search(r"(?:ов|ев|ски|ин|цки)$", last):
        return "m"
    if len(words) > 1:
        first = words[0].lower()
        if first.endswith(("а", "я")) and first not in {"никола", "илия", "кузма", "лука", "сава"}:
            return "f"
    return None


def read_speaker(surface: str, lex: Lexicon, *, sentence_initial: bool = False) -> SpeakerInfo:
    """Read a speaker phrase: its proper name (if any), class, gender and role.

    The name is the capitalised run that closes the phrase ("... към Белия дом
    Адриен Уотсън"); a run after a preposition is the body the person speaks
    for ("говорителя на Кремъл Дмитрий Песков" -> "Дмитрий Песков"), and a run
    that is *only* such a body leaves the phrase nameless, to be resolved.
    """
    text = surface.strip()
    tokens = tokenize(text)
    words = [t for t in tokens if t.is_word]
    if not words:
        return SpeakerInfo(surface=text)
    if len(words) == 1 and words[0].low in lex.pronouns:
        return SpeakerInfo(surface=text, pronoun=True, gender=lex.pronouns[words[0].low])
    if len(words) == 1 and words[0].low in lex.first_person:
        return SpeakerInfo(surface=text, first_person=True)

    # A short quoted name: вестник "Ню Йорк таймс".
    quoted = re.search(r"[\"„“«]([^\"„“”«»]{1,60})[\"“”»]", text)
    role_class: str | None = None
    role_word: Token | None = None
    for t in words:
        if t.is_cap and t is not words[0]:
            continue
        rc = _role_class(t.text, lex)
        if rc is not None:
            role_class, role_word = rc, t
            break
    gender: str | None = None
    role_gender_marked = False
    if role_word is not None and role_class not in {"media", "agency"}:
        if lex.lang == "bg":
            # "говорителката" is marked feminine; a masculine role noun ("директор")
            # is also used for women, so the name may still say otherwise.
            role_gender_marked = bool(lex.feminine_role.search(role_word.low))
            gender = "f" if role_gender_marked else "m"
        else:
            if lex.feminine_role.search(role_word.low):
                gender = "f"
            elif role_word.low.endswith("man"):
                gender = "m"

    name: str | None = None
    if quoted:
        name = quoted.group(1).strip()
    else:
        runs = _cap_runs(tokens, lex)
        # The first word of a sentence is capitalised anyway: a role or
        # function word there ("Говорителят", "The") is not a name.
        runs = [
            (i, j)
            for (i, j) in runs
            if not (
                i == 0
                and j == 1
                and (_role_class(tokens[0].text, lex) is not None or tokens[0].low in {"the", "a", "an"})
            )
        ]
        if runs and runs[0][0] == 0 and _role_class(tokens[0].text, lex) is not None:
            i0, j0 = runs[0]
            runs[0] = (i0 + 1, j0)
            if runs[0][0] >= runs[0][1]:
                runs.pop(0)
        titled = [(i, j) for (i, j) in runs if i > 0 and is_title(tokens[i - 1])]
        if titled:
            # "проф. Георги Иванов от Икономическия университет – Варна": the titled run.
            i, j = titled[0]
            name = " ".join(t.text for t in tokens[i:j])
            runs = []
        if runs:
            i, j = runs[-1]
            run_words = [t.text for t in tokens[i:j]]
            p = i - 1
            while p >= 0 and tokens[p].low in {"the", "a", "an"}:
                p -= 1
            prev = tokens[p].low if p >= 0 else ""
            after_prep = prev in lex.prepositions
            trailing = [t for t in tokens[j:] if t.is_word]
            if trailing:
                # A capitalised modifier, not the speaker's name: "the American
                # newspaper", "White House spokeswoman" — except a named outlet
                # ("the Yonhap news agency").
                nationality = len(run_words) == 1 and re.search(r"(?:an|ese|ish|ian|i)$", run_words[0])
                if role_class in {"media", "agency"} and not nationality and not after_prep:
                    name = " ".join(run_words)
            elif after_prep:
                # "на Кремъл Дмитрий Песков": the body first, the person after.
                k = 0
                while k < len(run_words):
                    n = _known_multiword(tokens, i + k, lex)
                    joined = " ".join(t.low for t in tokens[i + k : i + k + n])
                    if joined in lex.places or (tokens[i + k].text.isupper() and len(tokens[i + k].text) > 1):
                        k += n
                    else:
                        break
                rest = run_words[k:]
                if k == 0:
                    # "на Кремъл Дмитрий Песков" has a known body; without one, only a
                    # run of three or more words holds a person ("съпругът на Асия Биби"
                    # does not name the husband).
                    rest = run_words[-2:] if len(run_words) >= 3 else []
                if len(rest) >= 2 or (rest and k > 0):
                    name = " ".join(rest)
            else:
                name = " ".join(run_words)

    cls = "person"
    if name is not None:
        low = name.lower()
        if low in lex.agencies or role_class == "agency":
            cls = "agency"
        elif low in lex.media or role_class == "media":
            cls = "media"
        elif low in lex.places or (name.isupper() and len(name) > 1):
            cls = "org"
        if cls == "person" and lex.lang == "bg" and not role_gender_marked:
            gender = _name_gender(name) or gender
    else:
        if role_class in {"media", "agency"}:
            cls = role_class
        elif role_class is None:
            cls = "source"
    if cls != "person":
        gender = None
    role_stem = None
    if role_word is not None:
        match = _role_match(role_word.text, lex)
        role_stem = match[1] if match else None
    return SpeakerInfo(
        surface=text, name=name, cls=cls, gender=gender, role_class=role_class, role_stem=role_stem
    )


# --- where the speaker phrase is ---------------------------------------------


def np_after(
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
                and not (tokens[k].is_cap or is_title(tokens[k]) or role_like(tokens[k], lex))
            ):
                k += 1
            if (
                k < n
                and k <= i + 5
                and (tokens[k].is_cap or is_title(tokens[k]) or role_like(tokens[k], lex))
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
            if t.text in STOP_PUNCT:
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


def np_after_attribution(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
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
        while j < n and (tokens[j].is_cap or tokens[j].text in {"-"}) and tokens[j].text not in STOP_PUNCT:
            j += 1
    else:
        k = i
        head = None
        while k < n and k < i + 4 and tokens[k].is_word and tokens[k].low not in lex.prepositions:
            if tokens[k].low in lex.source_nouns or role_like(tokens[k], lex):
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


def role_like(tok: Token, lex: Lexicon) -> bool:
    """Whether ``tok`` is a role noun ("говорителката", "министърът", "spokesman")."""
    return _role_match(tok.text, lex) is not None


def subject_before(
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
            if k < first or not inside or len(inside) > 5 or any(x.text in STOP_PUNCT for x in inside):
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
        if not any(role_like(x, lex) for x in head) or any(x.low in lex.not_in_speaker for x in head):
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
            and (tokens[k + 1].is_cap or role_like(tokens[k + 1], lex))
            and not role_like(tokens[k - 1], lex)
        ):
            start = k + 1
            break
    # "и"/"а" open the clause; "От БСП заявиха" names БСП.
    if tokens[start].low in {"и", "а", "но", "and", "but", "от", "from"} and start < end:
        start += 1
    if start > end or end - start > 16:
        return None
    return start, end + 1


def sentence_subject(tokens: list[Token], lex: Lexicon) -> tuple[int, int] | None:
    """The noun phrase opening a sentence, when it names someone ("Кметът на Варна Петър Николов")."""
    k = 0
    named = False
    while k < len(tokens):
        t = tokens[k]
        if t.is_cap or is_title(t):
            named = named or (t.is_cap and k > 0) or role_like(t, lex)
        elif not (
            t.low in lex.prepositions or role_like(t, lex) or _ADJ_LIKE.search(t.low) or t.text in "-–"
        ):
            break
        k += 1
    if k == 0 or not named or k > 12:
        return None
    return 0, k
