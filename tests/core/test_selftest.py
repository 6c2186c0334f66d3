"""``dragoman --self-test``, and what a build without torch (the packaged desktop build) tells the user.

The packaged build (build.spec) leaves torch and transformers out. These
tests run the self-test from source as a user would, and simulate the
missing torch in-process (``sys.modules["torch"] = None`` makes both
``import torch`` and ``find_spec("torch")`` fail, exactly as in the bundle),
so the sentences the bundle prints are checked here without building it.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.errors import BackendUnavailable
from desktop.selftest import run_self_test

#: Steps that must pass on every build (the hf backend is only where torch is).
REQUIRED_STEPS = (
    "import sample article",
    "segment",
    "find claims",
    "summarise",
    "build tiny model",
    "translate (ct2)",
    "write briefs",
    "open window",
)


def _without_torch(monkeypatch: pytest.MonkeyPatch, *, frozen: bool = False) -> None:
    """Make this process look like the packaged build: torch and transformers cannot be imported.

    Only for checks that import nothing new while torch is hidden: a library
    that tries ``import torch`` at import time (CTranslate2's converters do)
    would stay cached without it and break later tests. ``ctranslate2``
    itself does not, and is imported first so the engine finds it loaded.
    """
    import ctranslate2  # noqa: F401
    import sentencepiece  # noqa: F401

    import desktop.core.translate.backends.ct2  # noqa: F401

    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setitem(sys.modules, "transformers", None)
    if frozen:
        monkeypatch.setattr(sys, "frozen", True, raising=False)


#: Runs the self-test (without the window) in a fresh process where torch and
#: transformers cannot be imported, as in the packaged build.
_SELF_TEST_WITHOUT_TORCH = (
    "import sys; sys.modules['torch'] = None; sys.modules['transformers'] = None; "
    "from desktop.selftest import run_self_test; sys.exit(run_self_test(sys.stdout, gui=False))"
)


def _line(output: str, step: str) -> str:
    found = [line for line in output.splitlines() if line[6:].startswith(f"{step}:")]
    assert len(found) == 1, f"expected one line for step {step!r} in:\n{output}"
    return found[0]


@pytest.mark.slow
def test_self_test_from_source_passes_every_step_and_leaves_the_users_files_alone(repo_root: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=170,
    )  # fmt: skip
    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    for step in REQUIRED_STEPS:
        assert _line(output, step).startswith("OK    "), output
    assert _line(output, "translate (hf)").startswith(("OK    ", "SKIP  "))
    assert "FAIL" not in output
    assert output.rstrip().endswith("self-test passed")
    # The window translated the article with the self-test's own model, not the user's store.
    assert re.search(r"\b\d+ sentences translated in the window \(ct2\)", _line(output, "open window"))
    for name in ("DRAGOMAN_LIBRARY", "DRAGOMAN_MODELS", "DRAGOMAN_CONFIG"):
        assert not Path(os.environ[name]).exists(), f"the self-test wrote to ${name}"


@pytest.mark.slow
def test_without_torch_the_self_test_passes_and_says_why_hf_is_skipped(repo_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SELF_TEST_WITHOUT_TORCH],
        cwd=repo_root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    output = result.stdout
    assert result.returncode == 0, output + result.stderr
    assert _line(output, "translate (ct2)").startswith("OK    ")
    assert "and the headline" in _line(output, "translate (ct2)")
    hf = _line(output, "translate (hf)")
    assert hf.startswith("SKIP  ") and "needs torch" in hf and "--backend ct2" in hf
    assert "converted to CTranslate2 without torch" in _line(output, "build tiny model")


def test_a_broken_step_fails_the_self_test_and_later_steps_say_why_they_did_not_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import desktop.core.resources as resources

    monkeypatch.setattr(resources, "asset_path", lambda *parts: tmp_path.joinpath("gone", *parts))
    out = io.StringIO()
    status = run_self_test(out, gui=False)
    output = out.getvalue()
    assert status == 1
    assert _line(output, "import sample article").startswith("FAIL  ")
    assert _line(output, "segment").startswith("SKIP  ")
    assert _line(output, "translate (ct2)").startswith("SKIP  ")
    assert output.rstrip().endswith("self-test FAILED: 1 step(s)")


def test_asking_the_packaged_build_for_hf_gives_one_sentence_with_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.core.translate.backends import load_backend

    _without_torch(monkeypatch, frozen=True)
    with pytest.raises(BackendUnavailable) as caught:
        load_backend("opus-mt-bg-en", "hf")
    message = str(caught.value)
    assert "\n" not in message
    assert "The hf backend needs torch, which this packaged build leaves out" in message
    assert "--backend ct2" in message and "install Dragoman from source" in message


def test_a_broken_ct2_model_without_torch_names_the_ct2_problem_instead_of_a_missing_module(
    monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path, tmp_path: Path
) -> None:
    from desktop.core.translate.backends import load_backend
    from tests.fixtures.models import copy_model

    model = copy_model(tiny_model_dir, tmp_path / "opus-mt-bg-en")
    (model / "ct2").mkdir()
    (model / "ct2" / "model.bin").write_bytes(b"not a CTranslate2 model")
    _without_torch(monkeypatch, frozen=True)
    with pytest.raises(BackendUnavailable) as caught:
        load_backend(model, "ct2")
    message = str(caught.value)
    assert message.startswith("The ct2 backend cannot use opus-mt-bg-en (")
    assert "the hf fallback needs torch, which this packaged build leaves out" in message
    assert "dragoman models import" in message


def test_the_machine_written_summary_without_torch_points_to_the_extractive_one(
    monkeypatch: pytest.MonkeyPatch, sample_path: Path, tmp_path: Path
) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive
    from desktop.core.ingest.reader import read_document
    from desktop.core.translation import DocumentTranslation

    doc = read_document(sample_path)
    _without_torch(monkeypatch, frozen=True)
    with pytest.raises(BackendUnavailable, match="needs torch, which this packaged build leaves out; use the extractive summary"):
        summarize_abstractive(doc, DocumentTranslation(), model_dir=tmp_path / "distilbart-cnn-12-6")
