"""Translation results as plain data, shared by the engine, analysis, library and GUI.

The engine (``desktop.core.translate``) produces :class:`TranslatedSentence`
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

from desktop.core.document import Document


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

    @property
    def final(self) -> str:
        """What the user sees: the post-edit when there is one, else the machine text."""
        return self.edited_text if self.edited_text is not None else self.text

    @property
    def edited(self) -> bool:
        return self.edited_text is not None


@dataclass(frozen=True)
class DocumentTranslation:
    """All translated sentences of a document (possibly partial, e.g. after cancel)."""

    sentences: tuple[TranslatedSentence, ...] = ()
    model: str = ""
    revision: str = ""
    backend: str = ""
    profile: str = ""
    by_id: dict[str, TranslatedSentence] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.sentences, key=lambda s: s.index))
        object.__setattr__(self, "sentences", ordered)
        object.__setattr__(self, "by_id", {s.sentence_id: s for s in ordered})

    def get(self, sentence_id: str) -> TranslatedSentence | None:
        return self.by_id.get(sentence_id)

    def text_for(self, sentence_id: str) -> str | None:
        """The final English of a sentence, or None when it is not translated (yet)."""
        t = self.by_id.get(sentence_id)
        return t.final if t is not None else None

    def is_complete(self, doc: Document) -> bool:
        return all(s.id in self.by_id for s in doc.iter_sentences())

    def merged(self, more: Iterable[TranslatedSentence]) -> DocumentTranslation:
        """A new translation with ``more`` added (replacing same ids)."""
        combined = dict(self.by_id)
        for t in more:
            combined[t.sentence_id] = t
        return replace(self, sentences=tuple(combined.values()))

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
