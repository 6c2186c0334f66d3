"""The window's behaviour, one small controller per concern; :class:`~desktop.gui.main_window.MainWindow` wires them.

In: the user's actions (from widgets and the window's actions) and the
shared :class:`~desktop.gui.controllers.base.Article`. Out: widgets filled,
and signals saying what changed. Never: SQLite or the engine on the UI
thread; a controller reaches the core only through :mod:`desktop.core.operations`
run by the shared :class:`~desktop.gui.controllers.jobs.JobRunner` (library
work on the database lane, the rest in the thread pool). Results come back
on the UI thread and are checked against the article they were started for
(a job belongs to its document id, not to whatever the window shows by then).

* :mod:`.library` - the library: opening it, the sidebar's list and search, deleting
* :mod:`.document` - opening an article and showing it in the two panes
* :mod:`.translation` - translate-and-store, progress, cancel
* :mod:`.claims` - claims, summary and checks: the analysis and its marks
* :mod:`.edits` - correcting the English, with undo
* :mod:`.annotations` - highlights and notes, with undo
* :mod:`.brief` - the brief: regenerate, export; exporting a ``.dragoman`` file
* :mod:`.models` - which model translates, importing and downloading one
"""
