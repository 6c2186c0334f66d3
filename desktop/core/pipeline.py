"""Analysis as one job: claims, summary and translation checks.

The CLI's ``brief`` command, the GUI's analysis worker and the self-test all
run this same generator, so what a journalist sees in the window is exactly
what goes into an exported brief. It works on the Bulgarian text alone when
no translation exists (no model installed yet): claims and the extractive
summary need only the source; checks need a translation and are skipped.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.analysis.result import Analysis
from desktop.core.document import Document
from desktop.core.jobs import CancelToken, Progress
from desktop.core.translation import DocumentTranslation

if TYPE_CHECKING:
    from desktop.core.translate.memory import TranslationMemory

#: How many claims an article's key-claims list shows by default: enough for
#: a long story, few enough that the list is not "every sentence".
DEFAULT_CLAIM_LIMIT = 12


def analyse_job(
    doc: Document,
    translation: DocumentTranslation | None = None,
    *,
    glossary: dict[str, str] | None = None,
    claim_limit: int | None = DEFAULT_CLAIM_LIMIT,
    summary_sentences: int | None = None,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, Analysis]:
    """Find claims, summarise and check the translation, reporting each step.

    Cancelling takes effect between the three steps; nothing is half-written
    because nothing is written here at all — the caller stores the result.
    """
    from desktop.core.analysis.checks import check_translation
    from desktop.core.analysis.claims.finder import find_claims
    from desktop.core.analysis.summarize import summarize

    token = cancel or CancelToken()
    total = 3
    yield Progress("analyse", 0, total, "finding claims")
    claims = find_claims(doc, translation, glossary=glossary, limit=claim_limit)
    token.raise_if_cancelled()
    yield Progress("analyse", 1, total, "summarising")
    summary = summarize(doc, sentences=summary_sentences, translation=translation)
    token.raise_if_cancelled()
    yield Progress("analyse", 2, total, "checking the translation")
    flags = check_translation(doc, translation, glossary=glossary) if translation is not None else []
    yield Progress("analyse", 3, total, "done")
    return Analysis(claims=claims, summary=summary, flags=flags)


@dataclass(frozen=True)
class BriefRun:
    """What :func:`brief_job` produced, and why the English may be missing."""

    translation: DocumentTranslation | None
    analysis: Analysis
    missing_model: str | None = None  # the sentence explaining why there is no English


def brief_job(
    doc: Document,
    *,
    model: str | None = None,
    backend: str = "ct2",
    profile: str = "quality",
    translate: bool = True,
    glossary: dict[str, str] | None = None,
    memory: TranslationMemory | None = None,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, BriefRun]:
    """Translate (when a model is installed), then analyse: the whole `dragoman brief` run.

    A missing model is not an error here: the journalist still gets claims
    and a summary of the Bulgarian, and ``missing_model`` says plainly why the
    English side is absent and which command fixes it.
    """
    from desktop.core.errors import ModelMissing

    translation: DocumentTranslation | None = None
    missing: str | None = None
    if translate:
        from desktop.core.translate.job import translate_document_job

        try:
            translation = yield from translate_document_job(
                doc, model=model, backend=backend, profile=profile, memory=memory, cancel=cancel
            )
        except ModelMissing as exc:
            missing = str(exc)
    analysis = yield from analyse_job(doc, translation, glossary=glossary, cancel=cancel)
    return BriefRun(translation=translation, analysis=analysis, missing_model=missing)
