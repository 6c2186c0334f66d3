"""The desk library: one SQLite file holding every article and the work done on it.

A journalist never presses Save. Every user action - importing an article,
storing a translation batch, one post-edit, one annotation, a brief - is its
own transaction, committed before the method returns, with ``synchronous=FULL``
so it survives a crash or a power cut. Several windows (or the CLI beside the
GUI) may use the same file at once: the file is in WAL mode, readers never
block, and a writer waits up to ``busy_timeout`` seconds before
:class:`~desktop.core.errors.LibraryLocked` says why it gave up.

Everything in and out is plain data (the frozen types of
:mod:`desktop.core.document` and :mod:`desktop.core.translation`, dicts for
claims, flags and brief data, and the records of
:mod:`desktop.core.library.records`); no method mutates what it is given, so
after a :class:`~desktop.core.errors.StorageFull` the caller still holds
everything and can :meth:`Library.save_as` elsewhere.

A file that is not a readable SQLite database is never overwritten: it is
moved aside as ``<name>.corrupt-YYYYmmdd-HHMMSS`` and a new library is
started; :attr:`Library.recovered_from` and :attr:`Library.message` tell the
GUI and CLI what happened.

How the class is put together
-----------------------------
:class:`Library` is assembled from mixins, one module per part, all sharing
the one connection, lock and transaction helpers of
:class:`~desktop.core.library.connection.LibraryConnection`:
documents (:mod:`~desktop.core.library.documents`), translations and edits
(:mod:`~desktop.core.library.translations`), annotations
(:mod:`~desktop.core.library.annotations`), claims, flags and briefs
(:mod:`~desktop.core.library.findings`) and the glossary
(:mod:`~desktop.core.library.glossary`). Mixins rather than composition
because every part must run inside the *same* transaction when
:meth:`Library.batch` or :meth:`Library.import_record` nests them (one
savepoint depth, one lock), and because callers -- the CLI, the GUI, the
operations layer, tests that patch ``Library._touch`` -- use one flat object
(``lib.add_annotation(...)``); composition would mean a forwarding method
for each of ~40 methods. What spans every part (whole-record import and
export, search) lives here. The schema and its migrations are in
:mod:`~desktop.core.library.schema`, search in
:mod:`~desktop.core.library.search`, ``.dragoman`` files in
:mod:`~desktop.core.library.archive`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.document import Document
from desktop.core.errors import DuplicateDocument
from desktop.core.library.annotations import AnnotationStore, check_annotation
from desktop.core.library.connection import SQLITE_HEADER, LibraryConnection
from desktop.core.library.documents import DocumentStore
from desktop.core.library.findings import BatchStore, FindingStore
from desktop.core.library.glossary import GlossaryStore
from desktop.core.library.records import (
    ANNOTATION_KINDS,
    SIDES,
    STATUSES,
    Annotation,
    Brief,
    DocumentRecord,
    DocumentSummary,
    GlossaryEntry,
    dumps,
    now,
    sha256_of,
)
from desktop.core.library.salvage import RecoveryReport, recover_into
from desktop.core.library.search import FIELDS, SearchHit, run_search
from desktop.core.library.translations import TranslationStore

__all__ = [
    "ANNOTATION_KINDS",
    "LIBRARY_FILE_NAME",
    "SIDES",
    "SQLITE_HEADER",
    "STATUSES",
    "Annotation",
    "Brief",
    "DocumentRecord",
    "DocumentSummary",
    "GlossaryEntry",
    "Library",
    "LibraryConnection",
    "RecoveryReport",
    "SearchHit",
    "default_library_path",
    "sha256_of",
]

LIBRARY_FILE_NAME = "library.sqlite"


def default_library_path() -> Path:
    """Where the library lives: :func:`desktop.core.paths.library_path` (the one rule).

    ``$DRAGOMAN_LIBRARY`` (a file, or a folder holding ``library.sqlite``),
    else the user data folder; resolved when called, never at import.
    """
    from desktop.core.paths import library_path

    return library_path()


class Library(DocumentStore, TranslationStore, AnnotationStore, FindingStore, GlossaryStore, BatchStore):
    """The desk library in one SQLite file (see the module docstring for the guarantees).

    ``db`` is the underlying :class:`sqlite_utils.Database`; other core
    modules may keep their own tables in it (the translation memory does).
    Methods are thread-safe (one lock per instance), so GUI workers may share
    an instance.
    """

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float = 5.0) -> None:
        super().__init__(
            Path(path).expanduser() if path is not None else default_library_path(), busy_timeout=busy_timeout
        )

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Library({str(self.path)!r})"

    @contextmanager
    def batch(self, action: str = "save the changes") -> Iterator[Library]:
        """Group several actions into one transaction: all are saved, or none.

        For imports and bulk loads; ordinary user actions need no batch.
        Holds the write lock until the block ends.
        """
        with self._write(action):
            yield self

    def recover(self, damaged: str | Path, *, use_cli: bool | None = None) -> RecoveryReport:
        """Copy what can still be read from a damaged library file (one moved aside) into this one.

        See :mod:`desktop.core.library.salvage`; :attr:`recovered_from` names
        the file moved aside when this library was started in its place.
        """
        return recover_into(self, damaged, use_cli=use_cli)

    # -- search --------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 50,
        *,
        fields: tuple[str, ...] = FIELDS,
        doc_id: int | None = None,
        order: str = "recent",
    ) -> list[SearchHit]:
        """Find documents by Bulgarian or English sentences, notes and titles.

        Any text is a valid query (see :func:`desktop.core.library.search.fts_query`);
        every word must match, a word of three letters or more also matches
        its longer forms, and matched words are marked ``[like this]`` in the
        snippet. Newest documents come first (``order="relevance"`` ranks by
        bm25 instead, slower on common words).
        """
        with self._read("search the library") as conn:
            return run_search(conn, query, limit=limit, fields=fields, doc_id=doc_id, order=order)

    # -- whole records (add, export/import) ---------------------------------------

    def add_document(
        self, doc: Document, original: bytes | None = None, *, allow_duplicate: bool = False
    ) -> int:
        """Store an article (and its original bytes, for exact export); return its id.

        The same article imported twice is recognised by SHA-256 (see
        :func:`~desktop.core.library.records.sha256_of`): :class:`DuplicateDocument`
        carries the stored id so the caller can offer to open it, unless
        ``allow_duplicate``.
        """
        record = DocumentRecord(
            document=doc, original=original, sha256=sha256_of(doc, original), imported_at="", updated_at=""
        )
        return self.import_record(record, allow_duplicate=allow_duplicate)

    def export_record(self, doc_id: int) -> DocumentRecord:
        """Everything about one document, read in one snapshot."""
        with self._read("read the document"):
            doc = self.get_document(doc_id)
            row = self.db.conn.execute(
                "SELECT b.original, d.sha256, d.imported_at, d.updated_at "
                "FROM documents d JOIN bodies b ON b.doc_id = d.id WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
            return DocumentRecord(
                document=doc,
                original=bytes(row[0]) if row[0] is not None else None,
                sha256=row[1],
                imported_at=row[2],
                updated_at=row[3],
                translation=self.load_translation(doc_id),
                annotations=tuple(self.annotations(doc_id)),
                claims=tuple(self.load_claims(doc_id)),
                flags=tuple(self.load_flags(doc_id)),
                briefs=tuple(self.briefs(doc_id)),
            )

    def import_record(self, record: DocumentRecord, *, allow_duplicate: bool = False) -> int:
        """Store a whole record in one transaction (all of it or nothing); return the new id.

        Timestamps in the record are kept (empty ones become now), so an
        exported document comes back exactly as it left.
        """
        doc = record.document
        stamp = now()
        with self._write("save the document") as conn:
            row = conn.execute("SELECT min(id) FROM documents WHERE sha256 = ?", (record.sha256,)).fetchone()
            if row[0] is not None and not allow_duplicate:
                raise DuplicateDocument(int(row[0]), f"“{doc.title}”" if doc.title else "This article")
            doc_id = self._insert_document(
                conn,
                doc,
                original=record.original,
                sha256=record.sha256,
                imported_at=record.imported_at or stamp,
                updated_at=record.updated_at or stamp,
            )
            if record.translation is not None:
                self.save_translation(doc_id, record.translation)
            for a in record.annotations:
                check_annotation(a.side, a.start, a.end, a.kind)
                conn.execute(
                    'INSERT INTO annotations (doc_id, side, start, "end", kind, colour, text, created_at, '
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, a.side, a.start, a.end, a.kind, a.colour, a.text, a.created_at or stamp,
                     a.updated_at or stamp),
                )
            if record.claims:
                self.save_claims(doc_id, record.claims)
            if record.flags:
                self.save_flags(doc_id, record.flags)
            for b in record.briefs:
                conn.execute(
                    "INSERT INTO briefs (doc_id, created_at, format, markdown, data) VALUES (?, ?, ?, ?, ?)",
                    (doc_id, b.created_at or stamp, b.format, b.markdown, dumps(b.data)),
                )
            # Status from what was stored; the record's own time wins over "now".
            self._touch(conn, doc_id, record.updated_at or stamp)
            return doc_id
