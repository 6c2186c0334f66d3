"""Measuring the claim finder on real data (used by bench/claims_eval.py and the tests).

* :func:`evaluate_seed` — recall of the hand-labelled key claims of the seed
  article (``eval/seed_claims_gold.json``): a gold claim is found when a claim
  of the same kind lies in a sentence containing the gold anchor and names the
  same speaker (resolved name, surface phrase or English form; a surname alone
  is enough).
* :func:`evaluate_ct22` — :func:`~desktop.core.analysis.claims.finder.score_text` on the
  CheckThat! 2022 Bulgarian dev tweets: Task 1B claim macro-F1 and Task 1A
  check-worthiness MAP, each with its simple baseline.

Plain functions over a ``shared`` folder path, so a test can call them and
skip when the data is absent.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.analysis.claims.finder import Claim, ensure_segmented, find_claims, score_text
from desktop.core.analysis.transliterate import name_similarity
from desktop.core.document import Document


def _norm(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"[\"„“”«»'’.,:;()\-–—]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def speaker_matches(claim: Claim, gold_speaker: str | None, gold_speaker_en: str | None) -> bool:
    """Same speaker by resolved name, surface phrase or English form.

    Normalised (case, quotes, punctuation); a surname alone matches the full
    name; a surface phrase matches when one is the other's word prefix (the
    gold "Говорителят на Съвета за национална сигурност" for the text's "...
    към Белия дом"); English forms match when their surnames are the same
    name in two transliterations ("Karbi"/"Kirby", as
    :func:`~desktop.core.analysis.transliterate.name_similarity` judges).
    """
    if gold_speaker is None:
        return True
    pairs = [
        (claim.speaker_name, gold_speaker),
        (claim.speaker.text if claim.speaker else None, gold_speaker),
        (claim.speaker_en, gold_speaker_en),
    ]
    for k, (ours, gold) in enumerate(pairs):
        a, b = _norm(ours), _norm(gold)
        if not a or not b:
            continue
        if a == b or a.split()[-1] == b.split()[-1]:
            return True
        short, long_ = sorted((a.split(), b.split()), key=len)
        if len(short) >= 2 and long_[: len(short)] == short:
            return True
        if k == 2 and name_similarity(a.split()[-1], b.split()[-1]) >= 0.85:
            return True
    return False


@dataclass(frozen=True)
class SeedResult:
    found: int
    total: int
    claims: int  # claims the finder output
    sentences: int  # sentences in the article
    matched_claims: int  # output claims that match some gold claim
    missed: tuple[str, ...]  # anchors of gold claims not found


def read_seed(shared: Path) -> tuple[Document, list[dict[str, str | None]]]:
    gold = json.loads((shared / "eval" / "seed_claims_gold.json").read_text(encoding="utf-8"))
    text = (shared / gold["article"]).read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n").strip()
    doc = ensure_segmented(Document(title="", language="bg", text=text))
    return doc, list(gold["claims"])


def evaluate_seed(shared: Path, *, limit: int | None = None) -> SeedResult:
    """Recall of the seed article's gold claims, and how many claims the finder shows."""
    doc, gold = read_seed(Path(shared))
    claims = find_claims(doc, limit=limit)
    found = 0
    matched: set[str] = set()
    missed: list[str] = []
    for g in gold:
        anchor = str(g["anchor"])
        hit = None
        for c in claims:
            if c.kind != g["kind"]:
                continue
            if not any(anchor in doc.sentence(sid).text for sid in c.sentence_ids):
                continue
            if speaker_matches(c, g.get("speaker"), g.get("speaker_en")):
                hit = c
                break
        if hit is None:
            missed.append(anchor)
        else:
            found += 1
            matched.add(hit.id)
    return SeedResult(
        found=found,
        total=len(gold),
        claims=len(claims),
        sentences=len(doc.sentences),
        matched_claims=len(matched),
        missed=tuple(missed),
    )


def read_ct22(path: Path) -> list[tuple[str, int]]:
    with Path(path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["tweet_text"], int(r["class_label"])) for r in rows]


def macro_f1(gold: list[int], pred: list[int]) -> float:
    scores = []
    for c in (0, 1):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / 2


def average_precision(gold: list[int], scores: list[float]) -> float:
    """AP of a ranking (ties kept in input order); with one topic MAP equals AP."""
    order = sorted(range(len(gold)), key=lambda i: -scores[i])
    hits = 0
    total = 0.0
    for rank, i in enumerate(order, 1):
        if gold[i]:
            hits += 1
            total += hits / rank
    return total / max(1, sum(gold))


_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class CT22Result:
    claim_f1: float
    claim_f1_majority: float
    claim_f1_digit: float
    claim_n: int
    check_map: float
    check_map_random: float
    check_n: int


def evaluate_ct22(shared: Path) -> CT22Result:
    """Task 1B macro-F1 and Task 1A MAP of :func:`score_text` on the dev tweets."""
    eval_dir = Path(shared) / "eval"
    claims = read_ct22(eval_dir / "ct22_bg_1B_claim_dev.tsv")
    gold = [y for _, y in claims]
    pred = [int(score_text(t, "bg")[0]) for t, _ in claims]
    majority = max((0, 1), key=gold.count)
    digit = [int(bool(re.search(r"\d", _URL.sub(" ", t)))) for t, _ in claims]

    check = read_ct22(eval_dir / "ct22_bg_1A_checkworthy_dev.tsv")
    c_gold = [y for _, y in check]
    c_scores = [score_text(t, "bg")[1] for t, _ in check]
    return CT22Result(
        claim_f1=macro_f1(gold, pred),
        claim_f1_majority=macro_f1(gold, [majority] * len(gold)),
        claim_f1_digit=macro_f1(gold, digit),
        claim_n=len(gold),
        check_map=average_precision(c_gold, c_scores),
        check_map_random=sum(c_gold) / max(1, len(c_gold)),
        check_n=len(c_gold),
    )
