"""The questions and messages the app puts to the user, in one replaceable object.

Controllers never open a message box themselves; they ask :class:`Dialogs`.
Tests replace its methods with recorders (so nothing ever blocks on a modal
box), and the screenshot mode prints errors instead of showing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from desktop.core.errors import DragomanError

if TYPE_CHECKING:
    from desktop.gui.settings import AppSettings


class Dialogs:
    """Message boxes and file choosers over ``parent`` (the main window)."""

    def __init__(self, parent: QWidget | None = None, settings: AppSettings | None = None) -> None:
        self.parent = parent
        #: Where the last used folder is remembered (None: every dialog starts in the home folder).
        self.settings = settings

    def show_shortcuts(self, actions: list[QAction]) -> None:
        """Every action with a shortcut, in a table."""
        rows = []
        for action in actions:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.text():
                rows.append(f"<tr><td><b>{keys}</b></td><td>{action.text().replace('&', '')}</td></tr>")
        QMessageBox.information(
            self.parent, "Keyboard shortcuts", "<table cellpadding=3>" + "".join(sorted(rows)) + "</table>"
        )

    def show_about(self) -> None:
        from desktop import __version__

        QMessageBox.about(
            self.parent,
            "About Dragoman",
            f"<h3>Dragoman {__version__}</h3><p>Offline Bulgarian → English translation, key claims "
            "and briefs for news desks. Translation runs on this machine with OPUS-MT models "
            "(Helsinki-NLP); nothing leaves it unless you ask for a model download.</p>",
        )

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getMultiLineText(self.parent, title, label, text)
        return value if ok else None

    def save_folder(self) -> Path:
        """Where a save dialog starts: the folder last saved to, while it still exists, else home."""
        last = self.settings.last_folder if self.settings is not None else ""
        return Path(last) if last and Path(last).is_dir() else Path.home()

    def ask_save_path(self, title: str, name: str, filters: str) -> str | None:
        """A path to save to, starting in the last folder used with ``name`` suggested; remembers the folder."""
        path, _ = QFileDialog.getSaveFileName(self.parent, title, str(self.save_folder() / name), filters)
        if path and self.settings is not None:
            self.settings.last_folder = str(Path(path).parent)
        return path or None

    def ask_open_path(self, title: str, start: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, start, filters)
        return path or None

    def ask_folder(self, title: str, start: str) -> str | None:
        path = QFileDialog.getExistingDirectory(self.parent, title, start)
        return path or None

    def failure(self, title: str, exc: BaseException) -> None:
        """A failed job: its one sentence when the user can act on it, else what the bug was."""
        if isinstance(exc, DragomanError):
            self.error(title, str(exc))
        else:
            self.error(title, f"{type(exc).__name__}: {exc}")
