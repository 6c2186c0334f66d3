"""Machine-written (abstractive) English summaries, each line tied to its sources.

The extractive summary (``desktop.core.analysis.summarize``) quotes the article; some
desks prefer a short rewritten paragraph. This module runs an English
seq2seq summariser (distilbart-cnn-12-6 from the model store) on the English
translation, then links *every* output sentence back to the source sentences
it rests on: the English sentences it shares most content words with (TF-IDF
cosine), and through them their Bulgarian ids. A line that shares no content
word with the article is an invention and is dropped, and every kept line is
marked ``machine_written`` so the brief can say so.

When the model writes nothing usable (a tiny test model, a very short
article) the summary falls back to the extractive one and says why in
:attr:`Summary.method`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from desktop.core.analysis.summarize import ABSTRACTIVE, EXTRACTIVE, Summary, SummarySentence, summarize
from desktop.core.analysis.textrank import content_terms, cosine, tfidf_vectors, vectorize
from desktop.core.document import Document
from desktop.core.errors import BackendUnavailable, ModelCorrupt, ModelMissing
from desktop.core.jobs import CancelToken
from desktop.core.reference_stack import require_reference_stack
from desktop.core.translation import DocumentTranslation

#: The model-store name of the English summariser (models/manifest.toml).
SUMMARIZER_MODEL = "distilbart-cnn-12-6"
#: A source sentence is linked when its similarity is at least this share of
#: the best one's (and above :data:`MIN_LINK`), up to :data:`MAX_LINKS` sentences.
LINK_SHARE = 0.6
MIN_LINK = 0.05
MAX_LINKS = 3

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=\S)")


def summarizer_model_dir() -> Path:
    """The installed summariser's folder, from the model store."""
    try:
        from desktop.core.models import ModelStore
    except ImportError as exc:  # the store module is missing from this build
        raise ModelMissing("The English summarisation model store is not available in this build.") from exc
    return Path(ModelStore().get(SUMMARIZER_MODEL).path)


def split_generated(text: str) -> list[str]:
    """Sentences of generated English, with CNN-style " ." spacing repaired."""
    text = re.sub(r"\s+([.,;:!?])", r"\1", text.replace("<n>", " ")).strip()
    pieces = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in pieces if re.search(r"[^\W\d_]{2}", p)]


def link_to_sources(
    lines: list[str], doc: Document, translation: DocumentTranslation
) -> list[tuple[str, ...]]:
    """For each English line, the ids of the source sentences it rests on (document order).

    Similarity is the cosine of TF-IDF vectors of stemmed English content
    words; a line with no content word in common with any translated
    sentence gets an empty tuple.
    """
    ids = [s.id for s in doc.iter_sentences() if translation.text_for(s.id)]
    english = [translation.text_for(i) or "" for i in ids]
    terms = [content_terms(t, "en") for t in english]
    vectors = tfidf_vectors(terms)
    order = {sid: k for k, sid in enumerate(ids)}
    links: list[tuple[str, ...]] = []
    for line in lines:
        vec = vectorize(content_terms(line, "en"), terms)
        sims = sorted(((cosine(vec, v), k) for k, v in enumerate(vectors)), reverse=True)
        if not sims or sims[0][0] < MIN_LINK:
            links.append(())
            continue
        best = sims[0][0]
        chosen = [ids[k] for sim, k in sims[:MAX_LINKS] if sim >= max(MIN_LINK, LINK_SHARE * best)]
        links.append(tuple(sorted(chosen, key=order.__getitem__)))
    return links


@functools.lru_cache(maxsize=1)
def _load(path: str, stamp: float) -> tuple[Any, Any]:
    """Tokenizer and model, kept for the next summary (``stamp`` invalidates on change)."""
    try:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    except ImportError as exc:
        raise BackendUnavailable(
            "The transformers library is not installed, so summaries cannot be written."
        ) from exc
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)
    except Exception as exc:  # any failure to read the files means a damaged model
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelCorrupt(
            f"The summarisation model in {path} could not be loaded ({reason[:200]})",
            hint=f"Reinstall it with `dragoman models download {SUMMARIZER_MODEL}` or `dragoman models import PATH`.",
        ) from exc
    model.eval()
    return tokenizer, model


