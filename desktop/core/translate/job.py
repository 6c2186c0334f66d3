"""The translation job: a document's sentences in, English sentences out, batch by batch.

Stages, as in transformers' pipelines and argos-translate: look the sentences
up in the translation memory, split the few that exceed the model's input
limit, tokenise and sort by length, translate in token-bounded batches, and
hand each finished batch to the caller at once (the GUI fills the English pane
while the rest is still running). The result is in document order whatever
order the batches ran in.

Guarantees a journalist relies on:

* **Nothing is silently cut.** Marian models read at most 512 tokens; a
  longer sentence is split at clause boundaries (``; : , —``, then spaces),
  its parts translated and the translations joined again.
* **No runaway output.** Each sentence's translation is capped at
  ``min(512, 2 x source tokens + 10)`` target tokens, so a model that starts
  looping stops at a length a reader will notice and QA flags, instead of
  filling the pane.
* **Every sentence has a score**: the mean log-probability per target token
  (<= 0), which QA uses to flag doubtful sentences.
* **Nothing is translated twice**: repeated sentences in a document are
  translated once, and with a :class:`~desktop.core.translate.memory.TranslationMemory`
  a sentence seen before (same model, revision, backend and profile) is served
  from memory. A journalist's post-edit always wins.

Heavy libraries are imported by the backends when a model is loaded, never by
importing this module.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from desktop.core.document import Document
from desktop.core.errors import Cancelled, ModelWrongLanguage
from desktop.core.jobs import CancelToken, Progress, RateMeter, run_job
from desktop.core.translate.backends import (
    BACKENDS,
    DEFAULT_BACKEND,
    TranslationBackend,
    load_backend,
    resolve_model,
)
from desktop.core.translate.memory import MemoryKey, TranslationMemory, normalise_source
from desktop.core.translate.pacing import HEARTBEAT_S, Pace, run_batches
from desktop.core.translate.profiles import (
    DEFAULT_PROFILE,
    MAX_BATCH_SENTENCES,
    MAX_BATCH_TOKENS,
    decoding_profile,
    output_cap,
)
from desktop.core.translation import (
    TITLE_ID,
    TITLE_INDEX,
    DocumentTranslation,
    TranslatedSentence,
    headline_of,
)
from desktop.core.wordlinks import WordLinks, join_links

log = logging.getLogger("dragoman.translate")

LANGUAGE_NAMES = {"bg": "Bulgarian", "en": "English", "ru": "Russian", "de": "German", "fr": "French"}

STAGE = "translate"
# --- splitting over-long sentences ------------------------------------------------

#: Where a sentence may be cut, best first: clause punctuation, then dashes,
#: then any space. Each pattern matches the cut *after* the separator.
_SPLIT_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"\s+(?=[—–-]\s)"),
    re.compile(r"\s+"),
)


def split_long_sentence(text: str, count_tokens: Callable[[Sequence[str]], list[int]], limit: int) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` tokens each, at the best boundaries available.

    Joining the parts with single spaces gives back the text (whitespace
    collapsed): nothing is dropped. A sentence within the limit comes back
    whole.
    """
    if count_tokens([text])[0] <= limit:
        return [text]
    return _split(text, count_tokens, limit, 0)


def _split(text: str, count: Callable[[Sequence[str]], list[int]], limit: int, level: int) -> list[str]:
    if level >= len(_SPLIT_LEVELS):
        return _split_chars(text, count, limit)
    parts = [p for p in _SPLIT_LEVELS[level].split(text.strip()) if p]
    if len(parts) <= 1:
        return _split(text, count, limit, level + 1)
    sizes = count(parts)
    chunks: list[str] = []
    current: list[str] = []
    current_size = 1  # the closing </s>
    for part, size in zip(parts, sizes, strict=True):
        body = size - 1
        if size > limit:
            if current:
                chunks.append(" ".join(current))
                current, current_size = [], 1
            chunks.extend(_split(part, count, limit, level + 1))
            continue
        if current and current_size + body > limit:
            chunks.append(" ".join(current))
            current, current_size = [], 1
        current.append(part)
        current_size += body
    if current:
        chunks.append(" ".join(current))
    # Sub-word merges across a join can add a token or two: re-check each chunk.
    out: list[str] = []
    for chunk, size in zip(chunks, count(chunks), strict=True):
        out.extend([chunk] if size <= limit else _split(chunk, count, limit, level + 1))
    return out


