"""Background work: cancel, close mid-translation, export briefs, library housekeeping."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.core.library.store import Library
from desktop.core.translation import english_layout
from desktop.gui.widgets.brief_panel import LINE_PROPERTY
from desktop.gui.widgets.library_sidebar import SNIPPET_ROLE
from tests.gui.conftest import hold_translation, make_window, wait_idle


@pytest.fixture
def slow_translation(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Translate in small batches and hold after the first one until released (or cancelled)."""
    release = threading.Event()
    hold_translation(monkeypatch, release, batches=1, seconds=5)
    return release


def test_cancel_mid_translation_keeps_what_is_done(qtbot, window, recorder, sample_path, with_model, slow_translation):
    window.documents.open_path(str(sample_path))
    qtbot.waitUntil(lambda: window.translation is not None and bool(window.translation.sentences), timeout=20_000)
    assert window.progress_strip.bar.isVisible() and window.progress_strip.cancel_button.isVisible()
    assert "sentences" in window.progress_strip.label.text()
    qtbot.mouseClick(window.progress_strip.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    doc = window.doc
    done = len(window.translation.sentences)
    assert 0 < done < len(doc.sentences)
    # Consistent: pane == layout of what is kept == what the library holds.
    assert window.reading.en_pane.toPlainText() == english_layout(doc, window.translation).text
    stored = Library().load_translation(window.doc_id)
    assert {s.sentence_id for s in stored.sentences} == {s.sentence_id for s in window.translation.sentences}
    assert not window.progress_strip.bar.isVisible()
    assert window.act_translate.isEnabled()
    assert window.claims_panel.claims  # analysis ran on what there is
    assert recorder.errors == []

    # Translating again finishes the job.
    slow_translation.set()
    window.translator.translate()
    wait_idle(qtbot, window)
    assert window.translation.is_complete(doc)
    assert Library().load_translation(window.doc_id).is_complete(doc)


def test_closing_during_translation_cancels_and_exits_cleanly(qtbot, recorder, sample_path, with_model, slow_translation):
    window = make_window(qtbot, recorder)
    window.documents.open_path(str(sample_path))
    qtbot.waitUntil(lambda: window.translation is not None and bool(window.translation.sentences), timeout=20_000)
    doc_id = window.doc_id
    kept = len(window.translation.sentences)
    window.close()  # must cancel, wait for the worker, save and close the library
    from desktop.gui import workers

    assert workers.active_workers() == []
    assert window.library is None
    stored = Library().load_translation(doc_id)
    assert stored is not None and len(stored.sentences) >= kept
    assert recorder.errors == []


def test_export_brief_in_each_format(qtbot, window, recorder, sample_path, with_model, tmp_path):
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    brief = window.brief_panel.brief
    assert brief is not None and brief.claims and brief.summary and brief.translated
    for fmt in ("md", "html", "docx", "pdf"):
        out = tmp_path / f"brief.{fmt}"
        recorder.save_paths.append(str(out))
        window.act_export[fmt].trigger()
        wait_idle(qtbot, window)
        assert recorder.errors == []
        assert out.is_file() and out.stat().st_size > 200, fmt
        if fmt in ("md", "html"):
            assert brief.title in out.read_text(encoding="utf-8")
    library = Library()
    assert [b.format for b in library.briefs(window.doc_id)] == ["md", "html", "docx", "pdf"]
    assert library.list_documents()[0].status == "briefed"


def test_brief_is_editable_and_lines_lead_to_their_sentence(qtbot, window, recorder, sample_path, tmp_path):
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    panel = window.brief_panel
    window.act_tabs[2].trigger()  # Alt+3: the Brief tab
    assert window.tabs.currentWidget() is panel
    brief = panel.brief
    first_claim = brief.claims[0]
    # Click the first claim line of the brief: its source sentence is shown in both panes.
    doc = panel.text.document()
    block = doc.begin()
    while block.isValid() and block.blockFormat().property(LINE_PROPERTY) != "claims:0":
        block = block.next()
    assert block.isValid()
    rect = doc.documentLayout().blockBoundingRect(block)
    point = rect.center().toPoint() - QPoint(0, panel.text.verticalScrollBar().value())
    qtbot.mouseClick(panel.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.reading.bg_pane.focused == first_claim.sentence_ids[0]
    # Reword the line; the exported brief keeps the journalist's wording.
    cursor = panel.text.textCursor()
    cursor.setPosition(block.position())
    cursor.movePosition(cursor.MoveOperation.EndOfBlock, cursor.MoveMode.KeepAnchor)
    cursor.insertText(f"{first_claim.label}: reworded by the desk")
    assert panel.edited
    out = tmp_path / "brief.md"
    recorder.save_paths.append(str(out))
    window.briefs.export_brief("md")
    wait_idle(qtbot, window)
    assert "reworded by the desk" in out.read_text(encoding="utf-8")
    # Regenerate asks first, then replaces the edited brief.
    recorder.answer = True
    window.briefs.regenerate()
    assert recorder.questions and not panel.edited
    assert "reworded by the desk" not in panel.text.toPlainText()


def test_library_search_and_delete(qtbot, window, recorder, sample_path, tmp_path):
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    other = tmp_path / "other.txt"
    other.write_text("Времето\n\nУтре ще вали сняг в цялата страна, съобщиха синоптиците.\n", encoding="utf-8")
    window.documents.open_path(str(other))
    wait_idle(qtbot, window)
    sidebar = window.sidebar
    assert sidebar.list.count() == 2
    assert "new" in sidebar.list.item(0).text() or "translated" in sidebar.list.item(0).text()

    sidebar.search.setText("терминал")
    qtbot.waitUntil(lambda: "match" in sidebar.status.text(), timeout=3000)
    rows = [sidebar.list.item(i) for i in range(sidebar.list.count())]
    titles = [row.text().splitlines()[0] for row in rows if not row.data(SNIPPET_ROLE)]
    assert titles == [Library().get_document(1).title]  # one entry per article, snippets beneath

    sidebar.search.clear()
    qtbot.waitUntil(lambda: sidebar.list.count() == 2, timeout=3000)
    recorder.answer = False
    sidebar.delete_requested.emit(window.doc_id)
    wait_idle(qtbot, window)
    assert Library().list_documents().__len__() == 2  # the user said no
    recorder.answer = True
    sidebar.delete_requested.emit(window.doc_id)
    assert window.doc is None  # closed at once
    wait_idle(qtbot, window)
    assert len(Library().list_documents()) == 1
    assert sidebar.list.count() == 1


def test_opening_the_same_file_twice_opens_the_saved_copy(qtbot, window, sample_path):
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    first = window.doc_id
    window.reading.bg_pane.select_range(0, 5)
    window.annotator.highlight_selection()
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    assert window.doc_id == first
    assert len(Library().list_documents()) == 1
    assert len(window.article.annotations) == 1
    assert "already in the library" in window.statusBar().currentMessage()


def test_window_layout_is_remembered(qtbot, recorder):
    from desktop.gui.settings import AppSettings

    AppSettings().font_size = 8  # small type: the panes' readable minimum leaves room for the claims
    window = make_window(qtbot, recorder)
    window.resize(760, 620)  # the offscreen screen is 800 x 800; restoring clamps to it
    window.show_library(False)
    window.main_splitter.setSizes([0, 520, 232])
    size, sizes = window.size(), window.main_splitter.sizes()
    window.close()
    again = make_window(qtbot, recorder)
    assert again.size() == size
    # The same panels, the same widths (within the splitter handles a hidden panel gives back).
    assert [w > 0 for w in again.main_splitter.sizes()] == [w > 0 for w in sizes]
    assert all(abs(a - b) <= 2 * window.main_splitter.handleWidth()
               for a, b in zip(again.main_splitter.sizes(), sizes, strict=True))
    assert again.sidebar.isHidden() and not again.act_sidebar.isChecked()
    again.close()


def test_every_menu_action_has_a_shortcut(window):
    missing = []
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isSeparator() or action.menu() is not None or not action.text():
                continue
            if action.shortcut().isEmpty() and action.text() not in {"&About Dragoman", "Export &document (.dragoman)…",
                                                                     "&Download opus-mt-bg-en…"}:
                missing.append(action.text())
    assert missing == []


def test_gui_package_imports_no_heavy_modules():
    code = (
        "import sys; import desktop.gui.app, desktop.gui.main_window, desktop.cli.gui_cmd;"
        "heavy=[m for m in ('torch','transformers','ctranslate2','desktop.core.translate.job') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"


def test_screenshot_command_writes_a_png_and_exits_0(tmp_path, sample_path):
    png = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "gui", str(sample_path), "--screenshot", str(png), "--timeout", "60"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert out.returncode == 0, out.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert image.width() >= 1200 and image.height() >= 700


def test_screenshot_of_an_unreadable_file_exits_2(tmp_path):
    missing = tmp_path / "nope.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "gui", str(missing), "--screenshot", str(tmp_path / "s.png")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert out.returncode == 2
    assert "nope.txt" in out.stderr and "Traceback" not in out.stderr


def test_signals_keep_reference_counts():
    """PySide6 6.12.0 on Python 3.11 loses a reference to True on every emit and crashes soon."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(object)

    emitter = Emitter()
    emitter.fired.connect(lambda _v: None)
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(200):
        emitter.fired.emit(None)
    assert sys.getrefcount(True) >= before_true - 5
    assert sys.getrefcount(None) >= before_none - 5


def test_model_import_from_the_panel_installs_and_translates(qtbot, window, recorder, sample_path, tiny_store,
                                                              tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "empty-store"))
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    assert window.reading.en_stack.currentWidget() is window.reading.model_panel
    handed_over = tmp_path / "usb" / "opus-mt-bg-en"
    shutil.copytree(Path(tiny_store) / "opus-mt-bg-en", handed_over)
    window.models.install_from(str(handed_over))
    qtbot.waitUntil(lambda: window.translation is not None, timeout=60_000)
    wait_idle(qtbot, window, timeout=60_000)
    assert recorder.errors == []
    assert window.reading.en_stack.currentWidget() is window.reading.en_pane
    assert window.translation.is_complete(window.doc)
    assert "opus-mt-bg-en" in window.model_label.text()


def test_the_exported_brief_carries_the_journalists_notes(qtbot, window, recorder, sample_path, tmp_path):
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    window.reading.bg_pane.select_range(0, 12)
    recorder.texts.append("ask the ministry about this")
    window.annotator.note_selection()
    wait_idle(qtbot, window)
    window.briefs.regenerate(confirm=False)
    out = tmp_path / "brief.md"
    recorder.save_paths.append(str(out))
    window.act_export["md"].trigger()
    wait_idle(qtbot, window)
    assert recorder.errors == []
    assert "ask the ministry about this" in out.read_text(encoding="utf-8")
