"""The CTranslate2 backend: int8 Marian on the CPU, tokenised with sentencepiece directly.

This is the default path, and it must stay light: it imports ``ctranslate2``
(0.1 s) and ``sentencepiece`` and nothing from torch or transformers (2-4 s),
so the first translated sentence of a cold start is not held up. A test runs
it in a fresh interpreter and checks that ``torch`` was never imported.

Tokenisation mirrors ``MarianTokenizer``: source pieces from ``source.spm``
plus ``</s>`` in, target pieces decoded with ``target.spm`` out.

Threads: a decoding step streams the int8 weights whatever the batch, and
one OpenMP team spread over every core waits for its slowest thread at each
of the many small steps -- so a core taken by another program stalls them
all. On this project's 2-core machine two single-thread workers beat one
two-thread team by ~30% on beam 4 and ~15% greedy (bench/translate_bench.py).
So the translator runs :func:`thread_layout`'s workers: two batches at a time
(``inter_threads``), the cores split between them (``intra_threads``). The
job keeps :attr:`CT2Backend.parallel_batches` batches in flight;
``translate_batch`` may be called from that many threads at once
(CTranslate2 releases the GIL while it decodes).

A batch that has the machine to itself -- the headline, decoded first --
goes to a second, solo translator with every core in one team
(:meth:`CT2Backend.translate_alone`): on two cores a beam-4 headline takes
~0.3 s instead of ~0.5. It costs a second copy of the weights (~75 MB for
opus-mt-bg-en). Only the copy the job needs first is read at load
(``first_batch_alone``: the solo one for the quality profile, the workers'
for the fast one, which never decodes alone); the other when the job says
more batches follow (:meth:`CT2Backend.prefetch`, after the headline) or on
first use.

Output: with the conversion's vocabulary map the decoder emits only target
pieces (:mod:`desktop.core.models.target_vocab`), about half the projection.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.core.errors import BackendUnavailable, ModelCorrupt
from desktop.core.models.target_vocab import has_vmap
from desktop.core.translate.backends import DEFAULT_MAX_TOKENS, Hypothesis, ModelRef
from desktop.core.wordlinks import links_from_tokens

EOS = "</s>"
_SPECIAL = frozenset({"</s>", "<unk>", "<pad>"})
#: Sentences scored at once for beam search's per-token probabilities (bounds the memory).
SCORE_CHUNK = 4
#: Batches decoded at once by default (CTranslate2 ``inter_threads``).
MAX_PARALLEL_BATCHES = 2


def thread_layout(threads: int = 0, cores: int | None = None) -> tuple[int, int]:
    """``(inter_threads, intra_threads)`` for ``threads`` CPU threads in all (0: every core).

    Up to :data:`MAX_PARALLEL_BATCHES` single-team workers, the threads
    shared out between them: 1 -> (1, 1), 2 -> (2, 1), 4 -> (2, 2),
    8 -> (2, 4). Independent workers need no barrier between cores, so a
    core taken by another program slows one batch instead of every step.
    """
    total = threads if threads > 0 else (cores if cores is not None else os.cpu_count() or 1)
    total = max(1, total)
    inter = min(MAX_PARALLEL_BATCHES, total)
    return inter, max(1, total // inter)


def machine_busy() -> bool:
    """True when other programs keep the cores busy (1-minute load average within half a core of them all)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every platform
        return False
    return load > (os.cpu_count() or 1) - 0.5


