"""What a speaker phrase says: its name, class, gender, role, affiliations and definiteness.

:func:`read_speaker` reads one phrase ("говорителката на Съвета за национална
сигурност към Белия дом Адриен Уотсън", "Alexandra Tower, a spokeswoman for
the bank", "анонимни източници") into a :class:`SpeakerInfo`, which
:mod:`.coreference` resolves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.lexicon.words import (
    definite_role,
    is_org_name,
    name_gender,
    role_class,
    role_match,
)
from desktop.core.analysis.claims.text import Token, is_title, tokenize


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
    definite: bool = True  # "говорителят" refers back; "говорител на ..." is someone new
    affiliations: tuple[str, ...] = ()  # bodies the phrase ties the speaker to ("сзо", "white house")
    words: tuple[str, ...] = ()  # the phrase's lower-case words, to match "банката" to "Световната банка"
    plural: bool = False
    role_stems: tuple[str, ...] = ()  # every role word's stem ("вицепрезидент", "анализатор")


_ARTICLES = frozenset({"the", "a", "an"})


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
    """Index ranges [i, j) of capitalised-word runs, with known multi-word names joined.

    "of"/"на" between capitalised words stays in the run when a capitalised
    word follows it ("Bank of America").
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.is_word and t.is_cap:
            j = i
            while j < len(tokens):
                if tokens[j].is_word and tokens[j].is_cap:
                    j += _known_multiword(tokens, j, lex)
                elif (
                    lex.lang == "en"
                    and tokens[j].low == "of"
                    and j + 1 < len(tokens)
                    and tokens[j + 1].is_cap
                    and tokens[i].low not in _ARTICLES
                ):
                    j += 1
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _affiliations(tokens: list[Token], lex: Lexicon, name: str | None = None) -> tuple[str, ...]:
    """Bodies named after a preposition in the phrase; an abbreviation in brackets joins its name.

    "генералният директор на Световната здравна организация (СЗО) Тедрос ..."
    -> ("Световната здравна организация (СЗО)",): from a capitalised word after
    the preposition to the next preposition, bracket or the person's name.
    """
    out: list[str] = []
    name_start = len(tokens)
    if name:
        first = name.split()[0]
        name_start = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].text == first), len(tokens))
    k = 0
    while k < name_start:
        before = tokens[k - 1].low if k > 0 else ""
        if tokens[k].is_cap and (before in lex.prepositions or before in {"към", "for", "at", "of"}):
            j = k + 1
            while j < name_start and tokens[j].is_word and tokens[j].low not in lex.prepositions:
                j += 1
            body = " ".join(t.text for t in tokens[k:j])
            if j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 2].text == ")":
                body = f"{body} ({tokens[j + 1].text})"
                j += 3
            out.append(body)
            k = j
            continue
        k += 1
    return tuple(out)


def _role_of(words: list[Token], lex: Lexicon) -> tuple[Token | None, str | None]:
    """The phrase's role noun: the first that is not part of a name (a title before one counts)."""
    for k, t in enumerate(words):
        if t.is_cap and k > 0 and not (k + 1 < len(words) and words[k + 1].is_cap) and words[k - 1].low not in _ARTICLES:
            continue  # a capitalised role inside a name is not one; "Senator Charles Schumer", "the Chancellor" are
        rc = role_class(t.text, lex)
        if rc is not None:
            return t, rc
    return None, None


#: Bulgarian definite endings: a capitalised first word with one is a common noun
#: ("Семейството", "Банката", "Властите"), not a name.
_BG_ARTICLE = re.compile(r"(?:ът|ят|та|то|те|ите|ата|ята)$")


def _common_word(tok: Token, lex: Lexicon) -> bool:
    """A capitalised word that opens a phrase only because it opens the sentence."""
    low = tok.low
    if low in _ARTICLES or low in lex.pronouns or low in lex.anaphors or low in lex.prepositions:
        return True
    if lex.lang == "bg":
        return bool(_BG_ARTICLE.search(low)) and len(low) > 4 and low not in lex.places and low not in lex.media
    return low in _EN_FUNCTION or (low.endswith("s") and not low.endswith(("ss", "us", "is")) and low[:-1] in _EN_NOUNS)


_EN_FUNCTION = frozenset({"this", "that", "these", "those", "it", "there", "some", "many", "most", "all", "both"})
#: Common nouns that open English sentences as plural subjects ("Shops said", "Officials say").
_EN_NOUNS = frozenset(
    {"shop", "official", "source", "analyst", "expert", "resident", "witness", "economist", "critic", "campaigner",
     "researcher", "scientist", "doctor", "investor", "trader", "parent", "teacher", "worker", "union", "firm",
     "retailer", "company", "bank", "user", "customer", "voter", "minister", "leader", "politician", "police"}
)  # fmt: skip


