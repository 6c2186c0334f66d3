"""Synchronised scrolling: the twin pane follows, sentence by sentence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desktop.gui.widgets.panes import SentencePane


class PaneSync:
    """Keeps two panes aligned by sentence while either is scrolled."""

    def __init__(self, left: SentencePane, right: SentencePane) -> None:
        self.left = left
        self.right = right
        self.order: list[str] = []  # document order of sentence ids
        self.enabled = True
        self._busy = False
        left.scrolled.connect(lambda: self._follow(left, right))
        right.scrolled.connect(lambda: self._follow(right, left))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Scroll one pane without the other following (a click shows the twin; the pane read stays put)."""
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    def _follow(self, source: SentencePane, target: SentencePane) -> None:
        if self._busy or not self.enabled:
            return
        self._busy = True
        try:
            bar = source.verticalScrollBar()
            if bar.value() <= bar.minimum():
                target.verticalScrollBar().setValue(0)
            elif bar.value() >= bar.maximum():
                target.verticalScrollBar().setValue(target.verticalScrollBar().maximum())
            else:
                anchor = source.top_anchor()
                if anchor is not None:
                    target.align_to(anchor[0], anchor[1], self.order)
        finally:
            self._busy = False
