"""Decoding profiles: how hard the decoder searches, and how work is batched.

``quality`` (beam 4, reading order first) and ``fast`` (greedy, larger
batches, throughput first), the batch budgets and the output cap. Plain data:
the job, the cache, the bench and the GUI's settings all read them here.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Source tokens per batch, counting padding (batch size x longest sentence).
#: 1024 keeps a batch's memory small and its latency under a second or two on
#: a laptop CPU, so progress and cancellation stay responsive.
MAX_BATCH_TOKENS = 1024
MAX_BATCH_SENTENCES = 64
#: Output cap: target tokens <= min(model limit, ratio x source tokens + extra).
MAX_LENGTH_RATIO = 2
MAX_LENGTH_EXTRA = 10



@dataclass(frozen=True)
class DecodingProfile:
    """How hard the decoder searches: beam search for quality, greedy for speed.

    ``max_batch_tokens`` is the profile's batch budget in source tokens: beam
    search keeps ``beam_size`` hypotheses per sentence, so its batches are
    smaller -- same throughput on a laptop CPU, a third less peak memory.
    ``max_batch_sentences`` caps a batch by sentences: a decoding step has
    a large fixed cost (~9 ms on one core for opus-mt's shape, whatever the
    batch), so bigger batches pay it less often, while every extra sentence
    widens the spread of lengths the batch must run to -- and an article's
    last batches then decode in parallel instead of one waiting. Beam 4
    already decodes four rows per sentence: 8 sentences; greedy: 16
    (bench/translate_bench.py).

    Reading order versus throughput: with ``first_alone`` the document's
    first untranslated sentence (the headline) runs with the machine to
    itself, every core on it; with ``lead_after_headline`` the lead sentence
    follows alone too. Both cost a little throughput (a core idles for a
    moment); the quality profile, the default, pays it so English appears
    within a second, in reading order; the fast profile is for throughput.
    """

    name: str
    beam_size: int
    description: str
    max_batch_tokens: int = MAX_BATCH_TOKENS
    max_batch_sentences: int = 8
    lead_after_headline: bool = True
    first_alone: bool = True


PROFILES: dict[str, DecodingProfile] = {
    "quality": DecodingProfile("quality", 4, "beam search (beam 4), the model's published setting", 512),
    "fast": DecodingProfile(
        "fast",
        1,
        "greedy search: several times faster, slightly rougher",
        2048,
        max_batch_sentences=16,
        lead_after_headline=False,
        first_alone=False,
    ),
}
DEFAULT_PROFILE = "quality"


def output_cap(source_tokens: int, limit: int = 512) -> int:
    """The most target tokens a sentence of ``source_tokens`` may produce."""
    return max(1, min(limit, MAX_LENGTH_RATIO * source_tokens + MAX_LENGTH_EXTRA))


def decoding_profile(profile: str) -> DecodingProfile:
    """The :class:`DecodingProfile` called ``profile``; ValueError naming the choices otherwise."""
    if profile not in PROFILES:
        raise ValueError(f"unknown decoding profile {profile!r}; choose from {', '.join(PROFILES)}")
    return PROFILES[profile]
