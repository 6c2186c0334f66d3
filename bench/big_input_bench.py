"""Bounded work on big input: time and peak memory of segment, claims, summary and brief.

The app accepts articles up to 20 MB; a desk pastes a whole day's wire or a
long report. Every headless command must stay near-linear in time and bounded
in memory on such input (issue 13, case 16). This bench builds Bulgarian
texts of 0.1, 1 and 5 MB from real news articles (``../shared/corpus`` when
present, else the project's sample article with its figures varied, so the
text is not one paragraph repeated), runs each command as a user would — a
fresh ``dragoman`` process — and prints wall time and the process's own peak
memory (``VmHWM``). Targets on a 2-core laptop: at most 60 s and 1 GB for 5 MB.

Usage: ``python bench/big_input_bench.py [--sizes 0.1 1 5]``. Never part of
``make test`` (tests/core/test_big_input.py runs a small size there).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"

COMMANDS: dict[str, list[str]] = {
    "segment": ["segment", "{file}"],
    "claims": ["claims", "{file}", "--json"],
    "summarize": ["summarize", "{file}", "--json"],
    "brief": ["brief", "{file}", "-o", "{out}", "--no-translate"],
}

#: Runs the CLI in-process and reports its own peak memory on stderr.
_RUNNER = (
    "import sys\n"
    "from desktop.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print('VMHWM_KB', hwm, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def source_articles() -> list[str]:
    """Bodies of real articles (header lines dropped), or the sample article."""
    bodies: list[str] = []
    for folder in ("bg_news", "bg_news_more"):
        for path in sorted((SHARED / folder).glob("*.txt")):
            lines = path.read_text(encoding="utf-8").splitlines()
            bodies.append("\n".join(lines[4:]).strip())
    if not bodies:
        bodies = [SAMPLE.read_text(encoding="utf-8")]
    return bodies


def build_text(megabytes: float) -> str:
    """About ``megabytes`` MB (UTF-8) of articles separated by blank lines.

    Repeats vary their years and figures so the text is not one block copied.
    """
    target = int(megabytes * 1_000_000)
    bodies = source_articles()
    parts: list[str] = []
    size = 0
    i = 0
    while size < target:
        body = bodies[i % len(bodies)]
        if i >= len(bodies):
            shift = i // len(bodies)
            body = "".join(str((int(c) + shift) % 10) if c.isdigit() else c for c in body)
        parts.append(body)
        size += len(body.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def run(command: list[str], file: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, peak MB and exit status of one fresh ``dragoman`` process."""
    args = [a.format(file=file, out=out) for a in command]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    peak_kb = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("VMHWM_KB")), 0)
    if proc.returncode != 0:
        print(f"  {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return wall, peak_kb / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0, 5.0], metavar="MB")
    args = parser.parse_args()
    source = "../shared/corpus" if (SHARED / "bg_news").is_dir() else "the sample article"
    print(f"Inputs built from {source}; one fresh process per cell; load average {os.getloadavg()[0]:.1f}")
    print()
    print("| input | sentences | command | seconds | peak MB |")
    print("| ----- | --------- | ------- | ------- | ------- |")
    worst_s = worst_mb = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            path = Path(tmp) / f"big_{mb:g}mb.txt"
            path.write_text(build_text(mb), encoding="utf-8")
            sentences = _sentence_count(path)
            for name, command in COMMANDS.items():
                wall, peak, _ = run(command, path, Path(tmp) / "brief.md")
                print(f"| {mb:g} MB | {sentences} | {name} | {wall:.1f} | {peak:.0f} |", flush=True)
                if mb == max(args.sizes):
                    worst_s, worst_mb = max(worst_s, wall), max(worst_mb, peak)
    print()
    print(f"largest_input_worst_s={worst_s:.1f} largest_input_peak_mb={worst_mb:.0f}")


def _sentence_count(path: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from desktop.core.ingest.segment import split_sentences

    return len(split_sentences(path.read_text(encoding="utf-8"), "bg"))


if __name__ == "__main__":
    main()
