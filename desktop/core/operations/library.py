"""Opening the desk library, listing and searching it, deleting from it.

The library's location is :func:`desktop.core.paths.library_path`. The app
must always have a library to save into, so :func:`open_desk_library` falls
back to a temporary one (and says why) when the desk's cannot be opened; the
CLI opens exactly the one it was given and reports failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import LibraryError

if TYPE_CHECKING:
    from desktop.core.library.search import SearchHit
    from desktop.core.library.store import DocumentSummary, Library

#: How long a library call waits for another process's write before saying the library is busy.
BUSY_TIMEOUT_S = 5.0


def open_library(path: str | Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S) -> Library:
    """The library at ``path`` (default: the desk's). Raises LibraryError (LibraryLocked when busy)."""
    from desktop.core.library.store import Library

    return Library(path, busy_timeout=busy_timeout)


@dataclass(frozen=True)
class DeskLibrary:
    """The library the app works in, and why it is a temporary one when it is."""

    library: Library
    problem: str | None = None  # one paragraph for the user when the desk's library could not be opened


def open_desk_library(path: str | Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S) -> DeskLibrary:
    """The desk's library or, when it cannot be opened, a temporary one and the reason.

    Nothing the user does is then lost on the spot: work goes into the
    temporary library, whose path the reason names (it is also the
    library's ``message``). A damaged library file is moved aside and a
    fresh one opened, with its own ``message`` but no problem.
    """
    try:
        return DeskLibrary(open_library(path, busy_timeout=busy_timeout))
    except LibraryError as exc:
        import tempfile

        fallback = Path(tempfile.mkdtemp(prefix="dragoman-")) / "library.sqlite"
        library = open_library(fallback, busy_timeout=busy_timeout)
        library.message = f"{exc} Working in a temporary library at {fallback} for now."
        return DeskLibrary(library, library.message)


@dataclass(frozen=True)
class Listing:
    """The newest documents, and whether the library holds more than were listed."""

    documents: tuple[DocumentSummary, ...]
    more: bool = False


def list_articles(library: Library, *, limit: int | None = None, order: str = "recent") -> Listing:
    """The documents, most recently worked on first (at most ``limit``).

    ``order="checkworthy"`` puts the article with the most check-worthy claim first (the batch ranking).
    """
    if limit is None:
        return Listing(tuple(library.list_documents(order=order)))
    found = library.list_documents(limit=limit + 1, order=order)
    return Listing(tuple(found[:limit]), more=len(found) > limit)


def search_library(library: Library, query: str, *, limit: int = 50, relevance: bool = False) -> list[SearchHit]:
    """Hits for ``query`` in both languages, notes and titles; newest first unless ``relevance``.

    An empty query finds nothing (listing is :func:`list_articles`).
    """
    if not query.strip():
        return []
    return library.search(query, limit=limit, order="relevance" if relevance else "recent")


#: Matching passages shown beneath an article's title; the count says how many more there are.
SNIPPETS_PER_ARTICLE = 3


@dataclass(frozen=True)
class ArticleMatches:
    """One article that matched a search: its title, how many passages matched, the first few."""

    doc_id: int
    title: str
    count: int  # matching passages found in this article
    hits: tuple[SearchHit, ...]  # the first :data:`SNIPPETS_PER_ARTICLE`, in the search's order


@dataclass(frozen=True)
class ArticleSearch:
    """A search grouped by article; ``capped``: the search stopped at its limit, so counts are at least these."""

    articles: tuple[ArticleMatches, ...]
    capped: bool = False

    @property
    def matches(self) -> int:
        return sum(a.count for a in self.articles)


def group_by_article(hits: list[SearchHit], *, capped: bool = False,
                     snippets: int = SNIPPETS_PER_ARTICLE) -> ArticleSearch:
    """One entry per article, in the order its first hit came, with a count and its first ``snippets`` hits.

    A common word matches dozens of sentences in one article; listed one per
    row, each repeating the title, they bury every other article.
    """
    order: dict[int, list[SearchHit]] = {}
    for hit in hits:
        order.setdefault(hit.doc_id, []).append(hit)
    articles = tuple(
        ArticleMatches(doc_id, found[0].title, len(found), tuple(found[:snippets]))
        for doc_id, found in order.items()
    )
    return ArticleSearch(articles, capped)


def search_articles(library: Library, query: str, *, limit: int = 300) -> ArticleSearch:
    """:func:`search_library` grouped by article (at most ``limit`` passages are looked at)."""
    hits = search_library(library, query, limit=limit)
    return group_by_article(hits, capped=len(hits) >= limit)


def delete_article(library: Library, doc_id: int) -> None:
    """Delete a document with its translation, edits, notes, claims and briefs."""
    library.delete_document(doc_id)
