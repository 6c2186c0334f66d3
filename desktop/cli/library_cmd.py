"""``dragoman library ...``: the desk library from a terminal.

``list``, ``search``, ``show``, ``add`` (an article file), ``import``/``export``
(``.dragoman`` files), ``delete`` and ``recover`` (from a damaged library
moved aside), on the library at ``--library PATH``,
else ``$DRAGOMAN_LIBRARY``, else the user data folder. Nothing heavy is
imported until a command runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from desktop.core.library.store import Library


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "library",
        help="list, search, show, import and export documents in the desk library",
        description="Work with the desk library: every article, its translation, edits, notes and briefs.",
    )
    p.add_argument(
        "--library",
        metavar="PATH",
        help="the library file (default: $DRAGOMAN_LIBRARY, else library.sqlite in the user data folder)",
    )
    actions = p.add_subparsers(dest="library_action", metavar="ACTION", required=True)

    a = actions.add_parser("list", help="list documents, most recently worked on first")
    a.add_argument("--limit", type=int, default=None, help="show at most this many")

    a = actions.add_parser("search", help="search Bulgarian and English text, notes and titles")
    a.add_argument("query", nargs="+", help="words to find (all must match; a word also matches its longer forms)")
    a.add_argument("--limit", type=int, default=20, help="at most this many hits (default 20)")
    a.add_argument("--relevance", action="store_true", help="best matches first (default: newest documents first)")

    a = actions.add_parser("show", help="show one document with its translation side by side")
    a.add_argument("id", type=int)
    a.add_argument("--no-sentences", action="store_true", help="only the summary lines")

    a = actions.add_parser("add", help="import an article file (.txt, .html, .docx, .md)")
    a.add_argument("file")
    a.add_argument("--lang", choices=("bg", "en"), help="the article's language (default: detected)")
    a.add_argument("--as-new", action="store_true", help="add a second copy even if it is already there")

    a = actions.add_parser("export", help="write a document and all work on it to a .dragoman file")
    a.add_argument("id", type=int)
    a.add_argument("-o", "--output", help="the .dragoman file (default: <id>-<title>.dragoman here)")
    a.add_argument("--force", action="store_true", help="overwrite an existing file")

    a = actions.add_parser("import", help="add a .dragoman file from a colleague")
    a.add_argument("file")
    a.add_argument("--as-new", action="store_true", help="add a second copy even if it is already there")

    a = actions.add_parser("recover", help="copy what can still be read from a damaged library into this one")
    a.add_argument("file", nargs="?", help="the damaged file (default: the one last moved aside beside the library)")
    a.add_argument("--row-by-row", action="store_true", help="do not use the sqlite3 tool's .recover")

    a = actions.add_parser("delete", help="delete a document and everything attached to it")
    a.add_argument("id", type=int)
    a.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core.operations.library import open_library

    lib = open_library(args.library)
    try:
        if lib.message:
            print(f"dragoman: {lib.message}", file=sys.stderr)
        handler = _HANDLERS[args.library_action]
        return handler(lib, args, sys.stdout)
    finally:
        lib.close()


# --- actions ------------------------------------------------------------------


def _list(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.operations.library import list_articles

    docs = list_articles(lib, limit=args.limit).documents
    if not docs:
        print(f"The library is empty ({lib.path}).", file=out)
        return 0
    rows = [[f"#{d.id}", d.status, d.date, d.updated_at[:16].replace("T", " "), d.title] for d in docs]
    _table(["ID", "STATUS", "DATE", "UPDATED (UTC)", "TITLE"], rows, out)
    return 0


def _search(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.operations.library import search_library

    query = " ".join(args.query)
    hits = search_library(lib, query, limit=args.limit, relevance=args.relevance)
    if not hits:
        print(f"No matches for {query!r}.", file=out)
        return 0
    labels = {"bg": "BG", "en": "EN", "note": "note", "title": "title"}
    rows = []
    for h in hits:
        where = h.sentence_id or (f"note {h.annotation_id}" if h.annotation_id else "")
        rows.append([f"#{h.doc_id}", labels.get(h.field, h.field), where, _clip(h.title, 40), _clip(h.snippet, 90)])
    _table(["ID", "IN", "WHERE", "TITLE", "MATCH"], rows, out)
    return 0


def _show(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    doc = lib.get_document(args.id)
    summary = next((d for d in lib.list_documents() if d.id == args.id), None)
    translation = lib.load_translation(args.id)
    notes = lib.annotations(args.id)
    claims = lib.load_claims(args.id)
    briefs = lib.briefs(args.id)
    sentences = doc.sentences
    translated = len(translation.sentences) if translation else 0
    edited = sum(1 for t in translation.sentences if t.edited) if translation else 0
    print(f"#{args.id}  {doc.title}", file=out)
    if summary is not None:
        print(
            f"    status: {summary.status} · language: {doc.language} · source: {doc.meta.name or '-'}"
            f" ({doc.meta.format}) · date: {summary.date} · updated: {summary.updated_at[:16].replace('T', ' ')}",
            file=out,
        )
    print(
        f"    sentences: {len(sentences)} · translated: {translated} · edited: {edited}"
        f" · notes: {len(notes)} · claims: {len(claims)} · briefs: {len(briefs)}",
        file=out,
    )
    if translation is not None and translation.model:
        print(f"    model: {translation.model} · {translation.backend or '-'} · {translation.profile or '-'}", file=out)
    if args.no_sentences:
        return 0
    for s in sentences:
        print(file=out)
        print(f"{s.id:<7} {s.text}", file=out)
        t = translation.get(s.id) if translation else None
        if t is not None:
            mark = "✎ " if t.edited else ""
            print(f"{'':<7} {mark}{t.final}", file=out)
    if notes:
        print(file=out)
        print("Notes:", file=out)
        for n in notes:
            body = n.text or "(highlight)"
            print(f"  {n.side} {n.start}-{n.end} {n.kind}: {body}", file=out)
    return 0


def _add(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.operations.articles import import_file

    path = Path(args.file)
    added = import_file(lib, path, language=args.lang, allow_duplicate=args.as_new)
    if added.existed:
        print(f"{path.name} is already in the library as #{added.doc_id}.", file=out)
        return 0
    print(f"Added {path.name} as #{added.doc_id}: {added.title} ({added.sentences} sentences).", file=out)
    return 0


def _export(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.operations.articles import ARCHIVE_SUFFIX, export_archive

    target = (
        Path(args.output) if args.output else Path(f"{args.id}-{_slug(lib.get_document(args.id).title)}{ARCHIVE_SUFFIX}")
    )
    written = export_archive(lib, args.id, target, overwrite=args.force)
    print(f"Exported #{args.id} to {written}.", file=out)
    return 0


def _import(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.operations.articles import import_archive

    added = import_archive(lib, args.file, allow_duplicate=args.as_new)
    if added.existed:
        print(f"{Path(args.file).name} is already in the library as #{added.doc_id}.", file=out)
        return 0
    print(f"Imported {Path(args.file).name} as #{added.doc_id}: {added.title}.", file=out)
    return 0


def _delete(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    doc = lib.get_document(args.id)  # ItemNotFound says so in one line
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"dragoman: not deleting #{args.id} without --yes", file=sys.stderr)
            return 2
        answer = input(f"Delete #{args.id} “{doc.title}” and all work on it? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.", file=out)
            return 0
    from desktop.core.operations.library import delete_article

    delete_article(lib, args.id)
    print(f"Deleted #{args.id}: {doc.title}.", file=out)
    return 0


def _recover(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.errors import LibraryError

    source = Path(args.file) if args.file else lib.recovered_from
    if source is None:
        moved = sorted(lib.path.parent.glob(f"{lib.path.name}.corrupt-*[0-9]"), key=lambda p: p.stat().st_mtime)
        if not moved:
            raise LibraryError(f"No damaged library was moved aside beside {lib.path}; name the file to recover")
        source = moved[-1]
    report = lib.recover(source, use_cli=False if args.row_by_row else None)
    print(report.summary(), file=out)
    for line in report.partial:
        print(f"  {line}", file=out)
    return 0


_HANDLERS = {
    "list": _list,
    "search": _search,
    "show": _show,
    "add": _add,
    "export": _export,
    "import": _import,
    "delete": _delete,
    "recover": _recover,
}


# --- formatting -------------------------------------------------------------------


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _slug(title: str) -> str:
    slug = re.sub(r"[^\w]+", "-", title.lower()).strip("-")
    return slug[:40].strip("-") or "document"


def _table(headers: list[str], rows: list[list[str]], out: TextIO) -> None:
    """Left-aligned columns, two spaces apart; the last column is not padded."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        print("  ".join(cells).rstrip(), file=out)
