"""The shape of a lexicon: everything language-specific the claim finder reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lexicon:
    """Everything language-specific the claim finder needs, for one language."""

    lang: str
    reporting_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    multiword_cues: tuple[str, ...]
    da_verbs: frozenset[str]
    attribution_phrases: tuple[str, ...]
    attribution_clitic: str
    relay_phrases: tuple[str, ...]
    pronouns: dict[str, str]
    first_person: frozenset[str]
    role_classes: dict[str, tuple[str, ...]]
    feminine_role: re.Pattern[str]
    agencies: frozenset[str]
    media: frozenset[str]
    places: frozenset[str]
    adverbs: frozenset[str]
    leading_adverbial: re.Pattern[str]
    complementisers: frozenset[str]
    relatives: frozenset[str]
    clause_openers: frozenset[str]
    content_stops: re.Pattern[str]
    not_in_speaker: frozenset[str]
    source_nouns: frozenset[str]
    number_words: frozenset[str]
    months: frozenset[str]
    negations: frozenset[str]
    prepositions: frozenset[str]
    adjunct_preps: frozenset[str]
    #: Stems of words that make a name an organisation's ("банк", "bank", "association").
    org_words: tuple[str, ...] = ()
    #: Auxiliaries between a subject and its cue in compound tenses ("е заявил", "has said").
    auxiliaries: frozenset[str] = frozenset()
    #: Words that point back at the previous sentence as the claim ("Това заяви X").
    anaphors: frozenset[str] = frozenset()
    #: Cues whose object itself is the claim: requests, denials, accusations
    #: ("поиска оставката на", "accused Mr Blair of").
    object_cues: tuple[str, ...] = ()
    #: Cues that declare something to be something ("обявиха X за Y", "смятат проекта за").
    declare_cues: tuple[str, ...] = ()
    #: Words that make a role phrase indefinite: a new speaker, not one named before.
    indefinite: frozenset[str] = frozenset()
    #: Titles before a name that show the person's gender ("Mr", "г-жа").
    gendered_titles: dict[str, str] = field(default_factory=dict)
