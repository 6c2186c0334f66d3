"""Format readers for article import: web pages, Word files and Markdown.

Each reader turns the bytes (or decoded text) of one format into an
:class:`Extracted` record: body text with paragraphs separated by blank
lines, plus the title and source details the format states. Normalisation and
segmentation happen afterwards, the same way for every format, in
:mod:`desktop.core.ingest.reader`.

trafilatura and python-docx are imported inside the functions: they are slow
to import and the GUI imports the core at start-up.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from desktop.core.errors import (
    BinaryDocument,
    DocumentTooLarge,
    EmptyDocument,
    UnreadableDocument,
    UnsupportedFormat,
)

#: The most a Word file may unpack to, all its parts together: an article
#: with photos is a few MB; the 20 MB cap on the file itself says nothing
#: about this, because XML compresses a hundredfold (a "zip bomb" of 3 MB
#: can hold 2 GB). Checked from the ZIP's directory before anything is
#: decompressed; Python's zipfile never inflates a member past its declared
#: size, so a lying directory cannot get round it.
MAX_DOCX_EXPANDED_BYTES = 64 * 1024 * 1024
#: The most XML a Word file may hold: it is parsed into a tree, which costs
#: several times its size in memory. A long article's document.xml is under 1 MB.
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Extracted:
    """What a format reader found: body text and what the source says about itself."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


# --- ZIP containers ---------------------------------------------------------------------

#: Members that identify an Office Open XML / OpenDocument / e-book container.
_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("META-INF/container.xml", "an e-book (EPUB)"),
)


def zip_kind(data: bytes) -> str:
    """Say what a ZIP container holds: ``"docx"``, a description, or ``"zip"``.

    A damaged archive that still carries the Word part names reads as
    ``"docx"`` so that the user hears "damaged Word document", not "ZIP".
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = ""
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 256:
                mimetype = archive.read("mimetype").decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return "docx" if b"word/document.xml" in data[:65536] else "zip"
    for member, kind in _ZIP_KINDS:
        if member in names:
            return kind
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return "an OpenDocument file (.odt)"
    return "zip"


def reject_zip(kind: str, source: str) -> None:
    """Raise the error for a ZIP container that is not a Word document."""
    if kind == "zip":
        raise BinaryDocument(
            source, "this is a ZIP archive, not a text document; unpack it and open the article inside"
        )
    raise UnsupportedFormat(
        source, f"this is {kind}, which Dragoman cannot read; save the article as .docx or .txt"
    )


# --- DOCX -------------------------------------------------------------------------------

_HEADING_STYLES = ("title", "heading 1", "heading1", "заглавие")


def read_docx(data: bytes, source: str) -> Extracted:
    """Paragraph text of a Word document, the title and the author it records.

    The title is the document's "Title" property when set, else its first
    Title/Heading 1 paragraph; a first paragraph that *is* the title is not
    repeated in the body. The author property is kept unless it is the
    python-docx placeholder.
    """
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise UnsupportedFormat(
            source, "reading Word files needs python-docx, which is not installed"
        ) from exc

    data = _safe_docx(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [
            (p.text, (p.style.name if p.style is not None else "") or "") for p in document.paragraphs
        ]
        props = document.core_properties
        prop_title = (props.title or "").strip()
        prop_author = (props.author or "").strip()
    except Exception as exc:
        # python-docx raises a zoo of errors (BadZipFile, KeyError, lxml syntax
        # errors, ValueError) on a damaged file; for the user they all mean one thing.
        raise UnreadableDocument(
            source, "the Word document is damaged and cannot be opened; re-save it in Word and try again"
        ) from exc

    heading_title: str | None = None
    heading_index: int | None = None
    for i, (text, style) in enumerate(paragraphs):
        if text.strip() and style.strip().lower() in _HEADING_STYLES:
            heading_title, heading_index = text.strip(), i
            break
    title = prop_title or heading_title
    body_paragraphs = [text for text, _ in paragraphs]
    first_text = next((i for i, (text, _) in enumerate(paragraphs) if text.strip()), None)
    if title and first_text is not None and paragraphs[first_text][0].strip() == title:
        del body_paragraphs[first_text]
    elif heading_index is not None and heading_index == first_text and title == heading_title:
        del body_paragraphs[heading_index]
    # A Word paragraph may hold manual line breaks (shift-enter): keep them as lines.
    body = "\n\n".join(p.strip() for p in body_paragraphs if p.strip())
    author = prop_author if prop_author and prop_author.lower() != "python-docx" else None
    return Extracted(text=body, title=title or None, author=author)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n < 1024**3 else f"{n / 1024**3:.1f} GB"


def check_docx_size(data: bytes, source: str) -> None:
    """Refuse a Word file whose parts would unpack past the limits, before any is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise UnreadableDocument(
            source, "the Word document is damaged and cannot be opened; re-save it in Word and try again"
        ) from exc
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    limit, xml_limit = MAX_DOCX_EXPANDED_BYTES, MAX_DOCX_XML_BYTES
    if total > limit:
        raise DocumentTooLarge(
            source,
            f"the Word document unpacks to {_mb(total)}, more than the {_mb(limit)} Dragoman opens as an article",
        )
    if xml > xml_limit:
        raise DocumentTooLarge(
            source,
            f"the Word document holds {_mb(xml)} of text markup, more than the {_mb(xml_limit)} "
            "Dragoman reads as an article",
        )


