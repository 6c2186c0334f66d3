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
claims, flags and brief data, and the small records below); no method mutates
what it is given, so after a :class:`~desktop.core.errors.StorageFull` the
caller still holds everything and can :meth:`Library.save_as` elsewhere.

A file that is not a readable SQLite database is never overwritten: it is
moved aside as ``<name>.corrupt-YYYYmmdd-HHMMSS`` and a new library is
started; :attr:`Library.recovered_from` and :attr:`Library.message` tell the
GUI and CLI what happened.

The schema and its migrations are in :mod:`desktop.core.library.schema`,
search in :mod:`desktop.core.library.search`, ``.dragoman`` files in
:mod:`desktop.core.library.archive`.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core.document import Document, Paragraph, Sentence, SourceMeta
from desktop.core.errors import (
    DuplicateDocument,
    ItemNotFound,
    LibraryError,
    LibraryLocked,
    LibraryTooNew,
    StorageFull,
)
from desktop.core.library.schema import SCHEMA_VERSION, migrate, schema_version
from desktop.core.library.search import FIELDS, SearchHit, run_search
from desktop.core.translation import TITLE_ID, TITLE_INDEX, DocumentTranslation, TranslatedSentence

__all__ = [
    "Annotation",
    "Brief",
    "DocumentRecord",
    "DocumentSummary",
    "GlossaryEntry",
    "Library",
    "SearchHit",
    "default_library_path",
]

SQLITE_HEADER = b"SQLite format 3\x00"
LIBRARY_FILE_NAME = "library.sqlite"
SIDES = ("bg", "en")
ANNOTATION_KINDS = ("highlight", "note")
STATUSES = ("new", "translated", "edited", "briefed")
_UNSET: Any = object()


def default_library_path() -> Path:
    """Where the library lives: :func:`desktop.core.paths.library_path` (the one rule).

    ``$DRAGOMAN_LIBRARY`` (a file, or a folder holding ``library.sqlite``),
    else the user data folder; resolved when called, never at import.
    """
    from desktop.core.paths import library_path

    return library_path()


# --- records ----------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSummary:
    """One line of the library list."""

    id: int
    title: str
    date: str  # the article's own date when known, else the day it was imported
    status: str  # new | translated | edited | briefed
    updated_at: str
    imported_at: str
    source_name: str
    language: str


@dataclass(frozen=True)
class Annotation:
    """A highlight or note on a span of the Bulgarian or English text.

    ``start``/``end`` are offsets into ``Document.text`` (side ``bg``) or into
    the English layout text (side ``en``, see ``english_layout``).
    """

    id: int
    doc_id: int
    side: str  # bg | en
    start: int
    end: int
    kind: str  # highlight | note
    colour: str | None
    text: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Brief:
    """A brief as it was exported: the Markdown the user saw and its structured data."""

    id: int
    doc_id: int
    created_at: str
    format: str
    markdown: str
    data: dict[str, Any]


@dataclass(frozen=True)
class GlossaryEntry:
    """The desk's preferred English for a Bulgarian term (names, institutions)."""

    bg: str
    en: str
    note: str = ""


