"""Article import: a file, bytes or pasted text -> a normalised, segmented Document.

This is the one door every article comes through, from the GUI's Open and
Paste, the CLI and the library's re-import. It answers two questions:

* *What is this?* The format is sniffed from the content first (a ZIP with a
  Word part is a .docx whatever its name; a page that starts with ``<html`` is
  HTML), then taken from the extension. Binary files (PDF, images, archives,
  programs) are refused with a sentence that says what they are.
* *What does it say?* Text files are decoded by detecting the encoding from
  the bytes (:mod:`desktop.core.ingest.decode`); web pages, Word files and
  Markdown go through their readers (:mod:`desktop.core.ingest.formats`).
  The text is then normalised (:mod:`desktop.core.ingest.normalize`), the headline
  is split off as the title, and the body is segmented into sentences.

Everything a user can get wrong raises a :class:`~desktop.core.errors.UnreadableDocument`
subclass whose message names the file and says what is wrong in one sentence.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from desktop.core.document import Document, SourceMeta, fallback_title
from desktop.core.errors import (
    DocumentIsDirectory,
    DocumentNotFound,
    DocumentPermissionDenied,
    DocumentTooLarge,
    EmptyDocument,
    UnreadableDocument,
    UnsupportedFormat,
)
from desktop.core.ingest.decode import ZIP_MAGIC, decode_text, sniff_binary
from desktop.core.ingest.formats import (
    Extracted,
    declared_charset,
    looks_like_html,
    read_docx,
    read_html,
    read_markdown,
    reject_zip,
    zip_kind,
)
from desktop.core.ingest.normalize import normalize_text, split_title, split_wire_header

#: The largest file Dragoman opens. A long article is well under 1 MB; 20 MB
#: leaves room for web pages with inline images while keeping a mistaken
#: choice (a video, a database) from filling memory.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

#: Formats by file extension, used when the content does not say.
_EXTENSION_FORMATS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".md": "md", ".markdown": "md", ".mdown": "md",
    ".docx": "docx",
}  # fmt: skip
_FORMAT_ALIASES = {"txt": "txt", "text": "txt", "html": "html", "htm": "html", "md": "md",
                   "markdown": "md", "docx": "docx"}  # fmt: skip

#: Share of Cyrillic among the letters above which a text counts as Bulgarian.
_CYRILLIC_SHARE_BG = 0.4
_LANGUAGE_SAMPLE_CHARS = 20_000


# --- public API -------------------------------------------------------------------------


def detect_language(text: str) -> str:
    """``"bg"`` when enough of the letters are Cyrillic, else ``"en"``.

    Dragoman translates Bulgarian; the only other language it handles is
    English (an article pasted in the wrong box, or a brief re-imported), so
    the share of Cyrillic letters in the first 20,000 characters decides.
    Text without letters counts as Bulgarian, the app's source language.
    """
    letters = cyrillic = 0
    for ch in text[:_LANGUAGE_SAMPLE_CHARS]:
        if ch.isalpha():
            letters += 1
            if "\u0400" <= ch <= "\u052f":
                cyrillic += 1
    if letters == 0:
        return "bg"
    return "bg" if cyrillic / letters >= _CYRILLIC_SHARE_BG else "en"


def read_document(path: str | os.PathLike[str], *, language: str | None = None) -> Document:
    """Open an article file and return it normalised and segmented.

    The size is checked before anything is read, so choosing a film or a disk
    image by mistake fails at once. ``language`` overrides detection.
    """
    return read_document_and_bytes(path, language=language)[0]


def read_document_and_bytes(path: str | os.PathLike[str], *, language: str | None = None) -> tuple[Document, bytes]:
    """:func:`read_document`, with the bytes it was built from (one read: a batch keys its resume on them)."""
    source = str(path)
    data = _read_file(Path(path), source)
    name = Path(path).name or source
    doc = _build(data, source=source, name=name, fmt=None, language=language,
                 path=str(Path(path).absolute()))  # fmt: skip
    return _segment(doc), data


def document_from_bytes(
    data: bytes, *, name: str, fmt: str | None = None, language: str | None = None
) -> Document:
    """Import the bytes of a file called ``name`` (drag-and-drop, stdin, tests).

    ``fmt`` ("txt", "html", "md", "docx") stands in for the extension when the
    content does not reveal the format; binary content is refused whatever
    ``fmt`` says.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(name, _too_large_reason(len(data)))
    doc = _build(data, source=name, name=name, fmt=fmt, language=language, path=None)
    return _segment(doc)


