"""The decoder's output vocabulary: only pieces the target tokeniser can produce.

OPUS-MT models share one vocabulary between encoder and decoder: opus-mt-bg-en's
61,708 entries are the union of its Bulgarian and English sentencepiece
models (about 32,000 pieces each, "spm32k"). The decoder was trained only on
English text cut by ``target.spm``, so the Cyrillic-only half of its output
layer is never the right answer -- yet every decoding step multiplies the
hidden state by all 61,708 rows, and that projection is the largest single
cost of a step on a CPU (bench/translate_bench.py).

So both backends restrict the output to the *target pieces*: the entries of
``vocab.json`` that ``target.spm`` knows, plus ``</s>`` and ``<unk>``.

* ct2: the conversion writes them as CTranslate2's vocabulary map
  (``vmap.txt``, one line with an empty source n-gram: "always candidates"),
  and the backend translates with ``use_vmap=True``; the projection then has
  about half the rows.
* hf: the same entries stay open and every other id is suppressed
  (``suppress_tokens``), then the scores are renormalised over what is
  left, as CTranslate2 does: greedy search agrees token for token (tested),
  beam search scores hypotheses over the same distribution.

The log-probabilities are renormalised over the allowed pieces; for a trained
model the excluded pieces carry next to no probability, so the choice of
words is unchanged (and on any model the greedy choice is the same as an
unrestricted decoder's whenever that decoder would have picked a target
piece). A model whose ``target.spm`` barely overlaps its vocabulary (not a
Marian model as Helsinki-NLP ships them) is left unrestricted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

log = logging.getLogger("dragoman.translate")

#: CTranslate2 reads a vocabulary map of this name from the model folder.
VMAP_NAME = "vmap.txt"
#: Always allowed, whatever the target tokeniser says.
SPECIAL_PIECES = ("</s>", "<unk>")
#: Below this share of ``target.spm`` found in the vocabulary, the files do not
#: fit together as expected and the output is not restricted.
MIN_COVERAGE = 0.5


def allowed_pieces(vocab: Mapping[str, int], target_pieces: Iterable[str]) -> list[str] | None:
    """The vocabulary entries the decoder may emit, in vocabulary order; ``None`` for "all".

    ``target_pieces`` are the pieces of ``target.spm`` (control and unknown
    pieces are ignored by the caller or harmlessly absent from ``vocab``).
    Returns ``None`` when fewer than :data:`MIN_COVERAGE` of them are in the
    vocabulary, or when restricting would exclude nothing.
    """
    pieces = [p for p in target_pieces if p]
    found = {p for p in pieces if p in vocab}
    if not pieces or len(found) < MIN_COVERAGE * len(pieces):
        log.info(
            "Output not restricted: only %d of %d target pieces are in the vocabulary", len(found), len(pieces)
        )
        return None
    found.update(p for p in SPECIAL_PIECES if p in vocab)
    if len(found) >= len([t for t in vocab if t != "<pad>"]):
        return None
    return sorted(found, key=lambda p: vocab[p])


def spm_pieces(spm_path: Path) -> list[str]:
    """Every normal piece of a sentencepiece model (no control or unknown pieces)."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_path))
    return [
        sp.id_to_piece(i)
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i) or sp.is_unused(i))
    ]


def suppressed_ids(vocab: Mapping[str, int], target_spm: Path) -> list[int]:
    """Ids the hf backend must never emit: everything outside :func:`allowed_pieces` (``[]``: none)."""
    allowed = allowed_pieces(vocab, spm_pieces(target_spm))
    if allowed is None:
        return []
    keep = {vocab[p] for p in allowed}
    return sorted({i for i in vocab.values() if i not in keep})


def write_vmap(ct2_dir: Path, vocab: Mapping[str, int], target_spm: Path) -> bool:
    """Write CTranslate2's ``vmap.txt`` into ``ct2_dir`` restricting the output; ``False`` if not restricted.

    One line: an empty source n-gram, a tab, then the allowed pieces
    separated by spaces (sentencepiece pieces never contain a space; the
    word-boundary mark is ``▁``). CTranslate2 adds ``</s>`` and ``<unk>``
    itself; they are listed anyway.
    """
    allowed = allowed_pieces(vocab, spm_pieces(target_spm))
    if allowed is None:
        return False
    (ct2_dir / VMAP_NAME).write_text("\t" + " ".join(allowed) + "\n", encoding="utf-8")
    return True


def has_vmap(ct2_dir: Path) -> bool:
    return (ct2_dir / VMAP_NAME).is_file()
