"""The library sidebar: every stored article with its date and status, and search.

Typing in the search field searches both languages, edited translations and
notes (the library's FTS5 index) after a short pause; clearing it lists the
documents again (the newest few hundred: a big library is searched, not
scrolled). Delete asks for confirmation in the library controller, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SENTENCE_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3  # True on a search snippet beneath its article's title

STATUS_BADGES = {
    "new": "new",
    "translated": "translated",
    "edited": "edited",
    "briefed": "briefed",
}


class _DocList(QListWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class LibrarySidebar(QWidget):
    document_chosen = Signal(int, str)  # document id, sentence id to show ("" for none)
    delete_requested = Signal(int)
    search_changed = Signal(str)
    order_changed = Signal(str)  # "recent" or "checkworthy"

    #: The list's orders: label, and the value :func:`~desktop.core.operations.library.list_articles` takes.
    ORDERS = (("Newest first", "recent"), ("Most check-worthy", "checkworthy"))

    SEARCH_DELAY_MS = 200

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(170)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 4, 6)
        layout.setSpacing(6)
        title = QLabel("LIBRARY")
        title.setObjectName("sidebarTitle")
        layout.addWidget(title)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search both languages and notes…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.order_box = QComboBox()
        self.order_box.setToolTip("Order of the list: newest first, or by each article's most check-worthy claim")
        for label, value in self.ORDERS:
            self.order_box.addItem(label, value)
        self.order_box.currentIndexChanged.connect(lambda _i: self.order_changed.emit(self.order))
        layout.addWidget(self.order_box)
        self.list = _DocList()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.delete_pressed.connect(self._on_delete)
        layout.addWidget(self.list, 1)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.search_changed.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self._current_id: int | None = None

    @property
    def query(self) -> str:
        return self.search.text().strip()

    @property
    def order(self) -> str:
        return str(self.order_box.currentData() or "recent")

    def set_current(self, doc_id: int | None) -> None:
        self._current_id = doc_id
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item is not None and item.data(ID_ROLE) == doc_id and not item.data(SENTENCE_ROLE):
                self.list.setCurrentItem(item)
                return

    def set_documents(self, documents: Sequence[Any], *, more: bool = False) -> None:
        """Show library entries (objects with id, title, date, status); ``more``: older ones exist."""
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for d in documents:
            badge = d.status_label if getattr(d, "partial", False) else STATUS_BADGES.get(d.status, d.status)
            item = QListWidgetItem(f"{d.title or 'Untitled'}\n{d.date[:10]} · {badge}")
            item.setData(ID_ROLE, d.id)
            item.setData(SENTENCE_ROLE, "")
            item.setToolTip(f"{d.title}\n{d.source_name}\nstatus: {badge}\nupdated {d.updated_at[:16]}")
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        if more:
            self.status.setText(f"The {len(documents)} newest articles; search to find older ones")
        else:
            self.status.setText(f"{len(documents)} article{'s' if len(documents) != 1 else ''}")
        if self._current_id is not None:
            self.set_current(self._current_id)

    def set_search_results(self, query: str, found: Any) -> None:
        """Show a search grouped by article (an ``ArticleSearch``): per article its title and count, then snippets.

        The title row opens the article; a snippet row opens it at that sentence.
        """
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        labels = {"bg": "БГ", "en": "EN", "note": "note", "title": "title"}
        plus = "+" if found.capped else ""
        snippet_font = self.list.font()
        snippet_font.setPointSizeF(max(7.0, snippet_font.pointSizeF() * 0.9))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for article in found.articles:
            count = f"{article.count}{plus} match{'es' if article.count != 1 or plus else ''}"
            head = QListWidgetItem(f"{article.title or 'Untitled'}\n{count}")
            head.setData(ID_ROLE, article.doc_id)
            head.setData(SENTENCE_ROLE, "")
            head.setToolTip(f"{article.title}\n{count} for “{query}”")
            bold = head.font()
            bold.setBold(True)
            head.setFont(bold)
            self.list.addItem(head)
            for h in article.hits:
                if h.field == "title":
                    continue  # the title is the row above
                snippet = str(h.snippet).replace("[", "«").replace("]", "»")
                item = QListWidgetItem(f"    {labels.get(h.field, h.field)}: {snippet}")
                item.setData(ID_ROLE, h.doc_id)
                item.setData(SENTENCE_ROLE, h.sentence_id or "")
                item.setData(SNIPPET_ROLE, True)
                item.setToolTip(snippet)
                item.setFont(snippet_font)
                item.setForeground(muted)
                self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        articles = len(found.articles)
        self.status.setText(
            f"{found.matches}{plus} match{'es' if found.matches != 1 else ''} in {articles} "
            f"article{'s' if articles != 1 else ''} for “{query}”"
        )

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.document_chosen.emit(int(item.data(ID_ROLE)), str(item.data(SENTENCE_ROLE) or ""))

    def _on_delete(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.delete_requested.emit(int(item.data(ID_ROLE)))

    def _on_list_context_menu(self, pos: Any) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        open_action = QAction("Open", menu)
        open_action.triggered.connect(lambda: self._on_list_item_activated(item))
        delete_action = QAction("Delete from library…", menu)
        delete_action.triggered.connect(lambda: self.delete_requested.emit(int(item.data(ID_ROLE))))
        menu.addAction(open_action)
        menu.addSeparator()
        menu.addAction(delete_action)
        menu.exec(self.list.viewport().mapToGlobal(pos))
