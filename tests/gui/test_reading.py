"""Open an article, translate it, read it side by side with its claims highlighted."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.core.library.store import Library
from desktop.core.translation import english_layout
from desktop.gui.widgets.panes import MARK_PROPERTY
from tests.gui.conftest import wait_idle


def _open(qtbot: Any, window: Any, path: str) -> None:
    window.documents.open_path(path)
    wait_idle(qtbot, window)


def _point_of(pane: Any, offset: int) -> QPoint:
    """The viewport point over the character at ``offset``."""
    cursor = pane.cursor_for_range(offset, offset)
    rect = pane.cursorRect(cursor)
    return QPoint(rect.left() + 3, rect.center().y())


def test_open_translate_shows_both_panes_with_claims_in_both(qtbot, window, recorder, sample_path, with_model):
    _open(qtbot, window, str(sample_path))
    assert recorder.errors == []
    doc = window.doc
    assert doc is not None and window.reading.doc_title.text() == doc.title
    # Bulgarian pane: the article's text, paragraph breaks kept.
    assert window.reading.bg_pane.toPlainText() == doc.text.replace("\r", "")
    # English pane: every sentence translated, laid out paragraph by paragraph.
    assert window.translation is not None and window.translation.is_complete(doc)
    layout = english_layout(doc, window.translation)
    assert window.reading.en_pane.toPlainText() == layout.text
    assert layout.text.count("\n\n") == len(doc.paragraphs) - 1
    assert window.reading.en_stack.currentWidget() is window.reading.en_pane
    # ... and saved in the library as it streamed in.
    stored = Library().load_translation(window.doc_id)
    assert stored is not None and stored.is_complete(doc)
    # The headline was translated too, and shows under the Bulgarian one.
    assert stored.title_text and window.reading.doc_title_en.isVisible()
    assert window.reading.doc_title_en.text() == window.translation.title_text == stored.title_text

    # Claims are listed, ranked, and painted in both panes in their kind's style.
    claims = window.claims_panel.claims
    assert claims and [c.rank for c in claims] == list(range(1, len(claims) + 1))
    painted_en = 0
    for claim in claims:
        style = window.palette_.kind(claim.kind)
        assert claim.bg_content is not None
        fmt = window.reading.bg_pane.char_format_at(claim.bg_content.start)
        assert fmt.property(MARK_PROPERTY) == f"claim:{claim.kind}"
        assert fmt.underlineStyle() == style.underline
        if claim.en_content is not None:
            en_fmt = window.reading.en_pane.char_format_at(claim.en_content.start)
            assert en_fmt.property(MARK_PROPERTY) == f"claim:{claim.kind}"
            assert en_fmt.underlineStyle() == style.underline
            painted_en += 1
    assert painted_en == len(claims)
    # The four kinds never share an underline style: readable without colour.
    assert len({window.palette_.kind(k).underline for k in ("quote", "reported", "attribution", "fact")}) == 4


def test_clicking_a_claim_selects_it_in_both_panes(qtbot, window, sample_path, with_model):
    _open(qtbot, window, str(sample_path))
    claims = window.claims_panel.claims
    target = claims[min(2, len(claims) - 1)]
    lst = window.claims_panel.list
    item = lst.item(target.rank - 1)
    lst.scrollToItem(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())

    assert target.bg_content is not None and target.en_content is not None
    bg_sel = window.reading.bg_pane.selected_range()
    en_sel = window.reading.en_pane.selected_range()
    assert bg_sel == (target.bg_content.start, target.bg_content.end)
    assert en_sel == (target.en_content.start, target.en_content.end)
    sid = target.sentence_ids[0]
    assert window.reading.bg_pane.focused == sid and window.reading.en_pane.focused == sid


def test_hovering_a_sentence_lights_up_its_twin(qtbot, window, sample_path, with_model):
    _open(qtbot, window, str(sample_path))
    sentence = window.doc.sentences[1]
    viewport = window.reading.bg_pane.viewport()
    point = _point_of(window.reading.bg_pane, sentence.start + 2)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(viewport.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)
    assert window.reading.bg_pane.hovered == sentence.id
    assert any(sel.cursor.selectionStart() == window.reading.en_pane.to_qt(window.reading.en_pane.spans[sentence.id][0])
               for sel in window.reading.en_pane.extraSelections())


def test_scrolling_one_pane_keeps_the_other_aligned(qtbot, window, sample_path, with_model):
    window.resize(1100, 500)
    _open(qtbot, window, str(sample_path))
    QApplication.processEvents()
    doc = window.doc
    target = doc.sentences[len(doc.sentences) * 2 // 3]
    bar = window.reading.bg_pane.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(int(window.reading.bg_pane._doc_y(target.start)))
    QApplication.processEvents()
    anchor = window.reading.en_pane.top_anchor()
    assert anchor is not None
    order = [s.id for s in doc.sentences]
    # The English pane shows the same sentence at its top (or its neighbour, lines differ).
    assert abs(order.index(anchor[0]) - order.index(target.id)) <= 1
    assert window.reading.en_pane.verticalScrollBar().value() > 0


def test_flags_show_in_the_gutter_and_the_checks_list(qtbot, window, sample_path, with_model):
    _open(qtbot, window, str(sample_path))
    flags = window.checks_panel.flags
    # The tiny test model writes Cyrillic-laden nonsense: the checks must say so.
    assert flags, "expected translation-check warnings on the tiny model's output"
    markers = window.reading.en_pane.gutter_markers()
    flagged = {f.sentence_id for f in flags}
    assert sum(1 for _y, glyph, _c, _t in markers if glyph == "⚑") == len(flagged)
    sid = flags[0].sentence_id
    start = window.reading.en_pane.spans[sid][0]
    assert flags[0].reason in window.reading.en_pane.tooltip_at(start)
    # Clicking a check shows its sentence in both panes.
    window.act_tabs[1].trigger()  # Alt+2: the Checks tab
    lst = window.checks_panel.list
    item = lst.item(0)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    assert window.reading.bg_pane.focused == sid and window.reading.en_pane.focused == sid


def test_without_a_model_the_article_opens_with_claims_and_a_model_panel(qtbot, window, recorder, sample_path):
    _open(qtbot, window, str(sample_path))
    assert recorder.errors == []
    assert window.doc is not None and window.translation is None
    assert window.reading.en_stack.currentWidget() is window.reading.model_panel
    assert window.reading.model_panel.download_button.isVisible()
    assert "MB" in window.reading.model_panel.download_button.text()
    assert window.reading.model_panel.import_button.isVisible()
    # Claims and a summary are found on the Bulgarian side alone.
    assert window.claims_panel.claims
    claim = window.claims_panel.claims[0]
    assert window.reading.bg_pane.char_format_at(claim.bg_content.start).property(MARK_PROPERTY) == f"claim:{claim.kind}"
    assert window.brief_panel.brief is not None and window.brief_panel.brief.summary
    assert "No translation model" in window.brief_panel.text.toPlainText()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"   \n", "empty"),
        ("binary.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20, "PDF"),
    ],
)
def test_an_unreadable_file_gives_a_message_naming_it(qtbot, window, recorder, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    window.documents.open_path(str(path))
    wait_idle(qtbot, window)
    assert len(recorder.errors) == 1
    title, text = recorder.errors[0]
    assert name in title or name in text
    assert reason.lower() in text.lower()
    assert window.doc is None


def test_paste_makes_a_new_article(qtbot, window, recorder):
    text = "Министърът заяви днес, че бюджетът ще бъде приет.\n\n„Няма да вдигаме данъците“, каза той."
    QApplication.clipboard().setText(text)
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, window)
    assert recorder.errors == []
    assert window.doc is not None
    assert "бюджетът" in window.reading.bg_pane.toPlainText()
    assert window.sidebar.list.count() == 1


def test_dark_theme_keeps_kinds_distinct(qtbot, window, sample_path):
    window.set_theme("dark")
    _open(qtbot, window, str(sample_path))
    claim = window.claims_panel.claims[0]
    fmt = window.reading.bg_pane.char_format_at(claim.bg_content.start)
    dark = window.palette_.kind(claim.kind)
    assert fmt.background().color() == QColor(dark.tint)
    assert QColor(dark.tint).lightness() < 128  # a dark tint under light text
    window.set_theme("light")


def test_an_english_article_is_not_sent_to_the_bg_en_model(qtbot, window, recorder, with_model):
    english = "The minister said on Monday that the budget would pass. \"We will not raise taxes,\" he added."
    QApplication.clipboard().setText(english)
    window.documents.paste_article()
    wait_idle(qtbot, window)
    assert window.doc is not None and window.doc.language == "en"
    assert recorder.errors == []
    assert window.translation is None
    assert window.reading.en_stack.currentWidget() is window.reading.en_pane
    assert "already in English" in window.reading.en_pane.placeholderText()
    assert window.claims_panel.claims  # claims are found in English text too
