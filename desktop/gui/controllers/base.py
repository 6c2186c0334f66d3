"""What every controller shares: the open article, the job runner, the dialogs, a status line.

:class:`Article` is the one record of what the window shows (document,
translation, analysis, annotations); controllers read it freely and change
only their own part of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.core.document import Document
from desktop.core.translation import DocumentTranslation, EnglishLayout
from desktop.gui.views import ClaimView, FlagView

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.library.store import Annotation
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.dialogs import Dialogs


@dataclass
class Article:
    """The article on screen and the work shown with it; all empty when none is open."""

    doc_id: int | None = None
    doc: Document | None = None
    translation: DocumentTranslation | None = None
    en_layout: EnglishLayout | None = None
    analysis: Analysis | None = None
    annotations: list[Annotation] = field(default_factory=list)
    claim_views: list[ClaimView] = field(default_factory=list)
    flag_views: list[FlagView] = field(default_factory=list)

    def shows(self, doc_id: int | None) -> bool:
        """Whether ``doc_id`` is the article on screen (a job's result for another is not shown)."""
        return doc_id is not None and doc_id == self.doc_id

    def clear(self) -> None:
        self.doc_id = None
        self.doc = None
        self.translation = None
        self.en_layout = None
        self.analysis = None
        self.annotations = []
        self.claim_views = []
        self.flag_views = []


class Controller(QObject):
    """A concern of the window: its widgets, its jobs, its signals."""

    #: A line for the status bar, and how long to show it (ms; 0 until replaced).
    message = Signal(str, int)
    #: Something the window's actions depend on changed (enable/disable them again).
    changed = Signal()

    def __init__(self, article: Article, runner: JobRunner, dialogs: Dialogs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.article = article
        self.runner = runner
        self.dialogs = dialogs

    def say(self, text: str, timeout_ms: int = 0) -> None:
        self.message.emit(text, timeout_ms)
