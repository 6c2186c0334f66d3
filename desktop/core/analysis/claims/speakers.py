"""Who said it: reading a speaker phrase, and resolving "той" or "изданието" to a name.

A news article names a speaker once ("говорителката на Съвета за национална
сигурност към Белия дом Адриен Уотсън") and then refers back with a pronoun
("тя"), a possessive ("По думите му") or a role ("представителката на
американското президентство", "американското издание"). The claims panel must
still say *who*. :func:`read_speaker` turns a phrase into a :class:`SpeakerInfo`
(name, class, gender, pronoun, role); :class:`SpeakerTracker` remembers the
speakers named so far and resolves later references to the most recent one
that fits (gender for pronouns, role class for roles), which is how a reader
does it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.analysis.claims.lexicon import Lexicon

QUOTE_CHARS = "\"„“”«»‘’‚'"
#: Role classes narrow enough that "the spokeswoman" can only mean the one named before.
SPECIFIC_ROLES = frozenset({"spokesperson", "minister", "president", "premier", "mayor"})
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


@dataclass
class Entity:
    """A speaker the article has named, as the tracker remembers it."""

    name: str
    cls: str
    gender: str | None
    role_classes: set[str] = field(default_factory=set)
    role_stems: set[str] = field(default_factory=set)
    sentence_ids: list[str] = field(default_factory=list)
    last_pos: int = -1

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower() if self.name.split() else ""


class SpeakerTracker:
    """Named speakers in order of mention; resolves pronouns and roles to the latest fit."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []

    def _find(self, name: str, cls: str) -> Entity | None:
        low = name.lower()
        for e in self.entities:
            if e.name.lower() == low:
                return e
        if cls == "person":
            last = low.split()[-1] if low.split() else ""
            for e in reversed(self.entities):
                if e.cls == "person" and last and (e.surname == last):
                    return e
        return None

    def add(self, info: SpeakerInfo, *, pos: int, sentence_id: str) -> Entity | None:
        """Remember a named speaker (or refresh it); None when the phrase names nobody."""
        if info.name is None:
            return None
        entity = self._find(info.name, info.cls)
        if entity is None:
            entity = Entity(name=info.name, cls=info.cls, gender=info.gender)
            self.entities.append(entity)
        else:
            if len(info.name.split()) > len(entity.name.split()):
                entity.name = info.name
            if entity.gender is None:
                entity.gender = info.gender
        if info.role_class:
            entity.role_classes.add(info.role_class)
        if info.role_stem:
            entity.role_stems.add(info.role_stem)
        if sentence_id not in entity.sentence_ids:
            entity.sentence_ids.append(sentence_id)
        entity.last_pos = max(entity.last_pos, pos)
        return entity

    def _latest(self, pos: int, accept: Callable[[Entity], bool]) -> Entity | None:
        """The entity mentioned last before ``pos`` that ``accept`` allows."""
        best: Entity | None = None
        for e in self.entities:
            if e.last_pos < pos and accept(e) and (best is None or e.last_pos > best.last_pos):
                best = e
        return best

    def resolve(self, info: SpeakerInfo, *, pos: int) -> Entity | None:
        """The earlier-named speaker a pronoun or role phrase refers to, if one fits."""
        if info.first_person:
            return None
        if info.pronoun:
            if info.gender == "p":
                return None
            # The latest person who may be meant: same gender, or gender unknown.
            return self._latest(
                pos,
                lambda e: (
                    e.cls == "person" and (e.gender is None or info.gender is None or e.gender == info.gender)
                ),
            ) or self._latest(
                pos,
                lambda e: (
                    e.cls in {"person", "media", "agency", "org"} and info.gender == "m" and e.cls != "person"
                ),
            )
        if info.name is not None or info.role_class is None:
            return None
        rc = info.role_class
        if rc in {"media", "agency"}:
            return self._latest(pos, lambda e: e.cls == rc or rc in e.role_classes)
        if rc == "institution":
            return None  # "министерството" speaks for itself
        # Narrow roles (spokesperson, minister, mayor ...) match by class; broad
        # ones ("official": director, economist ...) only by the same word.
        specific = rc in SPECIFIC_ROLES
        stem = info.role_stem
        return self._latest(
            pos,
            lambda e: (
                e.cls == "person"
                and rc in e.role_classes
                and (specific or (stem is not None and stem in e.role_stems))
                and (e.gender is None or info.gender is None or e.gender == info.gender)
            ),
        )

    def latest_person(self, *, pos: int) -> Entity | None:
        return self._latest(pos, lambda e: e.cls == "person")
