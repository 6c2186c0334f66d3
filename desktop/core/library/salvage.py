"""Recovering what can still be read from a damaged library into a healthy one.

A damaged library is moved aside, never deleted (:mod:`desktop.core.library.opening`);
this module copies its readable articles, with whatever work on them can
be read, into the library now in use. It follows SQLite's ``.recover``
approach: when the ``sqlite3`` command-line tool is installed, its
``.recover`` rebuilds every readable row into a fresh database first, page
by page, past the damage; without it (the tool is optional and never a
dependency) the damaged file is read directly, one document and one part of
it at a time, so one bad page costs what is on it and not what follows.

Nothing here writes to the damaged file: it is opened read-only, and the
tool works on a copy. Articles come in through the ordinary
:meth:`~desktop.core.library.store.Library.import_record`, each in its own
transaction, so the target library stays consistent whatever the source
holds, and one already there (same SHA-256) is not copied twice.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlite_utils import Database

from desktop.core.document import Document
from desktop.core.errors import DragomanError, DuplicateDocument, LibraryError
from desktop.core.library import opening
from desktop.core.library.annotations import AnnotationStore, check_annotation
from desktop.core.library.documents import DocumentStore
from desktop.core.library.findings import FindingStore
from desktop.core.library.glossary import GlossaryStore
from desktop.core.library.records import Annotation, DocumentRecord, GlossaryEntry, meta_from_json, sha256_of
from desktop.core.library.translations import TranslationStore

#: Tables of the translation memory (desktop.core.translate.memory) copied as they are.
MEMORY_TABLES = ("translation_memory", "post_edits")
#: How long the sqlite3 tool may take over one library before we read it ourselves.
CLI_TIMEOUT_S = 600.0

T = TypeVar("T")


class RecoveryTarget(Protocol):
    """What recovery needs of the library it copies into (a :class:`~desktop.core.library.store.Library`)."""

    path: Path
    db: Database

    def import_record(self, record: DocumentRecord, *, allow_duplicate: bool = False) -> int: ...

    def glossary_get(self, bg: str) -> GlossaryEntry | None: ...

    def glossary_set(self, bg: str, en: str, note: str = "") -> GlossaryEntry: ...

    def batch(self, action: str = ...) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True)
class RecoveryReport:
    """What a recovery copied, and what it could not."""

    source: Path
    method: str  # "sqlite3 .recover" or "row by row"
    recovered: int  # articles copied into the library
    already_there: int  # articles the library already held (same SHA-256)
    lost: int  # articles whose text could not be read at all
    partial: tuple[str, ...]  # one line per article copied without some of its work
    glossary: int = 0
    memory: int = 0

    def summary(self) -> str:
        """One sentence for the CLI and the GUI."""
        found = self.recovered + self.already_there + self.lost
        parts = [f"Recovered {self.recovered} of {found} article{'s' if found != 1 else ''} from {self.source}"]
        if self.already_there:
            parts.append(f"{self.already_there} already in the library")
        if self.lost:
            parts.append(f"{self.lost} could not be read")
        if self.partial:
            parts.append(f"{len(self.partial)} without part of their work")
        if self.glossary:
            parts.append(f"{self.glossary} glossary entries")
        if self.memory:
            parts.append(f"{self.memory} translation-memory entries")
        return "; ".join(parts) + f" ({self.method})."


class _Source(DocumentStore, TranslationStore, AnnotationStore, FindingStore, GlossaryStore):
    """The reading parts of a library over a read-only connection to the file being recovered.

    No checks on open, no marker beside it when a page is damaged: the file
    is only read, and every failure is caught by the caller, part by part.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._source_conn = conn
        super().__init__(path)

    def _open(self) -> Database:
        return Database(self._source_conn, execute_plugins=False)

    def _on_damage(self) -> None:
        self.damaged = True


def recover_into(target: RecoveryTarget, damaged: str | Path, *, use_cli: bool | None = None) -> RecoveryReport:
    """Copy every readable article (and the glossary and translation memory) of ``damaged`` into ``target``.

    ``use_cli``: True to require the ``sqlite3`` tool's ``.recover``, False
    to read row by row, None (default) to use the tool when it is installed
    and fall back when it is not or when it fails.
    """
    source = Path(damaged).expanduser()
    if not source.is_file():
        raise LibraryError(f"There is no library file to recover at {source}")
    if source.resolve() == Path(target.path).resolve():
        raise LibraryError(f"{source} is the library in use; recover from the copy that was moved aside")
    if opening.header_problem(source) is not None:
        raise LibraryError(f"{source} is not a SQLite database, so nothing can be recovered from it")
    tool = shutil.which("sqlite3") if use_cli is not False else None
    if use_cli and tool is None:
        raise LibraryError("The sqlite3 command-line tool is not installed")
    with tempfile.TemporaryDirectory(prefix=".dragoman-recover-", dir=Path(target.path).parent) as work:
        if tool is not None:
            rebuilt = _sqlite3_recover(tool, source, Path(work))
            if rebuilt is not None:
                return _copy(target, rebuilt, source, "sqlite3 .recover")
            if use_cli:
                raise LibraryError(f"The sqlite3 tool could not recover {source}")
        return _copy(target, source, source, "row by row")


