"""The slim left margin of a reading pane: flag, edit and note markers with their tooltips.

It paints what :meth:`SentencePane.gutter_markers` lists, so the pane stays
the one place that knows where sentences are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from desktop.gui.widgets.panes import SentencePane


class Gutter(QWidget):
    """The left margin with flag / edit / note markers and their tooltips."""

    WIDTH = 22

    def __init__(self, pane: SentencePane) -> None:
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