def _safe_docx(data: bytes, source: str) -> bytes:
    """The Word file as python-docx may read it: sizes checked, entity references taken out.

    Word never writes a DOCTYPE; one in a part is a crafted file. python-docx
    does not resolve entities (so nothing is fetched or read), but it then
    drops the text after a reference. Such parts are re-written without the
    DOCTYPE and with each reference removed and the text around it kept;
    an entity is never resolved, internal or external.
    """
    check_docx_size(data, source)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            crafted = [
                info
                for info in archive.infolist()
                if info.filename.lower().endswith((".xml", ".rels")) and b"<!DOCTYPE" in archive.read(info)
            ]
            if not crafted:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as rebuilt:
                for info in archive.infolist():
                    part = archive.read(info)
                    if info in crafted:
                        part = _without_entities(part)
                    rebuilt.writestr(info.filename, part)
    except Exception as exc:  # zipfile and lxml errors alike: the file is damaged or crafted
        raise UnreadableDocument(
            source, "the Word document is damaged and cannot be opened; re-save it in Word and try again"
        ) from exc
    return out.getvalue()


def _without_entities(xml: bytes) -> bytes:
    """An XML part with its DOCTYPE dropped and every entity reference removed, the text around kept."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(xml, parser)
    for entity in list(root.iter(etree.Entity)):
        parent = entity.getparent()
        if parent is None:
            continue
        tail = entity.tail or ""
        previous = entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(entity)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


# --- HTML -------------------------------------------------------------------------------

_HTML_SNIFF_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` starts like an HTML page (doctype, <html>, <head> or <body>)."""
    head = data[:4096]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        # A BOM before the markup: look past it (UTF-16 pages are re-encoded to check).
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        else:
            try:
                head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
            except UnicodeError:
                return False
    return _HTML_SNIFF_RE.match(head) is not None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 kB, if any."""
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def read_html(html: str, source: str) -> Extracted:
    """Main article text and metadata of a web page, by trafilatura, offline.

    Only the string is parsed: no URL is fetched, ever. Navigation, footers,
    comments and cookie banners are left out by trafilatura's main-content
    detection; if it finds no article (a tiny page), the visible text of the
    page is used instead. The headline is not repeated as the body's first line.
    """
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, include_images=False
        )
        if not _field(result, "text"):  # no main content found: try harder
            result = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, favor_recall=True
            )
        text = _raw_field(result, "text")
        if not text.strip():
            text = trafilatura.html2txt(html) or ""
    except Exception as exc:
        # lxml/trafilatura reject some malformed markup with assorted errors.
        raise UnreadableDocument(source, "the web page's markup is too damaged to read") from exc

    title = _field(result, "title")
    lines = [line.strip() for line in text.splitlines()]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    # trafilatura puts each block (paragraph, heading, list item) on its own line.
    body = "\n\n".join(line for line in lines if line)
    if not body.strip():
        raise EmptyDocument(source, "the web page has no article text that Dragoman could find")
    return Extracted(
        text=body,
        title=title,
        author=_field(result, "author"),
        date=_field(result, "date"),
        url=_field(result, "url"),
    )


def _raw_field(result: object, name: str) -> str:
    """A text field of trafilatura's result (an object, or a dict in older versions)."""
    value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
    return value if isinstance(value, str) else ""


