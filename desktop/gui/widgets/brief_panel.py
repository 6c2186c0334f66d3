"""The Brief panel: the generated English brief, editable, with Regenerate and Export.

The brief is shown as rich text in which each summary, claim and flag line is
one paragraph that remembers which brief line (and so which source
sentences) it came from. The journalist may rewrite any line; Export takes the
text as it now reads. Clicking a line asks the window to show its source
sentence in both panes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.colours import Palette

if TYPE_CHECKING:
    from desktop.core.brief.model import Brief, BriefLine

#: Block property holding "section:index" of the brief line a paragraph shows.
LINE_PROPERTY = QTextFormat.Property.UserProperty + 10

EXPORT_FORMATS = (("md", "Markdown"), ("html", "HTML"), ("docx", "Word (DOCX)"), ("pdf", "PDF"))


class _BriefText(QTextEdit):
    line_clicked = Signal(str)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            ref = self.textCursor().block().blockFormat().property(LINE_PROPERTY)
            if ref:
                self.line_clicked.emit(str(ref))


class BriefPanel(QWidget):
    regenerate_requested = Signal()
    export_requested = Signal(str)  # format: md | html | docx | pdf
    sentence_requested = Signal(str)

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._brief: Brief | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.regenerate_button = QPushButton("Regenerate")
        self.regenerate_button.setToolTip("Build the brief again from the current translation and claims")
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt, label in EXPORT_FORMATS:
            action = QAction(label + "…", menu)
            action.triggered.connect(lambda _checked=False, f=fmt: self.export_requested.emit(f))
            menu.addAction(action)
        self.export_button.setMenu(menu)
        # Off by default: a brief goes to readers who do not need the model's doubts.
        self.mark_unsure = QCheckBox("Mark unsure words")
        self.mark_unsure.setToolTip(
            "Underline (dotted) the English words the model was unsure of, so readers check them"
        )
        self.mark_unsure.toggled.connect(lambda _on: self.regenerate_requested.emit())
        self.state = QLabel("")
        self.state.setObjectName("muted")
        row.addWidget(self.regenerate_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.mark_unsure)  # its own line: the tab must stay narrow on a small screen
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.text = _BriefText()
        self.text.setObjectName("brief")
        self.text.setAcceptRichText(False)
        self.text.line_clicked.connect(self._on_text_line_clicked)
        self.text.document().modificationChanged.connect(self._on_modification_changed)
        layout.addWidget(self.text, 1)
        self.set_brief(None)

    @property
    def brief(self) -> Brief | None:
        return self._brief

    @property
    def edited(self) -> bool:
        return self.text.document().isModified()

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        if self._brief is not None and not self.edited:
            self.set_brief(self._brief)

    def set_brief(self, brief: Brief | None, *, edited: bool = False) -> None:
        """Show ``brief`` (None: an empty state) and mark it as not edited since."""
        self._brief = brief
        self.regenerate_button.setEnabled(True)
        self.export_button.setEnabled(brief is not None)
        doc = self.text.document()
        doc.clear()
        if brief is None:
            self.text.setPlaceholderText("The brief appears here once the article has been analysed.")
            doc.setModified(False)
            return
        cursor = QTextCursor(doc)
        pal = self._palette

        def block(text: str, *, ref: str = "", size: float | None = None, bold: bool = False,
                  colour: str | None = None, italic: bool = False, top: float = 2.0, first: bool = False) -> None:
            bf = QTextBlockFormat()
            bf.setTopMargin(top)
            bf.setBottomMargin(2.0)
            if ref:
                bf.setProperty(LINE_PROPERTY, ref)
            cf = QTextCharFormat()
            if size is not None:
                cf.setFontPointSize(size)
            if bold:
                cf.setFontWeight(QFont.Weight.Bold)
            if italic:
                cf.setFontItalic(True)
            if colour is not None:
                cf.setForeground(QColor(colour))
            if first:
                cursor.setBlockFormat(bf)
                cursor.setBlockCharFormat(cf)
            else:
                cursor.insertBlock(bf, cf)
            cursor.insertText(text, cf)

        base = self.text.font().pointSizeF()
        block(brief.title_en or brief.title, size=base * 1.3, bold=True, first=True)
        meta = " · ".join(x for x in (brief.source, brief.date) if x)
        if meta:
            block(meta, colour=pal.muted_ink)
        notice = brief.missing_translation_notice
        if notice:
            block(notice, colour=pal.flag_ink, italic=True, top=6)
        if brief.summary:
            block("Summary", bold=True, top=10)
            for i, line in enumerate(brief.summary):
                mark = " (machine-written)" if line.machine_written else ""
                block(f"• {line.text}{mark}", ref=f"summary:{i}")
        if brief.claims:
            block("Key claims", bold=True, top=10)
            for i, line in enumerate(brief.claims):
                block(f"{line.label}: {line.text}" if line.label else line.text, ref=f"claims:{i}")
        if brief.flags:
            block("Check before filing", bold=True, top=10)
            for i, line in enumerate(brief.flags):
                ids = ", ".join(line.sentence_ids)
                block(f"⚑ {ids}: {line.text}", ref=f"flags:{i}")
        p = brief.provenance
        parts = [f"Machine translation: {p.model} ({p.backend}, {p.profile})" if p.model else "Not translated"]
        parts.append(f"summary: {p.summary_method}")
        parts.append(f"Dragoman {p.app_version}, {p.created_at}")
        block(" · ".join(parts), colour=pal.muted_ink, top=12)
        doc.setModified(edited)
        self._on_modification_changed(edited)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def current_brief(self) -> Brief | None:
        """The brief with the journalist's rewording of each line applied."""
        if self._brief is None:
            return None
        brief = self._brief
        texts: dict[str, list[str]] = {}
        block = self.text.document().begin()
        while block.isValid():
            ref = block.blockFormat().property(LINE_PROPERTY)
            if ref:
                texts.setdefault(str(ref), []).append(block.text())
            block = block.next()

        def updated(section: str, lines: tuple[BriefLine, ...]) -> tuple[BriefLine, ...]:
            out = []
            for i, line in enumerate(lines):
                pieces = texts.get(f"{section}:{i}")
                if pieces is None:
                    continue  # the journalist deleted the line
                text = " ".join(p.strip() for p in pieces).strip()
                if section == "summary":
                    text = text.removeprefix("•").removesuffix("(machine-written)").strip()
                    out.append(replace(line, text=text))
                elif section == "claims":
                    label = line.label
                    if label and text.startswith(label + ":"):
                        text = text[len(label) + 1 :].strip()
                    elif ":" in text:
                        label, text = (part.strip() for part in text.split(":", 1))
                    out.append(replace(line, text=text, label=label))
                else:
                    prefix = "⚑ " + ", ".join(line.sentence_ids) + ":"
                    text = text.removeprefix(prefix).strip()
                    out.append(replace(line, text=text))
            return tuple(out)

        return replace(
            brief,
            summary=updated("summary", brief.summary),
            claims=updated("claims", brief.claims),
            flags=updated("flags", brief.flags),
        )

    def line_for(self, ref: str) -> Any:
        brief = self._brief
        if brief is None or ":" not in ref:
            return None
        section, index = ref.split(":", 1)
        lines = getattr(brief, section, ())
        k = int(index)
        return lines[k] if 0 <= k < len(lines) else None

    def _on_text_line_clicked(self, ref: str) -> None:
        line = self.line_for(ref)
        if line is not None and line.sentence_ids:
            self.sentence_requested.emit(line.sentence_ids[0])

    def _on_modification_changed(self, modified: bool) -> None:
        self.state.setText("Edited: Export keeps your wording; Regenerate starts again." if modified else "")
        self.state.setVisible(modified)
