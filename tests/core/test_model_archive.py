"""Model archives: importing .zip/.tar.gz safely, and handing a model over to another machine."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import ModelCorrupt, ModelImportRejected, ModelInvalid
from desktop.core.models import ModelStore, convert
from desktop.core.models.tinymodel import build_tiny_marian
from tests.core.model_store_helpers import clone_store, leftovers, tar_model, tar_with

REPO_MANIFEST = Path(__file__).resolve().parents[2] / "models" / "manifest.toml"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny") / "opus-mt-bg-en")


@pytest.fixture(scope="module")
def template(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> ModelStore:
    store = ModelStore(tmp_path_factory.mktemp("template") / "models", manifest=REPO_MANIFEST)
    store.import_path(tiny)
    return store


@pytest.fixture()
def empty(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "second-machine" / "models", manifest=REPO_MANIFEST)


def _refuse_conversion(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the converter was called")


def _regular(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


# --- plain archives of a Hugging Face folder ------------------------------------------


def test_import_tar_gz_with_top_folder_converts(empty: ModelStore, tiny: Path, tmp_path: Path) -> None:
    archive = tar_model(tiny, tmp_path / "download.tar.gz", top="opus-mt-bg-en")
    model = empty.import_path(archive)
    assert model.name == "opus-mt-bg-en" and model.ct2_path is not None
    assert model.record["source_kind"] == "archive" and model.record["source"] == "download.tar.gz"
    assert empty.verify("opus-mt-bg-en") == []


def test_import_flat_zip_takes_the_archive_name(empty: ModelStore, tiny: Path, tmp_path: Path) -> None:
    archive = tmp_path / "opus-mt-bg-en.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(tiny.iterdir()):
            zf.write(file, file.name)
        zf.writestr("tf_model.h5", b"not wanted")
    model = empty.import_path(archive)
    assert model.name == "opus-mt-bg-en" and model.ct2_path is not None
    assert not (model.path / "tf_model.h5").exists()


def test_a_file_that_is_not_an_archive_is_refused(empty: ModelStore, tmp_path: Path) -> None:
    note = tmp_path / "model.txt"
    note.write_text("hello", encoding="utf-8")
    with pytest.raises(ModelInvalid, match="neither a model folder nor"):
        empty.import_path(note)


def test_a_truncated_archive_is_corrupt(empty: ModelStore, tiny: Path, tmp_path: Path) -> None:
    archive = tar_model(tiny, tmp_path / "opus-mt-bg-en.tar.gz")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelCorrupt, match="opus-mt-bg-en.tar.gz is truncated or damaged"):
        empty.import_path(archive)
    assert empty.list() == [] and leftovers(empty.root) == []


# --- hand-over archives -----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".tar.gz", ".zip"])
def test_export_then_import_on_another_machine_needs_no_conversion(
    template: ModelStore, empty: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    archive = template.export("opus-mt-bg-en", tmp_path / f"handover{suffix}")
    assert not list(tmp_path.glob("*.partial"))
    monkeypatch.setattr(convert, "convert_to_ct2", _refuse_conversion)
    model = empty.import_path(archive)
    original = template.get("opus-mt-bg-en")
    assert model.name == "opus-mt-bg-en" and model.ct2_path is not None
    assert model.record["files"] == original.record["files"]
    assert model.record["handover"]["archive"] == f"handover{suffix}"
    assert model.record["source"] == original.record["source"]
    assert empty.verify("opus-mt-bg-en") == []


def test_a_changed_file_in_a_handover_archive_is_named(
    template: ModelStore, empty: ModelStore, tmp_path: Path
) -> None:
    archive = template.export("opus-mt-bg-en", tmp_path / "handover.tar.gz")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()  # type: ignore[union-attr]
            if info.name == "opus-mt-bg-en/ct2/model.bin":
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(ModelCorrupt, match="ct2/model.bin does not match the hash in its install record"):
        empty.import_path(tampered)
    assert empty.list() == [] and leftovers(empty.root) == []


def test_a_changed_model_is_not_exported(template: ModelStore, tmp_path: Path) -> None:
    store = clone_store(template, tmp_path / "models")
    (store.root / "opus-mt-bg-en" / "source.spm").write_bytes(b"x")
    with pytest.raises(ModelCorrupt, match=r"source\.spm: changed"):
        store.export("opus-mt-bg-en", tmp_path / "out.tar.gz")
    assert not (tmp_path / "out.tar.gz").exists()


# --- refusing unsafe archives -------------------------------------------------------------


def _assert_refused(store: ModelStore, archive: Path, pattern: str, outside: Path | None = None) -> None:
    with pytest.raises(ModelImportRejected, match=pattern):
        store.import_path(archive)
    assert store.list() == [] and leftovers(store.root) == []
    if outside is not None:
        assert not outside.exists()


def test_tar_with_parent_path_is_refused(empty: ModelStore, tmp_path: Path) -> None:
    archive = tar_with(tmp_path / "m.tar.gz", [_regular("../evil.txt")], {"../evil.txt": b"x"})
    _assert_refused(empty, archive, r"'\.\./evil\.txt' points outside the archive", tmp_path / "evil.txt")


def test_zip_with_parent_path_is_refused(empty: ModelStore, tmp_path: Path) -> None:
    archive = tmp_path / "m.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("model/../../evil.txt", b"x")
    _assert_refused(empty, archive, "points outside the archive")


def test_absolute_paths_are_refused(empty: ModelStore, tmp_path: Path) -> None:
    target = tmp_path / "abs.txt"
    archive = tar_with(tmp_path / "m.tar.gz", [_regular(str(target))], {str(target): b"x"})
    _assert_refused(empty, archive, "has an absolute path", target)
    archive = tmp_path / "m.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("C:/Windows/evil.dll"), b"x")
    _assert_refused(empty, archive, "has an absolute path")


@pytest.mark.parametrize(
    ("kind", "why"),
    [(tarfile.SYMTYPE, "is a link"), (tarfile.LNKTYPE, "is a link"), (tarfile.CHRTYPE, "device or special")],
)
def test_links_and_devices_in_tar_are_refused(
    empty: ModelStore, tmp_path: Path, kind: bytes, why: str
) -> None:
    link = tarfile.TarInfo("opus-mt-bg-en/config.json")
    link.type = kind
    link.linkname = "/etc/passwd"
    archive = tar_with(
        tmp_path / "m.tar.gz",
        [_regular("opus-mt-bg-en/vocab.json"), link],
        {"opus-mt-bg-en/vocab.json": b"{}"},
    )
    _assert_refused(empty, archive, why)


def test_symlink_in_zip_is_refused(empty: ModelStore, tmp_path: Path) -> None:
    archive = tmp_path / "m.zip"
    info = zipfile.ZipInfo("config.json")
    info.external_attr = (0o120777 << 16) | 0x20
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    _assert_refused(empty, archive, "'config.json' is a symbolic link")


def test_oversize_archive_is_refused_from_its_headers(tiny: Path, tmp_path: Path) -> None:
    archive = tar_model(tiny, tmp_path / "opus-mt-bg-en.tar.gz")
    store = ModelStore(tmp_path / "models", manifest=REPO_MANIFEST, max_import_bytes=100_000)
    _assert_refused(store, archive, r"would expand to .* past the 0\.1 MB limit")


def test_zip_whose_header_lies_about_size_is_refused(empty: ModelStore, tmp_path: Path) -> None:
    archive = tmp_path / "m.zip"
    payload = b"{" + b" " * 200_000 + b"}"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("vocab.json", payload)
    raw = bytearray(archive.read_bytes())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")  # claimed size: 10 bytes
    archive.write_bytes(bytes(raw))
    with pytest.raises((ModelImportRejected, ModelCorrupt)):
        empty.import_path(archive)
    assert empty.list() == [] and leftovers(empty.root) == []


def test_duplicate_members_are_refused(empty: ModelStore, tmp_path: Path) -> None:
    archive = tar_with(
        tmp_path / "m.tar.gz",
        [_regular("config.json"), _regular("./config.json")],
        {"config.json": b"{}", "./config.json": b"{}"},
    )
    _assert_refused(empty, archive, "appears twice")


def test_archive_without_model_files_names_what_is_missing(empty: ModelStore, tmp_path: Path) -> None:
    archive = tar_with(tmp_path / "opus-mt-bg-en.tar.gz", [_regular("notes.txt")], {"notes.txt": b"hi"})
    with pytest.raises(
        ModelInvalid, match="missing config.json, source.spm, target.spm, vocab.json and its weights"
    ):
        empty.import_path(archive)
    assert json.dumps(empty.list()) == "[]"


def test_a_model_converted_before_the_output_map_gets_it_on_reimport(
    template: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core.models import RECORD_NAME
    from desktop.core.models.target_vocab import VMAP_NAME
    from desktop.core.translate.backends import load_backend

    old = clone_store(template, tmp_path / "old")
    folder = old.root / "opus-mt-bg-en"
    (folder / "ct2" / VMAP_NAME).unlink()  # as an older Dragoman left it
    record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    del record["files"][f"ct2/{VMAP_NAME}"]
    (folder / RECORD_NAME).write_text(json.dumps(record), encoding="utf-8")
    assert old.verify("opus-mt-bg-en") == []
    assert not getattr(load_backend(old.get("opus-mt-bg-en"), "ct2", threads=1), "restricted_output", True)

    monkeypatch.setattr(convert, "convert_to_ct2", _refuse_conversion)  # no reconversion: only the map is added
    fresh = ModelStore(tmp_path / "fresh")
    model = fresh.import_path(folder)
    assert model.ct2_path is not None and (model.ct2_path / VMAP_NAME).is_file()
    assert fresh.verify("opus-mt-bg-en") == []
    assert getattr(load_backend(model, "ct2", threads=1), "restricted_output", False)
