"""Helpers shared by the model-store tests (test_models.py, test_model_archive.py)."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

from desktop.core.models import ModelStore


def leftovers(root: Path) -> list[str]:
    """Names in a store folder other than installed models: work folders a failure left behind."""
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def clone_store(template: ModelStore, dest: Path) -> ModelStore:
    """A writable copy of a store with models already installed (no conversion needed)."""
    shutil.copytree(template.root, dest)
    return ModelStore(dest, manifest=template.manifest_path)


def tar_with(path: Path, members: list[tarfile.TarInfo], data: dict[str, bytes] | None = None) -> Path:
    """A .tar.gz holding exactly ``members`` (regular files take their bytes from ``data``)."""
    data = data or {}
    with tarfile.open(path, "w:gz") as tf:
        for info in members:
            payload = data.get(info.name)
            if payload is not None:
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
            else:
                tf.addfile(info)
    return path


def tar_model(model_dir: Path, path: Path, *, top: str | None = None) -> Path:
    """A .tar.gz of a model folder, flat or under a top folder."""
    with tarfile.open(path, "w:gz") as tf:
        for file in sorted(model_dir.rglob("*")):
            if file.is_file():
                rel = file.relative_to(model_dir).as_posix()
                tf.add(file, arcname=f"{top}/{rel}" if top else rel)
    return path
