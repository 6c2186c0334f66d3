"""The transformers backend: MarianMTModel on torch, the reference implementation.

Slower to import (torch ~2.5 s) and to run than CTranslate2, but it is what
the model was published for, so it is the yardstick the ct2 path is checked
against and the fallback when a model has no usable ct2 conversion.

Loading is offline (``local_files_only``) and safe: weights come from
``model.safetensors``, or from ``pytorch_model.bin`` through
``torch.load(weights_only=True)`` -- never an unrestricted pickle.

Two deliberate differences from ``model.generate()``'s defaults, so the two
backends mean the same thing by a length cap: the forced ``</s>`` at the
length limit is switched off (CTranslate2 does not force it), and the caps
come from the engine (``max_lengths``), not from ``generation_config.json``.
"""

from __future__ import annotations

import pickle  # only for its exception type: weights are never unpickled unrestricted
import warnings
from collections.abc import Sequence
from typing import Any

from desktop.core.errors import BackendUnavailable, ModelCorrupt
from desktop.core.translate.backends import DEFAULT_MAX_TOKENS, Hypothesis, ModelRef
from desktop.core.wordlinks import links_from_tokens

#: The cross-attention head the word links read: the first head of the last
#: decoder layer, as CTranslate2 returns it (its ``alignment_heads=1`` default
#: for converted models), so the two backends link the same words.
ALIGNMENT_HEAD = 0


def default_torch_threads() -> int:
    """All cores but one (at least one).

    torch's own default (every core) collapses when anything else wants the
    CPU -- the GUI, a browser, a second job: on a 2-core laptop with some
    background load, beam search ran 12x slower on two threads than on one
    (bench/translate_bench.py). Leaving a core free keeps the app responsive
    and the speed predictable.
    """
    import os

    return max(1, (os.cpu_count() or 2) - 1)


