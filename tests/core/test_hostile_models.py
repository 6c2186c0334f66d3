"""Issue 16, models: archives and folders are checked before anything is written; a full disk is one sentence.

Bombs are small (a few MB of zeros); a full disk is simulated by making
the store's writes fail with ENOSPC, as the kernel would.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.core.errors import ConversionFailed, ModelImportRejected, ModelMissing, ModelStoreFull
from desktop.core.jobs import Progress, run_job
from desktop.core.models import ModelStore, archive, convert
from desktop.core.models.tinymodel import build_tiny_marian
from tests.core.model_store_helpers import leftovers

REPO_MANIFEST = Path(__file__).resolve().parents[2] / "models" / "manifest.toml"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny") / "opus-mt-bg-en")


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelStore:
    root = tmp_path / "models"
    monkeypatch.setenv("DRAGOMAN_MODELS", str(root))
    return ModelStore(root, manifest=REPO_MANIFEST)


def _zip_of(folder: Path, path: Path, *, replace: dict[str, bytes] | None = None) -> Path:
    replace = replace or {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.iterdir()):
            if file.is_file():
                zf.writestr(f"opus-mt-bg-en/{file.name}", replace.get(file.name, file.read_bytes()))
    return path


def _events(store: ModelStore, path: Path) -> tuple[list[Progress], BaseException | None]:
    seen: list[Progress] = []
    try:
        run_job(store.import_job(path), seen.append)
    except BaseException as exc:  # the test inspects it
        return seen, exc
    return seen, None


# --- 3. bombs and free space, refused before writing ---------------------------------------


def test_a_zip_whose_weights_are_megabytes_of_zeros_is_refused_before_extracting(
    store: ModelStore, tiny: Path, tmp_path: Path
) -> None:
    bomb = _zip_of(tiny, tmp_path / "opus-mt-bg-en.zip", replace={"model.safetensors": bytes(3_000_000)})
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("opus-mt-bg-en/model.safetensors").compress_size < 50_000
    events, error = _events(store, bomb)
    assert isinstance(error, ModelImportRejected), error
    assert "model.safetensors" in str(error) and "50 times" in str(error)
    assert not any(e.stage == "extract" and e.done > 0 for e in events)  # not a byte written
    assert store.list() == [] and leftovers(store.root) == []


def test_a_tar_gz_that_expands_like_a_bomb_is_refused(
    store: ModelStore, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tar.gz is judged as a whole (its members have no compressed sizes); the
    # tiny model's tokenisers weigh ~300 kB, so the ratio is lowered to match 3 MB of zeros.
    monkeypatch.setattr(archive, "MAX_EXPANSION_RATIO", 8)
    path = tmp_path / "opus-mt-bg-en.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        for file in sorted(tiny.iterdir()):
            data = bytes(3_000_000) if file.name == "model.safetensors" else file.read_bytes()
            info = tarfile.TarInfo(f"opus-mt-bg-en/{file.name}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    with pytest.raises(ModelImportRejected, match="8 times"):
        store.import_path(path)
    assert leftovers(store.root) == []


def test_an_import_the_disk_cannot_hold_is_refused_before_writing(
    store: ModelStore, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "free_bytes", lambda folder: 1024 * 1024)
    zipped = _zip_of(tiny, tmp_path / "opus-mt-bg-en.zip")
    events, error = _events(store, zipped)
    assert isinstance(error, ModelStoreFull), error
    assert "Not enough free disk space" in str(error) and "Nothing was written" in str(error)
    assert not any(e.stage == "extract" and e.done > 0 for e in events)
    with pytest.raises(ModelStoreFull):
        store.import_path(tiny)  # a folder import is checked the same way
    assert store.list() == [] and leftovers(store.root) == []


def test_an_ordinary_archive_still_imports(store: ModelStore, tiny: Path, tmp_path: Path) -> None:
    model = store.import_path(_zip_of(tiny, tmp_path / "opus-mt-bg-en.zip"))
    assert model.ct2_path is not None and store.verify(model.name) == []


# --- 4. a full disk during `models import` -----------------------------------------------------


def _no_space(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_models_import_onto_a_full_disk_is_one_sentence_and_installs_nothing(
    store: ModelStore, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    zipped = _zip_of(tiny, tmp_path / "opus-mt-bg-en.zip")
    real_fdopen = os.fdopen

    class FullDisk:
        """A file whose every write finds the disk full."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    def filling(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return FullDisk(handle) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", filling)
    assert main(["models", "import", str(zipped)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is full" in err[0] and "Nothing was installed" in err[0]
    assert store.list() == [] and leftovers(store.root) == []


def test_a_folder_import_onto_a_full_disk_keeps_the_model_already_installed(
    store: ModelStore, tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.import_path(tiny)
    digest = dict(before.record["files"])

    def half_then_full(src: str, dst: str, *args: Any, **kwargs: Any) -> Any:
        Path(dst).write_bytes(Path(src).read_bytes()[:10])
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(shutil, "copyfile", half_then_full)
    assert main(["models", "import", str(tiny)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is full" in err[0]
    assert store.verify("opus-mt-bg-en") == [] and store.get("opus-mt-bg-en").record["files"] == digest
    assert leftovers(store.root) == []


def test_a_full_disk_during_conversion_is_not_hidden_as_a_conversion_failure(
    store: ModelStore, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any, **kwargs: Any) -> Any:
        try:
            _no_space()
        except OSError as exc:
            raise ConversionFailed("Converting failed: No space left on device") from exc

    monkeypatch.setattr(convert, "convert_to_ct2", full)
    with pytest.raises(ModelStoreFull, match="is full"):
        store.import_path(tiny)
    assert store.list() == [] and leftovers(store.root) == []


# --- 9. links in a folder import ------------------------------------------------------------


def test_a_folder_import_refuses_a_link_to_a_file_outside_the_folder(
    store: ModelStore, tiny: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2", encoding="utf-8")
    folder = tmp_path / "opus-mt-bg-en"
    shutil.copytree(tiny, folder)
    (folder / "merges.txt").symlink_to(secret)
    with pytest.raises(ModelImportRejected) as info:
        store.import_path(folder)
    assert "merges.txt" in str(info.value) and "outside the model folder" in str(info.value)
    assert store.list() == [] and leftovers(store.root) == []
    assert not any("hunter2" in p.read_text(errors="ignore") for p in store.root.rglob("*") if p.is_file())


def test_a_hugging_face_cache_snapshot_made_of_links_still_imports(
    store: ModelStore, tiny: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-bg-en"
    snapshot = repo / "snapshots" / ("a" * 40)
    (repo / "blobs").mkdir(parents=True)
    snapshot.mkdir(parents=True)
    for i, file in enumerate(sorted(tiny.iterdir())):
        blob = repo / "blobs" / f"blob{i}"
        shutil.copyfile(file, blob)
        (snapshot / file.name).symlink_to(Path("..") / ".." / "blobs" / blob.name)
    model = store.import_path(snapshot)
    assert model.name == "opus-mt-bg-en" and model.repo_id == "Helsinki-NLP/opus-mt-bg-en"
    assert not any(p.is_symlink() for p in model.path.rglob("*"))


# --- 11. an unknown model name lists what is installed -----------------------------------------


def test_an_unknown_model_name_lists_the_installed_models(store: ModelStore, tiny: Path) -> None:
    store.import_path(tiny)
    with pytest.raises(ModelMissing) as info:
        store.get("nosuchname")
    assert "nosuchname is not installed" in str(info.value) and "installed: opus-mt-bg-en" in str(info.value)
