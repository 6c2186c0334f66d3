"""Who a pronoun or role refers to: the people and bodies an article has named, in reading order.

A news article names a speaker once ("говорителката на Съвета за национална
сигурност към Белия дом Адриен Уотсън") and then refers back with a pronoun
("тя"), a possessive ("По думите му"), a role ("представителката на
американското президентство") or the head noun of a name ("банката" for
"Световната банка", "the bank" for "Bank of America"). :class:`SpeakerTracker`
remembers who was named — as a speaker or as the subject of a sentence — and
resolves a later reference to the most recent one that fits: gender for
pronouns, role or affiliation for roles, name words for head nouns. An
indefinite role ("говорител на министерството", "a spokesman") is someone
new and is not resolved. :func:`resolve_speaker` is the speaker stage's entry
point: a phrase (or none, for pro-drop) in, a :class:`Resolution` with a
confidence out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.lexicon.words import plural_verb
from desktop.core.analysis.claims.speakers.phrase import SpeakerInfo, read_speaker
from desktop.core.analysis.names import first_name_gender

#: Role classes narrow enough that "the spokeswoman" can only mean the one named before.
SPECIFIC_ROLES = frozenset({"spokesperson", "minister", "president", "premier", "mayor"})
#: How many sentences back the tracker remembers a name (far more than an article holds).
MEMORY_SENTENCES = 80
#: Words too common to tie a head noun to a name.
_WEAK_WORDS = frozenset({"на", "от", "за", "и", "в", "the", "of", "and", "for", "a", "an", "new", "нов", "нова"})


def _stem(word: str) -> str:
    return word.lower()[:5]


@dataclass
class Entity:
    """Someone (or some body) the article has named, as the tracker remembers it."""

    name: str
    cls: str  # person | org | media | agency | group | source
    gender: str | None
    role_classes: set[str] = field(default_factory=set)
    role_stems: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)  # an organisation's abbreviation ("СЗО")
    sentence_ids: list[str] = field(default_factory=list)
    last_pos: int = -1
    last_sentence: int = -1
    spoke: bool = False  # a speaker, not only a sentence's subject
    named: bool = True  # False for "говорителка на министерството", "анонимни източници"

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower() if self.name.split() else ""

    @property
    def stems(self) -> set[str]:
        """Stems of the words of its name and of the bodies it belongs to."""
        words = re.findall(r"[^\W\d_]+", " ".join([self.name, *self.affiliations, *self.aliases]).lower())
        return {_stem(w) for w in words if w not in _WEAK_WORDS and len(w) > 2}


class SpeakerTracker:
    """Named people and bodies in order of mention; resolves pronouns, roles and head nouns."""

    def __init__(self, full_names: dict[str, str] | None = None) -> None:
        self.entities: list[Entity] = []
        #: surname -> the full name the article gives somewhere ("георгиев" -> "Иван Георгиев")
        self.full_names = full_names or {}

    def _find(self, name: str, cls: str) -> Entity | None:
        low = name.lower()
        for e in self.entities:
            if e.name.lower() == low or (e.cls == "org" and low in {a.lower() for a in e.aliases}):
                return e
        if cls == "person":
            last = low.split()[-1] if low.split() else ""
            for e in reversed(self.entities):
                if e.cls == "person" and last and e.surname == last:
                    return e
        return None

    def _touch(self, entity: Entity, pos: int, sentence_id: str, sentence: int) -> None:
        if sentence_id not in entity.sentence_ids:
            entity.sentence_ids.append(sentence_id)
        entity.last_pos = max(entity.last_pos, pos)
        entity.last_sentence = max(entity.last_sentence, sentence)

    def forget_before(self, sentence: int) -> None:
        """Drop whoever was last mentioned before ``sentence``: a reader's memory, and linear work on long texts.

        An article is far shorter than the window, so nothing an article refers
        back to is forgotten; a 20 MB file does not make every look-up scan
        every name it ever met.
        """
        if len(self.entities) > MEMORY_SENTENCES:
            self.entities = [e for e in self.entities if e.last_sentence >= sentence - MEMORY_SENTENCES]

    def known(self, name: str) -> bool:
        """Whether a person or body of this name (or surname) was met before."""
        return self._find(name, "person") is not None

    def add(
        self, info: SpeakerInfo, *, pos: int, sentence_id: str, sentence: int = -1, spoke: bool = True
    ) -> Entity | None:
        """Remember a named person or body (or refresh it); None when the phrase names nobody."""
        name = info.name
        if name is None:
            return None
        if info.cls == "person" and " " not in name and name.lower() in self.full_names:
            # "Georgiev said" where the article names "Ivan Georgiev" elsewhere: the full name.
            name = self.full_names[name.lower()]
            if info.gender is None:
                info = replace(info, gender=first_name_gender(name.split()[0]))
        entity = self._find(name, info.cls)
        if entity is None:
            entity = Entity(name=name, cls=info.cls, gender=info.gender)
            self.entities.append(entity)
        else:
            if len(name.split()) > len(entity.name.split()) and info.cls == entity.cls:
                entity.name = name
            if entity.gender is None:
                entity.gender = info.gender
        if info.role_class:
            entity.role_classes.add(info.role_class)
        entity.role_stems.update(info.role_stems)
        entity.affiliations.update(info.affiliations)
        entity.spoke = entity.spoke or spoke
        self._touch(entity, pos, sentence_id, sentence)
        for body in info.affiliations:
            # The bodies a person speaks for are named too: "Организацията" later.
            name, _, alias = body.partition(" (")
            if self._find(name, "org") is None and (not alias or self._find(alias.rstrip(")"), "org") is None):
                org = Entity(name=body, cls="org", gender=None, aliases={name, alias.rstrip(")")} - {""})
                org.last_pos, org.last_sentence = pos - 1, sentence
                self.entities.append(org)
        return entity

    def add_unnamed(self, info: SpeakerInfo, *, pos: int, sentence_id: str, sentence: int) -> Entity:
        """Remember an unnamed speaker introduced by a role ("говорителка на министерството")."""
        entity = Entity(
            name=info.surface, cls="person", gender=info.gender, role_classes={info.role_class or ""}, named=False
        )
        entity.role_stems.update(info.role_stems)
        entity.affiliations.update(info.affiliations)
        entity.spoke = True
        self._touch(entity, pos, sentence_id, sentence)
        self.entities.append(entity)
        return entity

    def add_group(self, info: SpeakerInfo, *, pos: int, sentence_id: str, sentence: int) -> Entity:
        """Remember an unnamed plural speaker ("анонимни източници"), for a later "те"/"they"."""
        entity = Entity(name=info.surface, cls="group", gender="p", named=False)
        self._touch(entity, pos, sentence_id, sentence)
        self.entities.append(entity)
        return entity

    def _latest(self, pos: int, accept: Callable[[Entity], bool]) -> Entity | None:
        """The entity mentioned last before ``pos`` that ``accept`` allows."""
        best: Entity | None = None
        for e in self.entities:
            if e.last_pos < pos and accept(e) and (best is None or e.last_pos > best.last_pos):
                best = e
        return best

    def _by_head_noun(self, info: SpeakerInfo, pos: int) -> Entity | None:
        """A body named earlier whose name holds the phrase's noun: "банката", "the bank", "bank officials"."""
        stems = {_stem(w) for w in info.words if w not in _WEAK_WORDS and len(w) > 3}
        if not stems:
            return None
        return self._latest(pos, lambda e: e.cls in {"org", "media", "agency"} and bool(stems & e.stems))

    def resolve(self, info: SpeakerInfo, *, pos: int, sentence: int = -1) -> tuple[Entity | None, float]:
        """The earlier-named speaker a pronoun or role phrase refers to, and how sure that is."""
        if info.first_person or info.name is not None:
            return None, 0.0
        if info.pronoun:
            return self._resolve_pronoun(info, pos, sentence)
        body = self._by_head_noun(info, pos)
        if info.role_class is None or info.role_class == "institution":
            # "министерството", "банката", "the bank": a body named before, else itself.
            return (body, 0.8) if body is not None else (None, 0.0)
        if body is not None and (info.plural or not info.definite):
            return body, 0.7  # "bank officials", "представители на банката": the bank speaks
        if not info.definite:
            return None, 0.0
        rc = info.role_class
        if rc in {"media", "agency"}:
            found = self._latest(pos, lambda e: e.cls == rc or rc in e.role_classes)
            return (found, 0.8) if found is not None else (body, 0.7) if body is not None else (None, 0.0)

        def fits(e: Entity) -> bool:
            return e.cls == "person" and (e.gender is None or info.gender is None or e.gender == info.gender)

        if info.affiliations:
            wanted = {_stem(w) for a in info.affiliations for w in a.split() if w not in _WEAK_WORDS}
            found = self._latest(pos, lambda e: fits(e) and bool(wanted & e.stems) and bool(e.role_classes))
            if found is not None:
                return found, 0.8
        # Narrow roles (spokesperson, minister, mayor ...) match by class; broad
        # ones ("official": director, economist ...) only by the same word.
        specific = rc in SPECIFIC_ROLES
        stem = info.role_stem
        found = self._latest(
            pos,
            lambda e: (
                fits(e) and rc in e.role_classes and (specific or (stem is not None and stem in e.role_stems))
            ),
        )
        if found is not None:
            return found, 0.8
        # "Tony Blair ... The prime minister has told": a definite role right
        # after a person whose role the text has not given is that person.
        recent = self._latest(pos, lambda e: fits(e) and not e.role_classes and e.last_sentence >= sentence - 1)
        if recent is not None:
            return recent, 0.55
        return None, 0.0

    def _resolve_pronoun(self, info: SpeakerInfo, pos: int, sentence: int) -> tuple[Entity | None, float]:
        if info.gender == "p":
            found = self._latest(pos, lambda e: e.cls in {"group", "org"})
            return (found, 0.65) if found is not None else (None, 0.0)
        # The latest person who may be meant (same gender, or gender unknown):
        # a speaker, or the subject of the sentence just before.
        found = self._latest(
            pos,
            lambda e: (
                e.cls == "person"
                and (e.gender is None or info.gender is None or e.gender == info.gender)
                and (e.spoke or e.last_sentence >= sentence - 1)
            ),
        )
        if found is None and info.gender is not None:
            # No recent speaker of that gender: the last person of it the article named.
            found = self._latest(pos, lambda e: e.cls == "person" and e.gender == info.gender)
            if found is not None:
                return found, 0.7
        if found is not None:
            return found, 0.85 if info.gender is not None and found.gender == info.gender else 0.7
        # Bulgarian grammatical gender: "вестникът ... той".
        found = self._latest(pos, lambda e: e.cls in {"media", "agency", "org"} and info.gender == "m")
        return (found, 0.5) if found is not None else (None, 0.0)

    def latest_person(self, *, pos: int, gender: str | None = None) -> Entity | None:
        return self._latest(
            pos, lambda e: e.cls == "person" and (gender is None or e.gender is None or e.gender == gender)
        )


