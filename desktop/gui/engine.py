"""The loaded translation backend, kept between documents.

Loading a model costs 0.1 s with CTranslate2 and seconds with transformers
(plus importing torch), so the window loads it once, in the translation
worker, and keeps it for the next article. Everything here runs in worker
threads; the engine modules are imported inside the functions, never when the
GUI starts.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_cache: dict[tuple[str, str, int], Any] = {}


def loaded_backend(model: str | None, backend: str, threads: int, *, profile: str = "quality") -> Any:
    """The backend for ``model`` (None: the store's default), loading it on first use.

    ``backend`` is "ct2", "hf" or "auto" (ct2 with the engine's fallback to hf).
    ``profile`` is the decoding profile of the first translation: the backend
    gets ready for its first batch, and loads what another profile needs
    when it is first used (so it is not part of the cache key).
    Raises the engine's ModelError subclasses when there is no usable model.
    """
    from desktop.core.translate.backends import load_backend, resolve_model
    from desktop.core.translate.job import decoding_profile

    ref = resolve_model(model)
    name = "ct2" if backend == "auto" else backend
    key = (f"{ref.path}:{ref.revision}", name, threads)
    with _lock:
        found = _cache.get(key)
        if found is None:
            first_alone = decoding_profile(profile).first_alone
            found = load_backend(ref, name, threads=threads, first_batch_alone=first_alone)
            _cache.clear()  # one model in memory at a time
            _cache[key] = found
        return found


def forget_backends() -> None:
    """Drop loaded models (after a model was removed, replaced or the settings changed)."""
    with _lock:
        _cache.clear()
