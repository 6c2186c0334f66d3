"""Settings: translation profile, backend and threads; theme and reading font size."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from desktop.gui.settings import BACKENDS, PROFILES, THEMES, AppSettings


class SettingsDialog(QDialog):
    """Edits :class:`AppSettings`; values are written only on OK."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout(self)
        self.profile = QComboBox()
        for p in PROFILES:
            self.profile.addItem({"quality": "quality (beam search)", "fast": "fast (greedy)"}[p], p)
        self.profile.setCurrentIndex(PROFILES.index(settings.profile))
        form.addRow("Translation profile", self.profile)
        self.backend = QComboBox()
        labels = {
            "auto": "automatic (CTranslate2, else transformers)",
            "ct2": "CTranslate2 (fast, int8)",
            "hf": "transformers + torch (reference)",
        }
        for b in BACKENDS:
            self.backend.addItem(labels[b], b)
        self.backend.setCurrentIndex(BACKENDS.index(settings.backend))
        form.addRow("Backend", self.backend)
        self.threads = QSpinBox()
        self.threads.setRange(0, max(64, os.cpu_count() or 1))
        self.threads.setSpecialValueText("automatic")
        self.threads.setValue(settings.threads)
        form.addRow("CPU threads", self.threads)
        self.theme = QComboBox()
        for t in THEMES:
            self.theme.addItem(t.capitalize(), t)
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        form.addRow("Theme", self.theme)
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 32)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.font_size)
        form.addRow("Reading text size", self.font_size)
        note = QLabel("Changes to the backend and threads apply to the next translation.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.profile = str(self.profile.currentData())
        self.settings.backend = str(self.backend.currentData())
        self.settings.threads = int(self.threads.value())
        self.settings.theme = str(self.theme.currentData())
        self.settings.font_size = int(self.font_size.value())
        self.settings.sync()
        super().accept()