def _split_chars(text: str, count: Callable[[Sequence[str]], list[int]], limit: int) -> list[str]:
    """Last resort for a 'word' longer than the limit (a URL, a hash): cut by characters."""
    out: list[str] = []
    rest = text
    while rest:
        n = len(rest)
        while n > 1 and count([rest[:n]])[0] > limit:
            n = max(1, n * 3 // 4)
        out.append(rest[:n])
        rest = rest[n:]
    return out


# --- the job -------------------------------------------------------------------------------


@dataclass
class _Unit:
    """One piece of one distinct sentence, as the backend sees it."""

    key: str  # normalised source
    part: int
    text: str
    tokens: int


@dataclass
class _Pending:
    """A distinct sentence still being translated (maybe in several parts)."""

    parts: list[str]
    results: dict[int, tuple[str, float, int]] = field(default_factory=dict)
    links: dict[int, WordLinks | None] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.parts)

    def joined(self) -> tuple[str, float]:
        texts = [self.results[i][0] for i in range(len(self.parts))]
        weights = [max(1, self.results[i][2]) for i in range(len(self.parts))]
        scores = [self.results[i][1] for i in range(len(self.parts))]
        score = sum(s * w for s, w in zip(scores, weights, strict=True)) / sum(weights)
        return " ".join(t for t in texts if t), min(0.0, score)

    def joined_links(self) -> WordLinks | None:
        return join_links([self.links.get(i) for i in range(len(self.parts))])


@dataclass(frozen=True)
class _Item:
    sentence_id: str
    index: int
    source: str


def translate_document_job(
    doc: Document,
    *,
    model: object = None,
    backend: str | TranslationBackend = DEFAULT_BACKEND,
    profile: str = DEFAULT_PROFILE,
    memory: TranslationMemory | None = None,
    cancel: CancelToken | None = None,
    threads: int = 0,
    target_lang: str = "en",
    max_batch_tokens: int | None = None,
) -> Generator[Progress, None, DocumentTranslation]:
    """Translate ``doc`` sentence by sentence; a generator of progress events returning the translation.

    ``model`` is an installed model's name, a path to a Hugging Face Marian
    folder, an ``InstalledModel``, or None for the default installed model.
    ``backend`` is ``"ct2"`` (default; falls back to ``"hf"`` with a logged
    reason) or ``"hf"``, or an already loaded backend (the GUI keeps one
    between documents; ``model`` is then ignored).

    The headline (``doc.title``, when the article has one: see
    :func:`~desktop.core.translation.headline_of`) is translated too, first:
    it comes back as the sentence :data:`~desktop.core.translation.TITLE_ID`
    and ends up in the result's ``title``.

    Events (all ``stage="translate"``, ``total`` = sentences to translate,
    the headline counted):

    1. one event with ``done=0`` while the model loads (no payload);
    2. when some sentences come from the memory, one event whose payload is
       those sentences;
    3. one event after **each** finished batch, whose ``payload`` is the
       list of :class:`TranslatedSentence` finished by that batch (document
       order), ``rate`` the source words per second so far. The first batch
       holds only the document's first untranslated sentence (usually the
       headline; in the quality profile it runs with the machine to itself),
       so English appears at once; the others are grouped by length, at most
       ``max_batch_tokens`` source tokens (padding included) each (default:
       the profile's budget) and the profile's ``max_batch_sentences``,
       shortest first. With a backend that decodes several batches at once
       (``parallel_batches``, CTranslate2 on 2+ cores) that many batches are
       in flight, the longest started first, and events come in the order
       batches finish.

    Cancelling: ``cancel`` is checked before each batch starts and before
    each event. Once it is set the job yields nothing more: batches still
    decoding (several with ``parallel_batches``) are let finish and dropped,
    then :class:`~desktop.core.errors.Cancelled` is raised. Everything
    yielded before is what was done, and the memory holds exactly that:
    translating again resumes where it stopped.

    Raises :class:`ModelWrongLanguage` when the model translates another
    language pair than ``doc.language`` -> ``target_lang``.
    """
    items = [_Item(s.id, s.index, s.text) for s in doc.iter_sentences()]
    title = headline_of(doc)
    if title is not None:
        items.insert(0, _Item(TITLE_ID, TITLE_INDEX, title))
    return (
        yield from _translate_items(
            items,
            source_lang=doc.language,
            target_lang=target_lang,
            model=model,
            backend=backend,
            profile=profile,
            memory=memory,
            cancel=cancel,
            threads=threads,
            max_batch_tokens=max_batch_tokens,
        )
    )


