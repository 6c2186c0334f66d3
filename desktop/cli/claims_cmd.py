"""``dragoman claims FILE``: the key claims of an article, most check-worthy first.

Each line shows the check-worthiness score (the list is ordered by it), the
kind (quote, reported, attribution, fact), who made the claim (the resolved
name, even where the article says "той", or "speaker unclear" when the text
does not allow a confident answer) with the reporting word, the sentence
ids, and the claim itself. ``--json``
gives the stored form (character offsets into the article body).

``dragoman claims --each-line FILE`` scores one text per line instead — a
list of statements or tweets — and prints one JSON object per input line:
``{"line": 1, "is_claim": true, "score": 0.42, "text": "..."}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.cli.read_input import positive_int


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "claims",
        help="list an article's key claims (who said what, checkable figures)",
        description="Find the key claims of FILE: quotations, reported speech, attributions and "
        "facts with figures, ranked by check-worthiness. With --each-line, score each line of FILE "
        "as a separate text (statements, tweets).",
    )
    p.add_argument(
        "file", metavar="FILE", help="the article (.txt, .html, .docx, .md) or - for standard input"
    )
    p.add_argument("--lang", choices=("bg", "en"), default=None, help="language of FILE (default: detected)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--limit", "-n", type=positive_int, default=None, metavar="N", help="show the top N claims only"
    )
    p.add_argument(
        "--each-line", action="store_true",
        help="score every line of FILE as its own text; prints is_claim and score per line",
    )  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.each_line:
        return _run_each_line(args)
    from desktop.cli.read_input import read_input
    from desktop.core.analysis.claims.finder import find_claims

    doc = read_input(args.file, language=args.lang)
    claims = find_claims(doc, limit=args.limit)
    out = sys.stdout
    if args.json:
        data = {
            "file": str(args.file),
            "title": doc.title,
            "language": doc.language,
            "claims": [c.to_dict() for c in claims],
        }
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    if not claims:
        print("no claims found", file=sys.stderr)
        return 0
    for c in claims:
        who = c.speaker_name or "-"
        if c.speaker_en and c.speaker_en != c.speaker_name:
            who += f" / {c.speaker_en}"
        if c.speaker_unclear:
            who = "speaker unclear" + (f" (perhaps {who})" if c.speaker_name else "")
        cue = f" ({c.cue.text})" if c.cue else ""
        ids = ",".join(c.sentence_ids)
        text = " ".join(c.content.text.split())
        out.write(f"{c.score:.2f}  {c.kind:<11}  {who}{cue}  [{ids}]  {text}\n")
    return 0


def _read_text(file: str) -> str:
    """Standard input or a file's text, decoded as the importer would."""
    from pathlib import Path

    from desktop.core.errors import DocumentIsDirectory, DocumentNotFound, DocumentPermissionDenied
    from desktop.core.ingest.decode import decode_text

    if file == "-":
        data = sys.stdin.buffer.read()
        source = "stdin"
    else:
        path = Path(file)
        if path.is_dir():
            raise DocumentIsDirectory(file, "this is a folder, not a file")
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise DocumentNotFound(file, "there is no such file; check the name and the folder") from exc
        except PermissionError as exc:
            raise DocumentPermissionDenied(file, "you do not have permission to read this file") from exc
        source = file
    if not data:
        return ""
    return decode_text(data, source).text


def _run_each_line(args: argparse.Namespace) -> int:
    from desktop.core.analysis.claims.finder import score_text

    text = _read_text(args.file)
    lang = args.lang
    if lang is None:
        from desktop.core.ingest.reader import detect_language

        lang = detect_language(text) if text.strip() else "bg"
    out = sys.stdout
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            is_claim, score = score_text(line, lang)
        else:
            is_claim, score = False, 0.0
        if args.json:
            record = {"line": number, "is_claim": is_claim, "score": score, "text": line}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(f"{score:.3f}\t{'claim' if is_claim else '-'}\t{line}\n")
    return 0
