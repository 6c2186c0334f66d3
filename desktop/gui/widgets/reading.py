"""The reading area: the headline (Bulgarian, and the English under it), then BG | EN side by side.

Only layout: the panes, their headers, the in-place sentence editor over the
English pane, and the "no model yet" panel that stands in for the English
pane. The document controller fills it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop.core.wordlinks import UNSURE_LEGEND
from desktop.gui.widgets.models_panel import ModelMissingPanel
from desktop.gui.widgets.pane_sync import PaneSync
from desktop.gui.widgets.panes import SentencePane
from desktop.gui.widgets.sentence_editor import SentenceEditor
from desktop.gui.widgets.word_links import WordLinker


class HeadlineLabel(QLabel):
    """The English headline under the Bulgarian one; a double-click opens it for correction."""

    double_clicked = Signal()

    def mouseDoubleClickEvent(self, event: Any) -> None:
        self.double_clicked.emit()
        event.accept()


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

        self.bg_header = QLabel("БЪЛГАРСКИ")
        self.bg_header.setObjectName("paneHeader")
        self.en_header = QLabel("ENGLISH")
        self.en_header.setObjectName("paneHeader")
        self.en_stack = QStackedWidget()
        self.en_stack.addWidget(self.en_pane)
        self.en_stack.addWidget(self.model_panel)

        self.pane_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.pane_splitter.setObjectName("paneSplitter")
        self.pane_splitter.addWidget(_pane_frame(self.bg_header, self.bg_pane))
        self.pane_splitter.addWidget(_pane_frame(self.en_header, self.en_stack, self.unsure_legend))
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.setHandleWidth(6)
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
