"""TF-IDF sentence vectors and graph centrality (LexRank), in plain Python.

An article has tens of sentences, rarely a few hundred, so sparse dictionaries
and a short power iteration are fast enough (milliseconds) and keep numpy and
scikit-learn out of the summary path. The same vectors serve the extractive
summary (centrality, title overlap, redundancy) and the abstractive one
(linking each machine-written sentence to the sentences it rests on).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from desktop.core.analysis.stemming import stem_any, words
from desktop.core.analysis.stopwords import stopwords_for

Vector = dict[str, float]


def content_terms(text: str, language: str) -> list[str]:
    """Stemmed content words of ``text``: no stop words, no one-letter words.

    Numbers are kept: "70 years" and "17 years" are different facts, and a
    figure shared by two sentences is a strong sign they tell the same thing.
    """
    stop = stopwords_for(language)
    return [stem_any(w) for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]


def tfidf_vectors(
    term_lists: Sequence[Sequence[str]], *, extra: Sequence[Sequence[str]] = ()
) -> list[Vector]:
    """Unit-length TF-IDF vectors, one per term list.

    Document frequencies count the term lists themselves (sentences of one
    article) plus ``extra`` lists (for example a title), so a word found in
    every sentence weighs little. Term frequency is dampened (1 + log tf).
    """
    docs = list(term_lists) + list(extra)
    n = max(len(docs), 1)
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(set(terms))
    vectors: list[Vector] = []
    for terms in term_lists:
        tf = Counter(terms)
        vec = {t: (1.0 + math.log(c)) * math.log(1.0 + n / df[t]) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        vectors.append({t: v / norm for t, v in vec.items()} if norm > 0 else {})
    return vectors


def vectorize(terms: Sequence[str], reference: Sequence[Sequence[str]]) -> Vector:
    """A unit TF-IDF vector for one extra text, weighted by ``reference`` frequencies."""
    n = len(reference) + 1
    df: Counter[str] = Counter()
    for ref in reference:
        df.update(set(ref))
    tf = Counter(terms)
    vec = {t: (1.0 + math.log(c)) * math.log(1.0 + n / (df[t] + 1)) for t, c in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm > 0 else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two unit vectors (their dot product)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarity_matrix(vectors: Sequence[Vector]) -> list[list[float]]:
    """Symmetric cosine matrix with a zero diagonal."""
    n = len(vectors)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            s = cosine(vectors[i], vectors[j])
            sim[i][j] = sim[j][i] = s
    return sim


def lexrank(
    sim: Sequence[Sequence[float]], *, damping: float = 0.85, iterations: int = 100, tol: float = 1e-8
) -> list[float]:
    """Continuous LexRank: PageRank over the weighted similarity graph.

    A sentence is central when it resembles other sentences that are
    themselves central. Isolated sentences (no shared content word) keep the
    teleport share only. Returns scores that sum to 1.
    """
    n = len(sim)
    if n == 0:
        return []
    # Incoming edges of each node as (source, share of the source's weight): sparse,
    # since most sentence pairs share no content word.
    row_sums = [sum(row) for row in sim]
    incoming: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for j in range(n):
        if row_sums[j] > 0.0:
            for i, w in enumerate(sim[j]):
                if w > 0.0:
                    incoming[i].append((j, w / row_sums[j]))
    dangling_nodes = [j for j in range(n) if row_sums[j] == 0.0]
    scores = [1.0 / n] * n
    for _ in range(iterations):
        dangling = sum(scores[j] for j in dangling_nodes)
        base = (1.0 - damping) / n + damping * dangling / n
        new = [base + damping * sum(scores[j] * share for j, share in edges) for edges in incoming]
        delta = sum(abs(a - b) for a, b in zip(new, scores, strict=True))
        scores = new
        if delta < tol:
            break
    return scores