def _sqlite3_recover(tool: str, source: Path, work: Path) -> Path | None:
    """The tool's ``.recover`` of a copy of ``source``, loaded into a fresh file; None when the tool fails.

    The tool works on a copy (with its ``-wal``), so the damaged file is
    never opened for writing by anyone. Some builds of the tool lack the
    page reader ``.recover`` needs (Debian's 3.40 says "SQL logic error");
    then the caller reads row by row.
    """
    script = work / "recovered.sql"
    rebuilt = work / "recovered.sqlite"
    copy = work / "damaged.sqlite"
    try:
        shutil.copyfile(source, copy)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        with script.open("wb") as out:
            done = subprocess.run(
                [tool, str(copy), ".recover"],
                stdout=out, stderr=subprocess.DEVNULL, timeout=CLI_TIMEOUT_S, check=False,
            )  # fmt: skip
        if done.returncode != 0 or script.stat().st_size == 0:
            return None
        with script.open("rb") as sql:
            loaded = subprocess.run(
                [tool, str(rebuilt)], stdin=sql, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=CLI_TIMEOUT_S, check=False,
            )  # fmt: skip
        script.unlink()
        copy.unlink()
        if loaded.returncode != 0 or not rebuilt.is_file():
            return None
    except (OSError, subprocess.SubprocessError):
        return None
    return rebuilt


def _copy(target: RecoveryTarget, path: Path, original: Path, method: str) -> RecoveryReport:
    conn = opening.read_only_connection(path, timeout=1.0)
    reader = _Source(conn, path)
    recovered = already = lost = 0
    partial: list[str] = []
    try:
        for doc_id in _document_ids(conn):
            record, notes = _read_record(reader, conn, doc_id)
            if record is None:
                lost += 1
                continue
            outcome = _store(target, record, notes)
            if outcome == "duplicate":
                already += 1
                continue
            if outcome == "lost":
                lost += 1
                continue
            recovered += 1
            if notes:
                label = f"“{record.document.title}”" if record.document.title else f"document #{doc_id}"
                partial.append(f"{label}: {'; '.join(notes)}")
        glossary = _copy_glossary(target, reader)
        memory = _copy_memory(target, conn)
    finally:
        conn.close()
    return RecoveryReport(
        source=original, method=method, recovered=recovered, already_there=already, lost=lost,
        partial=tuple(partial), glossary=glossary, memory=memory,
    )  # fmt: skip


def _document_ids(conn: sqlite3.Connection) -> list[int]:
    """Every document id that can be found: a scan, and where the scan breaks off, one look-up per id."""
    ids: set[int] = set()
    complete = True
    try:
        for (found,) in conn.execute("SELECT id FROM documents ORDER BY id"):
            ids.add(int(found))
    except sqlite3.Error:
        complete = False
    if complete:
        return sorted(ids)
    top = max(ids, default=0)
    with contextlib.suppress(sqlite3.Error):
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'documents'").fetchone()
        top = max(top, int(row[0]) if row and row[0] is not None else 0)
    for candidate in range(1, top + 1):
        if candidate in ids:
            continue
        with contextlib.suppress(sqlite3.Error):
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                ids.add(candidate)
    return sorted(ids)


def _attempt(notes: list[str], what: str, read: Callable[[], T], default: T) -> T:
    """``read()``, or ``default`` and a note when the part cannot be read (damaged rows can be anything)."""
    try:
        return read()
    except Exception:
        notes.append(f"its {what} could not be read")
        return default


