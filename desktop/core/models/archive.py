"""Model hand-over archives: extracting them safely, and writing them for another machine.

An air-gapped desk gets its models on a USB stick: ``dragoman models export``
on a connected machine writes a ``.tar.gz`` or ``.zip`` holding the Hugging
Face files, the converted ``ct2/`` folder and the install record with hashes;
``dragoman models import`` on the other machine checks every hash and needs no
conversion (so it needs neither torch nor the converter).

An archive is untrusted input. Before anything is written we read every header
and refuse, with one sentence, names that are absolute or climb out with
``..``, links, device files, encrypted members and archives whose members add
up past a size limit; while extracting we count bytes again, because headers
can lie. Only regular files are ever created, with fresh permissions.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from desktop.core.errors import Cancelled, ExportFailed, ModelCorrupt, ModelImportRejected, ModelStoreFull
from desktop.core.jobs import CancelToken, Job, Progress

#: Default limit on the total size of an archive's members (4 GiB): the
#: largest model we list is about 1.2 GB, plus its conversion.
DEFAULT_MAX_BYTES = 4 * 1024**3
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".zip", ".tar")
_CHUNK = 1 << 20
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
#: A member (or a compressed tar as a whole) that would expand more than this
#: many times its stored size is refused before anything is written: model
#: weights are noise to a compressor (a few percent at best), tokenizer and
#: vocabulary files shrink five- or tenfold; only a bomb (gigabytes of zeros)
#: reaches a hundredfold.
MAX_EXPANSION_RATIO = 50
#: Members smaller than this are never refused for their ratio (a tiny config of spaces is harmless).
RATIO_MIN_BYTES = 1024 * 1024
#: Room left free on the disk beyond what an install needs.
SPACE_MARGIN_BYTES = 16 * 1024 * 1024
#: Weight files: float tensors shrink by a few percent at best, so a zip stores
#: them as they are (deflating 300 MB would take longer than it saves).
_INCOMPRESSIBLE = (".safetensors", ".bin")


def archive_kind(path: Path) -> str | None:
    """``"zip"``, ``"tar"`` or None, from the name first and the content second."""
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar.gz", ".tgz", ".tar")):
        return "tar"
    if path.is_file():
        if zipfile.is_zipfile(path):
            return "zip"
        try:
            if tarfile.is_tarfile(path):
                return "tar"
        except OSError:
            return None
    return None


def archive_stem(path: Path) -> str:
    """The archive's name without its archive suffix (``opus-mt-bg-en.tar.gz`` -> ``opus-mt-bg-en``)."""
    name = path.name
    for suffix in ARCHIVE_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


@dataclass(frozen=True)
class Member:
    """One regular file in an archive, under its checked relative name."""

    name: str
    size: int


def _human(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.1f} MB"


