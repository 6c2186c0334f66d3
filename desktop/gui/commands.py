"""Undoable user actions: each one saves at once, and so do its undo and redo.

The window owns a QUndoStack; every command calls back into a controller to
apply a change, which saves it at once on the database lane and shows it
once saved, so undoing an edit is itself saved - there is never a state on
screen that is not on disk. Lane jobs run in the order they were asked, so a
chain like add -> delete -> undo -> undo finds each annotation where the
job before it left it.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand


class EditTarget(Protocol):
    def apply_edit(self, doc_id: int, sentence_id: str, edited: str | None) -> None: ...


class AnnotationTarget(Protocol):
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
    ) -> None: ...

    def remove_annotation(self, handle: AnnotationHandle) -> None: ...

    def set_annotation_text(self, handle: AnnotationHandle, text: str, kind: str) -> None: ...


class EditSentenceCommand(QUndoCommand):
    """Replace one sentence's post-edit (None = the machine text)."""

    def __init__(
        self, target: EditTarget, doc_id: int, sentence_id: str, before: str | None, after: str | None
    ) -> None:
        super().__init__(f"edit {sentence_id}")
        self.target = target
        self.doc_id = doc_id
        self.sentence_id = sentence_id
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.target.apply_edit(self.doc_id, self.sentence_id, self.after)

    def undo(self) -> None:
        self.target.apply_edit(self.doc_id, self.sentence_id, self.before)


class AnnotationHandle:
    """Stable identity of an annotation across undo/redo.

    Deleting and storing an annotation again gives it a new library id; every
    command that refers to it holds the same handle, whose ``id`` the library
    job sets (None while it is not stored), so a chain like
    add -> delete -> undo -> undo always finds it.
    """

    def __init__(self, annotation_id: int | None = None) -> None:
        self.id = annotation_id


class AddAnnotationCommand(QUndoCommand):
    """Add a highlight or note; undo deletes it, redo stores it again."""

    def __init__(
        self,
        target: AnnotationTarget,
        handle: AnnotationHandle,
        doc_id: int,
        side: str,
        start: int,
        end: int,
        kind: str,
        colour: str | None,
        text: str,
    ) -> None:
        super().__init__(f"add {kind}")
        self.target = target
        self.handle = handle
        self.args = (doc_id, side, start, end, kind, colour, text)

    def redo(self) -> None:
        self.target.restore_annotation(self.handle, *self.args)

    def undo(self) -> None:
        self.target.remove_annotation(self.handle)


class DeleteAnnotationCommand(QUndoCommand):
    """Delete an annotation; undo stores it again."""

    def __init__(
        self,
        target: AnnotationTarget,
        handle: AnnotationHandle,
        doc_id: int,
        side: str,
        start: int,
        end: int,
        kind: str,
        colour: str | None,
        text: str,
    ) -> None:
        super().__init__(f"delete {kind}")
        self.target = target
        self.handle = handle
        self.args = (doc_id, side, start, end, kind, colour, text)

    def redo(self) -> None:
        self.target.remove_annotation(self.handle)

    def undo(self) -> None:
        self.target.restore_annotation(self.handle, *self.args)


class NoteTextCommand(QUndoCommand):
    """Change a note's text (or turn a highlight into a note)."""

    def __init__(
        self,
        target: AnnotationTarget,
        handle: AnnotationHandle,
        before: tuple[str, str],
        after: tuple[str, str],
    ) -> None:
        super().__init__("edit note")
        self.target = target
        self.handle = handle
        self.before = before  # (text, kind)
        self.after = after

    def redo(self) -> None:
        self.target.set_annotation_text(self.handle, *self.after)

    def undo(self) -> None:
        self.target.set_annotation_text(self.handle, *self.before)