def read_stream(stream: BinaryIO, *, name: str = "stdin") -> bytes:
    """The bytes of a stream (standard input, a pipe), refused past the article size limit.

    Reads at most the limit plus one byte, so a runaway producer
    (``yes | dragoman segment -``) costs 20 MB of memory, not all of it.
    """
    limit = MAX_DOCUMENT_BYTES
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise DocumentTooLarge(
            name, f"it holds more than the {limit // (1024 * 1024)} MB Dragoman opens as an article"
        )
    return b"".join(chunks)


def document_from_text(text: str, *, name: str = "clipboard", language: str | None = None) -> Document:
    """Import pasted text: normalised, headline split off, segmented."""
    raw = text.encode("utf-8", errors="surrogatepass")
    if not text.strip():
        raise EmptyDocument(name, "the pasted text is empty")
    doc = _from_plain_text(
        text,
        source=name,
        meta=SourceMeta(name=name, format="paste", sha256=hashlib.sha256(raw).hexdigest()),
        language=language,
    )
    return _segment(doc)


# --- reading files -----------------------------------------------------------------------


def _too_large_reason(size: int) -> str:
    limit_mb = MAX_DOCUMENT_BYTES // (1024 * 1024)
    return (
        f"the file is {size / (1024 * 1024):.1f} MB, more than the {limit_mb} MB Dragoman opens as an article"
    )


def _read_file(path: Path, source: str) -> bytes:
    """The bytes of ``path``, after checking it is a readable file of sensible size."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise DocumentNotFound(source, "there is no such file; check the name and the folder") from exc
    except PermissionError as exc:
        raise DocumentPermissionDenied(source, "you do not have permission to open this file") from exc
    except OSError as exc:
        raise UnreadableDocument(source, f"the file could not be opened ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DocumentIsDirectory(source, "this is a folder, not a file; choose an article file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise UnsupportedFormat(source, "this is not an ordinary file (a device, pipe or socket)")
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(source, _too_large_reason(info.st_size))
    try:
        with open(path, "rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still refused.
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except PermissionError as exc:
        raise DocumentPermissionDenied(source, "you do not have permission to read this file") from exc
    except IsADirectoryError as exc:
        raise DocumentIsDirectory(
            source, "this is a folder, not a file; choose an article file inside it"
        ) from exc
    except FileNotFoundError as exc:
        raise DocumentNotFound(source, "the file disappeared while it was being opened") from exc
    except OSError as exc:
        raise UnreadableDocument(source, f"the file could not be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(source, _too_large_reason(len(data)))
    return data


# --- building documents -------------------------------------------------------------------


def _choose_format(data: bytes, *, name: str, fmt: str | None, source: str) -> str:
    """The format of ``data``: content first (ZIP, binary magic, HTML), then ``fmt``/extension."""
    if data.startswith(ZIP_MAGIC):
        kind = zip_kind(data)
        if kind == "docx":
            return "docx"
        reject_zip(kind, source)
    sniff_binary(data, source)
    if looks_like_html(data):
        return "html"
    if fmt is not None:
        chosen = _FORMAT_ALIASES.get(fmt.lower().lstrip("."))
        if chosen is None:
            raise UnsupportedFormat(source, f"'{fmt}' is not a format Dragoman reads (txt, html, md, docx)")
        return chosen
    return _EXTENSION_FORMATS.get(Path(name).suffix.lower(), "txt")


def _build(
    data: bytes, *, source: str, name: str, fmt: str | None, language: str | None, path: str | None
) -> Document:
    """An unsegmented Document from the bytes of one file."""
    if not data:
        raise EmptyDocument(source, "the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    chosen = _choose_format(data, name=name, fmt=fmt, source=source)

    if chosen == "docx":
        if not data.startswith(ZIP_MAGIC):
            raise UnreadableDocument(
                source, "this is not a Word document, though its name says so; it may be damaged"
            )
        extracted = read_docx(data, source)
        meta = SourceMeta(name=name, path=path, format="docx", sha256=sha256, author=extracted.author)
        return _from_extracted(extracted, source=source, meta=meta, language=language)

    if chosen == "html":
        decoded_text, encoding = _decode_html(data, source)
        extracted = read_html(decoded_text, source)
        meta = SourceMeta(name=name, path=path, format="html", encoding=encoding, sha256=sha256,
                          url=extracted.url, date=extracted.date, author=extracted.author)  # fmt: skip
        return _from_extracted(extracted, source=source, meta=meta, language=language)

    decoded = decode_text(data, source)
    if chosen == "md":
        extracted = read_markdown(decoded.text)
        meta = SourceMeta(name=name, path=path, format="md", encoding=decoded.encoding, sha256=sha256,
                          url=extracted.url, date=extracted.date, author=extracted.author)  # fmt: skip
        return _from_extracted(extracted, source=source, meta=meta, language=language)

    meta = SourceMeta(name=name, path=path, format="txt", encoding=decoded.encoding, sha256=sha256)
    return _from_plain_text(decoded.text, source=source, meta=meta, language=language)


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Decode a web page: a BOM wins, then valid UTF-8, then a declared charset that fits, then detection.

    UTF-8 goes before the declared charset because pages re-saved by tools keep
    their old ``<meta charset=windows-1251>`` while the bytes became UTF-8; the
    reverse (Windows-1251 bytes that happen to be valid UTF-8) does not occur
    in Cyrillic text.
    """
    charset = declared_charset(data)
    if charset and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(charset), charset.lower()
        except (LookupError, UnicodeDecodeError):
            pass  # the page lies about its encoding, or names one Python lacks
    decoded = decode_text(data, source)
    return decoded.text, decoded.encoding


