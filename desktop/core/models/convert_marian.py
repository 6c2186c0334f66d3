"""Convert a Marian (OPUS-MT) model to CTranslate2 with numpy alone — no torch.

CTranslate2's own converter loads the model through transformers and torch,
which a packaged app leaves out (torch alone is ~750 MB). This module builds
the same :class:`ctranslate2.specs.TransformerSpec` straight from
``model.safetensors``, ``config.json`` and ``vocab.json``, mirroring
``ctranslate2.converters.transformers.MarianMTLoader`` step for step:
post-norm, swish, scaled embeddings, Marian's non-interleaved sinusoidal
positions, decoding from a zero embedding, and the trailing ``<pad>`` row
dropped from the vocabulary and the weights. Tests check that its ``model.bin``
is byte-identical to the official converter's, for float32 and float16
checkpoints alike.

Float16 checkpoints (opus-mt-tc-big ships its weights so) need one care:
CTranslate2's converter loads the model in the dtype its config names, so
every tensor -- the sinusoidal position table included, which transformers
computes in float32 and stores in the model's dtype -- reaches the spec in
float16, and quantising to int8 keeps the unquantised ones (biases, layer
norms, positions) in float16. Casting everything to float32, as this module
once did, gave a ``model.bin`` 2.1 MB larger with scores off by up to 0.008.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from desktop.core.errors import ConversionFailed

#: The config's dtype -> the numpy dtype CTranslate2's converter hands the spec.
_DTYPES = {"float32": "float32", "float16": "float16"}

_ACTIVATIONS = {"swish": "SWISH", "silu": "SWISH", "gelu": "GELU", "relu": "RELU", "gelu_new": "GELUTanh"}


def sinusoidal_positions(n_pos: int, dim: int) -> Any:
    """Marian's position table: sin features in the first half, cos in the second."""
    import numpy as np

    pos = np.arange(n_pos, dtype=np.float64)[:, None]
    j = np.arange(dim, dtype=np.float64)[None, :]
    enc = pos / np.power(10000.0, 2 * (j // 2) / dim)
    out = np.empty((n_pos, dim), dtype=np.float32)
    sentinel = dim // 2 if dim % 2 == 0 else dim // 2 + 1
    out[:, :sentinel] = np.sin(enc[:, 0::2])
    out[:, sentinel:] = np.cos(enc[:, 1::2])
    return out


def build_marian_spec(model_dir: Path) -> Any:
    """The CTranslate2 spec of a Marian model folder in the Hugging Face layout."""
    import numpy as np
    from ctranslate2.converters import utils
    from ctranslate2.specs import common_spec, transformer_spec
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    vocab: dict[str, int] = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    weights = load_file(str(model_dir / "model.safetensors"))

    dtype = np.dtype(_checkpoint_dtype(config, model_dir))
    tokens = [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
    if tokens[-1] != "<pad>":
        raise ConversionFailed(
            f"{model_dir}: vocab.json must end with <pad> for CTranslate2 (it ends with {tokens[-1]!r})"
        )
    tokens.pop()
    n_vocab = len(tokens)
    activation = getattr(common_spec.Activation, _ACTIVATIONS.get(config.get("activation_function", "swish"), "SWISH"))

    spec = transformer_spec.TransformerSpec.from_config(
        (config["encoder_layers"], config["decoder_layers"]),
        config["encoder_attention_heads"],
        pre_norm=False,
        activation=activation,
        layernorm_embedding=False,
    )

    def w(name: str) -> Any:
        if name not in weights:
            raise ConversionFailed(f"{model_dir}: model.safetensors has no tensor {name}")
        return np.ascontiguousarray(weights[name], dtype=dtype)

    def linear(target: Any, prefix: str) -> None:
        target.weight = w(f"{prefix}.weight")
        if f"{prefix}.bias" in weights:
            target.bias = w(f"{prefix}.bias")

    def norm(target: Any, prefix: str) -> None:
        target.gamma = w(f"{prefix}.weight")
        target.beta = w(f"{prefix}.bias")

    def attention(target: Any, prefix: str, *, self_attention: bool) -> None:
        split = [common_spec.LinearSpec() for _ in range(3)]
        for part, name in zip(split, ("q_proj", "k_proj", "v_proj"), strict=True):
            linear(part, f"{prefix}.{name}")
        if self_attention:
            utils.fuse_linear(target.linear[0], split)
        else:
            utils.fuse_linear(target.linear[0], split[:1])
            utils.fuse_linear(target.linear[1], split[1:])
        linear(target.linear[-1], f"{prefix}.out_proj")

    d_model = config["d_model"]
    scale = math.sqrt(d_model) if config.get("scale_embedding", False) else 1.0
    shared_name = "model.shared.weight" if "model.shared.weight" in weights else "model.encoder.embed_tokens.weight"
    embeddings = w(shared_name)[:n_vocab]
    positions = sinusoidal_positions(config.get("max_position_embeddings", 512), d_model).astype(dtype)

    for side, side_spec in (("encoder", spec.encoder), ("decoder", spec.decoder)):
        side_spec.scale_embeddings = scale
        side_spec.position_encodings.encodings = positions
        emb = side_spec.embeddings[0] if isinstance(side_spec.embeddings, list) else side_spec.embeddings
        own = f"model.{side}.embed_tokens.weight"
        emb.weight = w(own)[:n_vocab] if own in weights else embeddings
        for i, layer in enumerate(side_spec.layer):
            prefix = f"model.{side}.layers.{i}"
            attention(layer.self_attention, f"{prefix}.self_attn", self_attention=True)
            norm(layer.self_attention.layer_norm, f"{prefix}.self_attn_layer_norm")
            if side == "decoder":
                attention(layer.attention, f"{prefix}.encoder_attn", self_attention=False)
                norm(layer.attention.layer_norm, f"{prefix}.encoder_attn_layer_norm")
            linear(layer.ffn.linear_0, f"{prefix}.fc1")
            linear(layer.ffn.linear_1, f"{prefix}.fc2")
            norm(layer.ffn.layer_norm, f"{prefix}.final_layer_norm")

    spec.decoder.start_from_zero_embedding = True
    head = w("lm_head.weight")[:n_vocab] if "lm_head.weight" in weights else embeddings
    spec.decoder.projection.weight = head
    bias = weights.get("final_logits_bias")
    if bias is not None and np.any(bias):
        spec.decoder.projection.bias = np.ascontiguousarray(bias.reshape(-1)[:n_vocab], dtype=dtype)

    spec.config.eos_token = "</s>"
    spec.config.unk_token = "<unk>"
    spec.config.decoder_start_token = "</s>"
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    for name in ("source.spm", "target.spm"):
        spec.register_file(str(model_dir / name))
    return spec


def _checkpoint_dtype(config: dict[str, Any], model_dir: Path) -> str:
    """The dtype CTranslate2's converter loads the weights in: the config's ``dtype`` (or ``torch_dtype``)."""
    named = config.get("dtype") or config.get("torch_dtype") or "float32"
    if named not in _DTYPES:
        raise ConversionFailed(f"{model_dir}: weights in {named} are not supported by the numpy converter")
    return _DTYPES[named]


def convert_marian_numpy(model_dir: Path, out_dir: Path, *, quantization: str | None = "int8") -> Path:
    """Write a CTranslate2 model of ``model_dir`` into ``out_dir`` (which must not exist)."""
    spec = build_marian_spec(Path(model_dir))
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True)
    spec.save(str(out_dir))
    return out_dir
