"""``dragoman segment FILE``: show how Dragoman splits an article into sentences.

Useful on its own (feeding sentences to another tool) and for checking the
splitter on a desk's own articles: the ids are the ones the GUI, briefs and
the library use ("p2s3" = paragraph 2, sentence 3), and ``start``/``end`` are
character offsets into the article's normalised body text (the headline is
kept apart, as in every other view).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "segment",
        help="split an article into sentences, one per line (or JSON)",
        description="Import an article and print its sentences, one per line, in document order. "
        "With --json, print a JSON list of {id, text, start, end}.",
    )
    p.add_argument("file", help="the article (.txt, .html, .docx, .md) or - for standard input")
    p.add_argument("--lang", choices=("bg", "en"), help="language of the article (default: detected)")
    p.add_argument("--json", action="store_true", help="print JSON objects with ids and character offsets")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.cli.read_input import read_input

    doc = read_input(args.file, language=args.lang)
    out = sys.stdout
    if args.json:
        records = [{"id": s.id, "text": s.text, "start": s.start, "end": s.end} for s in doc.sentences]
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        for sentence in doc.sentences:
            # One sentence per line even when it ran over a line break in the source.
            out.write(" ".join(sentence.text.split()) + "\n")
    out.flush()
    return 0
