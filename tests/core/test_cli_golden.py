"""The command line's output on the sample article does not change by accident.

The outputs in ``tests/golden/`` were recorded before the core was reorganised
into stage packages (issue 11); a refactor that changes what a journalist sees
fails here. When a change of output is intended, re-record with
``python tests/golden/record.py`` and say why in the commit.

The tiny test model has random weights, so its near-tied choices flip with the
CPU's arithmetic (int8 kernels differ between Intel and AMD machines). Where a
case prints the model's English, each sentence's machine text is replaced by a
marker naming its sentence (``<en p1s1>``), taken from the same model on the
same machine: what is checked is that the command puts the machine's sentence
where it belongs, not which random words the model chose.
"""

from __future__ import annotations

import contextlib
import io
import json
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


def normalise(text: str, machine: list[tuple[str, str]] | None = None) -> str:
    for words, marker in machine or []:
        text = text.replace(words, marker)
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


def _run(argv: list[str], out_dir: Path, model: Path) -> str:
    filled = [a.format(sample=SAMPLE, model=model, out=out_dir) for a in argv]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status = main(filled)
    assert status == 0, f"dragoman {' '.join(argv)} exited {status}"
    if "-o" in filled:
        return Path(filled[filled.index("-o") + 1]).read_text(encoding="utf-8")
    return buf.getvalue()


def machine_markers(out_dir: Path, model: Path) -> list[tuple[str, str]]:
    """The model's English for each sentence (whole and shortened) and its marker, longest first."""
    from desktop.core.brief.model import shorten

    data = json.loads(_run(CASES["translate.json"], out_dir, model))
    # A random model can give two sentences the same words: one marker names them all.
    ids: dict[str, list[str]] = {data["title_en"]: ["title"]}
    for sentence in data["sentences"]:
        ids.setdefault(sentence["text"], []).append(sentence["id"])
    pairs = [(f'"score": {s["score"]}', '"score": <score>') for s in data["sentences"]]
    for words, names in ids.items():
        pairs += [(words, f"<en {'|'.join(names)}>"), (shorten(words), f"<en {'|'.join(names)} shortened>")]
    return sorted({p for p in pairs if p[0]}, key=lambda p: (-len(p[0]), p))


def run_case(argv: list[str], out_dir: Path, model: Path) -> str:
    """Run one command in-process and return what it printed or wrote, normalised."""
    machine = machine_markers(out_dir, model) if "{model}" in argv else None
    return normalise(_run(argv, out_dir, model), machine)


@pytest.fixture(scope="module")
def golden_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_is_unchanged(name: str, golden_model: Path, tmp_path: Path) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert run_case(CASES[name], tmp_path, golden_model) == expected


def test_the_recorder_and_the_cases_agree() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.name != "record.py") == sorted(CASES)
