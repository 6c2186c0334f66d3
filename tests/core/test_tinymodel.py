"""The tiny test model loads like a real opus-mt model and translates."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop.core.models.tinymodel import build_tiny_marian

HELSINKI_FILES = {
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
}


def test_layout_is_helsinki_nlp(tiny_model_dir: Path) -> None:
    assert {p.name for p in tiny_model_dir.iterdir()} == HELSINKI_FILES
    vocab = json.loads((tiny_model_dir / "vocab.json").read_text(encoding="utf-8"))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1 == max(vocab.values())
    config = json.loads((tiny_model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["model_type"] == "marian"
    assert config["pad_token_id"] == config["decoder_start_token_id"] == vocab["<pad>"]
    tok_config = json.loads((tiny_model_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert (tok_config["source_lang"], tok_config["target_lang"]) == ("bg", "en")
    total = sum(p.stat().st_size for p in tiny_model_dir.iterdir())
    assert total < 1_000_000


def test_loads_offline_with_transformers_and_generates(tiny_model_dir: Path) -> None:
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(tiny_model_dir, local_files_only=True)
    model = MarianMTModel.from_pretrained(tiny_model_dir, local_files_only=True)
    batch = tokenizer(["Министърът обяви бюджета днес.", "Кметът на Пловдив"], return_tensors="pt", padding=True)
    # Real sentencepiece pieces, not all-unknown: the tokeniser was trained on Bulgarian.
    unk = tokenizer.convert_tokens_to_ids("<unk>")
    assert (batch["input_ids"][0] != unk).sum() > 3
    out = model.generate(**batch, max_new_tokens=8, num_beams=1, do_sample=False)
    assert out.shape[0] == 2 and out.shape[1] > 1
    assert all(isinstance(t, str) for t in tokenizer.batch_decode(out, skip_special_tokens=True))


def test_same_seed_same_files_other_seed_other_weights(tmp_path: Path) -> None:
    corpus = ["Първо изречение за модела.", "Второ изречение, малко по-дълго от първото."]

    def digests(path: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in path.iterdir()}

    a = digests(build_tiny_marian(tmp_path / "a", corpus, seed=1))
    b = digests(build_tiny_marian(tmp_path / "b", corpus, seed=1))
    c = digests(build_tiny_marian(tmp_path / "c", corpus, seed=2))
    assert a == b
    assert a["model.safetensors"] != c["model.safetensors"]


def test_language_pair_and_vocab_padding_are_written(tmp_path: Path) -> None:
    path = build_tiny_marian(tmp_path / "enbg", ["Hello there, world."], src_lang="en", tgt_lang="bg", vocab_size=2000)
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    assert len(vocab) == 2000 and vocab["<pad>"] == 1999
    tok_config = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert (tok_config["source_lang"], tok_config["target_lang"]) == ("en", "bg")


def test_empty_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        build_tiny_marian(tmp_path / "x", ["   ", ""])
