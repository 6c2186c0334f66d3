"""The model store: a folder, archive or download in; an installed, checked model out.

What comes in: a Hugging Face model folder, a ``.zip``/``.tar.gz`` hand-over
archive, or (only when the user asks) a download from huggingface.co. What
goes out: :class:`InstalledModel` records -- a folder with the Hugging Face
files, a CTranslate2 conversion and an install record hashing every file --
that the translation backends load. It never translates, never loads weights
as a pickle, never touches the network unless asked to download, and never
leaves a half-installed model behind.

The work is split into modules named for what they do --
:mod:`~desktop.core.models.manifest` (the models we know),
:mod:`~desktop.core.models.files` (what a model folder must hold, weight checks),
:mod:`~desktop.core.models.archive` (safe extraction and hand-over archives),
:mod:`~desktop.core.models.install` (the checks, conversion and hashing every install runs),
:mod:`~desktop.core.models.convert` (CTranslate2 conversion),
:mod:`~desktop.core.models.hub` (the one download path) and
:mod:`~desktop.core.models.store` (the store itself) -- and the names below
are re-exported here so callers need one import. They are loaded on first
use (PEP 562), so ``import desktop.core.models.target_vocab`` on the
translation start-up path costs only that module, not the whole store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.models.archive import DEFAULT_MAX_BYTES
    from desktop.core.models.convert import check_marian_vocab, convert_to_ct2
    from desktop.core.models.files import CT2_DIR, RECORD_NAME
    from desktop.core.models.hub import offline_hub
    from desktop.core.models.manifest import ManifestEntry, load_manifest, parse_manifest
    from desktop.core.models.store import InstalledModel, ModelStore
    from desktop.core.paths import manifest_path, models_dir

#: Each public name and the module that defines it.
_EXPORTS = {
    "CT2_DIR": "desktop.core.models.files",
    "DEFAULT_MAX_BYTES": "desktop.core.models.archive",
    "RECORD_NAME": "desktop.core.models.files",
    "InstalledModel": "desktop.core.models.store",
    "ManifestEntry": "desktop.core.models.manifest",
    "ModelStore": "desktop.core.models.store",
    "check_marian_vocab": "desktop.core.models.convert",
    "convert_to_ct2": "desktop.core.models.convert",
    "load_manifest": "desktop.core.models.manifest",
    "manifest_path": "desktop.core.paths",
    "models_dir": "desktop.core.paths",
    "offline_hub": "desktop.core.models.hub",
    "parse_manifest": "desktop.core.models.manifest",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
