"""Full-text search over the library: safe queries and ranked hits with snippets.

Users type words, not FTS5 syntax. :func:`fts_query` turns whatever they type
into a query that cannot be a syntax error: every word becomes a quoted term
(so ``AND``, ``NEAR``, ``(``, ``*``, ``-`` and stray quotes are plain text),
a balanced ``"..."`` stays a phrase, and terms of three letters or more match
as prefixes, because Bulgarian inflects heavily (``правителств`` should find
``правителството``) and English names take possessives.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

#: Markers around matched words in :attr:`SearchHit.snippet`.
MARK_OPEN = "["
MARK_CLOSE = "]"
ELLIPSIS = "…"

#: More terms than this are ignored: a pasted paragraph should not become a
#: hundred-term query that matches nothing and costs a second.
MAX_TERMS = 12
_MIN_PREFIX = 3
_SNIPPET_TOKENS = 16

# A balanced quoted phrase, or a run of letters/digits (what unicode61 calls a token).
_PIECE = re.compile(r'"([^"]*)"|([^\W_]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    """One match: which document, where (``field``), and a marked-up snippet.

    ``field`` is ``bg`` (a Bulgarian sentence), ``en`` (its English, edited or
    machine), ``note`` (an annotation's text) or ``title``. ``sentence_id`` is
    set for ``bg``/``en`` hits, ``annotation_id`` for notes. ``rank`` is the
    FTS5 bm25 score (lower is better), comparable within one field.
    """

    doc_id: int
    title: str
    field: str
    snippet: str
    sentence_id: str | None = None
    annotation_id: int | None = None
    rank: float = 0.0


def _term(words: list[str], *, prefix: bool) -> str:
    # Words come from _WORD, so they hold no double quotes to escape.
    quoted = '"' + " ".join(words) + '"'
    if prefix and len(words[-1]) >= _MIN_PREFIX and not words[-1].isdigit():
        quoted += "*"
    return quoted


def fts_query(text: str, *, prefix: bool = True) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed, or None if it has no words.

    All terms must match (implicit AND). Never raises on any input.
    """
    terms: list[str] = []
    for m in _PIECE.finditer(text):
        phrase = m.group(1)
        words = _WORD.findall(phrase) if phrase is not None else [m.group(2)]
        if words:
            terms.append(_term(words, prefix=prefix))
        if len(terms) >= MAX_TERMS:
            break
    return " ".join(terms) if terms else None


def _snippet(table: str, column: int) -> str:
    return f"snippet({table}, {column}, '{MARK_OPEN}', '{MARK_CLOSE}', '{ELLIPSIS}', {_SNIPPET_TOKENS})"


# What each field searches: (FTS table, snippet column, joins, doc id, sentence id,
# annotation id, position in the document). The FTS table drives the plan
# (MATCH first, then joins by rowid); ``:doc`` is NULL to search every document.
_FIELD_SQL: dict[str, tuple[str, int, str, str, str, str, str]] = {
    "title": ("fts_titles", 0, "JOIN documents d ON d.id = fts_titles.rowid", "d.id", "NULL", "NULL", "0"),
    "bg": ("fts_bg", 0, "JOIN sentences s ON s.id = fts_bg.rowid JOIN documents d ON d.id = s.doc_id",
           "s.doc_id", "s.sentence_id", "NULL", "s.idx"),
    # Column -1: the snippet comes from the edited text or the machine text, whichever matched.
    "en": ("fts_en", -1, "JOIN translations t ON t.id = fts_en.rowid JOIN documents d ON d.id = t.doc_id",
           "t.doc_id", "t.sentence_id", "NULL", "t.idx"),
    "note": ("fts_notes", 0, "JOIN annotations a ON a.id = fts_notes.rowid JOIN documents d ON d.id = a.doc_id",
             "a.doc_id", "NULL", "a.id", "a.start"),
}

#: Fields in the order they are listed within one document.
FIELDS: tuple[str, ...] = ("title", "bg", "en", "note")

#: ``recent``: newest rows first (sentences of the documents added or translated
#: last). FTS5 walks its index in rowid order and stops at the limit, so this
#: costs the same however common the words are (3 ms median on 10,000
#: articles). ``relevance``: bm25 rank, which must score every match first
#: (8x slower on common words; see bench/library_bench.py).
ORDERS = ("recent", "relevance")


def _sql(field: str, order: str) -> str:
    table, column, joins, doc, sentence, annotation, position = _FIELD_SQL[field]
    order_by = "rank" if order == "relevance" else f"{table}.rowid DESC"
    return f"""
        SELECT {doc}, d.title, {_snippet(table, column)}, {sentence}, {annotation}, {table}.rank, {position}
        FROM {table} {joins}
        WHERE {table} MATCH :q AND (:doc IS NULL OR {doc} = :doc)
        ORDER BY {order_by} LIMIT :limit"""


_QUERIES: dict[tuple[str, str], str] = {(f, o): _sql(f, o) for f in FIELDS for o in ORDERS}


def run_search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 50,
    fields: tuple[str, ...] = FIELDS,
    doc_id: int | None = None,
    prefix: bool = True,
    order: str = "recent",
) -> list[SearchHit]:
    """Search the given fields and merge the hits, at most ``limit``.

    ``order="recent"`` lists the newest documents first and, within one,
    title, Bulgarian, English and notes in reading order; ``"relevance"``
    lists the best bm25 rank first. Raises ``sqlite3.Error`` only for storage
    problems (the caller words them); the query itself can never be a syntax
    error.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown search fields: {sorted(unknown)}")
    match = fts_query(query, prefix=prefix)
    if match is None or limit <= 0:
        return []
    found: list[tuple[SearchHit, int]] = []
    params = {"q": match, "doc": doc_id, "limit": int(limit)}
    for name in fields:
        for row in conn.execute(_QUERIES[name, order], params):
            hit = SearchHit(
                doc_id=int(row[0]),
                title=row[1],
                field=name,
                snippet=row[2],
                sentence_id=row[3],
                annotation_id=row[4],
                rank=float(row[5]),
            )
            found.append((hit, int(row[6])))
    field_order = {name: i for i, name in enumerate(FIELDS)}
    if order == "relevance":
        found.sort(key=lambda hp: (hp[0].rank, field_order[hp[0].field], hp[1]))
    else:
        found.sort(key=lambda hp: (-hp[0].doc_id, field_order[hp[0].field], hp[1]))
    return [hit for hit, _ in found[:limit]]
