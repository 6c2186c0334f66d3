"""Standard or Best: the choice between opus-mt-bg-en and opus-mt-tc-big-bg-en, named alike everywhere."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.models.choices import choice_for_model, model_for_choice, translation_choices


@pytest.fixture(scope="module")
def both_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model store with a tiny Standard model and a tiny model with tc-big's traits as Best."""
    from desktop.core.models import ModelStore
    from desktop.core.models.tinymodel import build_tiny_marian

    base = tmp_path_factory.mktemp("both")
    store = ModelStore(base / "models")
    store.import_path(build_tiny_marian(base / "std"), name="opus-mt-bg-en")
    store.import_path(build_tiny_marian(base / "big", tc_big_traits=True), name="opus-mt-tc-big-bg-en")
    return base / "models"


def test_the_choices_read_plainly_with_their_sizes_from_the_manifest() -> None:
    labels = [c.label for c in translation_choices()]
    assert labels == [
        "Standard — opus-mt-bg-en, fastest (300 MB)",
        "Best — opus-mt-tc-big-bg-en, slower (475 MB)",
    ]


def test_a_missing_manifest_leaves_the_sizes_out(tmp_path: Path) -> None:
    assert [c.label for c in translation_choices(tmp_path / "none.toml")][1] == "Best — opus-mt-tc-big-bg-en, slower"


def test_best_and_standard_name_the_models_and_other_values_pass_through() -> None:
    assert model_for_choice("best") == "opus-mt-tc-big-bg-en"
    assert model_for_choice("Standard") == "opus-mt-bg-en"
    assert model_for_choice("some/folder") == "some/folder"
    assert model_for_choice(None) is None
    assert choice_for_model(None) is not None and choice_for_model(None).key == "standard"  # type: ignore[union-attr]
    assert choice_for_model("opus-mt-en-bg") is None


def _brief(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(argv)


def test_brief_with_model_best_says_it_was_translated_by_tc_big(
    both_store: Path, sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAGOMAN_MODELS", str(both_store))
    out = tmp_path / "brief.md"
    base = ["brief", str(sample_path), "-o", str(out), "--profile", "fast", "--no-memory"]
    assert _brief([*base, "--model", "best"]) == 0
    provenance = next(ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("Translated by"))
    assert "opus-mt-tc-big-bg-en" in provenance
    assert _brief([*base, "--model", "standard"]) == 0
    provenance = next(ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("Translated by"))
    assert "opus-mt-bg-en" in provenance and "tc-big" not in provenance
