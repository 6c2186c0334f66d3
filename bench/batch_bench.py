"""Batch throughput: articles per minute for ``--jobs 1``, ``--jobs 2`` and Ray (a local 2-CPU instance).

The articles are generated from the shared Bulgarian news corpus
(``../shared/corpus``; the bench says so and stops when it is absent): the
corpus articles' paragraphs are cut into consecutive pieces of about
``--words`` words, each with its source's headline and a part number, so no
two articles share a sentence and the translation memory never answers.
The model is the synthetic opus-mt-bg-en of ``bench/translate_bench.py``
(same architecture, random weights, installed and converted to ct2 int8 by
the store; built once and cached), and every decode is forced to 1.2 x its
source tokens (:class:`bench.translate_cold_start.ForcedLength`), so each
row does exactly the same work.

Rows, each on a fresh library, through :func:`desktop.core.batch.sweep.batch_job`
as ``dragoman batch`` runs it (import, translate, analyse, one transaction per
article):

* ``--jobs 1``: this process, one single-threaded translator;
* ``--jobs 2``: two spawned processes, one single-threaded translator each;
* ``--ray``: two Ray actors on a local Ray of 2 CPUs (``ray.init`` is timed
  apart, as a cluster is started once and used for many batches).

Each rate counts the whole batch, worker start-up and model loading
included, as a user waits for it; every article's Markdown brief is written
(``--brief-dir``). "Wait" is how long one article waits from being read to
its brief being written (its last write): median and 90th percentile. The load average is printed before and after: this machine is
shared, and anything else running changes every figure.

Usage: ``python bench/batch_bench.py [--articles 200] [--words 120] [--profile fast]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"


def forced_work(task: Any) -> Any:
    """A worker's article with the decode lengths forced (top-level: spawned processes and Ray pickle it)."""
    from bench.translate_cold_start import ForcedLength
    from desktop.core.batch.work import try_article

    return try_article(task, wrap=ForcedLength)


def corpus_articles() -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) of every corpus article (the first four lines are id, language, date, URL)."""
    found = []
    for path in sorted(CORPUS.rglob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        body = [ln.strip() for ln in lines[5:] if ln.strip()]
        if len(lines) > 5 and body:
            found.append((lines[4].strip(), body))
    return found


def generate(out: Path, count: int, words: int) -> int:
    """Write ``count`` articles of about ``words`` words each into ``out``; return their words."""
    sources = corpus_articles()
    pieces: list[tuple[str, list[str]]] = []
    for title, paragraphs in sources:
        chunk: list[str] = []
        for paragraph in paragraphs:
            chunk.append(paragraph)
            if sum(len(p.split()) for p in chunk) >= words:
                pieces.append((title, chunk))
                chunk = []
    total = 0
    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        title, chunk = pieces[i % len(pieces)]
        round_ = i // len(pieces)  # past the corpus: the same text again, marked so its bytes differ
        text = f"{title} ({i + 1})\n\n" + "\n\n".join(chunk) + (f"\n\nВариант {round_}." if round_ else "")
        (out / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total


def run_mode(label: str, articles: Path, work_dir: Path, profile: str, runner: Any) -> dict[str, Any]:
    from desktop.core.batch.sweep import BatchOptions, batch_job
    from desktop.core.jobs import run_job
    from desktop.core.library.store import Library

    started = time.perf_counter()
    with Library(work_dir / f"{label}.sqlite") as library:
        options = BatchOptions(profile=profile, brief_dir=work_dir / f"briefs-{label.split()[0]}", brief_format="md")
        report = run_job(batch_job(library, [articles], options, runner=runner))
    runner.close()
    seconds = time.perf_counter() - started
    assert not report.bad, [b.line() for b in report.bad]
    waits = sorted(report.waits)
    return {
        "label": label,
        "articles": len(report.done),
        "seconds": seconds,
        "per_minute": 60 * len(report.done) / seconds,
        "words_s": report.words / seconds,
        "wait_median": statistics.median(waits),
        "wait_p90": waits[int(0.9 * (len(waits) - 1))],
    }


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=200, help="how many articles to generate (default 200)"
    )
    parser.add_argument("--words", type=int, default=120, help="about how many words each article has")
    parser.add_argument("--profile", choices=("fast", "quality"), default="fast")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray row")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"batch_bench: skipped: the shared corpus ({CORPUS}) is not here")
        return
    from bench.translate_bench import cache_dir, prepare
    from desktop.core.batch.pools import InProcess, LocalProcesses

    store = prepare(cache_dir())
    os.environ["DRAGOMAN_MODELS"] = str(store)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    work_dir = Path(tempfile.mkdtemp(prefix="dragoman-batch-bench-"))
    try:
        words = generate(work_dir / "articles", args.articles, args.words)
        print(
            f"{args.articles} articles, {words:,} words, synthetic opus-mt-bg-en (ct2 int8), {args.profile} profile"
        )
        print(f"load average before (1/5/15 min): {load()}")
        rows = [
            run_mode("--jobs 1", work_dir / "articles", work_dir, args.profile, InProcess(work=forced_work)),
            run_mode(
                "--jobs 2", work_dir / "articles", work_dir, args.profile, LocalProcesses(2, work=forced_work)
            ),
        ]
        ray_start = None
        if not args.no_ray:
            import ray

            from desktop.core.batch.ray_pool import RayActors

            started = time.perf_counter()
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            ray_start = time.perf_counter() - started
            try:
                actors = RayActors(workers=2, work=forced_work)
                rows.append(
                    run_mode("--ray (local, 2 CPUs)", work_dir / "articles", work_dir, args.profile, actors)
                )
            finally:
                ray.shutdown()
        print(f"load average after (1/5/15 min): {load()}")
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    print()
    print(
        f"{'mode':<22} {'articles':>8} {'seconds':>8} {'art/min':>8} {'words/s':>8} {'wait med':>9} {'wait p90':>9}"
    )
    for r in rows:
        print(
            f"{r['label']:<22} {r['articles']:>8} {r['seconds']:>8.1f} {r['per_minute']:>8.1f} {r['words_s']:>8.0f} "
            f"{r['wait_median']:>8.2f}s {r['wait_p90']:>8.2f}s"
        )
    base = rows[0]["per_minute"]
    print(f"--jobs 2 vs --jobs 1: {rows[1]['per_minute'] / base:.2f}x (target >= 1.6x)")
    if len(rows) > 2:
        overhead = rows[1]["per_minute"] / rows[2]["per_minute"] - 1
        print(f"Ray vs --jobs 2: {rows[2]['per_minute'] / rows[1]['per_minute']:.2f}x, overhead {overhead:+.0%} "
              f"(target within 20%); ray.init took {ray_start:.1f} s, not counted")  # fmt: skip


if __name__ == "__main__":
    main()
