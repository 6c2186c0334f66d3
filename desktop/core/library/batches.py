"""What a batch (``dragoman batch``) finished for each article: the resume key, the summary, the ranking.

Claims and flags live in their own tables (the reading view shows them);
this keeps what only a batch produces: the summary, the article's most
check-worthy claim (title, claim, speaker, score: the ranking's row) and
what it was done with (the bytes' SHA-256, the model, the profile), so a
re-run skips exactly the articles already done the same way and redoes an
article whose model or profile changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import dumps, finite_or_none, now


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
