"""Edit the translation, annotate, and find it all again after reopening."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont

from desktop.core.library.store import Library
from desktop.core.translate.memory import TranslationMemory
from desktop.core.translation import TITLE_ID
from desktop.gui.widgets.panes import MARK_PROPERTY
from tests.gui.conftest import make_window, wait_idle


def _open(qtbot: Any, window: Any, path: str) -> None:
    window.documents.open_path(path)
    wait_idle(qtbot, window)


def _centre_of(pane: Any, sentence_id: str) -> QPoint:
    start, _end = pane.spans[sentence_id]
    rect = pane.cursorRect(pane.cursor_for_range(start + 1, start + 1))
    return QPoint(rect.left() + 2, rect.center().y())


def test_double_click_edit_is_saved_marked_and_undoable(qtbot, window, recorder, sample_path, with_model):
    _open(qtbot, window, str(sample_path))
    doc_id = window.doc_id
    sid = window.doc.sentences[0].id
    machine = window.translation.get(sid).text
    pane = window.reading.en_pane
    pane.verticalScrollBar().setValue(0)

    qtbot.mouseDClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=_centre_of(pane, sid))
    assert window.reading.editor.isVisible() and window.reading.editor.sentence_id == sid
    assert window.reading.editor.editor.toPlainText() == machine
    window.reading.editor.editor.setPlainText("The port of Varna will get a new container terminal.")
    qtbot.keyClick(window.reading.editor.editor, Qt.Key.Key_Return)
    assert not window.reading.editor.isVisible()
    wait_idle(qtbot, window)

    # Saved at once: library, translation memory, and on screen (italic, marked edited).
    library = Library()
    stored = library.load_translation(doc_id).get(sid)
    assert stored.edited_text == "The port of Varna will get a new container terminal."
    assert stored.text == machine
    source = window.doc.sentence(sid).text
    remembered = TranslationMemory(library.path).edits([source])
    assert list(remembered.values()) == ["The port of Varna will get a new container terminal."]
    start, end = pane.spans[sid]
    assert pane.toPlainText()[start:end] == "The port of Varna will get a new container terminal."
    assert pane.char_format_at(start).fontItalic()
    assert any(glyph == "✎" for _y, glyph, _c, _t in pane.gutter_markers())
    assert library.list_documents()[0].status == "edited"

    # Undo puts the machine text back (and saves that); redo the edit again.
    window.act_undo.trigger()
    wait_idle(qtbot, window)
    assert Library().load_translation(doc_id).get(sid).edited_text is None
    start, end = pane.spans[sid]
    assert pane.toPlainText()[start:end] == machine
    assert not pane.char_format_at(start).fontItalic()
    window.act_redo.trigger()
    wait_idle(qtbot, window)
    assert Library().load_translation(doc_id).get(sid).edited_text.startswith("The port of Varna")
    assert recorder.errors == []


def test_double_click_on_the_english_headline_corrects_it(qtbot, window, recorder, sample_path, with_model):
    _open(qtbot, window, str(sample_path))
    doc_id = window.doc_id
    machine = window.translation.title_text
    assert machine and window.reading.doc_title_en.text() == machine

    qtbot.mouseDClick(window.reading.doc_title_en, Qt.MouseButton.LeftButton)
    assert window.reading.editor.isVisible() and window.reading.editor.sentence_id == TITLE_ID
    assert window.reading.editor.editor.toPlainText() == machine
    window.reading.editor.editor.setPlainText("Kim wants to meet Putin in Russia")
    qtbot.keyClick(window.reading.editor.editor, Qt.Key.Key_Return)
    wait_idle(qtbot, window)

    # Shown under the Bulgarian headline and saved, the machine text kept beside it.
    assert window.reading.doc_title_en.text() == "Kim wants to meet Putin in Russia"
    stored = Library().load_translation(doc_id)
    assert stored.title_text == "Kim wants to meet Putin in Russia" and stored.title.text == machine
    window.act_undo.trigger()
    wait_idle(qtbot, window)
    assert window.reading.doc_title_en.text() == machine
    assert Library().load_translation(doc_id).title.edited_text is None
    wait_idle(qtbot, window)
    assert recorder.errors == []


def _enter_on_third_sentence(qtbot: Any, window: Any, sample_path: Any) -> str:
    """Open the sample, focus its third sentence in the English pane and press Enter, as a keyboard user does."""
    _open(qtbot, window, str(sample_path))
    sid = window.doc.sentences[2].id
    window.documents.show_sentence(sid)
    window.reading.en_pane.setFocus()
    qtbot.keyClick(window.reading.en_pane, Qt.Key.Key_Return)
    return sid


def test_enter_on_a_focused_sentence_opens_the_editor(qtbot, window, sample_path, with_model):
    sid = _enter_on_third_sentence(qtbot, window, sample_path)
    assert window.reading.editor.isVisible() and window.reading.editor.sentence_id == sid
    qtbot.keyClick(window.reading.editor.editor, Qt.Key.Key_Escape)
    assert not window.reading.editor.isVisible()
    assert window.translation.get(sid).edited_text is None


def test_the_editor_footer_is_whole_at_the_default_size(qtbot, window, sample_path, with_model):
    """The footer read "Enter saves · Es": the hint lost its width to the three buttons."""
    _enter_on_third_sentence(qtbot, window, sample_path)
    editor = window.reading.editor
    assert editor.isVisible()
    hint = editor.hint
    assert hint.isVisible() and hint.fontMetrics().horizontalAdvance(hint.text()) <= hint.width()
    frame = editor.rect()
    for widget in (hint, editor.machine_button, editor.save_button, editor.cancel_button, editor.editor):
        box = widget.geometry().translated(widget.parentWidget().mapTo(editor, QPoint(0, 0)))
        assert frame.contains(box), (widget, box, frame)
        assert widget.width() >= widget.minimumSizeHint().width()
    assert hint.height() >= hint.heightForWidth(hint.width())  # wrapped lines are all shown
    qtbot.keyClick(editor.editor, Qt.Key.Key_Escape)


def test_notes_and_highlights_are_saved_and_come_back_on_reopen(qtbot, recorder, sample_path, with_model):
    window = make_window(qtbot, recorder)
    _open(qtbot, window, str(sample_path))
    doc = window.doc
    doc_id = window.doc_id
    # A note on Bulgarian words ...
    word = "Стефан Маринов"
    bg_start = doc.text.index(word)
    window.reading.bg_pane.select_range(bg_start, bg_start + len(word))
    recorder.texts.append("Check his title with the ministry")
    window.reading.bg_pane.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # ... a highlight on English ones, and an edit after it (the highlight must stay on its words).
    sid = doc.sentences[1].id
    en_start, en_end = window.reading.en_pane.spans[sid]
    window.reading.en_pane.select_range(en_start, en_start + 6)
    highlighted = window.reading.en_pane.toPlainText()[en_start : en_start + 6]
    window.reading.en_pane.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    window.edits.commit_edit(doc.sentences[0].id, "Short.")
    wait_idle(qtbot, window)

    notes = Library().annotations(doc_id)
    assert [(a.side, a.kind) for a in notes] == [("bg", "note"), ("en", "highlight")]
    assert notes[0].text == "Check his title with the ministry"
    assert window.notes_panel.list.count() == 2
    assert window.reading.bg_pane.char_format_at(bg_start).property(MARK_PROPERTY) == "note"
    en_note = notes[1]
    assert window.reading.en_pane.toPlainText()[en_note.start : en_note.end] == highlighted
    window.close()

    # A new window (next day): open the article from the library sidebar.
    again = make_window(qtbot, recorder)
    again.library_ctl.start()  # what the app does on start-up
    lst = again.sidebar.list
    qtbot.waitUntil(lambda: lst.count() == 1, timeout=10_000)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(0)).center())
    wait_idle(qtbot, again)
    assert again.doc_id == doc_id
    assert again.translation.get(doc.sentences[0].id).edited_text == "Short."
    assert again.reading.en_pane.toPlainText()[slice(*again.reading.en_pane.spans[doc.sentences[0].id])] == "Short."
    assert again.reading.bg_pane.char_format_at(bg_start).property(MARK_PROPERTY) == "note"
    assert "Check his title" in again.reading.bg_pane.tooltip_at(bg_start)
    en_fmt = again.reading.en_pane.char_format_at(en_note.start)
    assert en_fmt.property(MARK_PROPERTY) == "highlight"
    assert again.notes_panel.list.count() == 2
    assert recorder.errors == []
    again.close()


def test_deleting_a_note_can_be_undone(qtbot, window, recorder, sample_path):
    _open(qtbot, window, str(sample_path))
    start = 0
    window.reading.bg_pane.select_range(start, start + 10)
    recorder.texts.append("first note")
    window.annotator.note_selection()
    wait_idle(qtbot, window)
    library = Library()
    (note,) = library.annotations(window.doc_id)
    window.notes_panel.select_annotation(note.id)
    window.notes_panel.delete_button.click()
    wait_idle(qtbot, window)
    assert library.annotations(window.doc_id) == []
    assert window.notes_panel.list.count() == 0
    window.act_undo.trigger()
    wait_idle(qtbot, window)
    restored = library.annotations(window.doc_id)
    assert [(a.start, a.end, a.text) for a in restored] == [(0, 10, "first note")]
    assert window.notes_panel.list.count() == 1
    window.act_undo.trigger()  # undo the add as well: gone again
    wait_idle(qtbot, window)
    assert library.annotations(window.doc_id) == []
    window.act_redo.trigger()
    window.act_redo.trigger()
    wait_idle(qtbot, window)
    assert library.annotations(window.doc_id) == []
    assert window.reading.bg_pane.char_format_at(start).fontWeight() <= QFont.Weight.DemiBold
