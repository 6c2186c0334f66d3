"""The desk library: documents, translations, edits, annotations, claims and briefs in one SQLite file.

What comes in: plain records (a segmented Document, translated sentences,
claim and flag dicts, brief Markdown) and ``.dragoman`` files. What goes out:
the same records, search hits, and ``.dragoman`` files. It never translates
or analyses, never overwrites or adopts a file it did not write, and never
leaves half an action saved. :mod:`~desktop.core.library.store` is the
public face (``Library`` and its records); the other modules are its parts.
"""
