"""The desk glossary: the English the desk prefers for a Bulgarian name or term.

The claim finder and the checks take it as ``glossary={bg: en}``
(:meth:`GlossaryStore.glossary_map`); a name whose English differs from the
glossary is flagged before filing.
"""

from __future__ import annotations

from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import GlossaryEntry


class GlossaryStore(LibraryConnection):
    """The glossary part of :class:`~desktop.core.library.store.Library`."""

    def glossary_get(self, bg: str) -> GlossaryEntry | None:
        with self._read("read the glossary") as conn:
            row = conn.execute("SELECT bg, en, note FROM glossary WHERE bg = ?", (bg.strip(),)).fetchone()
        return GlossaryEntry(*row) if row else None

    def glossary_set(self, bg: str, en: str, note: str = "") -> GlossaryEntry:
        """Add or replace the desk's English for a Bulgarian term."""
        entry = GlossaryEntry(bg=bg.strip(), en=en.strip(), note=note)
        if not entry.bg or not entry.en:
            raise ValueError("a glossary entry needs both the Bulgarian term and its English")
        with self._write("save the glossary entry") as conn:
            conn.execute(
                "INSERT INTO glossary (bg, en, note) VALUES (?, ?, ?) "
                "ON CONFLICT (bg) DO UPDATE SET en = excluded.en, note = excluded.note",
                (entry.bg, entry.en, entry.note),
            )
        return entry

    def glossary_delete(self, bg: str) -> bool:
        """Remove a term; False when it was not there."""
        with self._write("delete the glossary entry") as conn:
            return conn.execute("DELETE FROM glossary WHERE bg = ?", (bg.strip(),)).rowcount > 0

    def glossary_all(self) -> list[GlossaryEntry]:
        with self._read("read the glossary") as conn:
            rows = conn.execute("SELECT bg, en, note FROM glossary ORDER BY bg").fetchall()
        return [GlossaryEntry(*r) for r in rows]

    def glossary_map(self) -> dict[str, str]:
        """``{bg: en}``, the shape the claim finder and checks take as ``glossary=``."""
        return {e.bg: e.en for e in self.glossary_all()}
