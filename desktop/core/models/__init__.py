"""The model store's public face: import names from here.

The work is split into small modules named for what they do --
:mod:`~desktop.core.paths` (where the store is),
:mod:`~desktop.core.models.manifest` (the models we know),
:mod:`~desktop.core.models.files` (what a model folder must hold, weight checks),
:mod:`~desktop.core.models.archive` (safe extraction and hand-over archives),
:mod:`~desktop.core.models.convert` (CTranslate2 conversion),
:mod:`~desktop.core.models.hub` (the one download path) and
:mod:`~desktop.core.models.store` (the store itself) -- and re-exported here so
callers (engine, CLI, GUI) need one import. Importing this module is cheap: no
torch, transformers, ctranslate2 or huggingface_hub at module level.
"""

from __future__ import annotations

from desktop.core.models.convert import check_marian_vocab, convert_to_ct2
from desktop.core.models.archive import DEFAULT_MAX_BYTES
from desktop.core.models.files import CT2_DIR, RECORD_NAME
from desktop.core.models.hub import offline_hub
from desktop.core.models.manifest import ManifestEntry, load_manifest, parse_manifest
from desktop.core.models.store import InstalledModel, ModelStore
from desktop.core.paths import manifest_path, models_dir

__all__ = [
    "CT2_DIR",
    "DEFAULT_MAX_BYTES",
    "RECORD_NAME",
    "InstalledModel",
    "ManifestEntry",
    "ModelStore",
    "check_marian_vocab",
    "convert_to_ct2",
    "load_manifest",
    "manifest_path",
    "models_dir",
    "offline_hub",
    "parse_manifest",
]
