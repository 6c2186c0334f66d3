"""Convert an installed Marian model to CTranslate2, once, at install time.

The ct2 backend translates several times faster than transformers on CPU and
loads in a tenth of a second without importing torch (TECH-NOTES.md), so the
store converts every translation model when it is installed and keeps the
result in ``<model>/ct2``. The conversion itself needs torch and transformers;
it runs offline, writes into a temporary folder beside the target and renames
it into place, so a crash or a failure never leaves a half-written ``ct2/``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from desktop.core.errors import ConversionFailed
from desktop.core.models.hub import offline_hub

log = logging.getLogger("dragoman.models")

#: Files the ct2 runtime needs beside the converted weights (it tokenises with
#: sentencepiece directly).
COPY_FILES = ("source.spm", "target.spm")


def check_marian_vocab(model_dir: Path, *, label: str | None = None) -> None:
    """Raise :class:`ConversionFailed` unless ``<pad>`` is the last entry of vocab.json.

    CTranslate2's Marian converter drops the final vocabulary entry assuming
    it is ``<pad>``; with ``<pad>`` elsewhere it fails with a size mismatch
    that does not say why (TECH-NOTES.md, "Building a tiny Marian model").
    """
    label = label or model_dir.name
    try:
        vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConversionFailed(f"{label}: vocab.json cannot be read for conversion ({exc})") from None
    if not isinstance(vocab, dict) or not vocab:
        raise ConversionFailed(f"{label}: vocab.json is not a token-to-id mapping")
    last = max(vocab.values())
    pad = vocab.get("<pad>")
    if pad != last:
        where = "has no <pad> entry" if pad is None else f"has <pad> at id {pad}, not last (id {last})"
        raise ConversionFailed(
            f"{label}: vocab.json {where}, which CTranslate2's Marian converter requires; "
            "the model still runs on the transformers backend"
        )


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Keep transformers' weight-loading bar and advisory warnings off the user's terminal."""
    import transformers.utils.logging as hf_logging

    bars = hf_logging.is_progress_bar_enabled()
    verbosity = hf_logging.get_verbosity()
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:160]


def _with_numpy(model_dir: Path, target: Path, quantization: str) -> None:
    """The torch-free Marian converter (desktop.core.models.convert_marian), same output as CTranslate2's."""
    from desktop.core.models.convert_marian import convert_marian_numpy

    convert_marian_numpy(model_dir, target, quantization=quantization)


def _with_transformers(model_dir: Path, target: Path, quantization: str) -> None:
    """CTranslate2's own converter: loads the model through transformers and torch."""
    from ctranslate2.converters import TransformersConverter

    copy = [name for name in COPY_FILES if (model_dir / name).is_file()]
    with offline_hub(), _quiet_transformers():
        converter = TransformersConverter(str(model_dir), copy_files=copy)
        converter.convert(str(target), quantization=quantization, force=True)


def restrict_output(model_dir: Path, ct2_dir: Path, label: str) -> None:
    """Write the vocabulary map that keeps the decoder to target pieces (desktop.core.models.target_vocab).

    Not fatal: without it the model translates the same, only slower.
    """
    from desktop.core.models.target_vocab import write_vmap

    try:
        vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
        write_vmap(ct2_dir, vocab, model_dir / "target.spm")
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("%s: output vocabulary not restricted (%s); translation will be slower", label, _one_line(exc))


def convert_to_ct2(
    model_dir: Path,
    out_dir: Path,
    *,
    quantization: str = "int8",
    label: str | None = None,
    method: str = "auto",
) -> Path:
    """Convert the Hugging Face Marian model in ``model_dir`` into ``out_dir``; return ``out_dir``.

    ``method`` is ``"numpy"`` (the torch-free converter, instant and usable
    in a bundle without torch), ``"transformers"`` (CTranslate2's
    ``TransformersConverter``), or ``"auto"``: numpy first, CTranslate2's own
    converter if that fails. Raises :class:`ConversionFailed` with one
    sentence on any failure; the Hugging Face files are never touched, so the
    caller can keep the model and fall back to the transformers backend.
    ``label`` names the model in messages (default: the folder name).
    """
    model_dir = Path(model_dir)
    out_dir = Path(out_dir)
    label = label or model_dir.name
    if method not in ("auto", "numpy", "transformers"):
        raise ValueError(f"unknown conversion method {method!r}")
    check_marian_vocab(model_dir, label=label)
    try:
        import ctranslate2  # noqa: F401 - both converters need it
    except ImportError as exc:
        raise ConversionFailed(f"{label}: CTranslate2 is not installed ({exc})") from None
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".ct2-", dir=out_dir.parent))
    converters = {"numpy": [_with_numpy], "transformers": [_with_transformers]}.get(
        method, [_with_numpy, _with_transformers]
    )
    try:
        target = work / "ct2"
        failure: BaseException | None = None
        for converter in converters:
            shutil.rmtree(target, ignore_errors=True)
            try:
                converter(model_dir, target, quantization)
            except Exception as exc:  # any converter failure becomes one sentence, below
                failure = failure or exc
                continue
            if (target / "model.bin").is_file():
                failure = None
                break
            failure = failure or ConversionFailed(f"{label}: the CTranslate2 converter wrote no model.bin")
        if failure is not None:
            if isinstance(failure, ConversionFailed):
                raise ConversionFailed(f"Converting {label} to CTranslate2 failed: {failure}") from failure
            raise ConversionFailed(
                f"Converting {label} to CTranslate2 failed: {_one_line(failure)}"
            ) from failure
        restrict_output(model_dir, target, label)
        if out_dir.exists():
            os.replace(out_dir, work / "old")
        os.replace(target, out_dir)
        return out_dir
    finally:
        shutil.rmtree(work, ignore_errors=True)