@dataclass(frozen=True)
class Resolution:
    """The speaker stage's answer for one claim: what its phrase says, who it is, how sure."""

    info: SpeakerInfo | None = None
    entity: Entity | None = None
    name: str | None = None
    confidence: float = 0.0


def _cue_gender(text: str, cue: tuple[int, int] | None, lex: Lexicon) -> str | None:
    """A Bulgarian l-participle shows the speaker's gender: "казала" (she), "казал" (he)."""
    if cue is None or lex.lang != "bg":
        return None
    cue_word = text[cue[0] : cue[1]].split()[0].lower()
    if cue_word in lex.reporting_verbs and cue_word.endswith("ла"):
        return "f"
    if cue_word in lex.reporting_verbs and cue_word.endswith("л"):
        return "m"
    return None


def resolve_speaker(
    text: str,
    speaker: tuple[int, int] | None,
    cue: tuple[int, int] | None,
    *,
    implicit: bool,
    pos: int,
    lex: Lexicon,
    tracker: SpeakerTracker,
    sentence_id: str,
    sentence_start: int,
    sentence: int = -1,
) -> Resolution:
    """Name the speaker of a claim: the phrase's own name, or the earlier speaker it refers to.

    ``speaker`` is the phrase's span (None when the text names nobody);
    ``implicit`` marks a pro-drop cue ("Заяви още, че ..."), whose speaker is
    the last person named (of the gender a Bulgarian participle shows). A
    phrase that names someone is remembered for later references; one that
    names nobody and cannot be resolved stays as it is ("анонимни източници").
    """
    del sentence_start
    gender = _cue_gender(text, cue, lex)
    if speaker is None:
        if implicit:
            ent = tracker.latest_person(pos=pos, gender=gender)
            if ent is not None:
                # A participle's gender that matches makes the guess a reading, not a guess.
                sure = gender is not None and ent.gender == gender
                return Resolution(entity=ent, name=ent.name, confidence=0.7 if sure else 0.5)
        return Resolution()
    surface = text[speaker[0] : speaker[1]]
    info = read_speaker(surface, lex)
    if info.pronoun and info.gender is None and gender is not None:
        info = replace(info, gender=gender)
    if info.name is not None:
        named = info
        if info.cls == "person" and info.gender is None and gender is not None:
            named = replace(info, gender=gender)
        ent = tracker.add(named, pos=pos, sentence_id=sentence_id, sentence=sentence)
        return Resolution(info=info, entity=ent, name=ent.name if ent is not None else info.name, confidence=1.0)
    ent, confidence = tracker.resolve(info, pos=pos, sentence=sentence)
    if ent is not None:
        tracker._touch(ent, pos, sentence_id, sentence)
        if info.role_class and ent.cls == "person":
            ent.role_classes.add(info.role_class)
            ent.role_stems.update(info.role_stems)
        return Resolution(info=info, entity=ent, name=ent.name, confidence=confidence)
    if info.pronoun or info.first_person:
        return Resolution(info=info)
    if info.plural or (cue is not None and _plural_cue(text, cue, lex)):
        group = tracker.add_group(info, pos=pos, sentence_id=sentence_id, sentence=sentence)
        return Resolution(info=info, entity=group, name=info.surface, confidence=0.8)
    if info.role_class is not None and info.role_class not in {"media", "agency", "institution"}:
        # "каза говорителка на министерството": someone new, unnamed; "допълни говорителката" later.
        person = tracker.add_unnamed(info, pos=pos, sentence_id=sentence_id, sentence=sentence)
        return Resolution(info=info, entity=person, name=info.surface, confidence=0.8)
    return Resolution(info=info, name=info.surface, confidence=0.8 if info.role_class or info.cls == "source" else 0.6)


