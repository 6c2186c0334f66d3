"""Plain view models the panels show, made from core results.

The panels never see core types directly: they get these small records, so a
change in a core dataclass is absorbed here, in one place, and the panels can
be tested with hand-made data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A range of characters in one pane's text (Python offsets)."""

    start: int
    end: int


@dataclass(frozen=True)
class ClaimView:
    """One key claim as the Claims panel and the panes show it."""

    key: str  # stable within the document, e.g. "c3"
    rank: int  # 1 = highest score
    kind: str  # quote | reported | attribution | fact
    score: float
    speaker: str
    cue: str
    text_en: str | None  # the claim in English, when translated
    text_bg: str
    sentence_ids: tuple[str, ...]
    bg_content: Span | None = None
    bg_speaker: Span | None = None
    bg_cue: Span | None = None
    en_content: Span | None = None
    en_speaker: Span | None = None
    en_cue: Span | None = None

    @property
    def display_text(self) -> str:
        return self.text_en or self.text_bg


@dataclass(frozen=True)
class FlagView:
    """One translation-check warning on a sentence."""

    sentence_id: str
    kind: str
    reason: str
    severity: str = "warning"
    text_en: str = ""
    text_bg: str = ""


@dataclass(frozen=True)
class AnnotationView:
    """A highlight or note as the Notes panel lists it."""

    id: int
    side: str  # bg | en
    start: int
    end: int
    kind: str  # highlight | note
    colour: str | None
    text: str  # the note (empty for a plain highlight)
    quote: str  # the annotated words
