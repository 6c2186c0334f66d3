"""Translation speed: naive transformers vs our hf backend vs CTranslate2, on opus-mt-bg-en's shape.

The real weights cannot be downloaded here, so the benchmark builds a model
with the exact architecture of Helsinki-NLP/opus-mt-bg-en (d_model 512, 6+6
layers, 8 heads, FFN 2048, a 61,708-entry vocabulary with ``<pad>`` last,
generation config with beam 4 and max_length 512) and random weights, with
sentencepiece tokenisers trained on the sample article. It is cached between
runs (``$DRAGOMAN_BENCH_CACHE``, default ``<tmp>/dragoman-bench``) and
installed into a private model store exactly as ``dragoman models import``
does it, which converts it to CTranslate2 int8.

A random model never says ``</s>`` at a sensible place, so every decoder is
forced to the same output length -- 1.2 x the source tokens (min length =
max length) -- and all rows do the same work per sentence; batched rows
decode each batch to its longest sentence's length, so they do slightly
*more* work, never less. Rates are target tokens per second of
translation (model loading excluded); speed-ups are ratios of those rates.

Every row runs in a fresh process, so peak resident memory (``ru_maxrss``)
is honest. "first result" is the time from starting that process to its first
translated sentence. The last block is the cold start of the default path --
``dragoman translate``'s own steps (CLI parser, ingest, memory, job with the
default installed model on ct2, quality profile) -- with the time each step
costs.

The naive baseline is what ``pipeline("translation")`` did (transformers 5
removed that pipeline): tokenise one sentence, ``model.generate`` with the
model's own generation settings (beam 4), decode; sentence by sentence, on a
subset of sentences because it is slow. It runs on one torch thread, its
fastest setting here: with torch's default (all cores) it ran ~12x slower
on this 2-core machine as soon as anything else used the CPU, which would
flatter every speed-up. Our hf backend uses its own default (all cores but
one); the ct2 rows use CTranslate2's.

Usage: ``python bench/translate_bench.py [--naive-sentences 6] [--threads 0]``.
The last line is machine-readable:
``speedup_quality=<x> speedup_fast=<y> first_sentence_s=<t> peak_mb=<m>``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"
MODEL_NAME = "opus-mt-bg-en"
ARCH = {"d_model": 512, "layers": 6, "heads": 8, "ffn_dim": 2048, "vocab_size": 61708}
LENGTH_RATIO = 1.2
CACHE_VERSION = "v1"


def peak_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is kB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def cache_dir() -> Path:
    base = Path(os.environ.get("DRAGOMAN_BENCH_CACHE") or Path(tempfile.gettempdir()) / "dragoman-bench")
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()[:10] if SAMPLE.is_file() else "builtin"
    return base / f"{CACHE_VERSION}-{digest}"


def prepare(cache: Path) -> Path:
    """Build (once) the synthetic opus-mt-bg-en and install it into ``cache/store``; return the store."""
    from desktop.core.models import RECORD_NAME, ModelStore
    from desktop.core.tinymodel import build_tiny_marian

    hf_dir = cache / "hf" / MODEL_NAME
    store = cache / "store"
    if not (hf_dir / "model.safetensors").is_file():
        started = time.perf_counter()
        corpus = SAMPLE.read_text(encoding="utf-8").splitlines() if SAMPLE.is_file() else None
        build_tiny_marian(hf_dir, corpus, spm_vocab_size=8000, max_length=512, num_beams=4, seed=0, **ARCH)
        print(
            f"built synthetic {MODEL_NAME} in {time.perf_counter() - started:.1f} s -> {hf_dir}",
            file=sys.stderr,
        )
    if not (store / MODEL_NAME / RECORD_NAME).is_file():
        started = time.perf_counter()
        ModelStore(store).import_path(hf_dir, name=MODEL_NAME)
        print(
            f"installed and converted to ct2 int8 in {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
    return store


def article_sentences() -> list[str]:
    from desktop.core.ingest import read_document

    return [s.text for s in read_document(SAMPLE).iter_sentences()]


# --- workers (each in its own process) ---------------------------------------------


def work_naive(sentences: list[str], threads: int, spawned: float) -> dict[str, Any]:
    """The old ``pipeline("translation")``: one sentence at a time, the model's generation defaults."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer
    from transformers import logging as hf_logging

    from desktop.core.backends import resolve_model

    hf_logging.set_verbosity_error()
    torch.set_num_threads(threads)
    path = str(resolve_model(MODEL_NAME).path)
    load_start = time.perf_counter()
    tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=True)
    model = MarianMTModel.from_pretrained(path, local_files_only=True).eval()
    load_s = time.perf_counter() - load_start
    tokens = 0
    first = None
    started = time.perf_counter()
    for sentence in sentences:
        inputs = tokenizer([sentence], return_tensors="pt")
        length = round(LENGTH_RATIO * inputs["input_ids"].shape[1])
        with torch.inference_mode():
            out = model.generate(**inputs, max_new_tokens=length, min_new_tokens=length)
        tokenizer.batch_decode(out, skip_special_tokens=True)
        tokens += out.shape[1] - 1
        if first is None:
            first = time.time() - spawned
    wall = time.perf_counter() - started
    return {"sentences": len(sentences), "tokens": tokens, "wall": wall, "load": load_s, "first": first}


