"""Headless core of Dragoman.

Nothing in this package imports Qt (import-linter checks it), so the same code
serves the command line, the GUI workers and the tests. Heavy libraries (torch,
transformers, ctranslate2) are imported inside the functions that need them,
never at module import, so that the window can appear before they load.
"""
