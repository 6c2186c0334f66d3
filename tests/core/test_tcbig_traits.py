"""A model with opus-mt-tc-big's traits -- ``</s>`` not id 0, float16, ReLU, 1,024 positions -- runs as the default does.

Code written for opus-mt-bg-en may take id 0 for ``</s>``, cast float16 to
float32 where CTranslate2 does not, or let the two backends' beam searches
part once a sentence ends early (issue 14). The tiny model here has
``</s>`` at id 396 of 509 and a raised ``</s>`` bias so that its sentences
end at ``</s>`` well before their cap, under greedy and beam search alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.models.convert import convert_to_ct2
from desktop.core.models.target_vocab import VMAP_NAME, suppressed_ids
from desktop.core.models.tinymodel import build_tiny_marian
from desktop.core.translate.backends import model_from_path

SENTENCES = [
    "Министърът на финансите обяви днес бюджета.",
    "Кметът на Пловдив съобщи за ремонта на площада.",
    "Синоптиците предупреждават за силен вятър.",
]
CAP = 20


@pytest.fixture(scope="module")
def tcbig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tcbig") / "opus-mt-tc-big-bg-en", tc_big_traits=True, eos_bias=0.13)


@pytest.fixture(scope="module")
def tcbig_ct2(tcbig: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert_to_ct2(tcbig, tmp_path_factory.mktemp("tcbig-ct2") / "ct2", quantization="float32", method="numpy")


def test_the_model_has_tc_big_traits(tcbig: Path) -> None:
    vocab = json.loads((tcbig / "vocab.json").read_text(encoding="utf-8"))
    config = json.loads((tcbig / "config.json").read_text(encoding="utf-8"))
    generation = json.loads((tcbig / "generation_config.json").read_text(encoding="utf-8"))
    eos, pad = vocab["</s>"], vocab["<pad>"]
    assert 0 < eos < pad == len(vocab) - 1
    assert config["eos_token_id"] == config["forced_eos_token_id"] == generation["eos_token_id"] == eos
    assert config["decoder_start_token_id"] == config["pad_token_id"] == generation["decoder_start_token_id"] == pad
    assert (config["dtype"], config["activation_function"], config["max_position_embeddings"]) == (
        "float16",
        "relu",
        1024,
    )
    from safetensors.numpy import load_file

    assert {str(t.dtype) for t in load_file(str(tcbig / "model.safetensors")).values()} == {"float16"}


def test_the_output_restriction_keeps_the_end_token(tcbig: Path, tcbig_ct2: Path) -> None:
    vocab = json.loads((tcbig / "vocab.json").read_text(encoding="utf-8"))
    suppressed = suppressed_ids(vocab, tcbig / "target.spm")
    assert suppressed, "the tiny model's shared vocabulary has source-only pieces to suppress"
    assert vocab["</s>"] not in suppressed
    allowed = (tcbig_ct2 / VMAP_NAME).read_text(encoding="utf-8").split("\t", 1)[1].split()
    assert "</s>" in allowed


@pytest.mark.parametrize("beam", [1, 4])
def test_ct2_and_hf_agree_token_for_token_and_end_at_the_end_token(tcbig: Path, tcbig_ct2: Path, beam: int) -> None:
    from desktop.core.translate.backends.ct2 import CT2Backend
    from desktop.core.translate.backends.hf import HFBackend

    ref = model_from_path(tcbig)
    ct2 = CT2Backend(ref, tcbig_ct2, compute_type="float32")
    hf = HFBackend(ref, threads=1)
    assert ct2.restricted_output and hf.restricted_output
    a = ct2.translate_batch(SENTENCES, beam_size=beam, max_lengths=[CAP] * len(SENTENCES))
    b = hf.translate_batch(SENTENCES, beam_size=beam, max_lengths=[CAP] * len(SENTENCES))
    assert [h.text for h in a] == [h.text for h in b]
    assert [h.tokens for h in a] == [h.tokens for h in b]
    assert all(0 < h.tokens < CAP for h in a), "every sentence ends at </s> before its cap"
    for x, y in zip(a, b, strict=True):
        assert x.score == pytest.approx(y.score, abs=0.01)
        assert "</s>" not in x.text and "<unk>" not in x.text
