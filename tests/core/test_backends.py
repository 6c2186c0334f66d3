"""The two translation backends: same output, safe loading, clear errors, graceful fallback."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.errors import ConversionFailed, ModelCorrupt, ModelInvalid, ModelMissing
from desktop.core.models.store import InstalledModel
from desktop.core.translate import backends
from desktop.core.translate.backends import ModelRef, load_backend, model_from_path, resolve_model

SENTENCES = [
    "Министърът на финансите обяви днес бюджета.",
    "Кметът на Пловдив съобщи за ремонта на площада.",
    "Синоптиците предупреждават за силен вятър.",
]


def copy_model(src: Path, dst: Path) -> Path:
    """A writable copy of a (session-shared, read-only) model folder."""
    shutil.copytree(src, dst)
    return dst


def installed(path: Path, *, ct2: Path | None, src: str = "bg", tgt: str = "en") -> InstalledModel:
    return InstalledModel(
        name=path.name,
        path=path,
        ct2_path=ct2,
        repo_id="Helsinki-NLP/opus-mt-bg-en",
        revision="abc123",
        task="translation",
        source_lang=src,
        target_lang=tgt,
        size_bytes=0,
    )


def test_ct2_float32_greedy_matches_transformers_token_for_token(tiny_model_dir: Path, tiny_ct2_dir: Path) -> None:
    from desktop.core.translate.backends.ct2 import CT2Backend
    from desktop.core.translate.backends.hf import HFBackend

    ref = model_from_path(tiny_model_dir)
    ct2 = CT2Backend(ref, tiny_ct2_dir, compute_type="float32")
    hf = HFBackend(ref, threads=1)
    assert ct2.count_tokens(SENTENCES) == hf.count_tokens(SENTENCES)
    caps = [12, 7, 12]
    a = ct2.translate_batch(SENTENCES, beam_size=1, max_lengths=caps)
    b = hf.translate_batch(SENTENCES, beam_size=1, max_lengths=caps)
    assert [h.text for h in a] == [h.text for h in b]
    assert [h.tokens for h in a] == [h.tokens for h in b] == caps  # the random model never stops early
    for x, y in zip(a, b, strict=True):
        assert x.score == pytest.approx(y.score, abs=0.05)


def test_ct2_float32_beam_search_matches_transformers(tiny_model_dir: Path, tiny_ct2_dir: Path) -> None:
    """The quality profile too: the same hypotheses win, scored alike (both decode over the target pieces only)."""
    from desktop.core.translate.backends.ct2 import CT2Backend
    from desktop.core.translate.backends.hf import HFBackend

    ref = model_from_path(tiny_model_dir)
    ct2 = CT2Backend(ref, tiny_ct2_dir, compute_type="float32")
    hf = HFBackend(ref, threads=1)
    caps = [12, 7, 12]
    for beam in (2, 4):
        a = ct2.translate_batch(SENTENCES, beam_size=beam, max_lengths=caps)
        b = hf.translate_batch(SENTENCES, beam_size=beam, max_lengths=caps)
        assert [h.text for h in a] == [h.text for h in b]
        for x, y in zip(a, b, strict=True):
            assert x.score == pytest.approx(y.score, abs=0.05)


def test_scores_are_non_positive_floats(tiny_model_with_ct2: Path) -> None:
    backend = load_backend(tiny_model_with_ct2, "ct2")
    for beam in (1, 4):
        for hyp in backend.translate_batch(SENTENCES, beam_size=beam, max_lengths=[8, 8, 8]):
            assert isinstance(hyp.score, float) and hyp.score <= 0.0
            assert isinstance(hyp.text, str) and hyp.text


def test_ct2_path_never_imports_torch(tiny_model_with_ct2: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from desktop.core.translate.job import translate_sentences
        out = translate_sentences(["Кметът на Пловдив съобщи днес."], model={str(tiny_model_with_ct2)!r}, backend="ct2")
        assert out[0].backend == "ct2", out[0].backend
        heavy = sorted(m for m in ("torch", "transformers") if m in sys.modules)
        print("HEAVY", heavy)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout


def test_installed_model_without_ct2_falls_back_to_hf_with_a_logged_reason(
    tiny_model_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="dragoman.translate"):
        backend = load_backend(installed(tiny_model_dir, ct2=None), "ct2", threads=1)
    assert backend.name == "hf"
    assert backend.fallback_reason and "CTranslate2" in backend.fallback_reason
    assert any("using transformers" in r.getMessage() for r in caplog.records)


def test_damaged_ct2_model_falls_back_to_hf(tiny_model_with_ct2: Path, tmp_path: Path) -> None:
    model = copy_model(tiny_model_with_ct2, tmp_path / "m")
    bin_path = model / "ct2" / "model.bin"
    bin_path.write_bytes(bin_path.read_bytes()[:2000])
    backend = load_backend(model, "ct2", threads=1)
    assert backend.name == "hf"
    assert backend.fallback_reason


def test_failed_conversion_of_a_bare_folder_falls_back_to_hf(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(model_dir: Path, out_dir: Path) -> None:
        raise ConversionFailed("Converting tiny to CTranslate2 failed: unsupported layer")

    monkeypatch.setattr(backends, "_convert", broken)
    backend = load_backend(tiny_model_dir, "ct2", convert_cache=tmp_path / "cache", threads=1)
    assert backend.name == "hf"
    assert "unsupported layer" in (backend.fallback_reason or "")


def test_a_bare_folder_is_converted_once_and_the_conversion_reused(
    tiny_model_dir: Path, tiny_ct2_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def fake_convert(model_dir: Path, out_dir: Path) -> None:
        calls.append(model_dir)
        shutil.copytree(tiny_ct2_dir, out_dir)

    monkeypatch.setattr(backends, "_convert", fake_convert)
    first = load_backend(tiny_model_dir, "ct2", convert_cache=tmp_path / "cache")
    second = load_backend(tiny_model_dir, "ct2", convert_cache=tmp_path / "cache")
    assert first.name == second.name == "ct2"
    assert len(calls) == 1


def test_hf_reads_a_pytorch_bin_without_unrestricted_pickle(tiny_model_dir: Path, tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    model = copy_model(tiny_model_dir, tmp_path / "bin-model")
    torch.save(load_file(model / "model.safetensors"), model / "pytorch_model.bin")
    (model / "model.safetensors").unlink()
    backend = load_backend(model, "hf", threads=1)
    assert backend.translate_batch(SENTENCES[:1], beam_size=1, max_lengths=[5])[0].tokens == 5

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pickle code ran",))

    torch.save({"x": Evil()}, model / "pytorch_model.bin")
    with pytest.raises(ModelCorrupt, match="cannot be loaded"):
        load_backend(model, "hf", threads=1)


# --- errors a user can cause ---------------------------------------------------------


def test_nothing_installed_says_how_to_get_a_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "empty-store"))
    with pytest.raises(ModelMissing) as info:
        resolve_model(None)
    assert str(info.value) == (
        "No translation model is installed. Run `dragoman models download opus-mt-bg-en` on a connected "
        "machine, or `dragoman models import PATH`."
    )


def test_a_folder_that_is_not_a_model_is_refused_in_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    (folder / "beach.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(ModelInvalid) as info:
        load_backend(folder, "ct2")
    message = str(info.value)
    assert "holiday-photos is not a translation model" in message and "\n" not in message


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing, match="no such folder"):
        load_backend(tmp_path / "nowhere" / "model", "hf")


def test_truncated_weights_name_the_file_and_the_verify_command(tiny_model_dir: Path, tmp_path: Path) -> None:
    model = copy_model(tiny_model_dir, tmp_path / "opus-mt-bg-en")
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-1000])
    with pytest.raises(ModelCorrupt) as info:
        load_backend(model, "hf")
    message = str(info.value)
    assert "model.safetensors" in message
    assert "dragoman models verify opus-mt-bg-en" in message


def test_a_summariser_config_is_not_taken_for_a_translation_model(tiny_model_dir: Path, tmp_path: Path) -> None:
    model = copy_model(tiny_model_dir, tmp_path / "bart")
    config = json.loads((model / "config.json").read_text(encoding="utf-8"))
    config["model_type"] = "bart"
    (model / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelInvalid, match="not a Marian translation model"):
        load_backend(model, "hf")


def test_model_ref_reads_the_language_pair(tiny_model_dir: Path) -> None:
    ref = resolve_model(tiny_model_dir)
    assert isinstance(ref, ModelRef)
    assert (ref.source_lang, ref.target_lang) == ("bg", "en")
    assert resolve_model(installed(tiny_model_dir, ct2=None, src="en", tgt="bg")).pair == "en-bg"


def test_installed_models_resolve_by_name_and_as_the_default(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core.models import ModelStore

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "store"))
    ModelStore().import_path(tiny_model_dir, name="opus-mt-bg-en", convert=False)
    by_name = resolve_model("opus-mt-bg-en")
    default = resolve_model(None)
    assert by_name.installed and by_name.path == default.path == tmp_path / "store" / "opus-mt-bg-en"
    assert (by_name.source_lang, by_name.target_lang) == ("bg", "en")
    assert by_name.ct2_path is None
    with pytest.raises(ModelMissing, match="opus-mt-tc-big-bg-en"):
        resolve_model("opus-mt-tc-big-bg-en")
