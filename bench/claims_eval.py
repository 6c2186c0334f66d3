"""How well the claim finder does on real data, next to today's figures and simple baselines.

    .venv/bin/python bench/claims_eval.py [--shared ../shared]

First table (issue 12): for the seed gold and the two hand-labelled news dev
sets, recall with kind and speaker, claim precision and speaker precision,
each beside the figure before issue 12, scored with the shared scorer's own
functions (``tools/news_claims_eval.py``). All three sets were tuned on, so
these figures are in-sample; the honest held-out estimate is the line
measured on half the dev articles before they were looked at (see
:data:`HELD_OUT_BEFORE_TUNING`), printed with the current figures for both
halves.

Second table rows (metric, value, baseline):
* seed article: gold key claims found (kind, anchor sentence and speaker must
  match), how many claims the finder shows for the 21-sentence article, and the
  same at the claims panel's default of the top 20;
* CheckThat! 2022 Task 1B (Bulgarian tweets, dev): claim macro-F1 of
  ``score_text`` against the majority class and "has a digit once URLs are
  removed";
* CheckThat! 2022 Task 1A (dev): check-worthiness MAP against an n-gram
  logistic regression trained on the 1A training tweets (the organisers'
  kind of baseline) and the random-ranking expectation.

``rows()`` returns the table so bench/analysis_eval.py can merge it.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluation.claims import (  # noqa: E402
    average_precision,
    evaluate_ct22,
    evaluate_seed,
    read_ct22,
)
from bench.evaluation.news_claims import SetScore, evaluate, split  # noqa: E402

SHARED = ROOT.parent / "shared"
#: How many claims the claims panel lists before "show all".
PANEL_LIMIT = 20


#: Before issue 12 (main at 25914e9): (found with kind and speaker, gold, claim precision, speaker precision).
TODAY: dict[str, tuple[int, int, float, float]] = {
    "seed": (17, 18, 0.94, 1.00),
    "bg": (98, 167, 0.91, 0.67),
    "en": (58, 106, 0.88, 0.70),
}
#: Measured once on the held-out halves (bench/evaluation/news_claims.HELD_OUT) after
#: tuning on the other halves only, before any held-out article was read for
#: errors (commit a583b5a): the honest estimate on unseen articles. Afterwards
#: every dev article was tuned on.
HELD_OUT_BEFORE_TUNING: dict[str, tuple[int, int, float, float]] = {
    "bg": (51, 81, 0.89, 0.70),
    "en": (31, 52, 0.85, 0.70),
}
#: The same halves before issue 12.
HELD_OUT_TODAY: dict[str, tuple[int, int]] = {"bg": (47, 81), "en": (26, 52)}
NEWS_SETS = (("seed", "seed_claims_gold.json", "bg"), ("bg", "news_claims_dev.json", "bg"), ("en", "news_claims_dev_en.json", "en"))


def _fmt(found: int, total: int) -> str:
    return f"{found}/{total} ({found / max(1, total):.2f})"


def news_rows(shared: Path = SHARED) -> list[tuple[str, str, str]]:
    """Recall with kind and speaker, claim and speaker precision on the three gold sets, beside today's."""
    out: list[tuple[str, str, str]] = []
    for key, name, lang in NEWS_SETS:
        base = shared if key == "seed" else None
        score = evaluate(shared / "eval" / name, lang, shared=shared, base=base)
        t_found, t_gold, t_cp, t_sp = TODAY[key]
        label = f"{key} {name} (in-sample)"
        out.append((f"{label}: recall, kind + speaker", _fmt(score.total("both_ok"), score.total("gold")), _fmt(t_found, t_gold)))
        out.append((f"{label}: claim precision", f"{score.claim_precision:.2f}", f"{t_cp:.2f}"))
        out.append((f"{label}: speaker precision", f"{score.speaker_precision:.2f}", f"{t_sp:.2f}"))
        out.append((f"{label}: most claims per gold claim, one article", f"{score.worst_ratio:.2f}", "target <= 1.3"))
        if key in HELD_OUT_BEFORE_TUNING:
            tuned_on, held = split(name)
            halves = [evaluate(shared / "eval" / name, lang, shared=shared, only=f) for f in (tuned_on, held)]
            h_found, h_gold, h_cp, h_sp = HELD_OUT_BEFORE_TUNING[key]
            o_found, o_gold = HELD_OUT_TODAY[key]
            out.append(
                (
                    f"{key} held-out half, measured before it was tuned on",
                    f"{_fmt(h_found, h_gold)}, cp {h_cp:.2f}, sp {h_sp:.2f}",
                    _fmt(o_found, o_gold),
                )
            )
            out.append((f"{key} first half (tuned on) now, in-sample", _half(halves[0]), "-"))
            out.append((f"{key} held-out half now, in-sample since", _half(halves[1]), "-"))
    return out


