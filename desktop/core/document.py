"""The document model every other stage points into.

A :class:`Document` holds the normalised text of one article; its
:class:`Paragraph` and :class:`Sentence` objects carry character offsets into
that text (``text[start:end]``), so highlights, claims, annotations and brief
lines can all point at the same characters in every layer of the app.

Sentence ids are ``"p{paragraph}s{sentence}"`` (both 1-based, sentence counted
within its paragraph): stable for a given text and segmentation, short enough
to show in a brief, and meaningful to a person reading a stored record.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property


@dataclass(frozen=True)
class Sentence:
    """One sentence: its id, place and the exact characters it covers."""

    id: str
    index: int  # 0-based position in the whole document
    paragraph: int  # 0-based paragraph index
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A block of text separated from the next by a blank line."""

    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class SourceMeta:
    """Where a document came from, as far as we know it."""

    name: str = ""  # file name, "clipboard", or a user-given label
    path: str | None = None
    format: str = "txt"  # txt, html, docx, md, paste, dragoman
    encoding: str | None = None  # detected encoding of a text file
    sha256: str | None = None  # of the original bytes, to recognise re-imports
    url: str | None = None
    date: str | None = None  # ISO date when the source states one
    author: str | None = None


@dataclass(frozen=True)
class Document:
    """A normalised article: title, language, text and (once segmented) structure.

    ``text`` is the body only; a title taken from the first line is not part of
    it, so offsets never shift when the title is edited.
    """

    title: str
    language: str
    text: str
    meta: SourceMeta = field(default_factory=SourceMeta)
    paragraphs: tuple[Paragraph, ...] = ()

    # Lookups are indexed once per document (cached on the instance; a frozen
    # dataclass's fields never change), so analysing a 5 MB text with tens of
    # thousands of sentences stays linear instead of scanning on every lookup.

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """All sentences in document order (empty until segmented)."""
        return tuple(s for p in self.paragraphs for s in p.sentences)

    def iter_sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences

    @cached_property
    def _sentence_by_id(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.sentences}

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence(self, sentence_id: str) -> Sentence:
        """Look up a sentence by id; KeyError names the id when absent."""
        try:
            return self._sentence_by_id[sentence_id]
        except KeyError:
            raise KeyError(sentence_id) from None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence covering character ``offset``, or None (e.g. whitespace)."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0:
            s = self.sentences[i]
            if s.start <= offset < s.end:
                return s
        return None

    def with_paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> Document:
        return replace(self, paragraphs=paragraphs)


def sentence_id(paragraph: int, sentence_in_paragraph: int) -> str:
    """The stable id of a sentence from 0-based paragraph and in-paragraph indexes."""
    return f"p{paragraph + 1}s{sentence_in_paragraph + 1}"


def build_paragraphs(text: str, spans: list[list[tuple[int, int]]]) -> tuple[Paragraph, ...]:
    """Make paragraphs from per-paragraph lists of (start, end) sentence spans.

    Empty paragraphs are dropped; ids and global indexes are assigned here so
    that every segmenter produces the same id scheme.
    """
    paragraphs: list[Paragraph] = []
    index = 0
    for para_spans in spans:
        if not para_spans:
            continue
        p_index = len(paragraphs)
        sentences = []
        for k, (start, end) in enumerate(para_spans):
            sentences.append(
                Sentence(
                    id=sentence_id(p_index, k),
                    index=index,
                    paragraph=p_index,
                    start=start,
                    end=end,
                    text=text[start:end],
                )
            )
            index += 1
        paragraphs.append(
            Paragraph(index=p_index, start=para_spans[0][0], end=para_spans[-1][1], sentences=tuple(sentences))
        )
    return tuple(paragraphs)


#: How many words of the first line make a stand-in title when there is none.
FALLBACK_TITLE_WORDS = 10


def fallback_title(body: str) -> str:
    """A stand-in title from the first words of the body (ends in "…" when cut).

    Used when the article has no headline line, so that the library and the
    brief still show something a person recognises rather than an empty name.
    """
    words = body.split("\n", 1)[0].split()
    if len(words) <= FALLBACK_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:FALLBACK_TITLE_WORDS]).rstrip(",;:—–-") + "…"
