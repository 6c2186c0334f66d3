"""Analysis: a document (and its translation, when one exists) in; claims, summaries and checks out.

Claims (who said what, checkable figures), extractive and abstractive
summaries with provenance, and translation checks. Claims and the extractive
summary work before any model is installed, so nothing here imports the
translation stage. It never stores or exports anything.
"""
