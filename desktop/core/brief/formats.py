"""Which writer makes which file: a table from file extension to writer.

To add an export format, write a module with a ``(Brief) -> bytes`` function
that imports :mod:`.model` only, and add one row to :data:`WRITERS`. The
writers are imported when used, so building a brief never loads python-docx
or fpdf2.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from desktop.core.brief.atomic import write_atomically
from desktop.core.brief.model import Brief
from desktop.core.errors import DragomanError, ExportFailed


class Writer(NamedTuple):
    """Where a format's writer lives: ``module:function`` taking a Brief, returning bytes or text."""

    module: str
    function: str
    description: str

    def load(self) -> Callable[[Brief], bytes | str]:
        fn: Callable[[Brief], bytes | str] = getattr(import_module(self.module), self.function)
        return fn


#: Extension (without the dot) -> writer, in the order menus list them.
WRITERS: dict[str, Writer] = {
    "md": Writer("desktop.core.brief.markdown", "to_markdown", "Markdown"),
    "html": Writer("desktop.core.brief.html", "to_html", "HTML"),
    "docx": Writer("desktop.core.brief.docx", "to_docx_bytes", "Word (DOCX)"),
    "pdf": Writer("desktop.core.brief.pdf", "to_pdf_bytes", "PDF"),
}
FORMATS: tuple[str, ...] = tuple(WRITERS)
#: Other spellings of an extension.
_ALIASES = {"markdown": "md", "htm": "html"}


def format_for(path: Path, fmt: str | None = None) -> str:
    """The export format from an explicit name or the file extension."""
    name = (fmt or path.suffix.lstrip(".")).lower()
    name = _ALIASES.get(name, name)
    if name not in WRITERS:
        raise ExportFailed(
            f"{path}: cannot write a brief as '{name or 'no extension'}'",
            hint="Use one of .md, .html, .docx or .pdf.",
        )
    return name


def render(brief: Brief, fmt: str) -> bytes:
    """``brief`` in format ``fmt`` (one of :data:`FORMATS`), as the bytes of the file.

    A writer library that chokes on some content (python-docx refuses a title
    over 255 characters, fpdf2 a glyph it cannot place) becomes one sentence
    naming the format, never a raw exception in a dialog.
    """
    writer = WRITERS[fmt]
    try:
        out = writer.load()(brief)
    except DragomanError:
        raise
    except Exception as exc:  # a third-party writer's own error: say it in one line
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ExportFailed(
            f"The {writer.description} brief could not be written ({reason})",
            hint="Try another format; the brief itself is unchanged.",
        ) from exc
    return out.encode("utf-8") if isinstance(out, str) else out


def export_brief(brief: Brief, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``brief`` to ``path`` in the format its extension names (md/html/docx/pdf).

    The file is written next to the target and moved into place, so a full
    disk or a crash never leaves a half-written brief where a good one was.
    """
    out = Path(path)
    return write_atomically(out, render(brief, format_for(out, fmt)))
