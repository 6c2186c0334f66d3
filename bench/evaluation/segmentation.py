"""Score a sentence splitter against gold sentences from a CoNLL-U treebank.

UD Bulgarian BTB lists gold sentences (``# text =`` lines) but no running
text, so the text is rebuilt the way the foundation issue fixes it:
documents (split at ``# newdoc``) are separated by a blank line; inside a
document a sentence that ends in . ! ? … " “ ” » or ) is followed by a space,
any other sentence (a heading, a byline) by a line break. The splitter under
test segments that text, and boundaries are compared as positions counted in
non-space characters, so whitespace a splitter trims or keeps never matters.

The bench script (``bench/segment_eval.py``) prints the table; a test asserts
the F1 floor on the development set. Both import from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: A sentence ending in one of these is followed by a space when text is rebuilt.
FINAL_CHARS = tuple('.!?…"“”»)')

SpanSplitter = Callable[[str], Iterable[tuple[int, int]]]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of predicted sentence boundaries."""

    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int
    correct: int


@dataclass(frozen=True)
class GoldText:
    """Rebuilt running text and the gold sentence end offsets in it."""

    text: str
    ends: tuple[int, ...]
    documents: int


def read_conllu_documents(path: str | Path) -> list[list[str]]:
    """Gold sentence texts of a CoNLL-U file, grouped into documents at ``# newdoc``."""
    docs: list[list[str]] = []
    current: list[str] | None = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# newdoc"):
                current = []
                docs.append(current)
            elif line.startswith("# text ="):
                if current is None:
                    current = []
                    docs.append(current)
                current.append(line[len("# text =") :].strip())
    return [d for d in docs if d]


def rebuild_text(docs: list[list[str]]) -> GoldText:
    """Join gold sentences into running text (see the module docstring)."""
    parts: list[str] = []
    ends: list[int] = []
    length = 0
    for d_index, doc in enumerate(docs):
        if d_index:
            parts.append("\n\n")
            length += 2
        for s_index, sentence in enumerate(doc):
            if s_index:
                sep = " " if doc[s_index - 1].endswith(FINAL_CHARS) else "\n"
                parts.append(sep)
                length += 1
            parts.append(sentence)
            length += len(sentence)
            ends.append(length)
    return GoldText(text="".join(parts), ends=tuple(ends), documents=len(docs))


def _non_space_counts(text: str) -> list[int]:
    """counts[i] = number of non-space characters in text[:i]."""
    counts = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            n += 1
        counts[i + 1] = n
    return counts


def score_spans(gold: GoldText, spans: Iterable[tuple[int, int]]) -> Score:
    """Compare predicted sentence spans on ``gold.text`` with the gold ends."""
    counts = _non_space_counts(gold.text)
    gold_set = {counts[e] for e in gold.ends}
    pred_set = {counts[e] for _, e in spans}
    correct = len(gold_set & pred_set)
    p = correct / len(pred_set) if pred_set else 0.0
    r = correct / len(gold_set) if gold_set else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(precision=p, recall=r, f1=f1, predicted=len(pred_set), gold=len(gold_set), correct=correct)


def dragoman_spans(text: str, lang: str = "bg") -> list[tuple[int, int]]:
    """Dragoman's own segmentation (layout rules plus the language's splitter)."""
    from desktop.core.ingest.segment import split_sentences

    return split_sentences(text, lang)


def pysbd_spans(text: str, lang: str = "bg") -> list[tuple[int, int]]:
    """pysbd alone, run on each blank-line-separated paragraph (the baseline)."""
    from desktop.core.ingest.segment import _paragraph_ranges, _pieces, pysbd_cuts

    spans: list[tuple[int, int]] = []
    for start, end in _paragraph_ranges(text):
        spans.extend(_pieces(text, start, end, pysbd_cuts(text, start, end, lang=lang)))
    return spans


def evaluate(path: str | Path, splitter: SpanSplitter | None = None) -> Score:
    """Score ``splitter`` (default: Dragoman's Bulgarian splitter) on a CoNLL-U file."""
    gold = rebuild_text(read_conllu_documents(path))
    split = splitter or dragoman_spans
    return score_spans(gold, split(gold.text))
