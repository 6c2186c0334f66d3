"""The torch-free Marian -> CTranslate2 converter matches CTranslate2's own, byte for byte."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.errors import ConversionFailed
from desktop.core.models.convert_marian import convert_marian_numpy
from desktop.core.models.tinymodel import build_tiny_marian


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny") / "opus-mt-bg-en")


@pytest.fixture(scope="module")
def tiny_fp16(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tc-big's traits: float16 weights, </s> not id 0, ReLU, 1,024 positions."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-fp16") / "opus-mt-tc-big-bg-en", tc_big_traits=True)


@pytest.mark.parametrize("quantization", ["float32", "int8"])
@pytest.mark.parametrize("model", ["tiny", "tiny_fp16"])
def test_same_model_as_the_official_converter(
    request: pytest.FixtureRequest, model: str, tmp_path: Path, quantization: str
) -> None:
    """Byte-identical for float32 checkpoints and for float16 ones (kept in float16 where CTranslate2 keeps them)."""
    from ctranslate2.converters import TransformersConverter

    tiny: Path = request.getfixturevalue(model)
    ours = convert_marian_numpy(tiny, tmp_path / "ours", quantization=quantization)
    theirs = Path(
        TransformersConverter(str(tiny), copy_files=["source.spm", "target.spm"]).convert(
            str(tmp_path / "theirs"), quantization=quantization
        )
    )
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
    for name in ("model.bin", "shared_vocabulary.json", "source.spm"):
        assert filecmp.cmp(ours / name, theirs / name, shallow=False), name
    assert json.loads((ours / "config.json").read_text()) == json.loads((theirs / "config.json").read_text())


def test_runs_without_torch(tiny: Path, tmp_path: Path) -> None:
    """A packaged app has no torch: conversion works with torch and transformers unimportable."""
    code = (
        "import sys; sys.modules['torch'] = None; sys.modules['transformers'] = None;"
        "from pathlib import Path;"
        "from desktop.core.models.convert_marian import convert_marian_numpy;"
        f"convert_marian_numpy(Path({str(tiny)!r}), Path({str(tmp_path / 'out')!r}));"
        "print('converted')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["converted"]
    assert (tmp_path / "out" / "model.bin").stat().st_size > 10_000


def test_pad_not_last_is_a_clear_error(tiny: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny, broken)
    vocab = json.loads((broken / "vocab.json").read_text(encoding="utf-8"))
    pad = vocab["<pad>"]
    first = next(t for t, i in vocab.items() if i == 2)
    vocab["<pad>"], vocab[first] = 2, pad
    (broken / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    with pytest.raises(ConversionFailed, match="must end with <pad>"):
        convert_marian_numpy(broken, tmp_path / "out")
