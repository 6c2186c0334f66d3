"""Correcting the English: the in-place editor, saving each correction at once, undo and redo.

A correction is saved on the database lane
(:func:`desktop.core.operations.edits.edit_sentence`: the library and the
translation memory) and shown once saved, so the screen never shows an edit
the library does not hold. Undo and redo are commands on the window's undo
stack that save again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QUndoStack

from desktop.core.translation import TITLE_ID, TranslatedSentence
from desktop.gui.commands import EditSentenceCommand
from desktop.gui.controllers.base import Article, Controller

if TYPE_CHECKING:
    from desktop.gui.controllers.document import DocumentController
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.controllers.library import LibraryController
    from desktop.gui.dialogs import Dialogs


class EditsController(Controller):
    """The sentence editor and the edits it saves."""

    edited = Signal(int, str)  # doc id, sentence id: a correction (or its removal) was saved

    def __init__(
        self,
        documents: DocumentController,
        library: LibraryController,
        undo_stack: QUndoStack,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.documents = documents
        self.library = library
        self.undo_stack = undo_stack
        view = documents.view
        self.editor = view.editor
        self.editor.committed.connect(self.commit_edit)
        view.en_pane.sentence_activated.connect(self.edit_sentence)
        view.doc_title_en.double_clicked.connect(lambda: self.edit_sentence(TITLE_ID))
        documents.switching.connect(self.editor.cancel)
        documents.closed.connect(undo_stack.clear)

    def edit_current_sentence(self) -> None:
        pane = self.documents.view.en_pane
        sid = self.documents.focused_sentence()
        if not sid:
            sid = pane.sentence_at(pane.from_qt(pane.textCursor().position()))
        if sid:
            self.edit_sentence(sid)

    def edit_sentence(self, sentence_id: str) -> None:
        """Open the in-place editor over an English sentence (or the English headline)."""
        translation = self.article.translation
        if self.article.doc is None or translation is None:
            return
        current = translation.get(sentence_id)
        if current is None:
            self.say("That sentence is not translated yet.", 4000)
            return
        view = self.documents.view
        pane = view.en_pane
        start, end = pane.spans.get(sentence_id, (0, 0))
        top = pane.cursorRect(pane.cursor_for_range(start, start)).top()
        bottom = pane.cursorRect(pane.cursor_for_range(end, end)).bottom()
        rect = QRect(0, top, pane.viewport().width(), max(20, bottom - top))
        view.bg_pane.set_focused(sentence_id, reveal=True)
        pane.set_focused(sentence_id)
        # current.source: the headline is no sentence of the body
        self.editor.open(sentence_id, current.final, current.source, current.text, rect)

    def commit_edit(self, sentence_id: str, text: str | None) -> None:
        """Record a correction (None or the machine text: drop the edit) as an undoable command."""
        translation = self.article.translation
        if self.article.doc_id is None or translation is None:
            return
        current = translation.get(sentence_id)
        if current is None:
            return
        after = None if text is None or text == current.text else text
        if after == current.edited_text:
            return
        self.undo_stack.push(EditSentenceCommand(self, self.article.doc_id, sentence_id, current.edited_text, after))

    def revert_current_sentence(self) -> None:
        sid = self.documents.focused_sentence()
        if sid:
            self.commit_edit(sid, None)

    def apply_edit(self, doc_id: int, sentence_id: str, edited: str | None) -> None:
        """Save one correction (library and translation memory), then show it. Called by the undo commands."""
        if not self.article.shows(doc_id) or self.article.translation is None:
            return
        from desktop.core.operations.edits import edit_sentence

        self.library.on_library(
            "edit",
            lambda lib: edit_sentence(lib, doc_id, sentence_id, edited),
            finished=lambda saved: self._on_saved(doc_id, saved),
            failed=lambda exc: self.runner.report_failure("Could not save the edit", exc),
        )

    def _on_saved(self, doc_id: int, saved: TranslatedSentence) -> None:
        from desktop.core.operations.edits import with_saved_edit

        article = self.article
        if article.shows(doc_id) and article.translation is not None:
            article.translation = with_saved_edit(article.translation, saved)
            self.documents.show_english(keep_scroll=True)
            self.documents.view.en_pane.set_focused(saved.sentence_id)
        sid = saved.sentence_id
        self.say(
            f"Saved your edit of {sid}." if saved.edited else f"{sid}: machine translation restored.", 4000
        )
        self.edited.emit(doc_id, sid)
        self.changed.emit()
