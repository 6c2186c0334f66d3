"""The one place a loaded translation backend is kept between uses.

Loading a model costs 0.1 s with CTranslate2 and seconds with transformers
(plus importing torch), so it is loaded once and kept for the next article,
whether the CLI, a GUI worker or a batch asks. One model is held at a time.
:func:`start_loading` loads in a background thread, so a cold
``dragoman translate`` reads and segments the article while the model loads.
The engine modules are imported inside the functions, never at import.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from desktop.core.translate.backends import DEFAULT_BACKEND
from desktop.core.translate.profiles import DEFAULT_PROFILE, decoding_profile

if TYPE_CHECKING:
    from desktop.core.translate.backends import TranslationBackend

_lock = threading.Lock()
_cache: dict[tuple[str, str, int], TranslationBackend] = {}


def loaded_backend(
    model: object = None, backend: str = DEFAULT_BACKEND, threads: int = 0, *, profile: str = DEFAULT_PROFILE
) -> TranslationBackend:
    """The backend for ``model`` (None: the store's default), loading it on first use.

    ``model`` is an installed name, a model folder or a resolved reference.
    ``backend`` is "ct2", "hf" or "auto" (ct2 with the engine's fallback to
    hf). ``profile`` is the decoding profile of the first translation: the
    backend gets ready for its first batch, and loads what another profile
    needs when it is first used (so it is not part of the cache key).
    Raises the engine's ModelError subclasses when there is no usable model.
    """
    from desktop.core.translate.backends import load_backend, resolve_model

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


def start_loading(
    model: object = None, backend: str = DEFAULT_BACKEND, *, threads: int = 0, profile: str = DEFAULT_PROFILE
) -> Future[TranslationBackend]:
    """Start :func:`loaded_backend` in a background thread; return its future.

    Loading the model (CTranslate2 releases the GIL while it reads
    ``model.bin``) then overlaps with reading and segmenting the article. The
    future raises what loading raises. The thread is an ordinary one: the
    interpreter waits for a load in progress before it exits.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dragoman-load")
    try:
        return pool.submit(loaded_backend, model, backend, threads, profile=profile)
    finally:
        pool.shutdown(wait=False)
