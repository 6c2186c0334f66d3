"""A claim while the article is being read: offsets into the text, speaker filled in later.

The candidate stages (:mod:`.quotes`, :mod:`.rules`, :mod:`.facts`) create
:class:`Candidate` records; the speaker stage (:mod:`.coreference`) names
their speakers in reading order; :mod:`.ranking` drops duplicates and scores
them; :mod:`.finder` turns the survivors into frozen ``Claim`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.analysis.claims.coreference import Entity, Resolution
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.speakers import SpeakerInfo


@dataclass
class Candidate:
    """A claim being read: offsets into the text, and its speaker once resolved."""

    kind: ClaimKind
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    pos: int
    sentence_ids: list[str] = field(default_factory=list)
    implicit_speaker: bool = False  # pro-drop: "Заяви още, че ..."
    info: SpeakerInfo | None = None
    entity: Entity | None = None
    speaker_name: str | None = None
    read_at: int = -1  # index of the sentence where a quotation is read (its last)

    def take(self, resolution: Resolution) -> None:
        """Record what the speaker stage found for this claim."""
        self.info = resolution.info
        self.entity = resolution.entity
        self.speaker_name = resolution.name
