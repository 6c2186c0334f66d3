"""Print every analysis figure the issue asks for, each next to its baseline.

Claims (seed-article gold recall, CT22 claim macro-F1, CT22 check-worthiness
MAP) come from bench/claims_eval.py, ROUGE on bbc_news_dev from
bench/summary_eval.py; this script runs both and prints one table. It needs
../shared beside the checkout (the development sets) and says so if absent.

    .venv/bin/python bench/analysis_eval.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    shared = HERE.parent.parent / "shared"
    if not (shared / "eval").is_dir():
        print(f"The development sets are not at {shared}/eval; nothing to measure.", file=sys.stderr)
        return 2
    import claims_eval
    import summary_eval

    rows: list[tuple[str, str, str]] = []
    started = time.perf_counter()
    rows += claims_eval.rows()
    rows += summary_eval.rows()
    width = max(len(r[0]) for r in rows)
    print(f"{'metric':<{width}}  {'dragoman':>12}  baseline")
    print(f"{'-' * width}  {'-' * 12}  {'-' * 30}")
    for metric, value, baseline in rows:
        print(f"{metric:<{width}}  {value:>12}  {baseline}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
