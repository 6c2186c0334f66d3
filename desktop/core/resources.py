"""Where the app's own files (assets, the model manifest) are, from source or a bundle.

In a source checkout they sit at the repository root beside ``desktop/``; in a
PyInstaller bundle they are unpacked under ``sys._MEIPASS``. One function
answers for both so no module hard-codes either layout.
"""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder that holds ``assets/`` and ``models/manifest.toml``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def asset_path(*parts: str) -> Path:
    """Path of a file under ``assets/`` (which may not exist; callers check)."""
    return app_root().joinpath("assets", *parts)


def is_frozen() -> bool:
    """True when running from a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def font_file(style: str = "") -> Path:
    """A TTF with Cyrillic glyphs for PDF export: the bundled DejaVu Sans.

    ``style`` is "", "B" or "I". Falls back to the system's DejaVu when the
    asset is missing (e.g. a trimmed install), so Cyrillic still renders.
    """
    name = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}[style]
    candidates = [asset_path("fonts", name), Path("/usr/share/fonts/truetype/dejavu") / name]
    for c in candidates:
        if c.is_file():
            return c
    return candidates[0]