def translate_sentences(
    texts: Sequence[str],
    *,
    model: object = None,
    backend: str | TranslationBackend = DEFAULT_BACKEND,
    profile: str = DEFAULT_PROFILE,
    memory: TranslationMemory | None = None,
    threads: int = 0,
    source_lang: str = "bg",
    target_lang: str = "en",
    max_batch_tokens: int | None = None,
) -> list[TranslatedSentence]:
    """Translate loose sentences (ids ``s1``, ``s2`` ...) and return them in the given order."""
    items = [_Item(f"s{i + 1}", i, t) for i, t in enumerate(texts)]
    job = _translate_items(
        items,
        source_lang=source_lang,
        target_lang=target_lang,
        model=model,
        backend=backend,
        profile=profile,
        memory=memory,
        cancel=None,
        threads=threads,
        max_batch_tokens=max_batch_tokens,
    )
    return list(run_job(job).sentences)


def check_language_pair(model: Any, source_lang: str, target_lang: str) -> None:
    """Raise :class:`ModelWrongLanguage` when ``model`` declares another pair than wanted.

    A model that declares nothing is given the benefit of the doubt.
    """
    src, tgt = model.source_lang, model.target_lang
    if (src and src != source_lang) or (tgt and tgt != target_lang):
        raise ModelWrongLanguage(
            f"The model {model.name} translates {_lang(src)} to {_lang(tgt)}, "
            f"but this text needs {_lang(source_lang)} to {_lang(target_lang)}",
            hint="Choose a model for that language pair with --model, or `dragoman models list`.",
        )


def _lang(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code or "", code or "an unknown language")


