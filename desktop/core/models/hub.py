"""The only code in Dragoman that talks to huggingface.co, and only when asked.

Everything else in the app loads models from local folders with the hub
libraries forced offline (:func:`offline_hub`). A download is the single
exception, made when the user runs ``dragoman models download NAME`` or
presses Download: :func:`fetch_snapshot` lifts offline mode for the duration
of that call only, resolves the manifest revision to a commit, and fetches
just the files the app needs (config, tokenisers, one copy of the weights)
into a folder inside the store.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from desktop.core.errors import Cancelled, DownloadFailed
from desktop.core.jobs import CancelToken
from desktop.core.models.files import HF_FILES, PYTORCH_BIN, SAFETENSORS
from desktop.core.models.manifest import ManifestEntry

_OFFLINE_VARS = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
_hub_lock = threading.RLock()

#: Called with (bytes done, bytes total) while a download runs.
ByteReporter = Callable[[int, int], None]


def _set_hub_constant(value: bool) -> bool | None:
    """Flip huggingface_hub's cached offline flag if the library is already imported."""
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is None:
        return None
    previous = bool(getattr(constants, "HF_HUB_OFFLINE", False))
    constants.HF_HUB_OFFLINE = value  # type: ignore[attr-defined]
    return previous


@contextlib.contextmanager
def offline_hub() -> Iterator[None]:
    """Run a block with the hub libraries forbidden to use the network.

    Sets ``HF_HUB_OFFLINE=1`` / ``TRANSFORMERS_OFFLINE=1`` (read when the
    libraries are imported) and the flag huggingface_hub caches at import, and
    restores both afterwards.
    """
    with _hub_lock:
        saved = {var: os.environ.get(var) for var in _OFFLINE_VARS}
        for var in _OFFLINE_VARS:
            os.environ[var] = "1"
        previous = _set_hub_constant(True)
        try:
            yield
        finally:
            for var, value in saved.items():
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value
            if previous is not None:
                _set_hub_constant(previous)


@contextlib.contextmanager
def online_hub() -> Iterator[None]:
    """Allow huggingface_hub to reach the network for one user-requested download."""
    with _hub_lock:
        import huggingface_hub.constants as constants

        previous = constants.HF_HUB_OFFLINE
        constants.HF_HUB_OFFLINE = False
        try:
            yield
        finally:
            constants.HF_HUB_OFFLINE = previous


def choose_files(repo_files: list[str]) -> list[str]:
    """The repo files worth downloading: what the app loads, one copy of the weights.

    Helsinki-NLP repos also carry TensorFlow, Flax and Rust weights of the same
    size; we take safetensors when the repo has it, else ``pytorch_model.bin``
    (converted to safetensors at install).
    """
    wanted = [f for f in repo_files if f in HF_FILES and f not in (SAFETENSORS, PYTORCH_BIN)]
    if SAFETENSORS in repo_files:
        wanted.append(SAFETENSORS)
    elif PYTORCH_BIN in repo_files:
        wanted.append(PYTORCH_BIN)
    return sorted(wanted)


def _short_reason(exc: BaseException) -> str:
    from desktop.core.errors import network_reason

    plain = network_reason(exc)  # "[Errno -2] Name or service not known" in words
    if plain:
        return plain
    text = str(exc).strip().splitlines()[0].strip() if str(exc).strip() else ""
    if not text:
        return type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def download_error(entry: ManifestEntry, exc: BaseException) -> DownloadFailed:
    """One sentence saying why a download did not happen, and what to do instead."""
    hint = "On an air-gapped machine, use `dragoman models import`."
    kind = type(exc).__name__
    if kind == "RevisionNotFoundError":
        return DownloadFailed(
            f"huggingface.co has no revision {entry.revision} of {entry.repo_id} to download {entry.name}",
            hint=hint,
        )
    if kind in ("RepositoryNotFoundError", "GatedRepoError"):
        return DownloadFailed(
            f"huggingface.co did not give access to {entry.repo_id} to download {entry.name}: {_short_reason(exc)}",
            hint=hint,
        )
    return DownloadFailed(
        f"Could not reach huggingface.co to download {entry.name}: {_short_reason(exc)}",
        hint=hint,
    )


def _bridge_tqdm(report: ByteReporter, cancel: CancelToken | None) -> type:
    """A tqdm class that forwards byte counts to ``report`` and stops on cancel.

    huggingface_hub drives progress through the ``tqdm_class`` it is given;
    raising :class:`Cancelled` from ``update`` is how a cancel reaches the
    worker threads between chunks.
    """
    import io

    from tqdm.auto import tqdm as base_tqdm

    lock = threading.Lock()
    bars: list[Any] = []

    class BridgeTqdm(base_tqdm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.pop("name", None)
            kwargs["file"] = io.StringIO()
            kwargs["disable"] = False
            super().__init__(*args, **kwargs)
            with lock:
                bars.append(self)

        def update(self, n: float | None = 1) -> bool | None:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            result = super().update(n)
            if self.unit == "B":
                with lock:
                    byte_bars = [b for b in bars if b.unit == "B"]
                    best = max(byte_bars, key=lambda b: b.n)
                report(int(best.n), int(best.total or 0))
            return result

    return BridgeTqdm


def fetch_snapshot(
    entry: ManifestEntry,
    dest: Path,
    *,
    report: ByteReporter | None = None,
    cancel: CancelToken | None = None,
) -> str:
    """Download ``entry`` at its revision into ``dest``; return the resolved commit id.

    Raises :class:`DownloadFailed` (one sentence) for any network or hub
    failure and :class:`Cancelled` when ``cancel`` is set.
    """
    try:
        with online_hub():
            from huggingface_hub import HfApi, snapshot_download

            info = HfApi().model_info(entry.repo_id, revision=entry.revision)
            commit = str(info.sha or entry.revision)
            files = choose_files([s.rfilename for s in (info.siblings or [])])
            if cancel is not None:
                cancel.raise_if_cancelled()
            snapshot_download(
                entry.repo_id,
                revision=commit,
                local_dir=dest,
                allow_patterns=files or sorted(HF_FILES),
                tqdm_class=_bridge_tqdm(report or (lambda done, total: None), cancel),
            )
            return commit
    except Cancelled:
        raise
    except Exception as exc:  # every hub or network failure becomes one sentence
        if cancel is not None and cancel.cancelled:
            raise Cancelled() from None
        raise download_error(entry, exc) from exc
