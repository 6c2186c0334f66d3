"""Each controller on its own, with only the widgets and collaborators it is given (no MainWindow)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from desktop.core.errors import ItemNotFound
from desktop.core.library.store import Library
from desktop.gui.colours import palette_for
from desktop.gui.controllers.annotations import AnnotationsController
from desktop.gui.controllers.base import Article
from desktop.gui.controllers.claims import ClaimsController
from desktop.gui.controllers.document import DocumentController
from desktop.gui.controllers.edits import EditsController
from desktop.gui.controllers.jobs import JobRunner
from desktop.gui.controllers.library import LibraryController
from desktop.gui.dialogs import Dialogs
from desktop.gui.settings import AppSettings
from desktop.gui.widgets.claims_panel import ChecksPanel, ClaimsPanel
from desktop.gui.widgets.library_sidebar import LibrarySidebar
from desktop.gui.widgets.notes_panel import NotesPanel
from desktop.gui.widgets.panes import MARK_PROPERTY
from desktop.gui.widgets.reading import ReadingView
from desktop.gui.workers import Worker
from tests.core.library_helpers import make_document, make_translation
from tests.gui.conftest import Recorder, hold_translation


class Parts:
    """A runner, the library controller and the document controller, over real widgets."""

    def __init__(self, qtbot: Any, recorder: Recorder) -> None:
        self.qtbot = qtbot
        self.dialogs = Dialogs(None)
        self.dialogs.error = recorder.error  # type: ignore[method-assign]
        self.dialogs.confirm = recorder.confirm  # type: ignore[method-assign]
        self.dialogs.ask_text = recorder.ask_text  # type: ignore[method-assign]
        self.article = Article()
        self.runner = JobRunner(self.dialogs)
        self.sidebar = LibrarySidebar()
        self.view = ReadingView()
        for widget in (self.sidebar, self.view):
            qtbot.addWidget(widget)
        self.library = LibraryController(self.sidebar, self.article, self.runner, self.dialogs)
        self.documents = DocumentController(
            self.view, self.library, AppSettings(), self.article, self.runner, self.dialogs
        )

    def common(self) -> tuple[Article, JobRunner, Dialogs]:
        return self.article, self.runner, self.dialogs

    def idle(self, timeout: int = 60_000) -> None:
        self.qtbot.waitUntil(lambda: not self.runner.busy, timeout=timeout)

    def stored_article(self) -> int:
        """A small translated article put in the library (as another window would have)."""
        with Library() as lib:
            doc_id = lib.add_document(make_document())
            lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
        return doc_id


@pytest.fixture
def parts(qtbot: Any, recorder: Recorder) -> Iterator[Parts]:
    made = Parts(qtbot, recorder)
    yield made
    from desktop.gui import workers

    workers.wait_all(15_000)
    made.library.close()


# --- the job runner --------------------------------------------------------------------------


def test_library_jobs_run_one_after_another_in_the_order_asked(parts: Parts) -> None:
    order: list[int] = []
    release = threading.Event()

    def slow() -> None:
        release.wait(5)
        order.append(0)

    parts.runner.call("first", slow, lane=True)
    for n in (1, 2, 3):
        parts.runner.call("next", lambda n=n: order.append(n), lane=True)
    assert parts.runner.busy and parts.runner.running("first", "next")
    release.set()
    parts.idle()
    assert order == [0, 1, 2, 3]
    assert not parts.runner.busy


def test_a_result_arrives_on_the_ui_thread_after_the_role_is_released(parts: Parts) -> None:
    seen: list[tuple[bool, bool]] = []
    main = threading.current_thread()
    parts.runner.call(
        "job", lambda: 42, finished=lambda r: seen.append((threading.current_thread() is main, parts.runner.running("job")))
    )
    with parts.qtbot.waitSignal(parts.runner.work_finished, timeout=10_000):
        pass
    assert seen == [(True, False)]


def test_a_failure_the_user_caused_is_one_message(parts: Parts, recorder: Recorder) -> None:
    def fail() -> None:
        raise ItemNotFound("The library holds no document #7")

    parts.runner.call("job", fail)
    parts.idle()
    assert recorder.errors == [("Something went wrong", "The library holds no document #7")]


def test_cancelling_a_role_stops_its_job_at_the_next_step(parts: Parts) -> None:
    from desktop.core.jobs import Progress

    steps: list[int] = []

    def job(token: Any) -> Any:
        for n in range(1000):
            steps.append(n)
            yield Progress("count", n, 1000)
            token.raise_if_cancelled()
            threading.Event().wait(0.005)

    cancelled: list[bool] = []
    parts.runner.run("count", Worker("count", job), cancelled=lambda: cancelled.append(True))
    parts.qtbot.waitUntil(lambda: len(steps) > 3, timeout=10_000)
    parts.runner.cancel("count")
    parts.idle()
    assert cancelled == [True] and len(steps) < 1000


# --- the library -----------------------------------------------------------------------------


def test_the_library_opens_off_the_ui_thread_and_lists_and_searches(parts: Parts, sample_path: Path) -> None:
    parts.documents.open_path(str(sample_path))  # opens the library first, on the lane
    assert not parts.library.is_open  # asked, not waited for
    parts.idle()
    assert parts.library.is_open and parts.sidebar.list.count() == 1
    parts.sidebar.search.setText("терминал")
    parts.qtbot.waitUntil(lambda: "match" in parts.sidebar.status.text(), timeout=10_000)
    assert parts.sidebar.list.count() >= 1
    parts.sidebar.search.clear()
    parts.qtbot.waitUntil(lambda: parts.sidebar.status.text() == "1 article", timeout=10_000)


def test_only_the_last_of_quickly_typed_searches_is_shown(parts: Parts, sample_path: Path) -> None:
    parts.documents.open_path(str(sample_path))
    parts.idle()
    shown: list[str] = []
    real = parts.sidebar.set_search_results
    parts.sidebar.set_search_results = lambda query, hits: (shown.append(query), real(query, hits))  # type: ignore[method-assign]
    for query in ("т", "те", "тер", "терм", "терминал"):
        parts.sidebar.search.setText(query)
        parts.library._on_sidebar_search_changed(query)  # as if each pause were long enough
    parts.idle()
    assert shown and shown[-1] == "терминал"
    assert set(shown) <= {"т", "терминал"}  # the ones overtaken while one was running were skipped


def test_a_library_locked_by_another_process_gives_a_message_not_a_frozen_window(
    parts: Parts, recorder: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.sqlite"
    Library(path).close()
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(path))
    other = sqlite3.connect(path)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        parts.library.busy_timeout = 0.5
        parts.library.start()
        assert parts.sidebar.status.text() == "Opening the library…"  # start() returned at once
        ticks: list[int] = []
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: ticks.append(1))
        parts.qtbot.waitUntil(lambda: bool(ticks), timeout=5_000)  # the event loop runs meanwhile
        parts.idle()
    finally:
        other.rollback()
        other.close()
    (title, text), = recorder.errors
    assert "could not be opened" in title and "busy" in text and "temporary library" in text
    assert parts.library.is_open and parts.library.library.path != path  # work goes on, somewhere safe


def test_deleting_asks_first(parts: Parts, recorder: Recorder) -> None:
    doc_id = parts.stored_article()
    parts.library.start()
    parts.idle()
    recorder.answer = False
    parts.library.delete_document(doc_id)
    parts.idle()
    assert len(Library().list_documents()) == 1 and "Delete" in recorder.questions[-1]
    recorder.answer = True
    parts.library.delete_document(doc_id)
    parts.idle()
    assert Library().list_documents() == [] and parts.sidebar.list.count() == 0


# --- the document, edits and annotations ----------------------------------------------------------


def test_opening_a_stored_article_shows_both_sides(parts: Parts) -> None:
    doc_id = parts.stored_article()
    with parts.qtbot.waitSignal(parts.documents.opened, timeout=20_000) as opened:
        parts.documents.open_document(doc_id)
    loaded = opened.args[0]
    assert loaded.doc_id == doc_id and parts.article.shows(doc_id)
    assert parts.view.bg_pane.toPlainText() == loaded.document.text
    assert parts.view.en_pane.toPlainText() == parts.article.en_layout.text
    assert "ENGLISH" in parts.view.en_header.text() and "opus-mt-bg-en" in parts.view.en_header.text()
    parts.documents.close_document()
    assert parts.article.doc is None and parts.view.bg_pane.toPlainText() == ""


def test_an_edit_is_saved_shown_and_undone_and_an_english_note_stays_on_its_words(parts: Parts) -> None:
    doc_id = parts.stored_article()
    undo = QUndoStack()
    edits = EditsController(parts.documents, parts.library, undo, *parts.common())
    notes = NotesPanel(palette_for("light"))
    parts.qtbot.addWidget(notes)
    annotator = AnnotationsController(
        parts.documents, parts.library, edits, notes, undo, palette_for("light"), *parts.common()
    )
    parts.documents.open_document(doc_id)
    parts.idle()
    pane = parts.view.en_pane
    start, _end = pane.spans["p1s2"]
    pane.select_range(start, start + 7)
    words = pane.toPlainText()[start : start + 7]
    annotator.highlight_selection()
    parts.idle()
    assert notes.list.count() == 1

    edits.commit_edit("p1s1", "Short.")
    parts.idle()
    assert Library().load_translation(doc_id).get("p1s1").edited_text == "Short."
    assert pane.toPlainText().startswith("Short.")
    (stored,) = Library().annotations(doc_id)
    assert pane.toPlainText()[stored.start : stored.end] == words  # moved with its sentence, and stored so

    undo.undo()  # the edit
    parts.idle()
    assert Library().load_translation(doc_id).get("p1s1").edited_text is None
    undo.undo()  # the highlight
    parts.idle()
    assert Library().annotations(doc_id) == [] and notes.list.count() == 0
    undo.redo()
    parts.idle()
    assert len(Library().annotations(doc_id)) == 1


# --- claims ------------------------------------------------------------------------------------


def test_the_analysis_fills_the_lists_marks_both_panes_and_runs_what_follows(parts: Parts, sample_path: Path) -> None:
    claims_panel, checks_panel = ClaimsPanel(palette_for("light")), ChecksPanel()
    for widget in (claims_panel, checks_panel):
        parts.qtbot.addWidget(widget)
    claims = ClaimsController(parts.documents, parts.library, claims_panel, checks_panel, palette_for("light"),
                              *parts.common())
    parts.documents.open_path(str(sample_path))
    parts.qtbot.waitUntil(lambda: parts.article.doc is not None, timeout=20_000)
    followed: list[bool] = []
    with parts.qtbot.waitSignal(claims.analysed, timeout=60_000):
        claims.start(then=lambda: followed.append(True))
    parts.idle()
    assert followed == [True]
    assert claims_panel.claims and parts.article.analysis is not None
    first = claims_panel.claims[0]
    assert parts.view.bg_pane.char_format_at(first.bg_content.start).property(MARK_PROPERTY) == f"claim:{first.kind}"
    assert Library().load_claims(parts.article.doc_id)  # stored with the article


# --- translation ----------------------------------------------------------------------------------


def test_a_translation_belongs_to_its_article(parts: Parts, sample_path: Path, with_model: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are stored for the article they were asked for, and never painted over another one."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel

    from desktop.gui.controllers.models import ModelsController
    from desktop.gui.controllers.translation import TranslationController
    from desktop.gui.widgets.progress_strip import ProgressStrip

    hold = threading.Event()
    hold_translation(monkeypatch, hold, cancellable=False)  # after each batch, until the test lets go
    label = QLabel()
    strip = ProgressStrip(QAction("Cancel"))
    for widget in (label, strip):
        parts.qtbot.addWidget(widget)
    models = ModelsController(parts.view, label, AppSettings(), *parts.common())
    translator = TranslationController(parts.documents, parts.library, models, strip, AppSettings(), *parts.common())
    parts.documents.open_path(str(sample_path))
    parts.qtbot.waitUntil(lambda: parts.article.doc is not None, timeout=20_000)
    first_id = parts.article.doc_id
    translator.translate()
    assert translator.running and not strip.isHidden()
    parts.qtbot.waitUntil(lambda: parts.article.translation is not None, timeout=30_000)

    other = parts.stored_article()  # another article opens mid-translation
    parts.documents.open_document(other)
    hold.set()
    parts.idle()
    assert parts.article.shows(other)
    assert parts.view.en_pane.toPlainText() == parts.article.en_layout.text  # its own English, nothing else
    kept = Library().load_translation(first_id)
    assert kept is not None and kept.all_sentences  # what was done for the first article is in the library
    assert not translator.running and strip.isHidden()
