"""Ingest: bytes or a path in, a normalised, segmented :class:`~desktop.core.document.Document` out.

Decoding (UTF-8/16, Windows-1251, KOI8-R), formats (.txt, .html, .docx, .md),
normalisation, titles and sentence segmentation with stable ids and offsets.
It never translates, analyses or stores anything, and never touches the network.
"""