@dataclass(frozen=True)
class DocumentRecord:
    """Everything the library holds about one document, as plain data.

    What :mod:`desktop.core.library.archive` writes to and reads from a
    ``.dragoman`` file; ids inside annotations and briefs are those of the
    library it came from and are replaced on import.
    """

    document: Document
    original: bytes | None
    sha256: str
    imported_at: str
    updated_at: str
    translation: DocumentTranslation | None = None
    annotations: tuple[Annotation, ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    flags: tuple[dict[str, Any], ...] = ()
    briefs: tuple[Brief, ...] = ()


# --- helpers ----------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot store a {type(value).__name__} in the library")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _as_dict(item: Any) -> dict[str, Any]:
    """A claim/flag as a JSON-ready dict: dataclasses via ``asdict``, mappings copied."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        data: dict[str, Any] = dataclasses.asdict(item)
        return data
    if isinstance(item, Mapping):
        return dict(item)
    raise TypeError(f"expected a dataclass or a mapping, got {type(item).__name__}")


def sha256_of(document: Document, original: bytes | None) -> str:
    """The identity used to recognise a re-import of the same article.

    The original bytes when we have them (a file read twice is the same
    article even if normalisation changes), else the hash ingest recorded,
    else the normalised text (a paste).
    """
    if original is not None:
        return hashlib.sha256(original).hexdigest()
    if document.meta.sha256:
        return document.meta.sha256
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def _errorname(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _is_corruption(exc: sqlite3.Error) -> bool:
    name = _errorname(exc)
    text = str(exc).lower()
    return (
        name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        or "file is not a database" in text
        or "malformed" in text
    )


def _meta_from_json(raw: str) -> SourceMeta:
    data = json.loads(raw) if raw else {}
    known = {f.name for f in dataclasses.fields(SourceMeta)}
    return SourceMeta(**{k: v for k, v in data.items() if k in known})


# --- the library ------------------------------------------------------------


class Library:
    """The desk library in one SQLite file (see the module docstring for the guarantees).

    ``db`` is the underlying :class:`sqlite_utils.Database`; other core
    modules may keep their own tables in it (the translation memory does).
    Methods are thread-safe (one lock per instance), so GUI workers may share
    an instance.
    """

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float = 5.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_library_path()
        self.busy_timeout = busy_timeout
        #: Where a damaged library file was moved to when this one was started, else None.
        self.recovered_from: Path | None = None
        #: One sentence for the user when opening did something they should know about.
        self.message: str | None = None
        #: Held by every method; code sharing :attr:`db` from other threads should hold it too.
        self.lock = threading.RLock()
        self._lock = self.lock
        self._depth = 0
        self.db = self._open()

    # -- opening, closing, copying ------------------------------------------

    def _open(self) -> Database:
        path = self.path
        if path.is_dir():
            raise LibraryError(f"The library path {path} is a folder, not a file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageFull(
                f"Could not create the library folder {path.parent} ({exc.strerror or exc})",
                hint="Choose another location with --library or $DRAGOMAN_LIBRARY.",
            ) from exc
        reason = self._header_problem(path)
        if reason is not None:
            self._move_aside(reason)
        try:
            db = self._connect(path)
        except sqlite3.Error as exc:
            if not _is_corruption(exc):
                raise self._error(exc, "open the library") from exc
            self._move_aside(f"SQLite says: {exc}")
            try:
                db = self._connect(path)
            except sqlite3.Error as exc2:
                raise self._error(exc2, "start a new library") from exc2
        try:
            version = schema_version(db)
            if version > SCHEMA_VERSION:
                raise LibraryTooNew(
                    f"The library {path} was written by a newer Dragoman (schema {version}; "
                    f"this version knows up to {SCHEMA_VERSION})",
                    hint="Update Dragoman, or open another library with --library.",
                )
            migrate(db)
        except LibraryTooNew:
            db.close()
            raise
        except sqlite3.Error as exc:
            db.close()
            raise self._error(exc, "prepare the library") from exc
        return db

    @staticmethod
    def _header_problem(path: Path) -> str | None:
        """Why ``path`` is certainly not a SQLite file, or None (missing/empty files are fine)."""
        try:
            with path.open("rb") as fh:
                head = fh.read(100)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise LibraryError(f"Could not read the library file {path} ({exc.strerror or exc})") from exc
        if not head:
            return None
        if not head.startswith(SQLITE_HEADER[: len(head)]) or len(head) < len(SQLITE_HEADER):
            return "it is not a SQLite database"
        if len(head) < 100:
            return "it is truncated"
        return None

    def _connect(self, path: Path) -> Database:
        conn = sqlite3.connect(str(path), timeout=self.busy_timeout, check_same_thread=False)
        try:
            # Driver autocommit: we issue BEGIN/COMMIT ourselves (see _write).
            conn.isolation_level = None
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise LibraryError(f"The library {path} cannot use write-ahead logging (mode {mode})")
            conn.execute("PRAGMA synchronous = FULL")
            # Reading the schema is what fails on a damaged file.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return Database(conn, execute_plugins=False)
        except BaseException:
            conn.close()
            raise

    def _move_aside(self, reason: str) -> None:
        """Rename a damaged file (and its WAL side files) out of the way, never deleting it."""
        path = self.path
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 2
        while aside.exists():
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.replace(path, aside)
            for suffix in ("-wal", "-shm", "-journal"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise LibraryError(
                f"The library file {path} is damaged ({reason}) and could not be moved aside "
                f"({exc.strerror or exc})",
                hint="Move it away by hand or choose another location with --library.",
            ) from exc
        self.recovered_from = aside
        self.message = (
            f"The library file {path} could not be read ({reason}); it was moved aside to "
            f"{aside} and a new, empty library was started."
        )

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Library({str(self.path)!r})"

    def check(self) -> str:
        """SQLite's full integrity check: ``"ok"`` or the first problem found."""
        with self._read("check the library") as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])

    def save_as(self, path: str | Path, *, switch: bool = True) -> Path:
        """Copy the whole library to ``path`` (a consistent snapshot) and, by default, continue there.

        The way out when the disk is full or the location read-only: nothing
        the caller holds is lost, so it can repeat the failed action in the
        new location. Refuses to overwrite an existing file.
        """
        dest = Path(path).expanduser()
        if dest.exists():
            raise LibraryError(f"{dest} already exists; choose a new file name for the copy")
        tmp = dest.with_name(dest.name + ".part")
        with self._lock:
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                target = sqlite3.connect(str(tmp))
                try:
                    self.db.conn.backup(target)
                finally:
                    target.close()
                os.replace(tmp, dest)
            except (OSError, sqlite3.Error) as exc:
                tmp.unlink(missing_ok=True)
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc, f"copy the library to {dest}") from exc
                raise StorageFull(f"Could not copy the library to {dest} ({exc.strerror or exc})") from exc
            if switch:
                self.db.close()
                self.path = dest
                self.db = self._open()
        return dest

    # -- transactions and errors ---------------------------------------------

    def _error(self, exc: sqlite3.Error, action: str) -> LibraryError:
        """One sentence for a storage failure, naming what the user was doing."""
        name = _errorname(exc)
        text = str(exc).lower()
        where = self.path
        if name.startswith("SQLITE_FULL") or "disk is full" in text:
            return StorageFull(
                f"Could not {action}: the disk holding the library ({where}) is full",
                hint="Nothing you have open was lost; free some space, or save the library elsewhere.",
            )
        if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
            return StorageFull(
                f"Could not {action}: the library at {where} is read-only",
                hint="Nothing you have open was lost; save the library to a writable location.",
            )
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
            return LibraryLocked(
                f"Could not {action}: another Dragoman window or process kept the library busy "
                f"for more than {self.busy_timeout:g} s",
                hint="Finish or close the other one, then try again.",
            )
        if _is_corruption(exc):
            return LibraryError(
                f"Could not {action}: the library file {where} is damaged",
                hint="Restart Dragoman to move it aside and start a new library, or restore a backup.",
            )
        if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk i/o" in text:
            return StorageFull(
                f"Could not {action}: the disk holding the library ({where}) reported an error ({exc})",
                hint="Nothing you have open was lost; save the library elsewhere.",
            )
        return LibraryError(f"Could not {action}: {exc}")

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One write transaction (a savepoint when nested in :meth:`batch`).

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a busy library
        waits ``busy_timeout`` at the start instead of failing half-way.
        """
        with self._lock:
            conn = self.db.conn
            nested = self._depth > 0
            savepoint = f"dragoman_{self._depth}"
            try:
                conn.execute(f"SAVEPOINT {savepoint}" if nested else "BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc, action) from exc
            self._depth += 1
            try:
                yield conn
            except BaseException as exc:
                self._depth -= 1
                self._undo(conn, nested, savepoint)
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc, action) from exc
                raise
            self._depth -= 1
            try:
                conn.execute(f"RELEASE {savepoint}" if nested else "COMMIT")
            except sqlite3.Error as exc:
                self._undo(conn, nested, savepoint)
                raise self._error(exc, action) from exc

    @staticmethod
    def _undo(conn: sqlite3.Connection, nested: bool, savepoint: str) -> None:
        if not conn.in_transaction:
            return
        try:
            if nested:
                conn.execute(f"ROLLBACK TO {savepoint}")
                conn.execute(f"RELEASE {savepoint}")
            else:
                conn.execute("ROLLBACK")
        except sqlite3.Error:  # the failure may already have ended the transaction
            pass

    @contextmanager
    def _read(self, action: str) -> Iterator[sqlite3.Connection]:
        """A consistent read: several SELECTs see one snapshot even while others write."""
        with self._lock:
            conn = self.db.conn
            own = self._depth == 0 and not conn.in_transaction
            try:
                if own:
                    conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if own and conn.in_transaction:
                        conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._error(exc, action) from exc

    @contextmanager
    def batch(self, action: str = "save the changes") -> Iterator[Library]:
        """Group several actions into one transaction: all are saved, or none.

        For imports and bulk loads; ordinary user actions need no batch.
        Holds the write lock until the block ends.
        """
        with self._write(action):
            yield self

    # -- documents -------------------------------------------------------------

    def _require_document(self, conn: sqlite3.Connection, doc_id: int) -> None:
        if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
            raise ItemNotFound(f"The library holds no document #{doc_id}")

    def _touch(self, conn: sqlite3.Connection, doc_id: int, now: str) -> None:
        """Set the document's status from what it holds, and its updated time."""
        conn.execute(
            """
            UPDATE documents SET updated_at = :now, status = CASE
                WHEN EXISTS (SELECT 1 FROM briefs WHERE doc_id = :id) THEN 'briefed'
                WHEN EXISTS (SELECT 1 FROM translations WHERE doc_id = :id
                             AND edited_text IS NOT NULL) THEN 'edited'
                WHEN EXISTS (SELECT 1 FROM translations WHERE doc_id = :id) THEN 'translated'
                ELSE 'new' END
            WHERE id = :id
            """,
            {"id": doc_id, "now": now},
        )

    def find_by_sha256(self, sha256: str) -> int | None:
        """The id of the oldest document with this hash, or None."""
        with self._read("look up the article") as conn:
            row = conn.execute("SELECT min(id) FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def add_document(
        self, doc: Document, original: bytes | None = None, *, allow_duplicate: bool = False
    ) -> int:
        """Store an article (and its original bytes, for exact export); return its id.

        The same article imported twice is recognised by SHA-256 (see
        :func:`sha256_of`): :class:`DuplicateDocument` carries the stored id so
        the caller can offer to open it, unless ``allow_duplicate``.
        """
        record = DocumentRecord(
            document=doc, original=original, sha256=sha256_of(doc, original), imported_at="", updated_at=""
        )
        return self.import_record(record, allow_duplicate=allow_duplicate)

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
                _dumps(dataclasses.asdict(doc.meta)),
                _dumps([[p.index, p.start, p.end] for p in doc.paragraphs]),
                imported_at,
                updated_at,
            ),
        )
        doc_id = int(cur.lastrowid or 0)
        conn.execute("INSERT INTO bodies (doc_id, text, original) VALUES (?, ?, ?)", (doc_id, doc.text, original))
        rows = [[s.id, s.index, s.paragraph, s.start, s.end, s.text] for s in doc.iter_sentences()]
        # One statement for all sentences (see _json_columns).
        conn.execute(
            'INSERT INTO sentences (doc_id, sentence_id, idx, paragraph, start, "end", text) '
            f"SELECT ?, {_json_columns(6)} FROM json_each(?)",
            (doc_id, _dumps(rows)),
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
            title=title, language=language, text=text, meta=_meta_from_json(meta), paragraphs=paragraphs
        )

    def original(self, doc_id: int) -> bytes | None:
        """The bytes the article was imported from, or None (e.g. a paste)."""
        with self._read("read the original file") as conn:
            row = conn.execute("SELECT original FROM bodies WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise ItemNotFound(f"The library holds no document #{doc_id}")
        return bytes(row[0]) if row[0] is not None else None

    def list_documents(self, *, limit: int | None = None) -> list[DocumentSummary]:
        """Every document, most recently worked on first."""
        sql = (
            "SELECT id, title, json_extract(meta, '$.date'), status, updated_at, imported_at, "
            "source_name, language FROM documents ORDER BY updated_at DESC, id DESC"
        )
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (int(limit),)
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
            )
            for r in rows
        ]

    def set_title(self, doc_id: int, title: str) -> None:
        """Rename a document (the body text, and so every offset, is unchanged)."""
        with self._write("rename the document") as conn:
            self._require_document(conn, doc_id)
            conn.execute("UPDATE documents SET title = ?, updated_at = ? WHERE id = ?", (title, _now(), doc_id))

    def delete_document(self, doc_id: int) -> None:
        """Remove a document and everything attached to it (translation, notes, briefs)."""
        with self._write("delete the document") as conn:
            cur = conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            if cur.rowcount == 0:
                raise ItemNotFound(f"The library holds no document #{doc_id}")

    # -- translations ------------------------------------------------------------

    def save_translation(
        self, doc_id: int, translation: DocumentTranslation | Iterable[TranslatedSentence]
    ) -> None:
        """Store translated sentences (a whole translation or one streamed batch).

        Sentences already stored are replaced, except that a journalist's
        post-edit is kept when the incoming sentence carries none: re-running
        the machine must never throw away human work (use :meth:`save_edit`
        with None to drop an edit).
        """
        if isinstance(translation, DocumentTranslation):
            sentences: Sequence[TranslatedSentence] = translation.all_sentences
            header: dict[str, str] | None = {
                "model": translation.model,
                "revision": translation.revision,
                "backend": translation.backend,
                "profile": translation.profile,
            }
        else:
            sentences = list(translation)
            header = None
        now = _now()
        with self._write("save the translation") as conn:
            self._require_document(conn, doc_id)
            known = {r[0] for r in conn.execute("SELECT sentence_id FROM sentences WHERE doc_id = ?", (doc_id,))}
            if _source_sentence(conn, doc_id, TITLE_ID) is not None:
                known.add(TITLE_ID)  # the headline's translation
            for t in sentences:
                if t.sentence_id not in known:
                    raise ItemNotFound(f"Document #{doc_id} has no sentence {t.sentence_id}")
            rows = [
                [t.sentence_id, t.index, t.source, t.text, t.edited_text, t.score, t.model, t.revision,
                 t.backend, t.profile, int(t.cached)]
                for t in sentences
            ]
            conn.execute(
                f"""
                INSERT INTO translations (doc_id, sentence_id, idx, source, machine_text, edited_text,
                                          score, model, revision, backend, profile, cached, updated_at)
                SELECT :doc, {_json_columns(11)}, :now FROM json_each(:rows) WHERE true
                ON CONFLICT (doc_id, sentence_id) DO UPDATE SET
                    idx = excluded.idx, source = excluded.source, machine_text = excluded.machine_text,
                    edited_text = coalesce(excluded.edited_text, translations.edited_text),
                    score = excluded.score, model = excluded.model, revision = excluded.revision,
                    backend = excluded.backend, profile = excluded.profile, cached = excluded.cached,
                    updated_at = excluded.updated_at
                """,
                {"doc": doc_id, "now": now, "rows": _dumps(rows)},
            )
            if header is None and sentences:
                existing = conn.execute(
                    "SELECT translation_meta FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()[0]
                if existing is None:
                    first = sentences[0]
                    header = {
                        "model": first.model,
                        "revision": first.revision,
                        "backend": first.backend,
                        "profile": first.profile,
                    }
            if header is not None:
                conn.execute(
                    "UPDATE documents SET translation_meta = ? WHERE id = ?", (_dumps(header), doc_id)
                )
            self._touch(conn, doc_id, now)

    def load_translation(self, doc_id: int) -> DocumentTranslation | None:
        """The stored translation (possibly partial), or None when nothing was translated."""
        with self._read("read the translation") as conn:
            row = conn.execute("SELECT translation_meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no document #{doc_id}")
            rows = conn.execute(
                """SELECT sentence_id, idx, source, machine_text, score, model, revision, backend,
                          profile, cached, edited_text
                   FROM translations WHERE doc_id = ? ORDER BY idx""",
                (doc_id,),
            ).fetchall()
        if row[0] is None and not rows:
            return None
        header = json.loads(row[0]) if row[0] else {}
        return DocumentTranslation(
            sentences=tuple(_translated(r) for r in rows),
            model=header.get("model", ""),
            revision=header.get("revision", ""),
            backend=header.get("backend", ""),
            profile=header.get("profile", ""),
        )

    def save_edit(self, doc_id: int, sentence_id: str, text: str | None) -> TranslatedSentence:
        """Store (or with None, drop) the journalist's post-edit of one sentence; return it.

        A sentence the machine has not translated yet may be translated by
        hand: it is stored with empty machine text.
        """
        now = _now()
        with self._write("save the edit") as conn:
            self._require_document(conn, doc_id)
            src = _source_sentence(conn, doc_id, sentence_id)
            if src is None:
                raise ItemNotFound(f"Document #{doc_id} has no sentence {sentence_id}")
            cur = conn.execute(
                "UPDATE translations SET edited_text = ?, updated_at = ? WHERE doc_id = ? AND sentence_id = ?",
                (text, now, doc_id, sentence_id),
            )
            if cur.rowcount == 0 and text is not None:
                conn.execute(
                    """INSERT INTO translations (doc_id, sentence_id, idx, source, machine_text, edited_text,
                                                 updated_at) VALUES (?, ?, ?, ?, '', ?, ?)""",
                    (doc_id, sentence_id, src[0], src[1], text, now),
                )
            self._touch(conn, doc_id, now)
            row = conn.execute(
                """SELECT sentence_id, idx, source, machine_text, score, model, revision, backend,
                          profile, cached, edited_text
                   FROM translations WHERE doc_id = ? AND sentence_id = ?""",
                (doc_id, sentence_id),
            ).fetchone()
        if row is None:  # dropped an edit of an untranslated sentence: nothing to show
            return TranslatedSentence(sentence_id=sentence_id, index=src[0], source=src[1], text="")
        return _translated(row)

    # -- claims and flags --------------------------------------------------------

    def _save_items(self, table: str, doc_id: int, items: Iterable[Any], action: str) -> None:
        dicts = [_as_dict(item) for item in items]
        rows: list[tuple[Any, ...]] = []
        for i, d in enumerate(dicts):
            data = _dumps(d)
            if table == "claims":
                score = d.get("score")
                rows.append(
                    (
                        doc_id,
                        i,
                        str(d.get("id") or d.get("claim_id") or f"c{i + 1}"),
                        str(d.get("kind") or ""),
                        float(score) if isinstance(score, int | float) else None,
                        data,
                    )
                )
            else:
                rows.append((doc_id, i, data))
        now = _now()
        with self._write(action) as conn:
            self._require_document(conn, doc_id)
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            if table == "claims":
                conn.executemany(
                    "INSERT INTO claims (doc_id, idx, claim_id, kind, score, data) VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
            else:
                conn.executemany(f"INSERT INTO {table} (doc_id, idx, data) VALUES (?, ?, ?)", rows)
            self._touch(conn, doc_id, now)

    def _load_items(self, table: str, doc_id: int, action: str) -> list[dict[str, Any]]:
        with self._read(action) as conn:
            self._require_document(conn, doc_id)
            rows = conn.execute(f"SELECT data FROM {table} WHERE doc_id = ? ORDER BY idx", (doc_id,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def save_claims(self, doc_id: int, claims: Iterable[Any]) -> None:
        """Replace the document's claims (dataclasses are stored via ``asdict``, mappings as given)."""
        self._save_items("claims", doc_id, claims, "save the claims")

    def load_claims(self, doc_id: int) -> list[dict[str, Any]]:
        """The claims as dicts, in the order they were saved (``Claim.from_dict`` rebuilds them)."""
        return self._load_items("claims", doc_id, "read the claims")

    def save_flags(self, doc_id: int, flags: Iterable[Any]) -> None:
        """Replace the document's QA flags (as for claims)."""
        self._save_items("flags", doc_id, flags, "save the checks")

    def load_flags(self, doc_id: int) -> list[dict[str, Any]]:
        return self._load_items("flags", doc_id, "read the checks")

    # -- annotations ---------------------------------------------------------------

    @staticmethod
    def _check_annotation(side: str, start: int, end: int, kind: str) -> None:
        if side not in SIDES:
            raise ValueError(f"annotation side must be one of {SIDES}, not {side!r}")
        if kind not in ANNOTATION_KINDS:
            raise ValueError(f"annotation kind must be one of {ANNOTATION_KINDS}, not {kind!r}")
        if not 0 <= start <= end:
            raise ValueError(f"annotation span must have 0 <= start <= end, not {start}..{end}")

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
        self._check_annotation(side, start, end, kind)
        now = _now()
        with self._write("save the annotation") as conn:
            self._require_document(conn, doc_id)
            if side == "bg":
                length = conn.execute("SELECT length(text) FROM bodies WHERE doc_id = ?", (doc_id,)).fetchone()[0]
                if end > length:
                    raise ValueError(f"annotation ends at {end}, past the end of the text ({length})")
            cur = conn.execute(
                'INSERT INTO annotations (doc_id, side, start, "end", kind, colour, text, created_at, updated_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, side, start, end, kind, colour, text, now, now),
            )
            self._touch(conn, doc_id, now)
            return int(cur.lastrowid or 0)

    def get_annotation(self, annotation_id: int) -> Annotation:
        with self._read("read the annotation") as conn:
            row = conn.execute(f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
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
        colour: str | None = _UNSET,
        text: str | None = None,
    ) -> Annotation:
        """Change some fields of an annotation (``colour=None`` clears the colour); return it."""
        now = _now()
        with self._write("save the annotation") as conn:
            row = conn.execute(f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no annotation #{annotation_id}")
            old = Annotation(*row)
            new = dataclasses.replace(
                old,
                start=old.start if start is None else start,
                end=old.end if end is None else end,
                kind=old.kind if kind is None else kind,
                colour=old.colour if colour is _UNSET else colour,
                text=old.text if text is None else text,
                updated_at=now,
            )
            self._check_annotation(new.side, new.start, new.end, new.kind)
            conn.execute(
                'UPDATE annotations SET start = ?, "end" = ?, kind = ?, colour = ?, text = ?, updated_at = ? '
                "WHERE id = ?",
                (new.start, new.end, new.kind, new.colour, new.text, now, annotation_id),
            )
            self._touch(conn, old.doc_id, now)
        return new

    def delete_annotation(self, annotation_id: int) -> None:
        now = _now()
        with self._write("delete the annotation") as conn:
            row = conn.execute("SELECT doc_id FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no annotation #{annotation_id}")
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            self._touch(conn, int(row[0]), now)

    def annotations(self, doc_id: int, *, side: str | None = None) -> list[Annotation]:
        """The document's annotations in reading order (side, start, then creation)."""
        sql = f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE doc_id = ?"
        params: tuple[Any, ...] = (doc_id,)
        if side is not None:
            sql += " AND side = ?"
            params = (doc_id, side)
        with self._read("read the annotations") as conn:
            self._require_document(conn, doc_id)
            rows = conn.execute(sql + ' ORDER BY side, start, "end", id', params).fetchall()
        return [Annotation(*r) for r in rows]

    # -- briefs ----------------------------------------------------------------------

    def save_brief(
        self, doc_id: int, markdown: str, data: Mapping[str, Any] | None = None, *, format: str = "markdown"
    ) -> int:
        """Keep a brief as exported (every export is kept; :meth:`latest_brief` is the newest)."""
        payload = _dumps(dict(data) if data is not None else {})
        now = _now()
        with self._write("save the brief") as conn:
            self._require_document(conn, doc_id)
            cur = conn.execute(
                "INSERT INTO briefs (doc_id, created_at, format, markdown, data) VALUES (?, ?, ?, ?, ?)",
                (doc_id, now, format, markdown, payload),
            )
            self._touch(conn, doc_id, now)
            return int(cur.lastrowid or 0)

    def briefs(self, doc_id: int) -> list[Brief]:
        """Every brief kept for the document, oldest first."""
        with self._read("read the briefs") as conn:
            self._require_document(conn, doc_id)
            rows = conn.execute(
                "SELECT id, doc_id, created_at, format, markdown, data FROM briefs WHERE doc_id = ? ORDER BY id",
                (doc_id,),
            ).fetchall()
        return [Brief(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def latest_brief(self, doc_id: int) -> Brief | None:
        found = self.briefs(doc_id)
        return found[-1] if found else None

    # -- glossary ------------------------------------------------------------------

    def glossary_get(self, bg: str) -> GlossaryEntry | None:
        with self._read("read the glossary") as conn:
            row = conn.execute("SELECT bg, en, note FROM glossary WHERE bg = ?", (bg.strip(),)).fetchone()
        return GlossaryEntry(*row) if row else None

    def glossary_set(self, bg: str, en: str, note: str = "") -> GlossaryEntry:
        """Add or replace the desk's English for a Bulgarian term."""
        entry = GlossaryEntry(bg=bg.strip(), en=en.strip(), note=note)
        if not entry.bg or not entry.en:
            raise ValueError("a glossary entry needs both the Bulgarian term and its English")
        with self._write("save the glossary entry") as conn:
            conn.execute(
                "INSERT INTO glossary (bg, en, note) VALUES (?, ?, ?) "
                "ON CONFLICT (bg) DO UPDATE SET en = excluded.en, note = excluded.note",
                (entry.bg, entry.en, entry.note),
            )
        return entry

    def glossary_delete(self, bg: str) -> bool:
        """Remove a term; False when it was not there."""
        with self._write("delete the glossary entry") as conn:
            return conn.execute("DELETE FROM glossary WHERE bg = ?", (bg.strip(),)).rowcount > 0

    def glossary_all(self) -> list[GlossaryEntry]:
        with self._read("read the glossary") as conn:
            rows = conn.execute("SELECT bg, en, note FROM glossary ORDER BY bg").fetchall()
        return [GlossaryEntry(*r) for r in rows]

    def glossary_map(self) -> dict[str, str]:
        """``{bg: en}``, the shape the claim finder and checks take as ``glossary=``."""
        return {e.bg: e.en for e in self.glossary_all()}

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

    # -- whole records (export/import) -------------------------------------------

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
        now = _now()
        with self._write("save the document") as conn:
            row = conn.execute("SELECT min(id) FROM documents WHERE sha256 = ?", (record.sha256,)).fetchone()
            if row[0] is not None and not allow_duplicate:
                raise DuplicateDocument(int(row[0]), f"“{doc.title}”" if doc.title else "This article")
            doc_id = self._insert_document(
                conn,
                doc,
                original=record.original,
                sha256=record.sha256,
                imported_at=record.imported_at or now,
                updated_at=record.updated_at or now,
            )
            if record.translation is not None:
                self.save_translation(doc_id, record.translation)
            for a in record.annotations:
                self._check_annotation(a.side, a.start, a.end, a.kind)
                conn.execute(
                    'INSERT INTO annotations (doc_id, side, start, "end", kind, colour, text, created_at, '
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, a.side, a.start, a.end, a.kind, a.colour, a.text, a.created_at or now,
                     a.updated_at or now),
                )
            if record.claims:
                self.save_claims(doc_id, record.claims)
            if record.flags:
                self.save_flags(doc_id, record.flags)
            for b in record.briefs:
                conn.execute(
                    "INSERT INTO briefs (doc_id, created_at, format, markdown, data) VALUES (?, ?, ?, ?, ?)",
                    (doc_id, b.created_at or now, b.format, b.markdown, _dumps(b.data)),
                )
            # Status from what was stored; the record's own time wins over "now".
            self._touch(conn, doc_id, record.updated_at or now)
            return doc_id


def _json_columns(n: int) -> str:
    """``json_extract(value, '$[0]'), ...``: the columns of one row of a JSON array of rows.

    Many rows are written with one ``INSERT ... SELECT FROM json_each(?)``
    rather than ``executemany``: the full-text triggers then run inside one
    statement, and FTS5 flushes its pending index once per statement instead
    of once per row (about 3x faster for a 20-sentence article).
    """
    return ", ".join(f"json_extract(value, '$[{i}]')" for i in range(n))


_ANNOTATION_COLUMNS = 'id, doc_id, side, start, "end", kind, colour, text, created_at, coalesce(updated_at, created_at)'


def _translated(row: Sequence[Any]) -> TranslatedSentence:
    sid, idx, source, machine, score, model, revision, backend, profile, cached, edited = row
    return TranslatedSentence(
        sentence_id=sid,
        index=idx,
        source=source,
        text=machine,
        score=score,
        model=model,
        revision=revision,
        backend=backend,
        profile=profile,
        cached=bool(cached),
        edited_text=edited,
    )


def _source_sentence(conn: sqlite3.Connection, doc_id: int, sentence_id: str) -> tuple[int, str] | None:
    """``(index, Bulgarian text)`` of a sentence -- or of the headline (:data:`TITLE_ID`) -- or None."""
    if sentence_id == TITLE_ID:
        row = conn.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
        title = (row[0] or "").strip() if row is not None else ""
        return (TITLE_INDEX, title) if title else None
    row = conn.execute(
        "SELECT idx, text FROM sentences WHERE doc_id = ? AND sentence_id = ?", (doc_id, sentence_id)
    ).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None
