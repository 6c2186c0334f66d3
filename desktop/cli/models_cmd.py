"""``dragoman models ...``: list, download, import, verify, remove and export models.

Everything but ``download`` works offline. On an air-gapped desk the usual
path is ``dragoman models export NAME -o NAME.zip`` on a connected machine
and ``dragoman models import NAME.zip`` on the desk's machine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

#: Progress stages counted in bytes; the bar shows them in MB.
_BYTE_STAGES = frozenset({"copy", "extract", "hash", "download", "export"})
_MB = 1024 * 1024


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "models",
        help="list, download, import, verify, remove or export translation models",
        description="Manage the local model store. Only `download` uses the network; "
        "use `export` and `import` to carry models to an air-gapped machine.",
    )
    sub = p.add_subparsers(dest="models_command", metavar="ACTION")
    p.set_defaults(func=_run_help(p))

    q = sub.add_parser("list", help="models the app knows and the ones installed")
    q.set_defaults(func=run_list)

    q = sub.add_parser("download", help="download a model from huggingface.co (needs a network)")
    q.add_argument("name", help="a model name from `dragoman models list`")
    q.set_defaults(func=run_download)

    q = sub.add_parser("import", help="install a model from a folder or a .zip/.tar.gz archive")
    q.add_argument("path", help="model folder, or a hand-over archive from `dragoman models export`")
    q.add_argument("--name", help="store it under this name (default: from the archive or folder)")
    q.add_argument("--no-convert", action="store_true", help="skip the CTranslate2 conversion")
    q.set_defaults(func=run_import)

    q = sub.add_parser("verify", help="re-hash an installed model and name any changed file")
    q.add_argument("name")
    q.set_defaults(func=run_verify)

    q = sub.add_parser("remove", help="delete an installed model")
    q.add_argument("name")
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    q.set_defaults(func=run_remove)

    q = sub.add_parser("export", help="write a hand-over archive for another machine")
    q.add_argument("name")
    q.add_argument("-o", "--output", required=True, help="FILE.zip (fastest), FILE.tar.gz or FILE.tgz")
    q.set_defaults(func=run_export)


def _run_help(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    return run


def _bar() -> tuple[Callable[[Any], None], Callable[[], None]]:
    """A progress callback for the stderr bar that shows byte counts in MB."""
    from desktop.cli.progress import ProgressBar
    from desktop.core.jobs import Progress

    bar = ProgressBar()

    def report(event: Progress) -> None:
        if event.stage in _BYTE_STAGES:
            event = Progress(
                f"{event.stage} MB",
                -(-event.done // _MB),
                -(-event.total // _MB),
                event.message,
                event.rate,
            )
        bar(event)

    return report, bar.close


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    if n >= _MB:
        return f"{n / _MB:.0f} MB"
    return f"{n / 1024:.0f} kB"


def _ct2_text(model: Any) -> str:
    status = model.ct2_status
    if status == "ok":
        return "yes"
    if status == "failed":
        return "failed"
    return "no"


def run_list(args: argparse.Namespace) -> int:
    from desktop.core.models import ModelStore

    store = ModelStore()
    installed = {m.name: m for m in store.list()}
    rows = [("NAME", "TASK", "LANGS", "SIZE", "INSTALLED", "CT2", "")]
    for entry in store.known():
        model = installed.pop(entry.name, None)
        rows.append(
            (
                entry.name + (" *" if entry.default else ""),
                entry.task,
                f"{entry.source_lang}->{entry.target_lang}",
                _size(model.size_bytes) if model else f"~{entry.size_mb} MB",
                "yes" if model else "no",
                _ct2_text(model) if model else "-",
                entry.description,
            )
        )
    for model in installed.values():
        rows.append(
            (
                model.name,
                model.task,
                model.direction,
                _size(model.size_bytes),
                "yes",
                _ct2_text(model),
                "(imported)",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    print(f"Model store: {store.root}")
    for row in rows:
        print(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:6]))
            + ("  " + row[6] if row[6] else "")
        )
    for folder in store.unrecorded():
        print(f"{folder.name}: a folder without an install record; run `dragoman models import {folder}`")
    if not store.known():
        print("(no manifest found: only installed models are listed)")
    print("* = default for its task")
    return 0


def _describe(model: Any) -> str:
    ct2 = model.record.get("ct2", {}) if isinstance(model.record.get("ct2"), dict) else {}
    if model.ct2_status == "ok":
        engine = f"CTranslate2 {ct2.get('quantization', '')}".rstrip()
    elif model.ct2_status == "failed":
        engine = f"transformers only ({ct2.get('reason', 'conversion failed')})"
    else:
        engine = "transformers"
    revision = f", revision {model.revision[:12]}" if model.revision else ""
    return (
        f"{model.name}: {model.task} {model.direction}, {_size(model.size_bytes)}{revision}; runs on {engine}"
    )


def run_download(args: argparse.Namespace) -> int:
    from desktop.core.jobs import run_job
    from desktop.core.models import ModelStore

    store = ModelStore()
    report, close = _bar()
    try:
        model = run_job(store.download_job(args.name), report)
    finally:
        close()
    print(f"Installed {_describe(model)}")
    print(f"  in {model.path}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop.core.jobs import run_job
    from desktop.core.models import ModelStore

    store = ModelStore()
    report, close = _bar()
    try:
        model = run_job(store.import_job(args.path, name=args.name, convert=not args.no_convert), report)
    finally:
        close()
    print(f"Installed {_describe(model)}")
    print(f"  in {model.path}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from desktop.core.models import ModelStore

    problems = ModelStore().verify(args.name)
    if not problems:
        print(f"{args.name}: OK")
        return 0
    for line in problems:
        print(f"{args.name}: {line}")
    return 1


def run_remove(args: argparse.Namespace) -> int:
    from desktop.core.models import ModelStore

    store = ModelStore()
    model_dir = store.root / args.name
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"dragoman: not removing {args.name} without confirmation; add --yes", file=sys.stderr)
            return 2
        answer = input(f"Remove {args.name} from {store.root}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing removed.")
            return 1
    store.remove(args.name)
    print(f"Removed {args.name} ({model_dir})")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop.core.jobs import run_job
    from desktop.core.models import ModelStore

    report, close = _bar()
    try:
        out = run_job(ModelStore().export_job(args.name, Path(args.output)), report)
    finally:
        close()
    print(
        f"Wrote {out} ({_size(out.stat().st_size)}); on the other machine run `dragoman models import {out.name}`"
    )
    return 0