def _translate_items(
    items: list[_Item],
    *,
    source_lang: str,
    target_lang: str,
    model: object,
    backend: str | TranslationBackend,
    profile: str,
    memory: TranslationMemory | None,
    cancel: CancelToken | None,
    threads: int,
    max_batch_tokens: int | None,
) -> Generator[Progress, None, DocumentTranslation]:
    decoding = decoding_profile(profile)
    budget = max_batch_tokens if max_batch_tokens is not None else decoding.max_batch_tokens
    total = len(items)
    loaded = backend if not isinstance(backend, str) else None
    if isinstance(backend, str) and backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    ref = loaded.model if loaded is not None else resolve_model(model)
    check_language_pair(ref, source_lang, target_lang)
    pair = f"{source_lang}-{target_lang}"
    backend_name = loaded.name if loaded is not None else str(backend)

    by_key: dict[str, list[_Item]] = {}
    for item in items:
        by_key.setdefault(normalise_source(item.source), []).append(item)
    edits = memory.edits(by_key, pair=pair) if memory is not None and by_key else {}

    def remembered(name: str) -> dict[str, Any]:
        if memory is None or not by_key:
            return {}
        return memory.lookup(by_key, MemoryKey(ref.model_id, ref.revision, name, profile))

    cached = remembered(backend_name)
    if loaded is None and any(key and key not in cached for key in by_key):
        yield Progress(STAGE, 0, total, f"Loading {ref.name} ({backend_name})…")
        loaded = load_backend(ref, backend_name, threads=threads, first_batch_alone=decoding.first_alone)
        if loaded.name != backend_name:  # ct2 fell back to hf: another memory key
            backend_name = loaded.name
            cached = remembered(backend_name)
    result_meta: dict[str, Any] = {
        "model": ref.model_id,
        "revision": ref.revision,
        "backend": backend_name,
        "profile": profile,
    }

    def sentence(
        item: _Item, text: str, score: float | None, *, from_memory: bool, links: WordLinks | None = None
    ) -> TranslatedSentence:
        return TranslatedSentence(
            links=links,
            sentence_id=item.sentence_id,
            index=item.index,
            source=item.source,
            text=text,
            score=score,
            cached=from_memory,
            edited_text=edits.get(normalise_source(item.source)),
            **result_meta,
        )

    finished: list[TranslatedSentence] = []
    done = 0
    blank = by_key.get("", [])  # nothing to translate: never sent to a model
    if cached or blank:
        batch_out = [
            sentence(item, hit.text, hit.score, from_memory=True) for key, hit in cached.items() for item in by_key[key]
        ]
        batch_out.extend(sentence(item, "", 0.0, from_memory=False) for item in blank)
        batch_out.sort(key=lambda t: t.index)
        finished.extend(batch_out)
        done += len(batch_out)
        yield Progress(STAGE, done, total, f"{len(batch_out)} from memory", payload=batch_out)

    todo = [key for key in by_key if key and key not in cached]
    if todo:
        assert loaded is not None
        units, pending = _plan_units(todo, loaded)
        meter = RateMeter()
        # Reading order first: the document's first untranslated sentence (the
        # headline, usually) goes alone in the first batch, with the machine
        # to itself, so the reader sees English within a second of pressing
        # Translate; after a headline the lead sentence goes alone next. The
        # rest follows in efficient length-sorted batches.
        in_order = sorted(todo, key=lambda k: by_key[k][0].index)
        leading = in_order[: 1 + (decoding.lead_after_headline and by_key[in_order[0]][0].sentence_id == TITLE_ID)]
        limit = decoding.max_batch_sentences
        parallel = max(1, int(getattr(loaded, "parallel_batches", 1) or 1))
        rest = _batches([u for u in units if u.key not in leading], budget, limit)
        if parallel > 1:
            # Longest batches first, so that the workers run out of work
            # together instead of one decoding the longest batch alone at the end.
            rest.reverse()
        head = [batch for key in leading for batch in _batches([u for u in units if u.key == key], budget, limit)]
        batches = head + rest
        backend_ready = loaded

        # The first batch, when it runs alone, may use every core at once.
        solo = batches[0] if batches and decoding.first_alone and parallel > 1 else None
        translate_alone = getattr(backend_ready, "translate_alone", None)
        prefetch = getattr(backend_ready, "prefetch", None) if len(batches) > 1 else None
        if prefetch is not None and solo is None:
            prefetch()  # no solo batch: let the backend get ready for the shared ones now

        # Batches short enough to hand back English every couple of seconds,
        # whatever the machine's load (desktop.core.translate.pacing).
        pace = Pace(budget)

        def resize(batch: list[_Unit]) -> list[list[_Unit]]:
            allowed = pace.budget()
            return _batches(batch, allowed, limit) if _padded(batch) > allowed and len(batch) > 1 else [batch]

        def decode(batch: list[_Unit]) -> list[Any]:
            run = translate_alone if batch is solo and translate_alone is not None else backend_ready.translate_batch
            started = time.perf_counter()
            out = list(
                run(
                    [u.text for u in batch],
                    beam_size=decoding.beam_size,
                    max_lengths=[output_cap(u.tokens, backend_ready.max_tokens) for u in batch],
                )
            )
            if batch is not solo:  # the solo batch had every core: not the pace of a shared one
                pace.record(_padded(batch), time.perf_counter() - started)
            elif prefetch is not None:
                prefetch()  # the headline is done: the shared batches come next
            return out

        def cancelled() -> bool:
            return cancel is not None and cancel.cancelled

        try:
            with closing(
                run_batches(
                    batches,
                    decode,
                    parallel=parallel,
                    cancelled=cancelled,
                    solo_first=decoding.first_alone,
                    resize=resize,
                    heartbeat=HEARTBEAT_S,
                )
            ) as runs:
                for ran in runs:
                    if ran is None:  # still decoding: a live rate and the time so far
                        yield Progress(STAGE, done, total, f"{done}/{total} sentences", rate=meter.rate())
                        continue
                    batch, hyps = ran
                    completed: list[str] = []
                    for unit, hyp in zip(batch, hyps, strict=True):
                        entry = pending[unit.key]
                        entry.results[unit.part] = (hyp.text, hyp.score, hyp.tokens)
                        entry.links[unit.part] = getattr(hyp, "links", None)
                        if entry.done:
                            completed.append(unit.key)
                    batch_out = []
                    to_store: list[tuple[str, str, float | None]] = []
                    words = 0
                    for key in completed:
                        entry = pending.pop(key)
                        text, score = entry.joined()
                        links = entry.joined_links()
                        to_store.append((key, text, score))
                        words += len(key.split()) * len(by_key[key])
                        batch_out.extend(
                            sentence(item, text, score, from_memory=False, links=links) for item in by_key[key]
                        )
                    if memory is not None and to_store:
                        memory.store(to_store, MemoryKey(ref.model_id, ref.revision, backend_name, profile))
                    batch_out.sort(key=lambda t: t.index)
                    finished.extend(batch_out)
                    done += len(batch_out)
                    rate = meter.add(words)
                    yield Progress(STAGE, done, total, f"{done}/{total} sentences", rate=rate, payload=batch_out)
        except Cancelled:
            log.info("Translation cancelled after %d of %d sentences", done, total)
            raise
    return DocumentTranslation(sentences=tuple(finished), **result_meta)


