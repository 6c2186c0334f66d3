"""Build a tiny Marian translation model with real tokenisers, for tests and self-tests.

The real opus-mt-bg-en weights cannot be downloaded on a test machine (and are
300 MB), yet every code path -- load, tokenise, batch, stream, cache, convert to
CTranslate2 -- should run against files laid out exactly as Helsinki-NLP ships
them. :func:`build_tiny_marian` trains two small sentencepiece models on some
text, writes a shared ``vocab.json`` in Marian's order (``</s>`` = 0, ``<unk>`` = 1,
the pieces, ``<pad>`` last -- CTranslate2's converter relies on that), and saves a
randomly initialised ``MarianMTModel`` beside them.

``tc_big_traits=True`` gives the model the traits of opus-mt-tc-big-bg-en that
break code written for the default model (issue 14): ``</s>`` in the middle of
the vocabulary (tc-big configs carry ids such as 44513, with
``forced_eos_token_id`` the same), float16 weights, ReLU and 1,024 positions.

The text defaults to the project's sample article when the source checkout has
it, else to a few paragraphs embedded here, so a packaged app can build the
model for its self-test without the repository. A fixed seed gives the same
files byte for byte (see TECH-NOTES.md, "Building a tiny Marian model").

Nothing here imports torch or transformers: the weights are drawn with numpy
and written with safetensors, so building takes well under a second and works
where only the CTranslate2 runtime is installed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The sample article of a source checkout (absent in a packaged app).
SAMPLE_ARTICLE = Path(__file__).resolve().parents[3] / "assets" / "samples" / "sample_article_bg.txt"

#: A few paragraphs of Bulgarian news prose written for this module, used when
#: no corpus is given and the sample article is not at hand.
BUILTIN_BG = """\
Министърът на финансите обяви днес, че бюджетът за следващата година ще бъде внесен в парламента до края на месеца. \
По думите му дефицитът няма да надхвърли три процента от брутния вътрешен продукт.
"Няма да повишаваме данъците", каза той пред журналисти в София. \
Опозицията заяви, че ще поиска изслушване на министъра в бюджетната комисия.
Според данни на Националния статистически институт инфлацията през октомври е била 4,2 процента на годишна база. \
Цените на храните са се увеличили с 6,1 процента, а на горивата са намалели.
Кметът на Пловдив съобщи, че ремонтът на централния площад ще завърши през пролетта. \
Общината е отделила 12 милиона лева за проекта, който включва нов парк и подземен паркинг.
Президентът ще посети Брюксел в понеделник, където ще се срещне с председателя на Европейската комисия. \
Двамата ще обсъдят енергийната сигурност, войната в Украйна и присъединяването към Шенген.
Синоптиците предупреждават за силен вятър и обилен снеговалеж в Северозападна България през уикенда. \
Пътните служби са в готовност, а училищата в три области няма да работят в петък.
"""

BUILTIN_EN = """\
The finance minister announced today that next year's budget will be submitted to parliament by the end of the month. \
According to him, the deficit will not exceed three percent of gross domestic product.
"We will not raise taxes," he told journalists in Sofia. \
The opposition said it would ask for a hearing of the minister in the budget committee.
According to the National Statistical Institute, inflation in October was 4.2 percent year on year. \
Food prices rose by 6.1 percent, while fuel prices fell.
The mayor of Plovdiv said the renovation of the central square would be finished in the spring. \
The municipality has set aside 12 million leva for the project, which includes a new park and an underground car park.
The president will visit Brussels on Monday, where he will meet the president of the European Commission. \
The two will discuss energy security, the war in Ukraine and accession to Schengen.
Forecasters warn of strong wind and heavy snowfall in northwestern Bulgaria over the weekend. \
Road services are on standby, and schools in three regions will be closed on Friday.
"""

PAD = "<pad>"
EOS = "</s>"
UNK = "<unk>"


def default_corpus() -> list[str]:
    """The lines the source tokeniser is trained on when the caller gives none."""
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8") if SAMPLE_ARTICLE.is_file() else BUILTIN_BG
    return _lines(text.splitlines())


def _lines(texts: Iterable[str]) -> list[str]:
    return [t.strip() for t in texts if t.strip()]


def _train_spm(lines: list[str], vocab_size: int, seed: int, *, pad_to: int | None = None) -> bytes:
    """Train a unigram sentencepiece model in memory; deterministic for a seed.

    ``hard_vocab_limit=False`` lets a few kB of text yield fewer pieces than
    asked instead of failing; bos/eos are disabled because vocab.json, not the
    spm file, fixes the special ids in Marian. ``pad_to`` tops the model up
    to that many pieces -- the size of a tokeniser trained on millions of
    sentences, which a few thousand lines cannot give -- with placeholder
    pieces (``⟦n⟧``) that no text contains, so tokenising is unchanged.
    """
    model = _train_spm_once(lines, vocab_size, seed)
    have = _piece_count(model)
    if pad_to is None or have >= pad_to:
        return model
    return model + b"".join(_normal_piece(f"⟦{i}⟧") for i in range(pad_to - have))


def _normal_piece(piece: str, score: float = -100.0) -> bytes:
    """One ``ModelProto.pieces`` entry in protobuf wire format (type NORMAL).

    A repeated field may be appended to a serialised message: parsing
    concatenates it, so the piece gets the next id. Written by hand because
    sentencepiece's own proto module needs the protobuf package.
    """
    import struct

    text = piece.encode("utf-8")
    inner = b"\x0a" + _varint(len(text)) + text + b"\x15" + struct.pack("<f", score) + b"\x18\x01"
    return b"\x0a" + _varint(len(inner)) + inner


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _piece_count(model_bytes: bytes) -> int:
    import sentencepiece as spm

    return int(spm.SentencePieceProcessor(model_proto=model_bytes).get_piece_size())


def _train_spm_once(lines: list[str], vocab_size: int, seed: int) -> bytes:
    import sentencepiece as spm

    spm.set_random_generator_seed(seed)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(model_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not sp.is_unknown(i) and not sp.is_control(i)]


def build_tiny_marian(
    out_dir: Path,
    corpus: list[str] | None = None,
    *,
    src_lang: str = "bg",
    tgt_lang: str = "en",
    seed: int = 0,
    target_corpus: list[str] | None = None,
    d_model: int = 16,
    layers: int = 1,
    heads: int = 2,
    ffn_dim: int = 32,
    vocab_size: int | None = None,
    spm_vocab_size: int = 400,
    max_length: int = 512,
    num_beams: int = 4,
    target_pieces: int | None = None,
    tc_big_traits: bool = False,
    eos_id: int | None = None,
    dtype: str | None = None,
    activation: str | None = None,
    eos_bias: float = 0.0,
) -> Path:
    """Write a random Marian model in the Helsinki-NLP file layout into ``out_dir``.

    ``corpus`` trains the source tokeniser (default: the sample article, else a
    built-in Bulgarian text); ``target_corpus`` the target one (default: a
    built-in English text). The architecture arguments default to a model of
    a few hundred kB; ``bench/`` passes opus-mt-bg-en's shape (d_model 512,
    6 layers, 8 heads, FFN 2048) and ``vocab_size=61708``, in which case
    vocab.json is padded with dummy pieces so the embedding matrix has the
    real size. ``target_pieces`` tops the target tokeniser up to that many
    pieces (``bench/`` passes 32,000, OPUS-MT's per-language size), so the
    part of the vocabulary the decoder may emit (desktop.core.models.target_vocab)
    is as large as the real model's.

    ``tc_big_traits`` switches the defaults to opus-mt-tc-big's: ``</s>`` at
    about 78 % of the vocabulary (44513 of 57,060 in the real model) instead of
    id 0, float16 weights, ReLU, and 1,024 positions when ``max_length`` is
    left at 512. ``eos_id``, ``dtype`` (``"float32"`` or ``"float16"``) and
    ``activation`` set one trait each. ``eos_bias`` raises ``</s>``'s output
    bias, so that a random model ends sentences before their cap (about 0.13
    with the defaults: greedy stops after a few tokens) -- the only way a
    test sees a translation end at ``</s>``. Returns ``out_dir``.
    """
    if tc_big_traits and max_length == 512:
        max_length = TC_BIG_POSITIONS
    dtype = dtype or ("float16" if tc_big_traits else "float32")
    activation = activation or ("relu" if tc_big_traits else "swish")
    if dtype not in ("float32", "float16"):
        raise ValueError(f"dtype must be float32 or float16, not {dtype!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    source_lines = _lines(corpus) if corpus is not None else default_corpus()
    target_lines = _lines(target_corpus) if target_corpus is not None else _lines(BUILTIN_EN.splitlines())
    if not source_lines or not target_lines:
        raise ValueError("build_tiny_marian needs some text to train its tokenisers on")

    source_spm = _train_spm(source_lines, spm_vocab_size, seed)
    target_spm = _train_spm(target_lines, spm_vocab_size, seed, pad_to=target_pieces)
    (out_dir / "source.spm").write_bytes(source_spm)
    (out_dir / "target.spm").write_bytes(target_spm)

    vocab = _vocabulary(
        _pieces(source_spm) + _pieces(target_spm), vocab_size=vocab_size, eos_id=eos_id, tc_big=tc_big_traits
    )
    pad_id = len(vocab)
    vocab[PAD] = pad_id  # last, as CTranslate2's Marian converter expects
    eos = vocab[EOS]
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")

    arch = _Arch(
        d_model=d_model,
        layers=layers,
        heads=heads,
        ffn_dim=ffn_dim,
        vocab=len(vocab),
        pad_id=pad_id,
        eos_id=eos,
        dtype=dtype,
        activation=activation,
    )
    _write_json(out_dir / "config.json", _model_config(arch, max_length=max_length))
    _write_json(
        out_dir / "generation_config.json",
        {
            "bad_words_ids": [[pad_id]],
            "bos_token_id": 0,
            "decoder_start_token_id": pad_id,
            "eos_token_id": eos,
            "forced_eos_token_id": eos,
            "max_length": max_length,
            "num_beams": num_beams,
            "pad_token_id": pad_id,
        },
    )
    _write_weights(out_dir / "model.safetensors", arch, seed=seed, eos_bias=eos_bias)
    _write_tokenizer_config(out_dir, src_lang=src_lang, tgt_lang=tgt_lang, max_length=max_length)
    return out_dir


#: opus-mt-tc-big-bg-en's position table (the default model has 512).
TC_BIG_POSITIONS = 1024
#: Where tc-big's ``</s>`` sits, as a share of the vocabulary (44513 of 57,060).
TC_BIG_EOS_SHARE = 0.78


def _vocabulary(pieces: list[str], *, vocab_size: int | None, eos_id: int | None, tc_big: bool) -> dict[str, int]:
    """Token -> id, without ``<pad>``: ``<unk>``, the pieces, dummies up to ``vocab_size - 1``, ``</s>`` at ``eos_id``.

    With ``eos_id`` 0 (the default model's layout) this is ``</s>``, ``<unk>``,
    the pieces -- the order every earlier version of this module wrote, so
    the default tiny model stays the same byte for byte.
    """
    tokens = [UNK]
    seen = {UNK, EOS, PAD}
    for piece in pieces:
        if piece not in seen:
            seen.add(piece)
            tokens.append(piece)
    if vocab_size is not None:
        if vocab_size < len(tokens) + 2:
            raise ValueError(f"vocab_size {vocab_size} is smaller than the {len(tokens) + 2} real entries")
        while len(tokens) < vocab_size - 2:
            tokens.append(f"<dummy{len(tokens) + 1}>")
    if eos_id is None:
        eos_id = int(TC_BIG_EOS_SHARE * (len(tokens) + 1)) if tc_big else 0
    if not 0 <= eos_id <= len(tokens):
        raise ValueError(f"eos_id {eos_id} is outside the vocabulary (0..{len(tokens)})")
    tokens.insert(eos_id, EOS)
    return {token: i for i, token in enumerate(tokens)}


@dataclass(frozen=True)
class _Arch:
    d_model: int
    layers: int
    heads: int
    ffn_dim: int
    vocab: int
    pad_id: int
    eos_id: int = 0
    dtype: str = "float32"
    activation: str = "swish"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _model_config(arch: _Arch, *, max_length: int) -> dict[str, Any]:
    """config.json with the keys MarianConfig writes for opus-mt models."""
    return {
        "activation_dropout": 0.0,
        "activation_function": arch.activation,
        "architectures": ["MarianMTModel"],
        "attention_dropout": 0.0,
        "bos_token_id": 0,
        "d_model": arch.d_model,
        "decoder_attention_heads": arch.heads,
        "decoder_ffn_dim": arch.ffn_dim,
        "decoder_layerdrop": 0.0,
        "decoder_layers": arch.layers,
        "decoder_start_token_id": arch.pad_id,
        "decoder_vocab_size": arch.vocab,
        "dropout": 0.1,
        "dtype": arch.dtype,
        "encoder_attention_heads": arch.heads,
        "encoder_ffn_dim": arch.ffn_dim,
        "encoder_layerdrop": 0.0,
        "encoder_layers": arch.layers,
        "eos_token_id": arch.eos_id,
        "forced_eos_token_id": arch.eos_id,
        "init_std": 0.02,
        "is_decoder": False,
        "is_encoder_decoder": True,
        "max_position_embeddings": max_length,
        "model_type": "marian",
        "pad_token_id": arch.pad_id,
        "scale_embedding": True,
        "share_encoder_decoder_embeddings": True,
        "tie_word_embeddings": True,
        "use_cache": True,
        "vocab_size": arch.vocab,
    }


def _write_weights(path: Path, arch: _Arch, *, seed: int, eos_bias: float = 0.0) -> None:
    """Random weights under the parameter names of ``MarianMTModel``.

    Drawn with numpy and written with safetensors, as transformers would
    initialise them (linear and embedding weights N(0, 0.02), biases 0, layer
    norms 1/0, the padding row 0): no torch import, so building even the
    benchmark-sized model takes a second or two rather than the eight that
    importing transformers' model classes costs.
    """
    import numpy as np
    from safetensors.numpy import save_file

    rng = np.random.default_rng(seed)
    d, f = arch.d_model, arch.ffn_dim
    tensors: dict[str, Any] = {}

    def linear(name: str, rows: int, cols: int) -> None:
        tensors[f"{name}.weight"] = (rng.standard_normal((rows, cols), dtype=np.float32) * 0.02).astype(np.float32)
        tensors[f"{name}.bias"] = np.zeros((rows,), dtype=np.float32)

    def norm(name: str) -> None:
        tensors[f"{name}.weight"] = np.ones((d,), dtype=np.float32)
        tensors[f"{name}.bias"] = np.zeros((d,), dtype=np.float32)

    def attention(name: str) -> None:
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            linear(f"{name}.{proj}", d, d)

    shared = rng.standard_normal((arch.vocab, d), dtype=np.float32) * 0.02
    shared[arch.pad_id] = 0.0
    tensors["model.shared.weight"] = shared.astype(np.float32)
    tensors["final_logits_bias"] = np.zeros((1, arch.vocab), dtype=np.float32)
    tensors["final_logits_bias"][0, arch.eos_id] = eos_bias
    for side in ("encoder", "decoder"):
        for i in range(arch.layers):
            prefix = f"model.{side}.layers.{i}"
            attention(f"{prefix}.self_attn")
            norm(f"{prefix}.self_attn_layer_norm")
            if side == "decoder":
                attention(f"{prefix}.encoder_attn")
                norm(f"{prefix}.encoder_attn_layer_norm")
            linear(f"{prefix}.fc1", f, d)
            linear(f"{prefix}.fc2", d, f)
            norm(f"{prefix}.final_layer_norm")
    if arch.dtype == "float16":
        tensors = {name: value.astype(np.float16) for name, value in tensors.items()}
    save_file(tensors, str(path), metadata={"format": "pt"})


def _write_tokenizer_config(out_dir: Path, *, src_lang: str, tgt_lang: str, max_length: int) -> None:
    """tokenizer_config.json as Helsinki-NLP ships it (plus the class name).

    Written by hand rather than through ``MarianTokenizer.save_pretrained`` so
    that building the model does not depend on the tokenizer's save format
    (which would also add special_tokens_map.json and friends the real repos
    do not have).
    """
    config = {
        "source_lang": src_lang,
        "target_lang": tgt_lang,
        "unk_token": UNK,
        "eos_token": EOS,
        "pad_token": PAD,
        "model_max_length": max_length,
        "separate_vocabs": False,
        "tokenizer_class": "MarianTokenizer",
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
