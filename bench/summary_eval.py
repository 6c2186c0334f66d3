"""ROUGE of the extractive summariser on the BBC development set (../shared).

Each of the 100 English BBC articles comes with an extractive reference
summary whose sentences are glued together without spaces; we re-split them
and ask every system for as many sentences as the reference has. Rows:

* lead-k — the first k sentences (the classic news baseline);
* sumy LexRank — the baseline named in the issue, run here on the same
  sentences (sumy's own tokenizer needs NLTK's punkt, which cannot be
  downloaded, so we hand it our sentence split through a small tokenizer);
* dragoman — ``desktop.core.analysis.summarize.summarize``.

Scores are ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (rouge-score, Porter stemming),
averaged over articles, in percent. Run: ``.venv/bin/python bench/summary_eval.py``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.analysis.summarize import DEFAULT_WEIGHTS, RankWeights, summarize  # noqa: E402
from desktop.core.document import Document  # noqa: E402
from desktop.core.ingest.segment import segment_document, split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "bbc_news_dev"
REFERENCE_SPLIT = re.compile(r"(?<=[.!?])(?=[A-Z\"])")
LEXRANK_QUOTED = (67.0, 56.0, 66.0)  # the figure for sumy LexRank on such data


@dataclass(frozen=True)
class Article:
    name: str
    doc: Document
    reference: list[str]


def english_document(title: str, body: str) -> Document:
    """A segmented English Document, as the app would build it."""
    return segment_document(Document(title=title, language="en", text=body))


def split_reference(text: str) -> list[str]:
    """Re-split a glued reference summary ("...loan.State-owned ...").

    A piece that starts with a quote mark and holds an odd number of them
    begins with the previous sentence's closing quote: move it back.
    """
    pieces: list[str] = []
    for piece in REFERENCE_SPLIT.split(text):
        if piece.startswith('"') and piece.count('"') % 2 == 1 and pieces:
            pieces[-1] += '"'
            piece = piece[1:]
        if piece.strip():
            pieces.append(piece.strip())
    return [p for p in pieces if re.search(r"\w", p)]


def load_articles(data: Path = DATA) -> list[Article]:
    articles = []
    for path in sorted((data / "articles").glob("*.txt")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        title, _, body = raw.strip().partition("\n")
        ref_text = (data / "summaries" / path.name).read_text(encoding="utf-8", errors="replace").strip()
        reference = split_reference(ref_text)
        articles.append(Article(path.stem, english_document(title.strip(), body.strip()), reference))
    return articles


def rouge(
    articles: Sequence[Article], system: Callable[[Article, int], list[str]]
) -> tuple[float, float, float]:
    """Mean ROUGE-1/2/Lsum F1 (percent) of ``system`` over ``articles``."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    totals = [0.0, 0.0, 0.0]
    for a in articles:
        predicted = system(a, len(a.reference))
        scores = scorer.score("\n".join(a.reference), "\n".join(predicted))
        for i, key in enumerate(("rouge1", "rouge2", "rougeLsum")):
            totals[i] += scores[key].fmeasure
    n = max(len(articles), 1)
    return (100 * totals[0] / n, 100 * totals[1] / n, 100 * totals[2] / n)


def lead_k(article: Article, k: int) -> list[str]:
    return [s.text for s in article.doc.sentences[:k]]


def dragoman(article: Article, k: int, weights: RankWeights = DEFAULT_WEIGHTS) -> list[str]:
    return [s.text for s in summarize(article.doc, sentences=k, weights=weights).sentences]


class _PreSplitTokenizer:
    """sumy tokenizer over our sentence split (sumy's own needs NLTK punkt data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph[a:b] for a, b in split_sentences(paragraph, "en")]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[^\W_]+(?:'[^\W_]+)*", sentence)


def sumy_lexrank() -> Callable[[Article, int], list[str]]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _PreSplitTokenizer()

    def run(article: Article, k: int) -> list[str]:
        parser = PlaintextParser.from_string(article.doc.text, tokenizer)
        return [str(s) for s in summarizer(parser.document, k)]

    return run


def rows(data: Path = DATA) -> list[tuple[str, str, str]]:
    """(metric, value, baseline) rows for bench/analysis_eval.py."""
    articles = load_articles(data)
    ours = rouge(articles, dragoman)
    lead = rouge(articles, lead_k)
    try:
        lex = rouge(articles, sumy_lexrank())
        lex_label = "sumy LexRank"
    except Exception:  # sumy or its stemmer missing: fall back to the quoted figure
        lex = LEXRANK_QUOTED
        lex_label = "sumy LexRank (quoted from the issue)"

    def fmt(t: tuple[float, float, float]) -> str:
        return " / ".join(f"{v:.1f}" for v in t)

    return [
        ("summary ROUGE-1/2/Lsum F1, BBC dev (n=100)", fmt(ours), f"{lex_label} {fmt(lex)}"),
        ("summary ROUGE-1/2/Lsum F1, lead-k baseline", fmt(lead), f"{lex_label} {fmt(lex)}"),
    ]


def main() -> int:
    if not DATA.is_dir():
        print(f"no data at {DATA}; nothing to measure")
        return 0
    articles = load_articles()
    systems: list[tuple[str, Callable[[Article, int], list[str]]]] = [("lead-k", lead_k)]
    try:
        systems.append(("sumy LexRank", sumy_lexrank()))
    except Exception as exc:  # pragma: no cover - depends on the environment
        print(f"sumy LexRank unavailable ({exc}); quoted figure: {LEXRANK_QUOTED}")
    systems.append(("dragoman", dragoman))
    # What each feature is worth: the same ranker with one feature switched off.
    for label, weights in (
        ("  no lead", replace(DEFAULT_WEIGHTS, lead=0.0)),
        ("  no title", replace(DEFAULT_WEIGHTS, title=0.0)),
        ("  no MMR", replace(DEFAULT_WEIGHTS, redundancy=0.0, duplicate=2.0)),
        ("  lead+title", replace(DEFAULT_WEIGHTS, centrality=0.0)),
    ):
        systems.append((label, partial(dragoman, weights=weights)))
    print(f"BBC news dev, {len(articles)} articles, k = reference length")
    print(f"| {'system':<14} | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |")
    print(f"| {'-' * 14} | ------- | ------- | ---------- |")
    for name, system in systems:
        r1, r2, rl = rouge(articles, system)
        print(f"| {name:<14} | {r1:7.1f} | {r2:7.1f} | {rl:10.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
