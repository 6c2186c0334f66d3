"""The reading area: the headline (Bulgarian, and the English under it), then BG | EN side by side.

Only layout: the panes, their headers, the in-place sentence editor over the
English pane, and the "no model yet" panel that stands in for the English
pane. The document controller fills it. :class:`SidePanels` keeps the panes
readable in the window: the library and the Claims tabs give way first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop.core.wordlinks import UNSURE_LEGEND
from desktop.gui.widgets.models_panel import ModelMissingPanel
from desktop.gui.widgets.pane_sync import PaneSync
from desktop.gui.widgets.panes import READABLE_CHARS, SentencePane
from desktop.gui.widgets.sentence_editor import SentenceEditor
from desktop.gui.widgets.word_links import WordLinker


class HeadlineLabel(QLabel):
    """The English headline under the Bulgarian one; a double-click opens it for correction."""

    double_clicked = Signal()

    def mouseDoubleClickEvent(self, event: Any) -> None:
        self.double_clicked.emit()
        event.accept()


class PaneHeader(QLabel):
    """A pane's header line, shortened with "…" to its pane's width (it never widens the pane)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setObjectName("paneHeader")
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        margins = self.contentsMargins()
        room = self.contentsRect().width() - margins.left() - margins.right()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 0))
        super().setText(shown if room > 0 else self._full)


