"""Fixtures for driving the desktop app as a user would (pytest-qt, offscreen).

* ``tiny_store`` builds the tiny Marian test model once per session and
  installs it into a model store (with its CTranslate2 conversion), so every
  GUI test that needs a model points ``$DRAGOMAN_MODELS`` at it.
* ``window`` is a fresh MainWindow with a private library and settings; its
  dialogs are replaced by recorders so no test ever blocks on a modal box.
* ``wait_idle`` waits until no job runs or is about to: library work runs on
  the database lane, so what an action saved is in the library once it
  returns.
* Every test ends by asserting that no worker thread was left running.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest.importorskip("pytestqt")

from PySide6.QtCore import QThreadPool


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model store holding the tiny test model as opus-mt-bg-en (built once)."""
    from desktop.core.models import ModelStore
    from desktop.core.models.tinymodel import build_tiny_marian

    base = tmp_path_factory.mktemp("tiny-store")
    source = build_tiny_marian(base / "source")
    store = ModelStore(base / "models")
    store.import_path(source, name="opus-mt-bg-en")
    return base / "models"


@pytest.fixture
def with_model(tiny_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DRAGOMAN_MODELS", str(tiny_store))
    return tiny_store


@pytest.fixture(autouse=True)
def _no_thread_left_behind(qapp: Any) -> Iterator[None]:
    yield
    from desktop.gui import workers

    finished = workers.wait_all(15_000)
    assert finished, f"workers still running after the test: {[w.name for w in workers.active_workers()]}"
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert workers.all_threads_idle()  # the database lane too


class Recorder:
    """Stands in for the window's dialogs: remembers what the app asked and answers."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.questions: list[str] = []
        self.answer = True
        self.texts: list[str | None] = []
        self.save_paths: list[str | None] = []

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def confirm(self, title: str, text: str) -> bool:
        self.questions.append(text)
        return self.answer

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        return self.texts.pop(0) if self.texts else None

    def ask_save_path(self, title: str, name: str, filters: str) -> str | None:
        return self.save_paths.pop(0) if self.save_paths else None


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def make_window(qtbot: Any, recorder: Recorder) -> Any:
    from desktop.gui.main_window import MainWindow
    from desktop.gui.settings import AppSettings

    window = MainWindow(AppSettings())
    window.dialogs.error = recorder.error
    window.dialogs.confirm = recorder.confirm
    window.dialogs.ask_text = recorder.ask_text
    window.dialogs.ask_save_path = recorder.ask_save_path
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: Any, recorder: Recorder) -> Iterator[Any]:
    win = make_window(qtbot, recorder)
    yield win
    win.close()


def wait_idle(qtbot: Any, window: Any, timeout: int = 60_000) -> None:
    """Wait until the window has no job running (open, translate, analyse, export)."""

    def idle() -> bool:
        return not window.busy

    try:
        qtbot.waitUntil(idle, timeout=timeout)
    except Exception as exc:
        import faulthandler
        import sys

        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)  # where a job is stuck
        state = f"jobs={window.runner.roles} pending={window.runner.pending}"
        raise AssertionError(f"the window did not become idle in {timeout} ms: {state}") from exc


def hold_translation(
    monkeypatch: Any,
    release: threading.Event,
    *,
    batches: int | None = None,
    seconds: float = 10.0,
    cancellable: bool = True,
) -> None:
    """Translate in small batches and hold after each batch's results (or only the first ``batches``).

    The hold lasts until ``release`` is set, the job is cancelled, or
    ``seconds`` pass: long enough for a test to act mid-translation, short
    enough that a failing test does not hang. ``cancellable=False`` plays a
    batch CTranslate2 is still decoding: a cancel does not end the hold.
    """
    import desktop.core.translate.job as translate_module

    real = translate_module.translate_document_job

    def held(doc: Any, **options: Any) -> Any:
        options["max_batch_tokens"] = 24
        cancel = options.get("cancel")
        job = real(doc, **options)
        holds = 0
        while True:
            try:
                event = next(job)
            except StopIteration as stop:
                return stop.value
            yield event
            if event.payload and (batches is None or holds < batches):
                holds += 1
                deadline = time.monotonic() + seconds
                while not release.is_set() and not (cancellable and cancel is not None and cancel.cancelled):
                    if time.monotonic() > deadline:
                        break
                    release.wait(0.01)

    monkeypatch.setattr(translate_module, "translate_document_job", held)
