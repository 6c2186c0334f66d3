"""Does the window stay responsive? Start-up time, and event-loop stalls while translating and searching.

Three measurements, printed as one table:

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
3. **Longest stall while searching**: a window opens a library of 10,000
   synthetic articles (``bench/library_bench.py``'s, built once and cached),
   then queries are typed into the sidebar's search field a key at a time
   (about 8 keys a second), each query's results awaited, and the search
   cleared again (the list comes back), with the same 10 ms timer running.
   Target < 100 ms: the library's work runs on the database lane, never on
   the UI thread.

Usage: ``python bench/gui_latency.py [--runs 3] [--profile quality|fast] [--backend ct2|hf]
[--rebuild] [--tiny] [--articles 10000]`` (``--tiny`` uses the tiny test model, for a quick check).
Runs offscreen unless ``QT_QPA_PLATFORM`` is set. Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


class StallMeter:
    """A 10 ms QTimer and the gaps between its ticks: how long the event loop could not answer."""

    def __init__(self, describe: Any = None) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.gaps: list[float] = []
        self.worst: list[tuple[float, float, str]] = []  # (seconds in, gap ms, what was going on)
        self._describe = describe or (lambda: "")
        self._clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = self._clock.elapsed()
        gap = now - self._last
        self.gaps.append(gap)
        self._last = now
        if gap > 50:
            self.worst.append((now / 1000, gap - TICK_MS, self._describe()))

    def report(self, label: str) -> dict[str, float]:
        for at, gap, what in sorted(self.worst, key=lambda w: -w[1])[:5]:
            print(f"  {label}: stall {gap:4.0f} ms at {at:6.2f} s ({what})", file=sys.stderr)
        gaps = self.gaps
        return {
            "max_stall_ms": max(gaps) - TICK_MS if gaps else float("nan"),
            "p99_gap_ms": statistics.quantiles(gaps, n=100)[98] if len(gaps) > 100 else float("nan"),
            "stalls_over_100ms": float(sum(1 for g in gaps if g > 100)),
            "ticks": float(len(gaps)),
        }


def _window(home: Path, name: str, **settings_values: Any) -> Any:
    """A fresh window with its own settings folder; errors are printed, never shown."""
    os.environ["DRAGOMAN_CONFIG"] = str(home / f"config-{name}")
    from desktop.gui.app import ensure_application
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import AppSettings
    from desktop.gui.theme import apply_theme

    app = ensure_application()
    settings = AppSettings()
    settings.first_run_done = True
    for key, value in settings_values.items():
        setattr(settings, key, value)
    apply_theme(app, "light")
    window = MainWindow(settings)
    window.dialogs.error = lambda title, text: print(f"error: {title}: {text}", file=sys.stderr)
    window.show()
    app.processEvents()
    return app, window


def _spin(app: Any, done: Any, timeout_s: float) -> bool:
    deadline = time.perf_counter() + timeout_s
    while not done() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    return bool(done())


def measure_stalls(store: Path, *, profile: str, backend: str, home: Path) -> dict[str, float]:
    os.environ["DRAGOMAN_MODELS"] = str(store)
    os.environ["DRAGOMAN_LIBRARY"] = str(home / "library.sqlite")
    app, window = _window(home, "translate", profile=profile, backend=backend)

    def describe() -> str:
        shown = len(window.translation.sentences) if window.translation else 0
        return f"English sentences shown: {shown}, jobs: {','.join(window.runner.roles) or '-'}"

    meter = StallMeter(describe)
    state = {"started": 0.0, "translated": 0.0, "done": False, "first": 0.0}

    def on_translated(ok: bool) -> None:
        state["translated"] = time.perf_counter() - state["started"]

    def on_progress() -> None:
        if not state["first"] and window.translation is not None:
            state["first"] = time.perf_counter() - state["started"]

    window.translation_done.connect(on_translated)
    window.reading.en_pane.textChanged.connect(on_progress)
    window.analysis_done.connect(lambda: state.update(done=bool(state["translated"])))

    meter.start()
    state["started"] = time.perf_counter()
    window.start()
    window.documents.open_path(str(SAMPLE))
    _spin(app, lambda: state["done"], 600)
    meter.stop()
    sentences = len(window.doc.sentences) if window.doc else 0
    translated = len(window.translation.sentences) if window.translation else 0
    window.close()
    app.processEvents()
    return {
        **meter.report("translating"),
        "first_english_s": state["first"],
        "translated_s": state["translated"],
        "sentences": float(sentences),
        "translated": float(translated),
    }


#: What a journalist types into the sidebar (Bulgarian and English, stems, names, a miss).
SEARCHES = ("бюджет", "Кърби", "инфлацията", "pensions", "еврозоната", "Шойгу Пхенян", "National Assembly",
            "несъществуващадума", "министър")
KEY_INTERVAL_S = 0.12


def big_library(articles: int, *, rebuild: bool = False) -> Path:
    """A library of ``articles`` synthetic articles, built by ``bench/library_bench.py``'s generator.

    Cached under its own name (not library_bench's file, which that bench may be rebuilding at the
    same moment) and checked: a cached file that does not hold the articles is built again.
    """
    import sqlite3

    from bench import library_bench
    from desktop.core.library.schema import SCHEMA_VERSION

    cache = Path(os.environ.get("DRAGOMAN_BENCH_CACHE", Path(tempfile.gettempdir()) / "dragoman-bench")) / "library"
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"gui-latency-{articles}-v{SCHEMA_VERSION}.sqlite"
    held = 0
    if cached.exists() and not rebuild:
        with contextlib.closing(sqlite3.connect(cached)) as conn:
            held = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    if held != articles:
        print(f"building {articles} articles in {cached} ...", file=sys.stderr, flush=True)
        library_bench.build(cached, articles)
    return cached


def measure_search_stalls(library_file: Path, *, home: Path) -> dict[str, float]:
    """Type searches into the sidebar of a window on a big library while timing the event loop."""
    work = home / "big-library.sqlite"
    shutil.copyfile(library_file, work)
    os.environ["DRAGOMAN_LIBRARY"] = str(work)
    os.environ["DRAGOMAN_MODELS"] = str(home / "no-models")
    app, window = _window(home, "search")
    sidebar = window.sidebar
    meter = StallMeter(lambda: f"query {sidebar.query!r}, jobs: {','.join(window.runner.roles) or '-'}")
    meter.start()
    t0 = time.perf_counter()
    window.start()  # opens the library and lists the newest articles, on the database lane
    listed = _spin(app, lambda: sidebar.list.count() > 0 and not window.busy, 120)
    listed_s = time.perf_counter() - t0
    if not listed:
        raise RuntimeError(f"the window listed nothing from {library_file} in 120 s")
    waits: list[float] = []
    hits: list[int] = []
    for query in SEARCHES:
        sidebar.search.clear()
        for n in range(1, len(query) + 1):  # a key at a time
            sidebar.search.setText(query[:n])
            end = time.perf_counter() + KEY_INTERVAL_S
            _spin(app, lambda end=end: time.perf_counter() >= end, KEY_INTERVAL_S + 1)
        typed = time.perf_counter()
        _spin(app, lambda q=query: q in sidebar.status.text() and not window.busy, 30)
        waits.append(time.perf_counter() - typed)
        hits.append(sidebar.list.count())
    sidebar.search.clear()
    _spin(app, lambda: "newest" in sidebar.status.text() and not window.busy, 30)
    meter.stop()
    count = window.library.db.execute("SELECT count(*) FROM documents").fetchone()[0] if window.library else 0
    window.close()
    app.processEvents()
    return {
        **meter.report("searching"),
        "articles": float(count),
        "listed_s": listed_s if listed else float("nan"),
        "results_after_last_key_ms": statistics.median(waits) * 1000,
        "results_after_last_key_max_ms": max(waits) * 1000,
        "queries": float(len(SEARCHES)),
        "hits_median": float(statistics.median(hits)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="start-up runs (default 3)")
    parser.add_argument("--profile", choices=("quality", "fast"), default="quality")
    parser.add_argument("--backend", choices=("auto", "ct2", "hf"), default="auto")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached synthetic model")
    parser.add_argument("--tiny", action="store_true", help="use the tiny test model (quick check)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the searched library")
    parser.add_argument("--phases", default="start,translate,search",
                        help="which measurements to run, comma-separated (default: all three)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    phases = {name.strip() for name in args.phases.split(",") if name.strip()}
    load_before = os.getloadavg()[0]
    home = Path(tempfile.mkdtemp(prefix="dragoman-gui-bench-"))
    rows: list[tuple[str, str, str]] = []
    summary: list[str] = []
    try:
        if "start" in phases:
            env = dict(os.environ)
            env["DRAGOMAN_CONFIG"] = str(home / "probe-config")
            env["DRAGOMAN_LIBRARY"] = str(home / "probe-library.sqlite")
            env["DRAGOMAN_MODELS"] = str(home / "probe-models")
            shown = [window_shown_once(env) for _ in range(max(1, args.runs))]
            times = [float(s["window_shown_s"]) for s in shown]
            heavy = sorted({m for s in shown for m in s["heavy_modules"]})  # type: ignore[attr-defined]
            rows += [
                (f"window shown after launch (median of {len(times)})", f"{statistics.median(times):.2f} s", "< 1.0 s"),
                ("window shown after launch (worst)", f"{max(times):.2f} s", "< 1.0 s"),
                ("heavy modules imported before the window", ", ".join(heavy) or "none", "none"),
            ]
            summary += [f"window_shown_s={statistics.median(times):.3f}",
                        f"heavy_before_window={'none' if not heavy else ','.join(heavy)}"]
        if "translate" in phases:
            store = build_store(tiny=args.tiny, rebuild=args.rebuild)
            stalls = measure_stalls(store, profile=args.profile, backend=args.backend, home=home)
            done = f"{stalls['translated_s']:.2f} s ({stalls['translated']:.0f}/{stalls['sentences']:.0f})"
            rows += [
                (f"longest event-loop stall while translating ({args.profile})", f"{stalls['max_stall_ms']:.0f} ms",
                 "< 100 ms"),
                ("  99th percentile timer gap", f"{stalls['p99_gap_ms']:.0f} ms", f"~{TICK_MS} ms"),
                ("  gaps over 100 ms", f"{stalls['stalls_over_100ms']:.0f} of {stalls['ticks']:.0f}", "0"),
                ("  first English on screen after Open", f"{stalls['first_english_s']:.2f} s", ""),
                ("  whole article translated", done, ""),
            ]
            summary.append(f"max_stall_ms={stalls['max_stall_ms']:.0f}")
        if "search" in phases:
            search = measure_search_stalls(big_library(args.articles, rebuild=args.rebuild), home=home)
            rows += [
                (f"longest stall while searching {search['articles']:.0f} articles", f"{search['max_stall_ms']:.0f} ms",
                 "< 100 ms"),
                ("  99th percentile timer gap", f"{search['p99_gap_ms']:.0f} ms", f"~{TICK_MS} ms"),
                ("  gaps over 100 ms", f"{search['stalls_over_100ms']:.0f} of {search['ticks']:.0f}", "0"),
                ("  library opened and listed after start", f"{search['listed_s']:.2f} s", ""),
                (f"  results after the last key (median of {search['queries']:.0f})",
                 f"{search['results_after_last_key_ms']:.0f} ms", ""),
                ("  results after the last key (worst)", f"{search['results_after_last_key_max_ms']:.0f} ms", ""),
            ]
            summary.append(f"max_search_stall_ms={search['max_stall_ms']:.0f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)

    model = "tiny test model" if args.tiny else "synthetic opus-mt-bg-en (full size)"
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    print(f"GUI latency — {model}, backend {args.backend}, {os.cpu_count()} CPUs ({load}), "
          f"QPA {os.environ['QT_QPA_PLATFORM']}")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>22}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>22}  {target}")
    print(" ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
