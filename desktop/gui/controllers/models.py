"""Which model translates, and getting one: the toolbar's model label, the "no model" panel, import, download.

Looking the model up reads the model store's folder (no torch, no engine);
the answer is kept until something changes it (an install, the settings,
a model that failed to load).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop.gui.controllers.base import Article, Controller

if TYPE_CHECKING:
    from desktop.core.operations.models import ChosenModel
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.settings import AppSettings
    from desktop.gui.widgets.reading import ReadingView

_UNKNOWN = object()


class ModelsController(Controller):
    """The model state the window shows, and the jobs that install a model."""

    installed = Signal()  # a model was imported or downloaded

    def __init__(
        self,
        view: ReadingView,
        label: QLabel,
        settings: AppSettings,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.view = view
        self.label = label
        self.settings = settings
        self.theme_name = "light"
        self._chosen: object = _UNKNOWN
        panel = view.model_panel
        panel.import_requested.connect(self.import_model)
        panel.download_requested.connect(self.download_model)

    # --- state --------------------------------------------------------------------------

    def chosen(self) -> ChosenModel | None:
        """The installed model translation would use, or None (looked up once, then kept)."""
        if self._chosen is _UNKNOWN:
            from desktop.core.operations.models import chosen_translation_model

            self._chosen = chosen_translation_model(self.settings.model or None)
        return self._chosen  # type: ignore[return-value]

    def available(self) -> bool:
        return self.chosen() is not None

    def look_up_in_background(self) -> None:
        """Find the model in a worker at start-up, so the first article does not wait on the disk."""
        from desktop.core.operations.models import chosen_translation_model

        preferred = self.settings.model or None
        self.runner.call("models", lambda: chosen_translation_model(preferred), finished=self._on_looked_up)

    def _on_looked_up(self, chosen: ChosenModel | None) -> None:
        if self._chosen is _UNKNOWN:
            self._chosen = chosen
            self.refresh()

    def invalidate(self) -> None:
        """Forget the loaded model and look the store up again (after an install or a settings change)."""
        from desktop.core.operations.models import forget_loaded_models

        forget_loaded_models()
        self._chosen = _UNKNOWN
        self.refresh()

    def refresh(self) -> None:
        """The toolbar label, and the English side: the pane, or the panel offering a model."""
        chosen = self.chosen()
        if chosen is None:
            self.label.setText("no translation model")
        else:
            backend = self.settings.backend
            label = "auto (ct2, else hf)" if backend == "auto" else backend
            self.label.setText(f"model: {chosen.name} · {label}")
        doc = self.article.doc
        needs_panel = doc is not None and doc.language != "en" and chosen is None and self.article.translation is None
        view = self.view
        translating = self.runner.running("translate")
        view.en_stack.setCurrentWidget(view.model_panel if needs_panel and not translating else view.en_pane)
        view.model_panel.load_entry()
        view.model_panel.set_has_model(chosen is not None, chosen.description if chosen else "")
        self.changed.emit()

    def show_model_panel(self) -> None:
        self.refresh()
        self.view.en_stack.setCurrentWidget(self.view.model_panel)

    # --- getting a model ----------------------------------------------------------------

    def offer_models_dialog(self) -> None:
        """Translate asked with no model installed: say so in one sentence and offer the Models dialog."""
        self.show_model_panel()
        if self.dialogs.confirm(
            "No translation model",
            "No translation model is installed yet, so this article cannot be translated; "
            "open the Models dialog to download or import one?",
        ):
            self.open_dialog(self.view.window())

    def open_dialog(self, parent: QWidget) -> None:
        from desktop.gui.widgets.models_dialog import ModelsDialog

        dialog = ModelsDialog(parent, theme=self.theme_name, settings=self.settings)
        dialog.models_changed.connect(self.invalidate)
        dialog.exec()
        self.invalidate()

    def import_model(self) -> None:
        from desktop.gui.widgets.models_dialog import ask_model_source

        source = ask_model_source(self.view)
        if source:
            self.install_from(source)

    def install_from(self, source: str) -> None:
        """Import a model folder or archive in a worker; the article is translated when done."""
        from desktop.core.operations.models import import_model_job

        self.view.model_panel.set_busy(f"Importing {Path(source).name}…")
        self.runner.job(
            "model",
            lambda token: import_model_job(source, token),
            progressed=self.view.model_panel.on_progress,
            finished=lambda _r: self._on_installed(),
            failed=lambda exc: self._on_failed("Could not import the model", exc),
            cancelled=lambda: self._on_failed("Import cancelled", None),
        )

    def download_model(self) -> None:
        """Ask first (size, the one network use), then download the default model in a worker."""
        from desktop.core.operations.models import default_model_entry, download_model_job

        entry = default_model_entry()
        if not self.dialogs.confirm(
            "Download a model",
            f"Download {entry.name} ({entry.size_mb} MB) from Hugging Face now? "
            "This is the only time Dragoman uses the network.",
        ):
            return
        self.view.model_panel.set_busy(f"Downloading {entry.name}…")
        self.runner.job(
            "model",
            lambda token: download_model_job(entry.name, token),
            progressed=lambda event: self.view.model_panel.on_progress(event),
            finished=lambda _r: self._on_installed(),
            failed=self._on_download_failed,
            cancelled=lambda: self._on_failed("Download cancelled", None),
        )

    def _on_installed(self) -> None:
        self.view.model_panel.set_idle()
        self.invalidate()
        self.say("Model installed.", 5000)
        self.installed.emit()

    def _on_download_failed(self, exc: BaseException) -> None:
        """A download that did not happen: its sentence in the panel, with Import beside it (no box)."""
        from desktop.core.errors import DragomanError

        if not isinstance(exc, DragomanError):  # a bug: say what it was
            self._on_failed("Could not download the model", exc)
            return
        self.view.model_panel.set_idle()
        self.view.model_panel.show_failure(f"{exc.message.rstrip('.')}; if you have the model as a folder or archive, import it.")
        self.say("The model was not downloaded.", 5000)

    def _on_failed(self, title: str, exc: BaseException | None) -> None:
        self.view.model_panel.set_idle()
        if exc is not None:
            self.runner.report_failure(title, exc)
        else:
            self.say(title, 5000)
