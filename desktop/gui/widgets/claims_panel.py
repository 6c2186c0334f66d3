"""The Claims and Checks lists, and the legend of claim kinds.

Claims are listed by score (highest first) with speaker, cue and the claim in
English; hovering a row shows the Bulgarian. Each row carries the kind's
colour swatch *and* its underline pattern in words, so the list reads the same
without colour. Clicking a claim asks the window to select it in both panes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.colours import CLAIM_KINDS, Palette, UnderlineStyle
from desktop.gui.views import ClaimView, FlagView

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_swatch(palette: Palette, kind: str, size: int = 14) -> QIcon:
    """A small square in the kind's tint with its underline pattern drawn under it."""
    style = palette.kind(kind)
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(1, 1, size - 2, size - 5, QColor(style.tint))
    pen = QPen(QColor(style.ink), 2)
    pen_style = {
        UnderlineStyle.SingleUnderline: Qt.PenStyle.SolidLine,
        UnderlineStyle.DashUnderline: Qt.PenStyle.DashLine,
        UnderlineStyle.DotLine: Qt.PenStyle.DotLine,
    }.get(style.underline, Qt.PenStyle.SolidLine)
    pen.setStyle(pen_style)
    painter.setPen(pen)
    y = size - 2
    if style.underline == UnderlineStyle.WaveUnderline:
        for x in range(1, size - 2, 3):
            painter.drawLine(x, y - (x // 3) % 2 * 2, x + 3, y - ((x // 3) + 1) % 2 * 2)
    else:
        painter.drawLine(1, y, size - 2, y)
    painter.end()
    return QIcon(pixmap)


class Legend(QWidget):
    """Swatch + label for each claim kind, with the no-colour cue in the tooltip."""

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._layout.setSpacing(10)
        self.set_palette(palette)

    def set_palette(self, palette: Palette) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for kind in CLAIM_KINDS:
            style = palette.kind(kind)
            swatch = QLabel()
            swatch.setPixmap(kind_swatch(palette, kind).pixmap(14, 14))
            label = QLabel(style.label)
            tip = f"{style.description}: {style.pattern}"
            swatch.setToolTip(tip)
            label.setToolTip(tip)
            self._layout.addWidget(swatch)
            self._layout.addWidget(label)
        self._layout.addStretch(1)


class ClaimsPanel(QWidget):
    """Ranked key claims; emits ``claim_selected(key)`` when one is clicked or chosen.

    Each entry reads "1. Speaker (cue)" over the claim itself, with the kind's
    swatch (colour and underline pattern) beside it.
    """

    claim_selected = Signal(str)

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette = palette
        self._claims: list[ClaimView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setIconSize(QSize(14, 14))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("No key claims found yet.")
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

    @property
    def claims(self) -> list[ClaimView]:
        return list(self._claims)

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        self.set_claims(self._claims)

    def set_claims(self, claims: list[ClaimView]) -> None:
        current = self.current_key()
        self._claims = sorted(claims, key=lambda c: c.rank)
        self.list.clear()
        for claim in self._claims:
            style = self._palette.kind(claim.kind)
            who = claim.speaker or style.description
            if claim.cue:
                who = f"{who} ({claim.cue})"
            text = claim.display_text
            if len(text) > 160:  # the full claim is in the tooltip and the panes
                text = text[:157].rstrip() + "…"
            item = QListWidgetItem(f"{claim.rank}. {who}\n{text}")
            item.setIcon(kind_swatch(self._palette, claim.kind))
            item.setData(KEY_ROLE, claim.key)
            item.setToolTip(
                f"{style.description} ({style.pattern}) · check-worthiness {claim.score:.2f}\n\nБГ: {claim.text_bg}"
            )
            self.list.addItem(item)
            if claim.key == current:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not self._claims)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else None

    def select_claim(self, key: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item is not None and item.data(KEY_ROLE) == key:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return

    def click_claim(self, key: str) -> None:
        """Select the entry and act as if the user clicked it."""
        self.select_claim(key)
        self.claim_selected.emit(key)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        key = item.data(KEY_ROLE)
        if key:
            self.claim_selected.emit(str(key))


class ChecksPanel(QWidget):
    """Translation-check warnings, one entry per flag; clicking shows the sentence."""

    sentence_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flags: list[FlagView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("No warnings. Checks run once the article is translated.")
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

    @property
    def flags(self) -> list[FlagView]:
        return list(self._flags)

    def set_flags(self, flags: list[FlagView], *, translated: bool = True) -> None:
        self._flags = list(flags)
        self.list.clear()
        for flag in self._flags:
            item = QListWidgetItem(f"⚑ {flag.sentence_id} · {flag.kind.replace('_', ' ')}\n{flag.reason}")
            item.setData(KEY_ROLE, flag.sentence_id)
            item.setToolTip(f"{flag.reason}\n\nБГ: {flag.text_bg}\nEN: {flag.text_en}")
            self.list.addItem(item)
        self.empty.setText(
            "No warnings on this translation." if translated else "Checks run once the article is translated."
        )
        self.empty.setVisible(not self._flags)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        sid = item.data(KEY_ROLE)
        if sid:
            self.sentence_selected.emit(str(sid))
