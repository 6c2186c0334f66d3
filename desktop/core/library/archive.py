"""Portable annotated documents: one ``.dragoman`` file per article.

A ``.dragoman`` file is a ZIP archive a colleague can open in their own
Dragoman, with everything the library holds about one article::

    manifest.json      {"format": "dragoman-document", "version": 1, "app_version": ..., ...}
    document.json      title, language, normalised text, source metadata, paragraphs and sentences
    original.bin       the bytes the article was imported from (absent for a paste)
    translation.json   every translated sentence, with the journalist's edits
    annotations.json   highlights and notes
    claims.json        the claims found (as the claim finder's dicts)
    flags.json         QA flags
    briefs.json        every brief kept, with its Markdown and data
    brief.md           the latest brief, for a person opening the ZIP by hand

Import round-trips exactly (text, offsets, ids, edits, timestamps) and is
careful with files from elsewhere: nothing is ever extracted to disk, member
names that could escape a folder are refused, members and the whole archive
are size-capped while decompressing (a zip bomb stops at the cap), an unknown
format version is refused, and every JSON member is checked field by field,
so a hostile or damaged file ends in one sentence, never a traceback or a
half-imported document.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from desktop import __version__
from desktop.core.document import Document, Paragraph, Sentence, SourceMeta
from desktop.core.errors import (
    DocumentIsDirectory,
    DocumentNotFound,
    DocumentPermissionDenied,
    ExportFailed,
    UnreadableDocument,
    UnsafeArchive,
    UnsupportedFormat,
)
from desktop.core.library.records import Annotation, Brief, DocumentRecord
from desktop.core.library.store import Library
from desktop.core.translation import TITLE_ID, DocumentTranslation, TranslatedSentence

FORMAT = "dragoman-document"
FORMAT_VERSION = 1
SUFFIX = ".dragoman"

#: Largest single member we will decompress (an article's original file is far smaller).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: Largest total we will decompress from one archive.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 64

_ORIGINAL = "original.bin"
_JSON_MEMBERS = ("manifest.json", "document.json", "translation.json", "annotations.json",
                 "claims.json", "flags.json", "briefs.json")


# --- export -------------------------------------------------------------------


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def record_members(record: DocumentRecord) -> dict[str, bytes]:
    """The archive's members for a record, in the order they are written."""
    doc = record.document
    members: dict[str, bytes] = {
        "manifest.json": _dump(
            {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "app_version": __version__,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "title": doc.title,
                "original": _ORIGINAL if record.original is not None else None,
            }
        ),
        "document.json": _dump(
            {
                "title": doc.title,
                "language": doc.language,
                "text": doc.text,
                "meta": asdict(doc.meta),
                "sha256": record.sha256,
                "imported_at": record.imported_at,
                "updated_at": record.updated_at,
                "paragraphs": [
                    {
                        "index": p.index,
                        "start": p.start,
                        "end": p.end,
                        "sentences": [asdict(s) for s in p.sentences],
                    }
                    for p in doc.paragraphs
                ],
            }
        ),
    }
    if record.original is not None:
        members[_ORIGINAL] = record.original
    if record.translation is not None:
        t = record.translation
        members["translation.json"] = _dump(
            {
                "model": t.model,
                "revision": t.revision,
                "backend": t.backend,
                "profile": t.profile,
                "sentences": [asdict(s) for s in t.sentences],
                # Apart from the body's sentences: a reader that predates headlines ignores it.
                "title": asdict(t.title) if t.title is not None else None,
            }
        )
    members["annotations.json"] = _dump(
        [{k: v for k, v in asdict(a).items() if k not in ("id", "doc_id")} for a in record.annotations]
    )
    members["claims.json"] = _dump(list(record.claims))
    members["flags.json"] = _dump(list(record.flags))
    members["briefs.json"] = _dump(
        [{k: v for k, v in asdict(b).items() if k not in ("id", "doc_id")} for b in record.briefs]
    )
    if record.briefs:
        members["brief.md"] = record.briefs[-1].markdown.encode("utf-8")
    return members


