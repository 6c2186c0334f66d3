"""What an installed model is, for provenance: where its files came from and the hash taken at install.

A model folder imported under the name ``opus-mt-bg-en`` is not, by that
name, Helsinki-NLP's model: it may be a fine-tune, an older copy or anything
with the right files. So a translation names the Hugging Face repository only
when the files are known to be that repository's: downloaded from the hub (or a
checked hand-over of such a download), or copied from a hub cache snapshot
that names its repository and commit. Anything else is named by what was
installed (``opus-mt-bg-en (imported folder my-model)``) with the hash of its
files as recorded at install (``sha256:`` and 12 hex digits) as its revision.
The identity keys the translation memory too, so a different model never
serves another's translations.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Prefix of a revision that is a hash of the installed files rather than a hub commit.
HASH_PREFIX = "sha256:"


@dataclass(frozen=True)
class ModelOrigin:
    """How a translation names the model that made it."""

    model_id: str  # "Helsinki-NLP/opus-mt-bg-en", or "opus-mt-bg-en (imported folder x)"
    revision: str  # the hub commit, or "sha256:<12 hex>" of the files recorded at install
    origin: str  # in words, for a tooltip or a models list


def install_hash(record: dict[str, Any]) -> str | None:
    """``sha256:`` + 12 hex digits over every file hash the install record lists, or None (no list)."""
    files = record.get("files")
    if not isinstance(files, dict) or not files:
        return None
    listing = "".join(f"{rel}\0{digest}\n" for rel, digest in sorted(files.items()))
    return HASH_PREFIX + hashlib.sha256(listing.encode("utf-8")).hexdigest()[:12]


def model_origin(installed: Any) -> ModelOrigin:
    """The identity of an installed model (a store ``InstalledModel`` or anything with its fields)."""
    record = getattr(installed, "record", None) or {}
    name = str(installed.name)
    repo_id = getattr(installed, "repo_id", None) or ""
    revision = getattr(installed, "revision", None) or ""
    kind = str(record.get("source_kind") or "")
    source = str(record.get("source") or "")
    hashed = install_hash(record)
    # A hub download, or a copy that says which commit it is (a hub cache snapshot, an older record).
    if repo_id and (kind == "hub" or revision):
        where = f"{repo_id} at revision {revision[:12] or 'unknown'}"
        return ModelOrigin(repo_id, revision, where + (f", files {hashed}" if hashed else ""))
    what = f"imported {kind} {Path(source).name}" if kind in ("folder", "archive") and source else "installed locally"
    return ModelOrigin(
        f"{name} ({what})",
        hashed or revision,
        f"{what}, files {hashed}" if hashed else what,
    )
