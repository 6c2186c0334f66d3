"""The library's plain records, and how they are written to and read from SQL rows.

Everything the library hands out is one of these frozen dataclasses (or the
core's own :class:`~desktop.core.document.Document` and
:class:`~desktop.core.translation.DocumentTranslation`), so callers never see
a cursor or a row. The small helpers below are the one place that turns
Python values into the JSON the tables hold and rows back into records.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import math
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.core.document import Document, SourceMeta
from desktop.core.translation import TITLE_ID, TITLE_INDEX, DocumentTranslation, TranslatedSentence
from desktop.core.wordlinks import WordLinks

SIDES = ("bg", "en")
ANNOTATION_KINDS = ("highlight", "note")
STATUSES = ("new", "translated", "edited", "briefed")
#: Stands for "not given" where None is a meaningful value (``colour=None`` clears a colour).
UNSET: Any = object()


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
    sentences: int = 0  # sentences in the body
    translated: int = 0  # of them, how many have English (the headline not counted)

    @property
    def partial(self) -> bool:
        """Some sentences have English and some not (a cancelled or interrupted translation)."""
        return 0 < self.translated < self.sentences

    @property
    def status_label(self) -> str:
        """What a list shows: the status, or "20/39 translated" while the translation is unfinished."""
        if not self.partial:
            return self.status
        done = f"{self.translated}/{self.sentences} translated"
        return f"{done} · {self.status}" if self.status in ("edited", "briefed") else done


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


# --- values in and out of the tables ------------------------------------------


def now() -> str:
    """The time stamps the library writes: UTC, ISO 8601, microseconds (they sort as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot store a {type(value).__name__} in the library")


def dumps(value: Any) -> str:
    """JSON for a column: non-ASCII kept as is, enums by value, paths as text, sets sorted.

    ``NaN`` and infinities are refused (``ValueError``): they are not JSON,
    and SQLite's JSON functions would reject the whole statement.
    """
    return json.dumps(value, ensure_ascii=False, default=_json_default, allow_nan=False)


def as_dict(item: Any) -> dict[str, Any]:
    """A claim/flag as a JSON-ready dict: dataclasses via ``asdict``, mappings copied."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        data: dict[str, Any] = dataclasses.asdict(item)
        return data
    if isinstance(item, Mapping):
        return dict(item)
    raise TypeError(f"expected a dataclass or a mapping, got {type(item).__name__}")


def meta_from_json(raw: str) -> SourceMeta:
    """A stored ``SourceMeta``; fields a newer writer added are ignored."""
    data = json.loads(raw) if raw else {}
    known = {f.name for f in dataclasses.fields(SourceMeta)}
    return SourceMeta(**{k: v for k, v in data.items() if k in known})


def json_columns(n: int) -> str:
    """``json_extract(value, '$[0]'), ...``: the columns of one row of a JSON array of rows.

    Many rows are written with one ``INSERT ... SELECT FROM json_each(?)``
    rather than ``executemany``: the full-text triggers then run inside one
    statement, and FTS5 flushes its pending index once per statement instead
    of once per row (about 3x faster for a 20-sentence article).
    """
    return ", ".join(f"json_extract(value, '$[{i}]')" for i in range(n))


ANNOTATION_COLUMNS = 'id, doc_id, side, start, "end", kind, colour, text, created_at, coalesce(updated_at, created_at)'
TRANSLATION_COLUMNS = (
    "sentence_id, idx, source, machine_text, score, model, revision, backend, profile, cached, edited_text, links"
)


def without_non_finite(value: Any) -> Any:
    """A JSON-ready value with every NaN or infinity replaced by None (JSON has no such numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: without_non_finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_non_finite(v) for v in value]
    return value


def finite_or_none(value: Any) -> float | None:
    """A score as stored: a finite number, else None (a NaN from a backend means "no score")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def translated(row: Sequence[Any]) -> TranslatedSentence:
    """A row of ``TRANSLATION_COLUMNS`` as a :class:`TranslatedSentence`."""
    sid, idx, source, machine, score, model, revision, backend, profile, cached, edited, links = row
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
        links=WordLinks.from_json(links),
    )


def source_sentence(conn: sqlite3.Connection, doc_id: int, sentence_id: str) -> tuple[int, str] | None:
    """``(index, Bulgarian text)`` of a sentence -- or of the headline (:data:`TITLE_ID`) -- or None."""
    if sentence_id == TITLE_ID:
        row = conn.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
        title = (row[0] or "").strip() if row is not None else ""
        return (TITLE_INDEX, title) if title else None
    row = conn.execute(
        "SELECT idx, text FROM sentences WHERE doc_id = ? AND sentence_id = ?", (doc_id, sentence_id)
    ).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None
