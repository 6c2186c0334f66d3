"""Reading the FILE argument every command takes: a path, or - for standard input."""

from __future__ import annotations

import argparse
import sys

from desktop.core.document import Document


def read_input(file: str, *, language: str | None = None) -> Document:
    """Import a path, or standard input when ``file`` is ``-``, as a segmented document."""
    from desktop.core.ingest.reader import document_from_bytes, read_document, read_stream

    if file == "-":
        data = read_stream(sys.stdin.buffer, name="stdin")
        return document_from_bytes(data, name="stdin", language=language)
    return read_document(file, language=language)


def positive_int(value: str) -> int:
    """argparse type for counts such as ``--sentences`` and ``--limit``: a whole number >= 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number
