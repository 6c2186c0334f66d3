"""Sentence segmentation on UD Bulgarian BTB: pysbd alone against Dragoman's splitter.

Usage: .venv/bin/python bench/segment_eval.py [PATH.conllu]

PATH defaults to ../shared/eval/ud_bg_btb_dev.conllu beside the checkout. The
running text is rebuilt from the gold sentences exactly as the foundation
issue fixes it (see bench/evaluation/segmentation.py) and boundaries are compared
in non-space characters. pysbd alone should score about P 0.990 R 0.962
F1 0.976, which checks the harness; Dragoman's target is F1 >= 0.985.

A second table times both on a 5,000-word stretch of the same text (best of
five runs, segmenters already warm), since the GUI segments every article it
opens.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluation.segmentation import (  # noqa: E402
    dragoman_spans,
    pysbd_spans,
    read_conllu_documents,
    rebuild_text,
    score_spans,
)

DEFAULT = ROOT.parent / "shared" / "eval" / "ud_bg_btb_dev.conllu"
TIMED_WORDS = 5000


def _best_ms(split: Callable[[str], object], text: str, runs: int = 5) -> float:
    split(text)  # warm caches (pysbd compiles its rules on first use)
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        split(text)
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.is_file():
        print(
            f"segment_eval: {path} not found; pass the path of a CoNLL-U file "
            "(UD Bulgarian BTB dev lives in ../shared/eval/ud_bg_btb_dev.conllu)",
            file=sys.stderr,
        )
        return 2
    gold = rebuild_text(read_conllu_documents(path))
    if not gold.ends:
        print(f"segment_eval: {path} holds no '# text =' sentences", file=sys.stderr)
        return 2
    rows = [("pysbd alone", pysbd_spans), ("dragoman", dragoman_spans)]

    print(f"{path.name}: {len(gold.ends)} gold sentences in {gold.documents} documents\n")
    print(f"| {'segmenter':<12} | {'P':>5} | {'R':>5} | {'F1':>5} | {'found':>5} | {'correct':>7} |")
    print(f"| {'-' * 12} | {'-' * 5} | {'-' * 5} | {'-' * 5} | {'-' * 5} | {'-' * 7} |")
    for name, split in rows:
        s = score_spans(gold, split(gold.text))
        print(
            f"| {name:<12} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.predicted:>5} | {s.correct:>7} |"
        )

    words = gold.text.split(" ")
    sample = " ".join(words[:TIMED_WORDS])
    n_words = len(sample.split())
    print(f"\nTime to segment {n_words} words of the same text (best of 5, ms):\n")
    print(f"| {'segmenter':<12} | {'ms':>7} |")
    print(f"| {'-' * 12} | {'-' * 7} |")
    for name, split in rows:
        print(f"| {name:<12} | {_best_ms(split, sample):7.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