def export_document(lib: Library, doc_id: int, out_path: str | Path, *, overwrite: bool = False) -> Path:
    """Write one document and all the work on it to a ``.dragoman`` file; return its path.

    Written to a temporary file beside the target and renamed into place, so
    a failed export never leaves half a file under the chosen name.
    """
    out = Path(out_path).expanduser()
    if out.is_dir():
        raise ExportFailed(f"{out} is a folder; give a file name ending in {SUFFIX}")
    if out.exists() and not overwrite:
        raise ExportFailed(f"{out} already exists", hint="Choose another name or allow overwriting (--force).")
    members = record_members(lib.export_record(doc_id))
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                zf.writestr(name, data)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(f"Could not write {out} ({exc.strerror or exc})") from exc
    return out


# --- import -------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> bool:
    """Names that could point outside a folder if anyone ever extracted the archive."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))


class _Reader:
    """Reads members of one archive under the safety rules, with one error sentence each."""

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path = path
        self.zf = zf
        self.total = 0
        self.infos: dict[str, zipfile.ZipInfo] = {}
        entries = zf.infolist()
        if len(entries) > MAX_MEMBERS:
            raise UnsafeArchive(path, f"holds {len(entries)} files; a Dragoman document has at most {MAX_MEMBERS}")
        declared = 0
        for info in entries:
            name = info.filename
            if _unsafe_name(name):
                raise UnsafeArchive(path, f"holds an unsafe file name ({name!r}), so it was not imported")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeArchive(path, f"holds a symbolic link ({name!r}), so it was not imported")
            if name in self.infos:
                raise UnsafeArchive(path, f"holds {name!r} twice, so it was not imported")
            if info.file_size > MAX_MEMBER_BYTES:
                raise UnsafeArchive(path, f"holds {name!r} of {info.file_size} bytes, over the {_mib(MAX_MEMBER_BYTES)} limit")
            declared += info.file_size
            self.infos[name] = info
        if declared > MAX_TOTAL_BYTES:
            raise UnsafeArchive(path, f"would unpack to {declared} bytes, over the {_mib(MAX_TOTAL_BYTES)} limit")

    def read(self, name: str) -> bytes | None:
        info = self.infos.get(name)
        if info is None:
            return None
        try:
            with self.zf.open(info) as fh:
                # Never trust the declared size: stop decompressing at the cap.
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise UnreadableDocument(self.path, f"is damaged ({name}: {exc})") from exc
        except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise UnreadableDocument(self.path, f"cannot be read ({name}: {exc})") from exc
        self.total += len(data)
        if len(data) > MAX_MEMBER_BYTES or self.total > MAX_TOTAL_BYTES:
            raise UnsafeArchive(self.path, f"unpacks to more than the size limit ({name}), so it was not imported")
        return data

    def json(self, name: str, *, required: bool = False) -> Any:
        data = self.read(name)
        if data is None:
            if required:
                raise UnreadableDocument(self.path, f"is not a complete Dragoman document ({name} is missing)")
            return None
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise UnreadableDocument(self.path, f"is damaged ({name} is not valid JSON)") from exc


def _mib(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB"


class _Bad(Exception):
    """A field that does not have the shape we wrote; turned into UnreadableDocument."""


def _get(d: Any, key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
    if not isinstance(d, dict):
        raise _Bad(f"expected an object holding {key!r}")
    if key not in d:
        if optional:
            return None
        raise _Bad(f"{key!r} is missing")
    value = d[key]
    if value is None and optional:
        return None
    # bool is an int in Python; never accept it where a number is meant.
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise _Bad(f"{key!r} has the wrong type")
    if not isinstance(value, kind):
        raise _Bad(f"{key!r} has the wrong type")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{what} is not a list")
    return value


def _parse_document(data: Any) -> tuple[Document, str, str, str]:
    text = _get(data, "text", str)
    meta_raw = _get(data, "meta", dict)
    meta_kwargs: dict[str, Any] = {}
    for f in fields(SourceMeta):
        if f.name in meta_raw:
            value = meta_raw[f.name]
            if value is not None and not isinstance(value, str):
                raise _Bad(f"meta.{f.name} has the wrong type")
            meta_kwargs[f.name] = value
    paragraphs: list[Paragraph] = []
    for p in _list(_get(data, "paragraphs", list), "paragraphs"):
        sentences = []
        for s in _list(_get(p, "sentences", list), "sentences"):
            sentence = Sentence(
                id=_get(s, "id", str),
                index=_get(s, "index", int),
                paragraph=_get(s, "paragraph", int),
                start=_get(s, "start", int),
                end=_get(s, "end", int),
                text=_get(s, "text", str),
            )
            if not 0 <= sentence.start <= sentence.end <= len(text):
                raise _Bad(f"sentence {sentence.id} points outside the text")
            sentences.append(sentence)
        para = Paragraph(
            index=_get(p, "index", int), start=_get(p, "start", int), end=_get(p, "end", int),
            sentences=tuple(sentences),
        )
        if any(s.paragraph != para.index for s in sentences):
            raise _Bad(f"paragraph {para.index} holds a sentence of another paragraph")
        paragraphs.append(para)
    ids = [s.id for p in paragraphs for s in p.sentences]
    if len(ids) != len(set(ids)):
        raise _Bad("two sentences share an id")
    doc = Document(
        title=_get(data, "title", str),
        language=_get(data, "language", str),
        text=text,
        meta=SourceMeta(**meta_kwargs),
        paragraphs=tuple(paragraphs),
    )
    sha = _get(data, "sha256", str)
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise _Bad("sha256 is not a SHA-256 digest")
    return doc, sha, _get(data, "imported_at", str), _get(data, "updated_at", str)


def _parse_sentence(s: Any) -> TranslatedSentence:
    score = _get(s, "score", (int, float), optional=True)
    return TranslatedSentence(
        sentence_id=_get(s, "sentence_id", str),
        index=_get(s, "index", int),
        source=_get(s, "source", str),
        text=_get(s, "text", str),
        score=float(score) if score is not None else None,
        model=_get(s, "model", str),
        revision=_get(s, "revision", str),
        backend=_get(s, "backend", str),
        profile=_get(s, "profile", str),
        cached=_get(s, "cached", bool),
        edited_text=_get(s, "edited_text", str, optional=True),
    )


def _parse_translation(data: Any) -> DocumentTranslation:
    sentences = [_parse_sentence(s) for s in _list(_get(data, "sentences", list), "translation sentences")]
    title = _get(data, "title", dict, optional=True)
    if title is not None:
        sentences.append(_parse_sentence(title))
        if sentences[-1].sentence_id != TITLE_ID:
            raise _Bad("translation title is not the headline")
    return DocumentTranslation(
        sentences=tuple(sentences),
        model=_get(data, "model", str),
        revision=_get(data, "revision", str),
        backend=_get(data, "backend", str),
        profile=_get(data, "profile", str),
    )


def _parse_annotations(data: Any) -> tuple[Annotation, ...]:
    out = []
    for a in _list(data, "annotations"):
        ann = Annotation(
            id=0,
            doc_id=0,
            side=_get(a, "side", str),
            start=_get(a, "start", int),
            end=_get(a, "end", int),
            kind=_get(a, "kind", str),
            colour=_get(a, "colour", str, optional=True),
            text=_get(a, "text", str),
            created_at=_get(a, "created_at", str),
            updated_at=_get(a, "updated_at", str),
        )
        if ann.side not in ("bg", "en") or ann.kind not in ("highlight", "note"):
            raise _Bad("an annotation has an unknown side or kind")
        if not 0 <= ann.start <= ann.end:
            raise _Bad("an annotation has an impossible span")
        out.append(ann)
    return tuple(out)


def _parse_dicts(data: Any, what: str) -> tuple[dict[str, Any], ...]:
    items = _list(data, what)
    if not all(isinstance(i, dict) for i in items):
        raise _Bad(f"{what} must be a list of objects")
    return tuple(items)


def _parse_briefs(data: Any) -> tuple[Brief, ...]:
    return tuple(
        Brief(
            id=0,
            doc_id=0,
            created_at=_get(b, "created_at", str),
            format=_get(b, "format", str),
            markdown=_get(b, "markdown", str),
            data=_get(b, "data", dict),
        )
        for b in _list(data, "briefs")
    )


def read_archive(path: str | Path) -> DocumentRecord:
    """Read and check a ``.dragoman`` file without touching any library."""
    src = Path(path).expanduser()
    if not src.exists():
        raise DocumentNotFound(src, "no such file")
    if src.is_dir():
        raise DocumentIsDirectory(src, "is a folder, not a .dragoman file")
    try:
        zf = zipfile.ZipFile(src)
    except PermissionError as exc:
        raise DocumentPermissionDenied(src, "may not be read (permission denied)") from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(src, "is not a Dragoman document (it is not a ZIP archive)") from exc
    with zf:
        reader = _Reader(src, zf)
        manifest = reader.json("manifest.json", required=True)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise UnreadableDocument(src, "is a ZIP archive but not a Dragoman document")
        version = manifest.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise UnreadableDocument(src, "is damaged (its format version is missing)")
        if version > FORMAT_VERSION:
            raise UnsupportedFormat(
                src,
                f"was written by a newer Dragoman (document format {version}; this one reads up to {FORMAT_VERSION})",
                hint="Update Dragoman to open it.",
            )
        parse_step = "document.json"
        try:
            doc, sha, imported_at, updated_at = _parse_document(reader.json("document.json", required=True))
            original = reader.read(_ORIGINAL)
            if original is not None and hashlib.sha256(original).hexdigest() != sha:
                raise _Bad("the original file does not match its recorded SHA-256")
            steps: list[tuple[str, Callable[[Any], Any]]] = [
                ("translation.json", _parse_translation),
                ("annotations.json", _parse_annotations),
                ("claims.json", lambda d: _parse_dicts(d, "claims")),
                ("flags.json", lambda d: _parse_dicts(d, "flags")),
                ("briefs.json", _parse_briefs),
            ]
            parsed: dict[str, Any] = {}
            for parse_step, parse in steps:
                raw = reader.json(parse_step)
                parsed[parse_step] = parse(raw) if raw is not None else None
        except _Bad as exc:
            raise UnreadableDocument(src, f"is damaged ({parse_step}: {exc})") from exc
    translation: DocumentTranslation | None = parsed["translation.json"]
    if translation is not None:
        known = {s.id for s in doc.iter_sentences()} | ({TITLE_ID} if doc.title.strip() else set())
        stray = [t.sentence_id for t in translation.all_sentences if t.sentence_id not in known]
        if stray:
            raise UnreadableDocument(src, f"is damaged (translation.json names unknown sentence {stray[0]})")
    for a in parsed["annotations.json"] or ():
        if a.side == "bg" and a.end > len(doc.text):
            raise UnreadableDocument(src, "is damaged (annotations.json: a note points past the end of the text)")
    return DocumentRecord(
        document=doc,
        original=original,
        sha256=sha,
        imported_at=imported_at,
        updated_at=updated_at,
        translation=translation,
        annotations=parsed["annotations.json"] or (),
        claims=parsed["claims.json"] or (),
        flags=parsed["flags.json"] or (),
        briefs=parsed["briefs.json"] or (),
    )


def import_document(
    lib: Library, path: str | Path, *, on_duplicate: Literal["error", "new"] = "error"
) -> int:
    """Add a ``.dragoman`` file to the library in one transaction; return the new document's id.

    The same article already in the library (same SHA-256) raises
    :class:`~desktop.core.errors.DuplicateDocument` with the stored id, unless ``on_duplicate="new"``
    asks for a second copy.
    """
    if on_duplicate not in ("error", "new"):
        raise ValueError(f"on_duplicate must be 'error' or 'new', not {on_duplicate!r}")
    record = read_archive(path)
    return lib.import_record(record, allow_duplicate=on_duplicate == "new")
