"""Writing an export so that a failure never destroys the previous file.

The bytes go to a temporary file beside the target, are flushed to disk, and
the file is renamed into place; a full disk or a read-only folder becomes one
sentence for the user (:mod:`desktop.core.errors`). The temporary file is
created private (``mkstemp``), so before the rename it is given the mode a
plain ``open()`` would have given it (the umask's), or the mode of the file
it replaces: a brief is a document to share, not a secret.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from desktop.core.errors import ExportFailed, StorageFull


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` beside ``path`` and rename it into place.

    A full disk or a read-only folder becomes one sentence for the user and the
    previous file (if any) is left untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportFailed(f"{path}: the folder {folder} does not exist", hint="Choose another location.")
    fd, tmp = -1, ""
    try:
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = ""
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(f"{path}: the disk is full", hint="Free some space or save elsewhere.") from exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise ExportFailed(f"{path}: this location is read-only", hint="Choose another folder.") from exc
        raise ExportFailed(f"{path}: could not write the file ({exc.strerror or exc})") from exc
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def _mode_for(path: Path) -> int:
    """The permission bits the written file should have: the replaced file's, else the umask's."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)  # elsewhere: read it by setting it, and put it straight back
    os.umask(old)
    return old