class HFBackend:
    """Translate with transformers' ``MarianMTModel`` and ``MarianTokenizer``."""

    name = "hf"

    def __init__(self, model: ModelRef, *, threads: int = 0) -> None:
        try:
            import torch
            import transformers
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError as exc:
            raise BackendUnavailable(
                f"The transformers backend needs torch and transformers ({exc.name} is missing)"
            ) from exc
        transformers.logging.set_verbosity_error()
        torch.set_num_threads(threads if threads > 0 else default_torch_threads())
        self.model = model
        self.fallback_reason: str | None = None
        path = model.path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses" -- harmless for bg/en
            self._tokenizer = MarianTokenizer.from_pretrained(str(path), local_files_only=True)
        try:
            if (path / "model.safetensors").is_file():
                # float32 whatever the checkpoint's dtype: opus-mt-tc-big ships
                # float16 weights, and float16 arithmetic on a CPU is slow and
                # drifts from CTranslate2's (which computes in float32 or int8).
                self._model = MarianMTModel.from_pretrained(
                    str(path), local_files_only=True, use_safetensors=True, dtype=torch.float32
                )
            else:
                self._model = _from_pickle_safely(MarianMTModel, path)
        except (OSError, RuntimeError, ValueError, KeyError, pickle.UnpicklingError) as exc:
            raise ModelCorrupt(
                f"The model in {path} cannot be loaded: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                hint=f"Run `dragoman models verify {model.name}` to check the install, or reinstall the model.",
            ) from exc
        self._model.eval()
        # The word links read the cross-attention weights, which the fused
        # (sdpa) attention never materialises; Marian's eager attention does.
        self._model.set_attn_implementation("eager")
        # generate() fills unset options from the model's own generation config,
        # so the forced </s> at the length limit is switched off there.
        self._model.generation_config.forced_eos_token_id = None
        config = self._model.config
        self.max_tokens = int(
            getattr(config, "max_position_embeddings", DEFAULT_MAX_TOKENS) or DEFAULT_MAX_TOKENS
        )
        self._pad = int(config.pad_token_id if config.pad_token_id is not None else -1)
        # </s> is not id 0 in every model (opus-mt-tc-big's is 44513): the
        # config's id, else the tokenizer's, never a guess.
        eos = config.eos_token_id if isinstance(config.eos_token_id, int) else self._tokenizer.eos_token_id
        self._eos = int(eos)
        # The same output restriction as the ct2 conversion's vocabulary map
        # (desktop.core.models.target_vocab), so the two backends keep agreeing.
        self._suppressed = _suppressed_ids(self._tokenizer, path)
        self.restricted_output = bool(self._suppressed)

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        ids = self._tokenizer(list(sentences), add_special_tokens=True)["input_ids"]
        return [len(x) for x in ids]

    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        beam_size: int,
        max_lengths: Sequence[int],
        min_length: int = 0,
    ) -> list[Hypothesis]:
        if not sentences:
            return []
        import torch

        longest = max(max_lengths)
        batch = self._tokenizer(list(sentences), return_tensors="pt", padding=True)
        generation = self._generation_config(
            beam_size=beam_size, max_new=longest, min_new=min(min_length, longest)
        )
        # Greedy search: the cross-attention of each step comes back with the
        # output (the word links). Beam search gets it, with each token's
        # probability, from the teacher-forced pass that scores it (:meth:`_rescore`).
        generation.output_attentions = beam_size == 1
        recorder = _ChosenLogProb() if beam_size == 1 else None
        processors: list[Any] = [_Renormalise()] if self._suppressed else []
        if recorder is not None:
            processors.append(recorder)
        with torch.inference_mode():
            out = self._model.generate(**batch, generation_config=generation, logits_processor=processors or None)
        step_logps = recorder.per_sequence() if recorder is not None else None
        kept: list[list[int]] = []
        ended: list[bool] = []
        for row, cap in zip(out.sequences.tolist(), max_lengths, strict=True):
            ids: list[int] = []
            finished = False
            for token in row[1:]:  # drop the decoder start token
                if token in (self._pad, self._eos):
                    finished = token == self._eos
                    break
                ids.append(token)
            kept.append(ids[:cap])
            ended.append(finished and len(ids) <= cap)
        attentions: list[list[list[float]]]
        if step_logps is not None:
            # Greedy: mean over the kept tokens plus the closing </s> when the model chose it.
            scores = [
                _mean(step_logps[i][: len(ids) + (1 if end else 0)])
                for i, (ids, end) in enumerate(zip(kept, ended, strict=True))
            ]
            token_logps = [step_logps[i][: len(ids)] for i, ids in enumerate(kept)]
            attentions = _step_attention(out.cross_attentions, [len(ids) for ids in kept])
        else:
            scores, token_logps, attentions = self._rescore(batch, kept, ended)
        results: list[Hypothesis] = []
        for i, (ids, score) in enumerate(zip(kept, scores, strict=True)):
            text = self._tokenizer.decode(ids, skip_special_tokens=True)
            source_ids = [t for t in batch["input_ids"][i].tolist() if t != self._pad]
            links = links_from_tokens(
                self._tokenizer.convert_ids_to_tokens(source_ids),
                self._tokenizer.convert_ids_to_tokens(ids),
                attentions[i],
                token_logps[i],
            )
            results.append(Hypothesis(text=text, score=min(0.0, float(score)), tokens=len(ids), links=links))
        return results

    def _rescore(
        self, batch: Any, kept: list[list[int]], ended: list[bool], *, chunk: int = 8
    ) -> tuple[list[float], list[list[float]], list[list[list[float]]]]:
        """Mean log-probability of each chosen output, by one teacher-forced pass per few sentences.

        The same pass gives each token's log-probability and the decoder's
        last-layer cross-attention (:data:`ALIGNMENT_HEAD`): word confidence and word links.

        Beam search's own scores need ``output_scores``, which keeps a
        full-vocabulary tensor per step and beam -- gigabytes for a batch of
        long sentences with a 60k vocabulary. Re-scoring the final outputs
        costs one parallel forward pass and a few MB.
        """
        import torch

        start = int(self._model.config.decoder_start_token_id)
        scores: list[float] = []
        token_logps: list[list[float]] = []
        attentions: list[list[list[float]]] = []
        for lo in range(0, len(kept), chunk):
            targets = [
                ids + ([self._eos] if end else [])
                for ids, end in zip(kept[lo : lo + chunk], ended[lo : lo + chunk], strict=True)
            ]
            width = max(1, max(len(t) for t in targets))
            decoder_in = torch.full(
                (len(targets), width), self._pad if self._pad >= 0 else start, dtype=torch.long
            )
            labels = torch.full((len(targets), width), -1, dtype=torch.long)
            for j, t in enumerate(targets):
                prefix = [start, *t[:-1]] if t else [start]
                decoder_in[j, : len(prefix)] = torch.tensor(prefix)
                if t:
                    labels[j, : len(t)] = torch.tensor(t)
            with torch.inference_mode():
                forward = self._model(
                    input_ids=batch["input_ids"][lo : lo + chunk],
                    attention_mask=batch["attention_mask"][lo : lo + chunk],
                    decoder_input_ids=decoder_in,
                    output_attentions=True,
                )
                logits = forward.logits
                logits = logits.float()
                if self._suppressed:
                    logits[..., self._suppressed] = float("-inf")
                logp = logits.log_softmax(dim=-1)
                mask = labels >= 0
                picked = logp.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1) * mask
                means = picked.sum(-1) / mask.sum(-1).clamp(min=1)
            scores.extend(float(x) for x in means.tolist())
            cross = forward.cross_attentions[-1].float()[:, ALIGNMENT_HEAD]  # (batch, target, source)
            for j, t in enumerate(kept[lo : lo + chunk]):
                token_logps.append([float(x) for x in picked[j, : len(t)].tolist()])
                attentions.append(cross[j, : len(t)].tolist())
        return scores, token_logps, attentions

    def _generation_config(self, *, beam_size: int, max_new: int, min_new: int) -> Any:
        import copy

        generation = copy.deepcopy(self._model.generation_config)
        generation.num_beams = beam_size
        generation.do_sample = False
        generation.max_new_tokens = max_new
        generation.max_length = None
        generation.min_new_tokens = min_new or None
        generation.forced_eos_token_id = None
        # Stop a sentence's beam search once its best hypothesis has ended at
        # </s>, as CTranslate2 does; transformers' default searches on and
        # returned a longer translation than the ct2 backend whenever a
        # sentence ended before its cap (tests/core/test_tcbig_traits.py).
        generation.early_stopping = True
        generation.return_dict_in_generate = True
        generation.output_scores = False  # a full-vocabulary tensor per step: gigabytes for a batch
        generation.num_return_sequences = 1
        generation.suppress_tokens = self._suppressed or None
        return generation


