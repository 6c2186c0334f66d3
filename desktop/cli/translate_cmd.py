"""``dragoman translate FILE``: translate an article on this machine and print BG/EN pairs.

Plain output is one block per sentence -- the Bulgarian line, the English
line, a blank line -- so a desk can read it or diff it; ``--json`` gives the
same with ids, scores and provenance for scripts. Progress goes to stderr as
a bar, only when stderr is a terminal.

Repeated sentences are served from the translation memory kept in the desk
library (``$DRAGOMAN_LIBRARY``), and a journalist's post-edits win; pass
``--no-memory`` to translate everything afresh without touching the library.

Nothing heavy is imported until the command runs, and the default ct2 path
never imports torch.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate an article offline and print Bulgarian/English pairs",
        description="Translate FILE (or - for standard input) with a local model.",
    )
    parser.add_argument("file", metavar="FILE", help="article to translate (.txt, .html, .docx, .md) or -")
    parser.add_argument("--model", metavar="NAME|PATH", help="installed model name or a model folder (default: opus-mt-bg-en)")
    parser.add_argument("--backend", choices=("ct2", "hf"), default="ct2", help="ct2 (fast, default) or hf (transformers)")
    parser.add_argument(
        "--profile", choices=("quality", "fast"), default="quality", help="quality: beam search (default); fast: greedy"
    )
    parser.add_argument("--json", action="store_true", help="print JSON with scores instead of text pairs")
    parser.add_argument("--threads", type=int, default=0, metavar="N", help="CPU threads (default: all)")
    parser.add_argument("--no-memory", action="store_true", help="do not read or write the translation memory")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.cli.progress import ProgressBar
    from desktop.cli.read_input import read_input
    from desktop.core.jobs import run_job
    from desktop.core.translate import translate_document_job

    doc = read_input(args.file)
    memory = None if args.no_memory else _open_memory()
    bar = ProgressBar()
    try:
        job = translate_document_job(
            doc,
            model=args.model,
            backend=args.backend,
            profile=args.profile,
            memory=memory,
            threads=max(0, args.threads),
        )
        result = run_job(job, bar)
    finally:
        bar.close()
    out = sys.stdout
    if args.json:
        payload = {
            "title": doc.title,
            "model": result.model,
            "revision": result.revision,
            "backend": result.backend,
            "profile": result.profile,
            "sentences": [
                {
                    "id": t.sentence_id,
                    "source": t.source,
                    "text": t.final,
                    "machine_text": t.text,
                    "score": round(t.score, 4) if t.score is not None else None,
                    "cached": t.cached,
                    "edited": t.edited,
                }
                for t in result.sentences
            ],
        }
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for t in result.sentences:
            out.write(f"{t.source}\n{t.final}\n\n")
    out.flush()
    return 0


def _open_memory() -> Any:
    from desktop.core.memory import TranslationMemory

    return TranslationMemory(_library_path())


def _library_path() -> Any:
    """``desktop.core.library.default_library_path()``'s answer, without importing the library.

    The library module imports sqlite-utils (~0.3 s); the memory needs only
    sqlite3, and the first sentence should not wait for the rest. Same rule:
    ``$DRAGOMAN_LIBRARY`` (a file, or a folder holding library.sqlite), else
    the per-user data folder.
    """
    import os
    from pathlib import Path

    env = os.environ.get("DRAGOMAN_LIBRARY")
    if env:
        path = Path(env).expanduser()
        return path / "library.sqlite" if path.is_dir() else path
    from desktop.core.paths import user_data_dir

    return user_data_dir() / "library.sqlite"
