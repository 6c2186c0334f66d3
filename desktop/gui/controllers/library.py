"""The library: opening it off the UI thread, the sidebar's list and search, deleting an article, importing a folder.

Every library call runs on the database lane. The library is opened there
first thing, so whatever is asked later waits in the lane, not in the UI
thread: a library locked by another Dragoman makes the sidebar say so and
then a message explain it, while the window keeps answering. Search results
come back in the order typed; a search overtaken by the next keystroke is
not shown.

File > Import folder… runs the batch of ``dragoman batch`` (:mod:`desktop.core.batch`)
as one job in the pool, on its own connection to the library file (so the
database lane stays free for the sidebar); the status bar shows its
progress and the sidebar is listed again as each article is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import LibraryError
from desktop.gui.controllers.base import Article, Controller

if TYPE_CHECKING:
    from desktop.core.batch.sweep import BatchReport
    from desktop.core.jobs import CancelToken, Progress
    from desktop.core.library.store import Library
    from desktop.core.operations.library import ArticleSearch, DeskLibrary, Listing
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.widgets.library_sidebar import LibrarySidebar


class LibraryController(Controller):
    """Owns the library object and the sidebar (see the module docstring)."""

    opened = Signal()  # the library is open (or a temporary one stands in for it)
    document_chosen = Signal(int, str)  # doc id, sentence to show ("" for none)
    document_deleted = Signal(int)

    #: How many documents the sidebar lists (the newest); older ones are found by search.
    LIST_LIMIT = 500
    #: Matching passages a search looks at (grouped by article in the sidebar).
    SEARCH_LIMIT = 300

    def __init__(
        self,
        sidebar: LibrarySidebar,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.sidebar = sidebar
        #: Replaceable in tests: how long a library call waits for another process's write.
        self.busy_timeout: float | None = None
        self._library: Library | None = None
        self._opened = threading.Event()
        self._started = False
        self._search_running = False
        self._search_next: str | None = None
        self._titles: dict[int, str] = {}
        self._batch_stored = 0  # articles the running folder import has stored
        sidebar.document_chosen.connect(self.document_chosen)
        sidebar.delete_requested.connect(self.delete_document)
        sidebar.search_changed.connect(self._on_sidebar_search_changed)
        sidebar.order_changed.connect(lambda _order: self.refresh())
        runner.add_pending(lambda: self._started and not self._opened.is_set())

    # --- opening ------------------------------------------------------------------------

    @property
    def library(self) -> Library | None:
        """The open library, or None until it is open (and after close)."""
        return self._library

    @property
    def is_open(self) -> bool:
        return self._opened.is_set() and self._library is not None

    def start(self) -> None:
        """Open the library on the database lane (once); later library jobs queue behind it."""
        if self._started:
            return
        self._started = True
        self.sidebar.status.setText("Opening the library…")
        timeout = self.busy_timeout

        def open_it() -> DeskLibrary:
            from desktop.core.operations.library import BUSY_TIMEOUT_S, open_desk_library

            try:
                desk = open_desk_library(busy_timeout=timeout if timeout is not None else BUSY_TIMEOUT_S)
            finally:
                self._opened.set()
            self._library = desk.library  # set here, in the lane: the next lane job may use it
            return desk

        self.runner.call("library", open_it, finished=self._on_opened, failed=self._on_open_failed, lane=True)

    def _on_opened(self, desk: DeskLibrary) -> None:
        library = desk.library
        if desk.problem is not None:
            self.dialogs.error("The library could not be opened", desk.problem)
        elif library.message:
            self.say(library.message, 15000)
        self.refresh()
        self.opened.emit()

    def _on_open_failed(self, exc: BaseException) -> None:
        self.sidebar.status.setText("No library")
        self.runner.report_failure("The library could not be opened", exc)

    def on_library(
        self,
        role: str,
        fn: Callable[[Library], Any],
        *,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``fn(library)`` on the database lane (opening the library first if need be)."""
        self.start()

        def with_library() -> Any:
            library = self._library
            if library is None:
                raise LibraryError("The library is not open")
            return fn(library)

        self.runner.call(role, with_library, finished=finished, failed=failed, lane=True)

    def close(self) -> None:
        """Close the library (after every job has ended)."""
        if self._library is not None:
            self._library.close()
            self._library = None

    # --- the list and search ----------------------------------------------------------

    def refresh(self) -> None:
        """List the newest documents again (or run the search again when one is typed)."""
        if not self._started:
            return
        query = self.sidebar.query
        if query:
            self._search(query)
            return
        from desktop.core.operations.library import list_articles

        limit, order = self.LIST_LIMIT, self.sidebar.order
        self.on_library("list", lambda lib: list_articles(lib, limit=limit, order=order), finished=self._on_listed)

    def _on_listed(self, listing: Listing) -> None:
        if self.sidebar.query:
            return  # a search was typed meanwhile: its results are on their way
        self._titles = {d.id: d.title for d in listing.documents}
        self.sidebar.set_documents(listing.documents, more=listing.more)
        self.sidebar.set_current(self.article.doc_id)

    def _on_sidebar_search_changed(self, query: str) -> None:
        if query:
            self._search(query)
        else:
            self.refresh()

    def _search(self, query: str) -> None:
        if self._search_running:
            self._search_next = query  # run once the one in flight is back; skip those in between
            return
        from desktop.core.operations.library import search_articles

        self._search_running = True
        limit = self.SEARCH_LIMIT
        self.on_library(
            "search",
            lambda lib: search_articles(lib, query, limit=limit),
            finished=lambda hits: self._on_searched(query, hits),
            failed=self._on_search_failed,
        )

    def _on_searched(self, query: str, hits: ArticleSearch) -> None:
        self._search_running = False
        if self._search_next is not None:
            query_next, self._search_next = self._search_next, None
            self._on_sidebar_search_changed(query_next)
            return
        if query != self.sidebar.query:
            return  # the field changed meanwhile
        self.sidebar.set_search_results(query, hits)

    def _on_search_failed(self, exc: BaseException) -> None:
        self._search_running = False
        self.say(str(exc), 8000)
        if self._search_next is not None:
            query_next, self._search_next = self._search_next, None
            self._on_sidebar_search_changed(query_next)

    # --- deleting -----------------------------------------------------------------------

    def delete_document(self, doc_id: int) -> None:
        """Ask, then delete a document and everything attached to it."""
        title = self._titles.get(doc_id) or (
            self.article.doc.title if self.article.shows(doc_id) and self.article.doc else f"#{doc_id}"
        )
        if not self.dialogs.confirm(
            "Delete from library",
            f"Delete “{title}” from the library, with its translation, edits, notes and briefs?\n\n"
            "This cannot be undone.",
        ):
            return
        from desktop.core.operations.library import delete_article

        if self.article.shows(doc_id):
            self.document_deleted.emit(doc_id)  # the window stops its work and closes it first
        self.on_library(
            "delete",
            lambda lib: delete_article(lib, doc_id),
            finished=lambda _r: self.refresh(),
            failed=lambda exc: (self.runner.report_failure("Could not delete", exc), self.refresh()),
        )

    # --- importing a folder (the batch) ----------------------------------------------------

    def import_folder(self, folder: str, *, model: str | None = None, profile: str = "fast") -> None:
        """Translate, analyse and store every article under ``folder``, as ``dragoman batch`` does."""
        if self.runner.running("batch"):
            self.say("A folder is being imported already; it goes on in the background.", 5000)
            return
        from desktop.core.batch.sweep import BatchOptions, batch_job

        options = BatchOptions(model=model, profile=profile)
        self.say(f"Importing {folder}…")

        def start_job(path: Path) -> None:
            def job(token: CancelToken) -> Any:
                from desktop.core.library.store import Library

                with Library(path) as own:  # its own connection: the lane stays free for the sidebar
                    return (yield from batch_job(own, [folder], options, cancel=token))

            self._batch_stored = 0
            self.runner.job(
                "batch",
                job,
                progressed=self._on_batch_progress,
                finished=self._on_batch_finished,
                cancelled=self._on_batch_cancelled,
            )

        # The library's path once it is open (the lane opens it first when need be).
        self.on_library("batch-start", lambda lib: lib.path, finished=start_job)

    def _on_batch_progress(self, event: Progress) -> None:
        self.say(f"Importing: {event.done}/{event.total} · {event.message}")
        if event.payload:  # an article was stored: show it
            self._batch_stored += 1
            self.refresh()

    def _on_batch_cancelled(self) -> None:
        """Cancel: every article already stored stays, and importing the folder again resumes."""
        self.say(f"Import stopped: {self._batch_stored} articles stored. Import the folder again to do the rest.", 0)
        self.refresh()

    def _on_batch_finished(self, report: BatchReport) -> None:
        bad = f", {len(report.bad)} could not be read" if report.bad else ""
        skipped = f", {len(report.skipped)} done before" if report.skipped else ""
        # A cancelled import ends in :meth:`_on_batch_cancelled` (the worker stops at the next event).
        self.say(f"Imported {len(report.done)} articles{skipped}{bad}.", 15000)
        if report.bad:
            lines = "\n".join(b.line() for b in report.bad[:20])
            more = f"\n… and {len(report.bad) - 20} more" if len(report.bad) > 20 else ""
            self.dialogs.error("Some files could not be read", lines + more)
        self.refresh()