def _with_org_noun(tokens: list[Token], i: int, j: int, lex: Lexicon) -> tuple[int, int]:
    """A capitalised run extended over the lower-case words of an organisation's name.

    Bulgarian capitalises only the first word: "Световната здравна организация",
    "Върховната рада", "Европейската комисия".
    """
    if lex.lang != "bg":
        return i, j
    for k in range(j, min(j + 3, len(tokens))):
        if not tokens[k].is_word or tokens[k].is_cap or tokens[k].low in lex.prepositions:
            break
        if is_org_name(tokens[k].text, lex):
            return i, k + 1
    return i, j


def _name_from_runs(tokens: list[Token], role_class_: str | None, lex: Lexicon) -> str | None:
    """The proper name a phrase gives, from its capitalised runs (see :func:`read_speaker`)."""
    runs = [_with_org_noun(tokens, i, j, lex) for i, j in _cap_runs(tokens, lex)]
    # The first word of a sentence is capitalised anyway: a role or function
    # word there ("Говорителят", "The") is not a name.
    runs = [
        (i, j)
        for (i, j) in runs
        if not (
            i == 0 and j == 1 and (role_class(tokens[0].text, lex) is not None or _common_word(tokens[0], lex))
        )
    ]
    trimmed = []
    for i, j in runs:
        # Leading roles and articles inside a run: "Tory leader Michael Howard", "The Bank of America".
        while i < j and (role_class(tokens[i].text, lex) is not None or tokens[i].low in _ARTICLES) and j - i > 1:
            i += 1
        # A title inside a run: "New York Senator Charles Schumer", "Prime Minister Jane Doe".
        titles = [m for m in range(i, j - 1) if role_class(tokens[m].text, lex) not in {None, "institution"}]
        if titles and not is_org_name(" ".join(t.text for t in tokens[i:j]), lex):
            i = titles[-1] + 1
        trimmed.append((i, j))
    # A run that is only a role ("The Chancellor") names nobody.
    runs = [(i, j) for (i, j) in trimmed if not (j - i == 1 and role_class(tokens[i].text, lex) is not None)]
    titled = [(i, j) for (i, j) in runs if i > 0 and is_title(tokens[i - 1])]
    if titled:
        # "проф. Георги Иванов от Икономическия университет – Варна": the titled run.
        i, j = titled[0]
        return " ".join(t.text for t in tokens[i:j])
    if not runs:
        return None
    i, j = runs[-1]
    run_words = [t.text for t in tokens[i:j]]
    p = i - 1
    while p >= 0 and tokens[p].low in _ARTICLES:
        p -= 1
    prev = tokens[p].low if p >= 0 else ""
    after_prep = prev in lex.prepositions
    trailing = [t for t in tokens[j:] if t.is_word]
    if trailing:
        # A capitalised modifier, not the speaker's name: "the American
        # newspaper", "White House spokeswoman" — except a named outlet
        # ("the Yonhap news agency").
        nationality = len(run_words) == 1 and re.search(r"(?:an|ese|ish|ian|i)$", run_words[0])
        if role_class_ in {"media", "agency"} and not nationality and not after_prep:
            return " ".join(run_words)
        return None
    if after_prep:
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
            rest = run_words[-2:] if len(run_words) >= 3 and not is_org_name(" ".join(run_words), lex) else []
        if len(rest) >= 2 or (rest and k > 0):
            return " ".join(rest)
        return None
    return " ".join(run_words)


