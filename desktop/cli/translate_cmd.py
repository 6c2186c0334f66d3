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

from desktop.core.models.choices import model_for_choice


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate an article offline and print Bulgarian/English pairs",
        description="Translate FILE (or - for standard input) with a local model.",
    )
    parser.add_argument("file", metavar="FILE", help="article to translate (.txt, .html, .docx, .md) or -")
    parser.add_argument(
        "--model",
        metavar="best|standard|NAME|PATH",
        type=model_for_choice,
        help="standard (opus-mt-bg-en, fastest; the default), best (opus-mt-tc-big-bg-en, slower), "
        "or an installed model name or model folder",
    )
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
    from desktop.core.errors import DragomanError
    from desktop.core.jobs import Progress, run_job
    from desktop.core.translate.cache import start_loading
    from desktop.core.translate.job import translate_document_job
    from desktop.core.translation import TITLE_INDEX, headline_of

    threads = max(0, args.threads)
    # The model loads while the article is read and segmented.
    loading = start_loading(args.model, args.backend, threads=threads, profile=args.profile)
    doc = read_input(args.file)
    memory = None if args.no_memory else _open_memory()
    backend: Any
    try:
        backend = loading.result()
    except DragomanError:
        # No usable model: the job needs one only for sentences the memory
        # lacks, and says why in one line when it does.
        backend = args.backend
    out = sys.stdout
    bar = ProgressBar()
    order = ([TITLE_INDEX] if headline_of(doc) else []) + [s.index for s in doc.iter_sentences()]
    pairs = None if args.json else _PairPrinter(order, out, bar)

    def on_event(event: Progress) -> None:
        bar(event)
        if pairs is not None and event.payload:
            pairs.add(event.payload)

    try:
        job = translate_document_job(
            doc,
            model=args.model,
            backend=backend,
            profile=args.profile,
            memory=memory,
            threads=threads,
        )
        result = run_job(job, on_event)
    finally:
        bar.close()
    if pairs is not None:
        pairs.add(result.all_sentences)
    else:
        payload = {
            "title": doc.title,
            "title_en": result.title_text,
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
    out.flush()
    return 0


class _PairPrinter:
    """Prints BG/EN pairs in document order as soon as every earlier sentence is done.

    The headline comes first, as a pair like the others. The job finishes
    it first and the rest in length-sorted batches; printing the longest
    finished prefix shows English at once while keeping the output
    identical to printing it all at the end.
    """

    def __init__(self, order: list[int], out: Any, bar: Any) -> None:
        self.order = order
        self.out = out
        self.bar = bar
        self.ready: dict[int, Any] = {}
        self.next = 0

    def add(self, sentences: Any) -> None:
        for t in sentences:
            self.ready.setdefault(t.index, t)
        start = self.next
        while self.next < len(self.order) and self.order[self.next] in self.ready:
            self.next += 1
        if self.next == start:
            return
        if self.bar.enabled:
            self.bar.stream.write("\r\x1b[K")  # clear the bar's line; it redraws on the next event
            self.bar.stream.flush()
        for index in self.order[start : self.next]:
            t = self.ready.pop(index)
            self.out.write(f"{t.source}\n{t.final}\n\n")
        self.out.flush()


def _open_memory() -> Any:
    """The desk's translation memory, opened without importing the library (sqlite-utils costs ~0.3 s)."""
    from desktop.core.operations.translating import open_memory

    return open_memory()
