"""The English brief: build it from what the article holds, export it, keep what was exported.

The brief model and its writers are :mod:`desktop.core.brief`; this is what
the desk does with them: regenerate the brief of an open article, export
the brief the journalist edited (and keep a copy with the article), and
``dragoman brief FILE -o OUT`` in one job, translated with the same
translation memory as the app, so a sentence the desk corrected reads the
same in every brief.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.document import Document
from desktop.core.jobs import CancelToken, Progress
from desktop.core.translation import DocumentTranslation

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.brief.model import Brief
    from desktop.core.library.store import Library


def suggested_file_name(title: str, extension: str, fallback: str = "brief") -> str:
    """The Latin file name a save dialog proposes for an export (rule in :mod:`desktop.core.brief.naming`)."""
    from desktop.core.brief.naming import suggested_file_name as suggest

    return suggest(title, extension, fallback)


def build_article_brief(
    document: Document,
    analysis: Analysis,
    translation: DocumentTranslation | None,
    *,
    annotations: Sequence[Any] = (),
    mark_unsure: bool = False,
) -> Brief:
    """The brief of an analysed article, in English where it is translated, with the journalist's notes.

    ``mark_unsure`` marks the English words the model was unsure of (off by default).
    """
    from desktop.core.brief.model import build_brief

    return build_brief(document, analysis, translation, annotations=annotations, mark_unsure=mark_unsure)


def brief_from_data(data: dict[str, Any]) -> Brief | None:
    """A brief kept with an article, or None when another version wrote it (a fresh one is built)."""
    from desktop.core.brief.model import Brief

    try:
        return Brief.from_dict(data)
    except Exception:  # any shape from another version: regenerate rather than fail
        return None


def export_and_keep_brief(library: Library, doc_id: int, brief: Brief, path: str | Path, fmt: str) -> Path:
    """Write ``brief`` as ``fmt`` to ``path`` and keep it (Markdown and data) with the article."""
    from desktop.core.brief.formats import export_brief
    from desktop.core.brief.markdown import to_markdown

    written = Path(export_brief(brief, path, fmt))
    library.save_brief(doc_id, to_markdown(brief), brief.to_dict(), format=fmt)
    return written


@dataclass(frozen=True)
class WrittenBrief:
    """What :func:`brief_file_job` wrote, and why the English may be missing."""

    path: Path
    missing_model: str | None = None  # the sentence explaining why there is no English


def brief_file_job(
    document: Document,
    out: str | Path,
    *,
    model: str | None = None,
    backend: str = "ct2",
    profile: str = "quality",
    translate: bool = True,
    use_memory: bool = True,
    mark_unsure: bool = False,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, WrittenBrief]:
    """Translate (with the translation memory), analyse and write a brief of ``document`` to ``out``.

    A missing model is not an error: the brief is of the Bulgarian and
    ``missing_model`` says why and how to install one. The format comes from
    ``out``'s extension (checked before any slow work).
    """
    from desktop.core.brief.formats import export_brief, format_for
    from desktop.core.pipeline import brief_job

    target = Path(out)
    format_for(target)
    memory = None
    if translate and use_memory:
        from desktop.core.operations.translating import open_memory

        memory = open_memory()
    run = yield from brief_job(
        document, model=model, backend=backend, profile=profile, translate=translate, memory=memory, cancel=cancel
    )
    brief = build_article_brief(document, run.analysis, run.translation, mark_unsure=mark_unsure)
    written = Path(export_brief(brief, target))
    return WrittenBrief(written, run.missing_model)
