"""Translations in the library: machine output batch by batch, and the journalist's edits.

The rule that matters here is "edits win": storing the machine's sentence
again never drops a post-edit the journalist made (the ``coalesce`` in
:meth:`TranslationStore.save_translation`); only :meth:`save_edit` with
None removes one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from desktop.core.errors import ItemNotFound
from desktop.core.library.connection import LibraryConnection
from desktop.core.library.records import (
    TRANSLATION_COLUMNS,
    dumps,
    finite_or_none,
    json_columns,
    now,
    source_sentence,
    translated,
)
from desktop.core.translation import TITLE_ID, DocumentTranslation, TranslatedSentence


class TranslationStore(LibraryConnection):
    """The translations part of :class:`~desktop.core.library.store.Library`."""

    def save_translation(
        self, doc_id: int, translation: DocumentTranslation | Iterable[TranslatedSentence]
    ) -> None:
        """Store translated sentences (a whole translation or one streamed batch).

        Sentences already stored are replaced, except that a journalist's
        post-edit is kept when the incoming sentence carries none: re-running
        the machine must never throw away human work (use :meth:`save_edit`
        with None to drop an edit).
        """
        if isinstance(translation, DocumentTranslation):
            sentences: Sequence[TranslatedSentence] = translation.all_sentences
            header: dict[str, str] | None = {
                "model": translation.model,
                "revision": translation.revision,
                "backend": translation.backend,
                "profile": translation.profile,
            }
        else:
            sentences = list(translation)
            header = None
        stamp = now()
        with self._write("save the translation") as conn:
            self._require_document(conn, doc_id)
            known = {r[0] for r in conn.execute("SELECT sentence_id FROM sentences WHERE doc_id = ?", (doc_id,))}
            if source_sentence(conn, doc_id, TITLE_ID) is not None:
                known.add(TITLE_ID)  # the headline's translation
            for t in sentences:
                if t.sentence_id not in known:
                    raise ItemNotFound(f"Document #{doc_id} has no sentence {t.sentence_id}")
            rows = [
                [t.sentence_id, t.index, t.source, t.text, t.edited_text, finite_or_none(t.score), t.model, t.revision,
                 t.backend, t.profile, int(t.cached), t.links.to_json() if t.links is not None else None]
                for t in sentences
            ]
            conn.execute(
                f"""
                INSERT INTO translations (doc_id, sentence_id, idx, source, machine_text, edited_text,
                                          score, model, revision, backend, profile, cached, links, updated_at)
                SELECT :doc, {json_columns(12)}, :now FROM json_each(:rows) WHERE true
                ON CONFLICT (doc_id, sentence_id) DO UPDATE SET
                    idx = excluded.idx, source = excluded.source, machine_text = excluded.machine_text,
                    edited_text = coalesce(excluded.edited_text, translations.edited_text),
                    score = excluded.score, model = excluded.model, revision = excluded.revision,
                    backend = excluded.backend, profile = excluded.profile, cached = excluded.cached,
                    links = CASE WHEN excluded.links IS NOT NULL THEN excluded.links
                                 WHEN excluded.machine_text = translations.machine_text THEN translations.links END,
                    updated_at = excluded.updated_at
                """,
                {"doc": doc_id, "now": stamp, "rows": dumps(rows)},
            )
            if header is None and sentences:
                existing = conn.execute(
                    "SELECT translation_meta FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()[0]
                if existing is None:
                    first = sentences[0]
                    header = {
                        "model": first.model,
                        "revision": first.revision,
                        "backend": first.backend,
                        "profile": first.profile,
                    }
            if header is not None:
                conn.execute(
                    "UPDATE documents SET translation_meta = ? WHERE id = ?", (dumps(header), doc_id)
                )
            self._touch(conn, doc_id, stamp)

    def load_translation(self, doc_id: int) -> DocumentTranslation | None:
        """The stored translation (possibly partial), or None when nothing was translated."""
        with self._read("read the translation") as conn:
            row = conn.execute("SELECT translation_meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise ItemNotFound(f"The library holds no document #{doc_id}")
            rows = conn.execute(
                f"SELECT {TRANSLATION_COLUMNS} FROM translations WHERE doc_id = ? ORDER BY idx",
                (doc_id,),
            ).fetchall()
        if row[0] is None and not rows:
            return None
        header = json.loads(row[0]) if row[0] else {}
        return DocumentTranslation(
            sentences=tuple(translated(r) for r in rows),
            model=header.get("model", ""),
            revision=header.get("revision", ""),
            backend=header.get("backend", ""),
            profile=header.get("profile", ""),
        )

    def save_edit(self, doc_id: int, sentence_id: str, text: str | None) -> TranslatedSentence:
        """Store (or with None, drop) the journalist's post-edit of one sentence; return it.

        A sentence the machine has not translated yet may be translated by
        hand: it is stored with empty machine text.
        """
        stamp = now()
        with self._write("save the edit") as conn:
            self._require_document(conn, doc_id)
            src = source_sentence(conn, doc_id, sentence_id)
            if src is None:
                raise ItemNotFound(f"Document #{doc_id} has no sentence {sentence_id}")
            cur = conn.execute(
                "UPDATE translations SET edited_text = ?, updated_at = ? WHERE doc_id = ? AND sentence_id = ?",
                (text, stamp, doc_id, sentence_id),
            )
            if cur.rowcount == 0 and text is not None:
                conn.execute(
                    """INSERT INTO translations (doc_id, sentence_id, idx, source, machine_text, edited_text,
                                                 updated_at) VALUES (?, ?, ?, ?, '', ?, ?)""",
                    (doc_id, sentence_id, src[0], src[1], text, stamp),
                )
            self._touch(conn, doc_id, stamp)
            row = conn.execute(
                f"SELECT {TRANSLATION_COLUMNS} FROM translations WHERE doc_id = ? AND sentence_id = ?",
                (doc_id, sentence_id),
            ).fetchone()
        if row is None:  # dropped an edit of an untranslated sentence: nothing to show
            return TranslatedSentence(sentence_id=sentence_id, index=src[0], source=src[1], text="")
        return translated(row)
