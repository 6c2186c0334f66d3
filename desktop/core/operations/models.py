"""The model questions an open article asks: which model would translate it, and getting one.

Quick, file-system-only look-ups (no torch, no engine import), the store's
housekeeping (list, verify, remove), and the two ways to install a model as
jobs: import a folder or archive handed over on a USB stick, or download
(the one network use, only when the user asks).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from desktop.core.jobs import CancelToken, Progress

DEFAULT_MODEL = "opus-mt-bg-en"
DEFAULT_SIZE_MB = 300


@dataclass(frozen=True)
class ModelEntry:
    """A model the manifest offers: name, download size and one line about it."""

    name: str
    size_mb: int
    description: str


@dataclass(frozen=True)
class ChosenModel:
    """The installed model translation would use, named for the user."""

    name: str
    description: str


def default_model_entry() -> ModelEntry:
    """The manifest's default Bulgarian-to-English translation model (a safe default if unreadable)."""
    try:
        from desktop.core.models import load_manifest, manifest_path

        for entry in load_manifest(manifest_path()):
            if entry.task == "translation" and entry.default and entry.direction == "bg->en":
                return ModelEntry(entry.name, entry.size_mb, entry.description)
    except Exception:  # a broken manifest must not stop an article opening; `models list` reports it
        pass
    return ModelEntry(DEFAULT_MODEL, DEFAULT_SIZE_MB, "OPUS-MT Bulgarian to English")


def chosen_translation_model(preferred: str | None = None) -> ChosenModel | None:
    """The installed model translation will use (``preferred`` when installed), or None."""
    from desktop.core.errors import ModelError
    from desktop.core.models import ModelStore

    try:
        store = ModelStore()
        found: Any = None
        if preferred:
            try:
                found = store.get(preferred)
            except ModelError:
                found = None
        if found is None:
            found = store.default_model(task="translation")
    except (ModelError, OSError):
        return None
    if found is None:
        return None
    name = str(found.name)
    pair = f"{getattr(found, 'source_lang', '') or '?'}→{getattr(found, 'target_lang', '') or '?'}"
    ct2 = " · CTranslate2 ready" if getattr(found, "ct2_path", None) else ""
    return ChosenModel(name, f"{name} ({pair}){ct2}")


def installed_models() -> list[Any]:
    """Every installed model (name, direction, size, CTranslate2 state, install record)."""
    from desktop.core.models import ModelStore

    return list(ModelStore().list())


def verify_model(name: str) -> list[str]:
    """Re-hash an installed model's files against its install record; the problems found (none: intact)."""
    from desktop.core.models import ModelStore

    return list(ModelStore().verify(name))


def remove_model(name: str) -> None:
    """Delete an installed model, and drop it if it is the loaded one."""
    from desktop.core.models import ModelStore

    ModelStore().remove(name)
    forget_loaded_models()


def import_model_job(source: str, cancel: CancelToken | None = None) -> Generator[Progress, None, Any]:
    """Install a model folder or .zip/.tar.gz archive into the store."""
    from desktop.core.models import ModelStore

    return (yield from ModelStore().import_job(source, cancel=cancel))


def download_model_job(name: str, cancel: CancelToken | None = None) -> Generator[Progress, None, Any]:
    """Download a manifest model (the one network use of Dragoman)."""
    from desktop.core.models import ModelStore

    return (yield from ModelStore().download_job(name, cancel=cancel))


def forget_loaded_models() -> None:
    """Drop the loaded model (after one was installed, removed or the settings changed)."""
    from desktop.core.translate.cache import forget_backends

    forget_backends()


def model_choices() -> list[Any]:
    """The "Translate with" choices (Standard, Best) with their download sizes (desktop.core.models.choices)."""
    from desktop.core.models.choices import translation_choices

    return list(translation_choices())


def model_of_choice_setting(name: str | None) -> str | None:
    """The model a saved ``translation/model`` setting names as a choice (empty: Standard), or None."""
    from desktop.core.models.choices import choice_for_model

    choice = choice_for_model(name)
    return choice.model if choice is not None else None
