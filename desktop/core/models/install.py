"""The steps every install runs on a staged model folder: check, convert, hash, move into place.

Downloads, folder imports and archive imports all gather files into a hidden
staging folder inside the store (:class:`~desktop.core.models.store.ModelStore`
does that part) and then hand it here. :func:`install_staged_job` checks the
files (a hand-over's hashes, required files, the language pair, whole
weights, no pickles), converts a translation model to CTranslate2, hashes
everything into the install record and renames the folder into place -- the
last step, so a model is either fully installed or not there at all.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.core.errors import ConversionFailed, ModelCorrupt, ModelInvalid, ModelWrongLanguage
from desktop.core.jobs import CancelToken, Job, Progress
from desktop.core.models import convert as _convert
from desktop.core.models.files import (
    CT2_DIR,
    PYTORCH_BIN,
    RECORD_NAME,
    SAFETENSORS,
    bin_to_safetensors,
    check_model_type,
    check_required_files,
    check_safetensors,
    infer_task,
    is_model_file,
    iter_model_files,
    langs_from_name,
    langs_from_tokenizer,
    normalise_lang,
    read_json,
    sha256_file,
)
from desktop.core.models.manifest import NAME_RE, TASKS, ManifestEntry
from desktop.core.models.target_vocab import has_vmap

RECORD_FORMAT = 1


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def install_staged_job(
    staging: Path,
    *,
    root: Path,
    entry_for: Callable[[str], ManifestEntry | None],
    quantization: str,
    name: str | None,
    guessed: str,
    source_kind: str,
    source: str,
    repo_id: str | None,
    revision: str | None,
    convert: bool,
    cancel: CancelToken | None,
) -> Job[Path]:
    """Check, convert, hash and move a staged model folder into ``root``; return its final folder."""
    record_in: dict[str, Any] | None = None
    if (staging / RECORD_NAME).is_file():
        record_in = read_json(staging / RECORD_NAME, name or guessed)
        (staging / RECORD_NAME).unlink()
    final_name = name or (str(record_in.get("name")) if record_in and record_in.get("name") else guessed)
    if not NAME_RE.match(final_name):
        raise ModelInvalid(
            f"'{final_name}' cannot be a model name",
            hint="Pass --name with letters, digits, '.', '-' or '_'.",
        )
    label = final_name
    entry = entry_for(final_name)

    known_hashes: dict[str, str] = {}
    if record_in is not None:
        known_hashes = yield from check_handover_job(staging, record_in, label, source, cancel)

    hinted_task = entry.task if entry else str(record_in.get("task")) if record_in else "translation"
    if not (staging / "config.json").is_file():
        check_required_files(staging, hinted_task if hinted_task in TASKS else "translation", label)
    config = read_json(staging / "config.json", label)
    task = (
        entry.task
        if entry
        else hinted_task
        if record_in and hinted_task in TASKS
        else infer_task(config, label)
    )
    check_model_type(config, task, label)
    check_required_files(staging, task, label)
    source_lang, target_lang = language_pair(staging, task, final_name, entry, record_in, label)

    converted_from = None
    if (staging / SAFETENSORS).is_file():
        check_safetensors(staging / SAFETENSORS, label)
        (staging / PYTORCH_BIN).unlink(missing_ok=True)
    else:
        yield Progress("weights", 0, 1, f"Converting {PYTORCH_BIN} to {SAFETENSORS}")
        partial = staging / (SAFETENSORS + ".partial")
        bin_to_safetensors(staging / PYTORCH_BIN, partial, label)
        os.replace(partial, staging / SAFETENSORS)
        (staging / PYTORCH_BIN).unlink()
        check_safetensors(staging / SAFETENSORS, label)
        converted_from = PYTORCH_BIN
        yield Progress("weights", 1, 1, f"{SAFETENSORS} written")
    if cancel is not None:
        cancel.raise_if_cancelled()

    ct2_info = yield from ct2_step_job(staging, task, label, record_in, convert, quantization)

    rels = list(iter_model_files(staging))
    total = sum((staging / rel).stat().st_size for rel in rels)
    files: dict[str, str] = {}
    done = 0
    for rel in rels:
        files[rel] = known_hashes.get(rel) or sha256_file(staging / rel)
        done += (staging / rel).stat().st_size
        yield Progress("hash", done, total, rel)

    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "name": final_name,
        "task": task,
        "source_lang": source_lang,
        "target_lang": target_lang,
        "repo_id": repo_id or (record_in or {}).get("repo_id") or (entry.repo_id if entry else None),
        "revision": revision or (record_in or {}).get("revision"),
        "source": source,
        "source_kind": source_kind,
        "installed_at": _now(),
        "app_version": __version__,
        "weights": SAFETENSORS,
        "weights_converted_from": converted_from,
        "ct2": ct2_info,
        "size_bytes": total,
        "files": files,
    }
    if record_in is not None:
        record["source"] = record_in.get("source", source)
        record["source_kind"] = record_in.get("source_kind", source_kind)
        record["weights_converted_from"] = record_in.get("weights_converted_from")
        record["handover"] = {
            "archive": source,
            "originally_installed_at": record_in.get("installed_at"),
            "original_app_version": record_in.get("app_version"),
        }
    (staging / RECORD_NAME).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return move_into_place(root, staging, final_name)


def check_handover_job(
    staging: Path, record_in: dict[str, Any], label: str, source: str, cancel: CancelToken | None
) -> Job[dict[str, str]]:
    """Check a copied install against the record it came with; drop files it does not list."""
    files = record_in.get("files")
    if not isinstance(files, dict) or not files:
        raise ModelCorrupt(f"{label}: the install record in {Path(source).name} lists no files")
    listed = {str(rel) for rel in files}
    for rel in iter_model_files(staging):
        if rel not in listed:
            (staging / rel).unlink()
    total = len(files)
    for i, (rel, digest) in enumerate(sorted(files.items()), start=1):
        path = staging / rel
        if not is_model_file(rel) or not path.is_file():
            raise ModelCorrupt(
                f"{label}: {rel} is listed in its install record but missing from {Path(source).name}",
                hint="Export the model again on the machine it came from.",
            )
        if sha256_file(path) != digest:
            raise ModelCorrupt(
                f"{label}: {rel} does not match the hash in its install record",
                hint="The copy was damaged or changed on the way; export it again.",
            )
        if cancel is not None:
            cancel.raise_if_cancelled()
        yield Progress("check", i, total, rel)
    return {str(k): str(v) for k, v in files.items()}


def language_pair(
    staging: Path,
    task: str,
    name: str,
    entry: ManifestEntry | None,
    record_in: dict[str, Any] | None,
    label: str,
) -> tuple[str | None, str | None]:
    """The language pair to record, refusing a model whose files say otherwise."""
    if task != "translation":
        return (entry.source_lang, entry.target_lang) if entry else ("en", "en")
    from_record = None
    if record_in is not None:
        src, tgt = (
            normalise_lang(record_in.get("source_lang")),
            normalise_lang(record_in.get("target_lang")),
        )
        from_record = (src, tgt) if src and tgt else None
    from_tokenizer = langs_from_tokenizer(staging)
    declared = (entry.source_lang, entry.target_lang) if entry else langs_from_name(name)
    for evidence, where in ((from_tokenizer, "tokenizer_config.json"), (from_record, RECORD_NAME)):
        if declared and evidence and evidence != declared:
            raise ModelWrongLanguage(
                f"{label}: {where} says this model translates {evidence[0]}->{evidence[1]}, "
                f"but {name} must translate {declared[0]}->{declared[1]}",
                hint=f"Import it under a matching name, e.g. --name opus-mt-{evidence[0]}-{evidence[1]}.",
            )
    pair = declared or from_record or from_tokenizer
    return pair if pair else (None, None)


def ct2_step_job(
    staging: Path, task: str, label: str, record_in: dict[str, Any] | None, convert: bool, quantization: str
) -> Job[dict[str, Any]]:
    """Keep a verified ``ct2/``, convert afresh, or record why there is none."""
    ct2 = staging / CT2_DIR
    previous = record_in.get("ct2") if record_in else None
    if task != "translation":
        shutil.rmtree(ct2, ignore_errors=True)
        return {
            "status": "skipped",
            "reason": "summarisation models run on transformers (CTranslate2 cannot convert BART here)",
        }
    verified = isinstance(previous, dict) and previous.get("status") == "ok" and (ct2 / "model.bin").is_file()
    if verified:
        assert isinstance(previous, dict)
        if not has_vmap(ct2):  # converted before the output map existed: add it (a text file, instant)
            _convert.restrict_output(staging, ct2, label)
        return dict(previous)
    shutil.rmtree(ct2, ignore_errors=True)
    if not convert:
        return {"status": "skipped", "reason": "conversion was not requested"}
    yield Progress("convert", 0, 1, f"Converting {label} to CTranslate2 ({quantization})")
    try:
        _convert.convert_to_ct2(staging, ct2, quantization=quantization, label=label)
    except ConversionFailed as exc:
        shutil.rmtree(ct2, ignore_errors=True)
        yield Progress("convert", 1, 1, "CTranslate2 conversion failed; the transformers backend will be used")
        return {"status": "failed", "reason": str(exc)}
    yield Progress("convert", 1, 1, f"{label} converted to CTranslate2")
    return {"status": "ok", "quantization": quantization, "converter": _ctranslate2_version()}


def move_into_place(root: Path, staging: Path, name: str) -> Path:
    """Rename the staged folder to ``root/name``, replacing an older install atomically."""
    final = root / name
    trash = None
    if final.exists() or final.is_symlink():
        trash = Path(tempfile.mkdtemp(prefix=".replaced-", dir=root))
        os.replace(final, trash / "model")
    os.replace(staging, final)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)
    return final


def _ctranslate2_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"ctranslate2 {version('ctranslate2')}"
    except PackageNotFoundError:
        return "ctranslate2"
