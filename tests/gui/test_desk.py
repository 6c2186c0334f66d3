"""A desk journalist's day with work running (issue 13): switching, partial articles, quitting mid-job."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.core.library.store import Library
from desktop.gui.widgets.library_sidebar import ID_ROLE
from tests.core.library_helpers import make_document, make_translation
from tests.gui.conftest import hold_translation, make_window, wait_idle


@pytest.fixture
def held_translation(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Translate in small batches, holding after each one until released (or cancelled)."""
    release = threading.Event()
    hold_translation(monkeypatch, release)
    return release


def _library_row(window: Any, doc_id: int) -> Any:
    items = [window.sidebar.list.item(i) for i in range(window.sidebar.list.count())]
    return next(item for item in items if item.data(ID_ROLE) == doc_id)


def _click_row(qtbot: Any, window: Any, doc_id: int) -> None:
    lst = window.sidebar.list
    item = _library_row(window, doc_id)
    lst.scrollToItem(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())


def test_switching_articles_mid_translation_keeps_the_work_and_frees_the_other(
    qtbot, window, recorder, sample_path, with_model, held_translation, qtlog
):
    with Library() as lib:
        other = lib.add_document(make_document())
        lib.save_translation(other, make_translation(lib.get_document(other), title_en="Kim wants to meet Putin"))
    window.documents.open_path(str(sample_path))
    qtbot.waitUntil(lambda: window.translation is not None and bool(window.translation.sentences), timeout=30_000)
    first = window.doc_id
    qtbot.waitUntil(lambda: window.sidebar.list.count() == 2, timeout=10_000)

    _click_row(qtbot, window, other)  # the journalist reads another article meanwhile
    qtbot.waitUntil(lambda: window.doc_id == other, timeout=10_000)
    # The other article is not shown as being translated, and its actions answer at once.
    assert window.progress_strip.isHidden()
    assert window.act_translate.isEnabled() and window.act_export_doc.isEnabled()
    wait_idle(qtbot, window)
    assert window.act_translate.isEnabled() and all(a.isEnabled() for a in window.act_export.values())
    assert window.progress_strip.isHidden()

    kept = Library().load_translation(first)
    assert kept is not None and 0 < len(kept.sentences) < len(window.library.get_document(first).sentences)
    # Coming back resumes from what was stored: nothing translated before is lost.
    held_translation.set()
    _click_row(qtbot, window, first)
    qtbot.waitUntil(lambda: window.doc_id == first, timeout=10_000)
    assert {s.sentence_id for s in kept.sentences} <= {s.sentence_id for s in window.translation.sentences}
    wait_idle(qtbot, window)
    assert window.translation.is_complete(window.doc)
    assert not [r for r in qtlog.records if "out of range" in r.message]
    assert recorder.errors == []


def test_a_partly_translated_article_says_how_far_it_got_and_offers_to_finish(
    qtbot, window, recorder, sample_path, with_model, held_translation
):
    window.documents.open_path(str(sample_path))
    qtbot.waitUntil(lambda: window.translation is not None and bool(window.translation.sentences), timeout=30_000)
    qtbot.mouseClick(window.progress_strip.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    doc_id, total = window.doc_id, len(window.doc.sentences)
    done = len(window.translation.sentences)
    assert 0 < done < total

    row = _library_row(window, doc_id).text()
    assert f"{done}/{total} translated" in row and "· translated" not in row
    assert window.act_translate.text().replace("&", "") == "Finish translation"
    assert "Finish translation" in window.statusBar().currentMessage()

    # Reopened later with automatic translation off: still labelled, still offered.
    window.settings.auto_translate = False
    window.documents.close_document()
    window.documents.open_document(doc_id)
    wait_idle(qtbot, window)
    assert f"{done}/{total} translated" in _library_row(window, doc_id).text()
    assert window.act_translate.isEnabled() and "Finish" in window.act_translate.text()
    assert f"{done}/{total} sentences translated" in window.statusBar().currentMessage()

    held_translation.set()
    window.act_translate.trigger()
    wait_idle(qtbot, window)
    assert window.translation.is_complete(window.doc)
    assert _library_row(window, doc_id).text().endswith("translated")
    assert "/" not in _library_row(window, doc_id).text().splitlines()[1].split("·")[-1]
    assert window.act_translate.text().replace("&", "") == "Translate"
    assert recorder.errors == []


def test_quitting_mid_batch_leaves_the_screen_at_once_and_keeps_what_was_finished(
    qtbot, recorder, sample_path, with_model, monkeypatch
):
    from PySide6.QtCore import QTimer

    from desktop.gui import workers

    decoding = threading.Event()  # the second batch "decodes" (cannot be interrupted) until set
    hold_translation(monkeypatch, decoding, cancellable=False)
    window = make_window(qtbot, recorder)
    window.documents.open_path(str(sample_path))
    qtbot.waitUntil(lambda: window.translation is not None and bool(window.translation.sentences), timeout=30_000)
    doc_id, kept = window.doc_id, len(window.translation.sentences)

    seen: dict[str, bool] = {}

    def while_closing() -> None:  # runs while close() waits for the batch
        seen["visible"] = window.isVisible()
        seen["job running"] = bool(workers.active_workers())
        decoding.set()

    QTimer.singleShot(200, while_closing)
    window.act_quit.trigger()
    assert seen == {"visible": False, "job running": True}  # gone from the screen before the batch ended
    assert workers.active_workers() == [] and window.library is None
    stored = Library().load_translation(doc_id)
    assert stored is not None and len(stored.sentences) >= kept
    assert recorder.errors == []


def test_words_per_second_stays_live_while_a_batch_decodes(qtbot, window, sample_path, with_model, monkeypatch):
    """Issue 13 case 10: the status bar kept '0/21' and a frozen words/s until a batch came back."""
    from desktop.core.translate import job as job_module
    from desktop.core.translate.backends.ct2 import CT2Backend

    monkeypatch.setattr(job_module, "HEARTBEAT_S", 0.05)
    real = CT2Backend.translate_batch

    def slow(self: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.4)  # a loaded laptop: each batch takes a while
        return real(self, *args, **kwargs)

    monkeypatch.setattr(CT2Backend, "translate_batch", slow)
    shown: list[str] = []
    timer = QTimer()
    timer.timeout.connect(lambda: shown.append(window.progress_strip.label.text()))
    timer.start(20)
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    timer.stop()
    rates: dict[str, set[str]] = {}
    for text in shown:
        if "words/s" in text:
            done, _, rate = text.partition(" · ")
            rates.setdefault(done, set()).add(rate)
    # Between two batches (the same "n/N sentences"), the rate is seen moving.
    assert any(len(seen) >= 2 for seen in rates.values()), shown[-20:]
