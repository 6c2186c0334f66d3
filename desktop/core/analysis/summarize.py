"""Extractive summaries whose every sentence is a sentence of the source.

A desk journalist must be able to check each line of a summary against the
article, so the default summary *picks* sentences instead of writing new ones:
every :class:`SummarySentence` carries the id of the source sentence it is.
It runs on the source language, so a Bulgarian article has a summary before
(and without) any translation; when a translation is given, the English of
each picked sentence is filled in beside it.

How sentences are picked (tuned on English BBC news with reference summaries,
using features that hold for any news text rather than for that set):

* **centrality** — continuous LexRank over TF-IDF vectors of stemmed content
  words: a sentence that shares much with the rest tells the main story;
* **news lead** — reporters put the essentials first, so early sentences get
  a small prior;
* **title overlap** — the headline names the story's subject;
* **length** — very short lines (datelines, "He declined.") carry little;
* **redundancy** — a candidate too similar to an already picked sentence is
  passed over (maximal marginal relevance), so the summary does not say the
  same thing twice.

Picked sentences are returned in document order, which reads as a text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from desktop.core.analysis.textrank import (
    content_terms,
    cosine,
    lexrank,
    similarity_matrix,
    tfidf_vectors,
    vectorize,
)
from desktop.core.document import Document, Sentence
from desktop.core.translation import DocumentTranslation

EXTRACTIVE = "extractive"
ABSTRACTIVE = "abstractive"


@dataclass(frozen=True)
class SummarySentence:
    """One line of a summary and the source sentences it comes from.

    ``source_ids`` are sentence ids of the Document ("p1s2"). An extractive
    line *is* its one source sentence; a machine-written (abstractive) line
    rests on one or more of them. ``text`` is in the language it was made in
    (the source language for extractive lines, English for abstractive ones);
    ``text_en`` is the English when a translation is known.
    """

    text: str
    source_ids: tuple[str, ...]
    machine_written: bool = False
    text_en: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        return cls(
            text=str(data["text"]),
            source_ids=tuple(str(i) for i in data.get("source_ids", ())),
            machine_written=bool(data.get("machine_written", False)),
            text_en=data.get("text_en"),
        )


@dataclass(frozen=True)
class Summary:
    """A summary: its lines in document order, and how it was made.

    ``method`` is "extractive" or "abstractive", optionally followed by a
    parenthesised note a user should see (for example why an abstractive
    request fell back to extractive). ``model`` names the summarisation model
    for abstractive summaries.
    """

    sentences: tuple[SummarySentence, ...]
    method: str = EXTRACTIVE
    model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls(
            sentences=tuple(SummarySentence.from_dict(s) for s in data.get("sentences", ())),
            method=str(data.get("method", EXTRACTIVE)),
            model=data.get("model"),
        )

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source sentence id the summary rests on, without repeats, in order."""
        seen: dict[str, None] = {}
        for s in self.sentences:
            for i in s.source_ids:
                seen.setdefault(i, None)
        return tuple(seen)


@dataclass(frozen=True)
class RankWeights:
    """How much each feature counts when sentences are ranked.

    The defaults were chosen on the BBC development set (bench/summary_eval.py);
    they are exposed so the bench can show what each feature is worth.
    """

    centrality: float = 1.0
    lead: float = 0.1  # prior of the first sentence; decays with position
    lead_decay: float = 0.25  # lead prior = lead / (1 + lead_decay * index)
    title: float = 0.1
    short_words: int = 5  # sentences with fewer content words are scaled down
    redundancy: float = 0.5  # MMR penalty per unit of similarity to picked lines
    duplicate: float = 0.75  # never pick a sentence this similar to a picked one


DEFAULT_WEIGHTS = RankWeights()


def default_length(n_sentences: int) -> int:
    """3 to 5 lines depending on the article's length (fewer if it is shorter)."""
    if n_sentences <= 0:
        return 0
    wanted = 3 if n_sentences < 12 else 4 if n_sentences < 25 else 5
    return min(wanted, n_sentences)