def _plural_cue(text: str, cue: tuple[int, int], lex: Lexicon) -> bool:
    return plural_verb(text[cue[0] : cue[1]].split()[0], lex)


def register_sources(
    text: str, spans: list[tuple[int, int]], lex: Lexicon, tracker: SpeakerTracker, sentence_id: str
) -> None:
    """Relay sources ("цитирана от Франс прес и БТА") become known agencies for later roles."""
    for s, e in spans:
        for part in re.split(r"\s+(?:и|and)\s+|,\s*", text[s:e]):
            info = read_speaker(part, lex)
            if info.name is not None:
                tracker.add(info, pos=s, sentence_id=sentence_id)


_CAP_WORD = re.compile(r"[A-ZА-Я][\w'’-]*")


def full_names(text: str) -> dict[str, str]:
    """Surname -> full name, for every "First Last" in the text that starts with a known first name."""
    out: dict[str, str] = {}
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[\w'’-]+", text)]
    for k, (word, _, end) in enumerate(words):
        if not _CAP_WORD.fullmatch(word) or first_name_gender(word) is None or k + 1 >= len(words):
            continue
        nxt, start, stop = words[k + 1]
        if not _CAP_WORD.fullmatch(nxt) or text[end:start] != " ":
            continue
        out.setdefault(nxt.lower(), f"{word} {nxt}")
    return out
