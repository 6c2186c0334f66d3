"""SQLite failures turned into one sentence that says what the user was doing and what to do.

sqlite3 raises a handful of exception classes whose messages name the
low-level cause ("database or disk is full", "attempt to write a readonly
database"); :func:`storage_error` maps each to the
:mod:`desktop.core.errors` class the CLI and GUI know how to show.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.core.errors import LibraryError, LibraryLocked, StorageFull


def errorname(exc: sqlite3.Error) -> str:
    """SQLite's own error name (``SQLITE_FULL``, ...) when Python knows it, else ``""``."""
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether the error says the file itself is damaged (not busy, full or read-only)."""
    name = errorname(exc)
    text = str(exc).lower()
    return (
        name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        or "file is not a database" in text
        or "malformed" in text
    )


def storage_error(exc: sqlite3.Error, action: str, where: Path, busy_timeout: float) -> LibraryError:
    """One sentence for a storage failure, naming what the user was doing."""
    name = errorname(exc)
    text = str(exc).lower()
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
            f"for more than {busy_timeout:g} s",
            hint="Finish or close the other one, then try again.",
        )
    if is_corruption(exc):
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