def _read_record(reader: _Source, conn: sqlite3.Connection, doc_id: int) -> tuple[DocumentRecord | None, list[str]]:
    notes: list[str] = []
    try:
        doc = reader.get_document(doc_id)
    except Exception:
        resplit = _resegmented(conn, doc_id)
        if resplit is None:
            return None, []
        doc = resplit
        notes.append("its sentences were split again from the text")
    original = _attempt(notes, "original file", lambda: reader.original(doc_id), None)
    stamps = _attempt(
        notes, "dates",
        lambda: conn.execute("SELECT sha256, imported_at, updated_at FROM documents WHERE id = ?", (doc_id,)).fetchone(),
        None,
    )  # fmt: skip
    sha, imported_at, updated_at = (str(v or "") for v in stamps) if stamps else ("", "", "")
    translation = _attempt(notes, "translation", lambda: reader.load_translation(doc_id), None)
    if translation is not None:
        known = {s.id for s in doc.iter_sentences()} | {"title"}
        kept = tuple(t for t in translation.sentences if t.sentence_id in known)
        if len(kept) != len(translation.sentences):
            notes.append("part of its translation no longer matched its sentences")
        translation = replace(translation, sentences=kept) if kept else None
    annotations: list[Annotation] = []
    none: list[Annotation] = []
    for a in _attempt(notes, "notes and highlights", lambda: reader.annotations(doc_id), none):
        try:
            check_annotation(a.side, a.start, a.end, a.kind)
            if a.side == "bg" and a.end > len(doc.text):
                raise ValueError("past the end")
            annotations.append(a)
        except ValueError:
            notes.append("a damaged note was left out")
    record = DocumentRecord(
        document=doc,
        original=original,
        sha256=sha if len(sha) == 64 else sha256_of(doc, original),
        imported_at=imported_at,
        updated_at=updated_at,
        translation=translation,
        annotations=tuple(annotations),
        claims=tuple(_attempt(notes, "claims", lambda: reader.load_claims(doc_id), [])),
        flags=tuple(_attempt(notes, "checks", lambda: reader.load_flags(doc_id), [])),
        briefs=tuple(_attempt(notes, "briefs", lambda: reader.briefs(doc_id), [])),
    )
    return record, notes


def _resegmented(conn: sqlite3.Connection, doc_id: int) -> Document | None:
    """The article from its title and body text alone, segmented afresh (its stored sentences were lost)."""
    try:
        row = conn.execute(
            "SELECT d.title, d.language, d.meta, b.text FROM documents d JOIN bodies b ON b.doc_id = d.id "
            "WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        if row is None or not isinstance(row[3], str) or not row[3].strip():
            return None
        from desktop.core.ingest.segment import segment_document

        return segment_document(
            Document(title=str(row[0] or ""), language=str(row[1] or "bg"), text=row[3], meta=meta_from_json(row[2]))
        )
    except Exception:
        return None


def _store(target: RecoveryTarget, record: DocumentRecord, notes: list[str]) -> str:
    """Import the record; when its work does not fit (damaged rows), keep the article alone."""
    for attempt in (record, replace(record, translation=None, annotations=(), claims=(), flags=(), briefs=())):
        try:
            target.import_record(attempt)
            if attempt is not record:
                notes.append("only its text could be kept")
            return "ok"
        except DuplicateDocument:
            return "duplicate"
        except (DragomanError, ValueError, TypeError):
            continue
    return "lost"


def _copy_glossary(target: RecoveryTarget, reader: _Source) -> int:
    try:
        entries = reader.glossary_all()
    except Exception:
        return 0
    added = 0
    for entry in entries:
        with contextlib.suppress(DragomanError, ValueError):
            if target.glossary_get(entry.bg) is None:
                target.glossary_set(entry.bg, entry.en, entry.note)
                added += 1
    return added


def _rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    """The readable rows of a table, stopping quietly at a damaged page."""
    with contextlib.suppress(sqlite3.Error):
        yield from conn.execute(f"SELECT * FROM [{table}]")


def _copy_memory(target: RecoveryTarget, conn: sqlite3.Connection) -> int:
    """The journalist's post-edits and the machine translations remembered, where readable."""
    from desktop.core.translate.memory import TranslationMemory

    copied = 0
    for table in MEMORY_TABLES:
        rows = list(_rows(conn, table))
        if not rows:
            continue
        try:
            # Creates the tables when missing; outside the batch, because
            # executescript commits whatever transaction is open.
            target_conn = TranslationMemory(target.db).conn
            with target.batch("recover the translation memory"):
                for row in rows:
                    with contextlib.suppress(sqlite3.Error):
                        marks = ", ".join("?" * len(row))
                        copied += target_conn.execute(f"INSERT OR IGNORE INTO [{table}] VALUES ({marks})", row).rowcount
        except (DragomanError, sqlite3.Error):
            continue
    return copied