def _checked_name(raw: str, archive: Path) -> str:
    """The member name as a safe relative POSIX path, or :class:`ModelImportRejected`."""

    def refuse(why: str) -> ModelImportRejected:
        return ModelImportRejected(f"{archive.name} was refused: its member '{raw}' {why}")

    if "\x00" in raw:
        raise refuse("has a NUL character in its name")
    name = raw.replace("\\", "/")
    if name.startswith("/") or _DRIVE_RE.match(name):
        raise refuse("has an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise refuse("points outside the archive with '..'")
    return "/".join(parts)


@contextmanager
def _open_tar(archive: Path) -> Iterator[tarfile.TarFile]:
    """Open a (compressed) tar; a damaged stream becomes :class:`ModelCorrupt` naming the archive."""
    try:
        with tarfile.open(archive, "r:*") as tf:
            yield tf
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise ModelCorrupt(
            f"{archive.name} is truncated or damaged ({exc or 'unexpected end of data'})"
        ) from None


def list_members(archive: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Member]:
    """Check every header and return the regular files, or refuse the whole archive."""
    kind = archive_kind(archive)
    members: list[Member] = []
    seen: set[str] = set()

    def refuse(raw: str, why: str) -> ModelImportRejected:
        return ModelImportRejected(f"{archive.name} was refused: its member '{raw}' {why}")

    def add(raw: str, size: int) -> None:
        name = _checked_name(raw, archive)
        if not name:
            return
        if name in seen:
            raise refuse(raw, "appears twice")
        seen.add(name)
        members.append(Member(name, size))

    if kind == "zip":
        try:
            with zipfile.ZipFile(archive) as zf:
                for info in zf.infolist():
                    _check_ratio(info.filename, info.file_size, info.compress_size, archive)
                    mode = (info.external_attr >> 16) & 0o177777
                    _checked_name(info.filename, archive)
                    if stat.S_ISLNK(mode):
                        raise refuse(info.filename, "is a symbolic link")
                    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
                        raise refuse(info.filename, "is a device or special file")
                    if info.flag_bits & 0x1:
                        raise refuse(info.filename, "is encrypted")
                    if info.is_dir():
                        continue
                    add(info.filename, info.file_size)
        except zipfile.BadZipFile as exc:
            raise ModelCorrupt(f"{archive.name} is truncated or damaged ({exc})") from None
    elif kind == "tar":
        with _open_tar(archive) as tf:
            for tinfo in tf:
                _checked_name(tinfo.name, archive)
                if tinfo.issym() or tinfo.islnk():
                    raise refuse(tinfo.name, "is a link")
                if tinfo.isdir():
                    continue
                if not tinfo.isreg():
                    raise refuse(tinfo.name, "is a device or special file")
                add(tinfo.name, tinfo.size)
    else:
        raise ModelImportRejected(f"{archive.name} is not a .zip, .tar.gz or .tgz archive")
    total = sum(m.size for m in members)
    if total > max_bytes:
        raise ModelImportRejected(
            f"{archive.name} was refused: it would expand to {_human(total)}, past the {_human(max_bytes)} limit"
        )
    if kind == "tar":
        _check_ratio(archive.name, total, archive.stat().st_size, archive, whole=True)
    return members


def _check_ratio(name: str, size: int, stored: int, archive: Path, *, whole: bool = False) -> None:
    """Refuse a member (or a whole compressed tar) that expands like a bomb, before it is written."""
    if size <= RATIO_MIN_BYTES or size <= MAX_EXPANSION_RATIO * max(stored, 1):
        return
    what = "it" if whole else f"its member '{name}'"
    raise ModelImportRejected(
        f"{archive.name} was refused: {what} would expand from {_human(stored)} to {_human(size)}, "
        f"more than {MAX_EXPANSION_RATIO} times; model files never compress like that"
    )


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk holding ``folder`` (or its nearest existing parent); None if unknown."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def check_free_space(folder: Path, need: int, what: str) -> None:
    """Refuse, before anything is written, work that would fill the disk holding ``folder``.

    ``need`` is what the work will write; :data:`SPACE_MARGIN_BYTES` more is
    left free so that the system and the library keep some room.
    """
    free = free_bytes(folder)
    if free is None:
        return
    if free < need + SPACE_MARGIN_BYTES:
        raise ModelStoreFull(
            f"Not enough free disk space in {folder} to {what}: it needs about {_human(need)} "
            f"and {_human(free)} are free",
            hint="Nothing was written; free some space and try again.",
        )


def common_folder(members: list[Member]) -> str | None:
    """The single top-level folder every member sits in, if there is one."""
    tops = {m.name.split("/", 1)[0] for m in members}
    if len(tops) == 1 and all("/" in m.name for m in members):
        return tops.pop()
    return None


def extract_job(
    archive: Path,
    dest: Path,
    *,
    select: Callable[[str], str | None],
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: CancelToken | None = None,
) -> Job[list[str]]:
    """Extract the members ``select`` maps to a destination name; return those names.

    ``select`` gets each checked member name and returns the relative path to
    write it to, or None to skip it. Yields ``Progress("extract", bytes, total)``.
    """
    members = list_members(archive, max_bytes=max_bytes)
    plan = {m.name: (target, m.size) for m in members if (target := select(m.name)) is not None}
    total = sum(size for _, size in plan.values())
    written: list[str] = []
    state = {"done": 0}
    dest = dest.resolve()

    def write(raw_name: str, source: IO[bytes]) -> Iterator[Progress]:
        name = _checked_name(raw_name, archive)
        if name not in plan:
            return
        target, declared = plan[name]
        path = (dest / target).resolve()
        if dest not in path.parents:
            raise ModelImportRejected(
                f"{archive.name} was refused: its member '{raw_name}' escapes the folder"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        flags = (
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        )
        with os.fdopen(os.open(path, flags, 0o644), "wb") as out:
            while chunk := source.read(_CHUNK):
                count += len(chunk)
                state["done"] += len(chunk)
                if count > declared:
                    raise ModelImportRejected(
                        f"{archive.name} was refused: its member '{raw_name}' is larger than its header says"
                    )
                if state["done"] > max_bytes:
                    raise ModelImportRejected(
                        f"{archive.name} was refused: it expands past the {_human(max_bytes)} limit"
                    )
                out.write(chunk)
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield Progress("extract", state["done"], total, f"{target} ({_human(state['done'])})")
        if count != declared:
            raise ModelCorrupt(f"{archive.name} is truncated or damaged ('{raw_name}' is cut short)")
        written.append(target)

    yield Progress("extract", 0, total, f"Reading {archive.name}")
    if archive_kind(archive) == "zip":
        try:
            with zipfile.ZipFile(archive) as zf:
                for info in zf.infolist():
                    if info.is_dir():
                        continue
                    with zf.open(info) as source:
                        yield from write(info.filename, source)
        except zipfile.BadZipFile as exc:
            raise ModelCorrupt(f"{archive.name} is truncated or damaged ({exc})") from None
    else:
        with _open_tar(archive) as tf:
            for tinfo in tf:
                if not tinfo.isreg():
                    continue
                handle = tf.extractfile(tinfo)
                if handle is None:
                    continue
                yield from write(tinfo.name, handle)
    return written


def write_archive_job(
    src_dir: Path,
    rels: list[str],
    out_path: Path,
    *,
    top: str,
    cancel: CancelToken | None = None,
) -> Job[Path]:
    """Write ``rels`` (paths under ``src_dir``) into ``out_path`` under the folder ``top``.

    The format follows the suffix (``.zip``, ``.tar.gz``/``.tgz``). The archive
    is written to a temporary file beside ``out_path`` and renamed into place,
    so an interrupted export never leaves a half archive under the real name.
    Weights barely compress: a zip stores them uncompressed (the fastest
    format to write and read), a tar.gz uses the fastest gzip level.
    """
    lower = out_path.name.lower()
    if lower.endswith(".zip"):
        fmt = "zip"
    elif lower.endswith((".tar.gz", ".tgz")):
        fmt = "tar"
    else:
        raise ExportFailed(f"{out_path.name}: a model archive must end in .tar.gz, .tgz or .zip")
    total = sum((src_dir / rel).stat().st_size for rel in rels)
    done = 0
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".partial", dir=out_path.parent)
        os.close(fd)
    except OSError as exc:
        raise ExportFailed(f"Could not write {out_path}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        yield Progress("export", 0, total, f"Writing {out_path.name}")
        if fmt == "zip":
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                for rel in rels:
                    method = zipfile.ZIP_STORED if rel.endswith(_INCOMPRESSIBLE) else zipfile.ZIP_DEFLATED
                    zf.write(src_dir / rel, f"{top}/{rel}", compress_type=method)
                    done += (src_dir / rel).stat().st_size
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    yield Progress("export", done, total, rel)
        else:
            with tarfile.open(tmp, "w:gz", compresslevel=1) as tf:
                for rel in rels:
                    path = src_dir / rel
                    info = tf.gettarinfo(str(path), arcname=f"{top}/{rel}")
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    info.mode = 0o644
                    with path.open("rb") as handle:
                        tf.addfile(info, handle)
                    done += info.size
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    yield Progress("export", done, total, rel)
        os.replace(tmp, out_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(f"Could not write {out_path}: {exc.strerror or exc}") from None
    except (Cancelled, GeneratorExit, Exception):
        tmp.unlink(missing_ok=True)
        raise
    return out_path
