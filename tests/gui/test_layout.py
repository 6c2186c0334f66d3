"""The reading layout a desk sees (issue 13): pane widths, the splitter, scrolling and selection, themes, focus."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.gui.widgets.panes import READABLE_CHARS, SentencePane
from tests.gui.conftest import wait_idle


def _broken_words(pane: SentencePane) -> list[str]:
    """Places where the layout ended a line inside a word ("Владиво/сток")."""
    broken = []
    block = pane.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for i in range(layout.lineCount() - 1):
            line = layout.lineAt(i)
            end = line.textStart() + line.textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                broken.append(text[max(0, end - 12) : end + 12])
        block = block.next()
    return broken


def _text_width_in_chars(pane: SentencePane) -> float:
    metrics = pane.fontMetrics()
    sample = pane.toPlainText()[:400]
    per_char = metrics.horizontalAdvance(sample) / len(sample)
    return (pane.viewport().width() - 2 * pane.document().documentMargin()) / per_char


def _open_sample(qtbot: Any, window: Any, sample_path: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    qtbot.wait(50)


def test_at_1000_by_650_the_panes_share_the_width_and_stay_readable(qtbot, window, sample_path):
    _open_sample(qtbot, window, sample_path, (1000, 650))
    assert window.width() == 1000  # a small window is not refused
    bg, en = window.reading.bg_pane, window.reading.en_stack
    assert abs(bg.width() - en.width()) <= 2
    assert _text_width_in_chars(bg) >= READABLE_CHARS - 1
    assert _broken_words(bg) == []
    # The library gave way first; the claims still fit beside the panes.
    assert window.sidebar.isHidden() and window.tabs.isVisible()

    window.resize(1600, 900)  # room again: the library comes back, the panes stay equal
    qtbot.wait(50)
    assert window.sidebar.isVisible() and window.act_sidebar.isChecked()
    assert abs(bg.width() - en.width()) <= 2


def test_hiding_the_library_gives_its_width_to_the_panes(qtbot, window, sample_path):
    _open_sample(qtbot, window, sample_path, (1600, 900))
    reading, tabs = window.reading.width(), window.tabs.width()
    library = window.sidebar.width()
    assert library > 0
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert window.sidebar.isHidden()
    assert window.tabs.width() == tabs
    assert window.reading.width() >= reading + library
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert window.sidebar.isVisible() and window.tabs.width() == tabs


def test_the_pane_splitter_has_a_handle_to_grab(qtbot, window):
    window.resize(1400, 860)
    qtbot.wait(50)
    splitter = window.reading.pane_splitter
    assert splitter.handleWidth() >= 8
    image = splitter.handle(1).grab().toImage()
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    assert len(colours) > 2  # a grip is drawn, not a flat strip