def work_backend(
    sentences: list[str], backend_name: str, beam: int, threads: int, spawned: float
) -> dict[str, Any]:
    """Our backend, batched by the engine's planner, every batch forced to 1.2 x its longest source."""
    from desktop.core.backends import load_backend
    from desktop.core.translate import PROFILES, plan_batches

    load_start = time.perf_counter()
    backend = load_backend(MODEL_NAME, backend_name, threads=threads)
    load_s = time.perf_counter() - load_start
    assert backend.name == backend_name, backend.fallback_reason
    counts = backend.count_tokens(sentences)
    tokens = 0
    first = None
    started = time.perf_counter()
    budget = PROFILES["quality" if beam > 1 else "fast"].max_batch_tokens
    for group in plan_batches(counts, budget):
        length = max(round(LENGTH_RATIO * counts[i]) for i in group)
        hyps = backend.translate_batch(
            [sentences[i] for i in group],
            beam_size=beam,
            max_lengths=[length] * len(group),
            min_length=length,
        )
        tokens += sum(h.tokens for h in hyps)
        if first is None:
            first = time.time() - spawned
    wall = time.perf_counter() - started
    return {"sentences": len(sentences), "tokens": tokens, "wall": wall, "load": load_s, "first": first}


class ForcedLength:
    """Wraps a backend so every batch decodes exactly 1.2 x its longest source (the table's unit of work)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.max_tokens = inner.max_tokens
        self.fallback_reason = inner.fallback_reason

    def count_tokens(self, sentences: Any) -> list[int]:
        return list(self.inner.count_tokens(sentences))

    def translate_batch(
        self, sentences: Any, *, beam_size: int, max_lengths: Any, min_length: int = 0
    ) -> Any:
        length = max(round(LENGTH_RATIO * n) for n in self.count_tokens(sentences))
        return self.inner.translate_batch(
            sentences, beam_size=beam_size, max_lengths=[length] * len(sentences), min_length=length
        )


def work_cold(spawned: float, library: str, *, forced: bool) -> dict[str, Any]:
    """``dragoman translate SAMPLE``'s own steps, timed from process start to the first sentence.

    Default model from the store, ct2, quality profile, translation memory in
    a fresh library -- what the CLI does. With ``forced`` the loaded backend
    is wrapped so outputs are 1.2 x the source, like the table's rows;
    without, the random model runs every sentence to the output cap
    (2 x source + 10 tokens): a worst case no real model reaches.
    """
    marks: list[tuple[str, float]] = [("interpreter start", time.time() - spawned)]
    from desktop.cli import build_parser

    build_parser()
    marks.append(("CLI parser (all sub-commands)", time.time() - spawned))
    from desktop.cli.read_input import read_input

    doc = read_input(str(SAMPLE))
    marks.append(("read + segment the article", time.time() - spawned))
    from desktop.core.memory import TranslationMemory

    memory = TranslationMemory(library)
    memory.conn  # noqa: B018  (opens the database now, as the job's first lookup would)
    marks.append(("open translation memory", time.time() - spawned))
    from desktop.core.backends import load_backend

    backend: Any = load_backend(None, "ct2")
    marks.append(("import ctranslate2 + load the default model (int8)", time.time() - spawned))
    if forced:
        backend = ForcedLength(backend)
    from desktop.core.translate import translate_document_job

    first = None
    done = 0
    job = translate_document_job(doc, backend=backend, memory=memory)
    used = ""
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            used = stop.value.backend
            break
        if event.payload and first is None:
            first = time.time() - spawned
            marks.append(("translate the first sentence", first))
        done = event.done
    total_s = time.time() - spawned
    heavy = sorted(m for m in ("torch", "transformers", "trafilatura", "sqlite_utils") if m in sys.modules)
    return {
        "first": first,
        "total": total_s,
        "sentences": done,
        "marks": marks,
        "heavy": heavy,
        "backend": used,
    }


def worker_main(args: argparse.Namespace) -> None:
    spawned = args.spawned
    if args.worker in ("cold", "cold-natural"):
        result = work_cold(spawned, args.library, forced=args.worker == "cold")
    else:
        sentences = article_sentences()
        if args.worker == "naive":
            result = work_naive(sentences[: args.naive_sentences], args.naive_threads, spawned)
        elif args.worker == "hf":
            result = work_backend(sentences, "hf", 4, args.threads, spawned)
        elif args.worker == "ct2-quality":
            result = work_backend(sentences, "ct2", 4, args.threads, spawned)
        else:
            result = work_backend(sentences, "ct2", 1, args.threads, spawned)
    result["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(result))


# --- driver ------------------------------------------------------------------------


def run_worker(
    kind: str, store: Path, args: argparse.Namespace, extra: list[str] | None = None
) -> dict[str, Any]:
    env = dict(os.environ, DRAGOMAN_MODELS=str(store), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--threads", str(args.threads)]
    cmd += [
        "--naive-sentences",
        str(args.naive_sentences),
        "--naive-threads",
        str(args.naive_threads),
        *(extra or []),
    ]
    spawned = time.time()
    done = subprocess.run(
        [*cmd, "--spawned", repr(spawned)],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(ROOT),
        check=False,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"worker {kind} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--naive-sentences", type=int, default=6, help="sentences for the slow naive baseline"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="CPU threads for our backends (0: their default)"
    )
    parser.add_argument(
        "--naive-threads",
        type=int,
        default=1,
        help="torch threads for the naive baseline (1: its fastest here; torch's default of all cores "
        "runs ~12x slower on 2 loaded cores)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return

    store = prepare(cache_dir())
    rows = [
        ("naive (generate per sentence, beam 4)", run_worker("naive", store, args)),
        ("hf backend (batched, beam 4)", run_worker("hf", store, args)),
        ("ct2 quality (int8, beam 4)", run_worker("ct2-quality", store, args)),
        ("ct2 fast (int8, greedy)", run_worker("ct2-fast", store, args)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        cold = run_worker("cold", store, args, ["--library", str(Path(tmp) / "library.sqlite")])
    with tempfile.TemporaryDirectory() as tmp:
        natural = run_worker("cold-natural", store, args, ["--library", str(Path(tmp) / "library.sqlite")])

    base_rate = rows[0][1]["tokens"] / rows[0][1]["wall"]
    print(
        f"\nTranslation of {SAMPLE.name} on {os.cpu_count()} CPU(s); output forced to {LENGTH_RATIO} x source tokens\n"
    )
    header = (
        "| path | sentences | target tokens | wall s | target tok/s | speed-up | peak MB | first result s |"
    )
    print(header)
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rates = {}
    for label, r in rows:
        rate = r["tokens"] / r["wall"]
        rates[label] = rate
        print(
            f"| {label} | {r['sentences']} | {r['tokens']} | {r['wall']:.2f} | {rate:.1f} | "
            f"{rate / base_rate:.1f}x | {r['peak_mb']:.0f} | {r['first']:.2f} |"
        )
    print(
        "\nCold start of the default path (dragoman translate's steps: default model, ct2, quality, memory;"
        " output forced to 1.2 x source; seconds since process start):\n"
    )
    previous = 0.0
    for step, at in cold["marks"]:
        print(f"  {at:6.2f} s  (+{at - previous:5.2f})  {step}")
        previous = at
    print(
        f"  full article: {cold['sentences']} sentences in {cold['total']:.2f} s on {cold['backend']}; "
        f"peak {cold['peak_mb']:.0f} MB; heavy modules imported: {cold['heavy'] or 'none'}"
    )
    print(
        f"  unforced (the random model runs every sentence to the 2n+10 cap): first sentence "
        f"{natural['first']:.2f} s, full article {natural['total']:.2f} s, peak {natural['peak_mb']:.0f} MB"
    )
    speed_quality = rates[rows[2][0]] / base_rate
    speed_fast = rates[rows[3][0]] / base_rate
    print(
        f"speedup_quality={speed_quality:.1f} speedup_fast={speed_fast:.1f} "
        f"first_sentence_s={cold['first']:.2f} peak_mb={cold['peak_mb']:.0f}"
    )


if __name__ == "__main__":
    main()
