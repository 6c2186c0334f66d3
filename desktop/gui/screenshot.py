"""``dragoman gui FILE --screenshot PNG``: open the article, wait for its work, save the window, exit.

Part of the app's start-up, not of the window: it drives a window as a
user would (open a file), waits until the translation (when a model is
installed) and the analysis are done, shows a claim "clicked", grabs the
window into a PNG and ends the event loop with status 0 (2 when the article
cannot be read or the picture cannot be written, 1 on timeout).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from desktop.gui.main_window import MainWindow

#: The window's size in the picture (the README's screenshot).
PICTURE_SIZE = (1400, 860)


class ScreenshotRun(QObject):
    """One screenshot run over ``window`` (see the module docstring)."""

    def __init__(self, window: MainWindow, path: Path, *, timeout_s: float = 300.0) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = path
        window.keep_layout = False  # the picture's layout is not the user's: do not save it
        window.dialogs.error = lambda title, text: print(f"dragoman: {title}: {text}", file=sys.stderr)
        window.resize(*PICTURE_SIZE)
        window.sidebar.show()
        window.act_sidebar.setChecked(True)
        window.main_splitter.setSizes([230, 810, 360])
        window.reading.pane_splitter.setSizes([400, 400])
        window.runner.work_finished.connect(self._on_work_finished)
        window.documents.open_failed.connect(lambda _path, _exc: self.finish(2, grab=False))
        QTimer.singleShot(int(timeout_s * 1000), lambda: self.finish(1, grab=True, timed_out=True))

    def start(self, file: str) -> None:
        self.window.documents.open_path(file)

    def _on_work_finished(self) -> None:
        window = self.window
        doc, translation = window.article.doc, window.article.translation
        if self.path is None or doc is None:
            return
        incomplete = translation is None or not translation.is_complete(doc)
        if window.models.available() and incomplete and window.translator.running:
            return  # (a translation that failed or was cancelled: picture what there is)
        QTimer.singleShot(400, lambda: self.finish(0, grab=True))

    def finish(self, code: int, *, grab: bool, timed_out: bool = False) -> None:
        path, window = self.path, self.window
        if path is None:
            return
        self.path = None
        if grab:
            claims = window.article.claim_views
            if claims:
                # Show a claim "clicked": its row current, its sentence focused in both panes.
                first = claims[0]
                window.claims_panel.select_claim(first.key)
                if first.sentence_ids:
                    for pane in window.reading.panes:
                        pane.set_focused(first.sentence_ids[0])
            for pane in window.reading.panes:
                pane.verticalScrollBar().setValue(0)
            QApplication.processEvents()
            path.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(path), "PNG"):
                print(f"dragoman: could not write {path}", file=sys.stderr)
                code = 2
            elif timed_out:
                print(f"dragoman: timed out waiting for the work to finish; saved {path} anyway", file=sys.stderr)
            else:
                print(f"Screenshot saved to {path}")
        window.close()
        app = QApplication.instance()
        if app is not None:
            app.exit(code)
