"""The command line's output on the sample article does not change by accident.

The outputs in ``tests/golden/`` were recorded before the core was reorganised
into stage packages (issue 11); a refactor that changes what a journalist sees
fails here. When a change of output is intended, re-record with
``python tests/golden/record.py`` and say why in the commit.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"
GOLDEN = ROOT / "tests" / "golden"

#: Each case: the file it is recorded in, and the command line ({sample},
#: {model} and {out} are filled in).
CASES: dict[str, list[str]] = {
    "segment.txt": ["segment", "{sample}"],
    "segment.json": ["segment", "{sample}", "--json"],
    "claims.json": ["claims", "{sample}", "--json"],
    "summarize.json": ["summarize", "{sample}", "--json"],
    "brief.md": ["brief", "{sample}", "-o", "{out}/brief.md", "--no-translate"],
    "brief-translated.md": ["brief", "{sample}", "-o", "{out}/brief.md", "--model", "{model}", "--profile", "fast"],
    "translate.json": ["translate", "{sample}", "--model", "{model}", "--json", "--no-memory", "--profile", "fast"],
}

#: Parts of an output that differ from run to run by design (time, paths).
_VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d| UTC)?"), "<time>"),
    (re.compile(r"(/[\w.+-]+)+/(tiny-model|opus-mt-bg-en-tiny)[\w./+-]*"), "<model-path>"),
    (re.compile(r"local-[0-9a-f]{16}"), "local-<hash>"),
    (re.compile(r"dragoman \d+\.\d+\.\d+\S*"), "dragoman <version>"),
]


def normalise(text: str) -> str:
    text = text.replace(str(ROOT), "<repo>")
    for pattern, repl in _VOLATILE:
        text = pattern.sub(repl, text)
    return text


def build_model(base: Path) -> Path:
    """The tiny test model with its CTranslate2 files, as the store lays it out."""
    from desktop.core.models.convert import convert_to_ct2
    from desktop.core.models.tinymodel import build_tiny_marian

    model = build_tiny_marian(base / "tiny-model" / "opus-mt-bg-en-tiny")
    convert_to_ct2(model, model / "ct2")
    return model


def run_case(argv: list[str], out_dir: Path, model: Path) -> str:
    """Run one command in-process and return what it printed or wrote, normalised."""
    filled = [a.format(sample=SAMPLE, model=model, out=out_dir) for a in argv]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status = main(filled)
    assert status == 0, f"dragoman {' '.join(argv)} exited {status}"
    if "-o" in filled:
        return normalise(Path(filled[filled.index("-o") + 1]).read_text(encoding="utf-8"))
    return normalise(buf.getvalue())


@pytest.fixture(scope="module")
def golden_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_is_unchanged(name: str, golden_model: Path, tmp_path: Path) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert run_case(CASES[name], tmp_path, golden_model) == expected


def test_the_recorder_and_the_cases_agree() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.name != "record.py") == sorted(CASES)
