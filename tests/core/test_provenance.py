"""Provenance names what was installed, never the manifest's repository by assumption (issue 13 case 13).

A folder imported under the name ``opus-mt-bg-en`` used to be shown as
"Helsinki-NLP/opus-mt-bg-en" in the English header, the library and the
brief, whatever the folder really held.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.models import ModelStore
from desktop.core.models.provenance import HASH_PREFIX, install_hash, model_origin
from desktop.core.models.store import InstalledModel


@pytest.fixture(scope="module")
def folder_store(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model imported from a folder called my-finetune, under the default model's name."""
    base = tmp_path_factory.mktemp("provenance")
    source = shutil.copytree(tiny_model_dir, base / "my-finetune")
    ModelStore(base / "models").import_path(source, name="opus-mt-bg-en")
    return base / "models"


def test_an_imported_folder_is_named_by_its_folder_and_the_hash_taken_at_install(folder_store: Path) -> None:
    installed = ModelStore(folder_store).get("opus-mt-bg-en")
    assert installed is not None
    origin = model_origin(installed)
    assert not origin.model_id.startswith("Helsinki-NLP/")
    assert origin.model_id == "opus-mt-bg-en (imported folder my-finetune)"
    assert origin.revision == install_hash(installed.record)
    assert origin.revision.startswith(HASH_PREFIX) and len(origin.revision) == len(HASH_PREFIX) + 12


def test_the_brief_names_the_imported_folder(
    folder_store: Path, sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAGOMAN_MODELS", str(folder_store))
    out = tmp_path / "brief.md"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["brief", str(sample_path), "-o", str(out), "--profile", "fast"]) == 0
    provenance = next(ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("Translated by"))
    assert "Helsinki-NLP" not in provenance
    assert "opus-mt-bg-en (imported folder my-finetune)" in provenance and f"revision {HASH_PREFIX}" in provenance


def test_a_hub_download_keeps_its_repository_and_commit() -> None:
    record = {"source_kind": "hub", "source": "huggingface.co", "files": {"config.json": "ab" * 32}}
    hub = InstalledModel(
        name="opus-mt-bg-en",
        path=Path("/nowhere"),
        ct2_path=None,
        repo_id="Helsinki-NLP/opus-mt-bg-en",
        revision="0123456789abcdef0123",
        task="translation",
        source_lang="bg",
        target_lang="en",
        size_bytes=1,
        record=record,
    )
    origin = model_origin(hub)
    assert (origin.model_id, origin.revision) == ("Helsinki-NLP/opus-mt-bg-en", "0123456789abcdef0123")
    assert "at revision 0123456789ab" in origin.origin


def test_an_archive_without_a_hub_record_is_named_by_the_archive() -> None:
    record = {"source_kind": "archive", "source": "desk-model.zip", "files": {"config.json": "cd" * 32}}
    model = InstalledModel(
        name="opus-mt-bg-en",
        path=Path("/nowhere"),
        ct2_path=None,
        repo_id="Helsinki-NLP/opus-mt-bg-en",  # what the manifest says the name means: not evidence
        revision=None,
        task="translation",
        source_lang="bg",
        target_lang="en",
        size_bytes=1,
        record=record,
    )
    assert model_origin(model).model_id == "opus-mt-bg-en (imported archive desk-model.zip)"
