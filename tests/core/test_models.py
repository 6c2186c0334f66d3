"""The local model store: where it lives, what it installs, and how it refuses bad models."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pickle
import shutil
import socket
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from desktop.core import paths
from desktop.core.errors import (
    Cancelled,
    ConversionFailed,
    DownloadFailed,
    DragomanError,
    ModelCorrupt,
    ModelError,
    ModelImportRejected,
    ModelInvalid,
    ModelMissing,
    ModelWrongLanguage,
)
from desktop.core.jobs import CancelToken, run_job
from desktop.core.models import ModelStore, convert_to_ct2, parse_manifest
from desktop.core.models.files import sha256_file
from desktop.core.models.tinymodel import build_tiny_marian
from tests.core.model_store_helpers import clone_store, leftovers

REPO_MANIFEST = Path(__file__).resolve().parents[2] / "models" / "manifest.toml"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny bg->en Marian model folder (read-only: copy it before changing it)."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny") / "opus-mt-bg-en")


@pytest.fixture(scope="module")
def template(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> ModelStore:
    """A store with opus-mt-bg-en installed from the tiny folder (converted once per module)."""
    store = ModelStore(tmp_path_factory.mktemp("template") / "models", manifest=REPO_MANIFEST)
    store.import_path(tiny)
    return store


@pytest.fixture()
def store(template: ModelStore, tmp_path: Path) -> ModelStore:
    return clone_store(template, tmp_path / "models")


@pytest.fixture()
def empty(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "models", manifest=REPO_MANIFEST)


def copy_of(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


# --- where the store is ------------------------------------------------------------


def test_store_location_follows_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "elsewhere"))
    assert paths.models_dir() == tmp_path / "elsewhere"
    assert ModelStore().root == tmp_path / "elsewhere"


def test_store_location_is_models_in_a_checkout(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRAGOMAN_MODELS", raising=False)
    assert paths.models_dir() == repo_root / "models"
    assert paths.manifest_path() == repo_root / "models" / "manifest.toml"


def test_bundle_uses_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("DRAGOMAN_MODELS", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    assert paths.checkout_root() is None
    assert paths.models_dir() == tmp_path / "data" / "models"


# --- the manifest --------------------------------------------------------------------


def test_manifest_lists_the_four_models_with_licences_and_revisions(empty: ModelStore) -> None:
    known = {e.name: e for e in empty.known()}
    assert set(known) == {"opus-mt-bg-en", "opus-mt-tc-big-bg-en", "opus-mt-en-bg", "distilbart-cnn-12-6"}
    default = known["opus-mt-bg-en"]
    assert (default.repo_id, default.task, default.direction, default.default) == (
        "Helsinki-NLP/opus-mt-bg-en",
        "translation",
        "bg->en",
        True,
    )
    assert known["opus-mt-en-bg"].direction == "en->bg"
    assert known["distilbart-cnn-12-6"].task == "summarization"
    assert known["distilbart-cnn-12-6"].license == "apache-2.0"
    assert all(e.license == "CC-BY-4.0" for e in known.values() if e.name.startswith("opus"))
    for entry in known.values():
        assert entry.pinned or entry.revision == "main"
        assert entry.size_mb > 0 and entry.description


def test_manifest_error_names_the_bad_field() -> None:
    text = '[[model]]\nname = "x"\nrepo = "a/b"\nrevision = "main"\ntask = "translate"\n'
    with pytest.raises(ModelError, match="task must be one of"):
        parse_manifest(text)
    with pytest.raises(ModelError, match="model 'x' has no 'repo'"):
        parse_manifest('[[model]]\nname = "x"\ntask = "translation"\n')


# --- installing from a folder -----------------------------------------------------


def test_import_folder_converts_and_records_every_hash(template: ModelStore, tiny: Path) -> None:
    model = template.get("opus-mt-bg-en")
    assert model.ct2_path == model.path / "ct2"
    assert (model.ct2_path / "model.bin").is_file() and (model.ct2_path / "source.spm").is_file()
    assert (model.task, model.source_lang, model.target_lang) == ("translation", "bg", "en")
    record = json.loads((model.path / "dragoman-install.json").read_text(encoding="utf-8"))
    assert record["source_kind"] == "folder" and record["source"] == str(tiny.resolve())
    assert record["ct2"]["status"] == "ok"
    on_disk = {
        p.relative_to(model.path).as_posix()
        for p in model.path.rglob("*")
        if p.is_file() and p.name != "dragoman-install.json"
    }
    assert set(record["files"]) == on_disk
    assert "ct2/model.bin" in record["files"]
    for rel, digest in record["files"].items():
        assert sha256_file(model.path / rel) == digest
    assert record["size_bytes"] == model.size_bytes == sum((model.path / r).stat().st_size for r in on_disk)
    assert [m.name for m in template.list()] == ["opus-mt-bg-en"]
    assert template.verify("opus-mt-bg-en") == []


def test_verify_names_each_changed_and_missing_file(store: ModelStore) -> None:
    model = store.get("opus-mt-bg-en")
    with (model.path / "target.spm").open("ab") as f:
        f.write(b"\0")
    (model.path / "ct2" / "model.bin").unlink()
    assert store.verify("opus-mt-bg-en") == ["ct2/model.bin: missing", "target.spm: changed"]


def test_remove_deletes_the_model(store: ModelStore) -> None:
    store.remove("opus-mt-bg-en")
    assert store.list() == [] and not (store.root / "opus-mt-bg-en").exists()
    with pytest.raises(ModelMissing):
        store.remove("opus-mt-bg-en")


def test_missing_model_says_how_to_get_it(empty: ModelStore) -> None:
    with pytest.raises(ModelMissing) as err:
        empty.default_model()
    text = str(err.value)
    assert text.startswith("No translation model is installed")
    assert "`dragoman models download opus-mt-bg-en`" in text and "`dragoman models import PATH`" in text
    with pytest.raises(ModelMissing, match="dragoman models download opus-mt-en-bg"):
        empty.get("opus-mt-en-bg")
    with pytest.raises(ModelMissing):
        empty.get("../etc")


def test_default_model_prefers_the_manifest_default(store: ModelStore, tiny: Path) -> None:
    store.import_path(tiny, name="desk-bg-en", convert=False)
    assert store.default_model().name == "opus-mt-bg-en"
    store.remove("opus-mt-bg-en")
    fallback = store.default_model()
    assert fallback.name == "desk-bg-en" and fallback.ct2_path is None
    assert fallback.record["ct2"]["status"] == "skipped"


def test_reimport_replaces_the_model(store: ModelStore, tiny: Path) -> None:
    (store.root / "opus-mt-bg-en" / "README.md").write_text("stale", encoding="utf-8")
    store.import_path(tiny)
    assert not (store.root / "opus-mt-bg-en" / "README.md").exists()
    assert store.verify("opus-mt-bg-en") == [] and leftovers(store.root) == []


# --- refusing bad models ------------------------------------------------------------


def test_missing_file_is_named(empty: ModelStore, tiny: Path, tmp_path: Path) -> None:
    broken = copy_of(tiny, tmp_path / "opus-mt-bg-en")
    (broken / "source.spm").unlink()
    with pytest.raises(ModelInvalid) as err:
        empty.import_path(broken)
    assert "missing source.spm" in str(err.value)
    (broken / "model.safetensors").unlink()
    with pytest.raises(ModelInvalid, match=r"missing source\.spm and its weights \(model\.safetensors"):
        empty.import_path(broken)
    assert empty.list() == [] and leftovers(empty.root) == []


def test_truncated_weights_are_corrupt(empty: ModelStore, tiny: Path, tmp_path: Path) -> None:
    broken = copy_of(tiny, tmp_path / "opus-mt-bg-en")
    weights = broken / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelCorrupt) as err:
        empty.import_path(broken)
    assert "model.safetensors is truncated or damaged" in str(err.value)
    weights.write_bytes(data[:5])
    with pytest.raises(ModelCorrupt, match="model.safetensors"):
        empty.import_path(broken)
    assert empty.list() == [] and leftovers(empty.root) == []


def test_wrong_language_pair_is_refused(empty: ModelStore, tmp_path: Path) -> None:
    en_bg = build_tiny_marian(tmp_path / "en-bg", src_lang="en", tgt_lang="bg")
    with pytest.raises(
        ModelWrongLanguage, match=r"translates en->bg, but opus-mt-bg-en must translate bg->en"
    ):
        empty.import_path(en_bg, name="opus-mt-bg-en", convert=False)
    model = empty.import_path(en_bg, name="opus-mt-en-bg", convert=False)
    assert model.direction == "en->bg"


def test_a_non_marian_folder_is_not_a_translation_model(
    empty: ModelStore, tiny: Path, tmp_path: Path
) -> None:
    other = copy_of(tiny, tmp_path / "opus-mt-bg-en")
    config = json.loads((other / "config.json").read_text(encoding="utf-8"))
    config["model_type"] = "bert"
    (other / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelInvalid, match="'bert' model"):
        empty.import_path(other)


def test_pytorch_bin_is_converted_with_weights_only(
    empty: ModelStore, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch
    from transformers import MarianMTModel

    reference = MarianMTModel.from_pretrained(str(tiny)).eval()
    legacy = copy_of(tiny, tmp_path / "opus-mt-bg-en")
    (legacy / "model.safetensors").unlink()
    # A full state dict with tied embeddings, as old Helsinki-NLP uploads have.
    torch.save(reference.state_dict(), legacy / "pytorch_model.bin")

    calls: list[dict[str, Any]] = []
    real_load = torch.load

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(torch, "load", spy)
    model = empty.import_path(legacy)
    assert calls and all(c.get("weights_only") is True for c in calls)
    assert not (model.path / "pytorch_model.bin").exists() and (model.path / "model.safetensors").is_file()
    assert model.record["weights_converted_from"] == "pytorch_model.bin"
    assert model.ct2_path is not None

    installed = MarianMTModel.from_pretrained(str(model.path)).eval()
    ids = torch.tensor([[5, 9, 14, 0]])
    with torch.no_grad():
        a = reference(input_ids=ids, decoder_input_ids=ids).logits
        b = installed(input_ids=ids, decoder_input_ids=ids).logits
    assert torch.equal(a, b)


class _Bomb:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_that_runs_code_is_refused_without_running(
    empty: ModelStore, tiny: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    evil = copy_of(tiny, tmp_path / "opus-mt-bg-en")
    (evil / "model.safetensors").unlink()
    with (evil / "pytorch_model.bin").open("wb") as f:
        pickle.dump({"model.shared.weight": _Bomb(marker)}, f)
    with pytest.raises(ModelImportRejected, match="pytorch_model.bin contains Python objects"):
        empty.import_path(evil)
    assert not marker.exists()
    assert empty.list() == [] and leftovers(empty.root) == []


# --- CTranslate2 conversion ------------------------------------------------------------


def test_conversion_failure_keeps_the_hf_model(empty: ModelStore, tiny: Path, tmp_path: Path) -> None:
    odd = copy_of(tiny, tmp_path / "opus-mt-bg-en")
    vocab = json.loads((odd / "vocab.json").read_text(encoding="utf-8"))
    pad, last = vocab["<pad>"], vocab["</s>"]
    vocab["<pad>"], vocab["</s>"] = last, pad
    (odd / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    with pytest.raises(ConversionFailed, match="<pad> at id 0, not last"):
        convert_to_ct2(odd, tmp_path / "ct2")
    assert not (tmp_path / "ct2").exists()

    model = empty.import_path(odd)
    assert model.ct2_path is None and not (model.path / "ct2").exists()
    assert model.record["ct2"]["status"] == "failed" and "<pad>" in model.record["ct2"]["reason"]
    assert empty.verify(model.name) == []


def test_both_converters_write_a_working_model(tiny: Path, tmp_path: Path) -> None:
    import ctranslate2
    import sentencepiece as spm

    for method in ("numpy", "transformers"):
        out = convert_to_ct2(tiny, tmp_path / method, method=method)
        translator = ctranslate2.Translator(str(out))
        sp = spm.SentencePieceProcessor(model_file=str(out / "source.spm"))
        result = translator.translate_batch(
            [sp.encode("Днес", out_type=str) + ["</s>"]], max_decoding_length=5
        )
        assert result[0].hypotheses[0]


def test_summariser_is_installed_without_conversion(
    empty: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core.models import convert

    summariser = tmp_path / "distilbart-cnn-12-6"
    summariser.mkdir()
    (summariser / "config.json").write_text(json.dumps({"model_type": "bart"}), encoding="utf-8")
    (summariser / "vocab.json").write_text("{}", encoding="utf-8")
    import numpy as np
    from safetensors.numpy import save_file

    save_file({"w": np.zeros((2, 2), dtype=np.float32)}, str(summariser / "model.safetensors"))
    with pytest.raises(ModelInvalid, match="missing its tokenizer"):
        empty.import_path(summariser)
    (summariser / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    monkeypatch.setattr(convert, "convert_to_ct2", _must_not_run)
    model = empty.import_path(summariser)
    assert (model.task, model.direction, model.ct2_path) == ("summarization", "en->en", None)
    assert model.record["ct2"]["status"] == "skipped"
    assert empty.default_model("summarization").name == "distilbart-cnn-12-6"


def _must_not_run(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the converter was called")


# --- downloads: only when asked -----------------------------------------------------------


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any hub call or socket connection fails the test."""
    import huggingface_hub

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", refuse)
    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_nothing_reaches_the_network_unless_download_is_called(
    no_network: None, store: ModelStore, tiny: Path, tmp_path: Path
) -> None:
    store.known()
    store.list()
    store.default_model()
    store.import_path(tiny, name="second-bg-en")
    assert store.verify("second-bg-en") == []
    store.export("second-bg-en", tmp_path / "second.tar.gz")
    store.remove("second-bg-en")


