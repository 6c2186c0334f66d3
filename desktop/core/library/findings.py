"""What analysis and the desk produced for an article: claims, QA flags and briefs.

Claims and flags are replaced as a whole each time the analysis runs (they
are derived data, stored so a reopened article shows them at once); briefs
are kept, every one, as exported -- the desk may need to show what it filed.

What a batch (``dragoman batch``) finished for each article is kept here too
(:class:`BatchStore`): the resume key (the bytes' SHA-256, the model, the
profile: a re-run skips exactly the articles already done that way and redoes
one whose model or profile changed), the summary (claims and flags have their
own tables), and the article's most check-worthy claim, the ranking's row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import Brief, as_dict, dumps, finite_or_none, now, without_non_finite


class FindingStore(LibraryConnection):
    """The claims, flags and briefs part of :class:`~desktop.core.library.store.Library`."""

    # -- claims and flags --------------------------------------------------------

    def _save_items(self, table: str, doc_id: int, items: Iterable[Any], action: str) -> None:
        dicts = [without_non_finite(as_dict(item)) for item in items]
        rows: list[tuple[Any, ...]] = []
        for i, d in enumerate(dicts):
            data = dumps(d)
            if table == "claims":
                score = d.get("score")
                rows.append(
                    (
                        doc_id,
                        i,
                        str(d.get("id") or d.get("claim_id") or f"c{i + 1}"),
                        str(d.get("kind") or ""),
                        finite_or_none(score),
                        data,
                    )
                )
            else:
                rows.append((doc_id, i, data))
        stamp = now()
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
            self._touch(conn, doc_id, stamp)

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

    # -- briefs ----------------------------------------------------------------------

    def save_brief(
        self, doc_id: int, markdown: str, data: Mapping[str, Any] | None = None, *, format: str = "markdown"
    ) -> int:
        """Keep a brief as exported (every export is kept; :meth:`latest_brief` is the newest)."""
        payload = dumps(dict(data) if data is not None else {})
        stamp = now()
        with self._write("save the brief") as conn:
            self._require_document(conn, doc_id)
            cur = conn.execute(
                "INSERT INTO briefs (doc_id, created_at, format, markdown, data) VALUES (?, ?, ?, ?, ?)",
                (doc_id, stamp, format, markdown, payload),
            )
            self._touch(conn, doc_id, stamp)
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


@dataclass(frozen=True)
class BatchRow:
    """One finished article as the ranking shows it."""

    doc_id: int
    title: str  # the English headline when translated, else the article's own
    top_claim: str
    speaker: str
    score: float | None
    model: str
    profile: str


class BatchStore(LibraryConnection):
    """The batch-results part of :class:`~desktop.core.library.store.Library`."""

    def batch_done(self, doc_id: int, sha256: str, model: str, profile: str) -> bool:
        """Whether a batch already finished ``doc_id`` from these bytes with this model and profile."""
        with self._read("read the batch results") as conn:
            row = conn.execute(
                "SELECT 1 FROM batch_results WHERE doc_id = ? AND sha256 = ? AND model = ? AND profile = ?",
                (doc_id, sha256, model, profile),
            ).fetchone()
        return row is not None

    def save_batch_result(
        self,
        doc_id: int,
        *,
        sha256: str,
        model: str,
        profile: str,
        summary: Mapping[str, Any],
        title_en: str = "",
        top_claim: str = "",
        speaker: str = "",
        score: float | None = None,
    ) -> None:
        """Record that a batch finished ``doc_id`` (replacing an earlier run's row)."""
        with self._write("save the batch result") as conn:
            self._require_document(conn, doc_id)
            conn.execute(
                "INSERT OR REPLACE INTO batch_results (doc_id, sha256, model, profile, summary, title_en, "
                "top_claim, speaker, score, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, sha256, model, profile, dumps(dict(summary)), title_en, top_claim, speaker,
                 finite_or_none(score), now()),
            )  # fmt: skip

    def load_summary(self, doc_id: int) -> dict[str, Any] | None:
        """The summary a batch stored for ``doc_id`` (``Summary.from_dict`` rebuilds it), or None."""
        with self._read("read the summary") as conn:
            row = conn.execute("SELECT summary FROM batch_results WHERE doc_id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def batch_ranking(self, doc_ids: Iterable[int] | None = None) -> list[BatchRow]:
        """Finished articles, most check-worthy claim first (articles with no claim last).

        ``doc_ids`` limits it to one batch's articles; None ranks every article a batch finished.
        """
        sql = (
            "SELECT r.doc_id, coalesce(nullif(r.title_en, ''), d.title), r.top_claim, r.speaker, r.score, "
            "r.model, r.profile FROM batch_results r JOIN documents d ON d.id = r.doc_id"
        )
        with self._read("read the batch results") as conn:
            rows = conn.execute(sql).fetchall()
        wanted = set(doc_ids) if doc_ids is not None else None
        found = [BatchRow(*row) for row in rows if wanted is None or row[0] in wanted]
        found.sort(key=lambda r: (r.score is None, -(r.score or 0.0), r.doc_id))
        return found
