"""Translation results as plain data, shared by the engine, analysis, library and GUI.

The engine (``desktop.core.translate.job``) produces :class:`TranslatedSentence`
objects batch by batch; :class:`DocumentTranslation` gathers them in document
order. A journalist's post-edit is kept beside the machine text
(``edited_text``) and always wins in what the user sees (:attr:`final`).

:func:`english_layout` lays the English sentences out as one text with the
source's paragraph structure, and returns each sentence's offsets in it, so
the English pane, the HTML brief and claim highlighting share one geometry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from desktop.core.document import Document, fallback_title
from desktop.core.wordlinks import WordLinks

#: The sentence id of the headline's translation. The title is not part of the
#: document's text (its sentences are ``p1s1``...), yet it is the first thing a
#: reader sees and the heading of the English brief, so it is translated too --
#: first, before the body.
TITLE_ID = "title"
#: Its ``index``: before every sentence of the body.
TITLE_INDEX = -1


def headline_of(doc: Document) -> str | None:
    """The article's headline to translate, or None when it has none.

    A document without a headline line gets a stand-in title from its first
    words (:func:`~desktop.core.document.fallback_title`); that is the start
    of the lead sentence, not a headline, and is not translated.
    """
    title = doc.title.strip()
    if not title or title == fallback_title(doc.text):
        return None
    return title


@dataclass(frozen=True)
class TranslatedSentence:
    """The English for one source sentence, with where it came from."""

    sentence_id: str
    index: int
    source: str
    text: str  # machine translation
    score: float | None = None  # mean log-probability per target token (<= 0)
    model: str = ""
    revision: str = ""
    backend: str = ""
    profile: str = ""
    cached: bool = False  # served from the translation memory
    edited_text: str | None = None  # the journalist's correction, if any
    #: Word links and word confidence of the machine text, from the decoding pass (None when unknown).
    links: WordLinks | None = field(default=None, compare=False)

    @property
    def final(self) -> str:
        """What the user sees: the post-edit when there is one, else the machine text."""
        return self.edited_text if self.edited_text is not None else self.text

    @property
    def edited(self) -> bool:
        return self.edited_text is not None

    @property
    def word_links(self) -> WordLinks | None:
        """The links of what the user sees: None for an edited sentence (its words are no longer the model's)."""
        return None if self.edited else self.links


@dataclass(frozen=True)
class DocumentTranslation:
    """All translated sentences of a document (possibly partial, e.g. after cancel).

    ``sentences`` are the body's, in document order; the headline's
    translation, when there is one, is ``title`` (id :data:`TITLE_ID`). A
    headline passed among ``sentences`` is moved to ``title``, so the engine,
    the library and archives can hand over one flat list (:attr:`all_sentences`).
    """

    sentences: tuple[TranslatedSentence, ...] = ()
    model: str = ""
    revision: str = ""
    backend: str = ""
    profile: str = ""
    title: TranslatedSentence | None = None
    by_id: dict[str, TranslatedSentence] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        title = self.title
        body = []
        for s in self.sentences:
            if s.sentence_id == TITLE_ID:
                title = s
            else:
                body.append(s)
        ordered = tuple(sorted(body, key=lambda s: s.index))
        object.__setattr__(self, "sentences", ordered)
        object.__setattr__(self, "title", title)
        by_id = {s.sentence_id: s for s in ordered}
        if title is not None:
            by_id[TITLE_ID] = title
        object.__setattr__(self, "by_id", by_id)

    @property
    def all_sentences(self) -> tuple[TranslatedSentence, ...]:
        """The headline (if translated) and the body: what the library and archives store."""
        return ((self.title,) if self.title is not None else ()) + self.sentences

    @property
    def title_text(self) -> str | None:
        """The English headline as the user sees it (post-edit wins), or None."""
        return self.title.final if self.title is not None else None

    def get(self, sentence_id: str) -> TranslatedSentence | None:
        return self.by_id.get(sentence_id)

    def text_for(self, sentence_id: str) -> str | None:
        """The final English of a sentence, or None when it is not translated (yet)."""
        t = self.by_id.get(sentence_id)
        return t.final if t is not None else None

    def is_complete(self, doc: Document) -> bool:
        return all(s.id in self.by_id for s in doc.iter_sentences())

    def has_headline_of(self, doc: Document) -> bool:
        """Whether the headline of ``doc`` is translated -- or it has none to translate (:func:`headline_of`)."""
        return self.title is not None or headline_of(doc) is None

    def merged(self, more: Iterable[TranslatedSentence]) -> DocumentTranslation:
        """A new translation with ``more`` added (replacing same ids, the headline included)."""
        combined = dict(self.by_id)
        for t in more:
            combined[t.sentence_id] = t
        return replace(self, sentences=tuple(combined.values()), title=None)

    def with_edit(self, sentence_id: str, edited_text: str | None) -> DocumentTranslation:
        """A new translation where one sentence carries the user's post-edit."""
        current = self.by_id[sentence_id]
        return self.merged([replace(current, edited_text=edited_text)])


@dataclass(frozen=True)
class EnglishLayout:
    """The English side as one text, with each sentence's span in it."""

    text: str
    spans: dict[str, tuple[int, int]]  # sentence id -> (start, end) in ``text``


def english_layout(doc: Document, translation: DocumentTranslation, *, missing: str = "") -> EnglishLayout:
    """Join translated sentences with single spaces, paragraphs with a blank line.

    Sentences without a translation are rendered as ``missing`` (empty by
    default, so they take no space) and get no span.
    """
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    for p_i, paragraph in enumerate(doc.paragraphs):
        if p_i > 0:
            parts.append("\n\n")
            pos += 2
        first = True
        for s in paragraph.sentences:
            en = translation.text_for(s.id)
            piece = en if en is not None else missing
            if not piece:
                continue
            if not first:
                parts.append(" ")
                pos += 1
            first = False
            parts.append(piece)
            if en is not None:
                spans[s.id] = (pos, pos + len(piece))
            pos += len(piece)
    return EnglishLayout(text="".join(parts), spans=spans)
