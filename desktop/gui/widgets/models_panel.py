"""The English pane's "no model yet" panel.

When no translation model is installed the app still opens the article and
finds claims and a summary in the Bulgarian; the English pane then shows this
panel instead of an empty page. It offers the two ways to get a model: a
download (only when the user clicks; the size is stated first) or an import
of a folder or archive handed over on a USB stick (offline desks). What the
buttons do is the models controller's (:mod:`desktop.gui.controllers.models`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.core.jobs import Progress
from desktop.core.operations.models import DEFAULT_MODEL, default_model_entry


class ModelMissingPanel(QFrame):
    """Shown in place of the English pane until a translation model is installed."""

    download_requested = Signal()
    import_requested = Signal()
    translate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelPanel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 28, 28, 28)
        outer.addStretch(1)
        self.title = QLabel("No translation model installed yet")
        self.title.setObjectName("modelPanelTitle")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.model_name = DEFAULT_MODEL
        self._entry_loaded = False
        self.body = QLabel("")
        self.body.setWordWrap(True)
        self.body.setObjectName("muted")
        outer.addWidget(self.body)
        outer.addSpacing(12)
        buttons = QHBoxLayout()
        self.download_button = QPushButton("Download the model")
        self.download_button.setObjectName("primary")
        self.download_button.setToolTip("Fetch the model from Hugging Face; the only network use of Dragoman")
        self.download_button.clicked.connect(self.download_requested)
        self.import_button = QPushButton("Import folder or archive…")
        self.import_button.setToolTip("For offline desks: a folder or .zip/.tar.gz made with `dragoman models export`")
        self.import_button.clicked.connect(self.import_requested)
        self.translate_button = QPushButton("Translate now")
        self.translate_button.setObjectName("primary")
        self.translate_button.clicked.connect(self.translate_requested)
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.translate_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        second = QHBoxLayout()
        second.addWidget(self.import_button)
        second.addStretch(1)
        outer.addLayout(second)
        # A failed download: its one sentence, with the way on (importing) right beside it.
        self.failure = QLabel("")
        self.failure.setWordWrap(True)
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failure_import_button = QPushButton("Import folder or archive…")
        self.failure_import_button.setObjectName("primary")
        self.failure_import_button.clicked.connect(self.import_requested)
        failure_row = QHBoxLayout()
        failure_row.addWidget(self.failure, 1)
        failure_row.addWidget(self.failure_import_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(failure_row)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.progress)
        outer.addWidget(self.status)
        self.hint = QLabel("")
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        outer.addSpacing(8)
        outer.addWidget(self.hint)
        outer.addStretch(2)
        self.set_idle()
        self.clear_failure()
        self.translate_button.setVisible(False)

    def load_entry(self) -> None:
        """Fill in the default model's name, size and description (reads the manifest once)."""
        if self._entry_loaded:
            return
        self._entry_loaded = True
        entry = default_model_entry()
        name, size, description = entry.name, entry.size_mb, entry.description
        self.model_name = name
        self.body.setText(
            "The Bulgarian article is open, and its key claims and summary are already found. "
            "To read it in English, install the translation model once: it then runs on this "
            "machine, offline.\n\n"
            f"{description}"
        )
        self.download_button.setText(f"Download the model ({size} MB)")
        self.download_button.setToolTip(f"Fetch {name} from Hugging Face; the only network use of Dragoman")
        self.hint.setText(
            f"From a terminal: <code>dragoman models download {name}</code> on a connected machine, "
            "or <code>dragoman models import PATH</code> offline."
        )

    def set_has_model(self, has_model: bool, description: str) -> None:
        self.translate_button.setVisible(has_model)
        self.download_button.setVisible(not has_model)
        if has_model:
            self.title.setText("Ready to translate")
            self.status.setText(f"Installed: {description}")

    def show_failure(self, sentence: str) -> None:
        """Say why the download failed and offer the import beside the sentence (cleared by the next try)."""
        self.failure.setText(sentence)
        self.failure.setVisible(True)
        self.failure_import_button.setVisible(True)
        self.import_button.setVisible(False)  # it is now beside the sentence

    def clear_failure(self) -> None:
        self.failure.setText("")
        self.failure.setVisible(False)
        self.failure_import_button.setVisible(False)
        self.import_button.setVisible(True)

    def set_busy(self, message: str) -> None:
        self.clear_failure()
        self.download_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.failure_import_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(message)

    def set_idle(self) -> None:
        self.download_button.setEnabled(True)
        self.import_button.setEnabled(True)
        self.failure_import_button.setEnabled(True)
        self.progress.setVisible(False)
        self.status.setText("")

    def on_progress(self, event: Progress) -> None:
        if event.total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(event.fraction * 1000))
        rate = f" · {event.rate / 1e6:.1f} MB/s" if event.rate and event.stage == "download" else ""
        self.status.setText(f"{event.message or event.stage}{rate}")
