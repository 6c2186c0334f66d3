"""The desk library's schema and its forward migrations.

The schema version lives in ``PRAGMA user_version``: one integer in the file
header, readable by any SQLite tool, changed in the same transaction as the
migration step it records (so a crash mid-migration leaves the previous
version, never half of the next). We do not use sqlite-utils' ``Migrations``
table because a plain integer lets a test stop after any step and build an
old library exactly as an old Dragoman left it.

Rules for maintainers:

- A released step is frozen: never edit it, add a new one. Steps are plain SQL
  (not helpers whose behaviour may change between library versions), so an
  old file is always upgraded by the same statements.
- Each step runs inside ``BEGIN IMMEDIATE`` and re-reads the version inside
  the transaction, so two windows opening an old library at once upgrade it
  exactly once.
- Tables that full-text indexes point into have an ``INTEGER PRIMARY KEY``:
  an implicit rowid may change on ``VACUUM`` and would break the index.
- The ``translation_memory`` table belongs to ``desktop.core.translate.memory`` (it is
  created there, in the same file); no step here touches it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: the translation memory reads the version without paying for sqlite-utils
    from sqlite_utils import Database

#: FTS5 tokenizer for both languages: case-folds Cyrillic and Latin, and
#: ``remove_diacritics 2`` also folds accents (é -> e, й -> и) so a query
#: typed without them still matches.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Migration:
    """One forward step: after ``apply`` the file is at ``version``."""

    version: int
    name: str
    apply: Callable[[Database], None]


def _run(db: Database, statements: list[str]) -> None:
    for sql in statements:
        db.conn.execute(sql)


# --- v1: the initial library ------------------------------------------------

_V1 = [
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        source_name TEXT NOT NULL DEFAULT '',
        source_format TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,              -- of the original bytes (or of the text when none)
        language TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',  -- new | translated | edited | briefed
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',   -- SourceMeta as JSON, exactly as given
        translation_meta TEXT,             -- {model, revision, backend, profile} of the document
        paragraphs TEXT NOT NULL DEFAULT '[]'  -- [[index, start, end], ...]
    )
    """,
    # The large values live apart from the list's columns: with them in the
    # same row every row fills a page of its own, and listing 10,000
    # documents reads about 80 MB of pages instead of 7 MB.
    """
    CREATE TABLE bodies (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        text TEXT NOT NULL,                -- normalised body; every offset points into it
        original BLOB                      -- the bytes as imported, for exact export
    )
    """,
    "CREATE INDEX documents_sha256 ON documents(sha256)",
    "CREATE INDEX documents_updated_at ON documents(updated_at)",
    """
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sentence_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (doc_id, sentence_id)
    )
    """,
    """
    CREATE TABLE translations (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sentence_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        source TEXT NOT NULL,
        machine_text TEXT NOT NULL,
        edited_text TEXT,
        score REAL,
        model TEXT NOT NULL DEFAULT '',
        revision TEXT NOT NULL DEFAULT '',
        backend TEXT NOT NULL DEFAULT '',
        profile TEXT NOT NULL DEFAULT '',
        cached INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        UNIQUE (doc_id, sentence_id)
    )
    """,
    """
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        claim_id TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        score REAL,
        data TEXT NOT NULL
    )
    """,
    "CREATE INDEX claims_doc ON claims(doc_id, idx)",
    """
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        side TEXT NOT NULL CHECK (side IN ('bg', 'en')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('highlight', 'note')),
        text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX annotations_doc ON annotations(doc_id)",
    """
    CREATE TABLE briefs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        format TEXT NOT NULL DEFAULT 'markdown',
        markdown TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX briefs_doc ON briefs(doc_id, id)",
    """
    CREATE TABLE glossary (
        bg TEXT PRIMARY KEY,
        en TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )
    """,
]


def _v1_initial(db: Database) -> None:
    _run(db, _V1)


# --- v2: annotation colours and edit times; QA flags -------------------------


def _v2_colours_and_flags(db: Database) -> None:
    _run(
        db,
        [
            "ALTER TABLE annotations ADD COLUMN colour TEXT",
            "ALTER TABLE annotations ADD COLUMN updated_at TEXT",
            # An annotation never changed since v1 was last touched when made.
            "UPDATE annotations SET updated_at = created_at",
            """
            CREATE TABLE flags (
                id INTEGER PRIMARY KEY,
                doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                data TEXT NOT NULL
            )
            """,
            "CREATE INDEX flags_doc ON flags(doc_id, idx)",
        ],
    )


# --- v3: full-text search ----------------------------------------------------
#
# Self-contained FTS5 tables (they keep their own copy of the text) whose rowid
# is the id of the row they index, kept in step by triggers, so every write
# path - the API, an import, a cascade delete - updates the index in the same
# transaction. English indexes the text the user sees (``final``: the post-edit
# when there is one) and, only when an edit exists, the machine text it
# replaced (``machine``), so a search finds either wording once.

_FTS = f"tokenize='{FTS_TOKENIZER}', prefix='2 3'"