def _ensure_segmented(doc: Document) -> Document:
    if doc.paragraphs or not doc.text.strip():
        return doc
    from desktop.core.ingest.segment import segment_document

    return segment_document(doc)


#: LexRank compares every pair of sentences, so its cost grows with the
#: square of their number. A news article has tens of sentences; a 5 MB file
#: (the largest accepted) has tens of thousands. Longer texts are ranked
#: within sections of about this many consecutive sentences, which keeps
#: memory bounded and time linear; an article is always one section.
SECTION_SENTENCES = 250


def centrality(vectors: list[dict[str, float]]) -> list[float]:
    """LexRank centrality per sentence, scaled so the most central of its section is 1."""
    n = len(vectors)
    if n == 0:
        return []
    sections = -(-n // SECTION_SENTENCES)
    size = -(-n // sections)  # equal sections: no tiny last one with inflated scores
    out: list[float] = []
    for start in range(0, n, size):
        scores = lexrank(similarity_matrix(vectors[start : start + size]))
        top = max(scores)
        out.extend(x / top if top > 0 else 0.0 for x in scores)
    return out


def sentence_scores(doc: Document, *, weights: RankWeights = DEFAULT_WEIGHTS) -> list[float]:
    """A salience score per sentence of ``doc`` (document order), before redundancy control."""
    sentences = doc.sentences
    if not sentences:
        return []
    terms = [content_terms(s.text, doc.language) for s in sentences]
    vectors = tfidf_vectors(terms)
    central = centrality(vectors)
    title_terms = content_terms(doc.title, doc.language) if doc.title else []
    title_vec = vectorize(title_terms, terms) if title_terms else {}
    scores: list[float] = []
    for i in range(len(sentences)):
        score = weights.centrality * central[i]
        score += weights.lead / (1.0 + weights.lead_decay * i)
        if title_vec:
            score += weights.title * cosine(vectors[i], title_vec)
        n_terms = len(terms[i])
        if n_terms < weights.short_words:
            score *= (n_terms + 1) / (weights.short_words + 1)
        scores.append(score)
    return scores


def select_sentences(doc: Document, k: int, *, weights: RankWeights = DEFAULT_WEIGHTS) -> list[Sentence]:
    """The ``k`` best sentences by score with redundancy control, in document order."""
    sentences = doc.sentences
    k = max(0, min(k, len(sentences)))
    if k == 0:
        return []
    scores = sentence_scores(doc, weights=weights)
    vectors = tfidf_vectors([content_terms(s.text, doc.language) for s in sentences])
    picked: list[int] = []
    candidates = set(range(len(sentences)))
    while len(picked) < k and candidates:
        best, best_value = -1, float("-inf")
        for i in sorted(candidates):
            overlap = max((cosine(vectors[i], vectors[j]) for j in picked), default=0.0)
            if overlap >= weights.duplicate:
                continue
            value = scores[i] - weights.redundancy * overlap
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            # Everything left repeats a picked line; take the best anyway rather
            # than return fewer lines than asked for.
            best = max(candidates, key=lambda i: scores[i])
        picked.append(best)
        candidates.discard(best)
    return [sentences[i] for i in sorted(picked)]


def summarize(
    doc: Document,
    *,
    sentences: int | None = None,
    translation: DocumentTranslation | None = None,
    weights: RankWeights = DEFAULT_WEIGHTS,
) -> Summary:
    """An extractive summary of ``doc``: ``sentences`` lines (default 3-5 by length).

    Works on the source language; with ``translation`` each line also carries
    its English (``text_en``; None for a sentence not translated yet).
    """
    if sentences is not None and sentences < 0:
        raise ValueError("sentences must be zero or more")
    doc = _ensure_segmented(doc)
    k = default_length(len(doc.sentences)) if sentences is None else sentences
    lines = []
    for s in select_sentences(doc, k, weights=weights):
        text_en = translation.text_for(s.id) if translation is not None else None
        lines.append(SummarySentence(text=s.text.strip(), source_ids=(s.id,), text_en=text_en))
    return Summary(sentences=tuple(lines), method=EXTRACTIVE)
