"""Opening the library file, and the transactions every action runs in.

:class:`LibraryConnection` is the base every part of
:class:`~desktop.core.library.store.Library` builds on: it owns the one
SQLite connection, the lock that makes an instance safe to share between
threads, and the two context managers all SQL runs inside -- :meth:`_write`
(one ``BEGIN IMMEDIATE`` transaction, or a savepoint inside :meth:`batch`)
and :meth:`_read` (one snapshot). Failures leave it as one sentence
(:mod:`desktop.core.library.failures`).

Opening follows one rule: look before writing (:mod:`desktop.core.library.opening`).
A file from a newer Dragoman or from another program is refused and left
byte for byte as it was; a library in a folder that cannot be written is
opened read-only; a damaged one is moved aside and a new one started, and
once any action meets a damaged page nothing more is written to that file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from desktop.core.errors import (
    ItemNotFound,
    LibraryDamaged,
    LibraryError,
    LibraryReadOnly,
    LibraryTooNew,
    NotALibrary,
    StorageFull,
)
from desktop.core.library import opening
from desktop.core.library.failures import is_corruption, storage_error
from desktop.core.library.opening import SQLITE_HEADER
from desktop.core.library.schema import SCHEMA_VERSION, migrate, schema_version

__all__ = ["SQLITE_HEADER", "LibraryConnection"]

#: What to do about a damaged library, said wherever one is met.
DAMAGED_HINT = (
    "Restart Dragoman or run any `dragoman library` command: the file is moved aside, a new "
    "library is started, and `dragoman library recover` copies what can still be read into it."
)


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
        #: True when the file or its folder cannot be written: reads work, every write is refused.
        self.read_only = False
        #: True once an action met a damaged page: nothing more is written to this file.
        self.damaged = False
        #: Held by every method; code sharing :attr:`db` from other threads should hold it too.
        self.lock = threading.RLock()
        self._lock = self.lock
        self._depth = 0
        self.db = self._open()

    # -- opening, closing, copying ------------------------------------------

    def _open(self) -> Database:
        path = self.path
        self.read_only = self.damaged = False
        if path.is_dir():
            raise LibraryError(f"The library path {path} is a folder, not a file")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageFull(
                    f"Could not create the library folder {path.parent} ({exc.strerror or exc})",
                    hint="Choose another location with --library or $DRAGOMAN_LIBRARY.",
                ) from exc
        read_only = not opening.writable(path)
        reason = opening.header_problem(path)
        info: opening.Probe | None = None
        if reason is None:
            try:
                info = opening.probe(path, timeout=self.busy_timeout)
            except sqlite3.Error as exc:
                if not is_corruption(exc):
                    raise self._error(exc, "open the library") from exc
                reason = f"SQLite says: {exc}"
        if reason is not None:
            if read_only:
                raise LibraryDamaged(
                    f"The library file {path} is damaged ({reason}) and its folder cannot be written, "
                    "so it could not be moved aside",
                    hint="Copy it to a writable folder and open it there, or choose another with --library.",
                )
            self._move_aside(reason)
        elif info is not None:
            self._refuse_unless_ours(info)
        if read_only:
            return self._open_read_only(info)
        db = self._open_for_writing()
        return self._checked(db)

    def _refuse_unless_ours(self, info: opening.Probe) -> None:
        """Refuse a foreign or newer file before any write connection touches it."""
        path = self.path
        if info.is_foreign:
            raise NotALibrary(
                f"{path} is a SQLite database of another program, not a Dragoman library; "
                "it was left as it was",
                hint="Choose another file with --library or $DRAGOMAN_LIBRARY.",
            )
        if info.version > SCHEMA_VERSION:
            raise LibraryTooNew(
                f"The library {path} was written by a newer Dragoman (schema {info.version}; "
                f"this version knows up to {SCHEMA_VERSION}); it was left as it was",
                hint="Update Dragoman, or open another library with --library.",
            )

    def _open_for_writing(self) -> Database:
        """Connect in WAL mode and migrate; a file found damaged on the way is moved aside once."""
        try:
            return self._connect_and_migrate()
        except sqlite3.Error as exc:
            if not is_corruption(exc):
                raise self._error(exc, "open the library") from exc
            self._move_aside(f"SQLite says: {exc}")
        try:
            return self._connect_and_migrate()
        except sqlite3.Error as exc:
            raise self._error(exc, "start a new library") from exc

    def _connect_and_migrate(self) -> Database:
        """A writing connection at the current schema; raises ``sqlite3.Error`` for the caller to judge."""
        path = self.path
        db = self._connect(path)
        try:
            version = schema_version(db)
            if version > SCHEMA_VERSION:  # written by a newer Dragoman since we looked
                raise LibraryTooNew(
                    f"The library {path} was written by a newer Dragoman (schema {version}; "
                    f"this version knows up to {SCHEMA_VERSION})",
                    hint="Update Dragoman, or open another library with --library.",
                )
            migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _checked(self, db: Database) -> Database:
        """Run the integrity check when it is due; a damaged file is moved aside and a new library started."""
        conn = db.conn
        try:
            if not opening.check_due(conn, self.path):
                return db
            result = opening.quick_check(conn)
        except sqlite3.Error as exc:
            if not is_corruption(exc):
                db.close()
                raise self._error(exc, "check the library") from exc
            result = str(exc)
        if result == "ok":
            try:
                # Never keep the window waiting on another writer for this: 0.2 s, then next time.
                conn.execute("PRAGMA busy_timeout = 200")
                conn.execute("BEGIN IMMEDIATE")
                opening.record_check(conn, result)
                conn.execute("COMMIT")
                opening.clear_damage_mark(self.path)
            except sqlite3.Error:  # busy or full: the next open checks again
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            return db
        db.close()
        self._move_aside(f"the integrity check found: {result}")
        return self._open_for_writing()

    def _open_read_only(self, info: opening.Probe | None) -> Database:
        """The library in a folder (or a file) that cannot be written: for reading, listing and export."""
        path = self.path
        hint = "Copy it to a writable folder, or choose another location with --library."
        if info is None:
            raise LibraryReadOnly(f"Could not start a library at {path}: its folder cannot be written", hint=hint)
        if info.version < SCHEMA_VERSION:
            raise LibraryReadOnly(
                f"The library {path} is from an older Dragoman and must be upgraded, but its folder "
                "cannot be written",
                hint=hint,
            )
        conn: sqlite3.Connection | None = None
        for immutable in (False, True):
            try:
                conn = opening.read_only_connection(path, timeout=self.busy_timeout, immutable=immutable)
                conn.execute("PRAGMA query_only = 1")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                break
            except sqlite3.Error as exc:
                if conn is not None:
                    conn.close()
                    conn = None
                if immutable:
                    raise self._error(exc, "open the library") from exc
        assert conn is not None
        self.read_only = True
        self.message = (
            f"The library {path} is in a folder Dragoman cannot write to, so it was opened read-only: "
            "you can list, show, search and export, but changes cannot be saved there."
        )
        return Database(conn, execute_plugins=False)

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
        aside = opening.move_aside(path, reason)
        self.recovered_from = aside
        self.message = (
            f"The library file {path} could not be read ({reason}); it was moved aside to "
            f"{aside} and a new, empty library was started. To copy what can still be read into it, "
            f"run `dragoman library recover {aside}`."
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
        """One sentence for a storage failure, naming what the user was doing.

        Meeting a damaged page stops all writing to this file and leaves the
        marker that makes the next open check it and move it aside.
        """
        if is_corruption(exc):
            self._on_damage()
            return LibraryDamaged(
                f"Could not {action}: the library file {self.path} is damaged, so Dragoman stopped "
                "writing to it",
                hint=DAMAGED_HINT,
            )
        if self.read_only:
            return self._read_only_error(action)
        return storage_error(exc, action, self.path, self.busy_timeout)

    def _on_damage(self) -> None:
        self.damaged = True
        if not self.read_only:
            opening.mark_damaged(self.path)

    def _read_only_error(self, action: str) -> LibraryReadOnly:
        return LibraryReadOnly(
            f"Could not {action}: the library {self.path} is open read-only (its folder cannot be written)",
            hint="Nothing was changed; copy the library to a writable folder, or choose another with --library.",
        )

    def _refuse_writing(self, action: str) -> None:
        if self.read_only:
            raise self._read_only_error(action)
        if self.damaged:
            raise LibraryDamaged(
                f"Could not {action}: the library file {self.path} is damaged, so Dragoman stopped "
                "writing to it",
                hint=DAMAGED_HINT,
            )

    @staticmethod
    def _no_such_id(action: str) -> ItemNotFound:
        """An id past SQLite's 64-bit integers: nothing can have it."""
        return ItemNotFound(f"Could not {action}: nothing in the library has an id that large")

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One write transaction (a savepoint when nested in :meth:`batch`).

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a busy library
        waits ``busy_timeout`` at the start instead of failing half-way.
        """
        with self._lock:
            self._refuse_writing(action)
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
                if isinstance(exc, OverflowError):
                    raise self._no_such_id(action) from exc
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
            except OverflowError as exc:
                raise self._no_such_id(action) from exc

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
