"""The Notes panel: every highlight and note on the open document, in reading order.

Clicking an entry selects its words in the pane it belongs to; double-click
(or Enter) edits a note's text; Delete removes the entry after the window's
undo stack records it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.colours import Palette, annotation_colour
from desktop.gui.views import AnnotationView

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _NotesList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class NotesPanel(QWidget):
    annotation_selected = Signal(int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._items: list[AnnotationView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.hint = QLabel("Select words in either pane, then Highlight (Ctrl+H) or Note (Ctrl+Shift+N).")
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.list = _NotesList()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        self.list.itemActivated.connect(self._on_list_item_double_clicked)
        self.list.delete_pressed.connect(self._on_delete_clicked)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton("Edit note")
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())

    @property
    def annotations(self) -> list[AnnotationView]:
        return list(self._items)

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        self.set_annotations(self._items)

    def set_annotations(self, items: list[AnnotationView]) -> None:
        self._items = list(items)
        current = self.current_id()
        self.list.clear()
        for a in self._items:
            side = "BG" if a.side == "bg" else "EN"
            quote = a.quote if len(a.quote) <= 90 else a.quote[:87] + "…"
            if a.kind == "note":
                text = f"✱ {a.text}\n{side} · “{quote}”"
            else:
                text = f"▌ Highlight · {side}\n“{quote}”"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, a.id)
            item.setToolTip(a.quote if a.kind != "note" else f"{a.text}\n\n“{a.quote}”")
            colour = QColor(annotation_colour(self._palette, a.colour) if a.kind == "highlight" or a.colour
                            else self._palette.note_tint)
            item.setForeground(self.palette().text())
            item.setData(Qt.ItemDataRole.DecorationRole, colour)
            self.list.addItem(item)
            if a.id == current:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def select_annotation(self, annotation_id: int) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item is not None and item.data(ID_ROLE) == annotation_id:
                self.list.setCurrentItem(item)
                return

    def _update_buttons(self) -> None:
        ident = self.current_id()
        current = next((a for a in self._items if a.id == ident), None)
        self.delete_button.setEnabled(current is not None)
        self.edit_button.setEnabled(current is not None)
        self.edit_button.setText("Edit note" if current is None or current.kind == "note" else "Add note text")

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.annotation_selected.emit(int(item.data(ID_ROLE)))

    def _on_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.edit_requested.emit(int(item.data(ID_ROLE)))

    def _on_edit_clicked(self) -> None:
        ident = self.current_id()
        if ident is not None:
            self.edit_requested.emit(ident)

    def _on_delete_clicked(self) -> None:
        ident = self.current_id()
        if ident is not None:
            self.delete_requested.emit(ident)
