"""``dragoman batch PATH...``: the morning sweep, every article translated, analysed, stored and ranked.

The work is :func:`desktop.core.batch.sweep.batch_job`; this draws its
progress, turns the first Ctrl-C into a clean stop (the articles in flight
are finished and stored, a re-run resumes; a second Ctrl-C quits at once)
and prints the summary: the bad files, one line each, then the ranking by
each article's most check-worthy claim, or all of it as JSON.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any

from desktop.core.models.choices import model_for_choice

EXIT_STOPPED = 130


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "batch",
        help="translate, analyse and rank every article in files, folders and zips",
        description="Import every article under the given files and folders (recursively; .txt, .html, "
        ".docx, .md and .zip of them) into the library, translate and analyse each, optionally write "
        "briefs, and rank the articles by their most check-worthy claim. A re-run skips the articles "
        "already done with the same model and profile.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or .zip archives")
    p.add_argument("--profile", choices=("fast", "quality"), default="fast")
    p.add_argument(
        "--model", metavar="best|standard|NAME|PATH", type=model_for_choice,
        help="the translation model (default: the installed default)",
    )  # fmt: skip
    p.add_argument("--brief-dir", type=Path, metavar="DIR", help="also write each article's brief here")
    p.add_argument("--format", choices=("md", "html", "docx", "pdf"), default="md", help="the briefs' format")
    p.add_argument("--jobs", type=_positive, default=1, metavar="N", help="N worker processes (default 1)")
    p.add_argument(
        "--ray", metavar="ADDRESS|auto",
        help="send the work to a Ray cluster (needs pip install dragoman[cluster])",
    )  # fmt: skip
    p.add_argument("--lang", choices=("bg", "en"), help="source language (default: detected per article)")
    p.add_argument("--json", action="store_true", help="print the summary and ranking as JSON")
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (1 or more)")
    return value


def run(args: argparse.Namespace) -> int:
    from desktop.cli.progress import ProgressBar
    from desktop.core.batch.sweep import BatchOptions, batch_job
    from desktop.core.jobs import CancelToken, run_job
    from desktop.core.library.store import Library

    if args.ray:
        from desktop.core.batch.ray_pool import import_ray

        import_ray()  # no Ray: one line saying how to get it, before any work
    options = BatchOptions(
        model=args.model, profile=args.profile, jobs=args.jobs, ray=args.ray,
        brief_dir=args.brief_dir, brief_format=args.format, language=args.lang,
    )  # fmt: skip
    token = CancelToken()
    bar = ProgressBar(unit="words")

    def stop(_signum: int, _frame: Any) -> None:
        token.cancel()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C quits at once
        print(
            "\ndragoman: stopping after the articles in progress (Ctrl-C again to quit now)", file=sys.stderr
        )

    previous = signal.signal(signal.SIGINT, stop)
    try:
        with Library() as library:
            report = run_job(batch_job(library, args.paths, options, cancel=token), bar)
    finally:
        bar.close()
        signal.signal(signal.SIGINT, previous)
    if args.json:
        print(json.dumps(_as_json(report), ensure_ascii=False, indent=2))
    else:
        _print_summary(report)
    return EXIT_STOPPED if report.stopped else 0


def _as_json(report: Any) -> dict[str, Any]:
    return {
        "done": len(report.done),
        "already_done": len(report.skipped),
        "bad": [{"file": b.source, "reason": b.reason} for b in report.bad],
        "stopped": report.stopped,
        "words": report.words,
        "seconds": round(report.seconds, 2),
        "briefs": [str(p) for p in report.briefs],
        "ranking": [
            {
                "doc_id": r.doc_id,
                "title": r.title,
                "top_claim": r.top_claim,
                "speaker": r.speaker,
                "score": None if r.score is None else round(r.score, 3),
            }
            for r in report.ranking
        ],  # fmt: skip
    }


def _print_summary(report: Any) -> None:
    rate = f", {report.words / report.seconds:.0f} words/s" if report.seconds > 0 and report.words else ""
    print(
        f"{len(report.done)} articles done, {len(report.skipped)} already done, {len(report.bad)} bad "
        f"({report.seconds:.1f} s{rate})"
    )
    if report.stopped:
        print("Stopped before the end: run the same command again to go on where it stopped.")
    if report.bad:
        print("Could not be read:")
        for bad in report.bad:
            print(f"  {bad.line()}")
    if report.briefs:
        print(f"{len(report.briefs)} briefs written to {report.briefs[0].parent}")
    if report.ranking:
        print("Most check-worthy first:")
        print(f"  {'score':>5}  {'title':<32}  {'speaker':<18}  claim")
        for row in report.ranking:
            score = "  -  " if row.score is None else f"{row.score:5.2f}"
            print(
                f"  {score}  {_cut(row.title, 32):<32}  {_cut(row.speaker, 18):<18}  {_cut(row.top_claim, 70)}"
            )


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
