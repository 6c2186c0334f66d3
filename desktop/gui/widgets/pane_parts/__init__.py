"""The parts a reading pane is built from: its text-offset map and its gutter.

In: a :class:`~desktop.gui.widgets.panes.SentencePane` and its spans. Out:
offsets Qt can use, gutter markers. Never imports the pane itself (it is handed one), nor the core.
"""
