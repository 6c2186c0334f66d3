"""The two reading panes: sentence-aware, read-only text views with layered marks.

A :class:`SentencePane` shows one language of a document and knows where every
sentence is (``spans``: sentence id -> (start, end) in Python string offsets).
On top of the plain text it paints, in this order, claim marks (tint +
underline style per kind), annotations (highlights and notes) and edited
sentences (italic), as real character formats — so what is on screen can be
checked at any offset. Hover and the focused sentence are transient extra
selections that never touch the document. A slim gutter on the left carries
markers: ⚑ translation-check flag, ✎ edited sentence, ✱ note.

Qt counts text positions in UTF-16 units; Python in code points.
:class:`~desktop.gui.widgets.pane_parts.pane_text.OffsetMap` converts, so an emoji in an
article cannot shift every highlight after it. Keeping two panes aligned while
scrolling is :class:`~desktop.gui.widgets.pane_sync.PaneSync`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from desktop.gui.colours import LIGHT, Palette, annotation_colour
from desktop.gui.widgets.pane_parts.gutter import EDIT_MARK, FLAG_MARK, Gutter, markers_of
from desktop.gui.widgets.pane_parts.pane_text import (
    MEASURE_TEXT,
    READABLE_CHARS,
    Mark,
    OffsetMap,
    changed_pieces,
)

__all__ = ["CLAIM_ID_PROPERTY", "MARK_PROPERTY", "READABLE_CHARS", "Mark", "OffsetMap", "SentencePane"]

#: Property on character formats naming what was painted there ("claim:quote",
#: "highlight", "note", "edited"), so tests and tooltips can ask the text itself.
MARK_PROPERTY = QTextFormat.Property.UserProperty + 1
CLAIM_ID_PROPERTY = QTextFormat.Property.UserProperty + 2



class SentencePane(QTextEdit):
    """A read-only text view that knows its sentences and paints claims and notes."""

    sentence_hovered = Signal(str)  # "" when the mouse leaves all sentences
    sentence_clicked = Signal(str)
    sentence_activated = Signal(str)  # double-click or Enter: e.g. edit it
    scrolled = Signal()

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        #: Double-click / Enter on a sentence emits ``sentence_activated`` (the English pane edits).
        self.activation_enabled = False
        self.readable_chars = READABLE_CHARS  # the narrowest it gets (lowered only when a panel is asked for)
        self.setObjectName("pane")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.viewport().setMouseTracking(True)
        self.document().setDocumentMargin(14)
        self.palette_: Palette = LIGHT
        self.text = ""
        self.spans: dict[str, tuple[int, int]] = {}
        self._order: list[str] = []  # sentence ids sorted by start
        self._starts: list[int] = []
        self._map = OffsetMap("")
        self._claims: list[Mark] = []
        self._annotations: list[Mark] = []
        self._edited: set[str] = set()
        self._flags: dict[str, list[str]] = {}
        self._hovered = ""
        self._focused = ""
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}  # drawn by others (word links)
        self._styled = False  # whether any character carries a non-default format
        self._styled_ranges: list[tuple[int, int]] | None = []  # None: unknown, clear everything
        self._batch_depth = 0
        self._restyle_pending = False
        self._press_pos: QPoint | None = None
        self._gutter = Gutter(self)
        self.setViewportMargins(Gutter.WIDTH, 0, 0, 0)
        self.verticalScrollBar().valueChanged.connect(self._on_scrollbar_value_changed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._gutter.update())

    # --- content ---------------------------------------------------------------------

    def set_content(self, text: str, spans: dict[str, tuple[int, int]], *, keep_scroll: bool = False) -> None:
        """Show ``text`` with its sentence spans; marks are re-applied, hover/focus kept.

        When the new text shares a beginning and an end with what is shown (a
        streamed batch, one edited sentence), only the middle is replaced, so
        Qt lays out a few paragraphs instead of the whole article.
        """
        scroll = self.verticalScrollBar().value()
        old_text, old_map = self.text, self._map
        self.text = text
        self.spans = dict(spans)
        self._order = sorted(self.spans, key=lambda sid: self.spans[sid][0])
        self._starts = [self.spans[sid][0] for sid in self._order]
        self._map = OffsetMap(text)
        doc = self.document()
        if old_text and text and not doc.isEmpty():
            # Marks are laid again on the new offsets by their owners; until then none may
            # point past the end (Qt warns "setPosition out of range" and paints nothing).
            self._claims = [m for m in self._claims if m.end <= len(text)]
            self._annotations = [m for m in self._annotations if m.end <= len(text)]
            if self._styled:
                self._styled_ranges = None  # offsets moved: the next restyle clears everything
            cursor = QTextCursor(doc)
            cursor.beginEditBlock()
            for start, end, replacement in reversed(changed_pieces(old_text, text)):
                cursor.setPosition(old_map.to_qt(start))
                cursor.setPosition(old_map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(replacement, QTextCharFormat())
            cursor.endEditBlock()
        else:
            # Another text altogether (another article, or the first): the old marks
            # and the ranges painted for them mean nothing here.
            self._claims, self._annotations = [], []
            self._styled, self._styled_ranges = False, None
            doc.clear()
            cursor = QTextCursor(doc)
            block = QTextBlockFormat()
            block.setLineHeight(135.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            cursor.setBlockFormat(block)  # every block made by insertText inherits it
            if text:
                cursor.insertText(text)
        self._restyle()
        self._update_extra_selections()
        self.verticalScrollBar().setValue(scroll if keep_scroll else 0)
        self._gutter.update()

    def set_palette(self, palette: Palette) -> None:
        self.palette_ = palette
        self._restyle()
        self._update_extra_selections()
        self._gutter.update()

    def set_reading_font(self, family: str | None, point_size: int) -> None:
        font = QFont(self.font())
        if family:
            font.setFamily(family)
        font.setPointSize(point_size)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self.updateGeometry()  # the readable minimum follows the font
        self._gutter.update()

    def set_claim_marks(self, marks: Iterable[Mark]) -> None:
        self._claims = [m for m in marks if 0 <= m.start < m.end <= len(self.text)]
        self._restyle()

    def set_annotation_marks(self, marks: Iterable[Mark]) -> None:
        self._annotations = [m for m in marks if 0 <= m.start < m.end <= len(self.text)]
        self._restyle()

    def set_edited(self, sentence_ids: Iterable[str]) -> None:
        self._edited = set(sentence_ids)
        self._restyle()

    def set_flags(self, flags: dict[str, list[str]]) -> None:
        """Sentence id -> reasons; shown as ⚑ in the gutter with the reasons as tooltip."""
        self._flags = {sid: list(reasons) for sid, reasons in flags.items() if reasons}
        self._gutter.update()

    @property
    def claim_marks(self) -> list[Mark]:
        return list(self._claims)

    @property
    def flags(self) -> dict[str, list[str]]:
        return dict(self._flags)

    def set_readable_chars(self, chars: int) -> None:
        """The narrowest the pane may get, in characters; it counts at once, not after the next layout pass."""
        if chars != self.readable_chars:
            self.readable_chars = chars
            widget: QWidget | None = self
            while widget is not None:  # each drops the size its layout item remembers
                widget.updateGeometry()
                widget = widget.parentWidget()

    def minimumSizeHint(self) -> QSize:
        """Room for ``readable_chars`` characters, the gutter, the margins and the scroll bar."""
        per_char = QFontMetrics(self.document().defaultFont()).horizontalAdvance(MEASURE_TEXT) / len(MEASURE_TEXT)
        chrome = Gutter.WIDTH + 2 * (int(self.document().documentMargin()) + self.frameWidth())
        width = round(per_char * self.readable_chars) + chrome + self.verticalScrollBar().sizeHint().width()
        return QSize(width, super().minimumSizeHint().height())

    # --- offsets --------------------------------------------------------------------------

    def to_qt(self, offset: int) -> int:
        return self._map.to_qt(offset)

    def from_qt(self, position: int) -> int:
        return self._map.from_qt(position)

    def cursor_for_range(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(start))
        cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def char_format_at(self, offset: int) -> QTextCharFormat:
        """The character format of the character at ``offset`` (what the reader sees there)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(offset) + 1)  # a cursor reports the format *before* it
        return cursor.charFormat()

    def sentence_at(self, offset: int) -> str:
        """The id of the sentence covering ``offset``, or ""."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0:
            return ""
        sid = self._order[k]
        start, end = self.spans[sid]
        return sid if start <= offset < end else ""

    def sentence_near(self, offset: int) -> str:
        """The sentence at ``offset`` or the last one starting before it ("" before the first)."""
        k = bisect.bisect_right(self._starts, offset) - 1
        return self._order[max(k, 0)] if self._order else ""

    def offset_at_point(self, point: QPoint, *, exact: bool = True) -> int:
        """Text offset under a viewport point, or -1 when not over text (exact)."""
        doc_point = point + QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        accuracy = Qt.HitTestAccuracy.ExactHit if exact else Qt.HitTestAccuracy.FuzzyHit
        position = self.document().documentLayout().hitTest(doc_point.toPointF(), accuracy)
        return -1 if position < 0 else self.from_qt(position)

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.from_qt(cursor.selectionStart()), self.from_qt(cursor.selectionEnd())

    # --- hover, focus, selection ---------------------------------------------------------------

    @property
    def hovered(self) -> str:
        return self._hovered

    @property
    def focused(self) -> str:
        return self._focused

    def set_hovered(self, sentence_id: str) -> None:
        if sentence_id != self._hovered:
            self._hovered = sentence_id
            self._update_extra_selections()

    def set_focused(self, sentence_id: str, *, reveal: bool = False) -> None:
        self._focused = sentence_id
        self._update_extra_selections()
        if reveal and sentence_id in self.spans:
            self.reveal_range(*self.spans[sentence_id])

    def select_range(self, start: int, end: int, *, reveal: bool = True) -> None:
        """Select text (a claim, a note) as the user would, and scroll it into view."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        self.setTextCursor(self.cursor_for_range(start, end))
        if reveal:
            self.reveal_range(start, end)

    def reveal_range(self, start: int, end: int) -> None:
        """Scroll so the range sits in the upper third of the view when it is off-screen."""
        top = self._doc_y(start)
        bottom = self._doc_y(end, bottom=True)
        bar = self.verticalScrollBar()
        view = self.viewport().height()
        if top < bar.value() or bottom > bar.value() + view:
            bar.setValue(int(max(0, top - view / 3)))

    def set_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Highlights another widget draws over the text (desktop.gui.widgets.word_links), by layer name."""
        self._layers[name] = selections
        self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        for sid, colour in ((self._focused, self.palette_.selected), (self._hovered, self.palette_.hover)):
            if sid and sid in self.spans:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = self.cursor_for_range(*self.spans[sid])
                fmt = QTextCharFormat()
                fmt.setBackground(colour)
                selection.format = fmt
                selections.append(selection)
        for layer in self._layers.values():
            selections.extend(layer)
        self.setExtraSelections(selections)

    # --- painting the layers -------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Change several layers (text, claims, notes, edits) and re-format once at the end."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._restyle_pending:
                self._restyle_pending = False
                self._restyle()

    def _restyle(self) -> None:
        if self._batch_depth:
            self._restyle_pending = True
            return
        doc = self.document()
        if doc.isEmpty():
            self._styled = False
            return
        has_marks = bool(self._claims or self._annotations or (self._edited & self.spans.keys()))
        if not has_marks and not self._styled:
            self._gutter.update()
            return  # plain text already: re-formatting would only re-lay out the document
        pal = self.palette_
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        if self._styled:
            # Clear what was painted last time: only those ranges when the text has not
            # changed since (re-laying out a few lines, not the article), else everything.
            if self._styled_ranges is None:
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.setCharFormat(QTextCharFormat())
            else:
                for start, end in self._styled_ranges:
                    self.cursor_for_range(start, end).setCharFormat(QTextCharFormat())
        self._styled = has_marks
        painted: list[tuple[int, int]] = []
        for mark in self._claims:
            style = pal.kind(mark.kind)
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(style.underline)
            fmt.setUnderlineColor(QColor(style.ink))
            fmt.setProperty(MARK_PROPERTY, f"claim:{style.kind}")
            fmt.setProperty(CLAIM_ID_PROPERTY, mark.key)
            if mark.role == "content":
                fmt.setBackground(QColor(style.tint))
            elif mark.role == "speaker":
                fmt.setFontWeight(QFont.Weight.DemiBold)
            self.cursor_for_range(mark.start, mark.end).mergeCharFormat(fmt)
            painted.append((mark.start, mark.end))
        for mark in self._annotations:
            fmt = QTextCharFormat()
            if mark.kind == "note":
                colour = annotation_colour(pal, mark.colour) if mark.colour else pal.note_tint
                fmt.setBackground(QColor(colour))
                fmt.setProperty(MARK_PROPERTY, "note")
            else:
                fmt.setBackground(QColor(annotation_colour(pal, mark.colour)))
                fmt.setProperty(MARK_PROPERTY, "highlight")
            self.cursor_for_range(mark.start, mark.end).mergeCharFormat(fmt)
            painted.append((mark.start, mark.end))
        for sid in self._edited:
            if sid in self.spans:
                fmt = QTextCharFormat()
                fmt.setFontItalic(True)
                fmt.setForeground(QColor(pal.edited_ink))
                self.cursor_for_range(*self.spans[sid]).mergeCharFormat(fmt)
                painted.append(self.spans[sid])
        self._styled_ranges = painted
        cursor.endEditBlock()
        self._gutter.update()

    # --- geometry -----------------------------------------------------------------------------------

    def _doc_y(self, offset: int, *, bottom: bool = False) -> float:
        """Document y (scroll-independent) of the line holding ``offset``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.to_qt(offset), max(0, self.document().characterCount() - 1)))
        rect = self.cursorRect(cursor)
        return (rect.bottom() if bottom else rect.top()) + self.verticalScrollBar().value()

    def gutter_markers(self) -> list[tuple[int, str, str, str]]:
        """(viewport y, glyph, colour, tooltip) of each marker to paint (:func:`gutter.markers_of`)."""
        return markers_of(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), Gutter.WIDTH, rect.height()))

    # --- events ----------------------------------------------------------------------------------------

    def _on_scrollbar_value_changed(self, _value: int) -> None:
        self._gutter.update()
        self.scrolled.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        offset = self.offset_at_point(event.position().toPoint())
        sid = self.sentence_at(offset) if offset >= 0 else ""
        if sid != self._hovered:
            self.set_hovered(sid)
            self.sentence_hovered.emit(sid)

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        if self._hovered:
            self.set_hovered("")
            self.sentence_hovered.emit("")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        moved = (event.position().toPoint() - self._press_pos).manhattanLength()
        self._press_pos = None
        if moved > 4 or self.textCursor().hasSelection():
            return  # a drag that selected text, not a click
        offset = self.offset_at_point(event.position().toPoint())
        sid = self.sentence_at(offset) if offset >= 0 else ""
        if sid:
            self.set_focused(sid)
            self.sentence_clicked.emit(sid)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        offset = self.offset_at_point(event.position().toPoint())
        sid = self.sentence_at(offset) if offset >= 0 else ""
        if sid and self.activation_enabled:
            self.set_focused(sid)
            self.sentence_activated.emit(sid)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.activation_enabled and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            sid = self._focused or self.sentence_at(self.from_qt(self.textCursor().position()))
            if sid:
                self.sentence_activated.emit(sid)
                event.accept()
                return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and event.modifiers() == Qt.KeyboardModifier.AltModifier:
            self._move_focus(1 if event.key() == Qt.Key.Key_Down else -1)
            event.accept()
            return
        super().keyPressEvent(event)

    def _move_focus(self, step: int) -> None:
        """Alt+Down / Alt+Up walk sentence by sentence (and the twin pane follows)."""
        if not self._order:
            return
        index = self._order.index(self._focused) + step if self._focused in self._order else 0
        index = max(0, min(index, len(self._order) - 1))
        sid = self._order[index]
        self.set_focused(sid, reveal=True)
        self.sentence_clicked.emit(sid)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            tip = self.tooltip_at(self.offset_at_point(point))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_at(self, offset: int) -> str:
        """What a reader learns by hovering: claim kinds, notes, flags, edit state."""
        if offset < 0:
            return ""
        lines: list[str] = []
        for mark in self._claims:
            if mark.start <= offset < mark.end and mark.tip and mark.tip not in lines:
                lines.append(mark.tip)
        for mark in self._annotations:
            if mark.start <= offset < mark.end and mark.kind == "note" and mark.tip:
                lines.append(f"Note: {mark.tip}")
        sid = self.sentence_at(offset)
        if sid in self._flags:
            lines.append(f"{FLAG_MARK} " + "; ".join(self._flags[sid]))
        if sid in self._edited:
            lines.append(f"{EDIT_MARK} edited")
        return "\n".join(lines)

    # --- synchronised scrolling -----------------------------------------------------------------------

    def top_anchor(self) -> tuple[str, float] | None:
        """The sentence at the top of the view and how far (0..1) it is scrolled past."""
        if not self._order:
            return None
        offset = self.offset_at_point(QPoint(8, 2), exact=False)
        sid = self.sentence_near(max(offset, 0))
        if not sid:
            return None
        start, end = self.spans[sid]
        top = self._doc_y(start)
        bottom = self._doc_y(end, bottom=True)
        scroll = self.verticalScrollBar().value()
        frac = (scroll - top) / (bottom - top) if bottom > top else 0.0
        return sid, max(0.0, min(1.0, frac))

    def align_to(self, sentence_id: str, frac: float, order: list[str]) -> None:
        """Scroll so ``sentence_id`` (or the nearest earlier one shown here) is at the top."""
        sid = sentence_id
        if sid not in self.spans:
            sid = ""
            if sentence_id in order:
                for candidate in reversed(order[: order.index(sentence_id)]):
                    if candidate in self.spans:
                        sid = candidate
                        frac = 1.0
                        break
        if not sid:
            self.verticalScrollBar().setValue(0)
            return
        start, end = self.spans[sid]
        top = self._doc_y(start)
        bottom = self._doc_y(end, bottom=True)
        self.verticalScrollBar().setValue(int(round(top + frac * max(0.0, bottom - top))))
