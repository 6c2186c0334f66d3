"""What analysis and the desk produced for an article: claims, QA flags and briefs.

Claims and flags are replaced as a whole each time the analysis runs (they
are derived data, stored so a reopened article shows them at once); briefs
are kept, every one, as exported -- the desk may need to show what it filed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import Brief, as_dict, dumps, now


class FindingStore(LibraryConnection):
    """The claims, flags and briefs part of :class:`~desktop.core.library.store.Library`."""

    # -- claims and flags --------------------------------------------------------

    def _save_items(self, table: str, doc_id: int, items: Iterable[Any], action: str) -> None:
        dicts = [as_dict(item) for item in items]
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
                        float(score) if isinstance(score, int | float) else None,
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
