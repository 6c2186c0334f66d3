"""Operations: what a journalist does to an article, over the library, without a window.

In: a :class:`~desktop.core.library.store.Library`, a document id or a file,
and the user's choices (model, profile, an edit's text, a span to annotate).
Out: plain data (ids, records, :class:`~desktop.core.translation.DocumentTranslation`,
:class:`~desktop.core.analysis.result.Analysis`, paths), or for long work a
job: a generator of :class:`~desktop.core.jobs.Progress` events that checks a
:class:`~desktop.core.jobs.CancelToken` and returns the result.
Never: Qt, printing, asking the user anything, or keeping state between calls
(the one backend cache is :mod:`desktop.core.translate.cache`).

The CLI and the GUI both call these, so a rule such as "a journalist's edit
always wins over the machine" is written once (:mod:`.edits`). Modules are
imported by name; none imports torch, sqlite-utils or the engine at import.
"""
