"""What a library file is, found out before Dragoman writes a byte to it.

Opening a library used to switch the file to WAL and run the migrations
first and ask questions afterwards, so a library from a newer Dragoman had
four header bytes changed before it was refused, and another program's
SQLite file was silently given forty tables. Now every file is first looked
at through a read-only connection (:func:`probe`): its schema version, its
tables and its journal mode. Only a file that is missing, empty, or a
Dragoman library this version can read is then opened for writing.

The health of a library is checked here too: SQLite's ``quick_check`` runs
on open when the last check is older than :data:`CHECK_INTERVAL` or when a
damage marker (``<library>.needs-check``, left when any action met a
damaged page) says so, and a damaged file is moved aside, never written to
again and never deleted.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from desktop.core.errors import LibraryError

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a clean integrity check is trusted before the next open checks again.
CHECK_INTERVAL = timedelta(days=7)
#: The one-row table where the last check is recorded. Like the translation
#: memory's tables it is created outside the numbered schema (an older
#: Dragoman ignores it), so recording a check never changes the version.
HEALTH_TABLE = "dragoman_health"
#: Tables a file may hold and still be adopted as a new library: SQLite's own,
#: the translation memory's (it may create the file first) and ours.
ADOPTABLE_TABLES = frozenset({"sqlite_sequence", "translation_memory", "post_edits", HEALTH_TABLE})
#: Tables every Dragoman library has had since schema 1.
LIBRARY_TABLES = frozenset({"documents", "bodies", "sentences"})


@dataclass(frozen=True)
class Probe:
    """What a read-only look at an existing SQLite file found."""

    version: int
    tables: frozenset[str]
    journal_mode: str

    @property
    def is_library(self) -> bool:
        return self.version >= 1 and self.tables >= LIBRARY_TABLES

    @property
    def is_foreign(self) -> bool:
        """SQLite, but another program's: not ours, and not empty enough to adopt."""
        if self.is_library:
            return False
        return bool(self.tables - ADOPTABLE_TABLES) or self.version != 0


def header_problem(path: Path) -> str | None:
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


def read_only_connection(path: Path, *, timeout: float, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot change the file (``mode=ro``; ``immutable`` for a WAL file in a read-only folder)."""
    uri = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
    conn.isolation_level = None
    return conn


def probe(path: Path, *, timeout: float) -> Probe | None:
    """Version, tables and journal mode of an existing file, read without changing it; None if absent or empty.

    Raises ``sqlite3.Error`` when SQLite cannot read it (a damaged file says
    so; the caller decides what to do).
    """
    try:
        if path.stat().st_size == 0:
            return None
    except FileNotFoundError:
        return None
    try:
        return _probe(read_only_connection(path, timeout=timeout))
    except sqlite3.OperationalError:
        # A WAL library in a folder we cannot write: its -shm cannot be made,
        # and only an immutable open reads it (nobody can be writing there).
        if writable(path):
            raise
        return _probe(read_only_connection(path, timeout=timeout, immutable=True))


def _probe(conn: sqlite3.Connection) -> Probe:
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = frozenset(
            str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        )
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        return Probe(version=version, tables=tables, journal_mode=mode)
    finally:
        conn.close()


def writable(path: Path) -> bool:
    """Whether Dragoman may change the library at ``path``: its folder, and the file when it exists.

    WAL needs to create ``-wal`` and ``-shm`` files beside the library, so a
    read-only folder means read-only even when the file itself is writable.
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


# --- damage ---------------------------------------------------------------------


def move_aside(path: Path, reason: str) -> Path:
    """Rename a damaged file (and its WAL side files) out of the way, never deleting it; return where."""
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
    clear_damage_mark(path)
    return aside


def damage_mark(path: Path) -> Path:
    """The marker that asks the next open to check the library (left after a damaged page was met)."""
    return path.with_name(path.name + ".needs-check")


def mark_damaged(path: Path) -> None:
    """Leave the marker; best effort (a read-only or full disk cannot take it, and then the interval decides)."""
    with contextlib.suppress(OSError):
        damage_mark(path).write_text(datetime.now(UTC).isoformat(timespec="seconds") + "\n", encoding="utf-8")


def clear_damage_mark(path: Path) -> None:
    with contextlib.suppress(OSError):
        damage_mark(path).unlink(missing_ok=True)


def check_due(conn: sqlite3.Connection, path: Path, *, now: datetime | None = None) -> bool:
    """Whether this open should run the integrity check (marker present, or last check too old or never)."""
    if damage_mark(path).exists():
        return True
    try:
        row = conn.execute(f"SELECT checked_at FROM {HEALTH_TABLE} WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # no such table: never checked
        return True
    if row is None:
        return True
    try:
        last = datetime.fromisoformat(str(row[0]))
    except ValueError:
        return True
    return (now or datetime.now(UTC)) - last >= CHECK_INTERVAL


def quick_check(conn: sqlite3.Connection) -> str:
    """SQLite's ``quick_check``: ``"ok"`` or the first problem found (every page and row read once)."""
    rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    if not rows:
        return "ok"
    # "*** in database main ***\nPage 13: ..." -> one line, for a one-sentence message.
    text = str(rows[0][0]).replace("*** in database main ***", "")
    return " ".join(text.split())


def record_check(conn: sqlite3.Connection, result: str) -> None:
    """Remember when the library was last found healthy (its own small transaction)."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {HEALTH_TABLE} "
        "(id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL, result TEXT NOT NULL)"
    )
    conn.execute(
        f"INSERT OR REPLACE INTO {HEALTH_TABLE} (id, checked_at, result) VALUES (1, ?, ?)",
        (datetime.now(UTC).isoformat(timespec="seconds"), result),
    )
