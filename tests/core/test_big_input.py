"""Claims and summaries stay linear in work and bounded in memory on long texts (issue 13, case 16).

The app accepts files up to 20 MB, and a summary used to build a full
sentence-by-sentence similarity matrix (a 5 MB text passed 19 GB) while the
claim finder rescanned every quotation in the document for every word. Timing
belongs in ``bench/big_input_bench.py``; here the *amount of work* is counted
(Python function calls, deterministic) and memory is traced, on texts small
enough for ``make test``.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from desktop.core.analysis.claims.finder import find_claims
from desktop.core.analysis.summarize import SECTION_SENTENCES, summarize
from desktop.core.document import Document
from desktop.core.ingest.reader import document_from_text

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "sample_article_bg.txt"


def long_document(copies: int) -> Document:
    """``copies`` versions of the sample article, figures varied so no two are identical."""
    body = SAMPLE.read_text(encoding="utf-8")
    parts = []
    for i in range(copies):
        parts.append("".join(str((int(c) + i) % 10) if c.isdigit() else c for c in body))
    return document_from_text("\n\n".join(parts), name="long.txt")


def calls(work: Callable[[], object]) -> int:
    """How many Python-level calls ``work`` makes (generator expressions and comprehensions included)."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_finding_claims_does_twice_the_work_for_twice_the_text() -> None:
    small, large = long_document(12), long_document(24)
    ratio = calls(lambda: find_claims(large, limit=None)) / calls(lambda: find_claims(small, limit=None))
    assert ratio < 2.5, f"claims work grew {ratio:.2f}x for 2x the text"


def test_summarising_does_twice_the_work_for_twice_the_text() -> None:
    small, large = long_document(30), long_document(60)
    assert len(small.sentences) > SECTION_SENTENCES  # past one section, where it used to grow quadratically
    ratio = calls(lambda: summarize(large)) / calls(lambda: summarize(small))
    assert ratio < 2.5, f"summary work grew {ratio:.2f}x for 2x the text"


def test_a_long_summary_never_holds_a_matrix_of_every_sentence_pair() -> None:
    doc = long_document(60)
    n = len(doc.sentences)
    tracemalloc.start()
    try:
        summary = summarize(doc)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A full n x n matrix of Python floats would need n * n * 8 bytes of list slots alone.
    assert peak < n * n * 8 / 2, f"peak {peak / 1e6:.1f} MB for {n} sentences"
    assert 3 <= len(summary.sentences) <= 5
    assert all(s.source_ids[0] in {x.id for x in doc.sentences} for s in summary.sentences)
