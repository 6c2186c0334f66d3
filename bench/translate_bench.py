"""Translation speed: naive transformers vs our hf backend vs CTranslate2, on opus-mt-bg-en's shape.

The real weights cannot be downloaded here, so the benchmark builds a model
with the exact architecture of Helsinki-NLP/opus-mt-bg-en (d_model 512, 6+6
layers, 8 heads, FFN 2048, a 61,708-entry vocabulary with ``<pad>`` last,
generation config with beam 4 and max_length 512) and random weights. Its
sentencepiece tokenisers are trained on all the Bulgarian (and English) text
in ``../shared`` -- not on the sample article, which is held out -- so they
cut the article about as finely as the real ones do; the pieces per word are
printed for the reader to judge (see :func:`tokeniser_corpus`). The model is
cached between runs (``$DRAGOMAN_BENCH_CACHE``, default
``<tmp>/dragoman-bench``) and installed into a private model store exactly as
``dragoman models import`` does it, which converts it to CTranslate2 int8.

Equal work: a random model never says ``</s>`` at a sensible place, so every
decoder is forced to 1.2 x the source tokens (min length = max length). The
naive baseline decodes each sentence to exactly that. A batch decodes every
sentence to 1.2 x its *longest* source, and that padding is counted as cost,
never as output: "target tokens" is the same sum of 1.2 x each sentence's
own source in every row, and rates are those tokens per second of
translation (model loading excluded). Speed-ups are ratios of rates.

Rows, each in a fresh process (so peak resident memory is
honest: the high-water mark of each process's own memory, see
:func:`bench.translate_cold_start.peak_rss_mb`):

* **naive** -- what ``pipeline("translation")`` did (transformers 5 removed
  it) and what most scripts do: tokenise one sentence, ``model.generate``
  with the model's own generation settings (beam 4), decode; sentence by
  sentence; torch's default threads (all cores). The same with one thread
  is measured too, and the speed-up is taken over the *faster* of the two.
* **hf / ct2** -- our engine: ``translate_document_job`` exactly as the app
  runs it (the headline first -- in the quality profile alone, every core
  on it, then the lead sentence alone -- then length-sorted batches, the
  profile's batch limits, the backend's default threads), on the loaded
  backend wrapped to force the lengths (``bench/translate_cold_start.py``).

Every row translates the same text: the headline and the 25 sentences of the
body (the app translates the headline too, for the English brief's heading).

The cold start runs the real ``dragoman translate`` command in a new process
(``bench/translate_cold_start.py``) with the model installed: default model,
ct2, quality profile, translation memory in a fresh library, lengths forced
as above; it is timed from process start to the first translated sentence,
three times (median and worst are shown), with the time of each step.

The system load average is printed before and after: on this 2-core machine
anything else running changes every figure. Run it with nothing else busy.

Then the same for a model of opus-mt-tc-big-bg-en's shape (the "Best"
choice; bench/tcbig_rows.py): its naive row, ct2 quality and fast, and the
cold start of ``dragoman translate --model opus-mt-tc-big-bg-en``; its
speed-ups are over its own naive row (``--no-tcbig`` skips it).

Usage: ``python bench/translate_bench.py [--naive-sentences N] [--cold-runs 3] [--engine-runs 3]
[--tcbig-naive-sentences N] [--no-tcbig]``
(each ct2 row is run ``--engine-runs`` times and the median shown, with every run's rate).
The last line is machine-readable, ``key=value`` pairs built from one dict
(:func:`last_line`):
``speedup_quality=<x> speedup_fast=<y> first_sentence_s=<t> peak_mb=<m>
tcbig_quality=<x> tcbig_first_s=<t> tcbig_peak_mb=<m>``
(``first_sentence_s`` is the median cold start to the first translated
sentence -- the headline, which the app translates first; the lead sentence
of the body is timed and printed too -- ``peak_mb`` that process's
peak memory; the ``tcbig_`` figures the same for tc-big, its quality
speed-up over its own naive baseline).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"
COLD_PROBE = ROOT / "bench" / "translate_cold_start.py"
MODEL_NAME = "opus-mt-bg-en"
ARCH: dict[str, Any] = {"d_model": 512, "layers": 6, "heads": 8, "ffn_dim": 2048, "vocab_size": 61708}
#: Pieces of each OPUS-MT tokeniser ("spm32k"): opus-mt-bg-en's 61,708-entry
#: vocabulary is the Bulgarian and English pieces together, less those both
#: share. The decoder emits only English ones (desktop.core.models.target_vocab), so
#: the synthetic target tokeniser is topped up to this size.
TARGET_PIECES = 32000
LENGTH_RATIO = 1.2
CACHE_VERSION = "v4"


SHARED = ROOT.parent / "shared"
#: Pieces each tokeniser is asked for. Training text decides how many it gets
#: (``hard_vocab_limit=False``); vocab.json is then padded to 61,708 entries.
SPM_VOCAB_SIZE = 32000


def tokeniser_corpus() -> tuple[list[str], list[str], str]:
    """(Bulgarian lines, English lines, description) the sentencepiece models are trained on.

    The real opus-mt tokenisers were trained on millions of sentences and cut
    news into ~1.3-1.6 pieces per word. Trained on one short article (the old
    set-up) a unigram model knows ~350 pieces and cuts ~2.7 per word, which
    inflates every sentence's length -- and so every row's work and the first
    sentence's latency. So the Bulgarian model is trained on all the
    Bulgarian text in ``../shared`` (news articles, UD BTB sentences,
    CheckThat! tweets without URLs), the English one on the BBC articles; the
    sample article itself is held out, so its pieces per word are an honest
    out-of-sample figure, printed with the table. Without ``../shared`` the
    sample article is used, with a note.
    """
    bg: list[str] = []
    news = sorted((SHARED / "corpus" / "bg_news").glob("*.txt"))
    for f in news:
        bg.extend(f.read_text(encoding="utf-8").splitlines()[4:])  # lines 1-4: id, language, date, URL
    ud = SHARED / "eval" / "ud_bg_btb_dev.conllu"
    if ud.is_file():
        bg.extend(ln[len("# text = ") :] for ln in ud.read_text(encoding="utf-8").splitlines() if ln.startswith("# text = "))
    tweets = 0
    for f in sorted((SHARED / "eval").glob("ct22_bg_*.tsv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                text = re.sub(r"https?://\S+", "", row.get("tweet_text") or "").strip()
                if text:
                    bg.append(text)
                    tweets += 1
    en: list[str] = []
    for f in sorted((SHARED / "eval" / "bbc_news_dev" / "articles").glob("*.txt")):
        en.extend(f.read_text(encoding="utf-8", errors="replace").splitlines())
    bg = [ln.strip() for ln in bg if ln.strip()]
    en = [ln.strip() for ln in en if ln.strip()]
    if not bg:
        print(
            f"note: {SHARED} not found; training the tokenisers on the sample article alone "
            "(~2.7 pieces per word: sentences look twice as long as with the real model)",
            file=sys.stderr,
        )
        bg = [ln.strip() for ln in SAMPLE.read_text(encoding="utf-8").splitlines() if ln.strip()]
        return bg, [], "the sample article only (../shared absent)"
    words = sum(len(ln.split()) for ln in bg)
    what = f"{words:,} words of Bulgarian ({len(news)} news articles, UD BTB dev, {tweets:,} tweets)"
    return bg, en, what + (f" and {sum(len(ln.split()) for ln in en):,} words of English (BBC)" if en else "")


def cache_dir() -> Path:
    base = Path(os.environ.get("DRAGOMAN_BENCH_CACHE") or Path(tempfile.gettempdir()) / "dragoman-bench")
    digest = hashlib.sha256()
    bg, en, _ = tokeniser_corpus()
    for line in [*bg, "\0", *en]:
        digest.update(line.encode("utf-8") + b"\n")
    return base / f"{CACHE_VERSION}-{digest.hexdigest()[:10]}"


def prepare(cache: Path) -> Path:
    """Build (once) the synthetic opus-mt-bg-en and install it into ``cache/store``; return the store."""
    from desktop.core.models import RECORD_NAME, ModelStore
    from desktop.core.models.tinymodel import build_tiny_marian

    hf_dir = cache / "hf" / MODEL_NAME
    store = cache / "store"
    if not (hf_dir / "model.safetensors").is_file():
        started = time.perf_counter()
        bg, en, _ = tokeniser_corpus()
        build_tiny_marian(
            hf_dir,
            bg,
            target_corpus=en or None,
            spm_vocab_size=SPM_VOCAB_SIZE,
            max_length=512,
            num_beams=4,
            seed=0,
            target_pieces=TARGET_PIECES,
            **ARCH,
        )
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
    """What the app translates, in order: the headline, then the body's sentences."""
    from desktop.core.ingest.reader import read_document
    from desktop.core.translation import headline_of

    doc = read_document(SAMPLE)
    title = headline_of(doc)
    return ([title] if title else []) + [s.text for s in doc.iter_sentences()]


