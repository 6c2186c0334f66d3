"""Styles, palettes and icons for the light and dark themes.

The look lives in ``assets/styles/<theme>.qss`` and ``assets/icons/*.svg``;
this module finds them (in a source checkout or a PyInstaller bundle), applies
the Fusion style with a matching QPalette (so widgets the style sheet does not
cover still agree with it) and recolours the line icons for the theme.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core.resources import app_root

ICON_INK = {"light": "#3a3f44", "dark": "#d0d5db"}
_ICON_SOURCE_INK = "#3a3f44"


def assets_dir() -> Path:
    """``assets/`` of the checkout, or of the bundle when frozen by PyInstaller."""
    return app_root() / "assets"


def sample_article_path() -> Path:
    return assets_dir() / "samples" / "sample_article_bg.txt"


def load_stylesheet(theme: str) -> str:
    path = assets_dir() / "styles" / f"{theme}.qss"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""  # a missing style sheet makes the app plainer, not broken
    # Style sheets take image paths, not resources: point @ICONS@ at this install's icons.
    return text.replace("@ICONS@", (assets_dir() / "icons").as_posix())


def _palette(theme: str) -> QPalette:
    pal = QPalette()
    if theme == "dark":
        colours = {
            QPalette.ColorRole.Window: "#16181c",
            QPalette.ColorRole.WindowText: "#e6e8eb",
            QPalette.ColorRole.Base: "#1b1e23",
            QPalette.ColorRole.AlternateBase: "#1f2228",
            QPalette.ColorRole.Text: "#e6e8eb",
            QPalette.ColorRole.Button: "#252a31",
            QPalette.ColorRole.ButtonText: "#e6e8eb",
            QPalette.ColorRole.Highlight: "#2f6db3",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#e6e8eb",
            QPalette.ColorRole.ToolTipText: "#16181c",
            QPalette.ColorRole.PlaceholderText: "#7d858f",
            QPalette.ColorRole.Link: "#6fb0f2",
        }
    else:
        colours = {
            QPalette.ColorRole.Window: "#f6f7f9",
            QPalette.ColorRole.WindowText: "#1f2328",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f8f9fb",
            QPalette.ColorRole.Text: "#1f2328",
            QPalette.ColorRole.Button: "#ffffff",
            QPalette.ColorRole.ButtonText: "#1f2328",
            QPalette.ColorRole.Highlight: "#1f5fa8",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#1f2328",
            QPalette.ColorRole.ToolTipText: "#ffffff",
            QPalette.ColorRole.PlaceholderText: "#8a929c",
            QPalette.ColorRole.Link: "#1f5fa8",
        }
    for role, value in colours.items():
        pal.setColor(role, QColor(value))
    disabled = QColor("#5d646d" if theme == "dark" else "#a0a7b0")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply_theme(app: QApplication, theme: str) -> None:
    """Fusion + palette + the theme's style sheet, app-wide."""
    app.setStyle("Fusion")
    app.setPalette(_palette(theme))
    app.setStyleSheet(load_stylesheet(theme))


@lru_cache(maxsize=256)
def icon(name: str, theme: str = "light") -> QIcon:
    """A line icon from assets/icons in the theme's ink (an empty icon if missing).

    The icon is loaded from the SVG file by Qt's icon engine, which renders
    it at the size and moment it is painted - nothing is drawn at start-up.
    Dark-theme copies are recoloured once into a cache folder.
    """
    path = assets_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    ink = ICON_INK.get(theme, _ICON_SOURCE_INK)
    if ink == _ICON_SOURCE_INK or name == "dragoman":
        return QIcon(str(path))
    folder = Path(tempfile.gettempdir()) / f"dragoman-icons-{theme}-{os.getuid() if hasattr(os, 'getuid') else 0}"
    recoloured = folder / path.name
    try:
        svg = path.read_text(encoding="utf-8").replace(_ICON_SOURCE_INK, ink)
        if not recoloured.is_file() or recoloured.read_text(encoding="utf-8") != svg:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = recoloured.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(svg, encoding="utf-8")
            os.replace(tmp, recoloured)
    except OSError:
        return QIcon(str(path))
    return QIcon(str(recoloured))
