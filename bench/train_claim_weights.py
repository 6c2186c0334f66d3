"""Fit the claim and check-worthiness weights in desktop/core/analysis/claims/weights.py.

Reads the CheckThat! 2022 Bulgarian *training* tweets from ../shared/eval
(Task 1B: claim or not; Task 1A: check-worthy or not), turns each tweet into
:func:`desktop.core.analysis.claims.score.text_features`, and fits two L2-regularised
logistic regressions with numpy. The decision threshold for "is a claim" is
chosen by 5-fold cross-validation on the training set (macro-F1), so the dev
files stay an honest measurement. The result is written as plain Python
constants: the app never trains, and never unpickles anything.

    .venv/bin/python bench/train_claim_weights.py [--shared ../shared] [--dry-run]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.analysis.claims.score import text_features  # noqa: E402

OUT = ROOT / "desktop" / "core" / "claim_weights.py"

#: Hyper-parameters, chosen by cross-validation on the training tweets.
MIN_STEM_COUNT = 4
L2_FEATURES = 0.3
L2_STEMS = 3.0
MAX_STEMS = 600


def read_tsv(path: Path) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["tweet_text"], int(r["class_label"])) for r in rows]


def vocabulary(feats: list[dict[str, float]], labels: np.ndarray) -> list[str]:
    """Hand features plus the most label-informative stems seen at least MIN_STEM_COUNT times."""
    counts: dict[str, int] = {}
    pos: dict[str, int] = {}
    for f, y in zip(feats, labels, strict=True):
        for k in f:
            counts[k] = counts.get(k, 0) + 1
            pos[k] = pos.get(k, 0) + int(y)
    hand = sorted(k for k in counts if not k.startswith("w:"))
    prior = float(labels.mean())
    stems = [k for k, c in counts.items() if k.startswith("w:") and c >= MIN_STEM_COUNT]

    def informativeness(k: str) -> float:
        c = counts[k]
        p = (pos[k] + prior) / (c + 1.0)
        return abs(p - prior) * np.sqrt(c)

    stems.sort(key=informativeness, reverse=True)
    return hand + sorted(stems[:MAX_STEMS])


def matrix(feats: list[dict[str, float]], vocab: list[str]) -> np.ndarray:
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(feats), len(vocab)))
    for r, f in enumerate(feats):
        for k, v in f.items():
            i = index.get(k)
            if i is not None:
                x[r, i] = v
    return x


def fit(
    x: np.ndarray, y: np.ndarray, vocab: list[str], *, balanced: bool = True, steps: int = 1500
) -> np.ndarray:
    """L2 logistic regression by Adam; the bias is not penalised."""
    reg = np.array([0.0 if k == "bias" else (L2_STEMS if k.startswith("w:") else L2_FEATURES) for k in vocab])
    n = len(y)
    if balanced:
        w_pos = n / (2.0 * max(1, y.sum()))
        w_neg = n / (2.0 * max(1, n - y.sum()))
        sw = np.where(y == 1, w_pos, w_neg)
    else:
        sw = np.ones(n)
    w = np.zeros(x.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        g = x.T @ ((p - y) * sw) / n + reg * w / n
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
    return w


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    scores = []
    for c in (0, 1):
        tp = float(((pred == c) & (y == c)).sum())
        fp = float(((pred == c) & (y != c)).sum())
        fn = float(((pred != c) & (y == c)).sum())
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / 2


def cv_threshold(feats: list[dict[str, float]], y: np.ndarray, *, folds: int = 5) -> tuple[float, float]:
    """The probability threshold with the best mean macro-F1 over CV folds."""
    rng = np.random.default_rng(0)
    order = rng.permutation(len(y))
    probs = np.zeros(len(y))
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        tr_feats = [feats[i] for i in train]
        vocab = vocabulary(tr_feats, y[train])
        w = fit(matrix(tr_feats, vocab), y[train], vocab)
        probs[test] = 1.0 / (1.0 + np.exp(-(matrix([feats[i] for i in test], vocab) @ w)))
    best = (0.5, 0.0)
    for th in np.arange(0.2, 0.8, 0.01):
        f1 = macro_f1(y, (probs >= th).astype(int))
        if f1 > best[1]:
            best = (float(round(th, 2)), f1)
    return best


def train(shared: Path) -> tuple[dict[str, float], dict[str, float], float, float]:
    eval_dir = shared / "eval"
    claim_rows = read_tsv(eval_dir / "ct22_bg_1B_claim_train.tsv")
    check_rows = read_tsv(eval_dir / "ct22_bg_1A_checkworthy_train.tsv")

    c_feats = [text_features(t, "bg") for t, _ in claim_rows]
    c_y = np.array([y for _, y in claim_rows], dtype=float)
    threshold, cv_f1 = cv_threshold(c_feats, c_y)
    c_vocab = vocabulary(c_feats, c_y)
    c_w = fit(matrix(c_feats, c_vocab), c_y, c_vocab)

    k_feats = [text_features(t, "bg") for t, _ in check_rows]
    k_y = np.array([y for _, y in check_rows], dtype=float)
    k_vocab = vocabulary(k_feats, k_y)
    k_w = fit(matrix(k_feats, k_vocab), k_y, k_vocab)

    claim_weights = {k: round(float(v), 4) for k, v in zip(c_vocab, c_w, strict=True) if abs(v) >= 1e-3}
    check_weights = {k: round(float(v), 4) for k, v in zip(k_vocab, k_w, strict=True) if abs(v) >= 1e-3}
    return claim_weights, check_weights, threshold, cv_f1


def render(claim: dict[str, float], check: dict[str, float], threshold: float, cv_f1: float) -> str:
    def block(name: str, weights: dict[str, float]) -> str:
        lines = [f"{name}: dict[str, float] = {{"]
        for k in sorted(weights, key=lambda k: (k.startswith("w:"), k)):
            lines.append(f"    {k!r}: {weights[k]!r},")
        lines.append("}")
        return "\n".join(lines)

    return (
        '"""Weights of the claim and check-worthiness models (generated; do not edit by hand).\n\n'
        "Written by ``bench/train_claim_weights.py`` from the CheckThat! 2022 Bulgarian\n"
        "training tweets (Task 1B claims, Task 1A check-worthiness). Keys are feature\n"
        'names from :func:`desktop.core.analysis.claims.score.text_features` ("w:" + stem for words).\n'
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f"#: Probability above which a text counts as a claim (5-fold CV macro-F1 {cv_f1:.3f}).\n"
        f"CLAIM_THRESHOLD = {threshold!r}\n\n"
        + block("CLAIM_WEIGHTS", claim)
        + "\n\n"
        + block("CHECK_WEIGHTS", check)
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--dry-run", action="store_true", help="print the CV figure, write nothing")
    args = parser.parse_args(argv)
    claim, check, threshold, cv_f1 = train(args.shared)
    print(f"claim model: {len(claim)} weights, threshold {threshold} (CV macro-F1 {cv_f1:.3f})")
    print(f"check model: {len(check)} weights")
    if not args.dry_run:
        OUT.write_text(render(claim, check, threshold, cv_f1), encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
