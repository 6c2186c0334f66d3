"""The local model store: install, list, verify, remove and hand over models, offline.

The store is a folder (see :func:`desktop.core.paths.models_dir`) with one
sub-folder per model. Every install -- from huggingface.co, a folder or an
archive -- goes through the same steps in a hidden staging folder inside the
store: gather the files, check them (required files, whole weights, the
language pair, no pickles), convert a translation model to CTranslate2, hash
everything into ``dragoman-install.json``, and only then rename the folder
into place. A model is therefore either fully installed or not there at all,
and ``verify`` can later say exactly which file changed.

Nothing here touches the network except :meth:`ModelStore.download`, which the
user must ask for. Long operations are generators (jobs) that yield
:class:`~desktop.core.jobs.Progress`, with plain-call wrappers for scripts.
"""

from __future__ import annotations

import builtins
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import (
    DownloadFailed,
    ModelCorrupt,
    ModelError,
    ModelInvalid,
    ModelMissing,
)
from desktop.core.jobs import CancelToken, Job, Progress, run_job
from desktop.core.models import hub as model_hub
from desktop.core.models.archive import (
    DEFAULT_MAX_BYTES,
    archive_kind,
    archive_stem,
    common_folder,
    extract_job,
    list_members,
    write_archive_job,
)
from desktop.core.models.files import (
    CT2_DIR,
    RECORD_NAME,
    is_model_file,
    iter_model_files,
    read_json,
    sha256_file,
)
from desktop.core.models.install import install_staged_job
from desktop.core.models.manifest import COMMIT_RE, NAME_RE, TASKS, ManifestEntry, load_manifest
from desktop.core.paths import manifest_path, models_dir

ProgressCallback = Callable[[Progress], None]
_STALE_SECONDS = 24 * 3600
_MB = 1024 * 1024


@dataclass(frozen=True)
class InstalledModel:
    """A model folder in the store, described by its install record.

    ``path`` holds the Hugging Face files; ``ct2_path`` the CTranslate2
    conversion when there is one (the engine falls back to transformers when
    it is None). ``record`` is the parsed ``dragoman-install.json``.
    """

    name: str
    path: Path
    ct2_path: Path | None
    repo_id: str | None
    revision: str | None
    task: str
    source_lang: str | None
    target_lang: str | None
    size_bytes: int
    record: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def direction(self) -> str:
        """``"bg->en"``, or ``"?"`` when the pair is not known."""
        if self.source_lang and self.target_lang:
            return f"{self.source_lang}->{self.target_lang}"
        return "?"

    @property
    def ct2_status(self) -> str:
        """``"ok"``, ``"failed"``, ``"skipped"`` or ``"none"`` (older records)."""
        info = self.record.get("ct2")
        return str(info.get("status", "none")) if isinstance(info, dict) else "none"


def _mb(n: int) -> str:
    return f"{n / _MB:.1f} MB"


def _guess_from_folder(path: Path) -> tuple[str, str | None, str | None]:
    """Name, repo id and revision suggested by a folder's place on disk.

    A Hugging Face cache snapshot (``models--Org--Repo/snapshots/<commit>``)
    names its repo and commit; any other folder just its own name.
    """
    path = path.resolve()
    cache = path.parent.parent.name
    if COMMIT_RE.match(path.name) and path.parent.name == "snapshots" and cache.startswith("models--"):
        parts = cache.split("--")[1:]
        if len(parts) >= 2:
            return parts[-1], f"{parts[0]}/{'--'.join(parts[1:])}", path.name
    return path.name, None, None


