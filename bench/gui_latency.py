"""Does the window stay responsive? Event-loop stalls while translating, and start-up time.

Two measurements, printed as one table:

1. **Window shown**: a fresh ``dragoman gui`` process is started with
   ``$DRAGOMAN_STARTUP_PROBE`` set to the launch time; the app prints how long
   after launch its window was shown (and whether torch / transformers /
   ctranslate2 were imported by then), then exits. Run a few times; target
   < 1.0 s, with none of the heavy modules loaded.
2. **Longest stall**: the sample article is opened and translated in the
   window with a synthetic model of opus-mt-bg-en's full size (random
   weights; built and installed once, cached between runs), while a 10 ms
   QTimer records the gaps between its ticks. The longest gap is the longest
   time the user could not interact with the window; target < 100 ms.

Usage: ``python bench/gui_latency.py [--runs 3] [--profile quality|fast] [--backend ct2|hf]
[--rebuild] [--tiny]`` (``--tiny`` uses the tiny test model, for a quick check).
Runs offscreen unless ``QT_QPA_PLATFORM`` is set. Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = Path(os.environ.get("DRAGOMAN_BENCH_CACHE", Path(tempfile.gettempdir()) / "dragoman-bench"))
SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"
TICK_MS = 10


def build_store(*, tiny: bool, rebuild: bool) -> Path:
    """A model store holding a synthetic opus-mt-bg-en, cached between runs.

    The full-size model is the engine benchmark's own (``bench/translate_bench.py``
    builds and installs it into the same cache), so both benchmarks measure the
    same model; ``tiny`` uses the test model instead.
    """
    if not tiny:
        from bench import translate_bench

        cache = translate_bench.cache_dir()
        if rebuild:
            shutil.rmtree(cache, ignore_errors=True)
        return Path(translate_bench.prepare(cache))
    store_dir = CACHE / "gui-store-tiny"
    if rebuild:
        shutil.rmtree(store_dir, ignore_errors=True)
    if (store_dir / "opus-mt-bg-en").is_dir():
        return store_dir
    from desktop.core.models import ModelStore
    from desktop.core.models.tinymodel import build_tiny_marian

    source = CACHE / "gui-source-tiny"
    shutil.rmtree(source, ignore_errors=True)
    build_tiny_marian(source)
    ModelStore(store_dir).import_path(source, name="opus-mt-bg-en")
    shutil.rmtree(source, ignore_errors=True)
    return store_dir


# --- 1. time to window shown ------------------------------------------------------------


def window_shown_once(env: dict[str, str]) -> dict[str, object]:
    probe_env = dict(env)
    probe_env["DRAGOMAN_STARTUP_PROBE"] = repr(time.time())
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main(['gui']))"],
        env=probe_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"the app printed no start-up probe:\n{out.stdout}\n{out.stderr}")


# --- 2. stalls while translating -------------------------------------------------------------


def measure_stalls(store: Path, *, profile: str, backend: str, home: Path) -> dict[str, float]:
    os.environ["DRAGOMAN_MODELS"] = str(store)
    os.environ["DRAGOMAN_LIBRARY"] = str(home / "library.sqlite")
    os.environ["DRAGOMAN_CONFIG"] = str(home / "config")
    from PySide6.QtCore import QElapsedTimer, QTimer

    from desktop.gui.app import ensure_application
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import AppSettings
    from desktop.gui.theme import apply_theme

    app = ensure_application()
    settings = AppSettings()
    settings.profile = profile
    settings.backend = backend
    settings.first_run_done = True
    apply_theme(app, "light")
    window = MainWindow(settings)
    window.report_error = lambda title, text: print(f"error: {title}: {text}", file=sys.stderr)
    window.show()
    app.processEvents()

    gaps: list[float] = []
    worst: list[tuple[float, float, int, str]] = []  # (seconds after Open, gap ms, sentences shown, jobs)
    clock = QElapsedTimer()
    last = [0]
    timer = QTimer()
    timer.setInterval(TICK_MS)

    def tick() -> None:
        now = clock.elapsed()
        gap = now - last[0]
        gaps.append(gap)
        last[0] = now
        if gap > 50:
            shown = len(window.translation.sentences) if window.translation else 0
            worst.append((now / 1000, gap - TICK_MS, shown, ",".join(sorted(window._workers)) or "-"))

    timer.timeout.connect(tick)
    state = {"started": 0.0, "translated": 0.0, "done": False, "first": 0.0}

    def on_translated(ok: bool) -> None:
        state["translated"] = time.perf_counter() - state["started"]

    def on_progress() -> None:
        if not state["first"] and window.translation is not None:
            state["first"] = time.perf_counter() - state["started"]

    window.translation_done.connect(on_translated)
    window.en_pane.textChanged.connect(on_progress)
    window.analysis_done.connect(lambda: state.update(done=bool(state["translated"])))

    clock.start()
    timer.start()
    state["started"] = time.perf_counter()
    window.open_path(str(SAMPLE))
    deadline = time.perf_counter() + 600
    while not state["done"] and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    sentences = len(window.doc.sentences) if window.doc else 0
    translated = len(window.translation.sentences) if window.translation else 0
    window.close()
    app.processEvents()
    over = [g for g in gaps if g > 100]
    for at, gap, shown, jobs in sorted(worst, key=lambda w: -w[1])[:5]:
        print(f"  stall {gap:4.0f} ms at {at:6.2f} s (English sentences shown: {shown}, jobs: {jobs})", file=sys.stderr)
    return {
        "max_stall_ms": max(gaps) - TICK_MS if gaps else float("nan"),
        "p99_gap_ms": statistics.quantiles(gaps, n=100)[98] if len(gaps) > 100 else float("nan"),
        "stalls_over_100ms": float(len(over)),
        "ticks": float(len(gaps)),
        "first_english_s": state["first"],
        "translated_s": state["translated"],
        "sentences": float(sentences),
        "translated": float(translated),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="start-up runs (default 3)")
    parser.add_argument("--profile", choices=("quality", "fast"), default="quality")
    parser.add_argument("--backend", choices=("auto", "ct2", "hf"), default="auto")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached synthetic model")
    parser.add_argument("--tiny", action="store_true", help="use the tiny test model (quick check)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    home = Path(tempfile.mkdtemp(prefix="dragoman-gui-bench-"))
    try:
        env = dict(os.environ)
        env["DRAGOMAN_CONFIG"] = str(home / "probe-config")
        env["DRAGOMAN_LIBRARY"] = str(home / "probe-library.sqlite")
        env["DRAGOMAN_MODELS"] = str(home / "probe-models")
        shown = [window_shown_once(env) for _ in range(max(1, args.runs))]
        times = [float(s["window_shown_s"]) for s in shown]
        heavy = sorted({m for s in shown for m in s["heavy_modules"]})  # type: ignore[attr-defined]

        store = build_store(tiny=args.tiny, rebuild=args.rebuild)
        stalls = measure_stalls(store, profile=args.profile, backend=args.backend, home=home)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    model = "tiny test model" if args.tiny else "synthetic opus-mt-bg-en (full size)"
    rows = [
        (f"window shown after launch (median of {len(times)})", f"{statistics.median(times):.2f} s", "< 1.0 s"),
        ("window shown after launch (worst)", f"{max(times):.2f} s", "< 1.0 s"),
        ("heavy modules imported before the window", ", ".join(heavy) or "none", "none"),
        (f"longest event-loop stall while translating ({args.profile})", f"{stalls['max_stall_ms']:.0f} ms", "< 100 ms"),
        ("99th percentile timer gap", f"{stalls['p99_gap_ms']:.0f} ms", f"~{TICK_MS} ms"),
        ("gaps over 100 ms", f"{stalls['stalls_over_100ms']:.0f} of {stalls['ticks']:.0f}", "0"),
        ("first English on screen after Open", f"{stalls['first_english_s']:.2f} s", ""),
        ("whole article translated", f"{stalls['translated_s']:.2f} s ({stalls['translated']:.0f}/{stalls['sentences']:.0f})", ""),
    ]
    print(f"GUI latency — {model}, backend {args.backend}, {os.cpu_count()} CPUs, QPA {os.environ['QT_QPA_PLATFORM']}")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>22}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>22}  {target}")
    print(
        f"window_shown_s={statistics.median(times):.3f} max_stall_ms={stalls['max_stall_ms']:.0f} "
        f"heavy_before_window={'none' if not heavy else ','.join(heavy)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
