"""The PySide6 desktop app.

Nothing in this package imports torch, transformers or the translation engine
at module level: the window must appear before any of them is loaded. Long
work runs as core generator jobs in worker threads (:mod:`desktop.gui.workers`);
slots always run on the main thread.
"""
