"""Finding the articles of a batch: files, folders (recursively) and ``.zip`` archives of articles.

Listing is cheap and done first (so the progress bar knows the total);
reading and segmenting happen one article at a time, just before it is sent
to a worker. Anything that cannot be read becomes a :class:`BadFile` with
a one-line reason (ingest's own sentences), never an exception: one bad file
must not stop a morning's sweep.

A ``.zip`` is read in memory with the same caution as a Word file: member
names are never used as paths (nothing is extracted to disk), a member whose
declared or real size passes the article limit is refused before it is
unpacked, nested archives are not followed, and an archive with more members
than :data:`MAX_ZIP_MEMBERS` is refused as a whole.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.document import Document
from desktop.core.errors import DragomanError

#: The suffixes a folder is searched for (a file named on the command line is tried whatever its name).
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".md", ".markdown")
ZIP_SUFFIX = ".zip"
#: More members than this is not a zip of articles (and would be a slow way to fail).
MAX_ZIP_MEMBERS = 10_000
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError, NotImplementedError)


@dataclass(frozen=True)
class Candidate:
    """Something that may be an article: a file, or one member of a zip archive."""

    source: str  # what the user sees: the path, or "archive.zip:member"
    path: Path
    member: str | None = None


@dataclass(frozen=True)
class Found:
    """An article read and segmented, with the bytes it came from (they key the resume)."""

    source: str
    document: Document
    original: bytes


@dataclass(frozen=True)
class BadFile:
    """A file that is not a readable article, and why (one line)."""

    source: str
    reason: str

    def line(self) -> str:
        return f"{self.source}: {self.reason}"


def list_candidates(paths: Iterable[str | Path]) -> tuple[list[Candidate], list[BadFile]]:
    """Every article file under ``paths`` (folders recursively, in name order) and what could not be listed."""
    found: list[Candidate] = []
    bad: list[BadFile] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):  # symbolic links to folders are not followed
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        _add_file(Path(root) / name, found, bad, named=False)
        elif not path.exists():
            bad.append(BadFile(str(path), "there is no such file or folder"))
        else:
            _add_file(path, found, bad, named=True)
    return found, bad


def _add_file(path: Path, found: list[Candidate], bad: list[BadFile], *, named: bool) -> None:
    suffix = path.suffix.lower()
    if suffix == ZIP_SUFFIX:
        _list_zip(path, found, bad)
    elif named or suffix in ARTICLE_SUFFIXES:
        found.append(Candidate(str(path), path))
    else:
        bad.append(BadFile(str(path), f"not an article file ({suffix or 'no extension'})"))


def _list_zip(path: Path, found: list[Candidate], bad: list[BadFile]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except _ZIP_ERRORS as exc:
        bad.append(BadFile(str(path), f"the archive is damaged or not a zip ({exc})"))
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        bad.append(BadFile(str(path), f"the archive holds {len(infos)} files, more than {MAX_ZIP_MEMBERS}"))
        return
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename
        base = name.rsplit("/", 1)[-1].lower()
        if base.startswith(".") or name.startswith("__MACOSX/"):
            continue
        source = f"{path}:{name}"
        if base.endswith(ARTICLE_SUFFIXES):
            found.append(Candidate(source, path, name))
        elif base.endswith(ZIP_SUFFIX):
            bad.append(BadFile(source, "an archive inside an archive is not opened; unpack it first"))
        else:
            bad.append(BadFile(source, "not an article file"))


def read_candidate(candidate: Candidate, *, language: str | None = None) -> Found | BadFile:
    """Read and segment one article, or say in one line why it cannot be."""
    from desktop.core.ingest.reader import document_from_bytes, read_document_and_bytes

    try:
        if candidate.member is None:
            document, original = read_document_and_bytes(candidate.path, language=language)
        else:
            original = _member_bytes(candidate)
            document = document_from_bytes(original, name=candidate.source, language=language)
    except DragomanError as exc:
        return BadFile(candidate.source, _reason(exc))
    except OSError as exc:
        return BadFile(candidate.source, f"the file could not be read ({exc.strerror or exc})")
    return Found(candidate.source, document, original)


def _member_bytes(candidate: Candidate) -> bytes:
    """One zip member's bytes, refused before unpacking when it claims to be too large."""
    from desktop.core.errors import DocumentTooLarge, UnreadableDocument
    from desktop.core.ingest.reader import MAX_DOCUMENT_BYTES

    assert candidate.member is not None
    too_large = (
        f"it unpacks to more than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB Dragoman opens as an article"
    )
    try:
        with zipfile.ZipFile(candidate.path) as archive:
            info = archive.getinfo(candidate.member)
            if info.file_size > MAX_DOCUMENT_BYTES:
                raise DocumentTooLarge(candidate.source, too_large)
            with archive.open(info) as handle:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)  # a header that lies is caught here
    except _ZIP_ERRORS as exc:
        raise UnreadableDocument(candidate.source, f"the archive member is damaged ({exc})") from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(candidate.source, too_large)
    return data


def _reason(exc: DragomanError) -> str:
    """The error's sentence without the file name (the summary line starts with it)."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str) and reason:
        return reason.rstrip(".")
    return str(exc).rstrip(".")