class ModelStore:
    """The models installed on this machine, and the ones the manifest offers.

    ``root`` defaults to :func:`~desktop.core.paths.models_dir` (resolved
    now, not at import); ``manifest`` to the shipped ``models/manifest.toml``.
    ``max_import_bytes`` caps what an archive may expand to.
    """

    def __init__(
        self,
        root: Path | None = None,
        *,
        manifest: Path | None = None,
        max_import_bytes: int = DEFAULT_MAX_BYTES,
        quantization: str = "int8",
    ) -> None:
        self.root = Path(root) if root is not None else models_dir()
        self.manifest_path = manifest if manifest is not None else manifest_path()
        self.max_import_bytes = max_import_bytes
        self.quantization = quantization
        self._known: list[ManifestEntry] | None = None

    # --- what is known and installed ---------------------------------------

    def known(self) -> builtins.list[ManifestEntry]:
        """The manifest's models, in manifest order."""
        if self._known is None:
            self._known = load_manifest(self.manifest_path)
        return list(self._known)

    def entry(self, name: str) -> ManifestEntry | None:
        """The manifest entry called ``name``, if any."""
        return next((e for e in self.known() if e.name == name), None)

    def list(self) -> list[InstalledModel]:
        """Installed models (folders with a readable install record), by name."""
        if not self.root.is_dir():
            return []
        found = []
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir() or not (folder / RECORD_NAME).is_file():
                continue
            try:
                found.append(self._load(folder))
            except ModelError:
                continue
        return found

    def unrecorded(self) -> builtins.list[Path]:
        """Folders in the store that are not installed models (no or unreadable record)."""
        if not self.root.is_dir():
            return []
        installed = {m.name for m in self.list()}
        return [
            d
            for d in sorted(self.root.iterdir())
            if d.is_dir() and not d.name.startswith(".") and d.name not in installed
        ]

    def get(self, name: str) -> InstalledModel:
        """The installed model ``name``, or :class:`ModelMissing` saying how to get it."""
        if not NAME_RE.match(name):
            raise ModelMissing(f"'{name}' is not a model name", hint=self._fix_hint(name))
        folder = self.root / name
        if not folder.is_dir():
            raise ModelMissing(f"Model {name} is not installed", hint=self._fix_hint(name))
        if not (folder / RECORD_NAME).is_file():
            raise ModelInvalid(
                f"{folder} has no install record ({RECORD_NAME})",
                hint=f"Run `dragoman models import {folder} --name {name}` to check and register it.",
            )
        return self._load(folder)

    def default_model(
        self, task: str = "translation", *, source_lang: str = "bg", target_lang: str = "en"
    ) -> InstalledModel:
        """The model a task uses when the user picked none.

        The manifest default if it is installed, else any installed model for
        the task (and, for translation, the language pair), preferring one
        with a CTranslate2 conversion.
        """
        installed = [m for m in self.list() if m.task == task]
        pair = (source_lang, target_lang)
        entries = [e for e in self.known() if e.task == task]
        if task == "translation":
            installed = [m for m in installed if (m.source_lang, m.target_lang) == pair]
            entries = [e for e in entries if (e.source_lang, e.target_lang) == pair]
        for entry in sorted(entries, key=lambda e: not e.default):
            match = next((m for m in installed if m.name == entry.name), None)
            if match is not None:
                return match
        if installed:
            return sorted(installed, key=lambda m: (m.ct2_path is None, m.name))[0]
        suggestion = next((e for e in sorted(entries, key=lambda e: not e.default)), None)
        how = "`dragoman models import PATH` with a model folder or hand-over archive"
        if suggestion is not None:
            how = f"`dragoman models download {suggestion.name}` on a connected machine, or " + how
        if task == "translation":
            what = f"No translation model is installed for {source_lang}->{target_lang}"
        else:
            what = f"No {task} model is installed"
        raise ModelMissing(what, hint=f"Run {how}.")

    # --- installing -----------------------------------------------------------

    def import_job(
        self,
        path: Path | str,
        *,
        name: str | None = None,
        convert: bool = True,
        cancel: CancelToken | None = None,
    ) -> Job[InstalledModel]:
        """Install a model from a folder or a ``.zip``/``.tar.gz``/``.tgz`` archive.

        ``name`` overrides the store name (default: the archive's record, its
        top folder, or the file or folder name). A hand-over archive made by
        :meth:`export` is checked against its hashes and keeps its ``ct2/``,
        so no conversion runs; anything else is converted when ``convert``.
        """
        source = Path(path).expanduser()
        if not source.exists():
            raise ModelInvalid(f"{source} does not exist")
        staging = self._staging("import")
        try:
            if source.is_dir():
                guessed, repo_id, revision = _guess_from_folder(source)
                yield from self._copy_folder_job(source, staging, cancel)
                kind, origin = "folder", str(source.resolve())
            elif archive_kind(source) is not None:
                members = list_members(source, max_bytes=self.max_import_bytes)
                top = None if any(m.name == "config.json" for m in members) else common_folder(members)

                def select(member: str) -> str | None:
                    rel = member[len(top) + 1 :] if top else member
                    return rel if is_model_file(rel) else None

                yield from extract_job(
                    source, staging, select=select, max_bytes=self.max_import_bytes, cancel=cancel
                )
                guessed, repo_id, revision = top or archive_stem(source), None, None
                kind, origin = "archive", source.name
            else:
                raise ModelInvalid(
                    f"{source.name} is neither a model folder nor a .zip, .tar.gz or .tgz archive"
                )
            model = yield from self._install_job(
                staging,
                name=name,
                guessed=guessed,
                source_kind=kind,
                source=origin,
                repo_id=repo_id,
                revision=revision,
                convert=convert,
                cancel=cancel,
            )
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return model

    def import_path(
        self,
        path: Path | str,
        *,
        name: str | None = None,
        convert: bool = True,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> InstalledModel:
        """:meth:`import_job` run to the end, reporting to ``progress``."""
        return run_job(self.import_job(path, name=name, convert=convert, cancel=cancel), progress)

    def download_job(self, name: str, *, cancel: CancelToken | None = None) -> Job[InstalledModel]:
        """Download a manifest model from huggingface.co and install it.

        The only network access in the app. The manifest revision is resolved
        to a commit, which the install record keeps. Failing to reach the hub
        raises :class:`DownloadFailed` with one sentence.
        """
        entry = self.entry(name)
        if entry is None:
            known = ", ".join(e.name for e in self.known()) or "none"
            raise ModelMissing(
                f"{name} is not in the model manifest (known: {known})",
                hint="To install another model, use `dragoman models import PATH --name NAME`.",
            )
        self._check_space(entry)
        staging = self._staging("download")
        try:
            commit = yield from self._fetch_job(entry, staging, cancel)
            shutil.rmtree(staging / ".cache", ignore_errors=True)
            model = yield from self._install_job(
                staging,
                name=entry.name,
                guessed=entry.name,
                source_kind="hub",
                source=f"huggingface.co/{entry.repo_id}",
                repo_id=entry.repo_id,
                revision=commit,
                convert=True,
                cancel=cancel,
            )
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return model

    def download(
        self,
        name: str,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> InstalledModel:
        """:meth:`download_job` run to the end, reporting to ``progress``."""
        return run_job(self.download_job(name, cancel=cancel), progress)

    # --- checking, removing, handing over --------------------------------------

    def verify(self, name: str, *, progress: ProgressCallback | None = None) -> builtins.list[str]:
        """Re-hash an installed model; return one line per changed, missing or extra file.

        An empty list means every file matches its install record.
        """
        model = self.get(name)
        files = model.record.get("files")
        if not isinstance(files, dict) or not files:
            raise ModelCorrupt(f"{name}: its install record lists no files", hint="Import the model again.")
        problems: builtins.list[str] = []
        for i, (rel, digest) in enumerate(sorted(files.items()), start=1):
            path = model.path / rel
            if not path.is_file():
                problems.append(f"{rel}: missing")
            elif sha256_file(path) != digest:
                problems.append(f"{rel}: changed")
            if progress is not None:
                progress(Progress("verify", i, len(files), rel))
        problems.extend(
            f"{rel}: not in the install record" for rel in iter_model_files(model.path) if rel not in files
        )
        return problems

    def remove(self, name: str) -> None:
        """Delete an installed model's folder (atomically hidden first, then deleted)."""
        folder = self.root / name
        if not NAME_RE.match(name) or not folder.is_dir():
            raise ModelMissing(f"Model {name} is not installed")
        trash = Path(tempfile.mkdtemp(prefix=".removing-", dir=self.root))
        os.replace(folder, trash / "model")
        shutil.rmtree(trash, ignore_errors=True)

    def export_job(self, name: str, out_path: Path | str, *, cancel: CancelToken | None = None) -> Job[Path]:
        """Write a hand-over archive (``.tar.gz``/``.tgz``/``.zip``) of an installed model.

        It holds the Hugging Face files, ``ct2/`` and the install record, under
        a top folder named after the model; the model is verified first so a
        damaged copy is never handed on.
        """
        model = self.get(name)
        problems = self.verify(name)
        if problems:
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            raise ModelCorrupt(
                f"{name} has changed since it was installed ({problems[0]}{more})",
                hint=f"Run `dragoman models verify {name}`, then import or download it again.",
            )
        rels = sorted(model.record["files"]) + [RECORD_NAME]
        return (yield from write_archive_job(model.path, rels, Path(out_path), top=name, cancel=cancel))

    def export(self, name: str, out_path: Path | str, *, progress: ProgressCallback | None = None) -> Path:
        """:meth:`export_job` run to the end, reporting to ``progress``."""
        return run_job(self.export_job(name, out_path), progress)

    # --- internals --------------------------------------------------------------

    def _fix_hint(self, name: str) -> str:
        if self.entry(name) is not None:
            return (
                f"Run `dragoman models download {name}` on a connected machine, or "
                "`dragoman models import PATH` with a model folder or hand-over archive."
            )
        return "Run `dragoman models import PATH --name NAME` with a model folder or hand-over archive."

    def _load(self, folder: Path) -> InstalledModel:
        record = read_json(folder / RECORD_NAME, folder.name)
        task = record.get("task")
        if task not in TASKS:
            raise ModelCorrupt(f"{folder.name}: {RECORD_NAME} names no known task")
        ct2 = folder / CT2_DIR
        return InstalledModel(
            name=folder.name,
            path=folder,
            ct2_path=ct2 if (ct2 / "model.bin").is_file() else None,
            repo_id=record.get("repo_id") or None,
            revision=record.get("revision") or None,
            task=str(task),
            source_lang=record.get("source_lang") or None,
            target_lang=record.get("target_lang") or None,
            size_bytes=int(record.get("size_bytes") or 0),
            record=record,
        )

    def _staging(self, kind: str) -> Path:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._sweep()
            return Path(tempfile.mkdtemp(prefix=f".{kind}-", dir=self.root))
        except OSError as exc:
            raise ModelError(f"Cannot write to the model store {self.root}: {exc.strerror or exc}") from None

    def _sweep(self) -> None:
        """Delete hidden work folders a crashed install left behind (older than a day)."""
        cutoff = time.time() - _STALE_SECONDS
        for folder in self.root.glob(".*-*"):
            try:
                if folder.is_dir() and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    def _check_space(self, entry: ManifestEntry) -> None:
        """Refuse a download the disk cannot hold (download, plus weights conversion, plus ct2)."""
        probe = self.root if self.root.exists() else self.root.parent
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            free = shutil.disk_usage(probe).free
        except OSError:
            return
        need = entry.size_mb * _MB * 2
        if free < need:
            raise DownloadFailed(
                f"Not enough free disk space in {self.root} to download {entry.name}: "
                f"it needs about {need // _MB} MB and {free // _MB} MB are free"
            )

    def _copy_folder_job(self, source: Path, staging: Path, cancel: CancelToken | None) -> Job[None]:
        rels = list(iter_model_files(source, follow_symlinks=True))
        if (source / RECORD_NAME).is_file():
            rels.append(RECORD_NAME)
        total = sum((source / rel).stat().st_size for rel in rels)
        done = 0
        yield Progress("copy", 0, total, f"Copying from {source}")
        for rel in rels:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / rel, target)
            done += target.stat().st_size
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield Progress("copy", done, total, rel)

    def _fetch_job(self, entry: ManifestEntry, dest: Path, cancel: CancelToken | None) -> Job[str]:
        """Run the hub download in a worker thread, turning its byte counts into progress events."""
        token = cancel or CancelToken()
        events: queue.Queue[tuple[int, int]] = queue.Queue()
        result: dict[str, Any] = {}

        def work() -> None:
            try:
                result["commit"] = model_hub.fetch_snapshot(
                    entry, dest, report=lambda done, total: events.put((done, total)), cancel=token
                )
            except BaseException as exc:  # handed to the generator, which re-raises it
                result["error"] = exc

        estimate = entry.size_mb * _MB
        worker = threading.Thread(target=work, name=f"dragoman-download-{entry.name}", daemon=True)
        yield Progress("download", 0, estimate, f"Contacting huggingface.co for {entry.name}")
        worker.start()
        try:
            while worker.is_alive() or not events.empty():
                try:
                    done, total = events.get(timeout=0.1)
                except queue.Empty:
                    continue
                while not events.empty():
                    done, total = events.get_nowait()
                total = total or estimate
                yield Progress("download", done, total, f"{entry.name}: {_mb(done)} of {_mb(total)}")
        finally:
            if worker.is_alive():
                token.cancel()
                worker.join(timeout=30)
        if "error" in result:
            raise result["error"]
        return str(result["commit"])

    def _install_job(
        self,
        staging: Path,
        *,
        name: str | None,
        guessed: str,
        source_kind: str,
        source: str,
        repo_id: str | None,
        revision: str | None,
        convert: bool,
        cancel: CancelToken | None,
    ) -> Job[InstalledModel]:
        """Check, convert, hash and move a staged model folder into the store (see :mod:`.install`)."""
        final = yield from install_staged_job(
            staging,
            root=self.root,
            entry_for=self.entry,
            quantization=self.quantization,
            name=name,
            guessed=guessed,
            source_kind=source_kind,
            source=source,
            repo_id=repo_id,
            revision=revision,
            convert=convert,
            cancel=cancel,
        )
        return self._load(final)