class CT2Backend:
    """Translate with ``ctranslate2.Translator`` on a converted model folder."""

    name = "ct2"

    def __init__(
        self,
        model: ModelRef,
        ct2_dir: Path,
        *,
        compute_type: str = "int8",
        threads: int = 0,
        first_batch_alone: bool = True,
        word_links: bool = True,
    ) -> None:
        try:
            import ctranslate2
            import sentencepiece as spm
        except ImportError as exc:  # a trimmed install without the runtime
            raise BackendUnavailable(f"CTranslate2 is not installed ({exc.name})") from exc
        self.model = model
        self.ct2_dir = ct2_dir
        self.compute_type = compute_type
        self.fallback_reason: str | None = None
        self.max_tokens = DEFAULT_MAX_TOKENS
        #: Return word links and word confidence with each translation (off only to measure their cost).
        self.word_links = word_links
        inter, intra = thread_layout(threads)
        #: How many ``translate_batch`` calls may usefully run at once (the job keeps that many in flight).
        self.parallel_batches = inter
        #: Decode over the target pieces only (desktop.core.models.target_vocab): about half the projection.
        self.restricted_output = has_vmap(ct2_dir)
        source_spm = _first_file(ct2_dir / "source.spm", model.path / "source.spm")
        target_spm = _first_file(ct2_dir / "target.spm", model.path / "target.spm")
        # Two translators over the same files: a solo one that puts every core
        # on one batch -- the batch that has the machine to itself, the
        # headline (:meth:`translate_alone`) -- and the workers, ``inter``
        # batches at a time. CTranslate2 cannot change a translator's threads,
        # and a team wider than its share of cores stalls the other worker.
        # The one the job needs first is read now (~0.15 s, the GIL released)
        # while the tokenisers load (~0.1 s): the solo one when the first batch
        # runs alone (the quality profile), else the workers'. The other is
        # read when first needed, or in the background when the job says so
        # (:meth:`prefetch`), so that reading it never competes with the headline.
        self._layout: dict[str, tuple[int, int]] = {"solo": (1, inter * intra), "workers": (inter, intra)}
        self._ctranslate2 = ctranslate2
        self._lock = threading.Lock()
        self._translators: dict[str, Any] = {}
        # On a busy machine the headline goes to a worker (:meth:`translate_alone`),
        # so read the workers' translator first rather than one it will not use.
        first = "solo" if first_batch_alone and not machine_busy() else "workers"
        made: dict[str, Any] = {}

        def create() -> None:
            try:
                made["translator"] = self._make_translator(*self._layout[first])
            except BaseException as exc:  # handed to the constructor's thread below
                made["error"] = exc

        loader = threading.Thread(target=create, name="dragoman-ct2-load", daemon=True)
        loader.start()
        try:
            self._source = spm.SentencePieceProcessor(model_file=str(source_spm))
            self._target = spm.SentencePieceProcessor(model_file=str(target_spm))
        finally:
            loader.join()
        if "error" in made:
            raise made["error"]
        # One worker with every core: the solo translator and the workers' are the same.
        roles = self._layout if inter == 1 else (first,)
        self._translators.update(dict.fromkeys(roles, made["translator"]))

    def _make_translator(self, inter: int, intra: int) -> Any:
        try:
            return self._ctranslate2.Translator(
                str(self.ct2_dir),
                device="cpu",
                compute_type=self.compute_type,
                inter_threads=inter,
                intra_threads=intra,
            )
        except (RuntimeError, ValueError) as exc:
            # A truncated model.bin raises "Unexpected end of file" or similar.
            raise ModelCorrupt(f"The CTranslate2 model in {self.ct2_dir} cannot be loaded: {exc}") from exc

    def _translator(self, kind: str) -> Any:
        """The ``"solo"`` or ``"workers"`` translator, read on first use (callers wait for one reading)."""
        found = self._translators.get(kind)
        if found is not None:
            return found
        with self._lock:
            if kind not in self._translators:
                self._translators[kind] = self._make_translator(*self._layout[kind])
            return self._translators[kind]

    def prefetch(self) -> None:
        """Start reading the workers' translator in the background: ``translate_batch`` comes next.

        The job calls this once it knows more batches follow: after the
        headline in the quality profile, so that the read never competes
        with the headline (the fast profile reads the workers' at load).
        Not a daemon: the interpreter waits for a read in progress rather
        than tear CTranslate2 down under it.
        """
        if "workers" in self._translators:
            return

        def load() -> None:
            # On failure the next translate_batch reads it again and reports the error.
            with contextlib.suppress(Exception):
                self._translator("workers")

        threading.Thread(target=load, name="dragoman-ct2-workers").start()

    def tokenize(self, sentence: str) -> list[str]:
        return list(self._source.encode(sentence, out_type=str)) + [EOS]

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return [len(pieces) + 1 for pieces in self._source.encode(list(sentences), out_type=str)]

    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        beam_size: int,
        max_lengths: Sequence[int],
        min_length: int = 0,
    ) -> list[Hypothesis]:
        return self._decode(self._translator("workers"), sentences, beam_size, max_lengths, min_length)

    def translate_alone(
        self,
        sentences: Sequence[str],
        *,
        beam_size: int,
        max_lengths: Sequence[int],
        min_length: int = 0,
    ) -> list[Hypothesis]:
        """:meth:`translate_batch` for a batch with the machine to itself: every core on it.

        On two cores a beam-4 headline decodes in ~0.3 s instead of ~0.5
        (bench/translate_bench.py). Same output as :meth:`translate_batch`.
        """
        # One team over every core waits for its slowest thread at each step: when
        # another program holds a core, a headline took 5-10 s that way instead of
        # ~1 s on a worker (bench/progress_bench.py). Then a worker decodes it.
        kind = "workers" if machine_busy() else "solo"
        return self._decode(self._translator(kind), sentences, beam_size, max_lengths, min_length)

    def _decode(
        self,
        translator: Any,
        sentences: Sequence[str],
        beam_size: int,
        max_lengths: Sequence[int],
        min_length: int,
    ) -> list[Hypothesis]:
        if not sentences:
            return []
        source = [pieces + [EOS] for pieces in self._source.encode(list(sentences), out_type=str)]
        longest = max(max_lengths)
        # The job has already planned this batch (sorted by length, within a
        # token budget), so CTranslate2 must not split it again
        # (max_batch_size=0). One hypothesis, no alternatives, no unknown
        # replacement. The cross-attention comes back with the hypothesis
        # (the word links); greedy search reports each chosen token's
        # log-probability to a callback as it decodes (word confidence).
        # Beam search reports only the hypothesis' total, so there the
        # per-token probabilities come from one teacher-forced scoring of
        # the chosen output (``score_batch``: a parallel pass, no search;
        # its cost is the "attention and scores" row of bench/translate_bench.py).
        steps: dict[int, dict[int, float]] = {}

        def record(step: Any) -> bool:
            steps.setdefault(int(step.batch_id), {})[int(step.step)] = float(step.log_prob)
            return False

        results = translator.translate_batch(
            source,
            beam_size=beam_size,
            num_hypotheses=1,
            max_batch_size=0,
            return_scores=True,
            return_attention=self.word_links,
            return_alternatives=False,
            replace_unknowns=False,
            use_vmap=self.restricted_output,
            max_input_length=self.max_tokens,
            max_decoding_length=longest,
            min_decoding_length=min(min_length, longest),
            callback=record if self.word_links and beam_size == 1 else None,
        )
        kept = [list(result.hypotheses[0])[:cap] for result, cap in zip(results, max_lengths, strict=True)]
        log_probs: list[list[float]] = []
        if self.word_links:
            if beam_size == 1:
                log_probs = [[steps.get(i, {}).get(t, 0.0) for t in range(len(p))] for i, p in enumerate(kept)]
            else:
                # A few sentences at a time: scoring computes the whole vocabulary's
                # distribution at every position (no vocabulary map), ~250 MB for a
                # 16-sentence batch of opus-mt-bg-en in one go.
                scored = translator.score_batch(
                    source, kept, max_batch_size=SCORE_CHUNK, max_input_length=self.max_tokens
                )
                log_probs = [list(r.log_probs)[: len(p)] for r, p in zip(scored, kept, strict=True)]
        out: list[Hypothesis] = []
        for i, (result, pieces) in enumerate(zip(results, kept, strict=True)):
            score = float(result.scores[0]) if result.scores else 0.0
            links = None
            if self.word_links and result.attention:
                links = links_from_tokens(source[i], pieces, list(result.attention[0])[: len(pieces)], log_probs[i])
            out.append(
                Hypothesis(text=self.detokenize(pieces), score=min(0.0, score), tokens=len(pieces), links=links)
            )
        return out

    def detokenize(self, pieces: Sequence[str]) -> str:
        """Target pieces to text exactly as ``MarianTokenizer.decode(skip_special_tokens=True)`` does.

        Special tokens are dropped, pieces the target model does not know keep
        their word-boundary mark, which becomes a space.
        """
        kept = [p for p in pieces if p not in _SPECIAL]
        return str(self._target.decode_pieces(kept)).replace("▁", " ").strip()


def _first_file(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_file():
            return c
    return candidates[-1]
