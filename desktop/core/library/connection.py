"""Opening the library file, moving a damaged one aside, and the transactions every action runs in.

:class:`LibraryConnection` is the base every part of
:class:`~desktop.core.library.store.Library` builds on: it owns the one
SQLite connection, the lock that makes an instance safe to share between
threads, and the two context managers all SQL runs inside -- :meth:`_write`
(one ``BEGIN IMMEDIATE`` transaction, or a savepoint inside :meth:`batch`)
and :meth:`_read` (one snapshot). Failures leave it as one sentence
(:mod:`desktop.core.library.failures`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from desktop.core.errors import ItemNotFound, LibraryError, LibraryTooNew, StorageFull
from desktop.core.library.failures import is_corruption, storage_error
from desktop.core.library.schema import SCHEMA_VERSION, migrate, schema_version

SQLITE_HEADER = b"SQLite format 3\x00"


class LibraryConnection:
    """The open library file: connection, lock, transactions, and what opening it found.

    Subclassed (as mixins) by the parts of :class:`~desktop.core.library.store.Library`;
    never used alone.
    """

    def __init__(self, path: Path, *, busy_timeout: float = 5.0) -> None:
        self.path = path
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
            if not is_corruption(exc):
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
        return storage_error(exc, action, self.path, self.busy_timeout)

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

    # -- shared by every part ------------------------------------------------

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
