"""The main window: library | Bulgarian | English | Claims·Checks·Brief·Notes.

The window holds the open document's state (document, translation, analysis,
annotations) and is the only place that changes it. Everything slow runs in
:class:`~desktop.gui.workers.Worker` jobs whose results come back as signals
on the main thread; each result is checked against the document it was
started for, so switching articles mid-translation can never paint one
article's English over another.

Every user change is saved at once (the library commits per action) and goes
through the undo stack, whose commands save again on undo and redo.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, Signal
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
    QComboBox,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.document import Document
from desktop.core.errors import DragomanError
from desktop.core.jobs import CancelToken, Progress
from desktop.core.translation import (
    TITLE_ID,
    DocumentTranslation,
    EnglishLayout,
    TranslatedSentence,
    english_layout,
)
from desktop.gui import workers
from desktop.gui.brief_panel import EXPORT_FORMATS, BriefPanel
from desktop.gui.claims_panel import ChecksPanel, ClaimsPanel
from desktop.gui.colours import palette_for
from desktop.gui.commands import (
    AddAnnotationCommand,
    AnnotationHandle,
    DeleteAnnotationCommand,
    EditSentenceCommand,
    NoteTextCommand,
)
from desktop.gui.library_sidebar import LibrarySidebar
from desktop.gui.models_panel import ModelMissingPanel
from desktop.gui.panes import Mark, PaneSync, SentencePane
from desktop.gui.sentence_editor import SentenceEditor
from desktop.gui.settings import AppSettings
from desktop.gui.theme import apply_theme, icon, sample_article_path
from desktop.gui.views import AnnotationView, ClaimView, FlagView
from desktop.gui.workers import Worker

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.library.store import Annotation, Library

DEFAULT_SIZE = (1400, 860)
#: Imported by the start-up worker so the first article never waits on an import.
WARM_MODULES = (
    "desktop.core.ingest.reader",
    "desktop.core.pipeline",
    "desktop.core.analysis.claims.finder",
    "desktop.core.analysis.summarize",
    "desktop.core.analysis.checks",
    "desktop.core.brief.formats",
    "desktop.gui.adapters",
)
TAB_CLAIMS, TAB_CHECKS, TAB_BRIEF, TAB_NOTES = range(4)


def _words(text: str) -> int:
    return len(text.split())


class MainWindow(QMainWindow):
    """The Dragoman window. See the module docstring."""

    document_loaded = Signal(int)  # doc id, once both panes show it
    translation_done = Signal(bool)  # True when complete, False when cancelled/failed
    analysis_done = Signal()
    work_finished = Signal()  # no document job is running any more

    def __init__(
        self, settings: AppSettings | None = None, *, theme: str | None = None, remember_theme: bool = True
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.theme_name = theme or self.settings.theme
        self._remember_theme = remember_theme
        self.palette_ = palette_for(self.theme_name)
        self.library: Library | None = None
        self.doc_id: int | None = None
        self.doc: Document | None = None
        self.translation: DocumentTranslation | None = None
        self.en_layout: EnglishLayout | None = None
        self.analysis: Analysis | None = None
        self.annotations: list[Annotation] = []
        self.claim_views: list[ClaimView] = []
        self.flag_views: list[FlagView] = []
        self.undo_stack = QUndoStack(self)
        self._handles: dict[int, AnnotationHandle] = {}
        self._workers: dict[str, Worker] = {}
        self._closing = False
        self._screenshot: Path | None = None
        self._keep_layout = True
        self._analysis_pending = False
        self._library_waiters: list[Callable[[Library], None]] = []
        self._last_selection_pane: SentencePane | None = None
        self._translate_after_analysis = False
        self._model_cache: tuple[str, str] | None | bool = False  # False: not looked up yet
        #: Replaceable in tests: asks the user a yes/no question.
        self.confirm: Callable[[str, str], bool] = self._ask
        #: Replaceable in tests: tells the user about an error.
        self.report_error: Callable[[str, str], None] = self._show_error
        #: Replaceable in tests: asks for a file name to save to (None: cancelled).
        self.ask_save_path: Callable[[str, str, str], str | None] = self._ask_save_path
        #: Replaceable in tests: asks for a note's text (None: cancelled).
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text

        self.setWindowTitle("Dragoman")
        self.setWindowIcon(icon("dragoman"))
        self.setAcceptDrops(True)
        self._build_ui()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._restore_geometry()
        self._apply_reading_font()
        self._update_actions()
        self._analysis_timer = QTimer(self)
        self._analysis_timer.setSingleShot(True)
        self._analysis_timer.setInterval(400)
        self._analysis_timer.timeout.connect(self._start_analysis)

    # ======================================================================================
    # building the window
    # ======================================================================================

    def _build_ui(self) -> None:
        self.sidebar = LibrarySidebar()
        self.sidebar.document_chosen.connect(self._on_sidebar_document_chosen)
        self.sidebar.delete_requested.connect(self._on_sidebar_delete_requested)
        self.sidebar.search_changed.connect(self._on_sidebar_search_changed)

        self.bg_pane = SentencePane("bg")
        self.en_pane = SentencePane("en")
        for pane in (self.bg_pane, self.en_pane):
            pane.set_palette(self.palette_)
            pane.setAcceptDrops(False)
            pane.sentence_hovered.connect(self._on_pane_sentence_hovered)
            pane.sentence_clicked.connect(self._on_pane_sentence_clicked)
            pane.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            pane.customContextMenuRequested.connect(lambda pos, p=pane: self._on_pane_context_menu(p, pos))
            pane.selectionChanged.connect(lambda p=pane: self._on_pane_selection_changed(p))
        self.bg_pane.setPlaceholderText(
            "Open an article (Ctrl+O), paste one from the clipboard (Ctrl+Shift+V), "
            "or drop a file on this window."
        )
        self.en_pane.setPlaceholderText("The English appears here, sentence by sentence, as it is translated.")
        self.en_pane.activation_enabled = True
        self.en_pane.sentence_activated.connect(self.edit_sentence)
        self.sync = PaneSync(self.bg_pane, self.en_pane)

        self.editor = SentenceEditor(self.en_pane.viewport())
        self.editor.committed.connect(self._on_editor_committed)
        self.editor.closed.connect(lambda: self.en_pane.setFocus())

        self.model_panel = ModelMissingPanel()
        self.model_panel.import_requested.connect(self.import_model)
        self.model_panel.download_requested.connect(self.download_model)
        self.model_panel.translate_requested.connect(self.translate)

        self.bg_header = QLabel("БЪЛГАРСКИ")
        self.bg_header.setObjectName("paneHeader")
        self.en_header = QLabel("ENGLISH")
        self.en_header.setObjectName("paneHeader")
        self.en_stack = QStackedWidget()
        self.en_stack.addWidget(self.en_pane)
        self.en_stack.addWidget(self.model_panel)

        bg_frame = self._pane_frame(self.bg_header, self.bg_pane)
        en_frame = self._pane_frame(self.en_header, self.en_stack)
        self.pane_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.pane_splitter.setObjectName("paneSplitter")
        self.pane_splitter.addWidget(bg_frame)
        self.pane_splitter.addWidget(en_frame)
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.setHandleWidth(6)
        self.pane_splitter.setStretchFactor(0, 1)
        self.pane_splitter.setStretchFactor(1, 1)

        self.doc_title = QLabel("")
        self.doc_title.setObjectName("docTitle")
        self.doc_title.setWordWrap(True)
        font = self.doc_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.doc_title.setFont(font)
        # The English headline, under the Bulgarian one, once it is translated (it is translated first).
        self.doc_title_en = _HeadlineLabel("")
        self.doc_title_en.setObjectName("docTitleEnglish")
        self.doc_title_en.setToolTip("The English headline. Double-click to correct it.")
        self.doc_title_en.double_clicked.connect(lambda: self.edit_sentence(TITLE_ID))
        self.doc_title_en.setWordWrap(True)
        self.doc_title_en.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        english_font = self.doc_title_en.font()
        english_font.setPointSizeF(english_font.pointSizeF() * 1.15)
        english_font.setItalic(True)
        self.doc_title_en.setFont(english_font)
        self.doc_title_en.hide()
        self.doc_meta = QLabel("")
        self.doc_meta.setObjectName("muted")
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(8, 8, 8, 4)
        reading_layout.setSpacing(4)
        reading_layout.addWidget(self.doc_title)
        reading_layout.addWidget(self.doc_title_en)
        reading_layout.addWidget(self.doc_meta)
        reading_layout.addWidget(self.pane_splitter, 1)

        self.claims_panel = ClaimsPanel(self.palette_)
        self.claims_panel.claim_selected.connect(self.select_claim)
        self.checks_panel = ChecksPanel()
        self.checks_panel.sentence_selected.connect(self.show_sentence)
        self.brief_panel = BriefPanel(self.palette_)
        self.brief_panel.regenerate_requested.connect(self.regenerate_brief)
        self.brief_panel.export_requested.connect(self.export_brief)
        self.brief_panel.sentence_requested.connect(self.show_sentence)
        from desktop.gui.notes_panel import NotesPanel

        self.notes_panel = NotesPanel(self.palette_)
        self.notes_panel.annotation_selected.connect(self.show_annotation)
        self.notes_panel.edit_requested.connect(self.edit_note)
        self.notes_panel.delete_requested.connect(self.delete_annotation)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setUsesScrollButtons(True)
        self.tabs.tabBar().setExpanding(False)
        self.tabs.addTab(self.claims_panel, "Claims")
        self.tabs.addTab(self.checks_panel, "Checks")
        self.tabs.addTab(self.brief_panel, "Brief")
        self.tabs.addTab(self.notes_panel, "Notes")

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.sidebar)
        self.main_splitter.addWidget(reading)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 0)
        self.main_splitter.setHandleWidth(4)
        self.setCentralWidget(self.main_splitter)

    @staticmethod
    def _pane_frame(header: QLabel, body: QWidget) -> QFrame:
        frame = QFrame()
        frame.setObjectName("paneFrame")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(body, 1)
        return frame

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
        shortcut_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text.replace('&', '').rstrip('…')}" + (f" ({shortcut_text})" if shortcut_text else ""))
        action.triggered.connect(lambda checked=False: slot(checked) if checkable else slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_open = a("&Open…", self.open_dialog, QKeySequence.StandardKey.Open, icon_name="open",
                          tip="Open an article file")
        self.act_paste = a("&Paste as new article", self.paste_article, "Ctrl+Shift+V", icon_name="paste",
                           tip="Make a new article from the text on the clipboard")
        self.act_quit = a("&Quit", self.close, "Ctrl+Q")
        self.act_export = {
            fmt: a(f"Export brief as {label}…", lambda f=fmt: self.export_brief(f),
                   "Ctrl+E" if fmt == "md" else ("Ctrl+Shift+E" if fmt == "pdf" else None))
            for fmt, label in EXPORT_FORMATS
        }
        self.act_export_doc = a("Export &document (.dragoman)…", self.export_document, None,
                                tip="Write the article with its translation, edits and notes to one file")
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo", self.theme_name))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.act_redo.setIcon(icon("redo", self.theme_name))
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.act_edit = a("&Edit sentence", self.edit_current_sentence, "F2", icon_name="edit",
                          tip="Edit the focused English sentence (or double-click it)")
        self.act_revert = a("Revert to &machine translation", self.revert_current_sentence, "Ctrl+Shift+M")
        self.act_highlight = a("&Highlight selection", self.highlight_selection, "Ctrl+H", icon_name="highlight",
                               tip="Highlight the selected words")
        self.act_highlight.setIconText("Highlight")
        self.act_note = a("Add &note to selection…", self.note_selection, "Ctrl+Shift+N", icon_name="note",
                          tip="Attach a note to the selected words")
        self.act_note.setIconText("Note")
        self.act_find = a("&Search the library", self.focus_search, QKeySequence.StandardKey.Find, icon_name="search")
        self.act_settings = a("&Settings…", self.open_settings, "Ctrl+,", icon_name="settings")
        self.act_translate = a("&Translate", self.translate, "Ctrl+T", icon_name="translate",
                               tip="Translate the article on this machine")
        self.act_cancel = a("&Cancel", self.cancel_work, "Esc", icon_name="cancel",
                            tip="Stop translating; what is done stays")
        self.act_analyse = a("Find &claims again", self._start_analysis, "Ctrl+R", icon_name="claims")
        self.act_regenerate = a("Re&generate brief", self.regenerate_brief, "Ctrl+Shift+R", icon_name="regenerate")
        self.act_next = a("&Next sentence", lambda: self._step_sentence(1), "Alt+Down")
        self.act_prev = a("&Previous sentence", lambda: self._step_sentence(-1), "Alt+Up")
        self.act_models = a("&Manage models…", self.open_models_dialog, "Ctrl+M", icon_name="models")
        self.act_import_model = a("&Import model…", self.import_model, "Ctrl+Shift+I", icon_name="import")
        self.act_download_model = a("&Download opus-mt-bg-en…", self.download_model, None, icon_name="download")
        self.act_sidebar = a("&Library sidebar", self._toggle_sidebar, "Ctrl+L", checkable=True)
        self.act_sidebar.setChecked(True)
        self.act_sync = a("&Synchronised scrolling", self._toggle_sync, "Ctrl+Shift+S", checkable=True)
        self.act_sync.setChecked(True)
        self.act_dark = a("&Dark theme", self._toggle_dark, "Ctrl+Shift+D", icon_name="theme", checkable=True)
        self.act_dark.setChecked(self.theme_name == "dark")
        self.act_zoom_in = a("Larger text", lambda: self._zoom(1), QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = a("Smaller text", lambda: self._zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self.act_tabs = [
            a(name, lambda i=i: self._show_tab(i), f"Alt+{i + 1}")
            for i, name in enumerate(("&Claims", "Chec&ks", "&Brief", "&Notes"))
        ]
        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self.act_about = a("&About Dragoman", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.act_open)
        file_menu.addAction(self.act_paste)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        export_menu = file_menu.addMenu(icon("export", self.theme_name), "E&xport brief")
        for action in self.act_export.values():
            export_menu.addAction(action)
        file_menu.addAction(self.act_export_doc)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_edit)
        edit_menu.addAction(self.act_revert)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_highlight)
        edit_menu.addAction(self.act_note)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_find)
        edit_menu.addAction(self.act_settings)

        view_menu = bar.addMenu("&View")
        for action in self.act_tabs:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.act_sidebar)
        view_menu.addAction(self.act_sync)
        view_menu.addAction(self.act_dark)
        view_menu.addSeparator()
        view_menu.addAction(self.act_zoom_in)
        view_menu.addAction(self.act_zoom_out)

        doc_menu = bar.addMenu("&Document")
        doc_menu.addAction(self.act_translate)
        doc_menu.addAction(self.act_cancel)
        doc_menu.addSeparator()
        doc_menu.addAction(self.act_analyse)
        doc_menu.addAction(self.act_regenerate)
        doc_menu.addSeparator()
        doc_menu.addAction(self.act_next)
        doc_menu.addAction(self.act_prev)

        models_menu = bar.addMenu("&Models")
        models_menu.addAction(self.act_models)
        models_menu.addAction(self.act_import_model)
        models_menu.addAction(self.act_download_model)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.act_open)
        tb.addAction(self.act_paste)
        tb.addSeparator()
        tb.addAction(self.act_translate)
        self.profile_combo = QComboBox()
        self.profile_combo.addItem("quality", "quality")
        self.profile_combo.addItem("fast", "fast")
        self.profile_combo.setToolTip("quality: beam search · fast: greedy, several times quicker")
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(self.settings.profile)))
        self.profile_combo.currentIndexChanged.connect(
            lambda _i: setattr(self.settings, "profile", self.profile_combo.currentData())
        )
        tb.addWidget(self.profile_combo)
        tb.addAction(self.act_cancel)
        tb.addSeparator()
        tb.addAction(self.act_highlight)
        tb.addAction(self.act_note)
        tb.addSeparator()
        export_button = QToolButton()
        export_button.setText("Export brief ▾")
        export_button.setIcon(icon("export", self.theme_name))
        export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export_button)
        for action in self.act_export.values():
            menu.addAction(action)
        export_button.setMenu(menu)
        self.export_button = export_button
        tb.addWidget(export_button)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy())
        tb.addWidget(spacer)
        self.model_label = QLabel("model: …")
        self.model_label.setObjectName("muted")
        tb.addWidget(self.model_label)
        tb.addAction(self.act_models)
        self.toolbar = tb

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setFixedWidth(160)
        self.progress.setFixedHeight(10)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel("")
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.act_cancel)
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # Permanent widgets: a temporary status message must never hide the progress.
        status.addPermanentWidget(self.progress_label)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        self._show_progress(False)
        from desktop.gui.claims_panel import Legend

        self.status_legend = Legend(self.palette_)
        status.addPermanentWidget(self.status_legend)

    def _show_progress(self, visible: bool) -> None:
        self.progress.setVisible(visible)
        self.progress_label.setVisible(visible)
        self.cancel_button.setVisible(visible)

    # ======================================================================================
    # geometry, theme, fonts
    # ======================================================================================

    def _restore_geometry(self) -> None:
        geometry = self.settings.byte_array("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                avail = screen.availableGeometry()
                self.resize(min(DEFAULT_SIZE[0], avail.width()), min(DEFAULT_SIZE[1], avail.height()))
        state = self.settings.byte_array("state")
        if state is not None:
            self.restoreState(state)
        main = self.settings.byte_array("main_splitter")
        sidebar = self.settings.q.value("view/sidebar")
        if sidebar is not None:
            self.sidebar.setVisible(str(sidebar).lower() in ("true", "1"))
        if main is None or not self.main_splitter.restoreState(main):
            width = self.width()
            if width < 1100:
                # A small screen: the reading panes come first; Ctrl+L brings the library back.
                self.sidebar.hide()
                self.main_splitter.setSizes([0, int(width * 0.66), int(width * 0.34)])
            else:
                self.main_splitter.setSizes([220, width - 220 - 360, 360])
        panes = self.settings.byte_array("pane_splitter")
        if panes is None or not self.pane_splitter.restoreState(panes):
            self.pane_splitter.setSizes([500, 500])
        self.act_sidebar.setChecked(not self.sidebar.isHidden())

    def save_geometry(self) -> None:
        self.settings.set_byte_array("geometry", self.saveGeometry())
        self.settings.set_byte_array("state", self.saveState())
        self.settings.set_byte_array("main_splitter", self.main_splitter.saveState())
        self.settings.set_byte_array("pane_splitter", self.pane_splitter.saveState())
        self.settings.q.setValue("view/sidebar", not self.sidebar.isHidden())
        self.settings.sync()

    def set_theme(self, theme: str) -> None:
        self.theme_name = theme
        self.palette_ = palette_for(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        for pane in (self.bg_pane, self.en_pane):
            pane.set_palette(self.palette_)
        self.claims_panel.set_palette(self.palette_)
        self.status_legend.set_palette(self.palette_)
        self.notes_panel.set_palette(self.palette_)
        self.brief_panel.set_palette(self.palette_)
        icon.cache_clear()
        for action in self.findChildren(QAction):
            name = action.property("icon_name")
            if name:
                action.setIcon(icon(str(name), theme))
        if self._remember_theme:
            self.settings.theme = theme
        self.act_dark.setChecked(theme == "dark")

    def _apply_reading_font(self) -> None:
        size = self.settings.font_size
        for pane in (self.bg_pane, self.en_pane):
            pane.set_reading_font(None, size)

    def _zoom(self, step: int) -> None:
        self.settings.font_size = self.settings.font_size + step
        self._apply_reading_font()

    def _toggle_sidebar(self, checked: bool) -> None:
        self.sidebar.setVisible(checked)

    def _toggle_sync(self, checked: bool) -> None:
        self.sync.enabled = checked

    def _toggle_dark(self, checked: bool) -> None:
        self.set_theme("dark" if checked else "light")

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    # ======================================================================================
    # the library
    # ======================================================================================

    def start_library(self) -> None:
        """Open the library (and warm up the core modules) in a worker, right after start-up.

        Importing sqlite-utils, the importers and the analysis modules takes a
        few hundred milliseconds; doing it here keeps the event loop free, so
        the window answers from the first moment.
        """
        if self.library is not None or "library" in self._workers:
            return
        preferred = self.settings.model or None

        def job(_token: CancelToken) -> tuple[Any, Any]:
            library = _open_library()
            from desktop.gui.models_panel import find_installed_model

            model = find_installed_model(preferred)
            # Warm the modules the first article needs, off the main thread.
            import importlib

            for name in WARM_MODULES:
                importlib.import_module(name)
            return library, model

        self._run(
            "library",
            Worker.call("library", job),
            finished=self._on_library_ready,
            failed=lambda exc: self._report_failure("The library could not be opened", exc),
        )

    def _on_library_ready(self, result: tuple[Any, Any]) -> None:
        library, model = result
        if self.library is None:
            self.library = library
            if self._model_cache is False:
                self._model_cache = model
            if library.message:
                self.statusBar().showMessage(library.message, 15000)
            self.refresh_library()
            self._refresh_model_state()
        waiters, self._library_waiters = self._library_waiters, []
        for action in waiters:
            action(self.library)

    def with_library(self, action: Callable[[Library], None]) -> None:
        """Run ``action`` with the library now, or as soon as it is open."""
        if self.library is not None:
            action(self.library)
            return
        self._library_waiters.append(action)
        self.start_library()

    def ensure_library(self) -> Library:
        """The library, opened now if the start-up worker has not done it yet (quick actions)."""
        if self.library is None:
            worker = self._workers.get("library")
            outcome = worker.wait(30.0) if worker is not None else None
            if outcome is not None and outcome[0] == "finished":
                self._on_library_ready(outcome[1])
            else:
                self._on_library_ready((_open_library(self.report_error), False))
        assert self.library is not None
        return self.library

    def refresh_library(self) -> None:
        if self.library is None:
            return
        query = self.sidebar.query
        if query:
            self._on_sidebar_search_changed(query)
        else:
            self.sidebar.set_documents(self.library.list_documents())
        self.sidebar.set_current(self.doc_id)

    def _on_sidebar_search_changed(self, query: str) -> None:
        library = self.ensure_library()
        if not query:
            self.sidebar.set_documents(library.list_documents())
            self.sidebar.set_current(self.doc_id)
            return
        try:
            hits = library.search(query, limit=100)
        except DragomanError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.sidebar.set_search_results(query, hits)

    def _on_sidebar_document_chosen(self, doc_id: int, sentence_id: str) -> None:
        if doc_id != self.doc_id:
            self.open_document(doc_id, reveal=sentence_id)
        elif sentence_id:
            self.show_sentence(sentence_id)

    def _on_sidebar_delete_requested(self, doc_id: int) -> None:
        library = self.ensure_library()
        title = next((d.title for d in library.list_documents() if d.id == doc_id), f"#{doc_id}")
        if not self.confirm(
            "Delete from library",
            f"Delete “{title}” from the library, with its translation, edits, notes and briefs?\n\n"
            "This cannot be undone.",
        ):
            return
        if doc_id == self.doc_id:
            self._stop_document_work()
            self.close_document()
        try:
            library.delete_document(doc_id)
        except DragomanError as exc:
            self.report_error("Could not delete", str(exc))
        self.refresh_library()

    def focus_search(self) -> None:
        if not self.sidebar.isVisible():
            self.act_sidebar.setChecked(True)
            self.sidebar.setVisible(True)
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    # ======================================================================================
    # opening articles
    # ======================================================================================

    def open_initial(self, file: str | None) -> None:
        """What to show at start: FILE, else the sample on first run, else the last article."""
        self.with_library(lambda library: self._open_initial(library, file))

    def _open_initial(self, library: Library, file: str | None) -> None:
        if file:
            self.open_path(file)
            return
        if not self.settings.first_run_done:
            self.settings.first_run_done = True
            sample = sample_article_path()
            if sample.is_file():
                self.open_path(str(sample))
                return
        last = self.settings.q.value("session/last_doc")
        try:
            last_id = int(last) if isinstance(last, int | str) else None
        except ValueError:
            last_id = None
        known = {d.id for d in library.list_documents()}
        if last_id is not None and last_id in known:
            self.open_document(last_id)
        self._refresh_model_state()

    def open_dialog(self) -> None:
        start = str(Path(self.settings.recent_files[0]).parent) if self.settings.recent_files else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open an article",
            start,
            "Articles (*.txt *.html *.htm *.docx *.md *.markdown *.dragoman);;All files (*)",
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str, *, for_screenshot: bool = False) -> None:
        """Import a file (in a worker) and show it; a file already in the library opens its copy."""
        self.with_library(lambda library: self._open_path(library, path, for_screenshot=for_screenshot))

    def _open_path(self, library: Library, path: str, *, for_screenshot: bool) -> None:
        if path.endswith(".dragoman"):
            self._import_dragoman(path)
            return
        self.statusBar().showMessage(f"Opening {Path(path).name}…")

        def job(_token: CancelToken) -> tuple[int, bool]:
            from desktop.core.errors import DuplicateDocument
            from desktop.core.ingest.reader import read_document

            doc = read_document(path)
            try:
                original: bytes | None = Path(path).read_bytes()
            except OSError:
                original = None
            try:
                return library.add_document(doc, original), False
            except DuplicateDocument as dup:
                return dup.existing_id, True

        def done(result: tuple[int, bool]) -> None:
            doc_id, existed = result
            self.settings.add_recent_file(str(Path(path).resolve()))
            self.open_document(doc_id)
            if existed:
                self.statusBar().showMessage(
                    f"{Path(path).name} is already in the library: opened the saved copy with your work.", 8000
                )
            else:
                self.statusBar().showMessage(f"Opened {Path(path).name}", 4000)

        def failed(exc: BaseException) -> None:
            if for_screenshot:
                print(f"dragoman: {exc}", file=sys.stderr)
                self._finish_screenshot(2, grab=False)
                return
            self.statusBar().clearMessage()
            self._report_failure(f"Could not open {Path(path).name}", exc)

        self._run("open", Worker.call("open", job), finished=done, failed=failed)

    def paste_article(self) -> None:
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text() if clipboard is not None else ""
        if not text.strip():
            self.report_error("Nothing to paste", "The clipboard holds no text. Copy an article first.")
            return
        self._import_text(text, name="clipboard")

    def _import_text(self, text: str, *, name: str) -> None:
        library = self.ensure_library()

        def job(_token: CancelToken) -> tuple[int, bool]:
            from desktop.core.errors import DuplicateDocument
            from desktop.core.ingest.reader import document_from_text

            doc = document_from_text(text, name=name)
            try:
                return library.add_document(doc, None), False
            except DuplicateDocument as dup:
                return dup.existing_id, True

        def done(result: tuple[int, bool]) -> None:
            self.open_document(result[0])
            self.statusBar().showMessage(
                "This text is already in the library: opened the saved copy." if result[1] else "New article from the clipboard",
                6000,
            )

        self._run(
            "open",
            Worker.call("paste", job),
            finished=done,
            failed=lambda exc: self._report_failure("Could not make an article from the clipboard", exc),
        )

    def _import_dragoman(self, path: str) -> None:
        library = self.ensure_library()

        def job(_token: CancelToken) -> int:
            from desktop.core.errors import DuplicateDocument
            from desktop.core.library.archive import import_document

            try:
                return int(import_document(library, Path(path)))
            except DuplicateDocument as dup:
                return dup.existing_id

        self._run(
            "open",
            Worker.call("import", job),
            finished=lambda doc_id: self.open_document(int(doc_id)),
            failed=lambda exc: self._report_failure(f"Could not open {Path(path).name}", exc),
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        for i, path in enumerate(recent):
            action = self.recent_menu.addAction(f"&{i + 1} {Path(path).name}")
            action.setToolTip(path)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+Alt+{i + 1}"))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            none = self.recent_menu.addAction("No recent files")
            none.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self.settings.clear_recent_files)

    # --- drag and drop -----------------------------------------------------------------

    @staticmethod
    def _dropped_paths(mime: QMimeData) -> list[str]:
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self._dropped_paths(mime) or mime.hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        paths = self._dropped_paths(mime)
        if paths:
            self.open_path(paths[0])
            event.acceptProposedAction()
        elif mime.hasText() and mime.text().strip():
            self._import_text(mime.text(), name="dropped text")
            event.acceptProposedAction()

    # ======================================================================================
    # showing a document
    # ======================================================================================

    def close_document(self) -> None:
        self.doc_id = None
        self.doc = None
        self.translation = None
        self.en_layout = None
        self.analysis = None
        self.annotations = []
        self.claim_views = []
        self.flag_views = []
        self._handles.clear()
        self.undo_stack.clear()
        self.bg_pane.set_content("", {})
        self.en_pane.set_content("", {})
        self.claims_panel.set_claims([])
        self.checks_panel.set_flags([], translated=False)
        self.notes_panel.set_annotations([])
        self.brief_panel.set_brief(None)
        self.doc_title.setText("")
        self._show_english_title()
        self.doc_meta.setText("")
        self.setWindowTitle("Dragoman")
        self._update_actions()

    def open_document(self, doc_id: int, *, reveal: str = "") -> None:
        """Show a library document: panes, stored translation, notes, claims; then start work.

        Reading the document from the library runs in a worker; ``reveal``
        names a sentence to show once it is on screen (a search hit).
        """
        self.editor.cancel()
        self._stop_document_work()
        self.with_library(lambda library: self._load_document(library, doc_id, reveal))

    def _load_document(self, library: Library, doc_id: int, reveal: str) -> None:
        def job(_token: CancelToken) -> dict[str, Any]:
            stored_brief = library.latest_brief(doc_id)
            return {
                "doc_id": doc_id,
                "doc": library.get_document(doc_id),
                "translation": library.load_translation(doc_id),
                "annotations": library.annotations(doc_id),
                "brief": stored_brief.data if stored_brief is not None else None,
                "analysis": _stored_analysis(library, doc_id),
                "reveal": reveal,
            }

        self._run(
            "open",
            Worker.call("load", job),
            finished=self._show_loaded,
            failed=lambda exc: self._report_failure("Could not open the document", exc),
        )

    def _show_loaded(self, loaded: dict[str, Any]) -> None:
        doc_id: int = loaded["doc_id"]
        doc: Document = loaded["doc"]
        translation: DocumentTranslation | None = loaded["translation"]
        self._stop_document_work()
        self.close_document()
        self.doc_id = doc_id
        self.doc = doc
        self.translation = translation if translation is not None and translation.all_sentences else None
        self.annotations = loaded["annotations"]
        self.settings.q.setValue("session/last_doc", doc_id)

        self.bg_pane.set_content(doc.text, {s.id: (s.start, s.end) for s in doc.iter_sentences()})
        self.sync.order = [s.id for s in doc.iter_sentences()]
        self.bg_pane.verticalScrollBar().setValue(0)
        self._layout_english(keep_scroll=False)
        self._refresh_annotations()
        self._show_header()
        if loaded["analysis"] is not None:
            self._show_stored_analysis(loaded["analysis"])
        if loaded["brief"]:
            self._restore_brief(loaded["brief"])
        self.sidebar.set_current(doc_id)
        self.refresh_library()
        self._refresh_model_state()
        self._update_actions()
        if loaded["reveal"]:
            self.show_sentence(loaded["reveal"])
        self.document_loaded.emit(doc_id)

        # Complete means the headline too: an article translated before headlines were gets it now.
        complete = (
            self.translation is not None
            and self.translation.is_complete(doc)
            and self.translation.has_headline_of(doc)
        )
        english = doc.language == "en"
        self.en_pane.setPlaceholderText(
            "This article is already in English: nothing to translate." if english
            else "The English appears here, sentence by sentence, as it is translated."
        )
        # Claims on the Bulgarian first (a fraction of a second), then the translation, so the
        # two never compete for the CPU with the window; the English analysis follows it.
        self._translate_after_analysis = (
            not complete and not english and self.settings.auto_translate and self.model_available()
        )
        self._start_analysis()

    def _show_header(self) -> None:
        doc = self.doc
        if doc is None:
            return
        self.doc_title.setText(doc.title or doc.meta.name or "Untitled article")
        words = _words(doc.text)
        parts = [doc.meta.name or doc.meta.format]
        if doc.meta.date:
            parts.append(doc.meta.date)
        if doc.meta.author:
            parts.append(doc.meta.author)
        parts.append(f"{len(doc.sentences)} sentences · {words} words")
        self.doc_meta.setText("  ·  ".join(p for p in parts if p))
        self.setWindowTitle(f"{doc.title or 'Untitled'} — Dragoman")

    def _show_english_title(self) -> None:
        english = self.translation.title_text if self.doc is not None and self.translation is not None else None
        self.doc_title_en.setText(english or "")
        self.doc_title_en.setVisible(bool(english))

    def _layout_english(self, *, keep_scroll: bool = True) -> None:
        """Lay the English out again (after a batch, an edit, an undo) and re-mark it."""
        doc = self.doc
        self._show_english_title()
        if doc is None or self.translation is None:
            self.en_layout = None
            self.en_pane.set_content("", {}, keep_scroll=False)
            self._update_en_header()
            self._refresh_model_state()
            return
        old = self.en_layout
        layout = english_layout(doc, self.translation)
        self.en_layout = layout
        if old is not None and old.text != layout.text:
            self._shift_english_annotations(old, layout)
        with self.en_pane.batch():
            self.en_pane.set_content(layout.text, layout.spans, keep_scroll=keep_scroll)
            self.en_pane.set_edited(s.sentence_id for s in self.translation.sentences if s.edited)
            self._apply_claim_marks()
            if any(a.side == "en" for a in self.annotations):
                self._refresh_annotations()
        self._apply_flag_marks()
        self._update_en_header()
        self._refresh_model_state()

    def _update_en_header(self) -> None:
        tr = self.translation
        if tr is None or not tr.sentences:
            self.en_header.setText("ENGLISH")
            return
        model = tr.model or tr.sentences[0].model
        backend = tr.backend or tr.sentences[0].backend
        profile = tr.profile or tr.sentences[0].profile
        edits = sum(1 for s in tr.sentences if s.edited)
        extra = f" · {edits} edited" if edits else ""
        self.en_header.setText(f"ENGLISH  ·  {model} · {backend} · {profile}{extra}")

    # ======================================================================================
    # model state
    # ======================================================================================

    def model_available(self) -> bool:
        return self._installed_model() is not None

    def _installed_model(self) -> tuple[str, str] | None:
        """(name, description) of the model translation would use, or None (cached)."""
        if self._model_cache is False:
            from desktop.gui.models_panel import find_installed_model

            self._model_cache = find_installed_model(self.settings.model or None)
        return self._model_cache if self._model_cache is not False else None  # type: ignore[return-value]

    def invalidate_model_state(self) -> None:
        from desktop.core.translate.cache import forget_backends

        forget_backends()
        self._model_cache = False
        self._refresh_model_state()

    def _refresh_model_state(self) -> None:
        model = self._installed_model()
        if model is None:
            self.model_label.setText("no translation model")
        else:
            self.model_label.setText(f"model: {model[0]} · {self._backend_label()}")
        needs_panel = (
            self.doc is not None and self.doc.language != "en" and model is None and self.translation is None
        )
        translating = "translate" in self._workers
        self.en_stack.setCurrentWidget(self.model_panel if needs_panel and not translating else self.en_pane)
        self.model_panel.load_entry()
        self.model_panel.set_has_model(model is not None, model[1] if model else "")
        self._update_actions()

    def _backend_label(self) -> str:
        backend = self.settings.backend
        return "auto (ct2, else hf)" if backend == "auto" else backend

    # ======================================================================================
    # translation
    # ======================================================================================

    def translate(self) -> None:
        """Translate the open article in a worker; English appears batch by batch."""
        if self.doc is None or self.doc_id is None:
            return
        if "translate" in self._workers:
            return
        if not self.model_available():
            self._refresh_model_state()
            self.en_stack.setCurrentWidget(self.model_panel)
            return
        library = self.ensure_library()
        doc, doc_id = self.doc, self.doc_id
        model = self._installed_model()
        model_name = model[0] if model else None
        backend = self.settings.backend
        profile = self.settings.profile
        threads = self.settings.threads
        self._analysis_timer.stop()
        self._cancel_worker("analyse")
        self.en_stack.setCurrentWidget(self.en_pane)
        self.en_pane.set_claim_marks([])

        def factory(token: CancelToken) -> Generator[Progress, None, Any]:
            from desktop.core.translate.cache import loaded_backend
            from desktop.core.translate.job import translate_document_job

            total = len(doc.sentences)
            yield Progress("translate", 0, total, f"loading {model_name or 'the model'}…")
            loaded = loaded_backend(model_name, backend, threads, profile=profile)
            token.raise_if_cancelled()
            job = translate_document_job(
                doc, backend=loaded, profile=profile, memory=_open_memory(library), cancel=token
            )
            while True:
                try:
                    event = next(job)
                except StopIteration as stop:
                    result = stop.value
                    if result is not None:
                        library.save_translation(doc_id, result)
                    return result
                if event.payload:
                    library.save_translation(doc_id, list(event.payload))
                yield event

        worker = Worker("translate", factory)
        self.progress.setRange(0, max(1, len(doc.sentences)))
        self.progress.setValue(0)
        self.progress_label.setText("loading the model…")
        self._show_progress(True)
        self._run(
            "translate",
            worker,
            progressed=lambda ev: self._on_translate_progressed(doc_id, ev),
            finished=lambda result: self._on_translate_finished(doc_id, result),
            failed=lambda exc: self._on_translate_ended(doc_id, exc),
            cancelled=lambda: self._on_translate_ended(doc_id, None),
        )
        self._update_actions()

    def _merge_batch(self, batch: list[TranslatedSentence]) -> None:
        current = self.translation
        if current is None:
            first = batch[0]
            current = DocumentTranslation(
                model=first.model, revision=first.revision, backend=first.backend, profile=first.profile
            )
        keep = []
        for t in batch:
            old = current.get(t.sentence_id)
            if old is not None and old.edited and not t.edited:
                t = replace(t, edited_text=old.edited_text)  # never lose human work on a re-run
            keep.append(t)
        self.translation = current.merged(keep)

    def _on_translate_progressed(self, doc_id: int, event: Progress) -> None:
        if doc_id != self.doc_id:
            return
        if event.payload:
            batch = [t for t in event.payload if isinstance(t, TranslatedSentence)]
            if batch:
                self._merge_batch(batch)
                self._layout_english(keep_scroll=True)
        if event.total:
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.done)
        rate = f" · {event.rate:.0f} words/s" if event.rate else ""
        unit = "sentences" if event.stage.startswith("translat") else event.stage
        message = f"{event.done}/{event.total} {unit}{rate}" if event.total else (event.message or event.stage)
        self.progress_label.setText(message)

    def _on_translate_finished(self, doc_id: int, result: object) -> None:
        if doc_id != self.doc_id:
            return
        if isinstance(result, DocumentTranslation):
            edits = {
                s.sentence_id: s.edited_text
                for s in (self.translation.all_sentences if self.translation else ())
                if s.edited
            }
            merged = result
            for sid, text in edits.items():
                if sid in merged.by_id and not merged.by_id[sid].edited:
                    merged = merged.with_edit(sid, text)
            self.translation = merged
            self._layout_english(keep_scroll=True)
        self.statusBar().showMessage("Translated on this machine.", 5000)
        self.translation_done.emit(True)
        self._start_analysis()

    def _on_translate_ended(self, doc_id: int, exc: BaseException | None) -> None:
        """Cancelled (exc None) or failed: keep what was translated, analyse it."""
        if doc_id != self.doc_id:
            return
        if exc is not None:
            from desktop.core.errors import ModelError

            if isinstance(exc, ModelError):
                self.invalidate_model_state()
            self._report_failure("Translation stopped", exc)
        else:
            done = len(self.translation.sentences) if self.translation else 0
            total = len(self.doc.sentences) if self.doc else 0
            self.statusBar().showMessage(f"Translation cancelled: {done} of {total} sentences kept.", 8000)
        self._refresh_model_state()
        self.translation_done.emit(False)
        if not self._closing:
            self._start_analysis()

    def cancel_work(self) -> None:
        """Esc: close the sentence editor if open, else cancel translation/downloads."""
        if self.editor.isVisible():
            self.editor.cancel()
            return
        for role in ("translate", "model", "export", "analyse"):
            self._cancel_worker(role)

    # ======================================================================================
    # analysis: claims, summary, checks
    # ======================================================================================

    def schedule_analysis(self) -> None:
        """Run the analysis again shortly (edits come in bursts)."""
        if self.doc is not None and not self._closing:
            self._analysis_timer.start()

    def _start_analysis(self) -> None:
        """Find claims, summarise and check, in a worker (after the translation when one runs)."""
        if self.doc is None or self.doc_id is None or self._closing:
            return
        if "translate" in self._workers:
            return  # it runs when translation ends
        if "analyse" in self._workers:
            self._analysis_pending = True
            self._cancel_worker("analyse")
            return
        library = self.ensure_library()
        doc, doc_id, translation = self.doc, self.doc_id, self.translation
        try:
            glossary = library.glossary_map()
        except DragomanError:
            glossary = {}

        def factory(token: CancelToken) -> Generator[Progress, None, Any]:
            from desktop.core.pipeline import analyse_job

            analysis = yield from analyse_job(doc, translation, glossary=glossary or None, cancel=token)
            stored_claims = library.load_claims(doc_id)
            claims = [_as_dict(c) for c in analysis.claims]
            if _jsonish(stored_claims) != _jsonish(claims):
                library.save_claims(doc_id, analysis.claims)
            stored_flags = library.load_flags(doc_id)
            flags = [_as_dict(f) for f in analysis.flags]
            if _jsonish(stored_flags) != _jsonish(flags):
                library.save_flags(doc_id, analysis.flags)
            return analysis

        self._analysis_pending = False
        self._run(
            "analyse",
            Worker("analyse", factory),
            finished=lambda analysis: self._on_analysis_finished(doc_id, translation, analysis),
            failed=lambda exc: self._report_failure("Could not analyse the article", exc),
            ended=self._on_analysis_ended,
        )

    def _on_analysis_ended(self) -> None:
        if self._translate_after_analysis and not self._closing:
            self._translate_after_analysis = False
            self.translate()
            return
        if self._analysis_pending and not self._closing:
            self._analysis_pending = False
            self._start_analysis()

    def _on_analysis_finished(self, doc_id: int, translation: DocumentTranslation | None, analysis: Analysis) -> None:
        if doc_id != self.doc_id:
            return
        if translation is not self.translation and "translate" not in self._workers:
            self._analysis_pending = True  # made for an older state (an edit came in): run again
            return
        # (While a translation streams, results on the Bulgarian are shown at once; the
        # analysis that follows the translation replaces them.)
        self.analysis = analysis
        self.claim_views = self._claim_views(analysis)
        self.flag_views = self._flag_views(analysis)
        self.claims_panel.set_claims(self.claim_views)
        self.checks_panel.set_flags(self.flag_views, translated=self.translation is not None)
        self._apply_claim_marks()
        self._apply_flag_marks()
        if not self.brief_panel.edited:
            self.regenerate_brief(confirm=False)
        self.refresh_library()
        self.analysis_done.emit()

    def _show_stored_analysis(self, analysis: Analysis) -> None:
        """Show the claims and flags saved last time at once; the fresh analysis replaces them."""
        self.claim_views = self._claim_views(analysis)
        self.flag_views = self._flag_views(analysis)
        self.claims_panel.set_claims(self.claim_views)
        self.checks_panel.set_flags(self.flag_views, translated=self.translation is not None)
        self._apply_claim_marks()
        self._apply_flag_marks()

    def _claim_views(self, analysis: Analysis) -> list[ClaimView]:
        from desktop.gui.adapters import claim_views

        assert self.doc is not None
        return claim_views(analysis.claims, self.doc, self.translation, self.en_layout)

    def _flag_views(self, analysis: Analysis) -> list[FlagView]:
        from desktop.gui.adapters import flag_views

        assert self.doc is not None
        return flag_views(analysis.flags, self.doc, self.translation)

    def _apply_claim_marks(self) -> None:
        bg: list[Mark] = []
        en: list[Mark] = []
        layout = self.en_layout
        for c in self.claim_views:
            style = self.palette_.kind(c.kind)
            tip = f"{style.description}" + (f" — {c.speaker}" if c.speaker else "") + (f" ({c.cue})" if c.cue else "")
            for role, span in (("content", c.bg_content), ("speaker", c.bg_speaker), ("cue", c.bg_cue)):
                if span is not None:
                    bg.append(Mark(span.start, span.end, c.kind, c.key, role, tip))
            if layout is not None:
                for role, span in (("content", c.en_content), ("speaker", c.en_speaker), ("cue", c.en_cue)):
                    if span is not None:
                        en.append(Mark(span.start, span.end, c.kind, c.key, role, tip))
        self.bg_pane.set_claim_marks(bg)
        self.en_pane.set_claim_marks(en)  # (re-formats once when inside en_pane.batch())

    def _apply_flag_marks(self) -> None:
        flags: dict[str, list[str]] = {}
        for f in self.flag_views:
            flags.setdefault(f.sentence_id, []).append(f.reason)
        self.en_pane.set_flags(flags)
        self.bg_pane.set_flags({})

    # ======================================================================================
    # linking the panes
    # ======================================================================================

    def _on_pane_sentence_hovered(self, sentence_id: str) -> None:
        self.bg_pane.set_hovered(sentence_id)
        self.en_pane.set_hovered(sentence_id)

    def _on_pane_sentence_clicked(self, sentence_id: str) -> None:
        self.bg_pane.set_focused(sentence_id, reveal=True)
        self.en_pane.set_focused(sentence_id, reveal=True)
        self._update_actions()

    def show_sentence(self, sentence_id: str) -> None:
        """Focus a sentence in both panes and scroll it into view."""
        if self.doc is None:
            return
        for pane in (self.bg_pane, self.en_pane):
            cursor = pane.textCursor()
            if cursor.hasSelection():  # a stale selection would hide the sentence's own marks
                cursor.clearSelection()
                pane.setTextCursor(cursor)
            pane.set_focused(sentence_id, reveal=True)
        self._update_actions()

    def select_claim(self, key: str) -> None:
        """Select a claim's words in both panes (as clicking it in the Claims list does)."""
        claim = next((c for c in self.claim_views if c.key == key), None)
        if claim is None:
            return
        self.claims_panel.select_claim(key)
        first = claim.sentence_ids[0] if claim.sentence_ids else ""
        if first:
            self.bg_pane.set_focused(first)
            self.en_pane.set_focused(first)
        span = claim.bg_content or claim.bg_speaker
        if span is not None:
            self.bg_pane.select_range(span.start, span.end)
        en_span = claim.en_content
        if en_span is None and self.en_layout is not None and first in self.en_layout.spans:
            start, end = self.en_layout.spans[first]
            from desktop.gui.views import Span

            en_span = Span(start, end)
        if en_span is not None:
            self.en_pane.select_range(en_span.start, en_span.end)
        self._update_actions()

    def _step_sentence(self, step: int) -> None:
        order = self.sync.order
        if not order:
            return
        current = self.bg_pane.focused or self.en_pane.focused
        index = order.index(current) + step if current in order else 0
        self.show_sentence(order[max(0, min(index, len(order) - 1))])

    # ======================================================================================
    # editing the translation
    # ======================================================================================

    def edit_current_sentence(self) -> None:
        sid = self.en_pane.focused or self.bg_pane.focused
        if not sid and self.en_pane.textCursor() is not None:
            sid = self.en_pane.sentence_at(self.en_pane.from_qt(self.en_pane.textCursor().position()))
        if sid:
            self.edit_sentence(sid)

    def edit_sentence(self, sentence_id: str) -> None:
        """Open the in-place editor over an English sentence."""
        if self.doc is None or self.translation is None:
            return
        current = self.translation.get(sentence_id)
        if current is None:
            self.statusBar().showMessage("That sentence is not translated yet.", 4000)
            return
        source = current.source  # the headline is no sentence of the body
        start, end = self.en_pane.spans.get(sentence_id, (0, 0))
        top = self.en_pane.cursorRect(self.en_pane.cursor_for_range(start, start)).top()
        bottom = self.en_pane.cursorRect(self.en_pane.cursor_for_range(end, end)).bottom()
        from PySide6.QtCore import QRect

        rect = QRect(0, top, self.en_pane.viewport().width(), max(20, bottom - top))
        self.bg_pane.set_focused(sentence_id, reveal=True)
        self.en_pane.set_focused(sentence_id)
        self.editor.open(sentence_id, current.final, source, current.text, rect)

    def _on_editor_committed(self, sentence_id: str, text: str) -> None:
        self.commit_edit(sentence_id, text)

    def commit_edit(self, sentence_id: str, text: str | None) -> None:
        """Record a post-edit (None or the machine text: drop the edit) as an undoable command."""
        if self.doc_id is None or self.translation is None:
            return
        current = self.translation.get(sentence_id)
        if current is None:
            return
        after = None if text is None or text == current.text else text
        if after == current.edited_text:
            return
        self.undo_stack.push(EditSentenceCommand(self, self.doc_id, sentence_id, current.edited_text, after))

    def revert_current_sentence(self) -> None:
        sid = self.en_pane.focused or self.bg_pane.focused
        if sid:
            self.commit_edit(sid, None)

    def apply_edit(self, doc_id: int, sentence_id: str, edited: str | None) -> None:
        """Save one post-edit (library + translation memory) and show it. Called by undo commands."""
        if doc_id != self.doc_id or self.translation is None or self.doc is None:
            return
        library = self.ensure_library()
        try:
            saved = library.save_edit(doc_id, sentence_id, edited)
        except DragomanError as exc:
            self.report_error("Could not save the edit", str(exc))
            return
        _record_edit_in_memory(library, saved, edited)
        if sentence_id in self.translation.by_id:
            self.translation = self.translation.with_edit(sentence_id, edited)
        else:
            self.translation = self.translation.merged([saved])
        self._layout_english(keep_scroll=True)
        self.en_pane.set_focused(sentence_id)
        self.statusBar().showMessage(
            f"Saved your edit of {sentence_id}." if edited is not None else f"{sentence_id}: machine translation restored.",
            4000,
        )
        self.refresh_library()
        self.schedule_analysis()

    def _shift_english_annotations(self, old: EnglishLayout, new: EnglishLayout) -> None:
        """Keep English notes on their words when a sentence before or under them changes length."""
        library = self.library
        if library is None:
            return
        starts = sorted((span[0], span[1], sid) for sid, span in old.spans.items())

        def moved(offset: int, *, is_end: bool) -> int:
            for start, end, sid in starts:
                if start <= offset <= end and sid in new.spans:
                    n_start, n_end = new.spans[sid]
                    return max(n_start, min(n_end, n_start + (offset - start)))
            return offset

        changed = []
        for a in self.annotations:
            if a.side != "en":
                continue
            start, end = moved(a.start, is_end=False), moved(a.end, is_end=True)
            if end <= start:
                end = min(len(new.text), start + max(1, a.end - a.start))
            if (start, end) != (a.start, a.end):
                changed.append((a.id, start, end))
        for ident, start, end in changed:
            try:
                library.update_annotation(ident, start=start, end=end)
            except DragomanError:
                continue
        if changed:
            self.annotations = library.annotations(self.doc_id) if self.doc_id is not None else []

    # ======================================================================================
    # annotations
    # ======================================================================================

    def _active_pane(self) -> SentencePane | None:
        """The pane whose selection an annotation applies to: focused, else last selected in."""
        for pane in (self.en_pane, self.bg_pane):
            if pane.hasFocus() and pane.selected_range():
                return pane
        last = self._last_selection_pane
        if last is not None and last.selected_range():
            return last
        for pane in (self.bg_pane, self.en_pane):
            if pane.selected_range():
                return pane
        return None

    def _on_pane_selection_changed(self, pane: SentencePane) -> None:
        if pane.textCursor().hasSelection():
            self._last_selection_pane = pane
        self._update_actions()

    def highlight_selection(self, colour: str = "yellow") -> None:
        pane = self._active_pane()
        if pane is None or self.doc_id is None:
            self.statusBar().showMessage("Select some words in either pane first.", 4000)
            return
        start, end = pane.selected_range()  # type: ignore[misc]
        self._add_annotation(pane.side, start, end, "highlight", colour, "")

    def note_selection(self) -> None:
        pane = self._active_pane()
        if pane is None or self.doc_id is None:
            self.statusBar().showMessage("Select some words in either pane first.", 4000)
            return
        start, end = pane.selected_range()  # type: ignore[misc]
        text = self.ask_text("Add a note", f"Note on “{pane.text[start:end][:80]}”:", "")
        if text is None or not text.strip():
            return
        self._add_annotation(pane.side, start, end, "note", None, text.strip())
        self.tabs.setCurrentIndex(TAB_NOTES)

    def _add_annotation(self, side: str, start: int, end: int, kind: str, colour: str | None, text: str) -> None:
        if self.doc_id is None or end <= start:
            return
        handle = AnnotationHandle()
        self.undo_stack.push(AddAnnotationCommand(self, handle, self.doc_id, side, start, end, kind, colour, text))

    def restore_annotation(
        self,
        handle: AnnotationHandle,
        doc_id: int,
        side: str,
        start: int,
        end: int,
        kind: str,
        colour: str | None,
        text: str,
    ) -> int:
        library = self.ensure_library()
        try:
            ident = library.add_annotation(doc_id, side, start, end, kind, colour, text)
        except (DragomanError, ValueError) as exc:
            self.report_error("Could not save the annotation", str(exc))
            return -1
        self._handles[ident] = handle
        handle.id = ident
        if doc_id == self.doc_id:
            self.annotations = library.annotations(doc_id)
            self._refresh_annotations()
        self.refresh_library()
        return ident

    def remove_annotation(self, handle: AnnotationHandle) -> None:
        library = self.ensure_library()
        if handle.id is None:
            return
        try:
            library.delete_annotation(handle.id)
        except DragomanError as exc:
            self.report_error("Could not delete the annotation", str(exc))
            return
        self._handles.pop(handle.id, None)
        handle.id = None
        if self.doc_id is not None:
            self.annotations = library.annotations(self.doc_id)
            self._refresh_annotations()

    def set_annotation_text(self, handle: AnnotationHandle, text: str, kind: str) -> None:
        library = self.ensure_library()
        if handle.id is None:
            return
        try:
            library.update_annotation(handle.id, text=text, kind=kind)
        except DragomanError as exc:
            self.report_error("Could not save the note", str(exc))
            return
        if self.doc_id is not None:
            self.annotations = library.annotations(self.doc_id)
            self._refresh_annotations()

    def _handle(self, annotation_id: int) -> AnnotationHandle:
        handle = self._handles.get(annotation_id)
        if handle is None:
            handle = AnnotationHandle(annotation_id)
            self._handles[annotation_id] = handle
        return handle

    def _annotation(self, annotation_id: int) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def delete_annotation(self, annotation_id: int) -> None:
        a = self._annotation(annotation_id)
        if a is None or self.doc_id is None:
            return
        self.undo_stack.push(
            DeleteAnnotationCommand(self, self._handle(a.id), a.doc_id, a.side, a.start, a.end, a.kind, a.colour, a.text)
        )

    def edit_note(self, annotation_id: int) -> None:
        a = self._annotation(annotation_id)
        if a is None:
            return
        quote = self._annotation_quote(a)
        text = self.ask_text("Edit note", f"Note on “{quote[:80]}”:", a.text)
        if text is None:
            return
        text = text.strip()
        kind = "note" if text else "highlight"
        if (text, kind) == (a.text, a.kind):
            return
        self.undo_stack.push(NoteTextCommand(self, self._handle(a.id), (a.text, a.kind), (text, kind)))

    def show_annotation(self, annotation_id: int) -> None:
        a = self._annotation(annotation_id)
        if a is None:
            return
        pane = self.bg_pane if a.side == "bg" else self.en_pane
        pane.select_range(a.start, a.end)
        sid = pane.sentence_at(a.start)
        if sid:
            self.bg_pane.set_focused(sid, reveal=True)
            self.en_pane.set_focused(sid, reveal=True)

    def _annotation_quote(self, a: Annotation) -> str:
        text = self.bg_pane.text if a.side == "bg" else self.en_pane.text
        return text[a.start : a.end]

    def _refresh_annotations(self) -> None:
        marks: dict[str, list[Mark]] = {"bg": [], "en": []}
        views = []
        for a in self.annotations:
            marks[a.side].append(Mark(a.start, a.end, a.kind, str(a.id), tip=a.text, colour=a.colour))
            views.append(
                AnnotationView(a.id, a.side, a.start, a.end, a.kind, a.colour, a.text, self._annotation_quote(a))
            )
        self.bg_pane.set_annotation_marks(marks["bg"])
        self.en_pane.set_annotation_marks(marks["en"])
        self.notes_panel.set_annotations(views)

    def _annotate_from_menu(self, pane: SentencePane, colour: str | None) -> None:
        """Highlight (a colour) or note (None) the selection of the pane whose menu was used."""
        pane.setFocus()
        if colour is None:
            self.note_selection()
        else:
            self.highlight_selection(colour)

    def _on_pane_context_menu(self, pane: SentencePane, pos: QPoint) -> None:
        menu = pane.createStandardContextMenu(pos)
        menu.addSeparator()
        has_selection = pane.selected_range() is not None
        highlight_menu = menu.addMenu(icon("highlight", self.theme_name), "Highlight")
        highlight_menu.setEnabled(has_selection and self.doc_id is not None)
        for name in self.palette_.annotation_colours:
            action = highlight_menu.addAction(name.capitalize())
            action.triggered.connect(lambda _c=False, n=name, p=pane: self._annotate_from_menu(p, n))
        note = menu.addAction(icon("note", self.theme_name), "Add note…")
        note.setEnabled(has_selection and self.doc_id is not None)
        note.triggered.connect(lambda _c=False, p=pane: self._annotate_from_menu(p, None))
        offset = pane.offset_at_point(pos)
        for a in self.annotations:
            if a.side == pane.side and a.start <= offset < a.end:
                remove = menu.addAction(f"Remove {a.kind}")
                remove.triggered.connect(lambda _c=False, i=a.id: self.delete_annotation(i))
        if pane is self.en_pane:
            sid = pane.sentence_at(offset) if offset >= 0 else ""
            if sid:
                menu.addSeparator()
                edit = menu.addAction(icon("edit", self.theme_name), f"Edit sentence {sid}…")
                edit.triggered.connect(lambda _c=False, s=sid: self.edit_sentence(s))
                t = self.translation.get(sid) if self.translation else None
                if t is not None and t.edited:
                    revert = menu.addAction("Revert to machine translation")
                    revert.triggered.connect(lambda _c=False, s=sid: self.commit_edit(s, None))
        menu.exec(pane.viewport().mapToGlobal(pos))

    # ======================================================================================
    # the brief
    # ======================================================================================

    def regenerate_brief(self, confirm: bool = True) -> None:
        if self.doc is None or self.analysis is None:
            if confirm:
                self.statusBar().showMessage("The brief is built once the article has been analysed.", 4000)
            return
        if confirm and self.brief_panel.edited and not self.confirm(
            "Regenerate brief", "Replace your edited brief with a new one from the current translation and claims?"
        ):
            return
        from desktop.core.brief.model import build_brief

        try:
            brief = build_brief(self.doc, self.analysis, self.translation)
        except Exception as exc:  # a brief that cannot be built must not take the window down
            self._report_failure("Could not build the brief", exc)
            return
        self.brief_panel.set_brief(brief)
        self._update_actions()

    def _restore_brief(self, data: dict[str, Any]) -> None:
        from desktop.core.brief.model import Brief

        try:
            brief = Brief.from_dict(data)
        except Exception:  # written by another version: a fresh one is generated after analysis
            return
        self.brief_panel.set_brief(brief, edited=True)

    def export_brief(self, fmt: str = "md", path: str | None = None) -> None:
        """Write the brief (as edited in the Brief panel) to a file, in a worker."""
        if self.doc is None or self.doc_id is None:
            return
        if self.brief_panel.brief is None:
            self.regenerate_brief(confirm=False)
        brief = self.brief_panel.current_brief()
        if brief is None:
            self.report_error("No brief yet", "The brief is built once the article has been analysed.")
            return
        if path is None:
            stem = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in (self.doc.title or "brief"))[:60].strip()
            label = dict(EXPORT_FORMATS)[fmt]
            path = self.ask_save_path(f"Export brief as {label}", f"{stem or 'brief'}.{fmt}", f"{label} (*.{fmt})")
            if not path:
                return
        if not Path(path).suffix:
            path = f"{path}.{fmt}"
        library = self.ensure_library()
        doc_id = self.doc_id
        target = path

        def job(_token: CancelToken) -> Path:
            from desktop.core.brief.formats import export_brief
            from desktop.core.brief.markdown import to_markdown

            written = export_brief(brief, target, fmt)
            library.save_brief(doc_id, to_markdown(brief), brief.to_dict(), format=fmt)
            return Path(written)

        def done(written: Path) -> None:
            self.statusBar().showMessage(f"Brief written to {written}", 8000)
            self.refresh_library()

        self.statusBar().showMessage(f"Writing {Path(path).name}…")
        self._run("export", Worker.call("export", job), finished=done,
                  failed=lambda exc: self._report_failure("Could not export the brief", exc))

    def export_document(self) -> None:
        if self.doc_id is None or self.doc is None:
            return
        path = self.ask_save_path("Export document", f"{self.doc.title[:60] or 'article'}.dragoman", "Dragoman document (*.dragoman)")
        if not path:
            return
        library = self.ensure_library()
        doc_id = self.doc_id

        def job(_token: CancelToken) -> Path:
            from desktop.core.library.archive import export_document

            return Path(export_document(library, doc_id, Path(path), overwrite=True))

        self._run("export", Worker.call("export-doc", job),
                  finished=lambda p: self.statusBar().showMessage(f"Document written to {p}", 8000),
                  failed=lambda exc: self._report_failure("Could not export the document", exc))

    # ======================================================================================
    # models
    # ======================================================================================

    def open_models_dialog(self) -> None:
        from desktop.gui.models_dialog import ModelsDialog

        dialog = ModelsDialog(self, theme=self.theme_name)
        dialog.models_changed.connect(self.invalidate_model_state)
        dialog.exec()
        self.invalidate_model_state()

    def import_model(self) -> None:
        from desktop.gui.models_dialog import ask_model_source

        source = ask_model_source(self)
        if source:
            self.install_model_from(source)

    def install_model_from(self, source: str) -> None:
        """Import a model folder or archive in a worker; translate when done."""
        from desktop.gui.models_panel import import_model_job

        self.model_panel.set_busy(f"Importing {Path(source).name}…")
        self._run(
            "model",
            Worker("import-model", lambda token: import_model_job(source, token)),
            progressed=self.model_panel.on_progress,
            finished=lambda _r: self._on_model_installed(),
            failed=lambda exc: self._on_model_failed("Could not import the model", exc),
            cancelled=lambda: self._on_model_failed("Import cancelled", None),
        )

    def download_model(self) -> None:
        from desktop.gui.models_panel import default_model_entry, download_model_job

        name, size, _description = default_model_entry()
        if not self.confirm(
            "Download a model",
            f"Download {name} ({size} MB) from Hugging Face now? "
            "This is the only time Dragoman uses the network.",
        ):
            return
        self.model_panel.set_busy(f"Downloading {name}…")
        self._run(
            "model",
            Worker("download-model", lambda token: download_model_job(name, token)),
            progressed=self.model_panel.on_progress,
            finished=lambda _r: self._on_model_installed(),
            failed=lambda exc: self._on_model_failed("Could not download the model", exc),
            cancelled=lambda: self._on_model_failed("Download cancelled", None),
        )

    def _on_model_installed(self) -> None:
        self.model_panel.set_idle()
        self.invalidate_model_state()
        self.statusBar().showMessage("Model installed.", 5000)
        if self.doc is not None and self.translation is None:
            self.translate()

    def _on_model_failed(self, title: str, exc: BaseException | None) -> None:
        self.model_panel.set_idle()
        if exc is not None:
            self._report_failure(title, exc)
        else:
            self.statusBar().showMessage(title, 5000)

    # ======================================================================================
    # settings, help
    # ======================================================================================

    def open_settings(self) -> None:
        from desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(self.settings.profile)))
            self._apply_reading_font()
            if self.settings.theme != self.theme_name:
                self.set_theme(self.settings.theme)
            self.invalidate_model_state()

    def show_shortcuts(self) -> None:
        rows = []
        for action in self.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.text():
                rows.append(f"<tr><td><b>{keys}</b></td><td>{action.text().replace('&', '')}</td></tr>")
        QMessageBox.information(self, "Keyboard shortcuts", "<table cellpadding=3>" + "".join(sorted(rows)) + "</table>")

    def show_about(self) -> None:
        from desktop import __version__

        QMessageBox.about(
            self,
            "About Dragoman",
            f"<h3>Dragoman {__version__}</h3><p>Offline Bulgarian → English translation, key claims "
            "and briefs for news desks. Translation runs on this machine with OPUS-MT models "
            "(Helsinki-NLP); nothing leaves it unless you ask for a model download.</p>",
        )

    # ======================================================================================
    # actions state
    # ======================================================================================

    def _update_actions(self) -> None:
        if not hasattr(self, "act_translate"):
            return
        has_doc = self.doc is not None
        translating = "translate" in self._workers
        busy = any(role in self._workers for role in ("translate", "model", "export", "analyse"))
        has_selection = any(p.selected_range() is not None for p in (self.bg_pane, self.en_pane))
        self.act_translate.setEnabled(has_doc and not translating)
        self.act_cancel.setEnabled(busy)
        self.act_highlight.setEnabled(has_doc and has_selection)
        self.act_note.setEnabled(has_doc and has_selection)
        self.act_edit.setEnabled(has_doc and self.translation is not None)
        self.act_revert.setEnabled(has_doc and self.translation is not None)
        for action in self.act_export.values():
            action.setEnabled(has_doc and self.analysis is not None)
        self.export_button.setEnabled(has_doc and self.analysis is not None)
        self.act_export_doc.setEnabled(has_doc)
        self.act_analyse.setEnabled(has_doc)
        self.act_regenerate.setEnabled(has_doc and self.analysis is not None)

    # ======================================================================================
    # workers
    # ======================================================================================

    def _run(
        self,
        role: str,
        worker: Worker,
        *,
        progressed: Callable[[Progress], None] | None = None,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        ended: Callable[[], None] | None = None,
    ) -> Worker:
        """Start ``worker`` as the window's job for ``role`` (one at a time per role).

        The role is released as soon as the outcome arrives (before the
        outcome's handler runs), so a handler may start the next job at once:
        translation finished -> analysis.
        """

        def release() -> None:
            if self._workers.get(role) is worker:
                del self._workers[role]
            if role == "translate":
                self._show_progress(False)
            self._update_actions()

        def on_finished(result: object) -> None:
            release()
            if finished is not None:
                finished(result)

        def on_failed(exc: BaseException) -> None:
            release()
            if not isinstance(exc, DragomanError) and worker.traceback:
                print(worker.traceback, file=sys.stderr)  # a bug: keep the whole story for the report
            if failed is not None:
                failed(exc)
            else:
                self._report_failure("Something went wrong", exc)

        def on_cancelled() -> None:
            release()
            if cancelled is not None:
                cancelled()

        def on_ended() -> None:
            release()
            if ended is not None:
                ended()
            document_work = any(r in self._workers for r in ("open", "translate", "analyse"))
            if not document_work and not self._analysis_pending and not self._translate_after_analysis:
                self.work_finished.emit()
                self._maybe_screenshot()

        if progressed is not None:
            worker.progressed.connect(progressed)
        worker.finished.connect(on_finished)
        worker.failed.connect(on_failed)
        worker.cancelled.connect(on_cancelled)
        worker.ended.connect(on_ended)
        self._workers[role] = worker
        worker.start()
        self._update_actions()
        return worker

    def _cancel_worker(self, role: str) -> None:
        worker = self._workers.get(role)
        if worker is not None:
            worker.cancel()

    def _stop_document_work(self) -> None:
        """Cancel jobs that belong to the open document (their results are ignored anyway)."""
        self._analysis_timer.stop()
        self._translate_after_analysis = False
        for role in ("translate", "analyse"):
            self._cancel_worker(role)

    @property
    def busy(self) -> bool:
        """True while any job runs or is about to (tests and the screenshot mode wait on it)."""
        return (
            bool(self._workers)
            or self._analysis_pending
            or self._translate_after_analysis
            or self._analysis_timer.isActive()
        )

    def _report_failure(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, DragomanError):
            self.report_error(title, str(exc))
        else:
            self.report_error(title, f"{type(exc).__name__}: {exc}")

    # ======================================================================================
    # dialogs (replaceable in tests)
    # ======================================================================================

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _show_error(self, title: str, text: str) -> None:
        if self._screenshot is not None:
            print(f"dragoman: {title}: {text}", file=sys.stderr)
            return
        QMessageBox.warning(self, title, text)

    def _ask_save_path(self, title: str, name: str, filters: str) -> str | None:
        start = str(Path.home() / name)
        path, _ = QFileDialog.getSaveFileName(self, title, start, filters)
        return path or None

    def _ask_text(self, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getMultiLineText(self, title, label, text)
        return value if ok else None

    # ======================================================================================
    # screenshot mode
    # ======================================================================================

    def screenshot_when_done(self, path: Path, *, timeout_s: float = 300.0) -> None:
        """Save a PNG of the window once the article is translated (if possible) and analysed, then quit."""
        self._screenshot = path
        self._keep_layout = False  # the picture's layout is not the user's: do not save it
        self.resize(*DEFAULT_SIZE)
        self.sidebar.show()
        self.act_sidebar.setChecked(True)
        self.main_splitter.setSizes([230, 810, 360])
        self.pane_splitter.setSizes([400, 400])
        QTimer.singleShot(int(timeout_s * 1000), lambda: self._finish_screenshot(1, grab=True, timed_out=True))

    def _maybe_screenshot(self) -> None:
        if self._screenshot is None or self.doc is None:
            return
        if self.model_available() and (self.translation is None or not self.translation.is_complete(self.doc)):
            if "translate" not in self._workers:
                pass  # translation failed or was cancelled: picture what there is
            else:
                return
        QTimer.singleShot(400, lambda: self._finish_screenshot(0, grab=True))

    def _finish_screenshot(self, code: int, *, grab: bool, timed_out: bool = False) -> None:
        path = self._screenshot
        if path is None:
            return
        self._screenshot = None
        if grab:
            if self.claim_views:
                # Show a claim "clicked": its row current, its sentence focused in both panes.
                first = self.claim_views[0]
                self.claims_panel.select_claim(first.key)
                if first.sentence_ids:
                    self.bg_pane.set_focused(first.sentence_ids[0])
                    self.en_pane.set_focused(first.sentence_ids[0])
            self.bg_pane.verticalScrollBar().setValue(0)
            self.en_pane.verticalScrollBar().setValue(0)
            QApplication.processEvents()
            path.parent.mkdir(parents=True, exist_ok=True)
            if not self.grab().save(str(path), "PNG"):
                print(f"dragoman: could not write {path}", file=sys.stderr)
                code = 2
            elif timed_out:
                print(f"dragoman: timed out waiting for the work to finish; saved {path} anyway", file=sys.stderr)
            else:
                print(f"Screenshot saved to {path}")
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.exit(code)

    # ======================================================================================
    # closing
    # ======================================================================================

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel running work, wait for the workers, save the layout, close the library."""
        self._closing = True
        self._analysis_timer.stop()
        self.editor.cancel()
        workers.cancel_all()
        if not workers.wait_all(30_000):
            print("dragoman: a background job did not stop in time", file=sys.stderr)
        if self._keep_layout:
            self.save_geometry()
        if self.library is not None:
            self.library.close()
            self.library = None
        event.accept()


# --- helpers used by worker jobs (run in pool threads) ---------------------------------


def _stored_analysis(library: Library, doc_id: int) -> Analysis | None:
    """The claims and flags saved with a document, as an Analysis (None when none or unreadable)."""
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


def _open_library(report: Callable[[str, str], None] | None = None) -> Library:
    """The desk library; when it cannot be opened, a temporary one (and the reason is reported)."""
    from desktop.core.errors import LibraryError
    from desktop.core.library.store import Library

    try:
        return Library()
    except LibraryError as exc:
        import tempfile

        fallback = Path(tempfile.mkdtemp(prefix="dragoman-")) / "library.sqlite"
        library = Library(fallback)
        library.message = f"{exc} Working in a temporary library at {fallback} for now."
        if report is not None:
            report("The library could not be opened", library.message)
        return library


def _open_memory(library: Library) -> Any:
    """A translation memory on the library file, with its own connection.

    Call it in the thread that will use it: the memory opens its SQLite
    connection lazily, on first use, and a connection stays in its thread.
    """
    from desktop.core.translate.memory import TranslationMemory

    return TranslationMemory(library.path)


def _record_edit_in_memory(library: Library, saved: TranslatedSentence, edited: str | None) -> None:
    """Tell the translation memory about a post-edit, so the same sentence gets it next time."""
    import sqlite3

    from desktop.core.errors import DragomanError

    memory = _open_memory(library)  # its connection closes when it goes out of scope
    try:
        memory.record_edit(saved.source, edited)
    except (DragomanError, OSError, sqlite3.Error) as exc:
        print(f"dragoman: the translation memory did not keep the edit: {exc}", file=sys.stderr)


def _as_dict(item: Any) -> dict[str, Any]:
    import dataclasses

    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)


def _jsonish(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


__all__ = ["MainWindow"]


class _HeadlineLabel(QLabel):
    """The English headline under the Bulgarian one; a double-click opens it for correction."""

    double_clicked = Signal()

    def mouseDoubleClickEvent(self, event: Any) -> None:
        self.double_clicked.emit()
        event.accept()
