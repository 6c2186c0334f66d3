"""Re-record the golden CLI outputs (run only when a change of output is intended)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def record() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["DRAGOMAN_MODELS"] = str(tmp / "models")
    os.environ["DRAGOMAN_LIBRARY"] = str(tmp / "lib.sqlite")
    os.environ["DRAGOMAN_CONFIG"] = str(tmp / "cfg")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.core.test_cli_golden import CASES, build_model, run_case

    model = build_model(tmp)
    out = Path(__file__).resolve().parent
    for name, argv in CASES.items():
        text = run_case(argv, tmp, model)
        (out / name).write_text(text, encoding="utf-8")
        print(name, len(text))


if __name__ == "__main__":
    record()
