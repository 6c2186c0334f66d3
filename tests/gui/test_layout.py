"""The reading layout a desk sees (issue 13): pane widths, the splitter, scrolling and selection, themes, focus."""

from __future__ import annotations

from typing import Any

import pytest
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


def _partly_below(pane: SentencePane) -> str:
    """A sentence that starts on screen and ends below it (a reveal would scroll to it)."""
    view = pane.viewport().height()
    for sid in pane.spans:
        start, end = pane.spans[sid]
        top = pane.cursorRect(pane.cursor_for_range(start, start)).top()
        bottom = pane.cursorRect(pane.cursor_for_range(end, end)).bottom()
        if 0 <= top < view - 40 and bottom > view:
            return sid
    raise AssertionError("no sentence runs past the bottom of the pane")


def test_clicking_a_sentence_moves_only_the_other_pane(qtbot, window, sample_path, with_model):
    _open_sample(qtbot, window, sample_path, (1000, 650))
    bg, en = window.reading.bg_pane, window.reading.en_pane
    sid = _partly_below(bg)
    before = bg.verticalScrollBar().value()
    start = bg.spans[sid][0]
    point = bg.cursorRect(bg.cursor_for_range(start + 1, start + 1)).center()
    qtbot.mouseClick(bg.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(50)
    assert bg.focused == sid and en.focused == sid
    assert bg.verticalScrollBar().value() == before  # the pane being read stays put
    en_start = en.spans[sid][0]
    top = en.cursorRect(en.cursor_for_range(en_start, en_start)).top()
    assert 0 <= top < en.viewport().height()  # its twin is on screen


def test_a_drag_selection_looks_different_from_the_sentence_selection(qtbot, window, sample_path):
    window.set_theme("light")
    _open_sample(qtbot, window, sample_path, (1400, 860))
    bg = window.reading.bg_pane
    order = sorted(bg.spans, key=lambda s: bg.spans[s][0])
    focused, dragged = order[2], order[3]
    window.documents.show_sentence(focused)
    start, end = bg.spans[dragged]
    a = bg.cursorRect(bg.cursor_for_range(start, start)).center()
    b = bg.cursorRect(bg.cursor_for_range(start + 12, start + 12)).center()
    qtbot.mousePress(bg.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(bg.viewport(), pos=b)
    qtbot.mouseRelease(bg.viewport(), Qt.MouseButton.LeftButton, pos=b)
    assert bg.textCursor().hasSelection()
    image = bg.viewport().grab().toImage()

    def background_at(offset: int) -> Any:
        rect = bg.cursorRect(bg.cursor_for_range(offset, offset))
        return image.pixelColor(rect.x() + 2, rect.top() + 1)

    chosen = background_at(bg.spans[focused][0] + 3)
    selected = background_at(start + 3)
    distance = sum(abs(x - y) for x, y in zip(chosen.getRgb()[:3], selected.getRgb()[:3], strict=True))
    assert distance > 120, (chosen.name(), selected.name())


def test_switching_the_theme_keeps_the_reading_type_size(qtbot, recorder):
    from PySide6.QtWidgets import QApplication

    from desktop.gui.theme import apply_theme
    from tests.gui.conftest import make_window

    app = QApplication.instance()
    apply_theme(app, "light")  # as the app starts: the style sheet is there before the window
    try:
        window = make_window(qtbot, recorder)
        panes, title = window.reading.panes, window.reading.doc_title
        sizes = [p.fontInfo().pixelSize() for p in panes], title.fontInfo().pixelSize()
        for _ in range(2):
            window.act_dark.trigger()
            assert ([p.fontInfo().pixelSize() for p in panes], title.fontInfo().pixelSize()) == sizes
            assert all(p.document().defaultFont().pointSize() == window.settings.font_size for p in panes)
        window.close()
    finally:
        app.setStyleSheet("")



def _ink_in_spin_buttons(spin: Any) -> list[int]:
    """Pixels in each of a spin box's up and down buttons that stand out from the button's ground."""
    from collections import Counter

    from PySide6.QtWidgets import QStyle, QStyleOptionSpinBox

    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    image = spin.grab().toImage()
    counts = []
    for control in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, control, spin)
        assert rect.width() >= 12 and rect.height() >= 8, rect
        inner = rect.adjusted(2, 2, -2, -2)  # the button's own border is not an arrow
        light = [image.pixelColor(x, y).lightness()
                 for x in range(inner.left(), inner.right() + 1) for y in range(inner.top(), inner.bottom() + 1)]
        ground = Counter(light).most_common(1)[0][0]
        counts.append(sum(1 for value in light if abs(value - ground) > 60))
    return counts


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_settings_number_boxes_show_their_arrows(qtbot, window, theme):
    from PySide6.QtWidgets import QApplication

    from desktop.gui.theme import apply_theme
    from desktop.gui.widgets.settings_dialog import SettingsDialog

    app = QApplication.instance()
    apply_theme(app, theme)
    try:
        dialog = SettingsDialog(window.settings, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for spin in (dialog.threads, dialog.font_size):
            up, down = _ink_in_spin_buttons(spin)
            assert up >= 4 and down >= 4, (theme, up, down)
        dialog.reject()
    finally:
        app.setStyleSheet("")
