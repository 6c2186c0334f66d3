"""Word links between the panes and the dotted underline under unsure words, as a reader sees them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtTest import QTest

from desktop.core.document import Document, build_paragraphs
from desktop.core.translation import DocumentTranslation, TranslatedSentence, english_layout
from desktop.core.wordlinks import WordLinks
from desktop.gui.widgets.reading import ReadingView
from desktop.gui.widgets.word_links import LINK_COLOUR, LINK_LAYER, UNSURE_LAYER

BG = "Кметът на Пловдив говори днес. Министърът мълчи."
EN_1 = "The mayor of Plovdiv speaks today."
EN_2 = "The minister is silent."
LINKS_1 = WordLinks(
    ("Кметът", "на", "Пловдив", "говори", "днес."),
    ("The", "mayor", "of", "Plovdiv", "speaks", "today."),
    ((0,), (0,), (1,), (2,), (3,), (4,)),
    (0.95, 0.9, 0.97, 0.3, 0.8, 0.99),  # "Plovdiv" was unsure
)
LINKS_2 = WordLinks(("Министърът", "мълчи."), ("The", "minister", "is", "silent."), ((0,), (0,), (1,), (1,)), (0.9,) * 4)


def _article(*, edited: bool = False) -> tuple[Document, DocumentTranslation]:
    cut = BG.index("Министърът")
    doc = Document(title="T", language="bg", text=BG, paragraphs=build_paragraphs(BG, [[(0, cut - 1), (cut, len(BG))]]))
    first, second = doc.sentences
    return doc, DocumentTranslation(
        sentences=(
            TranslatedSentence(first.id, 0, first.text, EN_1, -0.2, links=LINKS_1),
            TranslatedSentence(second.id, 1, second.text, EN_2, -0.2, links=LINKS_2,
                               edited_text="The minister says nothing." if edited else None),
        )  # fmt: skip
    )


def _view(qtbot: Any, *, edited: bool = False) -> tuple[ReadingView, Document, DocumentTranslation]:
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(1000, 500)
    with qtbot.waitExposed(view):
        view.show()
    doc, tr = _article(edited=edited)
    layout = english_layout(doc, tr)
    view.bg_pane.set_content(doc.text, {s.id: (s.start, s.end) for s in doc.sentences})
    view.en_pane.set_content(layout.text, layout.spans)
    view.word_links.set_translation(doc, tr, layout)
    qtbot.wait(10)  # let the panes lay the text out
    return view, doc, tr


def _hover(pane: Any, offset: int) -> None:
    rect = pane.cursorRect(pane.cursor_for_range(offset, offset))
    QTest.mouseMove(pane.viewport(), QPoint(rect.center().x() + 3, rect.center().y()))


def _lit(pane: Any, layer: str) -> list[str]:
    """The text under the extra selections of ``layer`` (what the reader sees lit or underlined)."""
    out = []
    for sel in pane.extraSelections():
        fmt: QTextCharFormat = sel.format
        unsure = fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
        linked = fmt.background().style() != Qt.BrushStyle.NoBrush and fmt.background().color() == LINK_COLOUR
        if (unsure if layer == UNSURE_LAYER else linked):
            out.append(sel.cursor.selectedText())
    return out


def test_hovering_a_bulgarian_word_lights_the_english_words_it_became(qtbot: Any) -> None:
    view, _doc, _tr = _view(qtbot)
    _hover(view.bg_pane, BG.index("Кметът") + 2)
    assert _lit(view.en_pane, LINK_LAYER) == ["The", "mayor"]
    assert _lit(view.bg_pane, LINK_LAYER) == ["Кметът"]
    _hover(view.bg_pane, BG.index("Пловдив") + 2)
    assert _lit(view.en_pane, LINK_LAYER) == ["Plovdiv"]


def test_hovering_an_english_word_lights_its_bulgarian_source(qtbot: Any) -> None:
    view, _doc, _tr = _view(qtbot)
    text = view.en_pane.text
    _hover(view.en_pane, text.index("silent") + 2)
    assert _lit(view.bg_pane, LINK_LAYER) == ["мълчи."]


def test_selecting_english_words_lights_their_sources(qtbot: Any) -> None:
    view, _doc, _tr = _view(qtbot)
    text = view.en_pane.text
    view.en_pane.select_range(text.index("of"), text.index("speaks") + 2, reveal=False)
    assert _lit(view.bg_pane, LINK_LAYER) == ["на", "Пловдив", "говори"]


def test_unsure_words_carry_a_dotted_underline_and_the_legend_says_what_it_means(qtbot: Any) -> None:
    view, _doc, _tr = _view(qtbot)
    assert _lit(view.en_pane, UNSURE_LAYER) == ["Plovdiv"]
    assert _lit(view.bg_pane, UNSURE_LAYER) == []


def test_an_edited_sentence_falls_back_to_the_sentence_link(qtbot: Any) -> None:
    view, _doc, _tr = _view(qtbot, edited=True)
    text = view.en_pane.text
    _hover(view.en_pane, text.index("nothing") + 2)
    assert _lit(view.bg_pane, LINK_LAYER) == []  # no word links: no word is lit...
    assert view.en_pane.hovered == "p1s2"  # ...the sentence is (the controller lights it in both panes)


def test_in_the_window_a_translated_article_has_word_links_and_the_legend(
    qtbot: Any, window: Any, recorder: Any, sample_path: Any, with_model: Any
) -> None:
    from tests.gui.conftest import wait_idle

    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    assert recorder.errors == []
    doc, tr = window.doc, window.translation
    first = doc.sentences[0]
    links = tr.get(first.id).word_links
    assert links is not None  # computed with the translation, kept through the library
    # The tiny random model is unsure of everything: the words are underlined and the legend says why.
    assert window.reading.unsure_legend.isVisible()
    assert "check them against the Bulgarian" in window.reading.unsure_legend.text()
    assert len(_lit(window.reading.en_pane, UNSURE_LAYER)) >= len(links.target_words)
    # Hover the first Bulgarian word that the model linked to some English word.
    word = next(i for i in range(len(links.source_words)) if links.targets_of(i))
    bg = window.reading.bg_pane
    _hover(bg, bg.text.index(links.source_words[word], first.start) + 1)
    expected = [links.target_words[i] for i in links.targets_of(word)]
    assert _lit(window.reading.en_pane, LINK_LAYER) == expected
