"""The main window: library | Bulgarian | English | Claims·Checks·Brief·Notes, as a shell.

The window builds the widgets, the actions, menus, toolbar and status bar,
and wires the controllers (:mod:`desktop.gui.controllers`), which hold the
behaviour: one per concern, each reaching the core through operations run
as jobs (library work on the database lane), so the UI thread never waits on
SQLite or the engine. It also keeps the window's own things: geometry,
theme, zoom, drag and drop, and closing cleanly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
)

from desktop.gui import workers
from desktop.gui.colours import palette_for
from desktop.gui.controllers.annotations import AnnotationsController
from desktop.gui.controllers.base import Article
from desktop.gui.controllers.brief import BriefController
from desktop.gui.controllers.claims import ClaimsController
from desktop.gui.controllers.document import DocumentController
from desktop.gui.controllers.edits import EditsController
from desktop.gui.controllers.jobs import CANCELLABLE_ROLES, JobRunner
from desktop.gui.controllers.library import LibraryController
from desktop.gui.controllers.models import ModelsController
from desktop.gui.controllers.translation import TranslationController
from desktop.gui.dialogs import Dialogs
from desktop.gui.menus import build_menus, build_toolbar
from desktop.gui.settings import AppSettings
from desktop.gui.theme import apply_theme, icon
from desktop.gui.widgets.brief_panel import EXPORT_FORMATS, BriefPanel
from desktop.gui.widgets.claims_panel import ChecksPanel, ClaimsPanel, Legend
from desktop.gui.widgets.library_sidebar import LibrarySidebar
from desktop.gui.widgets.notes_panel import NotesPanel
from desktop.gui.widgets.progress_strip import ProgressStrip
from desktop.gui.widgets.reading import ReadingView, SidePanels

if TYPE_CHECKING:
    from desktop.core.library.store import Library
    from desktop.core.translation import DocumentTranslation

DEFAULT_SIZE = (1400, 860)
#: Imported by a start-up worker so the first article never waits on an import.
WARM_MODULES = (
    "desktop.core.ingest.reader",
    "desktop.core.library.store",
    "desktop.core.pipeline",
    "desktop.core.operations.analysing",
    "desktop.core.analysis.claims.finder",
    "desktop.core.analysis.summarize",
    "desktop.core.analysis.checks",
    "desktop.core.brief.formats",
    "desktop.gui.adapters",
)
TAB_CLAIMS, TAB_CHECKS, TAB_BRIEF, TAB_NOTES = range(4)


class MainWindow(QMainWindow):
    """The Dragoman window. See the module docstring."""

    translation_done = Signal(bool)  # True when complete, False when cancelled/failed
    analysis_done = Signal()

    def __init__(
        self,
        settings: AppSettings | None = None,
        *,
        theme: str | None = None,
        remember_theme: bool = True,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.theme_name = theme or self.settings.theme
        self._remember_theme = remember_theme
        #: False while the window's layout is not the user's (a screenshot): it is not saved.
        self.keep_layout = True
        self.palette_ = palette_for(self.theme_name)
        self.dialogs = dialogs or Dialogs(self, self.settings)
        self.article = Article()
        self.runner = JobRunner(self.dialogs, self)
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("Dragoman")
        self.setWindowIcon(icon("dragoman"))
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_controllers()
        self._build_actions()
        self.recent_menu = build_menus(self)
        toolbar = build_toolbar(self)
        self.toolbar, self.profile_combo, self.export_button = toolbar.bar, toolbar.profile_combo, toolbar.export_button
        self._build_status_bar()
        self._wire()
        self._restore_geometry()
        self._apply_reading_font()
        self.update_actions()

    # --- what tests, the bench and the self-test read ------------------------------------------

    @property
    def doc_id(self) -> int | None:
        return self.article.doc_id

    @property
    def doc(self) -> Any:
        return self.article.doc

    @property
    def translation(self) -> DocumentTranslation | None:
        return self.article.translation

    @property
    def library(self) -> Library | None:
        return self.library_ctl.library

    @property
    def busy(self) -> bool:
        """True while any job runs or is about to."""
        return self.runner.busy

    # --- building -----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.sidebar = LibrarySidebar()
        self.reading = ReadingView()
        for pane in self.reading.panes:
            pane.set_palette(self.palette_)
        self.claims_panel = ClaimsPanel(self.palette_)
        self.checks_panel = ChecksPanel()
        self.brief_panel = BriefPanel(self.palette_)
        self.notes_panel = NotesPanel(self.palette_)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setUsesScrollButtons(True)
        self.tabs.tabBar().setExpanding(False)
        for panel, name in ((self.claims_panel, "Claims"), (self.checks_panel, "Checks"),
                            (self.brief_panel, "Brief"), (self.notes_panel, "Notes")):
            self.tabs.addTab(panel, name)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        for i, widget in enumerate((self.sidebar, self.reading, self.tabs)):
            self.main_splitter.addWidget(widget)
            self.main_splitter.setStretchFactor(i, 1 if widget is self.reading else 0)
        self.main_splitter.setHandleWidth(4)
        # The window may shrink to the panes' readable minimum: the side panels give way first.
        self.panels = SidePanels(self.main_splitter, self.sidebar, self.reading, self.tabs)
        self.setCentralWidget(self.main_splitter)
        self.model_label = QLabel("model: …")
        self.model_label.setObjectName("muted")

    def _build_controllers(self) -> None:
        common = (self.article, self.runner, self.dialogs)
        self.library_ctl = LibraryController(self.sidebar, *common, parent=self)
        self.documents = DocumentController(self.reading, self.library_ctl, self.settings, *common, parent=self)
        self.models = ModelsController(self.reading, self.model_label, self.settings, *common, parent=self)
        self.models.theme_name = self.theme_name
        self.claims = ClaimsController(
            self.documents, self.library_ctl, self.claims_panel, self.checks_panel, self.palette_, *common, parent=self
        )
        self.edits = EditsController(self.documents, self.library_ctl, self.undo_stack, *common, parent=self)
        self.annotator = AnnotationsController(
            self.documents, self.library_ctl, self.edits, self.notes_panel, self.undo_stack, self.palette_, *common,
            parent=self,
        )
        self.annotator.theme_name = self.theme_name
        self.briefs = BriefController(self.documents, self.library_ctl, self.brief_panel, *common, parent=self)

    def _build_translation(self) -> None:
        self.progress_strip = ProgressStrip(self.act_cancel)
        self.translator = TranslationController(
            self.documents, self.library_ctl, self.models, self.progress_strip, self.settings,
            self.article, self.runner, self.dialogs, parent=self,
        )

    def _action(
        self,
        text: str,
        slot: Callable[..., Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        icon_name: str | None = None,
        tip: str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name, self.theme_name))
            action.setProperty("icon_name", icon_name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text.replace('&', '').rstrip('…')}" + (f" ({keys})" if keys else ""))
        action.triggered.connect(lambda checked=False: slot(checked) if checkable else slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        docs, edits, notes = self.documents, self.edits, self.annotator
        self.act_open = a("&Open…", docs.open_dialog, QKeySequence.StandardKey.Open, icon_name="open",
                          tip="Open an article file")
        self.act_paste = a("&Paste as new article", docs.paste_article, "Ctrl+Shift+V", icon_name="paste",
                           tip="Make a new article from the text on the clipboard")
        self.act_import_folder = a("&Import folder…", self._import_folder, "Ctrl+Shift+O",
                                   tip="Translate, analyse and rank every article in a folder (and its zips)")
        self.act_quit = a("&Quit", self.close, "Ctrl+Q")
        self.act_export = {
            fmt: a(f"Export brief as {label}…", lambda f=fmt: self.briefs.export_brief(f),
                   "Ctrl+E" if fmt == "md" else ("Ctrl+Shift+E" if fmt == "pdf" else None))
            for fmt, label in EXPORT_FORMATS
        }
        self.act_export_doc = a("Export &document (.dragoman)…", self.briefs.export_document, None,
                                tip="Write the article with its translation, edits and notes to one file")
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo", self.theme_name))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_redo.setIcon(icon("redo", self.theme_name))
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_edit = a("&Edit sentence", edits.edit_current_sentence, "F2", icon_name="edit",
                          tip="Edit the focused English sentence (or double-click it)")
        self.act_revert = a("Revert to &machine translation", edits.revert_current_sentence, "Ctrl+Shift+M")
        self.act_highlight = a("&Highlight selection", notes.highlight_selection, "Ctrl+H", icon_name="highlight",
                               tip="Highlight the selected words")
        self.act_highlight.setIconText("Highlight")
        self.act_note = a("Add &note to selection…", notes.note_selection, "Ctrl+Shift+N", icon_name="note",
                          tip="Attach a note to the selected words")
        self.act_note.setIconText("Note")
        self.act_find = a("&Search the library", self.focus_search, QKeySequence.StandardKey.Find, icon_name="search")
        self.act_settings = a("&Settings…", self.open_settings, "Ctrl+,", icon_name="settings")
        self.act_translate = a("&Translate", lambda: self.translator.translate(), "Ctrl+T", icon_name="translate",
                               tip="Translate the article on this machine")
        self.act_cancel = a("&Cancel", self.cancel_work, "Esc", icon_name="cancel",
                            tip="Stop translating; what is done stays")
        self.act_analyse = a("Find &claims again", lambda: self.claims.start(), "Ctrl+R", icon_name="claims")
        self.act_regenerate = a("Re&generate brief", self.briefs.regenerate, "Ctrl+Shift+R", icon_name="regenerate")
        self.act_next = a("&Next sentence", lambda: docs.step_sentence(1), "Alt+Down")
        self.act_prev = a("&Previous sentence", lambda: docs.step_sentence(-1), "Alt+Up")
        self.act_models = a("&Manage models…", lambda: self.models.open_dialog(self), "Ctrl+M", icon_name="models")
        self.act_import_model = a("&Import model…", self.models.import_model, "Ctrl+Shift+I", icon_name="import")
        self.act_download_model = a("&Download opus-mt-bg-en…", self.models.download_model, None,
                                    icon_name="download")
        self.act_sidebar = a("&Library sidebar", self.show_library, "Ctrl+L", checkable=True)
        self.act_sidebar.setChecked(True)
        self.act_sync = a("&Synchronised scrolling", lambda on: setattr(self.reading.sync, "enabled", on),
                          "Ctrl+Shift+S", checkable=True)
        self.act_sync.setChecked(True)
        self.act_dark = a("&Dark theme", lambda on: self.set_theme("dark" if on else "light"), "Ctrl+Shift+D",
                          icon_name="theme", checkable=True)
        self.act_dark.setChecked(self.theme_name == "dark")
        self.act_zoom_in = a("Larger text", lambda: self._zoom(1), QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = a("Smaller text", lambda: self._zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self.act_tabs = [
            a(name, lambda i=i: self.show_tab(i), f"Alt+{i + 1}")
            for i, name in enumerate(("&Claims", "Chec&ks", "&Brief", "&Notes"))
        ]
        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self.act_about = a("&About Dragoman", self.show_about)
        self._build_translation()

    def _import_folder(self) -> None:
        """File > Import folder…: the batch of ``dragoman batch`` with the chosen model and profile."""
        folder = self.dialogs.ask_folder("Import a folder of articles", str(Path.home()))
        if not folder:
            return
        if not self.models.available():
            self.models.offer_models_dialog()
            return
        chosen = self.models.chosen()
        self.library_ctl.import_folder(folder, model=chosen.name if chosen else None, profile=self.settings.profile)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        # Permanent widgets: a temporary status message must never hide the progress.
        status.addPermanentWidget(self.progress_strip)
        self.status_legend = Legend(self.palette_)
        status.addPermanentWidget(self.status_legend)

    def _wire(self) -> None:
        """Connect the controllers to each other and to the window."""
        docs, claims, translator = self.documents, self.claims, self.translator
        for ctl in (self.library_ctl, docs, self.models, claims, self.edits, self.annotator, self.briefs, translator):
            ctl.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
            ctl.changed.connect(self.update_actions)
        self.runner.changed.connect(self.update_actions)
        docs.title_changed.connect(self.setWindowTitle)
        docs.opened.connect(self._on_document_opened)
        docs.english_laid_out.connect(lambda _old, _new: self.models.refresh())
        self.library_ctl.document_deleted.connect(lambda _doc_id: docs.close_document())
        self.library_ctl.opened.connect(self.models.refresh)
        translator.starting.connect(lambda _doc_id: claims.step_aside())
        translator.translation_done.connect(self._on_translation_done)
        # The analysis of an article opened while another's translation was stopping waited for it.
        translator.job_ended.connect(lambda doc_id: None if self.article.shows(doc_id) else claims.start())
        claims.analysed.connect(self.briefs.on_analysed)
        claims.analysed.connect(self.library_ctl.refresh)
        claims.analysed.connect(self.analysis_done)
        self.edits.edited.connect(lambda _doc, _sid: (self.library_ctl.refresh(), claims.schedule()))
        self.annotator.annotations_changed.connect(lambda _doc: self.library_ctl.refresh())
        self.annotator.note_added.connect(lambda: self.tabs.setCurrentIndex(TAB_NOTES))
        self.models.installed.connect(self._on_model_installed)
        self.reading.model_panel.translate_requested.connect(translator.translate)

    def _on_document_opened(self, loaded: Any) -> None:
        """Stored claims at once; then claims on the Bulgarian, then the translation (they never compete)."""
        if loaded.analysis is not None:
            self.claims.show(loaded.analysis)
        self.sidebar.set_current(loaded.doc_id)
        self.library_ctl.refresh()
        self.models.refresh()
        wants = self.translator.wants_translation()
        if not wants:
            self.translator.offer_to_finish()
        self.claims.start(then=self.translator.translate if wants else None)

    def _on_translation_done(self, complete: bool) -> None:
        self.translation_done.emit(complete)
        self.claims.start()

    def _on_model_installed(self) -> None:
        if self.article.doc is not None and self.article.translation is None:
            self.translator.translate()

    def start(self) -> None:
        """Right after the window is shown: open the library, find the model, import what the first article needs.

        All in workers, so the window answers from the first moment.
        """
        self.library_ctl.start()
        self.models.look_up_in_background()

        def warm() -> None:
            import importlib

            for name in WARM_MODULES:
                importlib.import_module(name)

        self.runner.call("warm", warm)

    # --- the window's own things ---------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = self.settings
        geometry = settings.byte_array("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                avail = screen.availableGeometry()
                self.resize(min(DEFAULT_SIZE[0], avail.width()), min(DEFAULT_SIZE[1], avail.height()))
        state = settings.byte_array("state")
        if state is not None:
            self.restoreState(state)
        sidebar = settings.q.value("view/sidebar")
        if sidebar is not None:
            self.panels.wanted_library = str(sidebar).lower() in ("true", "1")
        main = settings.byte_array("main_splitter")
        if main is None or not self.main_splitter.restoreState(main):
            self.panels.fresh = True
        self.sidebar.setVisible(self.panels.wanted_library)
        self.tabs.show()
        panes = settings.byte_array("pane_splitter")
        if panes is None or not self.reading.pane_splitter.restoreState(panes):
            self.reading.pane_splitter.setSizes([500, 500])  # equal shares: the stretch keeps them equal
        self.act_sidebar.setChecked(self.panels.wanted_library)
        self.panels.fitted.connect(self.act_sidebar.setChecked)

    def show_library(self, on: bool) -> None:
        """Ctrl+L: the library's width goes to the reading panes when hidden, and comes from them when shown."""
        self.panels.want_library(on)

    def show_tab(self, index: int) -> None:
        """Alt+1..4: that tab, brought back if the window's width had hidden the panel."""
        self.tabs.setCurrentIndex(index)
        self.panels.want_tabs()

    def save_geometry(self) -> None:
        self.settings.set_byte_array("geometry", self.saveGeometry())
        self.settings.set_byte_array("state", self.saveState())
        self.settings.set_byte_array("main_splitter", self.main_splitter.saveState())
        self.settings.set_byte_array("pane_splitter", self.reading.pane_splitter.saveState())
        self.settings.q.setValue("view/sidebar", self.panels.wanted_library)
        self.settings.sync()

    def set_theme(self, theme: str) -> None:
        self.theme_name = theme
        self.palette_ = palette_for(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        for pane in self.reading.panes:
            pane.set_palette(self.palette_)
        # A new app style sheet re-polishes every widget and resets fonts set in code to the app's.
        self._apply_reading_font()
        self.claims.set_palette(self.palette_)
        self.annotator.set_palette(self.palette_)
        self.status_legend.set_palette(self.palette_)
        self.brief_panel.set_palette(self.palette_)
        self.models.theme_name = self.annotator.theme_name = theme
        icon.cache_clear()
        for action in self.findChildren(QAction):
            name = action.property("icon_name")
            if name:
                action.setIcon(icon(str(name), theme))
        if self._remember_theme:
            self.settings.theme = theme
        self.act_dark.setChecked(theme == "dark")

    def _apply_reading_font(self) -> None:
        for pane in self.reading.panes:
            pane.set_reading_font(None, self.settings.font_size)
        self.panels.fit()  # the panes' readable minimum follows the type size

    def _zoom(self, step: int) -> None:
        self.settings.font_size = self.settings.font_size + step
        self._apply_reading_font()

    def focus_search(self) -> None:
        if not self.sidebar.isVisible():
            self.act_sidebar.setChecked(True)
            self.show_library(True)
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def cancel_work(self) -> None:
        """Esc: close the sentence editor if open, else cancel translation, downloads and exports."""
        if self.reading.editor.isVisible():
            self.reading.editor.cancel()
            return
        self.runner.cancel(*CANCELLABLE_ROLES)

    def open_settings(self) -> None:
        from desktop.gui.widgets.settings_dialog import SettingsDialog

        if SettingsDialog(self.settings, self).exec():
            self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(self.settings.profile)))
            self._apply_reading_font()
            if self.settings.theme != self.theme_name:
                self.set_theme(self.settings.theme)
            self.models.invalidate()

    def show_shortcuts(self) -> None:
        self.dialogs.show_shortcuts(self.actions())

    def show_about(self) -> None:
        self.dialogs.show_about()

    def update_actions(self) -> None:
        """Enable what makes sense now (an article open, a selection, a translation, an analysis)."""
        if not hasattr(self, "translator"):
            return
        article = self.article
        has_doc = article.doc is not None
        analysed = has_doc and article.analysis is not None
        translated = has_doc and article.translation is not None
        has_selection = self.annotator.has_selection()
        self.act_translate.setEnabled(has_doc and not self.translator.busy_with(article.doc_id))
        left = self.translator.untranslated()
        self.act_translate.setText("&Finish translation" if left else "&Translate")
        self.act_translate.setToolTip(
            f"Translate the {left} sentences still in Bulgarian (Ctrl+T)" if left
            else "Translate the article on this machine (Ctrl+T)"
        )
        self.act_cancel.setEnabled(self.runner.running(*CANCELLABLE_ROLES))
        for action in (self.act_highlight, self.act_note):
            action.setEnabled(has_doc and has_selection)
        for action in (self.act_edit, self.act_revert):
            action.setEnabled(translated)
        for action in (*self.act_export.values(), self.act_regenerate):
            action.setEnabled(analysed)
        self.export_button.setEnabled(analysed)
        self.act_export_doc.setEnabled(has_doc)
        self.act_analyse.setEnabled(has_doc)

    # --- drag and drop, closing --------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths, text = self.documents.dropped(event.mimeData())
        if paths or text:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths, text = self.documents.dropped(event.mimeData())
        if paths:
            self.documents.open_path(paths[0])
            event.acceptProposedAction()
        elif text.strip():
            self.documents.import_text(text, name="dropped text")
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel running work, save the layout, go from the screen, then wait for the workers and close the library.

        A batch already decoding cannot be interrupted (it may take seconds
        under load) and its result is dropped anyway: the window disappears
        at once instead of standing frozen meanwhile; what was finished is
        already stored.
        """
        self.claims.stopped = True
        self.claims.stop()
        self.reading.editor.cancel()
        workers.cancel_all()
        if self.keep_layout:
            self.save_geometry()
        if workers.active_workers():
            self.hide()
        if not workers.wait_all(30_000):
            print("dragoman: a background job did not stop in time", file=sys.stderr)
        self.library_ctl.close()
        event.accept()


__all__ = ["DEFAULT_SIZE", "MainWindow"]