def _half(score: SetScore) -> str:
    return (
        f"{_fmt(score.total('both_ok'), score.total('gold'))}, "
        f"cp {score.claim_precision:.2f}, sp {score.speaker_precision:.2f}"
    )


def ngram_baseline_map(shared: Path) -> float:
    """MAP on 1A dev of a word uni+bigram logistic regression trained on 1A train."""
    import numpy as np

    def grams(text: str) -> set[str]:
        text = re.sub(r"https?://\S+", " ", text.lower())
        words = re.findall(r"[^\W_]+", text)
        return set(words) | {a + " " + b for a, b in zip(words, words[1:], strict=False)}

    train = read_ct22(shared / "eval" / "ct22_bg_1A_checkworthy_train.tsv")
    dev = read_ct22(shared / "eval" / "ct22_bg_1A_checkworthy_dev.tsv")
    counts: dict[str, int] = {}
    for t, _ in train:
        for g in grams(t):
            counts[g] = counts.get(g, 0) + 1
    vocab = {g: i for i, g in enumerate(sorted(g for g, c in counts.items() if c >= 2))}

    def matrix(rows: list[tuple[str, int]]) -> np.ndarray:
        x = np.zeros((len(rows), len(vocab) + 1))
        x[:, -1] = 1.0
        for r, (t, _) in enumerate(rows):
            for g in grams(t):
                i = vocab.get(g)
                if i is not None:
                    x[r, i] = 1.0
        return x

    x, y = matrix(train), np.array([lab for _, lab in train], dtype=float)
    w = np.zeros(x.shape[1])
    for _ in range(300):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + 1e-3 * w)
    scores = list(matrix(dev) @ w)
    return average_precision([lab for _, lab in dev], scores)


def rows(shared: Path = SHARED) -> list[tuple[str, str, str]]:
    """The table: (metric, value, baseline)."""
    out: list[tuple[str, str, str]] = []
    seed = evaluate_seed(shared)
    t0 = time.perf_counter()
    top = evaluate_seed(shared, limit=PANEL_LIMIT)
    seed_ms = (time.perf_counter() - t0) * 1000
    out.append(("seed key claims found (all claims)", f"{seed.found}/{seed.total}", "target >= 16/18"))
    out.append((f"seed key claims found (top {PANEL_LIMIT})", f"{top.found}/{top.total}", "target >= 16/18"))
    out.append(
        (
            "seed claims shown / sentences",
            f"{seed.claims} / {seed.sentences} ({seed.matched_claims} match gold)",
            f"gold {seed.total}",
        )
    )
    out.append(("seed article: segment + find claims (warm)", f"{seed_ms:.0f} ms", "-"))
    ct = evaluate_ct22(shared)
    out.append(
        (
            f"CT22 1B claim macro-F1 (dev, n={ct.claim_n})",
            f"{ct.claim_f1:.3f}",
            f"majority {ct.claim_f1_majority:.3f}; digit {ct.claim_f1_digit:.3f}",
        )
    )
    out.append(
        (
            f"CT22 1A check-worthiness MAP (dev, n={ct.check_n})",
            f"{ct.check_map:.3f}",
            f"n-gram LR {ngram_baseline_map(shared):.3f} (official 0.47); random {ct.check_map_random:.3f}",
        )
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Claim finder on the seed article and CheckThat! 2022 dev sets."
    )
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / "eval").is_dir():
        print(f"no evaluation data at {args.shared}/eval", file=sys.stderr)
        return 2
    _print(news_rows(args.shared), "before issue 12")
    print()
    _print(rows(args.shared), "baseline")
    seed = evaluate_seed(args.shared)
    if seed.missed:
        print("\nmissed seed claims: " + "; ".join(seed.missed))
    return 0


def _print(table: list[tuple[str, str, str]], third: str) -> None:
    w0 = max(len(r[0]) for r in table)
    w1 = max(len(r[1]) for r in table)
    print(f"| {'metric':<{w0}} | {'value':<{w1}} | {third} |")
    print(f"| {'-' * w0} | {'-' * w1} | {'-' * len(third)} |")
    for metric, value, baseline in table:
        print(f"| {metric:<{w0}} | {value:<{w1}} | {baseline} |")


if __name__ == "__main__":
    sys.exit(main())
