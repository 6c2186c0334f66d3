"""Where Dragoman keeps its model store, resolved when asked and never at import.

The order is the one DESIGN.md fixes: ``$DRAGOMAN_MODELS`` (tests, portable
installs, a shared drive), else ``models/`` in a source checkout (so a
developer's models sit beside the code and ``git`` ignores them), else the
platform's per-user data folder. A PyInstaller bundle never counts as a
checkout, even though its files also sit beside a ``desktop/`` folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.core.resources import app_root

#: Environment variable that overrides the model store location.
ENV_MODELS = "DRAGOMAN_MODELS"
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