def _plan_units(keys: list[str], backend: TranslationBackend) -> tuple[list[_Unit], dict[str, _Pending]]:
    """Tokenise each distinct sentence, splitting any that exceeds the model's input limit."""
    sources = list(keys)  # the normalised sentence: what the memory remembers it under
    counts = backend.count_tokens(sources)
    units: list[_Unit] = []
    pending: dict[str, _Pending] = {}
    for key, text, n in zip(keys, sources, counts, strict=True):
        if n <= backend.max_tokens:
            parts, sizes = [text], [n]
        else:
            parts = split_long_sentence(text, backend.count_tokens, backend.max_tokens)
            sizes = backend.count_tokens(parts)
            log.info("Split a %d-token sentence into %d parts", n, len(parts))
        pending[key] = _Pending(parts=parts)
        units.extend(_Unit(key, i, part, size) for i, (part, size) in enumerate(zip(parts, sizes, strict=True)))
    return units, pending


def plan_batches(
    token_counts: Sequence[int],
    max_batch_tokens: int = MAX_BATCH_TOKENS,
    max_sentences: int = MAX_BATCH_SENTENCES,
) -> list[list[int]]:
    """Group sentence indexes into batches of similar length, shortest first.

    A batch costs ``len(batch) x longest`` source tokens once padded; that is
    kept within ``max_batch_tokens`` (a sentence longer than the budget goes
    alone), and at most ``max_sentences`` sentences.
    """
    ordered = sorted(range(len(token_counts)), key=lambda i: (token_counts[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in ordered:
        n = token_counts[i]
        if current and ((len(current) + 1) * max(longest, n) > max_batch_tokens or len(current) >= max_sentences):
            batches.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, n)
    if current:
        batches.append(current)
    return batches


def _batches(units: list[_Unit], max_batch_tokens: int, max_sentences: int) -> list[list[_Unit]]:
    groups = plan_batches([u.tokens for u in units], max_batch_tokens, max_sentences)
    return [[units[i] for i in group] for group in groups]


def _padded(batch: list[_Unit]) -> int:
    """What a batch costs the decoder: sentences x the longest (shorter ones are padded)."""
    return len(batch) * max((u.tokens for u in batch), default=0)
