"""Claims, summary and checks: the analysis of the open article, its lists and its marks in both panes.

Analysis runs in the pool (:func:`desktop.core.operations.analysing.analyse_and_store`),
after the translation when one runs, and again shortly after edits (they
come in bursts). The claims and flags stored last time show at once when an
article opens; the fresh analysis replaces them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.jobs import CancelToken
from desktop.gui.controllers.base import Article, Controller
from desktop.gui.widgets.panes import Mark

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.translation import DocumentTranslation, EnglishLayout
    from desktop.gui.colours import Palette
    from desktop.gui.controllers.document import DocumentController
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.controllers.library import LibraryController
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.widgets.claims_panel import ChecksPanel, ClaimsPanel

ROLE = "analyse"


class ClaimsController(Controller):
    """Runs the analysis and shows its claims and checks."""

    analysed = Signal()  # a fresh analysis of the open article is shown

    #: Edits come in bursts: analyse once they pause this long.
    DELAY_MS = 400

    def __init__(
        self,
        documents: DocumentController,
        library: LibraryController,
        claims_panel: ClaimsPanel,
        checks_panel: ChecksPanel,
        palette: Palette,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.documents = documents
        self.library = library
        self.claims_panel = claims_panel
        self.checks_panel = checks_panel
        self.palette = palette
        self.stopped = False  # the window is closing: start nothing new
        self._pending = False  # analyse again once the running analysis ends
        self._then: Callable[[], None] | None = None  # one follow-up once the analysis ends (translate)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.start)
        runner.add_pending(lambda: self._pending or self._then is not None or self._timer.isActive())
        claims_panel.claim_selected.connect(self.select_claim)
        checks_panel.sentence_selected.connect(documents.show_sentence)
        documents.switching.connect(self.stop)
        documents.closed.connect(self._on_documents_closed)
        documents.english_laid_out.connect(self._on_english_laid_out)

    # --- running ------------------------------------------------------------------------

    def schedule(self) -> None:
        """Analyse again shortly (after an edit)."""
        if self.article.doc is not None and not self.stopped:
            self._timer.start()

    def start(self, *, then: Callable[[], None] | None = None) -> None:
        """Find claims, summarise and check in a worker; ``then`` runs once it has ended (translate)."""
        if then is not None:
            self._then = then
        article = self.article
        if article.doc is None or article.doc_id is None or self.stopped:
            return
        if self.runner.running("translate"):
            return  # it runs when the translation ends
        if self.runner.running(ROLE):
            self._pending = True
            self.runner.cancel(ROLE)
            return
        library = self.library.library
        if library is None:
            return
        from desktop.core.operations.analysing import analyse_and_store

        doc, doc_id, translation = article.doc, article.doc_id, article.translation

        def job(token: CancelToken) -> Any:
            return analyse_and_store(library, doc_id, doc, translation, cancel=token)

        self._pending = False
        self.runner.job(
            ROLE,
            job,
            finished=lambda analysis: self._on_finished(doc_id, translation, analysis),
            failed=lambda exc: self.runner.report_failure("Could not analyse the article", exc),
            ended=self._on_ended,
        )

    def step_aside(self) -> None:
        """A translation starts: the analysis waits for it (and is cancelled if running)."""
        self._timer.stop()
        self.runner.cancel(ROLE)

    def stop(self) -> None:
        """Another article opens (or the window closes): drop what was planned for this one."""
        self._timer.stop()
        self._then = None
        self._pending = False
        self.runner.cancel(ROLE)

    def _on_ended(self) -> None:
        if self.stopped:
            return
        if self._then is not None:
            then, self._then = self._then, None
            then()
            return
        if self._pending:
            self._pending = False
            self.start()

    def _on_finished(self, doc_id: int, translation: DocumentTranslation | None, analysis: Analysis) -> None:
        if not self.article.shows(doc_id):
            return
        if translation is not self.article.translation and not self.runner.running("translate"):
            self._pending = True  # made for an older state (an edit came in): run again
            return
        # (While a translation streams, results on the Bulgarian are shown at once; the
        # analysis that follows the translation replaces them.)
        self.article.analysis = analysis
        self.show(analysis)
        self.analysed.emit()
        self.changed.emit()

    # --- showing ------------------------------------------------------------------------

    def show(self, analysis: Analysis) -> None:
        """Show claims and flags (the stored ones at once on opening, then the fresh ones)."""
        from desktop.gui.adapters import claim_views, flag_views

        article = self.article
        assert article.doc is not None
        article.claim_views = claim_views(analysis.claims, article.doc, article.translation, article.en_layout)
        article.flag_views = flag_views(analysis.flags, article.doc, article.translation)
        self.claims_panel.set_claims(article.claim_views)
        self.checks_panel.set_flags(article.flag_views, translated=article.translation is not None)
        self.apply_marks()

    def apply_marks(self, *, bulgarian: bool = True) -> None:
        """Paint claims in both panes (one colour and underline per kind) and flags in the gutter.

        With ``bulgarian=False`` only the English side is repainted: after a
        batch or an edit the Bulgarian has not changed, and re-formatting it
        on every batch would cost the UI thread for nothing.
        """
        bg: list[Mark] = []
        en: list[Mark] = []
        layout = self.article.en_layout
        for c in self.article.claim_views:
            style = self.palette.kind(c.kind)
            tip = f"{style.description}" + (f" — {c.speaker}" if c.speaker else "") + (f" ({c.cue})" if c.cue else "")
            for role, span in (("content", c.bg_content), ("speaker", c.bg_speaker), ("cue", c.bg_cue)):
                if span is not None:
                    bg.append(Mark(span.start, span.end, c.kind, c.key, role, tip))
            if layout is not None:
                for role, span in (("content", c.en_content), ("speaker", c.en_speaker), ("cue", c.en_cue)):
                    if span is not None:
                        en.append(Mark(span.start, span.end, c.kind, c.key, role, tip))
        view = self.documents.view
        if bulgarian:
            view.bg_pane.set_claim_marks(bg)
            view.bg_pane.set_flags({})
        view.en_pane.set_claim_marks(en)
        flags: dict[str, list[str]] = {}
        for f in self.article.flag_views:
            flags.setdefault(f.sentence_id, []).append(f.reason)
        view.en_pane.set_flags(flags)

    def _on_english_laid_out(self, _old: EnglishLayout | None, new: EnglishLayout | None) -> None:
        if new is not None:
            self.apply_marks(bulgarian=False)

    def _on_documents_closed(self) -> None:
        self.claims_panel.set_claims([])
        self.checks_panel.set_flags([], translated=False)

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.claims_panel.set_palette(palette)
        self.apply_marks()

    def select_claim(self, key: str) -> None:
        """Select a claim's words in both panes (as clicking it in the Claims list does)."""
        claim = next((c for c in self.article.claim_views if c.key == key), None)
        if claim is None:
            return
        view = self.documents.view
        self.claims_panel.select_claim(key)
        first = claim.sentence_ids[0] if claim.sentence_ids else ""
        if first:
            view.bg_pane.set_focused(first)
            view.en_pane.set_focused(first)
        span = claim.bg_content or claim.bg_speaker
        if span is not None:
            view.bg_pane.select_range(span.start, span.end)
        en_span = claim.en_content
        layout = self.article.en_layout
        if en_span is None and layout is not None and first in layout.spans:
            from desktop.gui.views import Span

            en_span = Span(*layout.spans[first])
        if en_span is not None:
            view.en_pane.select_range(en_span.start, en_span.end)
        self.changed.emit()