class ReadingView(QWidget):
    """Headline, metadata line, and the two panes in a splitter (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bg_pane = SentencePane("bg")
        self.en_pane = SentencePane("en")
        for pane in (self.bg_pane, self.en_pane):
            pane.setAcceptDrops(False)
            pane.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.bg_pane.setPlaceholderText(
            "Open an article (Ctrl+O), paste one from the clipboard (Ctrl+Shift+V), "
            "or drop a file on this window."
        )
        self.en_pane.setPlaceholderText("The English appears here, sentence by sentence, as it is translated.")
        self.en_pane.activation_enabled = True
        self.sync = PaneSync(self.bg_pane, self.en_pane)
        self.word_links = WordLinker(self.bg_pane, self.en_pane, self)
        # Under the English pane while any word there carries the dotted underline.
        self.unsure_legend = QLabel(f"Dotted underline: {UNSURE_LEGEND[0].lower()}{UNSURE_LEGEND[1:]}")
        self.unsure_legend.setObjectName("muted")
        self.unsure_legend.setWordWrap(True)
        self.unsure_legend.hide()
        self.editor = SentenceEditor(self.en_pane.viewport())
        self.editor.closed.connect(lambda: self.en_pane.setFocus())
        self.model_panel = ModelMissingPanel()

        self.bg_header = PaneHeader("БЪЛГАРСКИ")
        self.en_header = PaneHeader("ENGLISH")
        self.en_stack = QStackedWidget()
        self.en_stack.addWidget(self.en_pane)
        self.en_stack.addWidget(self.model_panel)

        self.pane_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.pane_splitter.setObjectName("paneSplitter")
        self.pane_splitter.addWidget(_pane_frame(self.bg_header, self.bg_pane))
        self.pane_splitter.addWidget(_pane_frame(self.en_header, self.en_stack, self.unsure_legend))
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.setHandleWidth(10)  # wide enough to grab; the style sheet draws a grip
        self.pane_splitter.setStretchFactor(0, 1)
        self.pane_splitter.setStretchFactor(1, 1)

        self.doc_title = QLabel("")
        self.doc_title.setObjectName("docTitle")
        self.doc_title.setWordWrap(True)
        font = self.doc_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.doc_title.setFont(font)
        # The English headline, under the Bulgarian one, once it is translated (it is translated first).
        self.doc_title_en = HeadlineLabel("")
        self.doc_title_en.setObjectName("docTitleEnglish")
        self.doc_title_en.setToolTip("The English headline. Double-click to correct it.")
        self.doc_title_en.setWordWrap(True)
        self.doc_title_en.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        english_font = self.doc_title_en.font()
        english_font.setPointSizeF(english_font.pointSizeF() * 1.15)
        english_font.setItalic(True)
        self.doc_title_en.setFont(english_font)
        self.doc_title_en.hide()
        self.doc_meta = QLabel("")
        self.doc_meta.setObjectName("muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.doc_title)
        layout.addWidget(self.doc_title_en)
        layout.addWidget(self.doc_meta)
        layout.addWidget(self.pane_splitter, 1)

    @property
    def panes(self) -> tuple[SentencePane, SentencePane]:
        return self.bg_pane, self.en_pane


def _pane_frame(header: QLabel, body: QWidget, footer: QWidget | None = None) -> QFrame:
    frame = QFrame()
    frame.setObjectName("paneFrame")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(1, 1, 1, 1)
    layout.setSpacing(0)
    layout.addWidget(header)
    layout.addWidget(body, 1)
    if footer is not None:
        layout.addWidget(footer)
    return frame


#: The side panels' widths when there is room (the reading panes take the rest).
SIDEBAR_WIDTH, TABS_WIDTH = 220, 340


class SidePanels(QObject):
    """Keeps the panes readable: the library, then the Claims tabs, give way when the window is narrow.

    The panes' minimum is :data:`~desktop.gui.widgets.panes.READABLE_CHARS`
    characters each; the splitter itself may shrink to it, so a small window
    is never refused. A panel hidden for lack of room comes back when there
    is room again; a panel's width always goes to (or comes from) the panes.
    A panel asked for (Ctrl+L, Alt+1..4) wins over the other one, and a tab
    asked for where even that leaves no room narrows the panes for it.
    """

    fitted = Signal(bool)  # whether the library shows

    def __init__(self, splitter: QSplitter, sidebar: QWidget, reading: ReadingView, tabs: QWidget) -> None:
        super().__init__(splitter)
        self.splitter, self.sidebar, self.reading, self.tabs = splitter, sidebar, reading, tabs
        tabs.setMinimumWidth(180)
        self.wanted_library = True  # the user's choice (Ctrl+L); the window may still lack the room
        self.fresh = False  # no saved layout: the default widths are set once the window has its size
        self._library_first = False
        self._tabs_asked = False
        self._fitting = False
        splitter.installEventFilter(self)

    def want_library(self, on: bool) -> None:
        self.wanted_library = self._library_first = on
        self.fit(force=True)

    def want_tabs(self) -> None:
        if self.tabs.isHidden():
            self._tabs_asked = True
            self.fit(force=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def _room(self, chars: int) -> tuple[int, int]:
        """(the panes' minimum, the width left beside it) with ``chars`` characters per pane."""
        for pane in self.reading.panes:
            pane.set_readable_chars(chars)
        need = self.reading.minimumSizeHint().width()
        return need, self.splitter.width() - 2 * self.splitter.handleWidth() - need

    def fit(self, *, force: bool = False) -> None:
        if self._fitting:
            return
        splitter = self.splitter
        tabs_min, side_min = self.tabs.minimumWidth(), self.sidebar.minimumWidth()
        need, room = self._room(READABLE_CHARS)
        if self._tabs_asked and tabs_min > room:
            need, room = self._room(READABLE_CHARS // 3)
        elif tabs_min <= room:
            self._tabs_asked = False
        splitter.setMinimumWidth(need)
        if self.wanted_library and self._library_first:
            side, tabs = side_min <= room, side_min + tabs_min <= room
        else:
            tabs = tabs_min <= room
            side = self.wanted_library and side_min + (tabs_min if tabs else 0) <= room
        sizes = splitter.sizes()
        if self.fresh and splitter.isVisible():
            self.fresh, force, sizes = False, True, [SIDEBAR_WIDTH, 0, TABS_WIDTH]
        changed = side == self.sidebar.isHidden() or tabs == self.tabs.isHidden()
        if not (force or changed or (sizes[1] < need and room >= 0)):
            return
        self._fitting = True
        try:
            self.sidebar.setVisible(side)
            self.tabs.setVisible(tabs)
            side_w = max(side_min, sizes[0] or SIDEBAR_WIDTH) if side else 0
            tabs_w = max(tabs_min, min(sizes[2] or TABS_WIDTH, room - side_w)) if tabs else 0
            reading = splitter.width() - side_w - tabs_w - splitter.handleWidth() * (side + tabs)
            splitter.setSizes([side_w, max(reading, need), tabs_w])
            self.fitted.emit(side)
        finally:
            self._fitting = False
