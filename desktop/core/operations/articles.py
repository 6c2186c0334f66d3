"""Bringing articles into the library and reading one back to work on.

Every way an article arrives ends in the library, and an article that is
already there (same SHA-256 of its bytes and text) opens the stored copy,
with the work done on it, instead of a second copy: a file (.txt, .html,
.docx, .md in any supported encoding), pasted or dropped text, or a
colleague's ``.dragoman`` file. :func:`load_article` reads everything the
reading view shows, in one call, so a window can do it off its UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.document import Document
from desktop.core.errors import DocumentNotFound, DocumentPermissionDenied, DuplicateDocument
from desktop.core.translation import DocumentTranslation

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.library.store import Annotation, Library

#: The suffix of a colleague's annotated document (see :mod:`desktop.core.library.archive`).
ARCHIVE_SUFFIX = ".dragoman"


@dataclass(frozen=True)
class Imported:
    """An article in the library: its id, and whether it was there already (the stored copy)."""

    doc_id: int
    existed: bool
    title: str = ""
    sentences: int = 0


def open_file(library: Library, path: str | Path) -> Imported:
    """What File > Open does: an article file, or a colleague's ``.dragoman`` file, into the library."""
    if Path(path).suffix.lower() == ARCHIVE_SUFFIX:
        return import_archive(library, path)
    return import_file(library, path)


def import_file(
    library: Library, path: str | Path, *, language: str | None = None, allow_duplicate: bool = False
) -> Imported:
    """Read an article file (.txt, .html, .docx, .md) into the library.

    Raises the UnreadableDocument family for a file that cannot be read,
    naming it and why.
    """
    path = Path(path)
    from desktop.core.ingest.reader import read_document

    doc = read_document(path, language=language)
    try:
        original = path.read_bytes()  # kept for an exact export
    except FileNotFoundError as exc:
        raise DocumentNotFound(path, "no such file") from exc
    except PermissionError as exc:
        raise DocumentPermissionDenied(path, "may not be read (permission denied)") from exc
    return add_article(library, doc, original, allow_duplicate=allow_duplicate)


def import_text(library: Library, text: str, *, name: str = "clipboard", language: str | None = None) -> Imported:
    """Make an article of pasted or dropped text and add it to the library."""
    from desktop.core.ingest.reader import document_from_text

    return add_article(library, document_from_text(text, name=name, language=language))


def add_article(
    library: Library, doc: Document, original: bytes | None = None, *, allow_duplicate: bool = False
) -> Imported:
    """Add a document already read; the same article a second time gives the stored copy's id."""
    try:
        doc_id = library.add_document(doc, original, allow_duplicate=allow_duplicate)
    except DuplicateDocument as dup:
        return Imported(dup.existing_id, True, doc.title, len(doc.sentences))
    return Imported(doc_id, False, doc.title, len(doc.sentences))


def import_archive(library: Library, path: str | Path, *, allow_duplicate: bool = False) -> Imported:
    """Add a colleague's ``.dragoman`` file (in one transaction); the same article opens the stored copy."""
    from desktop.core.library.archive import import_document

    try:
        doc_id = import_document(library, Path(path), on_duplicate="new" if allow_duplicate else "error")
    except DuplicateDocument as dup:
        return Imported(dup.existing_id, True)
    doc = library.get_document(doc_id)
    return Imported(doc_id, False, doc.title, len(doc.sentences))


def export_archive(library: Library, doc_id: int, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a document with all the work on it to a ``.dragoman`` file; return its path."""
    from desktop.core.library.archive import export_document

    return Path(export_document(library, doc_id, Path(path), overwrite=overwrite))


@dataclass(frozen=True)
class OpenArticle:
    """Everything the reading view shows of one stored article."""

    doc_id: int
    document: Document
    translation: DocumentTranslation | None
    annotations: list[Annotation] = field(default_factory=list)
    analysis: Analysis | None = None  # the claims and checks stored last time
    brief: dict[str, Any] | None = None  # the latest brief's data, as the journalist left it

    @property
    def complete(self) -> bool:
        """Translated throughout, the headline included (an older article may lack its headline)."""
        t = self.translation
        return t is not None and t.is_complete(self.document) and t.has_headline_of(self.document)


def load_article(library: Library, doc_id: int) -> OpenArticle:
    """Read a stored article and the work on it. A translation with no sentence counts as none."""
    stored_brief = library.latest_brief(doc_id)
    translation = library.load_translation(doc_id)
    return OpenArticle(
        doc_id=doc_id,
        document=library.get_document(doc_id),
        translation=translation if translation is not None and translation.all_sentences else None,
        annotations=library.annotations(doc_id),
        analysis=stored_analysis(library, doc_id),
        brief=stored_brief.data if stored_brief is not None else None,
    )


def stored_analysis(library: Library, doc_id: int) -> Analysis | None:
    """The claims and flags saved with a document, as an Analysis (None when none or unreadable).

    It has no summary: the fresh analysis, which follows at once, brings it.
    """
    from desktop.core.analysis.checks import Flag
    from desktop.core.analysis.claims.finder import Claim
    from desktop.core.analysis.result import Analysis
    from desktop.core.analysis.summarize import Summary

    try:
        claims = [Claim.from_dict(d) for d in library.load_claims(doc_id)]
        flags = [Flag.from_dict(d) for d in library.load_flags(doc_id)]
    except (KeyError, TypeError, ValueError):  # written by another version: the fresh analysis fills in
        return None
    if not claims and not flags:
        return None
    return Analysis(claims=claims, summary=Summary(sentences=()), flags=flags)


def known_article(library: Library, doc_id: int | None) -> bool:
    """Whether the library (still) holds document ``doc_id``."""
    if doc_id is None:
        return False
    from desktop.core.errors import ItemNotFound

    try:
        library.get_document(doc_id)
    except ItemNotFound:
        return False
    return True
