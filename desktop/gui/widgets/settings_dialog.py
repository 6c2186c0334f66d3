"""Settings: which model translates (Standard or Best), profile, backend and threads; theme and font size."""

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
        self.model = self._model_choices(settings)
        form.addRow("Translate with", self.model)
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

    @staticmethod
    def _model_choices(settings: AppSettings) -> QComboBox:
        """Standard and Best with their sizes; a choice not installed is listed but cannot be picked."""
        from PySide6.QtGui import QStandardItemModel

        from desktop.core.operations.models import installed_models, model_choices, model_of_choice_setting

        installed = {str(m.name) for m in installed_models()}
        combo = QComboBox()
        for choice in model_choices():
            have = choice.model in installed
            combo.addItem(choice.label if have else f"{choice.label} — not installed", choice.model)
            item = combo.model()
            if not have and isinstance(item, QStandardItemModel):
                row = item.item(combo.count() - 1)
                if row is not None:
                    row.setEnabled(False)
        current = model_of_choice_setting(settings.model or None)
        index = combo.findData(current) if current in installed else -1
        if index < 0:  # the saved choice is not installed: show the first installed one
            index = next((i for i in range(combo.count()) if combo.itemData(i) in installed), 0)
        combo.setCurrentIndex(index)
        return combo

    def accept(self) -> None:
        model = str(self.model.currentData() or "")
        if model and model != (self.settings.model or ""):
            self.settings.model = model
        self.settings.profile = str(self.profile.currentData())
        self.settings.backend = str(self.backend.currentData())
        self.settings.threads = int(self.threads.value())
        self.settings.theme = str(self.theme.currentData())
        self.settings.font_size = int(self.font_size.value())
        self.settings.sync()
        super().accept()
