"""The window's menus and toolbar, built from its actions (:class:`~desktop.gui.main_window.MainWindow`).

Declarative: which action goes where. What an action does is wired in the
window; the recent-files menu is filled by the document controller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMenu, QToolBar, QToolButton, QWidget

from desktop.gui.theme import icon

#: The main window (typed loosely: this module is imported by it, never the reverse).
Window = Any


def build_menus(window: Window) -> QMenu:
    """File, Edit, View, Document, Models, Help: every action, each with its shortcut.

    Returns the "Open recent" menu (filled each time it opens).
    """
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.act_open, window.act_paste, window.act_import_folder])
    recent_menu = file_menu.addMenu("Open &recent")
    recent_menu.aboutToShow.connect(lambda: window.documents.fill_recent_menu(recent_menu))
    file_menu.addSeparator()
    export_menu = file_menu.addMenu(icon("export", window.theme_name), "E&xport brief")
    export_menu.addActions(list(window.act_export.values()))
    file_menu.addAction(window.act_export_doc)
    file_menu.addSeparator()
    file_menu.addAction(window.act_quit)
    edit_menu = bar.addMenu("&Edit")
    for group in ((window.act_undo, window.act_redo), (window.act_edit, window.act_revert),
                  (window.act_highlight, window.act_note), (window.act_find, window.act_settings)):
        edit_menu.addActions(list(group))
        if group[0] is not window.act_find:
            edit_menu.addSeparator()
    view_menu = bar.addMenu("&View")
    view_menu.addActions(window.act_tabs)
    view_menu.addSeparator()
    view_menu.addActions([window.act_sidebar, window.act_sync, window.act_dark])
    view_menu.addSeparator()
    view_menu.addActions([window.act_zoom_in, window.act_zoom_out])
    doc_menu = bar.addMenu("&Document")
    doc_menu.addActions([window.act_translate, window.act_cancel])
    doc_menu.addSeparator()
    doc_menu.addActions([window.act_analyse, window.act_regenerate])
    doc_menu.addSeparator()
    doc_menu.addActions([window.act_next, window.act_prev])
    models_menu = bar.addMenu("&Models")
    models_menu.addActions([window.act_models, window.act_import_model, window.act_download_model])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([window.act_shortcuts, window.act_about])
    return recent_menu


@dataclass(frozen=True)
class Toolbar:
    """The main toolbar and the two widgets on it the window updates."""

    bar: QToolBar
    profile_combo: QComboBox
    export_button: QToolButton


def build_toolbar(window: Window) -> Toolbar:
    """Open, Paste | Translate, profile, Cancel | Highlight, Note | Export brief ... model label, Models."""
    tb = window.addToolBar("Main")
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tb.addActions([window.act_open, window.act_paste])
    tb.addSeparator()
    tb.addAction(window.act_translate)
    profile_combo = QComboBox()
    profile_combo.addItem("quality", "quality")
    profile_combo.addItem("fast", "fast")
    profile_combo.setToolTip("quality: beam search · fast: greedy, several times quicker")
    profile_combo.setCurrentIndex(max(0, profile_combo.findData(window.settings.profile)))
    profile_combo.currentIndexChanged.connect(
        lambda _i: setattr(window.settings, "profile", profile_combo.currentData())
    )
    tb.addWidget(profile_combo)
    tb.addAction(window.act_cancel)
    tb.addSeparator()
    tb.addActions([window.act_highlight, window.act_note])
    tb.addSeparator()
    export_button = QToolButton()
    export_button.setText("Export brief ▾")
    export_button.setIcon(icon("export", window.theme_name))
    export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(export_button)
    menu.addActions(list(window.act_export.values()))
    export_button.setMenu(menu)
    tb.addWidget(export_button)
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy())
    tb.addWidget(spacer)
    tb.addWidget(window.model_label)
    tb.addAction(window.act_models)
    return Toolbar(tb, profile_combo, export_button)
