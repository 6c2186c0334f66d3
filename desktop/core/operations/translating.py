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

import logging
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.document import Document
from desktop.core.jobs import CancelToken, Progress
from desktop.core.translation import DocumentTranslation

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop.core.library.store import Library
    from desktop.core.translate.memory import TranslationMemory


def open_memory(library_file: str | Path | None = None) -> TranslationMemory | None:
    """The translation memory kept in the library file (default: the desk's, :func:`~desktop.core.paths.library_path`).

    It opens its own SQLite connection lazily, on first use, so create it
    in (or hand it to) the thread that translates. Importing it costs no
    sqlite-utils: a cold ``dragoman translate`` stays quick.

    The memory writes two tables into the library file, so the file is
    first looked at read-only, by the library's own rules: a file that is
    not SQLite, another program's database, a library from a newer
    Dragoman, a damaged file or one in a folder that cannot be written is
    left exactly as found and the translation runs without the memory
    (None; a warning says why once).
    """
    from desktop.core.translate.memory import TranslationMemory

    if library_file is None:
        from desktop.core.paths import library_path

        library_file = library_path()
    path = Path(library_file)
    why_not = memory_refusal(path)
    if why_not:
        log.warning("The translation memory is off for this run: %s", why_not)
        return None
    return TranslationMemory(path)


def memory_refusal(path: Path) -> str | None:
    """Why the translation memory must not write into ``path`` (one sentence), or None when it may."""
    import sqlite3

    from desktop.core.library import opening
    from desktop.core.library.schema import SCHEMA_VERSION

    problem = opening.header_problem(path)
    if problem:
        return f"the library file {path} cannot be used because {problem}."
    if not opening.writable(path):
        return f"the library {path} is in a folder Dragoman cannot write to."
    if opening.damage_mark(path).exists():
        return f"the library {path} is marked as damaged."
    try:
        info = opening.probe(path, timeout=5.0)
    except sqlite3.Error as exc:
        return f"the library {path} could not be read ({exc})."
    if info is None:
        return None
    if info.is_foreign:
        return f"{path} is another program's SQLite file, not a Dragoman library."
    if info.version > SCHEMA_VERSION:
        return f"the library {path} comes from a newer Dragoman (version {info.version})."
    return None


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
