"""File > Import folder…: the batch as a job, the sidebar filling, and the "Most check-worthy" order."""

from __future__ import annotations

from typing import Any

from desktop.core.library.store import Library
from desktop.gui.widgets.library_sidebar import ID_ROLE
from tests.core.test_batch import _write_folder
from tests.gui.conftest import wait_idle


def _listed(sidebar: Any) -> list[int]:
    return [sidebar.list.item(i).data(ID_ROLE) for i in range(sidebar.list.count())]


def test_import_folder_fills_the_library_reports_bad_files_and_sorts_by_check_worthiness(
    qtbot: Any, with_model: Any, window: Any, recorder: Any, tmp_path: Any
) -> None:
    folder = _write_folder(tmp_path)
    window.dialogs.ask_folder = lambda title, start: str(folder)
    listings: list[int] = []
    show = window.sidebar.set_documents
    window.sidebar.set_documents = lambda docs, **kw: (listings.append(len(docs)), show(docs, **kw))
    assert window.act_import_folder in window.menuBar().actions()[0].menu().actions()
    window.act_import_folder.trigger()
    qtbot.waitUntil(lambda: "Imported 4 articles" in window.statusBar().currentMessage(), timeout=60_000)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 4, timeout=10_000)
    # The sidebar was listed again as each article was stored, not only at the end.
    assert len([n for n in listings if n > 0]) >= 4, listings
    assert len(recorder.errors) == 1  # the bad files, in one message, one line each
    title, text = recorder.errors[0]
    assert "could not be read" in title and len(text.splitlines()) == 4 and "empty.txt: the file is empty" in text

    with Library(window.library_ctl.library.path) as lib:
        ranked = [row.doc_id for row in lib.batch_ranking()]
        newest = [d.id for d in lib.list_documents()]
    assert len(ranked) == 4 and ranked != newest  # otherwise the test could not tell the orders apart
    qtbot.waitUntil(lambda: _listed(window.sidebar) == newest, timeout=10_000)
    window.sidebar.order_box.setCurrentIndex(window.sidebar.order_box.findData("checkworthy"))
    qtbot.waitUntil(lambda: _listed(window.sidebar) == ranked, timeout=10_000)


def test_cancel_stops_a_folder_import_and_importing_again_resumes(
    qtbot: Any, with_model: Any, window: Any, recorder: Any, tmp_path: Any
) -> None:
    folder = _write_folder(tmp_path)
    window.dialogs.ask_folder = lambda title, start: str(folder)
    stored: list[bool] = []
    progress = window.library_ctl._on_batch_progress

    def on_progress(event: Any) -> None:
        progress(event)
        if event.payload and not stored:  # the first article is in: the journalist presses Cancel (Esc)
            stored.append(window.act_cancel.isEnabled())
            window.act_cancel.trigger()

    window.library_ctl._on_batch_progress = on_progress
    window.act_import_folder.trigger()
    qtbot.waitUntil(lambda: "Import stopped" in window.statusBar().currentMessage(), timeout=60_000)
    wait_idle(qtbot, window)
    with Library(window.library_ctl.library.path) as lib:
        first = len(lib.list_documents())
    assert stored == [True] and 1 <= first < 4
    window.library_ctl._on_batch_progress = progress
    window.act_import_folder.trigger()
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage(), timeout=60_000)
    assert f"{first} done before" in window.statusBar().currentMessage()
    wait_idle(qtbot, window)
    with Library(window.library_ctl.library.path) as lib:
        assert len(lib.list_documents()) == 4