def forced_length(n: int) -> int:
    return round(LENGTH_RATIO * n)


# --- workers (each in its own process) ---------------------------------------------


def work_naive(sentences: list[str], threads: int, spawned: float, model_name: str = MODEL_NAME) -> dict[str, Any]:
    """The old ``pipeline("translation")``: one sentence at a time, the model's generation defaults.

    ``threads=0`` leaves torch's default (every core), as a script would.
    """
    import torch
    from transformers import MarianMTModel, MarianTokenizer
    from transformers import logging as hf_logging

    from desktop.core.translate.backends import resolve_model

    hf_logging.set_verbosity_error()
    if threads > 0:
        torch.set_num_threads(threads)
    path = str(resolve_model(model_name).path)
    load_start = time.perf_counter()
    tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=True)
    # float32, as a script on a CPU would run it (tc-big's checkpoint is float16).
    model = MarianMTModel.from_pretrained(path, local_files_only=True, dtype=torch.float32).eval()
    load_s = time.perf_counter() - load_start
    tokens = 0
    first = None
    started = time.perf_counter()
    for sentence in sentences:
        inputs = tokenizer([sentence], return_tensors="pt")
        length = forced_length(inputs["input_ids"].shape[1])
        with torch.inference_mode():
            out = model.generate(**inputs, max_new_tokens=length, min_new_tokens=length)
        tokenizer.batch_decode(out, skip_special_tokens=True)
        tokens += out.shape[1] - 1  # generated tokens, without the decoder start
        if first is None:
            first = time.time() - spawned
    wall = time.perf_counter() - started
    return {
        "sentences": len(sentences),
        "tokens": tokens,
        "decoded": tokens,
        "wall": wall,
        "load": load_s,
        "first": first,
        "threads": torch.get_num_threads(),
    }


