"""Briefs: a document, its translation and analysis in; an English brief out.

:mod:`.model` builds the format-neutral :class:`Brief`; one module per format
writes it (Markdown, HTML, DOCX, PDF). Writers import the model, never the
reverse. Nothing here translates, analyses or fetches anything.
"""
