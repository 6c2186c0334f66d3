"""Word links between the panes, and the dotted underline under words the model was unsure of.

Hovering a word in either pane -- or selecting words -- lights the words it
was translated from or into in the other pane, from the word links the
translation carries (desktop.core.wordlinks: the decoder's attention, stored
with the translation). An edited sentence, or one translated before word
links existed, has none: the panes' own sentence link (the whole sentence
lit in both) is what the reader gets there.

The English pane also shows, with a light dotted underline, the words whose
probability was below :data:`~desktop.core.wordlinks.UNSURE_PROBABILITY`;
:data:`~desktop.core.wordlinks.UNSURE_LEGEND` says what that means, in the
legend under the pane.

Everything here draws through the panes' extra-selection layers
(:meth:`SentencePane.set_layer`), so it never touches the text's own
formatting (claims, notes, edits).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from desktop.core.document import Document
from desktop.core.translation import DocumentTranslation, EnglishLayout
from desktop.core.wordlinks import WordLinks, word_spans
from desktop.gui.widgets.panes import SentencePane

#: Pane layer names (SentencePane.set_layer).
LINK_LAYER = "word-links"
UNSURE_LAYER = "unsure-words"
#: The light that marks linked words: a warm tint that reads on light and dark themes.
LINK_COLOUR = QColor(255, 190, 40, 120)
UNSURE_COLOUR = QColor(128, 128, 128)


@dataclass(frozen=True)
class _Sentence:
    links: WordLinks
    bg: list[tuple[int, int] | None]  # each Bulgarian word's span in the Bulgarian pane
    en: list[tuple[int, int] | None]  # each English word's span in the English pane


class WordLinker(QObject):
    """Links the words of the two panes (see the module docstring)."""

    def __init__(self, bg_pane: SentencePane, en_pane: SentencePane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bg_pane = bg_pane
        self.en_pane = en_pane
        self._sentences: dict[str, _Sentence] = {}
        self._lit: tuple[str, str, tuple[int, ...]] | None = None  # (sentence, side, word indices)
        self._viewports: dict[int, SentencePane] = {}
        for pane in (bg_pane, en_pane):
            self._viewports[id(pane.viewport())] = pane
            pane.viewport().installEventFilter(self)
            pane.selectionChanged.connect(lambda p=pane: self._on_selection(p))

    def set_translation(
        self, doc: Document | None, translation: DocumentTranslation | None, layout: EnglishLayout | None
    ) -> None:
        """Take the links of what the panes now show (after every layout of the English)."""
        self._sentences = {}
        if doc is not None and translation is not None and layout is not None:
            for s in doc.iter_sentences():
                t = translation.get(s.id)
                links = t.word_links if t is not None else None
                where = layout.spans.get(s.id)
                if links is None or where is None:
                    continue
                bg = [
                    None if w is None else (s.start + w[0], s.start + w[1])
                    for w in word_spans(s.text, links.source_words)
                ]
                en = [
                    None if w is None else (where[0] + w[0], where[0] + w[1])
                    for w in word_spans(t.final, links.target_words)
                ]  # type: ignore[union-attr]
                self._sentences[s.id] = _Sentence(links, bg, en)
        self._paint_unsure()
        self.light(None)

    # --- what is lit ------------------------------------------------------------------

    def unsure_ranges(self) -> list[tuple[int, int]]:
        """Spans in the English pane of the words the model was unsure of."""
        out = []
        for s in self._sentences.values():
            out.extend(span for i in s.links.unsure() if (span := s.en[i]) is not None)
        return out

    def linked(
        self, side: str, sentence_id: str, words: tuple[int, ...]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(spans of ``words`` on ``side``, spans of the words linked to them in the other pane)."""
        s = self._sentences.get(sentence_id)
        if s is None:
            return [], []
        own_spans, other_spans = (s.bg, s.en) if side == "bg" else (s.en, s.bg)
        other: set[int] = set()
        for w in words:
            other.update(s.links.targets_of(w) if side == "bg" else s.links.sources_of(w))
        own = [span for w in words if 0 <= w < len(own_spans) and (span := own_spans[w]) is not None]
        return own, [span for w in sorted(other) if (span := other_spans[w]) is not None]

    def light(self, target: tuple[str, str, tuple[int, ...]] | None) -> None:
        """Light ``(sentence id, side, word indices)`` and the words linked to them; None clears."""
        if target == self._lit:
            return
        self._lit = target
        bg: list[tuple[int, int]] = []
        en: list[tuple[int, int]] = []
        if target is not None:
            sid, side, words = target
            own, other = self.linked(side, sid, words)
            bg, en = (own, other) if side == "bg" else (other, own)
        for pane, spans in ((self.bg_pane, bg), (self.en_pane, en)):
            fmt = QTextCharFormat()
            fmt.setBackground(LINK_COLOUR)
            pane.set_layer(LINK_LAYER, [_selection(pane, a, b, fmt) for a, b in spans])

    def word_at(self, pane: SentencePane, offset: int) -> tuple[str, int] | None:
        """(sentence id, word index) of the linked word at ``offset`` in ``pane``, or None."""
        sid = pane.sentence_at(offset) if offset >= 0 else ""
        s = self._sentences.get(sid)
        if s is None:
            return None
        for i, span in enumerate(s.bg if pane is self.bg_pane else s.en):
            if span is not None and span[0] <= offset < span[1]:
                return sid, i
        return None

    # --- events ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseMove, QEvent.Type.Leave):
            return False
        pane = self._viewports.get(id(watched))
        if pane is None:
            return False
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if not pane.textCursor().hasSelection():
                found = self.word_at(pane, pane.offset_at_point(event.position().toPoint()))
                self.light((found[0], pane.side, (found[1],)) if found is not None else None)
        elif kind == QEvent.Type.Leave and not pane.textCursor().hasSelection():
            self.light(None)
        return False

    def _on_selection(self, pane: SentencePane) -> None:
        chosen = pane.selected_range()
        if chosen is None:
            return
        start, end = chosen
        sid = pane.sentence_at(start)
        s = self._sentences.get(sid)
        if s is None:
            self.light(None)
            return
        spans = s.bg if pane is self.bg_pane else s.en
        words = tuple(i for i, sp in enumerate(spans) if sp is not None and sp[0] < end and sp[1] > start)
        self.light((sid, pane.side, words) if words else None)

    def _paint_unsure(self) -> None:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(UNSURE_COLOUR)
        self.en_pane.set_layer(
            UNSURE_LAYER, [_selection(self.en_pane, a, b, fmt) for a, b in self.unsure_ranges()]
        )


def _selection(pane: SentencePane, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = pane.cursor_for_range(start, end)
    selection.format = fmt
    return selection
