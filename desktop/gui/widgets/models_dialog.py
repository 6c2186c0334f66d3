"""Models dialog: which model translates (Standard or Best), installed models with size and verify/remove, import.

Verifying re-hashes every file against the install record, which takes a few
seconds for a real model, so it runs in a worker; the dialog stays usable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.jobs import CancelToken
from desktop.gui.theme import icon
from desktop.gui.workers import Worker

if TYPE_CHECKING:
    from desktop.gui.settings import AppSettings

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def human_size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "kB") else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def ask_model_source(parent: QWidget) -> str | None:
    """Ask for a model archive, or (Cancel on that) a model folder."""
    box = QMessageBox(parent)
    box.setWindowTitle("Import a model")
    box.setText("Import a translation model handed over as an archive (.zip, .tar.gz) or as a folder?")
    archive = box.addButton("Archive…", QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton("Folder…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is archive:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Model archive", "", "Model archives (*.zip *.tar.gz *.tgz);;All files (*)"
        )
        return path or None
    if clicked is folder:
        return QFileDialog.getExistingDirectory(parent, "Model folder") or None
    return None


class ModelChoiceBox(QGroupBox):
    """"Translate with": Standard (opus-mt-bg-en, fastest) or Best (opus-mt-tc-big-bg-en, slower), with sizes.

    The choice is remembered in the settings (``translation/model``); a
    model that is not installed cannot be chosen, and says how to get it.
    """

    chosen = Signal(str)  # the model name now in the settings

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        from desktop.core.operations.models import model_choices

        super().__init__("Translate with", parent)
        self.settings = settings
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.choices = model_choices()
        layout = QVBoxLayout(self)
        for choice in self.choices:
            button = QRadioButton(choice.label)
            self.buttons[choice.model] = button
            self.group.addButton(button)
            layout.addWidget(button)
            button.toggled.connect(lambda on, name=choice.model: on and self._choose(name))
        note = QLabel(
            "Best gives better English and runs several times slower; both run on this machine. "
            "Get a model with “dragoman models download NAME” on a connected machine, then Import…."
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        layout.addWidget(note)

    def update_installed(self, installed: set[str]) -> None:
        """Enable the installed choices and tick the one the settings name (else the first installed)."""
        from desktop.core.operations.models import model_of_choice_setting

        current = model_of_choice_setting(self.settings.model or None)
        for choice in self.choices:
            button = self.buttons[choice.model]
            have = choice.model in installed
            button.setEnabled(have)
            button.setText(choice.label if have else f"{choice.label} — not installed")
        wanted = current if current is not None and current in installed else None
        wanted = wanted or next((c.model for c in self.choices if c.model in installed), None)
        for name, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(name == wanted)
            button.blockSignals(False)

    def _choose(self, name: str) -> None:
        if self.settings.model == name:
            return
        self.settings.model = name
        self.settings.sync()
        self.chosen.emit(name)


class ModelsDialog(QDialog):
    models_changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, theme: str = "light", settings: AppSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Translation models")
        self.resize(820, 460)
        self._worker: Worker | None = None
        layout = QVBoxLayout(self)
        if settings is None:
            from desktop.gui.settings import AppSettings

            settings = AppSettings()
        self.choice_box = ModelChoiceBox(settings, self)
        self.choice_box.chosen.connect(self._on_choice)
        layout.addWidget(self.choice_box)
        intro = QLabel(
            "Models run on this machine. Verify re-checks every file against its install record; "
            "Remove deletes the model's folder."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["Model", "Languages", "Size", "Fast backend", "From", "Revision"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.progress = QProgressBar()
        self.progress.setFixedHeight(8)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.verify_button = QPushButton(icon("verify", theme), "Verify")
        self.verify_button.clicked.connect(self.verify_selected)
        self.remove_button = QPushButton(icon("delete", theme), "Remove…")
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(icon("import", theme), "Import…")
        self.import_button.clicked.connect(self._on_import_clicked)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.verify_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        from desktop.core.errors import ModelError

        self.table.setRowCount(0)
        try:
            from desktop.core.operations.models import installed_models

            models = installed_models()
        except (ModelError, OSError) as exc:
            self.status.setText(str(exc))
            models = []
        for m in models:
            row = self.table.rowCount()
            self.table.insertRow(row)
            ct2 = "CTranslate2" if m.ct2_path else {"failed": "conversion failed", "skipped": "—"}.get(m.ct2_status, "—")
            source = str(m.record.get("source", "")) if isinstance(m.record, dict) else ""
            cells = [m.name, m.direction.replace("->", " → "), human_size(m.size_bytes), ct2, source, (m.revision or "")[:12]]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(NAME_ROLE, m.name)
                item.setToolTip(str(m.path))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.choice_box.update_installed({m.name for m in models})
        if not models:
            self.status.setText("No models installed. Import a folder or archive, or use the Download button in the English pane.")
        self._update_buttons()

    def _on_choice(self, name: str) -> None:
        self.status.setText(f"New articles will be translated with {name}.")
        self.models_changed.emit()

    def selected_name(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(NAME_ROLE)) if items else None

    def _update_buttons(self) -> None:
        has = self.selected_name() is not None
        idle = self._worker is None
        self.verify_button.setEnabled(has and idle)
        self.remove_button.setEnabled(has and idle)
        self.import_button.setEnabled(idle)

    def _start(self, worker: Worker, message: str) -> None:
        self._worker = worker
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(message)
        worker.progressed.connect(self._on_worker_progressed)
        worker.ended.connect(self._on_worker_ended)
        worker.start()
        self._update_buttons()

    def _on_worker_progressed(self, event: Any) -> None:
        if event.total:
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.done)
        if event.message:
            self.status.setText(event.message)

    def _on_worker_ended(self) -> None:
        self._worker = None
        self.progress.hide()
        self._update_buttons()

    def verify_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        from desktop.core.operations.models import verify_model

        def job(_token: CancelToken) -> list[str]:
            return verify_model(name)

        worker = Worker.call("verify-model", job)
        worker.finished.connect(
            lambda problems: self.status.setText(
                f"{name}: every file matches its install record."
                if not problems
                else f"{name}: {len(problems)} problem(s): " + "; ".join(problems[:5])
            )
        )
        worker.failed.connect(lambda exc: self.status.setText(str(exc)))
        self._start(worker, f"Verifying {name}…")

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        answer = QMessageBox.question(self, "Remove model", f"Delete the model {name} from this machine?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        from desktop.core.errors import DragomanError

        try:
            from desktop.core.operations.models import remove_model

            remove_model(name)
        except (DragomanError, OSError) as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"Removed {name}.")
        self.refresh()
        self.models_changed.emit()

    def _on_import_clicked(self) -> None:
        source = ask_model_source(self)
        if source:
            self.import_from(source)

    def import_from(self, source: str) -> None:
        from desktop.core.operations.models import import_model_job

        worker = Worker("import-model", lambda token: import_model_job(source, token))
        worker.finished.connect(lambda model: self._on_model_imported(str(model.name)))
        worker.failed.connect(lambda exc: self.status.setText(str(exc)))
        self._start(worker, f"Importing {source}…")

    def _on_model_imported(self, name: str) -> None:
        self.status.setText(f"Installed {name}.")
        self.refresh()
        self.models_changed.emit()

    def reject(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        super().reject()

    def done(self, result: int) -> None:
        from desktop.gui import workers

        if self._worker is not None:
            self._worker.cancel()
            workers.wait_all(10_000)
        super().done(result)