def work_engine(
    backend_name: str, profile: str, spawned: float, model_name: str = MODEL_NAME, *, word_links: bool = True
) -> dict[str, Any]:
    """Our engine as the app runs it: the translation job over the article, lengths forced.

    ``word_links=False`` turns off what ct2 returns for word links and word
    confidence (attention, per-token scores), to measure their cost.
    """
    from bench.translate_cold_start import ForcedLength
    from desktop.core.ingest.reader import read_document
    from desktop.core.translate.backends import load_backend
    from desktop.core.translate.job import translate_document_job
    from desktop.core.translate.profiles import decoding_profile

    doc = read_document(SAMPLE)
    load_start = time.perf_counter()
    # As the CLI loads it for this profile (desktop.core.translate.cache.start_loading).
    inner = load_backend(model_name, backend_name, first_batch_alone=decoding_profile(profile).first_alone)
    if not word_links:
        inner.word_links = False  # type: ignore[attr-defined]
    backend = ForcedLength(inner)
    load_s = time.perf_counter() - load_start
    assert backend.name == backend_name, backend.fallback_reason
    first = None
    started = time.perf_counter()
    job = translate_document_job(doc, backend=backend, profile=profile)
    batches = 0
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            result = stop.value
            break
        if event.payload:
            batches += 1
            if first is None:
                first = time.time() - spawned
    wall = time.perf_counter() - started
    threads: Any = getattr(backend.inner, "parallel_batches", 1)
    if backend_name == "ct2":
        from desktop.core.translate.backends.ct2 import thread_layout

        inter, intra = thread_layout()
        threads = f"{inter}x{intra}"
    else:
        import torch

        threads = torch.get_num_threads()
    return {
        "sentences": len(result.all_sentences),
        "tokens": backend.useful,
        "decoded": backend.decoded,
        "wall": wall,
        "load": load_s,
        "first": first,
        "batches": batches,
        "threads": threads,
    }


