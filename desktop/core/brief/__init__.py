"""Briefs: a document, its translation and its analysis in; an English brief file out.

:mod:`.model` builds the format-neutral :class:`~.model.Brief`; one module per
format writes it (:mod:`.markdown`, :mod:`.html`, :mod:`.docx`, :mod:`.pdf`),
:mod:`.atomic` puts the file in place, and :mod:`.formats` maps a file
extension to its writer (``export_brief``). Writers import the model, never
the reverse. Nothing here translates, analyses, stores or fetches anything.
"""
