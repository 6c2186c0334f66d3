"""The status bar's progress: a bar, "14/20 sentences · 412 words/s", and Cancel.

Permanent status-bar widgets, so a temporary status message never hides
the progress; hidden while nothing is translating.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from desktop.core.jobs import Progress


class ProgressStrip(QWidget):
    """Progress of the article's translation, with the Cancel action beside it."""

    def __init__(self, cancel: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setFixedHeight(10)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(cancel)
        self.cancel_button.setToolButtonStyle(self.cancel_button.toolButtonStyle().ToolButtonTextBesideIcon)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.set_visible(False)

    def set_visible(self, visible: bool) -> None:
        for widget in (self.bar, self.label, self.cancel_button):
            widget.setVisible(visible)
        self.setVisible(visible)

    def start(self, total: int, text: str) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self.label.setText(text)
        self.set_visible(True)

    def show_event(self, event: Progress) -> None:
        """One job event: the bar, and "done/total unit · rate"."""
        if event.total:
            self.bar.setRange(0, event.total)
            self.bar.setValue(event.done)
        rate = f" · {event.rate:.0f} words/s" if event.rate else ""
        unit = "sentences" if event.stage.startswith("translat") else event.stage
        self.label.setText(f"{event.done}/{event.total} {unit}{rate}" if event.total else (event.message or event.stage))
