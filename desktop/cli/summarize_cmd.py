"""``dragoman summarize FILE``: the extractive summary of an article, with provenance.

Prints the summary lines in document order, each with the id of the source
sentence it is (``p2s1``: paragraph 2, sentence 1), so a journalist can find
it in the article; ``--json`` gives the same as data (plus each sentence's
0-based index) for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.cli.read_input import positive_int


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="summarise an article (extractive: every line is a sentence of the article)",
        description="Print an extractive summary of FILE; every line is a source sentence, with its id.",
    )
    parser.add_argument(
        "file", metavar="FILE", help="article to summarise (txt, html, docx, md; - reads standard input)"
    )
    parser.add_argument(
        "--sentences", "-k", type=positive_int, default=None, metavar="K",
        help="number of summary sentences (default: 3-5, by the article's length)",
    )  # fmt: skip
    parser.add_argument(
        "--lang", choices=("bg", "en"), default=None, help="language of FILE (default: detect)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.cli.read_input import read_input
    from desktop.core.analysis.summarize import summarize

    doc = read_input(args.file, language=args.lang)
    summary = summarize(doc, sentences=args.sentences)
    index = {s.id: s.index for s in doc.iter_sentences()}
    if args.json:
        data = {
            "file": str(args.file),
            "title": doc.title,
            "language": doc.language,
            "method": summary.method,
            "sentences": [
                {
                    "text": s.text,
                    "source_ids": list(s.source_ids),
                    "source_indexes": [index[i] for i in s.source_ids if i in index],
                    "machine_written": s.machine_written,
                }
                for s in summary.sentences
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for s in summary.sentences:
        print(f"[{', '.join(s.source_ids)}] {s.text}")
    return 0
