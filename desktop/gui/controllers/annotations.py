"""Highlights and notes on either pane: add, change, delete (with undo), and keep them on their words.

Every change is saved on the database lane and the article's annotations
are read back there, so the marks and the Notes list show what the library
holds. When the English is laid out again (a batch, an edit), English
annotations move with their sentence
(:func:`desktop.core.operations.annotations.shift_annotations`) at once on
screen, and are stored moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QUndoStack

from desktop.gui.commands import (
    AddAnnotationCommand,
    AnnotationHandle,
    DeleteAnnotationCommand,
    NoteTextCommand,
)
from desktop.gui.controllers.base import Article, Controller
from desktop.gui.views import AnnotationView
from desktop.gui.widgets.panes import Mark, SentencePane

if TYPE_CHECKING:
    from desktop.core.library.store import Annotation, Library
    from desktop.core.translation import EnglishLayout
    from desktop.gui.colours import Palette
    from desktop.gui.controllers.document import DocumentController
    from desktop.gui.controllers.edits import EditsController
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.controllers.library import LibraryController
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.widgets.notes_panel import NotesPanel


class AnnotationsController(Controller):
    """The open article's highlights and notes."""

    annotations_changed = Signal(int)  # doc id: stored annotations changed
    note_added = Signal()

    def __init__(
        self,
        documents: DocumentController,
        library: LibraryController,
        edits: EditsController,
        notes_panel: NotesPanel,
        undo_stack: QUndoStack,
        palette: Palette,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.documents = documents
        self.library = library
        self.edits = edits
        self.notes_panel = notes_panel
        self.undo_stack = undo_stack
        self.palette = palette
        self.theme_name = "light"
        self._handles: dict[int, AnnotationHandle] = {}
        self._last_selection_pane: SentencePane | None = None
        for pane in documents.view.panes:
            pane.customContextMenuRequested.connect(lambda pos, p=pane: self._on_pane_context_menu(p, pos))
            pane.selectionChanged.connect(lambda p=pane: self._on_pane_selection_changed(p))
        notes_panel.annotation_selected.connect(self.show_annotation)
        notes_panel.edit_requested.connect(self.edit_note)
        notes_panel.delete_requested.connect(self.delete_annotation)
        documents.opened.connect(lambda loaded: self.set_annotations(loaded.annotations))
        documents.closed.connect(self._on_documents_closed)
        documents.english_laid_out.connect(self._on_english_laid_out)

    # --- what the user does -------------------------------------------------------------

    def active_pane(self) -> SentencePane | None:
        """The pane whose selection an annotation applies to: focused, else last selected in."""
        bg, en = self.documents.view.panes
        for pane in (en, bg):
            if pane.hasFocus() and pane.selected_range():
                return pane
        last = self._last_selection_pane
        if last is not None and last.selected_range():
            return last
        for pane in (bg, en):
            if pane.selected_range():
                return pane
        return None

    def has_selection(self) -> bool:
        return any(p.selected_range() is not None for p in self.documents.view.panes)

    def highlight_selection(self, colour: str = "yellow") -> None:
        pane = self.active_pane()
        if pane is None or self.article.doc_id is None:
            self.say("Select some words in either pane first.", 4000)
            return
        start, end = pane.selected_range()  # type: ignore[misc]
        self._add(pane.side, start, end, "highlight", colour, "")

    def note_selection(self) -> None:
        pane = self.active_pane()
        if pane is None or self.article.doc_id is None:
            self.say("Select some words in either pane first.", 4000)
            return
        start, end = pane.selected_range()  # type: ignore[misc]
        text = self.dialogs.ask_text("Add a note", f"Note on “{pane.text[start:end][:80]}”:", "")
        if text is None or not text.strip():
            return
        self._add(pane.side, start, end, "note", None, text.strip())
        self.note_added.emit()

    def delete_annotation(self, annotation_id: int) -> None:
        a = self._annotation(annotation_id)
        if a is None or self.article.doc_id is None:
            return
        self.undo_stack.push(
            DeleteAnnotationCommand(self, self._handle(a.id), a.doc_id, a.side, a.start, a.end, a.kind, a.colour, a.text)
        )

    def edit_note(self, annotation_id: int) -> None:
        a = self._annotation(annotation_id)
        if a is None:
            return
        text = self.dialogs.ask_text("Edit note", f"Note on “{self._quote(a)[:80]}”:", a.text)
        if text is None:
            return
        text = text.strip()
        kind = "note" if text else "highlight"
        if (text, kind) == (a.text, a.kind):
            return
        self.undo_stack.push(NoteTextCommand(self, self._handle(a.id), (a.text, a.kind), (text, kind)))

    def show_annotation(self, annotation_id: int) -> None:
        a = self._annotation(annotation_id)
        if a is None:
            return
        view = self.documents.view
        pane = view.bg_pane if a.side == "bg" else view.en_pane
        pane.select_range(a.start, a.end)
        sid = pane.sentence_at(a.start)
        if sid:
            for p in view.panes:
                p.set_focused(sid, reveal=True)

    def _add(self, side: str, start: int, end: int, kind: str, colour: str | None, text: str) -> None:
        if self.article.doc_id is None or end <= start:
            return
        handle = AnnotationHandle()
        self.undo_stack.push(AddAnnotationCommand(self, handle, self.article.doc_id, side, start, end, kind, colour, text))

    # --- the undo commands' targets (each saves at once, on the database lane) ---------------------

    def restore_annotation(
        self,
        handle: AnnotationHandle,
        doc_id: int,
        side: str,
        start: int,
        end: int,
        kind: str,
        colour: str | None,
        text: str,
    ) -> None:
        from desktop.core.operations.annotations import add_annotation

        def add(lib: Library) -> list[Annotation]:
            handle.id = add_annotation(lib, doc_id, side, start, end, kind=kind, colour=colour, text=text)
            return lib.annotations(doc_id)

        def done(annotations: list[Annotation]) -> None:
            if handle.id is not None:
                self._handles[handle.id] = handle
            self._on_stored(doc_id, annotations)

        self.library.on_library(
            "annotate", add, finished=done,
            failed=lambda exc: self.runner.report_failure("Could not save the annotation", exc),
        )

    def remove_annotation(self, handle: AnnotationHandle) -> None:
        from desktop.core.operations.annotations import delete_annotation

        doc_id = self.article.doc_id

        def remove(lib: Library) -> tuple[int, list[Annotation]] | None:
            removed = handle.id
            if removed is None:  # never stored (its add failed)
                return None
            delete_annotation(lib, removed)
            handle.id = None  # here, in the lane: the next lane job (an undo) sees it gone
            return removed, lib.annotations(doc_id) if doc_id is not None else []

        def done(outcome: tuple[int, list[Annotation]] | None) -> None:
            if outcome is not None:
                self._handles.pop(outcome[0], None)
                self._on_stored(doc_id, outcome[1])

        self.library.on_library(
            "annotate", remove, finished=done,
            failed=lambda exc: self.runner.report_failure("Could not delete the annotation", exc),
        )

    def set_annotation_text(self, handle: AnnotationHandle, text: str, kind: str) -> None:
        from desktop.core.operations.annotations import set_note_text

        doc_id = self.article.doc_id

        def update(lib: Library) -> list[Annotation] | None:
            if handle.id is None:
                return None
            set_note_text(lib, handle.id, text, kind=kind)
            return lib.annotations(doc_id) if doc_id is not None else []

        self.library.on_library(
            "annotate", update,
            finished=lambda found: self._on_stored(doc_id, found) if found is not None else None,
            failed=lambda exc: self.runner.report_failure("Could not save the note", exc),
        )

    def _on_stored(self, doc_id: int | None, annotations: list[Annotation]) -> None:
        if doc_id is not None and self.article.shows(doc_id):
            self.set_annotations(annotations)
        if doc_id is not None:
            self.annotations_changed.emit(doc_id)

    # --- showing ------------------------------------------------------------------------

    def set_annotations(self, annotations: list[Annotation]) -> None:
        self.article.annotations = list(annotations)
        self.refresh()

    def refresh(self) -> None:
        """Paint highlights and notes in both panes and list them in the Notes tab."""
        marks: dict[str, list[Mark]] = {"bg": [], "en": []}
        views = []
        for a in self.article.annotations:
            marks[a.side].append(Mark(a.start, a.end, a.kind, str(a.id), tip=a.text, colour=a.colour))
            views.append(AnnotationView(a.id, a.side, a.start, a.end, a.kind, a.colour, a.text, self._quote(a)))
        view = self.documents.view
        view.bg_pane.set_annotation_marks(marks["bg"])
        view.en_pane.set_annotation_marks(marks["en"])
        self.notes_panel.set_annotations(views)

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.notes_panel.set_palette(palette)

    def _on_documents_closed(self) -> None:
        self._handles.clear()
        self.notes_panel.set_annotations([])

    def _on_english_laid_out(self, old: EnglishLayout | None, new: EnglishLayout | None) -> None:
        """Keep English notes on their words when a sentence before or under them changed length."""
        article = self.article
        if old is not None and new is not None and old.text != new.text and article.doc_id is not None:
            from desktop.core.operations.annotations import apply_moves, move_annotations, shift_annotations

            moves = shift_annotations(article.annotations, old, new)
            if moves:
                article.annotations = apply_moves(article.annotations, moves)
                self.library.on_library("annotate", lambda lib: move_annotations(lib, moves))
        if new is not None and any(a.side == "en" for a in article.annotations):
            self.refresh()

    def _handle(self, annotation_id: int) -> AnnotationHandle:
        handle = self._handles.get(annotation_id)
        if handle is None:
            handle = AnnotationHandle(annotation_id)
            self._handles[annotation_id] = handle
        return handle

    def _annotation(self, annotation_id: int) -> Annotation | None:
        return next((a for a in self.article.annotations if a.id == annotation_id), None)

    def _quote(self, a: Annotation) -> str:
        view = self.documents.view
        return (view.bg_pane if a.side == "bg" else view.en_pane).text[a.start : a.end]

    # --- the panes' context menu --------------------------------------------------------

    def _on_pane_selection_changed(self, pane: SentencePane) -> None:
        if pane.textCursor().hasSelection():
            self._last_selection_pane = pane
        self.changed.emit()

    def _annotate_from_menu(self, pane: SentencePane, colour: str | None) -> None:
        """Highlight (a colour) or note (None) the selection of the pane whose menu was used."""
        pane.setFocus()
        if colour is None:
            self.note_selection()
        else:
            self.highlight_selection(colour)

    def _on_pane_context_menu(self, pane: SentencePane, pos: QPoint) -> None:
        from desktop.gui.theme import icon

        menu = pane.createStandardContextMenu(pos)
        menu.addSeparator()
        can_annotate = pane.selected_range() is not None and self.article.doc_id is not None
        highlight_menu = menu.addMenu(icon("highlight", self.theme_name), "Highlight")
        highlight_menu.setEnabled(can_annotate)
        for name in self.palette.annotation_colours:
            action = highlight_menu.addAction(name.capitalize())
            action.triggered.connect(lambda _c=False, n=name, p=pane: self._annotate_from_menu(p, n))
        note = menu.addAction(icon("note", self.theme_name), "Add note…")
        note.setEnabled(can_annotate)
        note.triggered.connect(lambda _c=False, p=pane: self._annotate_from_menu(p, None))
        offset = pane.offset_at_point(pos)
        for a in self.article.annotations:
            if a.side == pane.side and a.start <= offset < a.end:
                remove = menu.addAction(f"Remove {a.kind}")
                remove.triggered.connect(lambda _c=False, i=a.id: self.delete_annotation(i))
        if pane is self.documents.view.en_pane:
            self._add_sentence_actions(menu, pane, offset)
        menu.exec(pane.viewport().mapToGlobal(pos))

    def _add_sentence_actions(self, menu: Any, pane: SentencePane, offset: int) -> None:
        from desktop.gui.theme import icon

        sid = pane.sentence_at(offset) if offset >= 0 else ""
        if not sid:
            return
        menu.addSeparator()
        edit = menu.addAction(icon("edit", self.theme_name), f"Edit sentence {sid}…")
        edit.triggered.connect(lambda _c=False, s=sid: self.edits.edit_sentence(s))
        t = self.article.translation.get(sid) if self.article.translation else None
        if t is not None and t.edited:
            revert = menu.addAction("Revert to machine translation")
            revert.triggered.connect(lambda _c=False, s=sid: self.edits.commit_edit(s, None))
