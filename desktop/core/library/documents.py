"""Articles in the library: store, read back exactly, list, rename and delete.

A document is stored as it was segmented -- title, normalised body, source
metadata, paragraphs and sentences with their ids and offsets -- so reading
it back gives an equal :class:`~desktop.core.document.Document`, and every
offset an annotation or claim holds still points at the same text.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3

from desktop.core.document import Document, Paragraph, Sentence
from desktop.core.errors import ItemNotFound
from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import DocumentSummary, dumps, json_columns, meta_from_json, now
from desktop.core.translation import TITLE_ID


class DocumentStore(LibraryConnection):
    """The documents part of :class:`~desktop.core.library.store.Library`."""

    def find_by_sha256(self, sha256: str) -> int | None:
        """The id of the oldest document with this hash, or None."""
        with self._read("look up the article") as conn:
            row = conn.execute("SELECT min(id) FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _insert_document(
        self,
        conn: sqlite3.Connection,
        doc: Document,
        *,
        original: bytes | None,
        sha256: str,
        imported_at: str,
        updated_at: str,
    ) -> int:
        cur = conn.execute(
            """
            INSERT INTO documents (title, source_name, source_format, sha256, language, meta,
                                   paragraphs, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                doc.title,
                doc.meta.name,
                doc.meta.format,
                sha256,
                doc.language,
                dumps(dataclasses.asdict(doc.meta)),
                dumps([[p.index, p.start, p.end] for p in doc.paragraphs]),
                imported_at,
                updated_at,
            ),
        )
        doc_id = int(cur.lastrowid or 0)
        conn.execute("INSERT INTO bodies (doc_id, text, original) VALUES (?, ?, ?)", (doc_id, doc.text, original))
        rows = [[s.id, s.index, s.paragraph, s.start, s.end, s.text] for s in doc.iter_sentences()]
        # One statement for all sentences (see json_columns).
        conn.execute(
            'INSERT INTO sentences (doc_id, sentence_id, idx, paragraph, start, "end", text) '
            f"SELECT ?, {json_columns(6)} FROM json_each(?)",
            (doc_id, dumps(rows)),
        )
        return doc_id

    def get_document(self, doc_id: int) -> Document:
        """The article exactly as it was stored: same text, sentence ids and offsets."""
        with self._read("read the document") as conn:
            row = conn.execute(
                "SELECT d.title, d.language, b.text, d.meta, d.paragraphs "
                "FROM documents d JOIN bodies b ON b.doc_id = d.id WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no document #{doc_id}")
            rows = conn.execute(
                'SELECT sentence_id, idx, paragraph, start, "end", text FROM sentences '
                "WHERE doc_id = ? ORDER BY idx",
                (doc_id,),
            ).fetchall()
        title, language, text, meta, paragraphs_json = row
        by_paragraph: dict[int, list[Sentence]] = {}
        for sid, idx, para, start, end, stext in rows:
            by_paragraph.setdefault(para, []).append(
                Sentence(id=sid, index=idx, paragraph=para, start=start, end=end, text=stext)
            )
        paragraphs = tuple(
            Paragraph(index=i, start=start, end=end, sentences=tuple(by_paragraph.get(i, ())))
            for i, start, end in json.loads(paragraphs_json)
        )
        return Document(
            title=title, language=language, text=text, meta=meta_from_json(meta), paragraphs=paragraphs
        )

    def original(self, doc_id: int) -> bytes | None:
        """The bytes the article was imported from, or None (e.g. a paste)."""
        with self._read("read the original file") as conn:
            row = conn.execute("SELECT original FROM bodies WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise ItemNotFound(f"The library holds no document #{doc_id}")
        return bytes(row[0]) if row[0] is not None else None

    def list_documents(self, *, limit: int | None = None, order: str = "recent") -> list[DocumentSummary]:
        """Every document, most recently worked on first.

        ``order="checkworthy"``: by the article's most check-worthy claim (the
        claim finder's score, as ``dragoman batch`` ranks), articles without
        claims last, newest first among equals.
        """
        if order not in ("recent", "checkworthy"):
            raise ValueError(f"unknown order {order!r}")
        top = "(SELECT max(c.score) FROM claims c WHERE c.doc_id = documents.id)"
        by = f"{top} IS NULL, {top} DESC, " if order == "checkworthy" else ""
        sql = (
            "SELECT id, title, json_extract(meta, '$.date'), status, updated_at, imported_at, "
            "source_name, language, "
            "(SELECT COUNT(*) FROM sentences s WHERE s.doc_id = documents.id), "
            "(SELECT COUNT(*) FROM translations t WHERE t.doc_id = documents.id AND t.sentence_id != ?) "
            f"FROM documents ORDER BY {by}updated_at DESC, id DESC"
        )
        params: tuple[str | int, ...] = (TITLE_ID,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (TITLE_ID, int(limit))
        with self._read("list the library") as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            DocumentSummary(
                id=int(r[0]),
                title=r[1],
                date=r[2] or r[5][:10],
                status=r[3],
                updated_at=r[4],
                imported_at=r[5],
                source_name=r[6],
                language=r[7],
                sentences=int(r[8]),
                translated=int(r[9]),
            )
            for r in rows
        ]

    def set_title(self, doc_id: int, title: str) -> None:
        """Rename a document (the body text, and so every offset, is unchanged)."""
        with self._write("rename the document") as conn:
            self._require_document(conn, doc_id)
            conn.execute("UPDATE documents SET title = ?, updated_at = ? WHERE id = ?", (title, now(), doc_id))

    def delete_document(self, doc_id: int) -> None:
        """Remove a document and everything attached to it (translation, notes, briefs)."""
        with self._write("delete the document") as conn:
            cur = conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            if cur.rowcount == 0:
                raise ItemNotFound(f"The library holds no document #{doc_id}")
