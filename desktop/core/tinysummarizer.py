"""A tiny random BART summariser in the Hugging Face file layout, for tests.

The real English summariser (distilbart-cnn-12-6, about 1.2 GB) cannot be
downloaded in CI or shipped with the tests, yet the abstractive path (load,
tokenise, generate, decode, link to sources, fall back) should run on every
test run. This builds a ~170 kB model with the same files and classes
(config.json, generation_config.json, model.safetensors, vocab.json,
merges.txt, tokenizer files): a byte-level BPE trained on ``texts`` and a
BART with d_model 16 and one encoder and one decoder layer (TECH-NOTES,
"A tiny summarisation model for tests"). Its weights are random, so its
output is arbitrary, possibly empty: tests check structure, not wording.
"""

from __future__ import annotations

from pathlib import Path


def build_tiny_summarizer(
    out_dir: Path, texts: list[str], *, seed: int = 0, vocab_size: int = 500, script: str | None = None
) -> Path:
    """Write a tiny BART summariser whose vocabulary comes from ``texts``; return ``out_dir``."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizerFast

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    corpus = [t for t in texts if t.strip()] or ["An empty corpus still needs one line of text."]
    if script:
        corpus.append(script)
    bpe.train_from_iterator(
        corpus,
        vocab_size=vocab_size,
        min_frequency=1,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
    )
    bpe.save_model(str(out_dir))
    # From the folder rather than by keyword: transformers 5 renamed the
    # constructor's vocab_file/merges_file to vocab/merges.
    tokenizer = BartTokenizerFast.from_pretrained(str(out_dir))
    tokenizer.model_max_length = 256
    tokenizer.save_pretrained(str(out_dir))

    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=256,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    model.generation_config.max_length = 40
    model.generation_config.num_beams = 1
    if script:
        ids = tokenizer(script, add_special_tokens=False).input_ids
        if len(set(ids)) != len(ids) or len(ids) > 38:
            raise ValueError("a tiny model's script needs fewer than 39 tokens, all different")
        bias = torch.full((1, config.vocab_size), -100.0)
        for rank, token_id in enumerate([*ids, tokenizer.eos_token_id]):
            bias[0, token_id] = 50.0 - rank
        model.final_logits_bias.copy_(bias)
        model.generation_config.no_repeat_ngram_size = 1
        # Decoding starts from </s> in BART; a start token counts as "used" for
        # no_repeat_ngram_size, which would then forbid the final </s>.
        model.config.decoder_start_token_id = tokenizer.bos_token_id
        model.generation_config.decoder_start_token_id = tokenizer.bos_token_id
    model.save_pretrained(str(out_dir))
    return out_dir