def worker_main(args: argparse.Namespace) -> None:
    if args.worker == "naive":
        sentences = article_sentences()
        limit = args.naive_sentences or len(sentences)
        result = work_naive(sentences[:limit], args.naive_threads, args.spawned, args.model)
    else:
        backend_name, _, profile = args.worker.partition(":")
        profile, _, links = profile.partition(":")
        result = work_engine(backend_name, profile, args.spawned, args.model, word_links=links != "nolinks")
    from bench.translate_cold_start import peak_rss_mb

    result["peak_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(result))


# --- driver ------------------------------------------------------------------------


def _env(store: Path, library: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, DRAGOMAN_MODELS=str(store), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    if library is not None:
        env["DRAGOMAN_LIBRARY"] = str(library)
    return env


def _result(kind: str, done: subprocess.CompletedProcess[str], stream: str) -> dict[str, Any]:
    lines = [ln for ln in stream.splitlines() if ln.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"worker {kind} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def _cpu_seconds() -> tuple[float, float] | None:
    """(CPU seconds the whole machine spent busy, CPU seconds of this process's finished children), or None.

    The difference over a row is what *other* programs used meanwhile: the
    load the row was measured under (Linux only; the load average cannot
    tell it apart from the benchmark's own work).
    """
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq = fields
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")
    return busy, children.ru_utime + children.ru_stime


def _measured(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float | None]:
    """Run ``cmd``; return it and the CPU cores other programs kept busy meanwhile (on average)."""
    before, started = _cpu_seconds(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT), check=False)
    after, wall = _cpu_seconds(), time.perf_counter() - started
    if before is None or after is None:
        return done, None
    others = (after[0] - before[0]) - (after[1] - before[1])
    return done, max(0.0, others / max(wall, 1e-6))


def run_worker(
    kind: str,
    store: Path,
    args: argparse.Namespace,
    *,
    naive_threads: int = 0,
    model: str = MODEL_NAME,
    sentences: int | None = None,
) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--model", model]
    limit = args.naive_sentences if sentences is None else sentences
    cmd += ["--naive-sentences", str(limit), "--naive-threads", str(naive_threads)]
    done, others = _measured([*cmd, "--spawned", repr(time.time())], _env(store))
    result = _result(kind, done, done.stdout)
    result["others"] = others
    return result


def run_cold(store: Path, *, forced: bool = True, model: str | None = None) -> dict[str, Any]:
    """One cold ``dragoman translate`` (``--model model`` when given) in a new process with a fresh library."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, str(COLD_PROBE), repr(time.time()), str(SAMPLE), *(["--model", model] if model else [])]
        done, others = _measured(
            [*cmd, *([] if forced else ["--unforced"])], _env(store, Path(tmp) / "library.sqlite")
        )
    result = _result("cold start", done, done.stderr)
    result["others"] = others
    return result


def tokeniser_stats(store: Path) -> dict[str, Any]:
    """Pieces per word on the article with the installed source tokeniser (``</s>`` not counted)."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(store / MODEL_NAME / "source.spm"))
    sentences = article_sentences()
    pieces = [len(p) for p in sp.encode(sentences)]
    words = [len(s.split()) for s in sentences]
    return {
        "sentences": len(sentences),
        "words": sum(words),
        "pieces": sum(pieces),
        "per_word": sum(pieces) / max(1, sum(words)),
        "first_words": words[0],
        "first_tokens": pieces[0] + 1,
        "lead_words": words[1] if len(words) > 1 else words[0],
        "lead_tokens": (pieces[1] if len(pieces) > 1 else pieces[0]) + 1,
        "vocab": sp.get_piece_size(),
        "output_pieces": _output_pieces(store),
    }


def _output_pieces(store: Path) -> int | None:
    """How many vocabulary entries the ct2 decoder may emit (desktop.core.models.target_vocab), or None for all."""
    from desktop.core.models.target_vocab import VMAP_NAME

    vmap = store / MODEL_NAME / "ct2" / VMAP_NAME
    if not vmap.is_file():
        return None
    return len(vmap.read_text(encoding="utf-8").split("\t", 1)[1].split())


def _cores(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--naive-sentences", type=int, default=0, help="sentences for the slow naive baseline (0: the whole article)"
    )
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts to time (median and worst shown)")
    parser.add_argument("--engine-runs", type=int, default=3, help="runs of each ct2 row (the median is shown)")
    parser.add_argument(
        "--tcbig-naive-sentences",
        type=int,
        default=8,
        help="sentences for tc-big's naive baseline (it is about 4x slower than the default's; 0: all)",
    )
    parser.add_argument("--no-tcbig", action="store_true", help="skip the tc-big rows")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model", default=MODEL_NAME, help=argparse.SUPPRESS)
    parser.add_argument("--naive-threads", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return

    load_before = load_note()
    _, _, corpus_note = tokeniser_corpus()
    cache = cache_dir()
    store = prepare(cache)
    stats = tokeniser_stats(store)
    cpus = os.cpu_count() or 1
    naive_rows = [
        ("naive: generate() per sentence, model defaults (beam 4), torch default threads ({t})", 0),
        ("naive, pinned to 1 torch thread (for reference)", 1),
    ]
    rows: list[tuple[str, dict[str, Any]]] = []
    for label, threads in naive_rows:
        r = run_worker("naive", store, args, naive_threads=threads)
        rows.append((label.format(t=r["threads"]), r))
    engine = [
        ("hf backend: our job, batched, beam 4", "hf:quality"),
        ("ct2 quality: our job, int8, beam 4", "ct2:quality"),
        ("ct2 fast: our job, int8, greedy", "ct2:fast"),
        # Word links and word confidence (attention and scores) are on in the rows above, off in these.
        ("ct2 quality, attention and scores off", "ct2:quality:nolinks"),
        ("ct2 fast, attention and scores off", "ct2:fast:nolinks"),
    ]
    for label, kind in engine:
        # ct2 rows take seconds: the median of a few runs (by wall time) steadies them.
        runs = [run_worker(kind, store, args) for _ in range(args.engine_runs if kind.startswith("ct2") else 1)]
        ordered = sorted(runs, key=lambda r: r["wall"])
        chosen = dict(ordered[len(ordered) // 2])
        chosen["runs"] = len(runs)
        chosen["spread"] = [round(r["tokens"] / r["wall"], 1) for r in ordered]
        rows.append((label, chosen))
    colds = [run_cold(store) for _ in range(max(1, args.cold_runs))]
    natural = run_cold(store, forced=False)
    tcbig_rows: list[tuple[str, dict[str, Any]]] = []
    tcbig_colds: list[dict[str, Any]] = []
    if not args.no_tcbig:
        from bench import tcbig_rows as tcbig

        bg, en, _ = tokeniser_corpus()
        tcbig_store = tcbig.prepare_tcbig(cache / "tcbig", (bg, en), TARGET_PIECES, SPM_VOCAB_SIZE)
        tcbig_rows, tcbig_colds = tcbig.measure(tcbig_store, run_worker, run_cold, args)
    load_after = load_note()

    naive_rates = [r["tokens"] / r["wall"] for _, r in rows[:2]]
    base_rate = max(naive_rates)
    base_label = "torch default threads" if naive_rates[0] >= naive_rates[1] else "1 torch thread"
    print(
        f"\nTranslation of {SAMPLE.name} ({stats['sentences']} sentences, {stats['words']} words) "
        f"on {cpus} CPU(s); load average (1/5/15 min) before {load_before}, after {load_after}"
    )
    print(
        f"Tokeniser: unigram sentencepiece, {stats['vocab']:,} pieces, trained on {corpus_note}; "
        f"the held-out article is {stats['per_word']:.2f} pieces per word ({stats['pieces'] + stats['sentences']} "
        f"source tokens with </s>; the headline {stats['first_words']} words = {stats['first_tokens']} tokens, the lead "
        f"sentence {stats['lead_words']} words = {stats['lead_tokens']} tokens). "
        "The real opus-mt tokeniser cuts news into about 1.3-1.6."
    )
    allowed = stats["output_pieces"]
    print(
        f"Decoder output: {allowed:,} of {ARCH['vocab_size']:,} vocabulary entries, the target pieces "
        f"(desktop.core.models.target_vocab; the synthetic English tokeniser is topped up to {TARGET_PIECES:,} pieces, "
        "OPUS-MT's size)."
        if allowed
        else "Decoder output: the whole vocabulary (no vocabulary map in the ct2 model)."
    )
    print(
        f"Output forced to {LENGTH_RATIO} x source tokens; target tokens = sum of 1.2 x each sentence's own "
        "source; 'decoded' adds what batches spend padding short sentences to their batch's longest.\n"
    )
    print(
        "| path | threads | sentences | target tokens | decoded | wall s | target tok/s | speed-up | "
        "peak MB | first result s | others' CPU |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rates: dict[str, float] = {}
    tcbig_base = tcbig_rows[0][1]["tokens"] / tcbig_rows[0][1]["wall"] if tcbig_rows else base_rate
    for label, r in [*rows, *tcbig_rows]:
        rate = r["tokens"] / r["wall"]
        rates[label] = rate
        base = tcbig_base if label.startswith("tc-big") else base_rate
        print(
            f"| {label} | {r['threads']} | {r['sentences']} | {r['tokens']} | {r['decoded']} | {r['wall']:.2f} | "
            f"{rate:.1f} | {rate / base:.1f}x | {r['peak_mb']:.0f} | {r['first']:.2f} | {_cores(r['others'])} |"
        )
    for label, r in [*rows, *tcbig_rows]:
        if r.get("runs", 1) > 1:
            print(f"  {label}: median of {r['runs']} runs; target tok/s of each: {r['spread']}")
    print(
        f"\nSpeed-ups are over the faster naive row ({base_label}); the tc-big rows' over tc-big's own naive "
        "row (a different, bigger model: compare their rates, not their speed-ups, with the rows above). ct2 threads are workers x threads each "
        "(batches decoded in parallel); 'first result' counts interpreter start, imports and model load; "
        "'others' CPU' is the cores other programs kept busy during the row, on average (the load it ran under)."
    )
    firsts = sorted(c["first"] for c in colds)
    median_first = statistics.median(firsts)
    shown = sorted(colds, key=lambda c: c["first"])[len(colds) // 2]
    print(
        f"\nCold start of `dragoman translate {SAMPLE.name}` (real command, new process, default model on "
        f"{shown['backend']}, quality, memory in a fresh library, output forced to 1.2 x source), the median of "
        f"{len(colds)} runs, seconds since process start:\n"
    )
    previous = 0.0
    for step, at in shown["marks"]:
        print(f"  {at:6.2f} s  (+{at - previous:5.2f})  {step}")
        previous = at
    print(
        f"  first sentence: {', '.join(f'{x:.2f}' for x in firsts)} s over {len(colds)} runs (median "
        f"{median_first:.2f}, worst {firsts[-1]:.2f}); others' CPU meanwhile "
        f"{', '.join(_cores(c['others']) for c in colds)}; peak {shown['peak_mb']:.0f} MB; "
        f"heavy modules imported: {shown['heavy'] or 'none'}"
    )
    leads = sorted(c["lead"] for c in colds if c.get("lead") is not None)
    if leads:
        print(
            f"  lead sentence of the body ({stats['lead_tokens']} tokens): {', '.join(f'{x:.2f}' for x in leads)} s "
            f"(median {statistics.median(leads):.2f}); the first sentence above is the headline, translated first"
        )
    print(
        f"  unforced (the random model runs every sentence to the 2n+10 cap): first sentence "
        f"{natural['first']:.2f} s, full article {natural['total']:.2f} s, peak {natural['peak_mb']:.0f} MB"
    )
    # The cost of word links and word confidence: time with them over time without (same work, same tokens).
    cost_quality = rates[engine[3][0]] / rates[engine[1][0]]
    cost_fast = rates[engine[4][0]] / rates[engine[2][0]]
    print(
        f"\nAttention and scores (word links, word confidence) on vs off, wall-time ratio: quality (beam 4, "
        f"attention + one teacher-forced score_batch) {cost_quality:.3f}, fast (greedy, attention + per-step "
        f"callback) {cost_fast:.3f}; target <= 1.10"
    )
    figures = {
        "speedup_quality": f"{rates[engine[1][0]] / base_rate:.1f}",
        "speedup_fast": f"{rates[engine[2][0]] / base_rate:.1f}",
        "first_sentence_s": f"{median_first:.2f}",
        "peak_mb": f"{shown['peak_mb']:.0f}",
    }
    if tcbig_rows:
        from bench import tcbig_rows as tcbig

        lines, tcbig_figures = tcbig.summary(tcbig_rows, tcbig_colds)
        print("\n".join(lines))
        figures.update(tcbig_figures)
    figures["attention_cost"] = f"{cost_quality:.3f}"
    figures["attention_cost_fast"] = f"{cost_fast:.3f}"
    print(last_line(figures))


def last_line(figures: dict[str, str]) -> str:
    """The machine-readable last line: ``key=value`` for every figure, in the order added.

    Other rows add their figures to the same dict, so the line grows without being rewritten.
    """
    return " ".join(f"{key}={value}" for key, value in figures.items())


if __name__ == "__main__":
    main()
