"""The models Dragoman knows: ``models/manifest.toml`` parsed into plain records.

The manifest is the one list of downloadable models (name, Hugging Face repo,
pinned revision, task, languages, licence, size). It is read with
:mod:`tomllib` and validated here so that a hand-edited entry with a typo
fails with a sentence that names the field, not with a KeyError later.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import ModelError

TASKS = ("translation", "summarization")
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class ManifestEntry:
    """One model the app can download; ``revision`` is a commit id or a branch."""

    name: str
    repo_id: str
    revision: str
    task: str
    source_lang: str
    target_lang: str
    license: str
    size_mb: int
    description: str
    default: bool = False

    @property
    def pinned(self) -> bool:
        """True when ``revision`` is a full commit id rather than a branch name."""
        return bool(COMMIT_RE.match(self.revision))

    @property
    def direction(self) -> str:
        return f"{self.source_lang}->{self.target_lang}"


def _field(raw: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in raw:
        raise ModelError(f"{where} has no '{key}'")
    value = raw[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ModelError(f"{where}: '{key}' should be a {kind.__name__}, not {value!r}")
    return value


def parse_manifest(text: str, *, source: str = "manifest.toml") -> list[ManifestEntry]:
    """Parse manifest TOML text; raise :class:`ModelError` naming the bad field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{source} is not valid TOML: {exc}") from None
    models = data.get("model", [])
    if not isinstance(models, list):
        raise ModelError(f"{source}: 'model' must be a list of [[model]] tables")
    entries: list[ManifestEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(models, start=1):
        if not isinstance(raw, dict):
            raise ModelError(f"{source}: model #{i} is not a table")
        where = f"{source}, model #{i}"
        name = _field(raw, "name", str, where)
        where = f"{source}, model '{name}'"
        if not NAME_RE.match(name):
            raise ModelError(f"{where}: names may use letters, digits, '.', '-' and '_' only")
        if name in seen:
            raise ModelError(f"{where} is listed twice")
        seen.add(name)
        task = _field(raw, "task", str, where)
        if task not in TASKS:
            raise ModelError(f"{where}: task must be one of {', '.join(TASKS)}, not '{task}'")
        repo_id = _field(raw, "repo", str, where)
        if repo_id.count("/") != 1:
            raise ModelError(f"{where}: repo must look like 'owner/name', not '{repo_id}'")
        entries.append(
            ManifestEntry(
                name=name,
                repo_id=repo_id,
                revision=_field(raw, "revision", str, where),
                task=task,
                source_lang=_field(raw, "source", str, where),
                target_lang=_field(raw, "target", str, where),
                license=_field(raw, "license", str, where),
                size_mb=_field(raw, "size_mb", int, where),
                description=_field(raw, "description", str, where),
                default=bool(raw.get("default", False)),
            )
        )
    for task in TASKS:
        defaults = [e.name for e in entries if e.task == task and e.default]
        if len(defaults) > 1:
            raise ModelError(f"{source}: more than one default {task} model ({', '.join(defaults)})")
    return entries


def load_manifest(path: Path | None) -> list[ManifestEntry]:
    """Entries of the manifest at ``path``; an empty list when there is none."""
    if path is None or not path.is_file():
        return []
    return parse_manifest(path.read_text(encoding="utf-8"), source=str(path))