def _field(result: object, name: str) -> str | None:
    """A one-line field of trafilatura's result, whitespace tidied; None when empty."""
    return " ".join(_raw_field(result, name).split()) or None


# --- Markdown ---------------------------------------------------------------------------

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEY_RE = re.compile(r"^(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$", re.M)
_ATX_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT_RE = re.compile(r"^(?P<text>[^\n]+)\n(?P<rule>=+|-+)[ \t]*$", re.M)
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~).*$", re.M)
_RULE_RE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.M)
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.S)
_EM_UNDER_RE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", re.S)
_STRIKE_RE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.S)
_CODE_RE = re.compile(r"`([^`\n]+)`")
_QUOTE_RE = re.compile(r"^ {0,3}> ?", re.M)
_BULLET_RE = re.compile(r"^([ \t]*)[-*+][ \t]+", re.M)


def read_markdown(text: str) -> Extracted:
    """Plain text of a Markdown article, markup stripped lightly.

    Headings lose their ``#``s (the first level-1 heading becomes the title),
    emphasis markers and code ticks go, links keep their text, images and
    link definitions are dropped, block quotes and bullets lose their markers.
    YAML front matter supplies title, date, author and url when present. It is
    a reader's view, not a Markdown parser: tables and HTML stay as written.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    m = _FRONT_MATTER_RE.match(text)
    if m:
        for item in _FRONT_KEY_RE.finditer(m["body"]):
            meta[item["key"].lower()] = item["value"].strip().strip("\"'")
        text = text[m.end() :]

    title: str | None = meta.get("title") or None
    heading = _ATX_HEADING_RE.search(text)
    setext = _SETEXT_RE.search(text)
    if title is None and heading and len(heading.group(1)) == 1:
        title = _inline(heading.group(2)).strip()
        text = text[: heading.start()] + text[heading.end() :]
    elif title is None and setext and setext["rule"].startswith("=") and not text[: setext.start()].strip():
        title = _inline(setext["text"]).strip()
        text = text[setext.end() :]

    text = _FENCE_RE.sub("", text)
    text = _SETEXT_RE.sub(lambda s: s["text"], text)
    text = _RULE_RE.sub("", text)
    text = _REF_DEF_RE.sub("", text)
    text = _ATX_HEADING_RE.sub(lambda h: h.group(2), text)
    text = _QUOTE_RE.sub("", text)
    text = _BULLET_RE.sub(r"\1", text)
    text = _inline(text)
    return Extracted(
        text=text,
        title=title or None,
        author=meta.get("author") or None,
        date=meta.get("date") or None,
        url=meta.get("url") or meta.get("source") or None,
    )


def _inline(text: str) -> str:
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _STRONG_RE.sub(r"\2", text)
    text = _STRIKE_RE.sub(r"\1", text)
    text = _EM_STAR_RE.sub(r"\1", text)
    return _EM_UNDER_RE.sub(r"\1", text)
