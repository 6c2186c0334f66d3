"""Edit one English sentence in place, over the pane, with its Bulgarian in view.

Enter (or Ctrl+Enter) saves, Escape cancels, Shift+Enter breaks a line (rarely
wanted in a sentence, but never blocked). "Machine text" puts back what the
model wrote, which drops the post-edit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SentenceEditor(QFrame):
    """A floating editor for one sentence; emits ``committed(id, text)`` or ``closed``."""

    committed = Signal(str, str)
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sentenceEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.sentence_id = ""
        self._machine = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.source = QLabel()
        self.source.setObjectName("muted")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.source)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.installEventFilter(self)
        layout.addWidget(self.editor, 1)
        # The hint has a line of its own: beside three buttons in a pane-wide
        # editor it was cut to "Enter saves · Es".
        self.hint = QLabel("Enter saves · Esc cancels")
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.machine_button = QPushButton("Machine text")
        self.machine_button.setToolTip("Put back the machine translation (drops your edit)")
        self.machine_button.clicked.connect(self._on_machine_clicked)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.commit)
        buttons.addWidget(self.machine_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.hide()

    def open(self, sentence_id: str, text: str, source: str, machine: str, rect: QRect) -> None:
        """Show over ``rect`` (parent coordinates) editing ``text``."""
        self.sentence_id = sentence_id
        self._machine = machine
        self.source.setText(f"БГ: {source}")
        self.machine_button.setEnabled(bool(machine) and machine != text)
        self.editor.setPlainText(text)
        parent = self.parentWidget()
        width = parent.width() - 16 if parent is not None else rect.width()
        # Room for the Bulgarian, at least three lines of text and the footer, whatever the font.
        self.resize(width, self.height())
        chrome = self.layout().sizeHint().height() - self.editor.sizeHint().height()
        lines = self.editor.fontMetrics().lineSpacing()
        height = max(chrome + 3 * lines + 12, min(chrome + 8 * lines, rect.height() + chrome + 2 * lines))
        top = rect.top() - 8 - self.source.sizeHint().height()
        if parent is not None:
            top = max(4, min(top, parent.height() - height - 4))
        self.setGeometry(8, top, width, height)
        self.show()
        self.raise_()
        self.editor.setFocus()
        self.editor.selectAll()

    def commit(self) -> None:
        text = " ".join(self.editor.toPlainText().split())  # one sentence: collapse stray whitespace
        sid = self.sentence_id
        self.hide()
        self.closed.emit()
        if sid and text:
            self.committed.emit(sid, text)

    def cancel(self) -> None:
        self.hide()
        self.closed.emit()

    def _on_machine_clicked(self) -> None:
        self.editor.setPlainText(self._machine)
        self.commit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self.commit()
                return True
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
        return super().eventFilter(watched, event)
