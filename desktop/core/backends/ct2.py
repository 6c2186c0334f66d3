"""The CTranslate2 backend: int8 Marian on the CPU, tokenised with sentencepiece directly.

This is the default path, and it must stay light: it imports ``ctranslate2``
(0.1 s) and ``sentencepiece`` and nothing from torch or transformers (2-4 s),
so the first translated sentence of a cold start is not held up. A test runs
it in a fresh interpreter and checks that ``torch`` was never imported.

Tokenisation mirrors ``MarianTokenizer``: source pieces from ``source.spm``
plus ``</s>`` in, target pieces decoded with ``target.spm`` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.core.backends import DEFAULT_MAX_TOKENS, Hypothesis, ModelRef
from desktop.core.errors import BackendUnavailable, ModelCorrupt

EOS = "</s>"
_SPECIAL = frozenset({"</s>", "<unk>", "<pad>"})


class CT2Backend:
    """Translate with ``ctranslate2.Translator`` on a converted model folder."""

    name = "ct2"

    def __init__(self, model: ModelRef, ct2_dir: Path, *, compute_type: str = "int8", threads: int = 0) -> None:
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
        source_spm = _first_file(ct2_dir / "source.spm", model.path / "source.spm")
        target_spm = _first_file(ct2_dir / "target.spm", model.path / "target.spm")
        self._source = spm.SentencePieceProcessor(model_file=str(source_spm))
        self._target = spm.SentencePieceProcessor(model_file=str(target_spm))
        try:
            self._translator = ctranslate2.Translator(
                str(ct2_dir), device="cpu", compute_type=compute_type, intra_threads=max(0, threads)
            )
        except (RuntimeError, ValueError) as exc:
            # A truncated model.bin raises "Unexpected end of file" or similar.
            raise ModelCorrupt(f"The CTranslate2 model in {ct2_dir} cannot be loaded: {exc}") from exc

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
        if not sentences:
            return []
        source = [pieces + [EOS] for pieces in self._source.encode(list(sentences), out_type=str)]
        longest = max(max_lengths)
        results = self._translator.translate_batch(
            source,
            beam_size=beam_size,
            max_batch_size=0,
            return_scores=True,
            max_input_length=self.max_tokens,
            max_decoding_length=longest,
            min_decoding_length=min(min_length, longest),
        )
        out: list[Hypothesis] = []
        for result, cap in zip(results, max_lengths, strict=True):
            pieces = list(result.hypotheses[0])[:cap]
            score = float(result.scores[0]) if result.scores else 0.0
            out.append(Hypothesis(text=self.detokenize(pieces), score=min(0.0, score), tokens=len(pieces)))
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
