"""``dragoman brief FILE -o OUT``: import, translate, analyse and export in one go.

Translation goes through the desk's translation memory (in the library file,
``$DRAGOMAN_LIBRARY``), as in the app: a sentence translated before is not
translated again and a journalist's correction of it wins. ``--no-memory``
translates everything afresh without touching the library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.core.models.choices import model_for_choice


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "brief",
        help="write an English brief (md, html, docx or pdf) of an article",
        description="Import an article, translate it (when a model is installed), find claims, "
        "summarise, and write a brief whose lines point back to their source sentences.",
    )
    p.add_argument("file", help="the article (.txt, .html, .docx, .md) or - for standard input")
    p.add_argument("-o", "--output", required=True, help="OUT.md, OUT.html, OUT.docx or OUT.pdf")
    p.add_argument(
        "--model",
        metavar="best|standard|NAME|PATH",
        type=model_for_choice,
        help="standard (opus-mt-bg-en, the default), best (opus-mt-tc-big-bg-en, slower), "
        "or an installed model name or model folder",
    )
    p.add_argument("--backend", choices=("ct2", "hf"), default="ct2")
    p.add_argument("--profile", choices=("quality", "fast"), default="quality")
    p.add_argument("--lang", choices=("bg", "en"), help="source language (default: detected)")
    p.add_argument("--no-translate", action="store_true", help="brief the source text only")
    p.add_argument("--no-memory", action="store_true", help="do not read or write the translation memory")
    p.add_argument(
        "--mark-unsure",
        action="store_true",
        help="underline (dotted) the English words the model was unsure of (probability below 0.5)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.cli.progress import ProgressBar
    from desktop.cli.read_input import read_input
    from desktop.core.brief.formats import format_for
    from desktop.core.jobs import run_job
    from desktop.core.operations.briefs import brief_file_job

    out = Path(args.output)
    format_for(out)  # fail on a bad extension before any slow work
    if args.model and not args.no_translate:
        from desktop.core.translate.backends import resolve_model

        resolve_model(args.model)  # an unknown name is an error (listing what is installed), not "no English"
    doc = read_input(args.file, language=args.lang)
    bar = ProgressBar()
    try:
        result = run_job(
            brief_file_job(
                doc,
                out,
                model=args.model,
                backend=args.backend,
                profile=args.profile,
                translate=not args.no_translate and doc.language != "en",
                use_memory=not args.no_memory,
                mark_unsure=args.mark_unsure,
            ),
            bar,
        )
    finally:
        bar.close()
    if doc.language == "en" and not args.no_translate:
        print("dragoman: the article is already in English; it was not translated", file=sys.stderr)
    elif result.missing_model:
        print(f"dragoman: the English side is missing: {result.missing_model}", file=sys.stderr)
    print(f"Brief written to {result.path}")
    return 0
