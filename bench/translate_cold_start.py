"""Cold start of ``dragoman translate``: the real command in a new process, timed to its first English.

Run by ``bench/translate_bench.py`` (which installs the synthetic model and
sets ``DRAGOMAN_MODELS`` / ``DRAGOMAN_LIBRARY``) as::

    python bench/translate_cold_start.py SPAWNED ARTICLE [--unforced] [--model NAME]

``SPAWNED`` is the parent's ``time.time()`` just before it started this
process, so every mark counts interpreter start-up too. The command is
``desktop.cli.main(["translate", ARTICLE])`` itself -- default model, ct2,
quality profile, translation memory in a fresh library -- with a few
functions wrapped to note the time (they do nothing else), and, unless
``--unforced``, the loaded backend wrapped in :class:`ForcedLength` so every
batch decodes exactly 1.2 x its longest source, like the benchmark's rows (a
random model never says ``</s>`` where a real one would; unforced it runs to
the ``2n+10`` output cap). This file imports nothing the command would not,
so the start-up it measures is the command's.

Prints the command's output to stdout and one ``RESULT {json}`` line to stderr.
"""

from __future__ import annotations

import sys
import time
from typing import Any

LENGTH_RATIO = 1.2


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    On Linux ``VmHWM`` from ``/proc/self/status``: the high-water mark of
    this program's own memory. ``ru_maxrss`` is no good there for a child
    process, because Linux carries it over ``exec`` from the parent: a probe
    started by a benchmark that has just built a model with torch would
    report the parent's 850 MB. Elsewhere ``ru_maxrss`` (kB, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


class ForcedLength:
    """Wraps a backend so every batch decodes exactly 1.2 x its longest source (the benchmark's unit of work).

    Counts ``useful`` target tokens (1.2 x each sentence's own source: what
    a sentence-by-sentence decoder does) and ``decoded`` ones (what the
    batch really decoded, padding to its longest sentence included).
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.max_tokens = inner.max_tokens
        self.fallback_reason = inner.fallback_reason
        self.parallel_batches = getattr(inner, "parallel_batches", 1)
        self.useful = 0
        self.decoded = 0

    def count_tokens(self, sentences: Any) -> list[int]:
        return list(self.inner.count_tokens(sentences))

    def prefetch(self) -> None:
        """As the app's job does it: let the backend get the shared batches' translator ready."""
        ready = getattr(self.inner, "prefetch", None)
        if ready is not None:
            ready()

    def translate_batch(self, sentences: Any, *, beam_size: int, max_lengths: Any, min_length: int = 0) -> Any:
        return self._forced(self.inner.translate_batch, sentences, beam_size)

    def translate_alone(self, sentences: Any, *, beam_size: int, max_lengths: Any, min_length: int = 0) -> Any:
        run = getattr(self.inner, "translate_alone", self.inner.translate_batch)
        return self._forced(run, sentences, beam_size)

    def _forced(self, run: Any, sentences: Any, beam_size: int) -> Any:
        own = [round(LENGTH_RATIO * n) for n in self.count_tokens(sentences)]
        length = max(own)
        self.useful += sum(own)
        self.decoded += length * len(own)
        return run(sentences, beam_size=beam_size, max_lengths=[length] * len(sentences), min_length=length)


def main() -> int:
    spawned = float(sys.argv[1])
    article = sys.argv[2]
    forced = "--unforced" not in sys.argv[3:]
    extra = sys.argv[3:]
    model = ["--model", extra[extra.index("--model") + 1]] if "--model" in extra[:-1] else []
    marks: list[tuple[str, float]] = [("python started, probe running", time.time() - spawned)]

    def mark(label: str) -> None:
        marks.append((label, time.time() - spawned))

    import desktop.cli.read_input as read_input_module
    import desktop.cli.translate_cmd as translate_cmd
    import desktop.core.translate.backends as backends_module
    import desktop.core.translate.job as translate_module
    from desktop.cli import main as cli_main

    mark("CLI and translation modules imported")
    real_read, real_load = read_input_module.read_input, backends_module.load_backend
    real_job, real_run = translate_module.translate_document_job, translate_cmd.run
    state: dict[str, Any] = {}

    def read_input(*args: Any, **kwargs: Any) -> Any:
        doc = real_read(*args, **kwargs)
        mark("article read and segmented")
        return doc

    def load_backend(*args: Any, **kwargs: Any) -> Any:
        backend = real_load(*args, **kwargs)
        mark("model loaded (background thread: import ctranslate2, read model.bin)")
        state["backend"] = ForcedLength(backend) if forced else backend
        return state["backend"]

    def job(*args: Any, **kwargs: Any) -> Any:
        return (yield from _noting(real_job(*args, **kwargs)))

    def _noting(inner: Any) -> Any:
        first = True
        while True:
            try:
                event = next(inner)
            except StopIteration as stop:
                return stop.value
            if event.payload:
                indexes = {t.index for t in event.payload}
                if first:
                    first = False
                    what = "the headline" if -1 in indexes else "the lead sentence"
                    mark(f"first sentence translated ({what})")
                if 0 in indexes:
                    mark("lead sentence of the body translated")
            yield event

    def run(args: Any) -> int:
        mark("arguments parsed, command starts")
        return int(real_run(args))

    read_input_module.read_input = read_input
    backends_module.load_backend = load_backend
    translate_module.translate_document_job = job
    translate_cmd.run = run

    out = sys.stdout

    class FirstWrite:
        """stdout that notes when the command first prints (the first BG/EN pair)."""

        def write(self, text: str) -> int:
            if text and "printed" not in state:
                state["printed"] = True
                mark("first pair printed")
            return out.write(text)

        def flush(self) -> None:
            out.flush()

        def isatty(self) -> bool:
            return False

    sys.stdout = FirstWrite()  # type: ignore[assignment]
    try:
        code = cli_main(["translate", article, *model])
    finally:
        sys.stdout = out
    mark("whole article done")
    import json

    backend = state.get("backend")
    result = {
        "code": code,
        "marks": marks,
        "first": next((t for label, t in marks if label.startswith("first sentence translated")), None),
        "lead": next((t for label, t in marks if label == "lead sentence of the body translated"), None),
        "printed": next((t for label, t in marks if label == "first pair printed"), None),
        "total": marks[-1][1],
        "backend": getattr(backend, "name", "?"),
        "useful": getattr(backend, "useful", 0),
        "decoded": getattr(backend, "decoded", 0),
        "heavy": sorted(m for m in ("torch", "transformers", "trafilatura", "sqlite_utils") if m in sys.modules),
        "peak_mb": peak_rss_mb(),
    }
    print("RESULT " + json.dumps(result), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
