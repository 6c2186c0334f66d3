"""The slim left margin of a reading pane: flag, edit and note markers with their tooltips.

It paints what :func:`markers_of` finds in the pane: check flags, edits and notes
at the line of their sentence, stacked when several share a line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

FLAG_MARK = "⚑"
EDIT_MARK = "✎"
NOTE_MARK = "✱"


class Gutter(QWidget):
    """The left margin with flag / edit / note markers and their tooltips."""

    WIDTH = 22

    def __init__(self, pane: Any) -> None:
        super().__init__(pane)
        self._pane = pane
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(self.WIDTH, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        pane = self._pane
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(pane.palette_.gutter_bg))
        font = QFont(pane.font())
        font.setPointSizeF(max(7.0, pane.font().pointSizeF() * 0.8))
        painter.setFont(font)
        for y, glyph, colour, _tip in pane.gutter_markers():
            if -20 < y < self.height() + 20:
                painter.setPen(QColor(colour))
                painter.drawText(QRect(0, y, self.WIDTH, pane.fontMetrics().height()), Qt.AlignmentFlag.AlignHCenter, glyph)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            line = self._pane.fontMetrics().height()
            tips = [tip for y, _g, _c, tip in self._pane.gutter_markers() if y <= event.pos().y() < y + line]
            if tips:
                QToolTip.showText(event.globalPos(), "\n".join(tips), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def markers_of(pane: Any) -> list[tuple[int, str, str, str]]:
    """(viewport y, glyph, colour, tooltip) of each marker a pane's gutter paints."""
    pal = pane.palette_
    markers: list[tuple[int, str, str, str]] = []
    scroll = pane.verticalScrollBar().value()
    frame_top = pane.viewport().geometry().top() - pane.contentsRect().top()

    def y_of(offset: int) -> int:
        return int(pane._doc_y(offset) - scroll) + frame_top

    seen_lines: dict[int, int] = {}

    def add(offset: int, glyph: str, colour: str, tip: str) -> None:
        y = y_of(offset)
        shift = seen_lines.get(y, 0)
        seen_lines[y] = shift + 1
        markers.append((y + shift * (pane.fontMetrics().height() // 2 + 2), glyph, colour, tip))

    for sid, reasons in pane._flags.items():
        if sid in pane.spans:
            add(pane.spans[sid][0], FLAG_MARK, pal.flag_ink, "Check: " + "; ".join(reasons))
    for sid in sorted(pane._edited):
        if sid in pane.spans:
            add(pane.spans[sid][0], EDIT_MARK, pal.edited_ink, "Edited by you")
    for mark in pane._annotations:
        if mark.kind == "note":
            add(mark.start, NOTE_MARK, pal.muted_ink, "Note: " + (mark.tip or ""))
    return markers