def test_download_without_network_fails_with_one_sentence(
    empty: ModelStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import huggingface_hub

    def offline(*args: Any, **kwargs: Any) -> Any:
        raise OSError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", offline)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    with pytest.raises(DownloadFailed) as err:
        empty.download("opus-mt-bg-en")
    assert str(err.value) == (
        "Could not reach huggingface.co to download opus-mt-bg-en: this machine is offline or cannot look up "
        "the server's name. On an air-gapped machine, use `dragoman models import`."
    )
    assert empty.list() == [] and leftovers(empty.root) == []
    with pytest.raises(ModelMissing, match="not in the model manifest"):
        empty.download("opus-mt-xx-yy")


def _fake_hub(monkeypatch: pytest.MonkeyPatch, source: Path, seen: dict[str, Any]) -> None:
    import huggingface_hub
    import huggingface_hub.constants as constants

    def model_info(self: Any, repo_id: str, *, revision: str | None = None, **kwargs: Any) -> Any:
        files = [p.name for p in source.iterdir()] + ["tf_model.h5", "rust_model.ot", "flax_model.msgpack"]
        return SimpleNamespace(
            sha="c0ffee" + "0" * 34, siblings=[SimpleNamespace(rfilename=f) for f in files]
        )

    def snapshot_download(
        repo_id: str, *, revision: str, local_dir: Path, allow_patterns: list[str], **kw: Any
    ) -> str:
        seen.update(
            repo_id=repo_id, revision=revision, patterns=allow_patterns, offline=constants.HF_HUB_OFFLINE
        )
        bar = kw["tqdm_class"](total=1000, unit="B")
        for name in allow_patterns:
            shutil.copyfile(source / name, Path(local_dir) / name)
            bar.update(100)
        (Path(local_dir) / ".cache").mkdir()
        return str(local_dir)

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", model_info)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)


def test_download_fetches_only_needed_files_and_records_the_commit(
    empty: ModelStore, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import huggingface_hub.constants as constants

    seen: dict[str, Any] = {}
    _fake_hub(monkeypatch, tiny, seen)
    offline_before = constants.HF_HUB_OFFLINE
    events: list[Any] = []
    model = empty.download("opus-mt-bg-en", progress=events.append)
    assert seen["repo_id"] == "Helsinki-NLP/opus-mt-bg-en"
    assert seen["offline"] is False and offline_before == constants.HF_HUB_OFFLINE
    assert "tf_model.h5" not in seen["patterns"] and "model.safetensors" in seen["patterns"]
    assert model.revision == seen["revision"] == "c0ffee" + "0" * 34
    assert model.record["source_kind"] == "hub" and model.ct2_path is not None
    assert not (model.path / ".cache").exists() and empty.verify(model.name) == []
    assert any(e.stage == "download" and e.done > 0 for e in events)


def test_cancelled_download_leaves_nothing(
    empty: ModelStore, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_hub(monkeypatch, tiny, {})
    token = CancelToken()
    job = empty.download_job("opus-mt-bg-en", cancel=token)
    next(job)
    token.cancel()
    with pytest.raises(Cancelled):
        run_job(job)
    assert empty.list() == [] and leftovers(empty.root) == []


# --- the CLI, in process --------------------------------------------------------------------


def cli(*argv: str) -> tuple[int, str, str]:
    """Run `dragoman models ...` in process; (exit status, stdout, stderr)."""
    from desktop.cli import models_cmd

    parser = argparse.ArgumentParser(prog="dragoman")
    models_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["models", *argv])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = int(args.func(args) or 0)
        except DragomanError as exc:
            print(f"dragoman: {exc}", file=sys.stderr)
            code = 2
    return code, out.getvalue(), err.getvalue()


def test_cli_list_import_verify_export_remove(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(os.environ["DRAGOMAN_MODELS"])
    code, out, _ = cli("list")
    assert code == 0 and str(root) in out
    assert any(line.startswith("opus-mt-bg-en *") and " no " in line for line in out.splitlines())

    code, out, _ = cli("import", str(tiny))
    assert code == 0 and "Installed opus-mt-bg-en: translation bg->en" in out and "CTranslate2 int8" in out
    code, out, _ = cli("list")
    row = next(line for line in out.splitlines() if line.startswith("opus-mt-bg-en"))
    assert row.split()[6:8] == ["yes", "yes"]  # name, *, task, langs, size (2 words), installed, ct2

    assert cli("verify", "opus-mt-bg-en")[:2] == (0, "opus-mt-bg-en: OK\n")
    with (root / "opus-mt-bg-en" / "vocab.json").open("a", encoding="utf-8") as f:
        f.write(" ")
    code, out, _ = cli("verify", "opus-mt-bg-en")
    assert (code, out) == (1, "opus-mt-bg-en: vocab.json: changed\n")

    code, _, err = cli("export", "opus-mt-bg-en", "-o", str(tmp_path / "m.tar.gz"))
    assert code == 2 and "has changed since it was installed" in err and len(err.splitlines()) == 1

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = cli("remove", "opus-mt-bg-en")
    assert code == 2 and "--yes" in err and (root / "opus-mt-bg-en").exists()
    assert cli("remove", "opus-mt-bg-en", "--yes")[0] == 0 and not (root / "opus-mt-bg-en").exists()

    code, _, err = cli("import", str(tiny), "--name", "desk")
    assert code == 0
    code, out, _ = cli("export", "desk", "-o", str(tmp_path / "desk.zip"))
    assert code == 0 and (tmp_path / "desk.zip").is_file() and "dragoman models import desk.zip" in out


def test_cli_download_failure_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    def offline(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("Network is unreachable")

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", offline)
    code, out, err = cli("download", "opus-mt-bg-en")
    assert code == 2 and out == ""
    assert err == (
        "dragoman: Could not reach huggingface.co to download opus-mt-bg-en: this machine has no network connection. "
        "On an air-gapped machine, use `dragoman models import`.\n"
    )
