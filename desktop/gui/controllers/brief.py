"""The Brief tab: regenerate the brief from the analysis, export it (and keep it), export a ``.dragoman`` file.

A brief the journalist edited in the tab is theirs: a fresh analysis
regenerates only an unedited brief, Regenerate asks first, and export writes
the brief as edited. Every export is kept with the article
(:func:`desktop.core.operations.briefs.export_and_keep_brief`), so reopening
the article shows the brief as it was sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from desktop.gui.controllers.base import Article, Controller
from desktop.gui.widgets.brief_panel import EXPORT_FORMATS

if TYPE_CHECKING:
    from desktop.gui.controllers.document import DocumentController
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.controllers.library import LibraryController
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.widgets.brief_panel import BriefPanel


class BriefController(Controller):
    """The brief of the open article, and its exports."""

    def __init__(
        self,
        documents: DocumentController,
        library: LibraryController,
        panel: BriefPanel,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.documents = documents
        self.library = library
        self.panel = panel
        panel.regenerate_requested.connect(self.regenerate)
        panel.export_requested.connect(self.export_brief)
        panel.sentence_requested.connect(documents.show_sentence)
        documents.opened.connect(lambda loaded: self.restore(loaded.brief) if loaded.brief else None)
        documents.closed.connect(lambda: panel.set_brief(None))

    def regenerate(self, confirm: bool = True) -> None:
        """Build the brief again from the current translation and claims (asks first if it was edited)."""
        article = self.article
        if article.doc is None or article.analysis is None:
            if confirm:
                self.say("The brief is built once the article has been analysed.", 4000)
            return
        if confirm and self.panel.edited and not self.dialogs.confirm(
            "Regenerate brief", "Replace your edited brief with a new one from the current translation and claims?"
        ):
            return
        from desktop.core.operations.briefs import build_article_brief

        try:
            brief = build_article_brief(
                article.doc,
                article.analysis,
                article.translation,
                annotations=article.annotations,
                mark_unsure=self.panel.mark_unsure.isChecked(),
            )
        except Exception as exc:  # a brief that cannot be built must not take the window down
            self.runner.report_failure("Could not build the brief", exc)
            return
        self.panel.set_brief(brief)
        self.changed.emit()

    def on_analysed(self) -> None:
        """A fresh analysis: a brief the journalist has not edited follows it."""
        if not self.panel.edited:
            self.regenerate(confirm=False)

    def restore(self, data: dict[str, Any]) -> None:
        """Show the brief kept with the article, as the journalist left it."""
        from desktop.core.operations.briefs import brief_from_data

        brief = brief_from_data(data)
        if brief is not None:  # written by another version: a fresh one comes after analysis
            self.panel.set_brief(brief, edited=True)

    def export_brief(self, fmt: str = "md", path: str | None = None) -> None:
        """Write the brief (as edited in the Brief tab) to a file, in a worker, and keep it with the article."""
        article = self.article
        if article.doc is None or article.doc_id is None:
            return
        if self.panel.brief is None:
            self.regenerate(confirm=False)
        brief = self.panel.current_brief()
        if brief is None:
            self.dialogs.error("No brief yet", "The brief is built once the article has been analysed.")
            return
        if path is None:
            from desktop.core.operations.briefs import suggested_file_name

            label = dict(EXPORT_FORMATS)[fmt]
            name = suggested_file_name(article.doc.title, fmt)
            path = self.dialogs.ask_save_path(f"Export brief as {label}", name, f"{label} (*.{fmt})")
            if not path:
                return
        if not Path(path).suffix:
            path = f"{path}.{fmt}"
        from desktop.core.operations.briefs import export_and_keep_brief

        doc_id, target = article.doc_id, path
        self.say(f"Writing {Path(path).name}…")
        self.library.on_library(
            "export",
            lambda lib: export_and_keep_brief(lib, doc_id, brief, target, fmt),
            finished=lambda written: (self.say(f"Brief written to {written}", 8000), self.library.refresh()),
            failed=lambda exc: self.runner.report_failure("Could not export the brief", exc),
        )

    def export_document(self) -> None:
        """Write the article with its translation, edits, notes and briefs to one ``.dragoman`` file."""
        article = self.article
        if article.doc_id is None or article.doc is None:
            return
        from desktop.core.operations.briefs import suggested_file_name

        name = suggested_file_name(article.doc.title, "dragoman", fallback="article")
        path = self.dialogs.ask_save_path("Export document", name, "Dragoman document (*.dragoman)")
        if not path:
            return
        from desktop.core.operations.articles import export_archive

        doc_id = article.doc_id
        self.library.on_library(
            "export",
            lambda lib: export_archive(lib, doc_id, path, overwrite=True),
            finished=lambda written: self.say(f"Document written to {written}", 8000),
            failed=lambda exc: self.runner.report_failure("Could not export the document", exc),
        )
