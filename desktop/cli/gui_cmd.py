"""``dragoman gui [FILE] [--screenshot PNG]``: open the desktop app.

Registration imports nothing from Qt; PySide6 is imported when the command
runs, so ``dragoman --help`` and every other command stay fast and work on a
machine without a display.
"""

from __future__ import annotations

import argparse
import os


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gui",
        help="open the desktop app (the default when no command is given)",
        description="Open the Dragoman window, optionally on an article.",
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="an article to open (.txt, .html, .docx, .md)")
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        help="load FILE (or the sample article), wait until translation and analysis are done, "
        "save a picture of the whole window to PNG and exit",
    )
    parser.add_argument("--theme", choices=("light", "dark"), help="use this theme for this run only")
    parser.add_argument("--library", metavar="PATH", help="the library file to use (default: $DRAGOMAN_LIBRARY)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="with --screenshot: give up waiting after S seconds (default 300)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.library:
        os.environ["DRAGOMAN_LIBRARY"] = args.library
    from desktop.gui.app import run_app

    return run_app(file=args.file, screenshot=args.screenshot, theme=args.theme, timeout_s=args.timeout)
