"""Opening an article and showing it: the Bulgarian pane, the English laid out beside it, the headline.

Files, pasted or dropped text and ``.dragoman`` files all go into the
library first (on the database lane), then the stored article is read back
there and shown; so what is on screen is what the library holds. The
English pane is laid out again whenever the translation changes
(:meth:`DocumentController.show_english`); claims and annotations repaint
their marks on :attr:`~DocumentController.english_laid_out`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.core.translation import english_layout
from desktop.gui.controllers.base import Article, Controller

if TYPE_CHECKING:
    from desktop.core.document import Document
    from desktop.core.operations.articles import Imported, OpenArticle
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.controllers.library import LibraryController
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.settings import AppSettings
    from desktop.gui.widgets.panes import SentencePane
    from desktop.gui.widgets.reading import ReadingView

ARTICLE_FILTERS = "Articles (*.txt *.html *.htm *.docx *.md *.markdown *.dragoman);;All files (*)"


class DocumentController(Controller):
    """Which article is open, and the two panes that show it."""

    switching = Signal()  # another article is about to open: stop the work on this one
    opened = Signal(object)  # OpenArticle, once both panes show it
    closed = Signal()
    open_failed = Signal(str, object)  # the file, the exception (after the user was told)
    english_laid_out = Signal(object, object)  # the previous EnglishLayout (or None), the new one (or None)
    title_changed = Signal(str)

    def __init__(
        self,
        view: ReadingView,
        library: LibraryController,
        settings: AppSettings,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.view = view
        self.library = library
        self.settings = settings
        for pane in view.panes:
            pane.sentence_hovered.connect(self._on_pane_sentence_hovered)
            pane.sentence_clicked.connect(lambda sid, p=pane: self._on_pane_sentence_clicked(p, sid))
        library.document_chosen.connect(self._on_library_document_chosen)

    # --- bringing articles in ---------------------------------------------------------

    def open_dialog(self) -> None:
        recent = self.settings.recent_files
        start = str(Path(recent[0]).parent) if recent else str(Path.home())
        path = self.dialogs.ask_open_path("Open an article", start, ARTICLE_FILTERS)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Import a file (or a ``.dragoman`` file) and show it; a file already in the library opens its copy."""
        from desktop.core.operations.articles import open_file

        name = Path(path).name
        self.say(f"Opening {name}…")

        def done(imported: Imported) -> None:
            if not path.endswith(".dragoman"):
                self.settings.add_recent_file(str(Path(path).resolve()))
            self.open_document(imported.doc_id)
            if imported.existed:
                self.say(f"{name} is already in the library: opened the saved copy with your work.", 8000)
            else:
                self.say(f"Opened {name}", 4000)

        def failed(exc: BaseException) -> None:
            self.say("", 1)
            self.runner.report_failure(f"Could not open {name}", exc)
            self.open_failed.emit(path, exc)

        self.library.on_library("open", lambda lib: open_file(lib, path), finished=done, failed=failed)

    def paste_article(self) -> None:
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text() if clipboard is not None else ""
        if not text.strip():
            self.dialogs.error("Nothing to paste", "The clipboard holds no text. Copy an article first.")
            return
        self.import_text(text, name="clipboard")

    def import_text(self, text: str, *, name: str) -> None:
        """Make an article of pasted or dropped text, store it and show it."""
        from desktop.core.operations.articles import import_text

        def done(imported: Imported) -> None:
            self.open_document(imported.doc_id)
            self.say(
                "This text is already in the library: opened the saved copy."
                if imported.existed
                else f"New article from the {name}",
                6000,
            )

        self.library.on_library(
            "open",
            lambda lib: import_text(lib, text, name=name),
            finished=done,
            failed=lambda exc: self.runner.report_failure(f"Could not make an article from the {name}", exc),
        )

    def add_document(self, doc: Document) -> None:
        """Store a document already read (the self-test's) and show it."""
        from desktop.core.operations.articles import add_article

        self.library.on_library(
            "open", lambda lib: add_article(lib, doc), finished=lambda imported: self.open_document(imported.doc_id)
        )

    def open_initial(self, file: str | None) -> None:
        """What to show at start: FILE, else the sample on first run, else the last article."""
        if file:
            self.open_path(file)
            return
        if not self.settings.first_run_done:
            self.settings.first_run_done = True
            from desktop.gui.theme import sample_article_path

            sample = sample_article_path()
            if sample.is_file():
                self.open_path(str(sample))
                return
        last = self.settings.q.value("session/last_doc")
        try:
            last_id = int(last) if isinstance(last, int | str) else None
        except ValueError:
            last_id = None
        if last_id is None:
            return
        from desktop.core.operations.articles import known_article

        self.library.on_library(
            "open",
            lambda lib: known_article(lib, last_id),
            finished=lambda known: self.open_document(last_id) if known and last_id is not None else None,
        )

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = self.settings.recent_files
        for i, path in enumerate(recent):
            action = menu.addAction(f"&{i + 1} {Path(path).name}")
            action.setToolTip(path)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+Alt+{i + 1}"))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            none = menu.addAction("No recent files")
            none.setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear list", self.settings.clear_recent_files)

    # --- showing a stored article -----------------------------------------------------

    def open_document(self, doc_id: int, *, reveal: str = "") -> None:
        """Show a library document: panes, stored translation, notes, claims; then its work starts.

        The library is read on the database lane; ``reveal`` names a sentence
        to show once it is on screen (a search hit).
        """
        from desktop.core.operations.articles import load_article

        self.switching.emit()
        self.library.on_library(
            "open",
            lambda lib: load_article(lib, doc_id),
            finished=lambda loaded: self._show_loaded(loaded, reveal),
            failed=lambda exc: self.runner.report_failure("Could not open the document", exc),
        )

    def _on_library_document_chosen(self, doc_id: int, sentence_id: str) -> None:
        if doc_id != self.article.doc_id:
            self.open_document(doc_id, reveal=sentence_id)
        elif sentence_id:
            self.show_sentence(sentence_id)

    def _show_loaded(self, loaded: OpenArticle, reveal: str) -> None:
        self.switching.emit()
        self.close_document()
        doc = loaded.document
        article = self.article
        article.doc_id = loaded.doc_id
        article.doc = doc
        article.translation = loaded.translation
        self.settings.q.setValue("session/last_doc", loaded.doc_id)
        view = self.view
        view.bg_pane.set_content(doc.text, {s.id: (s.start, s.end) for s in doc.iter_sentences()})
        view.sync.order = [s.id for s in doc.iter_sentences()]
        view.bg_pane.verticalScrollBar().setValue(0)
        view.en_pane.setPlaceholderText(
            "This article is already in English: nothing to translate."
            if doc.language == "en"
            else "The English appears here, sentence by sentence, as it is translated."
        )
        self.show_english(keep_scroll=False)
        self._show_header()
        self.opened.emit(loaded)
        if reveal:
            self.show_sentence(reveal)
        self.changed.emit()

    def close_document(self) -> None:
        """Show no article (before another opens, or after this one was deleted)."""
        self.view.editor.cancel()
        self.article.clear()
        view = self.view
        view.bg_pane.set_content("", {})
        view.en_pane.set_content("", {})
        view.doc_title.setText("")
        view.doc_meta.setText("")
        self._show_english_title()
        self._update_en_header()
        self.title_changed.emit("Dragoman")
        self.closed.emit()
        self.changed.emit()

    def _show_header(self) -> None:
        doc = self.article.doc
        if doc is None:
            return
        self.view.doc_title.setText(doc.title or doc.meta.name or "Untitled article")
        parts = [doc.meta.name or doc.meta.format, doc.meta.date, doc.meta.author]
        parts.append(f"{len(doc.sentences)} sentences · {len(doc.text.split())} words")
        self.view.doc_meta.setText("  ·  ".join(p for p in parts if p))
        self.title_changed.emit(f"{doc.title or 'Untitled'} — Dragoman")

    def _show_english_title(self) -> None:
        article = self.article
        english = article.translation.title_text if article.doc is not None and article.translation else None
        self.view.doc_title_en.setText(english or "")
        self.view.doc_title_en.setVisible(bool(english))

    def show_english(self, *, keep_scroll: bool = True) -> None:
        """Lay the English out again (after a batch, an edit, an undo); marks are repainted on the signal."""
        article = self.article
        pane = self.view.en_pane
        self._show_english_title()
        old = article.en_layout
        if article.doc is None or article.translation is None:
            article.en_layout = None
            pane.set_content("", {}, keep_scroll=False)
            self._show_word_links()
            self._update_en_header()
            self.english_laid_out.emit(old, None)
            return
        layout = english_layout(article.doc, article.translation)
        article.en_layout = layout
        with pane.batch():  # every layer is re-formatted once, at the end
            pane.set_content(layout.text, layout.spans, keep_scroll=keep_scroll)
            pane.set_edited(s.sentence_id for s in article.translation.sentences if s.edited)
            self.english_laid_out.emit(old, layout)
        self._show_word_links()
        self._update_en_header()

    def _show_word_links(self) -> None:
        """Hand the word links of what the panes show to the linker; the legend shows while words are marked."""
        article, view = self.article, self.view
        view.word_links.set_translation(article.doc, article.translation, article.en_layout)
        view.unsure_legend.setVisible(bool(view.word_links.unsure_ranges()))

    def _update_en_header(self) -> None:
        tr = self.article.translation
        if tr is None or not tr.sentences:
            self.view.en_header.setText("ENGLISH")
            return
        first = tr.sentences[0]
        edits = sum(1 for s in tr.sentences if s.edited)
        extra = f" · {edits} edited" if edits else ""
        self.view.en_header.setText(
            f"ENGLISH  ·  {tr.model or first.model} · {tr.backend or first.backend} · {tr.profile or first.profile}{extra}"
        )

    # --- linking the panes --------------------------------------------------------------

    def _on_pane_sentence_hovered(self, sentence_id: str) -> None:
        for pane in self.view.panes:
            pane.set_hovered(sentence_id)

    def _on_pane_sentence_clicked(self, source: SentencePane, sentence_id: str) -> None:
        """The twin is shown in the other pane; the pane being read does not move (nor follow the other)."""
        with self.view.sync.paused():
            for pane in self.view.panes:
                pane.set_focused(sentence_id, reveal=pane is not source)
        self.changed.emit()

    def show_sentence(self, sentence_id: str) -> None:
        """Focus a sentence in both panes and scroll it into view."""
        if self.article.doc is None:
            return
        for pane in self.view.panes:
            cursor = pane.textCursor()
            if cursor.hasSelection():  # a stale selection would hide the sentence's own marks
                cursor.clearSelection()
                pane.setTextCursor(cursor)
            pane.set_focused(sentence_id, reveal=True)
        self.changed.emit()

    def step_sentence(self, step: int) -> None:
        """The next (1) or previous (-1) sentence, in both panes."""
        order = self.view.sync.order
        if not order:
            return
        current = self.view.bg_pane.focused or self.view.en_pane.focused
        index = order.index(current) + step if current in order else 0
        self.show_sentence(order[max(0, min(index, len(order) - 1))])

    def focused_sentence(self) -> str:
        return self.view.en_pane.focused or self.view.bg_pane.focused

    @staticmethod
    def dropped(mime: Any) -> tuple[list[str], str]:
        """(local file paths, text) carried by a drag."""
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        return paths, mime.text() if mime.hasText() else ""