def _from_plain_text(text: str, *, source: str, meta: SourceMeta, language: str | None) -> Document:
    """Normalise plain text, read a wire-service header if present, split off the headline."""
    text = normalize_text(text)
    if not text:
        raise EmptyDocument(source, _blank_reason(meta))
    header, rest = split_wire_header(text)
    header_language: str | None = None
    if header is not None:
        meta = replace(meta, date=header.date, url=header.url)
        header_language = header.language if header.language in ("bg", "en") else None
        title_line, _, body = rest.partition("\n")
        title: str | None = title_line.strip() or None
        body = body.lstrip()
        if not body.strip():  # a header and one line: that line is the article
            title, body = None, rest
    else:
        title, body = split_title(text)
    return _document(title, body, source=source, meta=meta, language=language or header_language)


def _from_extracted(extracted: Extracted, *, source: str, meta: SourceMeta, language: str | None) -> Document:
    """Normalise a format reader's output; find a headline in the text if the format gave none."""
    body = normalize_text(extracted.text)
    title = normalize_text(extracted.title or "") or None
    if not body and title:
        body, title = title, None  # a page or file that is only a headline is still an article
    if not body:
        raise EmptyDocument(source, _blank_reason(meta))
    if title is None:
        title, body = split_title(body)
    return _document(title, body, source=source, meta=meta, language=language)


def _document(
    title: str | None, body: str, *, source: str, meta: SourceMeta, language: str | None
) -> Document:
    title = " ".join(title.split()) if title else ""
    first_line, _, rest = body.partition("\n")
    if title and " ".join(first_line.split()) == title and rest.strip():
        # Many exports repeat the headline as the body's first line.
        body = rest.lstrip()
    if not body.strip():
        raise EmptyDocument(source, _blank_reason(meta))
    if not title:
        title = fallback_title(body)
    lang = language or detect_language(f"{title}\n{body}")
    return Document(title=title, language=lang, text=body, meta=meta)


def _blank_reason(meta: SourceMeta) -> str:
    if meta.format == "paste":
        return "the pasted text holds only blank space"
    if meta.format == "html":
        return "the web page has no article text that Dragoman could find"
    if meta.format == "docx":
        return "the Word document has no text"
    return "the file holds only blank space, no text"


def _segment(doc: Document) -> Document:
    from desktop.core.ingest.segment import segment_document

    return segment_document(doc)
