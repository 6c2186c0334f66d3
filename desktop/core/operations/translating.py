"""Translate-and-store: the job that fills an article's English and keeps every batch as it finishes.

The job belongs to its article (a document id), not to whatever a window
shows: each finished batch is stored in the library the moment it is done,
so cancelling, closing the window or switching to another article keeps
what was translated, and the next run resumes from the translation memory.
The model is loaded through the one backend cache
(:mod:`desktop.core.translate.cache`), so the next article does not load it
again.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.document import Document
from desktop.core.jobs import CancelToken, Progress
from desktop.core.translation import DocumentTranslation

if TYPE_CHECKING:
    from desktop.core.library.store import Library
    from desktop.core.translate.memory import TranslationMemory


def open_memory(library_file: str | Path | None = None) -> TranslationMemory:
    """The translation memory kept in the library file (default: the desk's, :func:`~desktop.core.paths.library_path`).

    It opens its own SQLite connection lazily, on first use, so create it
    in (or hand it to) the thread that translates. Importing it costs no
    sqlite-utils: a cold ``dragoman translate`` stays quick.
    """
    from desktop.core.translate.memory import TranslationMemory

    if library_file is None:
        from desktop.core.paths import library_path

        library_file = library_path()
    return TranslationMemory(library_file)


def translate_and_store(
    library: Library,
    doc_id: int,
    *,
    document: Document | None = None,
    model: str | None = None,
    backend: str = "auto",
    profile: str = "quality",
    threads: int = 0,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, DocumentTranslation]:
    """Translate document ``doc_id`` with the translation memory, storing each batch as it finishes.

    Yields the engine's events (each batch's sentences as ``payload``) after
    one "loading the model" event; returns the whole translation, also
    stored with its header (model, revision, backend, profile). Stored
    edits are never overwritten (the library keeps them); showing a batch
    next to the edits on screen is :func:`~desktop.core.operations.edits.keep_edits`.
    Raises the ModelError family when there is no usable model, and
    Cancelled once ``cancel`` is set (what was yielded is stored).
    """
    from desktop.core.translate.cache import loaded_backend
    from desktop.core.translate.job import translate_document_job

    token = cancel or CancelToken()
    doc = document if document is not None else library.get_document(doc_id)
    yield Progress("translate", 0, len(doc.sentences), f"loading {model or 'the model'}…")
    loaded = loaded_backend(model, backend, threads, profile=profile)
    token.raise_if_cancelled()
    job = translate_document_job(doc, backend=loaded, profile=profile, memory=open_memory(library.path), cancel=token)
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            result: DocumentTranslation = stop.value
            library.save_translation(doc_id, result)
            return result
        if event.payload:
            library.save_translation(doc_id, list(event.payload))
        yield event
