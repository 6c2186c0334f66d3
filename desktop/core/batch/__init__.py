"""The morning sweep: many articles translated, analysed, stored and ranked in one run.

In: files and folders (articles in any format ingest reads, and ``.zip``
archives of them), a model (store name or path), a decoding profile, how to
share the work (in this process, ``N`` local processes, or a Ray cluster)
and a :class:`~desktop.core.jobs.CancelToken`.
Out: every good article in the library with its translation, claims, flags
and summary (one transaction per article, written by the calling process
only, in input order), one-line reasons for the files that could not be
read, and a ranking by each article's most check-worthy claim.
Never: Qt, printing, asking the user anything, writing the library from a
worker (workers get plain inputs and return plain picklable records), or
letting one bad file stop the batch.

Modules: :mod:`.discover` (files, folders, zips -> articles or reasons),
:mod:`.work` (one article's translation and analysis, run in any worker),
:mod:`.pools` (in-process and local-process runners), :mod:`.ray_pool`
(Ray actors), :mod:`.sweep` (the job that ties them to the library).
"""
