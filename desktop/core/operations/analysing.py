"""Analyse-and-store: claims, summary and checks of an article, kept with it in the library.

The analysis itself is :func:`desktop.core.pipeline.analyse_job` (the same
for ``dragoman brief``); this adds what the desk has (its glossary) and keeps
the claims and flags with the article, so they show at once when it is
opened again.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING, Any

from desktop.core.document import Document
from desktop.core.errors import DragomanError
from desktop.core.jobs import CancelToken, Progress
from desktop.core.translation import DocumentTranslation

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.library.store import Library


def analyse_and_store(
    library: Library,
    doc_id: int,
    document: Document,
    translation: DocumentTranslation | None,
    *,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, Analysis]:
    """Find claims, summarise and check ``document`` with the desk's glossary; store claims and flags.

    Works on the Bulgarian alone when ``translation`` is None (no model yet).
    Cancelling between steps stores nothing.
    """
    from desktop.core.pipeline import analyse_job

    try:
        glossary = library.glossary_map()
    except DragomanError:
        glossary = {}
    analysis = yield from analyse_job(document, translation, glossary=glossary or None, cancel=cancel)
    store_analysis(library, doc_id, analysis)
    return analysis


def store_analysis(library: Library, doc_id: int, analysis: Analysis) -> bool:
    """Keep the claims and flags with the article; returns whether anything changed.

    Unchanged results are not written again: a write marks the article as
    worked on, which would reorder the library list for nothing.
    """
    changed = False
    if _jsonish(library.load_claims(doc_id)) != _jsonish(_dicts(analysis.claims)):
        library.save_claims(doc_id, analysis.claims)
        changed = True
    if _jsonish(library.load_flags(doc_id)) != _jsonish(_dicts(analysis.flags)):
        library.save_flags(doc_id, analysis.flags)
        changed = True
    return changed


def _dicts(items: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            out.append(dataclasses.asdict(item))
        else:
            out.append(dict(item))
    return out


def _jsonish(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