def read_speaker(surface: str, lex: Lexicon, *, sentence_initial: bool = False) -> SpeakerInfo:
    """Read a speaker phrase: its proper name (if any), class, gender, role and definiteness.

    The name is the capitalised run that closes the phrase ("... към Белия дом
    Адриен Уотсън"); a run after a preposition is the body the person speaks
    for ("говорителя на Кремъл Дмитрий Песков" -> "Дмитрий Песков"), and a run
    that is *only* such a body leaves the phrase nameless, to be resolved. In
    an apposition the name comes first ("Ашик Масих, съпругът на Асия Биби";
    "Alexandra Tower, a spokeswoman for the bank").
    """
    del sentence_initial
    text = surface.strip()
    tokens = tokenize(text)
    if tokens and tokens[0].low in {"от", "from"} and len(tokens) > 1:
        text = text[tokens[1].start :]
        tokens = tokenize(text)
    words = [t for t in tokens if t.is_word]
    if not words:
        return SpeakerInfo(surface=text)
    lows = tuple(t.low for t in words)
    if len(words) == 1 and words[0].low in lex.pronouns:
        marked = lex.pronouns[words[0].low]
        return SpeakerInfo(surface=text, pronoun=True, gender=marked, plural=marked == "p", words=lows)
    if len(words) == 1 and words[0].low in lex.first_person:
        return SpeakerInfo(surface=text, first_person=True, words=lows)
    if "," in text and tokens[0].is_cap:
        # An apposition: "Ашик Масих, съпругът на Асия Биби" — the name, then the role.
        head, _, rest = text.partition(",")
        first = read_speaker(head, lex)
        if first.name is not None and len(tokenize(head)) <= 5:
            second = read_speaker(rest, lex)
            return SpeakerInfo(
                surface=text,
                name=first.name,
                cls=first.cls,
                gender=first.gender or second.gender,
                role_class=second.role_class,
                role_stem=second.role_stem,
                role_stems=second.role_stems,
                affiliations=second.affiliations,
                words=lows,
            )

    # A short quoted name: вестник "Ню Йорк таймс".
    quoted = re.search(r"[\"„“«]([^\"„“”«»]{1,60})[\"“”»]", text)
    role_word, rclass = _role_of(words, lex)
    gender: str | None = None
    role_gender_marked = False
    definite = True
    role_stem = None
    if role_word is not None:
        match = role_match(role_word.text, lex)
        role_stem = match[1] if match else None
        k = next(n for n, t in enumerate(tokens) if t is role_word)
        previous = tokens[k - 1].text if k > 0 else ""
        definite = definite_role(role_word.text, role_stem or role_word.low, lex, previous)
    if role_word is not None and rclass not in {"media", "agency"}:
        if lex.lang == "bg":
            # "говорителката" is marked feminine; a masculine role noun ("директор")
            # is also used for women, so the name may still say otherwise.
            role_gender_marked = bool(lex.feminine_role.search(role_word.low))
            gender = "f" if role_gender_marked else "m"
        elif lex.feminine_role.search(role_word.low):
            gender = "f"
        elif role_word.low.endswith("man"):
            gender = "m"

    name = quoted.group(1).strip() if quoted else _name_from_runs(tokens, rclass, lex)
    affiliations = _affiliations(tokens, lex, name)
    if quoted and rclass not in {None, "media", "agency", "institution"}:
        before = text[: quoted.start()].split()
        if before and before[-1].lower() in lex.prepositions:
            # 'Лидерът на "Техрик-и-лабаик"': the body is named, not the person.
            affiliations = (*affiliations, quoted.group(1).strip())
            name = None
    if name is not None and " " in name:
        # "Mr Blair", "г-жа Иванова": the title shows the gender and is not part of the name.
        title, _, rest = name.partition(" ")
        if title.rstrip(".").lower() in lex.gendered_titles:
            gender = lex.gendered_titles[title.rstrip(".").lower()]
            role_gender_marked = True
            name = rest
    cls = "person"
    if name is not None:
        low = name.lower()
        if low in lex.agencies or rclass == "agency":
            cls = "agency"
        elif low in lex.media or rclass == "media":
            cls = "media"
        elif low in lex.places or (name.isupper() and len(name) > 1) or is_org_name(name, lex):
            cls = "org"
        elif quoted and rclass in {None, "institution"}:
            cls = "org"  # партия "Терек е Лабайк"
        if cls == "person" and not role_gender_marked:
            gender = name_gender(name, lex) or gender
    elif rclass in {"media", "agency"}:
        cls = rclass
    elif rclass is None or rclass == "institution":
        cls = "source" if rclass is None else "org"
    if cls != "person":
        gender = None
    head_plural = bool(words) and (words[-1].low.endswith(("ите", "и", "те")) if lex.lang == "bg" else words[-1].low.endswith("s"))
    stems = tuple(
        m[1]
        for m in (role_match(t.text, lex) for t in words)
        if m is not None and m[0] not in {"institution", "media", "agency"}
    )
    return SpeakerInfo(
        surface=text,
        name=name,
        cls=cls,
        gender=gender,
        role_class=rclass,
        role_stem=role_stem,
        role_stems=stems,
        definite=definite,
        affiliations=affiliations,
        words=lows,
        plural=name is None and head_plural,
    )
