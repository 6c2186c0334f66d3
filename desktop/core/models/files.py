"""What a model folder must hold, and the checks that keep a bad one out of the store.

A model in the store is a self-describing folder: the Hugging Face files
(config, tokenisers, one ``model.safetensors``), an optional ``ct2/`` folder
with the CTranslate2 conversion, and ``dragoman-install.json`` recording where
it came from and the SHA-256 of every file. This module knows which files
belong, which are required for each task, how to check that weights are whole,
and how to turn a legacy ``pytorch_model.bin`` into safetensors without ever
running an unrestricted pickle.

Nothing heavy is imported at module level: torch is imported only while a
``.bin`` file is being converted.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.core.errors import ModelCorrupt, ModelImportRejected, ModelInvalid

RECORD_NAME = "dragoman-install.json"
CT2_DIR = "ct2"
SAFETENSORS = "model.safetensors"
PYTORCH_BIN = "pytorch_model.bin"
WEIGHT_FILES = (SAFETENSORS, PYTORCH_BIN)

#: Top-level files a model folder may bring into the store. Everything else in
#: a source folder or archive (TF/Flax/Rust weights, .git, notebooks) is left
#: behind: it is never loaded, and copying it would only cost disk.
HF_FILES = frozenset(
    {
        "config.json",
        "generation_config.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "added_tokens.json",
        "vocab.json",
        "source.spm",
        "target.spm",
        "merges.txt",
        "tokenizer.json",
        SAFETENSORS,
        PYTORCH_BIN,
        "README.md",
        "LICENSE",
        "LICENSE.txt",
    }
)
#: Suffixes of the files the CTranslate2 converter writes into ``ct2/``.
CT2_SUFFIXES = frozenset({".bin", ".json", ".txt", ".spm"})

TRANSLATION_REQUIRED = ("config.json", "source.spm", "target.spm", "vocab.json")
SUMMARIZATION_REQUIRED = ("config.json",)
SUMMARIZATION_MODEL_TYPES = frozenset({"bart", "pegasus", "t5", "led", "mbart"})

_CHUNK = 1 << 20
_MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024
_DTYPE_BYTES = {
    "BOOL": 1,
    "U8": 1,
    "I8": 1,
    "F8_E4M3": 1,
    "F8_E5M2": 1,
    "U16": 2,
    "I16": 2,
    "F16": 2,
    "BF16": 2,
    "U32": 4,
    "I32": 4,
    "F32": 4,
    "U64": 8,
    "I64": 8,
    "F64": 8,
}
#: Three-letter codes some OPUS-MT tokenizer configs use, mapped to the
#: two-letter codes of the manifest.
_ISO3 = {
    "bul": "bg",
    "eng": "en",
    "rus": "ru",
    "deu": "de",
    "fra": "fr",
    "mkd": "mk",
    "ukr": "uk",
    "srp": "sr",
}
_PAIR_RE = re.compile(r"opus-mt-(?:tc-big-)?([a-z]{2,3})-([a-z]{2,3})$")


def is_model_file(rel: str) -> bool:
    """True for a path (relative, POSIX) that belongs in a store folder."""
    parts = rel.split("/")
    if len(parts) == 1:
        return parts[0] in HF_FILES or parts[0] == RECORD_NAME
    if len(parts) == 2 and parts[0] == CT2_DIR:
        return Path(parts[1]).suffix in CT2_SUFFIXES and not parts[1].startswith(".")
    return False


def iter_model_files(root: Path, *, follow_symlinks: bool = False) -> Iterator[str]:
    """Relative paths of the model files under ``root`` (not the record), sorted.

    Symlinks are skipped unless ``follow_symlinks`` (a Hugging Face cache
    snapshot is made of links to blobs; the store itself never holds any).
    """
    candidates = [p for p in root.iterdir()]
    ct2 = root / CT2_DIR
    if ct2.is_dir() and not ct2.is_symlink():
        candidates.extend(ct2.iterdir())
    rels = []
    for path in candidates:
        if path.is_symlink() and not follow_symlinks:
            continue
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel != RECORD_NAME and is_model_file(rel):
            rels.append(rel)
    yield from sorted(rels)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_json(path: Path, label: str) -> dict[str, Any]:
    """A JSON object from ``path``; :class:`ModelCorrupt` naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelCorrupt(f"{label}: {path.name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ModelCorrupt(f"{label}: {path.name} does not hold a JSON object")
    return data


def infer_task(config: dict[str, Any], label: str) -> str:
    """The task a ``config.json`` describes: Marian translates, BART-like models summarise."""
    model_type = str(config.get("model_type", "")).lower()
    if model_type == "marian":
        return "translation"
    if model_type in SUMMARIZATION_MODEL_TYPES:
        return "summarization"
    raise ModelInvalid(
        f"{label}: config.json describes a '{model_type or 'unknown'}' model, "
        "which is neither a Marian translation model nor a summariser Dragoman can run"
    )


def check_model_type(config: dict[str, Any], task: str, label: str) -> None:
    """Refuse a config whose model type does not fit ``task`` (e.g. BART imported as opus-mt)."""
    found = infer_task(config, label)
    if found != task:
        kind = "a Marian translation model" if task == "translation" else "a summarisation model"
        raise ModelInvalid(
            f"{label}: config.json describes a '{config.get('model_type')}' model, but {kind} is expected"
        )


def check_required_files(root: Path, task: str, label: str) -> None:
    """Raise :class:`ModelInvalid` naming each required file that is missing."""
    missing = [name for name in _required(task) if not (root / name).is_file()]
    if not any((root / w).is_file() for w in WEIGHT_FILES):
        missing.append(f"its weights ({SAFETENSORS} or {PYTORCH_BIN})")
    if task == "summarization" and not (
        (root / "tokenizer.json").is_file()
        or ((root / "vocab.json").is_file() and (root / "merges.txt").is_file())
    ):
        missing.append("its tokenizer (tokenizer.json, or vocab.json with merges.txt)")
    if missing:
        needs = (
            "config.json, source.spm, target.spm, vocab.json and model.safetensors or pytorch_model.bin"
            if task == "translation"
            else "config.json, weights and tokenizer files"
        )
        what = "a Marian translation model" if task == "translation" else "a summarisation model"
        raise ModelInvalid(f"{label} is missing {_join(missing)}; {what} needs {needs}")


def _required(task: str) -> tuple[str, ...]:
    return TRANSLATION_REQUIRED if task == "translation" else SUMMARIZATION_REQUIRED


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_safetensors(path: Path, label: str) -> None:
    """Check that a safetensors file is whole: its header parses and its length matches.

    Reads only the 8-byte header length and the JSON header, then compares the
    file size with the end of the last tensor, so a 300 MB file is checked in
    microseconds. A download cut short or a file damaged on a USB stick is
    caught here, at install, rather than as an obscure error at first use.
    """
    damaged = f"{label}: {path.name} is truncated or damaged"
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
        if len(head) < 8:
            raise ModelCorrupt(f"{damaged} (only {size} bytes)")
        (header_len,) = struct.unpack("<Q", head)
        if header_len > _MAX_SAFETENSORS_HEADER or 8 + header_len > size:
            raise ModelCorrupt(f"{damaged} (its header is cut off or invalid)")
        raw = handle.read(header_len)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelCorrupt(f"{damaged} (its header is not valid JSON)") from None
    if not isinstance(header, dict):
        raise ModelCorrupt(f"{damaged} (its header is not a JSON object)")
    end = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            begin, stop = (int(x) for x in info["data_offsets"])
            count = 1
            for dim in info["shape"]:
                count *= int(dim)
            width = _DTYPE_BYTES.get(str(info["dtype"]))
        except (KeyError, TypeError, ValueError):
            raise ModelCorrupt(f"{damaged} (tensor '{name}' has an invalid entry)") from None
        if stop < begin or (width is not None and stop - begin != count * width):
            raise ModelCorrupt(f"{damaged} (tensor '{name}' has inconsistent offsets)")
        end = max(end, stop)
    expected = 8 + header_len + end
    if size < expected:
        raise ModelCorrupt(f"{damaged} ({size} bytes, but its header needs {expected})")
    if size > expected:
        raise ModelCorrupt(f"{damaged} ({size - expected} unexpected bytes after the last tensor)")


def bin_to_safetensors(bin_path: Path, out_path: Path, label: str) -> int:
    """Convert ``pytorch_model.bin`` to safetensors; return the number of tensors written.

    The file is read with ``torch.load(weights_only=True)``, which only
    rebuilds tensors and plain containers: a pickle that tries to call
    anything else (``os.system`` and friends) is refused before it runs, and
    we report that as :class:`ModelImportRejected`. Tensors that alias each
    other (tied embeddings) are written once, under the name transformers
    loads and re-ties from.
    """
    import pickle

    import torch
    from safetensors.torch import save_file

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Detected pickle protocol 4": not the user's business
            state = torch.load(str(bin_path), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise ModelImportRejected(
            f"{label}: {bin_path.name} contains Python objects besides weights, "
            "so it was refused without being run (only plain tensors are accepted)"
        ) from None
    except (RuntimeError, OSError, EOFError, ValueError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ModelCorrupt(f"{label}: {bin_path.name} is truncated or damaged ({reason})") from None
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]
    if (
        not isinstance(state, dict)
        or not state
        or not all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items())
    ):
        raise ModelInvalid(f"{label}: {bin_path.name} does not hold a dictionary of weight tensors")
    tensors = _unalias(state)
    save_file(tensors, str(out_path), metadata={"format": "pt"})
    return len(tensors)


def _alias_rank(name: str) -> tuple[int, str]:
    """Which of several tied names to keep: the one transformers treats as the source."""
    if name.endswith("shared.weight"):
        return (0, name)
    if "encoder.embed_tokens" in name:
        return (1, name)
    if "decoder.embed_tokens" in name:
        return (2, name)
    if name.startswith("lm_head"):
        return (4, name)
    return (3, name)


def _unalias(state: dict[str, Any]) -> dict[str, Any]:
    """One contiguous tensor per name, dropping exact aliases and copying partial overlaps."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for name, tensor in state.items():
        key = (
            tensor.untyped_storage().data_ptr(),
            tensor.storage_offset(),
            tuple(tensor.shape),
            tuple(tensor.stride()),
            tensor.dtype,
        )
        groups.setdefault(key, []).append(name)
    kept: dict[str, Any] = {}
    storages: dict[int, int] = {}
    for key, names in groups.items():
        keeper = min(names, key=_alias_rank)
        kept[keeper] = state[keeper]
        storages[key[0]] = storages.get(key[0], 0) + 1
    out: dict[str, Any] = {}
    for name, tensor in kept.items():
        shared = storages[tensor.untyped_storage().data_ptr()] > 1
        out[name] = tensor.clone().contiguous() if shared else tensor.contiguous()
    return out


def normalise_lang(code: object) -> str | None:
    """A two-letter language code, or None when ``code`` is not a single language."""
    if not isinstance(code, str):
        return None
    code = code.strip().lower()
    code = _ISO3.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def langs_from_name(name: str) -> tuple[str, str] | None:
    """``('bg', 'en')`` from a name like ``opus-mt-bg-en`` or ``opus-mt-tc-big-bg-en``."""
    match = _PAIR_RE.search(name.lower())
    if not match:
        return None
    src, tgt = normalise_lang(match.group(1)), normalise_lang(match.group(2))
    return (src, tgt) if src and tgt else None


def langs_from_tokenizer(root: Path) -> tuple[str, str] | None:
    """The pair a Marian ``tokenizer_config.json`` declares, when it declares one."""
    path = root / "tokenizer_config.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    src, tgt = normalise_lang(data.get("source_lang")), normalise_lang(data.get("target_lang"))
    return (src, tgt) if src and tgt else None
