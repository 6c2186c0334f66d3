"""Who a pronoun or role refers to: the speakers an article has named, in reading order.

A news article names a speaker once ("говорителката на Съвета за национална
сигурност към Белия дом Адриен Уотсън") and then refers back with a pronoun
("тя"), a possessive ("По думите му") or a role ("представителката на
американското президентство", "американското издание"). :class:`SpeakerTracker`
remembers the speakers named so far and resolves a later reference to the
most recent one that fits (gender for pronouns, role class for roles), which
is how a reader does it too. :func:`resolve_speaker` is the speaker stage's
entry point: a phrase (or none, for pro-drop) in, a :class:`Resolution` out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.speakers import SpeakerInfo, read_speaker

#: Role classes narrow enough that "the spokeswoman" can only mean the one named before.
SPECIFIC_ROLES = frozenset({"spokesperson", "minister", "president", "premier", "mayor"})


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


@dataclass(frozen=True)
class Resolution:
    """The speaker stage's answer for one claim: what its phrase says, and who it is."""

    info: SpeakerInfo | None = None
    entity: Entity | None = None
    name: str | None = None


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
) -> Resolution:
    """Name the speaker of a claim: the phrase's own name, or the earlier speaker it refers to.

    ``speaker`` is the phrase's span (None when the text names nobody);
    ``implicit`` marks a pro-drop cue ("Заяви още, че ..."), whose speaker is
    the last person named. A phrase that names someone is remembered for
    later references.
    """
    if speaker is None:
        if implicit:
            ent = tracker.latest_person(pos=pos)
            if ent is not None:
                return Resolution(entity=ent, name=ent.name)
        return Resolution()
    surface = text[speaker[0] : speaker[1]]
    info = read_speaker(surface, lex, sentence_initial=speaker[0] == sentence_start)
    if info.name is not None:
        named = info
        if info.cls == "person" and info.gender is None and cue is not None and lex.lang == "bg":
            # A Bulgarian participle shows the speaker's gender: "казала" / "казал".
            cue_word = text[cue[0] : cue[1]].split()[0].lower()
            if cue_word in lex.reporting_verbs and cue_word.endswith(("ла", "л")):
                named = replace(info, gender="f" if cue_word.endswith("ла") else "m")
        ent = tracker.add(named, pos=pos, sentence_id=sentence_id)
        return Resolution(info=info, entity=ent, name=ent.name if ent is not None else info.name)
    ent = tracker.resolve(info, pos=pos)
    if ent is not None:
        ent.last_pos = max(ent.last_pos, pos)
        if info.role_class:
            ent.role_classes.add(info.role_class)
        return Resolution(info=info, entity=ent, name=ent.name)
    return Resolution(info=info, name=None if info.pronoun else info.surface)


def register_sources(
    text: str, spans: list[tuple[int, int]], lex: Lexicon, tracker: SpeakerTracker, sentence_id: str
) -> None:
    """Relay sources ("цитирана от Франс прес и БТА") become known agencies for later roles."""
    for s, e in spans:
        for part in re.split(r"\s+(?:и|and)\s+|,\s*", text[s:e]):
            info = read_speaker(part, lex)
            if info.name is not None:
                tracker.add(info, pos=s, sentence_id=sentence_id)
