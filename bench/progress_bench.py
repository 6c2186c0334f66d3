"""How often the reader hears from a translation: the longest silence between results, quiet and under load.

Issue 13 case 10: under load the status bar sat on "0/21" for over a minute
and then everything arrived at once. The job now keeps each batch within
about two seconds of decoding (desktop.core.translate.pacing) and reports a
heartbeat while one decodes. This bench runs the translation job on the
synthetic opus-mt-bg-en-shaped model (bench/translate_bench.py builds it;
output lengths forced as there) over the sample article repeated four times,
with pacing on and off (off = the profile's fixed batches and no heartbeat,
as before), on a quiet machine and with busy processes competing for every
core, and prints a table:

* first result: when the headline's English arrives (model already loaded);
* longest gap between results after it: the longest time the English pane
  waits for its next sentences;
* longest gap between events: what the status bar waits for (a heartbeat
  counts: the words/s and elapsed time move);
* target tokens per second: what pacing costs in throughput.

Usage: ``python bench/progress_bench.py [--load N] [--repeat 4] [--profiles quality fast]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _spin(stop: Any) -> None:
    """A process that keeps one core busy until told to stop (the 'other programs' of a loaded laptop)."""
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


def _document(repeat: int) -> Any:
    from bench.translate_bench import SAMPLE
    from desktop.core.ingest.reader import document_from_text

    body = SAMPLE.read_text(encoding="utf-8")
    head, _, rest = body.partition("\n")
    return document_from_text(head + "\n\n" + "\n\n".join([rest.strip()] * repeat), name="bench", language="bg")


def _run(backend: Any, doc: Any, profile: str, *, paced: bool) -> dict[str, float]:
    from desktop.core.translate import job as job_module
    from desktop.core.translate import pacing

    saved = job_module.HEARTBEAT_S, job_module.Pace
    if not paced:

        class Fixed(pacing.Pace):
            def budget(self) -> int:
                return self.start_budget

        job_module.HEARTBEAT_S, job_module.Pace = None, Fixed  # type: ignore[misc, assignment]
    try:
        started = time.perf_counter()
        last_result = last_event = started
        gap_result = gap_event = 0.0
        first = None
        job = job_module.translate_document_job(doc, backend=backend, profile=profile)
        for event in job:
            now = time.perf_counter()
            gap_event = max(gap_event, now - last_event)
            last_event = now
            if event.payload:
                if first is None:
                    first = now - started
                else:
                    gap_result = max(gap_result, now - last_result)
                last_result = now
        wall = time.perf_counter() - started
    finally:
        job_module.HEARTBEAT_S, job_module.Pace = saved
    return {
        "wall": wall, "first": first or wall, "gap_result": gap_result, "gap_event": gap_event,
        "tokens": backend.useful,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, default=4, help="busy processes for the loaded rows (default 4)")
    parser.add_argument("--repeat", type=int, default=4, help="copies of the sample article's body (default 4)")
    parser.add_argument("--profiles", nargs="+", default=["quality", "fast"], help="decoding profiles to run")
    args = parser.parse_args()

    from bench.translate_bench import MODEL_NAME, cache_dir, prepare
    from bench.translate_cold_start import ForcedLength
    from desktop.core.translate.backends import load_backend
    from desktop.core.translate.profiles import decoding_profile

    store = prepare(cache_dir())
    os.environ["DRAGOMAN_MODELS"] = str(store)
    doc = _document(args.repeat)
    sentences = sum(1 for _ in doc.iter_sentences()) + 1
    print(
        f"\nTranslation job on the synthetic {MODEL_NAME} (ct2 int8, output forced to 1.2 x source), "
        f"{sentences} sentences (the sample article's body x {args.repeat}), {os.cpu_count()} CPU(s); "
        f"load average before {os.getloadavg()[0]:.2f}\n"
    )
    print("| profile | machine | pacing | wall s | target tok/s | first result s | "
          "longest gap between results after it s | longest gap between events s |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    figures = {}
    for profile in args.profiles:
        inner = load_backend(MODEL_NAME, "ct2", first_batch_alone=decoding_profile(profile).first_alone)
        for loaded in (False, True):
            stop = multiprocessing.Event()
            spinners = [multiprocessing.Process(target=_spin, args=(stop,)) for _ in range(args.load if loaded else 0)]
            for p in spinners:
                p.start()
            try:
                for paced in (False, True):
                    backend = ForcedLength(inner)
                    r = _run(backend, doc, profile, paced=paced)
                    machine = f"{args.load} busy processes" if loaded else "quiet"
                    print(
                        f"| {profile} | {machine} | {'on' if paced else 'off (before)'} | {r['wall']:.2f} | "
                        f"{r['tokens'] / r['wall']:.0f} | {r['first']:.2f} | {r['gap_result']:.2f} | {r['gap_event']:.2f} |"
                    )
                    figures[(profile, loaded, paced)] = r
            finally:
                stop.set()
                for p in spinners:
                    p.join()
    worst = max(r["gap_result"] for (_p, _l, paced), r in figures.items() if paced)
    worst_before = max(r["gap_result"] for (_p, _l, paced), r in figures.items() if not paced)
    print(f"\nlongest_gap_s={worst:.2f} longest_gap_before_s={worst_before:.2f}")


if __name__ == "__main__":
    main()