def _suppressed_ids(tokenizer: Any, path: Any) -> list[int]:
    """Ids outside the target pieces (``[]`` when the output is not restricted)."""
    from desktop.core.models.target_vocab import suppressed_ids

    vocab = getattr(tokenizer, "encoder", None)
    target_spm = path / "target.spm"
    if not isinstance(vocab, dict) or not target_spm.is_file():
        return []
    return suppressed_ids(vocab, target_spm)


def _from_pickle_safely(model_class: Any, path: Any) -> Any:
    """Build the model from config.json and a ``pytorch_model.bin`` read with ``weights_only=True``."""
    import torch
    from transformers import MarianConfig

    config = MarianConfig.from_pretrained(str(path), local_files_only=True)
    model = model_class(config)
    state = torch.load(path / "pytorch_model.bin", map_location="cpu", weights_only=True)
    missing, _unexpected = model.load_state_dict(state, strict=False)
    model.tie_weights()
    real_missing = [
        k for k in missing if "embed_positions" not in k and "lm_head" not in k and "embed_tokens" not in k
    ]
    if real_missing:
        raise ValueError(f"pytorch_model.bin lacks {len(real_missing)} weights, e.g. {real_missing[0]}")
    return model


def _step_attention(cross: Any, lengths: list[int]) -> list[list[list[float]]]:
    """Per sequence, one row per generated token: greedy search's last-layer cross-attention (:data:`ALIGNMENT_HEAD`).

    ``cross`` is generate()'s ``cross_attentions``: per step, per layer, a
    ``(batch, heads, 1, source)`` tensor.
    """
    if not cross:
        return [[] for _ in lengths]
    import torch

    steps = torch.stack([layers[-1].float()[:, ALIGNMENT_HEAD, 0, :] for layers in cross], dim=1)
    return [steps[i, :n].tolist() for i, n in enumerate(lengths)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


class _Renormalise:
    """A logits processor, run after the suppression, that renormalises over the allowed pieces.

    Beam search takes the log-softmax *before* the processors, so suppressed
    pieces would still count in each hypothesis' normaliser; CTranslate2's
    vocabulary map leaves them out altogether. Renormalising makes both
    backends score hypotheses over the same distribution (for greedy search
    it changes nothing: the arg-max is the same).
    """

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        return scores.float().log_softmax(dim=-1).to(scores.dtype)


class _ChosenLogProb:
    """A logits processor, run last, that records the log-probability greedy search picks.

    Greedy search takes the arg-max of the processed scores, so the chosen
    token's log-probability is the row maximum of their log-softmax: one float
    per sequence and step instead of ``output_scores``' whole vocabulary.
    """

    def __init__(self) -> None:
        self.steps: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        self.steps.append(scores.float().log_softmax(dim=-1).max(dim=-1).values)
        return scores

    def per_sequence(self) -> list[list[float]]:
        if not self.steps:
            return []
        import torch

        return [[float(x) for x in row] for row in torch.stack(self.steps, dim=1).tolist()]
