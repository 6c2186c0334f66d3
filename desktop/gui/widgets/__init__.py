"""The window's widgets: they show what they are given and say what the user did, by signals.

No widget opens the library, starts a job or imports the engine; the
controllers (:mod:`desktop.gui.controllers`) decide what happens.
"""
