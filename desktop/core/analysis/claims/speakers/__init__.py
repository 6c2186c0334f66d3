"""Speakers: every piece of noun-phrase, subject and reference logic, in one place.

In: tokens of a sentence and the offsets of a cue; out: where the speaker
phrase is (:mod:`.bounds`), what it says (:mod:`.phrase`) and whom it
refers to (:mod:`.coreference`, which keeps the people and bodies named so
far). The candidate rules ask *where*; they never judge a phrase themselves,
and nothing here imports them. Never stores anything.
"""

from __future__ import annotations

from desktop.core.analysis.claims.speakers.bounds import (
    named_subject,
    np_after,
    np_after_attribution,
    role_like,
    sentence_subject,
    subject_before,
    verb_like,
)
from desktop.core.analysis.claims.speakers.coreference import (
    Entity,
    Resolution,
    SpeakerTracker,
    full_names,
    register_sources,
    resolve_speaker,
)
from desktop.core.analysis.claims.speakers.phrase import SpeakerInfo, read_speaker

__all__ = [
    "Entity",
    "Resolution",
    "SpeakerInfo",
    "SpeakerTracker",
    "full_names",
    "named_subject",
    "np_after",
    "np_after_attribution",
    "read_speaker",
    "register_sources",
    "resolve_speaker",
    "role_like",
    "sentence_subject",
    "subject_before",
    "verb_like",
]
