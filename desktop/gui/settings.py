"""User preferences, window geometry and recent files in one QSettings store.

The store is an INI file so it is readable and portable. With
``$DRAGOMAN_CONFIG`` set (tests, portable installs) it lives in that folder;
otherwise Qt's per-user location for the organisation "Dragoman" is used.
Every read has a safe default, so a missing or hand-damaged file never stops
the app from opening.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

PROFILES = ("quality", "fast")
BACKENDS = ("auto", "ct2", "hf")
THEMES = ("light", "dark")
DEFAULT_FONT_SIZE = 12
MAX_RECENT = 10


def settings_path() -> Path | None:
    """The INI file under ``$DRAGOMAN_CONFIG`` when set, else None (Qt's default place)."""
    folder = os.environ.get("DRAGOMAN_CONFIG")
    return Path(folder) / "dragoman.ini" if folder else None


class AppSettings:
    """Typed access to the app's QSettings; each property reads and writes through."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            path = settings_path()
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                qsettings = QSettings(str(path), QSettings.Format.IniFormat)
            else:
                qsettings = QSettings(
                    QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Dragoman", "Dragoman"
                )
        self.q = qsettings

    # --- helpers ---------------------------------------------------------

    def _str(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        value = self.q.value(key, default)
        text = str(value) if value is not None else default
        if allowed is not None and text not in allowed:
            return default
        return text

    def _int(self, key: str, default: int, lo: int, hi: int) -> int:
        raw = self.q.value(key, default)
        try:
            value = int(raw) if isinstance(raw, int | str | float) else default
        except (TypeError, ValueError):
            return default
        return max(lo, min(hi, value))

    def _bool(self, key: str, default: bool) -> bool:
        value = self.q.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes", "on")
        return bool(value)

    def sync(self) -> None:
        self.q.sync()

    # --- preferences -------------------------------------------------------

    @property
    def profile(self) -> str:
        return self._str("translation/profile", "quality", PROFILES)

    @profile.setter
    def profile(self, value: str) -> None:
        self.q.setValue("translation/profile", value)

    @property
    def backend(self) -> str:
        return self._str("translation/backend", "auto", BACKENDS)

    @backend.setter
    def backend(self, value: str) -> None:
        self.q.setValue("translation/backend", value)

    @property
    def threads(self) -> int:
        """CPU threads for translation; 0 means "let the backend decide"."""
        return self._int("translation/threads", 0, 0, 256)

    @threads.setter
    def threads(self, value: int) -> None:
        self.q.setValue("translation/threads", int(value))

    @property
    def model(self) -> str:
        """The preferred installed model name; empty means the store's default."""
        return self._str("translation/model", "")

    @model.setter
    def model(self, value: str) -> None:
        self.q.setValue("translation/model", value)

    @property
    def auto_translate(self) -> bool:
        """Translate an opened article at once when a model is installed."""
        return self._bool("translation/auto", True)

    @auto_translate.setter
    def auto_translate(self, value: bool) -> None:
        self.q.setValue("translation/auto", bool(value))

    @property
    def theme(self) -> str:
        return self._str("view/theme", "light", THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("view/theme", value)

    @property
    def font_size(self) -> int:
        """Point size of the reading panes."""
        return self._int("view/font_size", DEFAULT_FONT_SIZE, 8, 32)

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.q.setValue("view/font_size", int(value))

    # --- session state -------------------------------------------------------

    @property
    def first_run_done(self) -> bool:
        return self._bool("session/first_run_done", False)

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self.q.setValue("session/first_run_done", bool(value))

    @property
    def last_folder(self) -> str:
        """The folder the user last saved an export to ("" before the first one)."""
        return self._str("files/last_folder", "")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self.q.setValue("files/last_folder", value)

    @property
    def recent_files(self) -> list[str]:
        value = self.q.value("session/recent_files", [])
        if isinstance(value, str):
            value = [value] if value else []
        items = value if isinstance(value, list | tuple) else []
        return [str(v) for v in items if v][:MAX_RECENT]

    def add_recent_file(self, path: str) -> list[str]:
        """Put ``path`` first in the recent list (deduplicated, capped) and return the list."""
        items = [p for p in self.recent_files if p != path]
        items.insert(0, path)
        items = items[:MAX_RECENT]
        self.q.setValue("session/recent_files", items)
        return items

    def clear_recent_files(self) -> None:
        self.q.setValue("session/recent_files", [])

    def byte_array(self, key: str) -> QByteArray | None:
        value = self.q.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_byte_array(self, key: str, value: QByteArray) -> None:
        self.q.setValue(f"window/{key}", value)
