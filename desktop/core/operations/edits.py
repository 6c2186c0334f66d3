"""Editing the English: the "a journalist's edit always wins" rule, and saving one edit.

The machine may translate a sentence again (a re-run, a second batch, a
model change) after the journalist corrected it. :func:`keep_edits` is the
one place that decides what the reader then sees: the correction, with the
new machine text kept beside it. (The library applies the same rule to what
it stores, in :meth:`~desktop.core.library.store.Library.save_translation`,
so no writer can lose an edit either.)
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.core.errors import DragomanError
from desktop.core.translation import DocumentTranslation, TranslatedSentence

if TYPE_CHECKING:
    from desktop.core.library.store import Library

log = logging.getLogger(__name__)


def keep_edits(
    current: DocumentTranslation | None,
    incoming: Iterable[TranslatedSentence],
    *,
    header: DocumentTranslation | None = None,
) -> DocumentTranslation:
    """``current`` with ``incoming`` machine output merged in; an edit in ``current`` always wins.

    A sentence of ``incoming`` that carries no edit takes over the edit the
    same sentence has in ``current``. ``header`` (a finished job's result)
    gives the model, revision, backend and profile; without it a first batch
    provides them.
    """
    batch = list(incoming)
    if current is None:
        source = header if header is not None else (batch[0] if batch else None)
        current = DocumentTranslation(
            model=source.model if source is not None else "",
            revision=source.revision if source is not None else "",
            backend=source.backend if source is not None else "",
            profile=source.profile if source is not None else "",
        )
    elif header is not None:
        current = replace(
            current, model=header.model, revision=header.revision, backend=header.backend, profile=header.profile
        )
    kept = []
    for t in batch:
        old = current.get(t.sentence_id)
        if old is not None and old.edited and not t.edited:
            t = replace(t, edited_text=old.edited_text)  # never lose human work on a re-run
        kept.append(t)
    return current.merged(kept)


def with_saved_edit(translation: DocumentTranslation, saved: TranslatedSentence) -> DocumentTranslation:
    """``translation`` showing one saved edit (or its removal), as :func:`edit_sentence` returned it."""
    if saved.sentence_id in translation.by_id:
        return translation.with_edit(saved.sentence_id, saved.edited_text)
    return translation.merged([saved])


def edit_sentence(library: Library, doc_id: int, sentence_id: str, text: str | None) -> TranslatedSentence:
    """Save the journalist's correction of one sentence (None: back to the machine text); return it.

    The correction also goes into the translation memory, so the same
    sentence in another article gets it next time. A memory that cannot
    keep it does not undo the saved edit (it is logged).
    """
    saved = library.save_edit(doc_id, sentence_id, text)
    from desktop.core.translate.memory import TranslationMemory

    try:
        with library.lock:  # the memory shares the library's connection
            TranslationMemory(library.db).record_edit(saved.source, text)
    except (DragomanError, OSError, sqlite3.Error) as exc:
        log.warning("the translation memory did not keep the edit: %s", exc)
    return saved
