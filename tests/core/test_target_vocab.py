"""The decoder keeps to the target tokeniser's pieces: English out, never Cyrillic pieces of the shared vocabulary."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from desktop.core.models.target_vocab import VMAP_NAME, allowed_pieces, spm_pieces, suppressed_ids, write_vmap
from desktop.core.translate.backends import model_from_path

SENTENCES = [
    "Министърът на финансите обяви днес бюджета.",
    "Кметът на Пловдив съобщи за ремонта на площада.",
    "Синоптиците предупреждават за силен вятър.",
]
CYRILLIC = re.compile("[\u0400-\u04ff]")


def test_allowed_pieces_are_the_target_pieces_and_the_specials_in_vocabulary_order() -> None:
    vocab = {"</s>": 0, "<unk>": 1, "▁на": 2, "▁the": 3, ",": 4, "▁of": 5, "<pad>": 6}
    assert allowed_pieces(vocab, ["▁the", ",", "▁of"]) == ["</s>", "<unk>", "▁the", ",", "▁of"]


def test_output_is_not_restricted_when_the_files_do_not_fit_together() -> None:
    vocab = {"</s>": 0, "<unk>": 1, "▁на": 2, "▁the": 3, "<pad>": 4}
    # Three of four target pieces missing from the vocabulary: not a matching pair of files.
    assert allowed_pieces(vocab, ["▁the", "▁a", "▁b", "▁c"]) is None
    # Nothing to exclude: no restriction either.
    assert allowed_pieces({"</s>": 0, "<unk>": 1, "▁the": 2, "<pad>": 3}, ["▁the"]) is None


def _vocab(model_dir: Path) -> dict[str, int]:
    return dict(json.loads((model_dir / "vocab.json").read_text(encoding="utf-8")))


def test_the_tiny_model_shares_its_vocabulary_like_opus_mt(tiny_model_dir: Path) -> None:
    vocab = _vocab(tiny_model_dir)
    target = set(spm_pieces(tiny_model_dir / "target.spm"))
    source_only = [p for p in vocab if p not in target and CYRILLIC.search(p)]
    assert source_only, "the fixture must have Cyrillic-only pieces in its shared vocabulary"
    suppressed = suppressed_ids(vocab, tiny_model_dir / "target.spm")
    assert {vocab[p] for p in source_only} <= set(suppressed)
    assert vocab["</s>"] not in suppressed and vocab["<unk>"] not in suppressed


def test_ct2_output_keeps_to_target_pieces_and_unrestricted_it_would_not(
    tiny_model_dir: Path, tiny_ct2_dir: Path, tmp_path: Path
) -> None:
    from desktop.core.translate.backends.ct2 import CT2Backend

    ref = model_from_path(tiny_model_dir)
    restricted = CT2Backend(ref, tiny_ct2_dir, compute_type="float32")
    assert restricted.restricted_output
    out = restricted.translate_batch(SENTENCES, beam_size=4, max_lengths=[20, 20, 20])
    assert all(h.text and not CYRILLIC.search(h.text) for h in out), [h.text for h in out]

    # The same model without the map: the random decoder wanders into the Bulgarian half.
    bare = shutil.copytree(tiny_ct2_dir, tmp_path / "ct2")
    (bare / VMAP_NAME).unlink()
    unrestricted = CT2Backend(ref, bare, compute_type="float32")
    assert not unrestricted.restricted_output
    wild = unrestricted.translate_batch(SENTENCES, beam_size=4, max_lengths=[20, 20, 20])
    assert any(CYRILLIC.search(h.text) for h in wild), [h.text for h in wild]


def test_hf_output_keeps_to_target_pieces(tiny_model_dir: Path) -> None:
    from desktop.core.translate.backends.hf import HFBackend

    hf = HFBackend(model_from_path(tiny_model_dir), threads=1)
    assert hf.restricted_output
    for beam in (1, 4):
        out = hf.translate_batch(SENTENCES, beam_size=beam, max_lengths=[20, 20, 20])
        assert all(h.text and not CYRILLIC.search(h.text) for h in out), [h.text for h in out]
        assert all(h.score <= 0.0 for h in out)


def test_installing_a_model_writes_the_vocabulary_map(tiny_model_with_ct2: Path) -> None:
    vmap = (tiny_model_with_ct2 / "ct2" / VMAP_NAME).read_text(encoding="utf-8")
    key, _, pieces = vmap.rstrip("\n").partition("\t")
    assert key == ""  # an empty source n-gram: always candidates
    target = set(spm_pieces(tiny_model_with_ct2 / "target.spm"))
    listed = pieces.split(" ")
    assert "</s>" in listed and set(listed) - {"</s>", "<unk>"} <= target


def test_a_model_whose_files_do_not_fit_is_left_unrestricted(tiny_model_dir: Path, tmp_path: Path) -> None:
    vocab = {"</s>": 0, "<unk>": 1, "▁на": 2, "<pad>": 3}  # no English pieces at all
    assert not write_vmap(tmp_path, vocab, tiny_model_dir / "target.spm")
    assert not (tmp_path / VMAP_NAME).exists()


@pytest.mark.parametrize("beam", [1, 4])
def test_restricted_ct2_int8_gives_english_pieces_at_any_beam(tiny_model_with_ct2: Path, beam: int) -> None:
    from desktop.core.translate.backends import load_backend

    backend = load_backend(tiny_model_with_ct2, "ct2", threads=1)
    assert backend.name == "ct2" and getattr(backend, "restricted_output", False)
    out = backend.translate_batch(SENTENCES, beam_size=beam, max_lengths=[16, 16, 16])
    assert all(not CYRILLIC.search(h.text) for h in out)
