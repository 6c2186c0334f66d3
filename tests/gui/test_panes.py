"""The reading pane's bookkeeping: offsets, incremental updates, marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.gui.widgets.pane_parts.pane_text import Mark, OffsetMap, changed_pieces
from desktop.gui.widgets.panes import MARK_PROPERTY, SentencePane

PIECES = st.sampled_from(["a", "bb", "ccc", "\n\n", " ", "😀", "Ж", "x\n\ny", "\n"])
TEXTS = st.lists(PIECES, max_size=14).map("".join)


@given(TEXTS, TEXTS)
def test_changed_pieces_turn_old_into_new(old, new):
    out = old
    for start, end, replacement in reversed(changed_pieces(old, new)):
        out = out[:start] + replacement + out[end:]
    assert out == new


@given(TEXTS)
def test_offset_map_round_trips(text):
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        assert m.from_qt(m.to_qt(i)) == i
    assert m.to_qt(len(text)) == len(text.encode("utf-16-le")) // 2


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_streamed_updates_show_exactly_the_latest_text(qapp, versions):
    pane = SentencePane("en")
    for text in versions:
        pane.set_content(text, {})
        assert pane.toPlainText() == text


def test_marks_land_on_the_right_characters_after_an_emoji(qapp):
    pane = SentencePane("bg")
    text = "😀 Кметът каза, че ремонтът ще струва 12 млн. лв."
    start = text.index("12 млн.")
    pane.set_content(text, {"p1s1": (0, len(text))})
    pane.set_claim_marks([Mark(start, start + 7, "fact", "c1")])
    assert pane.char_format_at(start).property(MARK_PROPERTY) == "claim:fact"
    assert pane.char_format_at(start - 1).property(MARK_PROPERTY) is None
    pane.select_range(start, start + 7)
    assert pane.textCursor().selectedText() == "12 млн."
    # Clearing the marks leaves plain text again.
    pane.set_claim_marks([])
    assert pane.char_format_at(start).property(MARK_PROPERTY) is None
