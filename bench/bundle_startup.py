"""The packaged desktop build (``make bundle``): its size, and how fast it starts and translates.

Measures ``dist/dragoman`` as a user gets it, each figure from fresh
processes (median of ``--runs``), beside the same command run from the
source checkout's virtual environment for comparison:

* **size** of ``dist/dragoman`` on disk, and its largest parts;
* **process start**: ``dragoman --version`` (the bootloader, Python, the CLI
  parser; the floor every command pays);
* **window shown**: ``dragoman gui`` with ``$DRAGOMAN_STARTUP_PROBE`` set to
  the launch time; the app prints, once its window is shown, how long after
  launch that was and which heavy modules were loaded by then (none should
  be), then exits;
* **model import**: ``dragoman models import`` of a synthetic model with
  opus-mt-bg-en's exact shape (300 MB, random weights, built and cached by
  ``bench/translate_bench.py``) into an empty store; in the bundle this
  converts to CTranslate2 int8 *without torch* (the numpy converter);
* **first sentence**: launch to the first translated sentence:
  ``dragoman translate --no-memory`` on a file holding the sample article's
  first sentence (quality profile, beam 4, ct2), process exit included;
* **whole article**: the same for the 25-sentence sample article.

A random model does not stop where a real one would: it writes up to the
engine's output cap (2 x source tokens + 10), so the translation rows are
upper bounds of what the real opus-mt-bg-en costs.

Usage: ``python bench/bundle_startup.py [--runs 5] [--no-source] [--dist dist/dragoman]``.
Run ``make bundle`` first. Runs offscreen unless ``QT_QPA_PLATFORM`` is set.
Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"
MODEL_NAME = "opus-mt-bg-en"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def largest_parts(internal: Path, count: int = 8) -> list[tuple[str, int]]:
    parts = []
    for child in internal.iterdir():
        if child.is_symlink():  # PyInstaller links some libraries into place: count each file once
            continue
        size = folder_size(child) if child.is_dir() else child.stat().st_size
        parts.append((child.name, size))
    return sorted(parts, key=lambda p: -p[1])[:count]


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()[-400:]}")
    return elapsed


def window_shown(command: list[str], env: dict[str, str]) -> tuple[float, list[str]]:
    probe_env = dict(env, DRAGOMAN_STARTUP_PROBE=repr(time.time()))
    result = subprocess.run([*command, "gui"], env=probe_env, capture_output=True, text=True, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("{") and "window_shown_s" in line:
            data = json.loads(line)
            return float(data["window_shown_s"]), list(data["heavy_modules"])
    raise RuntimeError(f"the app did not report its window ({result.returncode}): {result.stderr.strip()[-400:]}")


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def synthetic_model() -> Path:
    """The opus-mt-bg-en-shaped Hugging Face folder of bench/translate_bench.py (built once, cached)."""
    from bench import translate_bench

    cache = translate_bench.cache_dir()
    translate_bench.prepare(cache)
    hf_dir = cache / "hf" / MODEL_NAME
    if not (hf_dir / "model.safetensors").is_file():
        raise RuntimeError(f"bench/translate_bench.py did not build {hf_dir}")
    return hf_dir


def measure(label: str, command: list[str], hf_dir: Path, work: Path, runs: int) -> dict[str, object]:
    """Every timing row for one way of running dragoman (the bundle, or the source venv)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(
        DRAGOMAN_MODELS=str(work / "models"),
        DRAGOMAN_LIBRARY=str(work / "library.sqlite"),
        DRAGOMAN_CONFIG=str(work / "config"),
        HF_HUB_OFFLINE="1",
    )
    row: dict[str, object] = {"label": label}
    timed([*command, "--version"], env)  # warm the page cache once, as a second launch would be
    row["start"] = median_of(runs, lambda: timed([*command, "--version"], env))
    shown = [window_shown(command, env) for _ in range(runs)]
    row["shown"] = statistics.median(s for s, _ in shown)
    row["heavy"] = sorted({m for _, heavy in shown for m in heavy})
    started = time.perf_counter()
    subprocess.run(
        [*command, "models", "import", str(hf_dir), "--name", MODEL_NAME],
        env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    row["import"] = time.perf_counter() - started
    from desktop.core.models import RECORD_NAME

    record = json.loads((work / "models" / MODEL_NAME / RECORD_NAME).read_text(encoding="utf-8"))
    row["ct2"] = (record.get("ct2") or {}).get("status", "?")
    one = work / "first-sentence.txt"
    from desktop.core.ingest.reader import read_document

    one.write_text(read_document(SAMPLE).sentences[0].text + "\n", encoding="utf-8")
    translate = [*command, "translate", "--no-memory"]
    row["first"] = median_of(runs, lambda: timed([*translate, str(one)], env))
    row["article"] = median_of(max(1, runs // 2 + 1), lambda: timed([*translate, str(SAMPLE)], env))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per timing (median; default 5)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "dragoman", help="the bundle folder")
    parser.add_argument("--no-source", action="store_true", help="measure the bundle only")
    args = parser.parse_args()

    exe = args.dist / "dragoman"
    if not exe.is_file():
        sys.exit(f"{exe} not found: run `make bundle` first")
    hf_dir = synthetic_model()
    ways = [("bundle", [str(exe)])]
    if not args.no_source:
        ways.append(("source (.venv)", [sys.executable, "-m", "desktop"]))
    rows = []
    for label, command in ways:
        with tempfile.TemporaryDirectory(prefix="dragoman-bundle-bench-") as work:
            rows.append(measure(label, command, hf_dir, Path(work), args.runs))

    size = folder_size(args.dist)
    files = sum(1 for f in args.dist.rglob("*") if f.is_file())
    print(f"Bundle: {args.dist} -- {size / 1e6:.0f} MB in {files} files; largest parts:")
    for name, part in largest_parts(args.dist / "_internal"):
        print(f"  {part / 1e6:7.1f} MB  {name}")
    print(f"\nMedian of {args.runs} fresh processes ({os.cpu_count()} CPUs); model: synthetic {MODEL_NAME}, "
          f"{folder_size(hf_dir) / 1e6:.0f} MB, random weights")
    print()
    header = ["", *[str(r["label"]) for r in rows]]
    lines = [
        ("process start (--version)", "start", "{:.2f} s"),
        ("window shown (gui)", "shown", "{:.2f} s"),
        ("heavy modules loaded when shown", "heavy", "{}"),
        ("models import (incl. ct2 conversion)", "import", "{:.1f} s"),
        ("ct2 conversion", "ct2", "{}"),
        ("first translated sentence (translate)", "first", "{:.2f} s"),
        ("whole sample article, 25 sentences", "article", "{:.2f} s"),
    ]
    table = [header]
    for title, key, fmt in lines:
        cells = []
        for r in rows:
            value = r[key]
            cells.append(", ".join(value) or "none" if isinstance(value, list) else fmt.format(value))
        table.append([title, *cells])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for k, row in enumerate(table):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    bundle = rows[0]
    print(
        f"\nbundle_mb={size / 1e6:.0f} window_shown_s={bundle['shown']:.2f} "
        f"first_sentence_s={bundle['first']:.2f} import_s={bundle['import']:.1f}"
    )


if __name__ == "__main__":
    main()