_V3 = [
    f"CREATE VIRTUAL TABLE fts_bg USING fts5(text, {_FTS})",
    f"CREATE VIRTUAL TABLE fts_en USING fts5(final, machine, {_FTS})",
    f"CREATE VIRTUAL TABLE fts_notes USING fts5(text, {_FTS})",
    f"CREATE VIRTUAL TABLE fts_titles USING fts5(title, {_FTS})",
    # Bulgarian sentences
    """CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO fts_bg(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN
        DELETE FROM fts_bg WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text ON sentences BEGIN
        DELETE FROM fts_bg WHERE rowid = old.id;
        INSERT INTO fts_bg(rowid, text) VALUES (new.id, new.text);
    END""",
    # English sentences
    """CREATE TRIGGER translations_fts_ai AFTER INSERT ON translations BEGIN
        INSERT INTO fts_en(rowid, final, machine) VALUES (
            new.id, coalesce(new.edited_text, new.machine_text),
            CASE WHEN new.edited_text IS NULL THEN '' ELSE new.machine_text END);
    END""",
    """CREATE TRIGGER translations_fts_ad AFTER DELETE ON translations BEGIN
        DELETE FROM fts_en WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER translations_fts_au AFTER UPDATE OF machine_text, edited_text ON translations BEGIN
        DELETE FROM fts_en WHERE rowid = old.id;
        INSERT INTO fts_en(rowid, final, machine) VALUES (
            new.id, coalesce(new.edited_text, new.machine_text),
            CASE WHEN new.edited_text IS NULL THEN '' ELSE new.machine_text END);
    END""",
    # Notes (any annotation that carries text)
    """CREATE TRIGGER annotations_fts_ai AFTER INSERT ON annotations WHEN new.text <> '' BEGIN
        INSERT INTO fts_notes(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER annotations_fts_ad AFTER DELETE ON annotations BEGIN
        DELETE FROM fts_notes WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER annotations_fts_au AFTER UPDATE OF text ON annotations BEGIN
        DELETE FROM fts_notes WHERE rowid = old.id;
        INSERT INTO fts_notes(rowid, text) SELECT new.id, new.text WHERE new.text <> '';
    END""",
    # Titles
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO fts_titles(rowid, title) VALUES (new.id, new.title);
    END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        DELETE FROM fts_titles WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title ON documents BEGIN
        DELETE FROM fts_titles WHERE rowid = old.id;
        INSERT INTO fts_titles(rowid, title) VALUES (new.id, new.title);
    END""",
    # Index what an older library already holds.
    "INSERT INTO fts_bg(rowid, text) SELECT id, text FROM sentences",
    """INSERT INTO fts_en(rowid, final, machine)
        SELECT id, coalesce(edited_text, machine_text),
               CASE WHEN edited_text IS NULL THEN '' ELSE machine_text END
        FROM translations""",
    "INSERT INTO fts_notes(rowid, text) SELECT id, text FROM annotations WHERE text <> ''",
    "INSERT INTO fts_titles(rowid, title) SELECT id, title FROM documents",
]


def _v3_full_text_search(db: Database) -> None:
    _run(db, _V3)


# --- v4: word links and word confidence --------------------------------------

#: Each machine translation's word links and per-word confidence
#: (desktop.core.wordlinks, as JSON); NULL for translations made before v4,
#: typed by hand, or served from a memory that had none.
_V4 = ["ALTER TABLE translations ADD COLUMN links TEXT"]


def _v4_word_links(db: Database) -> None:
    _run(db, _V4)


# --- v5: batch results (``dragoman batch``) -------------------------------------

#: One row per article a batch finished: what it was done with (the bytes'
#: hash, the model and the profile, so a re-run skips exactly the articles
#: already done that way), its summary (claims and flags have their own
#: tables) and its most check-worthy claim, the ranking's key.
_V5 = [
    """
    CREATE TABLE batch_results (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        model TEXT NOT NULL,
        profile TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '{}',
        title_en TEXT NOT NULL DEFAULT '',
        top_claim TEXT NOT NULL DEFAULT '',
        speaker TEXT NOT NULL DEFAULT '',
        score REAL,
        finished_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX batch_results_score ON batch_results(score)",
]


def _v5_batch_results(db: Database) -> None:
    _run(db, _V5)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial library", _v1_initial),
    Migration(2, "annotation colours and edit times; QA flags", _v2_colours_and_flags),
    Migration(3, "full-text search in Bulgarian, English, notes and titles", _v3_full_text_search),
    Migration(4, "word links and word confidence of machine translations", _v4_word_links),
    Migration(5, "batch results: what each article was done with, its summary and top claim", _v5_batch_results),
)

#: The version this Dragoman writes; a newer file is refused, an older one upgraded.
SCHEMA_VERSION = MIGRATIONS[-1].version


def schema_version(db: Database) -> int:
    """The version recorded in the file (0 for a new, empty file)."""
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply every step above the file's version up to ``target``; return the versions applied.

    Each step is its own ``BEGIN IMMEDIATE`` transaction, so an interrupted
    upgrade resumes from the last finished step next time. ``db.conn`` must
    be in driver autocommit mode (``isolation_level = None``) with no open
    transaction. Raises ``sqlite3.Error`` on failure (the caller turns it into
    a sentence).
    """
    if not 0 <= target <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {target}; this Dragoman knows 0..{SCHEMA_VERSION}")
    conn = db.conn
    applied: list[int] = []
    for step in MIGRATIONS:
        if step.version > target:
            break
        if schema_version(db) >= step.version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have upgraded while we waited for the lock.
            if schema_version(db) < step.version:
                step.apply(db)
                conn.execute(f"PRAGMA user_version = {int(step.version)}")
                applied.append(step.version)
            conn.execute("COMMIT")
        except BaseException:
            _rollback_quietly(conn)
            raise
    return applied


def _rollback_quietly(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        # The error may already have ended the transaction.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
