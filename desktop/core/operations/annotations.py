"""Highlights and notes: add, change, delete, and keep English ones on their words.

Annotations are offsets into the text a pane shows. The Bulgarian never
changes; the English is laid out again whenever a sentence is translated or
corrected, so :func:`shift_annotations` says where each English annotation
lands in the new layout (it stays on the same sentence, at the same distance
from its start) and :func:`move_annotations` stores that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import DragomanError
from desktop.core.translation import EnglishLayout

if TYPE_CHECKING:
    from desktop.core.library.store import Annotation, Library


@dataclass(frozen=True)
class AnnotationMove:
    """One annotation's new span."""

    id: int
    start: int
    end: int


def add_annotation(
    library: Library,
    doc_id: int,
    side: str,
    start: int,
    end: int,
    *,
    kind: str = "highlight",
    colour: str | None = None,
    text: str = "",
) -> int:
    """Store a highlight (``kind="highlight"``, a colour) or a note (its text); return its id.

    Raises ValueError for a span or kind the library refuses, a
    LibraryError when it cannot be saved.
    """
    return library.add_annotation(doc_id, side, start, end, kind, colour, text)


def set_note_text(library: Library, annotation_id: int, text: str, *, kind: str | None = None) -> Annotation:
    """Change a note's text; an empty text makes it a plain highlight, a text a note (unless ``kind`` says).

    ``kind`` is for undo, which puts back exactly what was there.
    """
    if kind is None:
        text = text.strip()
        kind = "note" if text else "highlight"
    return library.update_annotation(annotation_id, text=text, kind=kind)


def delete_annotation(library: Library, annotation_id: int) -> None:
    library.delete_annotation(annotation_id)


def shift_annotations(
    annotations: Iterable[Annotation], old: EnglishLayout, new: EnglishLayout
) -> list[AnnotationMove]:
    """Where English annotations go when the English is laid out again (the moved ones only).

    An offset inside a sentence keeps its distance from that sentence's
    start, clamped to the sentence's new length; an offset outside every
    sentence stays. An annotation that would shrink to nothing keeps its
    length from its new start.
    """
    starts = sorted((span[0], span[1], sid) for sid, span in old.spans.items())

    def moved(offset: int) -> int:
        for start, end, sid in starts:
            if start <= offset <= end and sid in new.spans:
                n_start, n_end = new.spans[sid]
                return max(n_start, min(n_end, n_start + (offset - start)))
        return offset

    moves = []
    for a in annotations:
        if a.side != "en":
            continue
        start, end = moved(a.start), moved(a.end)
        if end <= start:
            end = min(len(new.text), start + max(1, a.end - a.start))
        if (start, end) != (a.start, a.end):
            moves.append(AnnotationMove(a.id, start, end))
    return moves


def move_annotations(library: Library, moves: Sequence[AnnotationMove]) -> int:
    """Store new spans; an annotation deleted meanwhile is skipped. Returns how many moved."""
    count = 0
    for m in moves:
        try:
            library.update_annotation(m.id, start=m.start, end=m.end)
        except DragomanError:
            continue
        count += 1
    return count


def apply_moves(annotations: Sequence[Annotation], moves: Sequence[AnnotationMove]) -> list[Annotation]:
    """The annotations as they are once ``moves`` are stored (to show them at once)."""
    from dataclasses import replace

    by_id = {m.id: m for m in moves}
    return [replace(a, start=by_id[a.id].start, end=by_id[a.id].end) if a.id in by_id else a for a in annotations]
