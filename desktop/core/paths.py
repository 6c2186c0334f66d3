"""Where Dragoman keeps its model store and its library, resolved when asked and never at import.

Models: the order is the one DESIGN.md fixes: ``$DRAGOMAN_MODELS`` (tests,
portable installs, a shared drive), else ``models/`` in a source checkout (so
a developer's models sit beside the code and ``git`` ignores them), else the
platform's per-user data folder. A PyInstaller bundle never counts as a
checkout, even though its files also sit beside a ``desktop/`` folder.

The library: ``$DRAGOMAN_LIBRARY`` (a file, or a folder holding
``library.sqlite``), else ``library.sqlite`` in the per-user data folder. This
is the one place that rule is written: the library, the translation memory of
``dragoman translate`` and the app all ask :func:`library_path`. It imports
nothing but the standard library (and platformdirs when asked), so a command
that only needs the memory's file does not pay for sqlite-utils.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.core.resources import app_root

#: Environment variable that overrides the model store location.
ENV_MODELS = "DRAGOMAN_MODELS"
#: Environment variable that overrides the library location (a file or a folder).
ENV_LIBRARY = "DRAGOMAN_LIBRARY"
#: The library's file name in the data folder (or in a folder ``$DRAGOMAN_LIBRARY`` names).
LIBRARY_FILE_NAME = "library.sqlite"
#: Application name used for the platform data folder.
APP_NAME = "Dragoman"
#: Name of the manifest file inside ``models/``.
MANIFEST_NAME = "manifest.toml"


def checkout_root() -> Path | None:
    """The repository root when running from a source checkout, else None.

    A checkout is recognised by ``pyproject.toml`` and ``desktop/`` side by
    side two levels above this file; an installed wheel has neither, and a
    frozen bundle is excluded explicitly.
    """
    if getattr(sys, "frozen", False):
        return None
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "desktop").is_dir():
        return root
    return None


def user_data_dir() -> Path:
    """The per-user data folder (e.g. ``~/.local/share/Dragoman`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """The model store folder (it may not exist yet; installing creates it)."""
    override = os.environ.get(ENV_MODELS, "").strip()
    if override:
        return Path(override).expanduser()
    root = checkout_root()
    if root is not None:
        return root / "models"
    return user_data_dir() / "models"


def library_path() -> Path:
    """The desk library's file (it may not exist yet; opening the library creates it).

    ``$DRAGOMAN_LIBRARY`` may name the file or an existing folder (then
    ``library.sqlite`` inside it), so tests and a second profile can point the
    app elsewhere; otherwise the per-user data folder.
    """
    override = os.environ.get(ENV_LIBRARY, "").strip()
    if override:
        path = Path(override).expanduser()
        return path / LIBRARY_FILE_NAME if path.is_dir() else path
    return user_data_dir() / LIBRARY_FILE_NAME


def manifest_path() -> Path | None:
    """The shipped ``models/manifest.toml``: from the checkout, else from the bundle.

    The manifest is app data, not user data, so ``$DRAGOMAN_MODELS`` does not
    move it. Returns None when neither copy exists (a bare ``pip install``).
    """
    candidates: list[Path] = []
    root = checkout_root()
    if root is not None:
        candidates.append(root / "models" / MANIFEST_NAME)
    candidates.append(app_root() / "models" / MANIFEST_NAME)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None