def _check_model_dir(model_dir: Path) -> Path:
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise ModelMissing(
            f"The English summarisation model is not installed (no folder at {model_dir}).",
            hint=f"Run `dragoman models download {SUMMARIZER_MODEL}` on a connected machine, or `dragoman models import PATH`.",
        )
    if not (model_dir / "config.json").is_file():
        raise ModelCorrupt(
            f"The summarisation model in {model_dir} is incomplete (config.json is missing).",
            hint=f"Reinstall it with `dragoman models download {SUMMARIZER_MODEL}` or `dragoman models import PATH`.",
        )
    return model_dir


def _generate(model_dir: Path, english: str, cancel: CancelToken | None) -> str:
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    stamp = (model_dir / "config.json").stat().st_mtime
    tokenizer, model = _load(str(model_dir.resolve()), stamp)
    if cancel is not None:
        cancel.raise_if_cancelled()
    limit = int(
        min(
            getattr(tokenizer, "model_max_length", 1024) or 1024,
            getattr(model.config, "max_position_embeddings", 1024),
        )
    )
    inputs = tokenizer([english], return_tensors="pt", truncation=True, max_length=limit)

    class _CancelCriteria(StoppingCriteria):
        """Stops generation at the next token once the user cancels."""

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            stop = cancel is not None and cancel.cancelled
            return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)

    with torch.inference_mode():
        output = model.generate(**inputs, stopping_criteria=StoppingCriteriaList([_CancelCriteria()]))
    if cancel is not None:
        cancel.raise_if_cancelled()
    return str(tokenizer.batch_decode(output, skip_special_tokens=True)[0])


def _fallback(doc: Document, translation: DocumentTranslation, max_sentences: int, why: str) -> Summary:
    base = summarize(doc, translation=translation)
    if len(base.sentences) > max_sentences:
        base = summarize(doc, sentences=max_sentences, translation=translation)
    return Summary(sentences=base.sentences, method=f"{EXTRACTIVE} ({why})", model=None)


def summarize_abstractive(
    doc: Document,
    translation: DocumentTranslation,
    *,
    model_dir: Path,
    max_sentences: int = 5,
    cancel: CancelToken | None = None,
) -> Summary:
    """A machine-written English summary of the translated ``doc``.

    Each line carries the source sentence ids it rests on and
    ``machine_written=True``. Raises :class:`BackendUnavailable` where torch
    is absent (the packaged build), :class:`ModelMissing` /
    :class:`ModelCorrupt` when the model folder is absent or unreadable, and
    :class:`~desktop.core.errors.Cancelled` when ``cancel`` is set. Falls back
    to the extractive summary (saying so in ``method``) when there is no
    English yet or the model writes nothing that rests on the article.
    """
    require_reference_stack("The machine-written summary", instead="use the extractive summary")
    model_dir = _check_model_dir(model_dir)
    if cancel is not None:
        cancel.raise_if_cancelled()
    english_ids = [s.id for s in doc.iter_sentences() if translation.text_for(s.id)]
    if not english_ids:
        return _fallback(doc, translation, max_sentences, "no English translation to summarise yet")
    english = " ".join((translation.text_for(i) or "").strip() for i in english_ids)
    generated = _generate(model_dir, english, cancel)
    lines = split_generated(generated)
    if not lines:
        return _fallback(doc, translation, max_sentences, "abstractive model produced no text")
    kept = [
        SummarySentence(text=line, source_ids=ids, machine_written=True, text_en=line)
        for line, ids in zip(lines, link_to_sources(lines, doc, translation), strict=True)
        if ids
    ][:max_sentences]
    if not kept:
        return _fallback(doc, translation, max_sentences, "abstractive output did not match the article")
    return Summary(sentences=tuple(kept), method=ABSTRACTIVE, model=model_dir.name)
