"""Highlights and notes on a span of either side of an article.

A Bulgarian-side span is checked against the stored body text; an
English-side span is an offset into the English layout text, which the
library does not hold, so only its shape is checked.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop.core.errors import ItemNotFound
from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import ANNOTATION_COLUMNS, ANNOTATION_KINDS, SIDES, UNSET, Annotation, now


def check_annotation(side: str, start: int, end: int, kind: str) -> None:
    """Refuse an annotation whose side, kind or span cannot be right (``ValueError``)."""
    if side not in SIDES:
        raise ValueError(f"annotation side must be one of {SIDES}, not {side!r}")
    if kind not in ANNOTATION_KINDS:
        raise ValueError(f"annotation kind must be one of {ANNOTATION_KINDS}, not {kind!r}")
    if not 0 <= start <= end:
        raise ValueError(f"annotation span must have 0 <= start <= end, not {start}..{end}")


class AnnotationStore(LibraryConnection):
    """The annotations part of :class:`~desktop.core.library.store.Library`."""

    _check_annotation = staticmethod(check_annotation)

    def add_annotation(
        self,
        doc_id: int,
        side: str,
        start: int,
        end: int,
        kind: str = "highlight",
        colour: str | None = None,
        text: str = "",
    ) -> int:
        """Store a highlight or note on a span of one side; return its id."""
        check_annotation(side, start, end, kind)
        stamp = now()
        with self._write("save the annotation") as conn:
            self._require_document(conn, doc_id)
            if side == "bg":
                length = conn.execute("SELECT length(text) FROM bodies WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                if end > length:
                    raise ValueError(f"annotation ends at {end}, past the end of the text ({length})")
            cur = conn.execute(
                'INSERT INTO annotations (doc_id, side, start, "end", kind, colour, text, created_at, updated_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, side, start, end, kind, colour, text, stamp, stamp),
            )
            self._touch(conn, doc_id, stamp)
            return int(cur.lastrowid or 0)

    def get_annotation(self, annotation_id: int) -> Annotation:
        with self._read("read the annotation") as conn:
            row = conn.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
        if row is None:
            raise ItemNotFound(f"The library holds no annotation #{annotation_id}")
        return Annotation(*row)

    def update_annotation(
        self,
        annotation_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        kind: str | None = None,
        colour: str | None = UNSET,
        text: str | None = None,
    ) -> Annotation:
        """Change some fields of an annotation (``colour=None`` clears the colour); return it."""
        stamp = now()
        with self._write("save the annotation") as conn:
            row = conn.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no annotation #{annotation_id}")
            old = Annotation(*row)
            new = dataclasses.replace(
                old,
                start=old.start if start is None else start,
                end=old.end if end is None else end,
                kind=old.kind if kind is None else kind,
                colour=old.colour if colour is UNSET else colour,
                text=old.text if text is None else text,
                updated_at=stamp,
            )
            check_annotation(new.side, new.start, new.end, new.kind)
            conn.execute(
                'UPDATE annotations SET start = ?, "end" = ?, kind = ?, colour = ?, text = ?, updated_at = ? '
                "WHERE id = ?",
                (new.start, new.end, new.kind, new.colour, new.text, stamp, annotation_id),
            )
            self._touch(conn, old.doc_id, stamp)
        return new

    def delete_annotation(self, annotation_id: int) -> None:
        stamp = now()
        with self._write("delete the annotation") as conn:
            row = conn.execute("SELECT doc_id FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no annotation #{annotation_id}")
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            self._touch(conn, int(row[0]), stamp)

    def annotations(self, doc_id: int, *, side: str | None = None) -> list[Annotation]:
        """The document's annotations in reading order (side, start, then creation)."""
        sql = f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE doc_id = ?"
        params: tuple[Any, ...] = (doc_id,)
        if side is not None:
            sql += " AND side = ?"
            params = (doc_id, side)
        with self._read("read the annotations") as conn:
            self._require_document(conn, doc_id)
            rows = conn.execute(sql + ' ORDER BY side, start, "end", id', params).fetchall()
        return [Annotation(*r) for r in rows]
