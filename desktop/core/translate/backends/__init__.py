"""Translation backends behind one interface, and the loader that picks one.

Two backends translate with the same Marian model:

* ``ct2`` -- CTranslate2 on the model's int8 conversion (``<model>/ct2/``),
  tokenised with sentencepiece directly. The default: ~20x faster than
  transformers on a laptop CPU, and it never imports torch, so the first
  sentence appears a fraction of a second after the process starts.
* ``hf`` -- transformers + torch, the reference implementation. Used when the
  ct2 conversion is missing or cannot be loaded, and for checking ct2.

:func:`load_backend` returns a ready backend; when ``ct2`` is asked for but
cannot be used it falls back to ``hf``, logs why on the ``dragoman.translate``
logger and records the reason in ``backend.fallback_reason`` so the CLI and the
GUI can say which engine actually ran.

This module imports nothing heavy; each backend imports its libraries when it
is constructed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from desktop.core.errors import (
    BackendUnavailable,
    ConversionFailed,
    ModelCorrupt,
    ModelError,
    ModelInvalid,
    ModelMissing,
)
from desktop.core.reference_stack import missing_reference_module, require_reference_stack
from desktop.core.resources import is_frozen
from desktop.core.wordlinks import WordLinks

log = logging.getLogger("dragoman.translate")

BACKENDS = ("ct2", "hf")
DEFAULT_BACKEND = "ct2"

#: Marian models have 512 position embeddings: the longest input (and output),
#: counting the closing ``</s>``.
DEFAULT_MAX_TOKENS = 512

NO_MODEL_MESSAGE = "No translation model is installed"
NO_MODEL_HINT = (
    "Run `dragoman models download opus-mt-bg-en` on a connected machine, or `dragoman models import PATH`."
)


@dataclass(frozen=True)
class Hypothesis:
    """One translated sentence as a backend returns it.

    ``score`` is the mean log-probability per target token (<= 0; closer to 0
    is more confident). ``tokens`` is the number of target tokens generated,
    which the benchmark and the output cap care about.
    """

    text: str
    score: float
    tokens: int
    links: WordLinks | None = None  # word links and word confidence, from the same decoding pass


@dataclass(frozen=True)
class ModelRef:
    """What the engine needs to know about a model, installed or not.

    Built from the store's ``InstalledModel`` or from a bare Hugging Face
    folder (``--model PATH``). ``model_id`` and ``revision`` key the
    translation memory, so a changed model never serves stale translations.
    """

    name: str
    path: Path
    ct2_path: Path | None = None
    model_id: str = ""
    revision: str = ""
    source_lang: str | None = None
    target_lang: str | None = None
    installed: bool = False

    @property
    def pair(self) -> str:
        return f"{self.source_lang or '?'}-{self.target_lang or '?'}"


@runtime_checkable
class TranslationBackend(Protocol):
    """What the engine asks of a backend: count tokens, translate a batch.

    A backend may also have an ``int`` attribute ``parallel_batches``: how
    many ``translate_batch`` calls it can usefully run at once from
    different threads (CTranslate2's workers). The job keeps that many
    batches in flight; without the attribute it calls one at a time. And it
    may have ``translate_alone`` (same arguments and result as
    ``translate_batch``) for a batch that has the machine to itself: the job
    sends the headline there in the quality profile, and CTranslate2 then
    puts every core on it; and ``prefetch()``, called when the shared
    batches are about to come, to start any loading they need.
    """

    name: str
    model: ModelRef
    max_tokens: int
    fallback_reason: str | None

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        """Source tokens per sentence, counting the closing ``</s>``."""
        ...

    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        beam_size: int,
        max_lengths: Sequence[int],
        min_length: int = 0,
    ) -> list[Hypothesis]:
        """Translate ``sentences`` as one batch, in order.

        ``max_lengths`` caps each sentence's output in target tokens (the
        batch decodes up to the largest, then each result is cut to its own
        cap); ``min_length`` forces at least that many tokens for every
        sentence (end-of-sentence is suppressed until then) -- the benchmark
        uses it to give every backend the same work.
        """
        ...


# --- resolving a model --------------------------------------------------------


def resolve_model(model: object = None) -> ModelRef:
    """Turn ``None`` (the default model), a name, a path or an ``InstalledModel`` into a :class:`ModelRef`.

    Raises :class:`ModelMissing` when nothing is installed or the name is not
    known, :class:`ModelInvalid` when a path is not a translation model.
    """
    if isinstance(model, ModelRef):
        return model
    if model is None:
        return _from_installed(_default_installed())
    if isinstance(model, Path) or (isinstance(model, str) and _looks_like_path(model)):
        return model_from_path(Path(str(model)))
    if isinstance(model, str):
        try:
            return _from_installed(_store().get(model))
        except ModelMissing:
            if Path(model).is_dir():  # a bare folder name in the current directory
                return model_from_path(Path(model))
            raise
    if hasattr(model, "path") and hasattr(model, "name"):
        return _from_installed(model)
    raise TypeError(f"cannot use {model!r} as a translation model")


def _looks_like_path(text: str) -> bool:
    """A path rather than a store name: has a separator or starts with '.' or '~'."""
    return os.sep in text or "/" in text or text.startswith((".", "~"))


def _store() -> Any:
    from desktop.core.models import ModelStore

    return ModelStore()


def _default_installed() -> Any:
    try:
        found = _store().default_model(task="translation")
    except ModelMissing as exc:
        raise ModelMissing(NO_MODEL_MESSAGE, hint=NO_MODEL_HINT) from exc
    if found is None:
        raise ModelMissing(NO_MODEL_MESSAGE, hint=NO_MODEL_HINT)
    return found


def _from_installed(installed: Any) -> ModelRef:
    path = Path(installed.path)
    ct2 = getattr(installed, "ct2_path", None)
    src = getattr(installed, "source_lang", None)
    tgt = getattr(installed, "target_lang", None)
    if not (src and tgt):
        src, tgt = model_languages(path, name=str(getattr(installed, "repo_id", "") or installed.name))
    from desktop.core.models.provenance import model_origin

    origin = model_origin(installed)  # what was installed, never the manifest's repository by assumption
    return ModelRef(
        name=str(installed.name),
        path=path,
        ct2_path=Path(ct2) if ct2 else None,
        model_id=origin.model_id,
        revision=origin.revision,
        source_lang=src,
        target_lang=tgt,
        installed=True,
    )


def model_from_path(path: Path) -> ModelRef:
    """A :class:`ModelRef` for a Hugging Face Marian folder that is not in the store."""
    path = path.expanduser().resolve()
    check_model_dir(path)
    src, tgt = model_languages(path)
    ct2 = path / "ct2"
    return ModelRef(
        name=path.name,
        path=path,
        ct2_path=ct2 if (ct2 / "model.bin").is_file() else None,
        model_id=f"local:{path.name}",
        revision=_folder_revision(path),
        source_lang=src,
        target_lang=tgt,
    )


def _folder_revision(path: Path) -> str:
    """A cheap fingerprint of a folder's weights and config (size and mtime), for memory keys."""
    digest = hashlib.sha256()
    for name in ("config.json", "model.safetensors", "pytorch_model.bin", "vocab.json"):
        f = path / name
        if f.is_file():
            st = f.stat()
            digest.update(f"{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return "local-" + digest.hexdigest()[:16]


def model_languages(path: Path, *, name: str = "") -> tuple[str | None, str | None]:
    """The (source, target) languages a model declares, or (None, None) when it does not say.

    Read from ``tokenizer_config.json`` (``source_lang``/``target_lang``, as
    Helsinki-NLP ships them), else guessed from a name like ``opus-mt-bg-en``.
    """
    from desktop.core.models.files import langs_from_name, langs_from_tokenizer

    pair = langs_from_tokenizer(path) or langs_from_name(name) or langs_from_name(path.name)
    return pair if pair else (None, None)


def check_model_dir(path: Path, *, label: str | None = None) -> None:
    """Refuse, with one clear sentence, a folder that is not a usable Marian model.

    Checks existence, the required files and that the safetensors weights are
    whole (header and length; microseconds even for 300 MB). A truncated
    weights file raises :class:`ModelCorrupt` naming the file and the command
    that verifies the install.
    """
    label = label or str(path)
    if not path.exists():
        raise ModelMissing(f"{label}: no such folder")
    if not path.is_dir():
        raise ModelInvalid(f"{label} is a file, not a model folder")
    required = ("config.json", "source.spm", "target.spm", "vocab.json")
    missing = [n for n in required if not (path / n).is_file()]
    weights = [path / n for n in ("model.safetensors", "pytorch_model.bin") if (path / n).is_file()]
    if not weights:
        missing.append("model.safetensors")
    if missing:
        raise ModelInvalid(
            f"{label} is not a translation model: it has no {', '.join(missing)}",
            hint="A Marian model folder holds config.json, source.spm, target.spm, vocab.json and model.safetensors.",
        )
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ModelCorrupt(f"{label}: config.json is not valid JSON", hint=_verify_hint(path)) from None
    if not isinstance(config, dict) or config.get("model_type") != "marian":
        kind = config.get("model_type") if isinstance(config, dict) else None
        raise ModelInvalid(f"{label} is not a Marian translation model (its config says '{kind or 'unknown'}')")
    safetensors = path / "model.safetensors"
    if safetensors.is_file():
        check_safetensors_whole(safetensors, name=path.name)


def _verify_hint(path: Path) -> str:
    return f"Run `dragoman models verify {path.name}`, or reinstall the model."


def check_safetensors_whole(path: Path, *, name: str) -> None:
    """Raise :class:`ModelCorrupt` naming the file when safetensors weights are cut short or padded."""
    from desktop.core.models.files import check_safetensors

    try:
        check_safetensors(path, str(path.parent))
    except ModelCorrupt as exc:
        raise ModelCorrupt(
            f"The model weights {path} are truncated or damaged",
            hint=f"Run `dragoman models verify {name}` to check the install, or reinstall the model.",
        ) from exc


# --- loading a backend ----------------------------------------------------------


def load_backend(
    model: object = None,
    name: str = DEFAULT_BACKEND,
    *,
    compute_type: str = "int8",
    threads: int = 0,
    convert_cache: Path | None = None,
    first_batch_alone: bool = True,
) -> TranslationBackend:
    """A ready backend for ``model`` (see :func:`resolve_model`).

    ``name="ct2"`` (the default) uses the model's CTranslate2 folder; an
    uninstalled folder without one is converted once into a cache under the
    model store (``convert_cache`` overrides where). When ct2 cannot be used
    -- no conversion, ctranslate2 missing, a damaged model.bin, a failed
    conversion -- the ``hf`` backend is returned instead, with the reason
    logged and kept in ``fallback_reason``. ``threads`` is the CPU threads
    to use in all, ``0`` for every core (ct2 splits them between two
    parallel batches, see :func:`desktop.core.translate.backends.ct2.thread_layout`;
    hf leaves one core free). Where torch is absent (the packaged build) there is
    no hf: asking for it, or a ct2 failure, raises :class:`BackendUnavailable`
    with one sentence saying so. ``first_batch_alone`` says whether the job
    will decode its first batch alone (``translate_alone``, the quality
    profile's headline) or go straight to shared batches (the fast
    profile): ct2 reads the translator that comes first at load and the
    other only when it is needed (hf has only one).
    """
    if name not in BACKENDS:
        raise BackendUnavailable(f"Unknown translation backend '{name}'", hint="Use 'ct2' or 'hf'.")
    if name == "hf":
        require_reference_stack("The hf backend", instead="use the ct2 backend (--backend ct2)")
    ref = resolve_model(model)
    check_model_dir(ref.path, label=ref.name if ref.installed else None)
    if name == "ct2":
        try:
            return _load_ct2(
                ref,
                compute_type=compute_type,
                threads=threads,
                convert_cache=convert_cache,
                first_batch_alone=first_batch_alone,
            )
        except (ModelError, ImportError, RuntimeError, OSError, ValueError) as exc:
            reason = _one_line(exc)
            _require_hf_fallback(ref, reason, exc)
            log.warning("CTranslate2 backend unavailable for %s (%s); using transformers instead", ref.name, reason)
            backend = _load_hf(ref, threads=threads)
            backend.fallback_reason = reason
            return backend
    return _load_hf(ref, threads=threads)


def _require_hf_fallback(ref: ModelRef, reason: str, exc: BaseException) -> None:
    """Say plainly why ct2 failed when there is no hf to fall back on (the packaged build has no torch)."""
    missing = missing_reference_module()
    if missing is None:
        return
    if is_frozen():
        why = "the hf fallback needs torch, which this packaged build leaves out"
    else:
        why = f"the hf fallback cannot run ({missing} is not installed)"
    raise BackendUnavailable(
        f"The ct2 backend cannot use {ref.name} ({reason}), and {why}",
        hint="Reinstall the model with `dragoman models import PATH` so that it is converted again.",
    ) from exc


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _load_ct2(
    ref: ModelRef, *, compute_type: str, threads: int, convert_cache: Path | None, first_batch_alone: bool
) -> TranslationBackend:
    from desktop.core.translate.backends.ct2 import CT2Backend

    ct2_dir = ref.ct2_path
    if ct2_dir is None or not (ct2_dir / "model.bin").is_file():
        if ref.installed:
            raise ConversionFailed(f"{ref.name} has no CTranslate2 conversion (ct2/ folder)")
        ct2_dir = _converted_copy(ref, cache=convert_cache)
    return CT2Backend(
        ref, ct2_dir, compute_type=compute_type, threads=threads, first_batch_alone=first_batch_alone
    )


def _load_hf(ref: ModelRef, *, threads: int) -> TranslationBackend:
    from desktop.core.translate.backends.hf import HFBackend

    return HFBackend(ref, threads=threads)


def _converted_copy(ref: ModelRef, *, cache: Path | None) -> Path:
    """Convert an uninstalled model into a cache folder once; reuse it while the model is unchanged."""
    if cache is None:
        from desktop.core.paths import models_dir

        cache = models_dir() / ".cache" / "ct2"
    key = hashlib.sha256(f"{ref.path}|{ref.revision}".encode()).hexdigest()[:16]
    out = cache / f"{ref.path.name}-{key}"
    if (out / "model.bin").is_file():
        return out
    tmp = cache / f".{out.name}.partial-{os.getpid()}"
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    log.info("Converting %s to CTranslate2 into %s", ref.path, out)
    try:
        _convert(ref.path, tmp)
        tmp.rename(out)
    except ConversionFailed:
        raise
    except Exception as exc:  # the converters raise anything from KeyError to RuntimeError
        raise ConversionFailed(f"Could not convert {ref.name} to CTranslate2: {_one_line(exc)}") from exc
    finally:
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return out


def _convert(model_dir: Path, out_dir: Path) -> None:
    """Convert with the store's converter when present, else CTranslate2's own (needs torch)."""
    try:
        from desktop.core.models.convert import convert_to_ct2
    except ImportError:
        pass
    else:
        convert_to_ct2(model_dir, out_dir, quantization="int8")
        return
    import ctranslate2.converters

    converter = ctranslate2.converters.TransformersConverter(str(model_dir), copy_files=["source.spm", "target.spm"])
    converter.convert(str(out_dir), quantization="int8")
