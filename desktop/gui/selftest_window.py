"""The "open window" step of ``dragoman --self-test``: the real window, drawn and saved as a PNG.

In a PyInstaller bundle the window is where a missing Qt plugin, image
format or style file shows up, and only at run time. So this step builds the
same ``MainWindow`` that ``dragoman gui`` builds, opens the article through
the library as a user would, lets it translate (when the self-test hands it
a model store) and analyse, then renders the window into a PNG file and
checks that the picture is not blank. Everything the window writes (library,
settings, geometry) goes to a temporary folder, so the user's own files are
never touched. Without a display the platform is Qt's offscreen one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop.core.document import Document

if TYPE_CHECKING:
    from desktop.gui.main_window import MainWindow

#: Pixels sampled (per side) to tell a drawn window from a blank one.
_GRID = 24


def self_test_window(
    doc: Document,
    *,
    models_dir: Path | None = None,
    png: Path | None = None,
    timeout_s: float = 120.0,
) -> str:
    """Open the window on ``doc``, wait for its work, save a PNG; return one line for the report.

    ``models_dir`` is the model store the window may use (the self-test's
    tiny model): with a translation model in it the window translates the
    article, and the step checks every sentence arrived. Without it the
    store is an empty folder and the window must show its "no model" panel.
    ``png`` keeps the picture (default: a temporary file, deleted after).
    Raises RuntimeError saying what is wrong.
    """
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="dragoman-window-") as tmp_name:
        tmp = Path(tmp_name)
        env = {
            "DRAGOMAN_LIBRARY": str(tmp / "library.sqlite"),
            "DRAGOMAN_CONFIG": str(tmp / "config"),
            "DRAGOMAN_MODELS": str(models_dir if models_dir is not None else tmp / "no-models"),
        }
        with _environment(env):
            return _open_and_check(doc, png or tmp / "window.png", timeout_s=timeout_s)


def _open_and_check(doc: Document, png: Path, *, timeout_s: float) -> str:
    from desktop.core.operations.models import forget_loaded_models
    from desktop.gui.app import ensure_application
    from desktop.gui.main_window import DEFAULT_SIZE, MainWindow
    from desktop.gui.settings import AppSettings
    from desktop.gui.theme import apply_theme

    started = time.perf_counter()
    previous_handler = qInstallMessageHandler(_quiet_offscreen)
    app = ensure_application()
    apply_theme(app, "light")
    errors: list[str] = []
    window = MainWindow(AppSettings(), theme="light", remember_theme=False)
    window.dialogs.error = lambda title, text: errors.append(f"{title}: {text}")
    try:
        window.resize(*DEFAULT_SIZE)  # the size a first start opens at, whatever the platform's default
        window.show()
        _process_until(app, lambda: _exposed(window), timeout_s=10.0)
        if not _exposed(window):
            raise RuntimeError("the window was not shown within 10 s")
        shown_ms = (time.perf_counter() - started) * 1000

        window.start()
        window.documents.add_document(doc)
        translating = window.models.available()
        _process_until(app, lambda: bool(errors) or _settled(window, translating), timeout_s=timeout_s)
        if errors:
            raise RuntimeError(errors[0])
        if not _settled(window, translating):
            raise RuntimeError(f"the window did not finish opening the article within {timeout_s:.0f} s")
        if window.reading.bg_pane.toPlainText() != doc.text:
            raise RuntimeError("the Bulgarian pane does not show the article's text")
        english = _english_state(window, doc, translating)

        app.processEvents()
        picture = window.grab()
        if picture.isNull() or not picture.save(str(png), "PNG"):
            raise RuntimeError("the window could not be drawn into a PNG")
        image = QImage(str(png))
        if image.isNull() or _distinct_colours(image) < 3:
            raise RuntimeError(f"the window's picture {png} is blank")
        return (
            f"shown in {shown_ms:.0f} ms; {image.width()}x{image.height()} PNG "
            f"({png.stat().st_size // 1024} kB); {len(window.article.claim_views)} claims highlighted; {english}"
        )
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
        forget_loaded_models()  # the self-test's model store is about to be deleted
        qInstallMessageHandler(previous_handler)


#: What Qt's offscreen platform says on every resize; harmless, and it would clutter the report.
_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message != _OFFSCREEN_NOISE:
        sys.stderr.write(f"{message}\n")


def _exposed(window: MainWindow) -> bool:
    handle = window.windowHandle()
    return bool(window.isVisible() and handle is not None and handle.isExposed())


def _settled(window: MainWindow, translating: bool) -> bool:
    """The article is shown, analysed, and (when a model is there) translated; no job is running."""
    if window.article.doc is None or window.article.analysis is None or window.busy:
        return False
    return not translating or window.translation is not None


def _english_state(window: MainWindow, doc: Document, translating: bool) -> str:
    if not translating:
        return "no model: the English side shows the model panel"
    translation = window.translation
    if translation is None or not translation.is_complete(doc):
        done = len(translation.sentences) if translation is not None else 0
        raise RuntimeError(f"the window translated {done} of {len(doc.sentences)} sentences")
    if not window.reading.en_pane.toPlainText().strip():
        raise RuntimeError("the English pane is empty after translation")
    return f"{len(translation.sentences)} sentences translated in the window ({translation.backend})"


def _process_until(app: QApplication, done: Callable[[], bool], *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def _distinct_colours(image: QImage) -> int:
    """How many different colours a grid of sample points has (a blank picture has one)."""
    width, height = image.width(), image.height()
    seen = {
        image.pixel(x * width // _GRID, y * height // _GRID) for x in range(_GRID) for y in range(_GRID)
    }
    return len(seen)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the step, then put the old values back."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
