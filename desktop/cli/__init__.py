"""The ``dragoman`` command: the same core as the GUI, without a window.

Each sub-command lives in its own module under ``desktop.cli`` and exposes
``register(subparsers)``; registration imports nothing heavy, so
``dragoman --help`` stays instant. Errors a user can cause
(:class:`~desktop.core.errors.DragomanError`) are printed as one line on
stderr and exit with status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop import __version__

#: Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "gui_cmd",
    "segment_cmd",
    "brief_cmd",
    "batch_cmd",
    "library_cmd",
    "models_cmd",
    "summarize_cmd",
    "claims_cmd",
    "translate_cmd",
)

EXIT_USER_ERROR = 2
EXIT_CANCELLED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dragoman",
        description="Offline Bulgarian-to-English translation and briefs for news desks.",
    )
    parser.add_argument("--version", action="version", version=f"dragoman {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this install works end to end (prints OK/FAIL per step)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"desktop.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    from desktop.core.errors import Cancelled, DragomanError

    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.self_test:
        from desktop.selftest import run_self_test

        return run_self_test(sys.stdout)
    if getattr(args, "func", None) is None:
        # No sub-command: open the desktop app, as a double-click would.
        args = parser.parse_args(["gui", *args_list])
    try:
        return int(args.func(args) or 0)
    except Cancelled as exc:
        print(f"dragoman: {exc}", file=sys.stderr)
        return EXIT_CANCELLED
    except DragomanError as exc:
        print(f"dragoman: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("dragoman: interrupted", file=sys.stderr)
        return EXIT_CANCELLED
    except BrokenPipeError:
        # `dragoman ... | head` closed the pipe: not an error worth a traceback.
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
