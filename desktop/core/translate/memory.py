"""Translation memory: a sentence the desk has translated before is never translated again.

News repeats itself -- datelines, boilerplate, quotes carried from one story to
the next, and the same article opened twice. The memory stores each machine
translation under a key made of the model id, its revision, the backend, the
decoding profile and the *normalised* source sentence (Unicode NFC,
whitespace collapsed), so re-translating costs nothing and a different model
or profile never serves another's output.

A journalist's post-edit is a different kind of thing: a human translation of
a source sentence. It is stored in its own table, keyed by the language pair
and the normalised sentence only (not by model), and it wins over any machine
translation wherever that sentence appears again.

Both tables live in the library's SQLite database when the library passes
its ``sqlite_utils.Database``; a path opens (or creates) a standalone file.
The queries are plain SQL on the underlying ``sqlite3`` connection, so the
CLI's cold start does not pay for importing sqlite-utils (~0.3 s) before the
first sentence appears; the tables are ordinary sqlite-utils tables to the
library.
"""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MEMORY_TABLE = "translation_memory"
EDITS_TABLE = "post_edits"
_CHUNK = 500  # stay well below SQLite's limit on bound parameters


def normalise_source(text: str) -> str:
    """The form a source sentence is remembered under: NFC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class MemoryKey:
    """Which engine produced a translation: everything but the sentence itself."""

    model: str
    revision: str
    backend: str
    profile: str

    def for_source(self, normalised: str) -> str:
        return _digest("mt", self.model, self.revision, self.backend, self.profile, normalised)


@dataclass(frozen=True)
class Remembered:
    """A machine translation served from memory."""

    source: str
    text: str
    score: float | None


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS [{MEMORY_TABLE}] (
    [key] TEXT PRIMARY KEY,
    [model] TEXT,
    [revision] TEXT,
    [backend] TEXT,
    [profile] TEXT,
    [source] TEXT,
    [text] TEXT,
    [score] FLOAT,
    [created] TEXT
);
CREATE TABLE IF NOT EXISTS [{EDITS_TABLE}] (
    [key] TEXT PRIMARY KEY,
    [pair] TEXT,
    [source] TEXT,
    [edited_text] TEXT,
    [updated] TEXT
);
"""


class TranslationMemory:
    """Machine translations and post-edits in two SQLite tables.

    Open it on the library's database (``TranslationMemory(library.db)``, a
    ``sqlite_utils.Database``), on a ``sqlite3.Connection``, or on a file
    path. A path is opened lazily, on first use, so a memory built on one
    thread can be used by the worker thread that translates (SQLite
    connections must stay on the thread that opened them).
    """

    def __init__(self, db: Any) -> None:
        self._conn: sqlite3.Connection | None = None
        self._path: Path | None = None
        if isinstance(db, str | Path):
            self._path = Path(db)
        elif isinstance(db, sqlite3.Connection):
            self._conn = db
        elif isinstance(getattr(db, "conn", None), sqlite3.Connection):
            self._conn = db.conn  # a sqlite_utils.Database
        else:
            raise TypeError(
                f"TranslationMemory needs a path, a sqlite3 connection or a sqlite_utils Database, not {db!r}"
            )
        self._ready = False

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            assert self._path is not None
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self._path)
        if not self._ready:
            self._conn.executescript(_SCHEMA)
            self._ready = True
        return self._conn

    # --- machine translations ------------------------------------------------------

    def lookup(self, sources: Iterable[str], key: MemoryKey) -> dict[str, Remembered]:
        """The remembered translations of ``sources``, by normalised source sentence."""
        wanted = {key.for_source(n): n for n in {normalise_source(s) for s in sources}}
        found: dict[str, Remembered] = {}
        for row in self._select(MEMORY_TABLE, "[key], [text], [score]", list(wanted)):
            norm = wanted[row[0]]
            found[norm] = Remembered(source=norm, text=row[1], score=row[2])
        return found

    def store(self, items: Iterable[tuple[str, str, float | None]], key: MemoryKey) -> int:
        """Remember (source, translation, score) triples; returns how many were written."""
        now = _now()
        rows = [
            (
                key.for_source(normalise_source(src)),
                key.model,
                key.revision,
                key.backend,
                key.profile,
                normalise_source(src),
                text,
                score,
                now,
            )
            for src, text, score in items
        ]
        if rows:
            with self.conn:
                self.conn.executemany(
                    f"INSERT OR REPLACE INTO [{MEMORY_TABLE}] VALUES (?,?,?,?,?,?,?,?,?)", rows
                )
        return len(rows)

    def __len__(self) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM [{MEMORY_TABLE}]").fetchone()[0])

    def clear(self) -> None:
        """Forget every machine translation (post-edits are kept: they are the desk's work)."""
        with self.conn:
            self.conn.execute(f"DELETE FROM [{MEMORY_TABLE}]")

    # --- post-edits ------------------------------------------------------------------

    def record_edit(self, source: str, edited_text: str | None, *, pair: str = "bg-en") -> None:
        """Keep a journalist's correction of ``source``; ``None`` or blank removes it."""
        norm = normalise_source(source)
        key = _digest("edit", pair, norm)
        with self.conn:
            if edited_text is None or not edited_text.strip():
                self.conn.execute(f"DELETE FROM [{EDITS_TABLE}] WHERE [key] = ?", (key,))
            else:
                self.conn.execute(
                    f"INSERT OR REPLACE INTO [{EDITS_TABLE}] VALUES (?,?,?,?,?)",
                    (key, pair, norm, edited_text, _now()),
                )

    def edits(self, sources: Iterable[str], *, pair: str = "bg-en") -> dict[str, str]:
        """The post-edits of ``sources``, by normalised source sentence."""
        wanted = {_digest("edit", pair, n): n for n in {normalise_source(s) for s in sources}}
        return {
            wanted[row[0]]: row[1] for row in self._select(EDITS_TABLE, "[key], [edited_text]", list(wanted))
        }

    # --- helpers ------------------------------------------------------------------------

    def _select(self, table: str, columns: str, keys: Sequence[str]) -> Iterable[tuple[Any, ...]]:
        conn = self.conn
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            yield from conn.execute(f"SELECT {columns} FROM [{table}] WHERE [key] IN ({marks})", chunk)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
