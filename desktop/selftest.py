"""``dragoman --self-test``: prove that this install (source or bundle) works end to end.

Each step prints one line, ``OK`` or ``FAIL`` with the reason, and the exit
status is 0 only if every step passed. ``SKIP`` marks a step this build
cannot run by design (the ``hf`` backend in the packaged build, which leaves
torch out) or one whose input an earlier failure took away; a skip alone
never fails the test. In a PyInstaller bundle this is the
check that nothing the translation, analysis and export paths import at run
time was left out of build.spec, so every step uses the real code path:
the sample article, a tiny model built on the spot (nothing downloaded), each
translation backend this build can run, every brief format, and the window
(which translates the article with the tiny model and is saved as a PNG).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

#: Every translation backend Dragoman has; the self-test reports on each.
BACKENDS = ("ct2", "hf")


class _Steps:
    def __init__(self, out: TextIO, verbose: bool) -> None:
        self.out = out
        self.verbose = verbose
        self.failed = 0
        self.state: dict[str, Any] = {}

    def run(self, name: str, fn: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:
            self.failed += 1
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.out.write(f"FAIL  {name}: {reason}\n")
            if self.verbose:
                traceback.print_exc(file=self.out)
        else:
            ms = (time.perf_counter() - started) * 1000
            self.out.write(f"OK    {name}: {detail} ({ms:.0f} ms)\n")
        self.out.flush()

    def skip(self, name: str, why: str) -> None:
        """A step this build cannot run by design (not a failure), or one whose input failed earlier."""
        self.out.write(f"SKIP  {name}: {why}\n")
        self.out.flush()


def available_backends() -> list[str]:
    """The translation backends this build can run (ct2 needs ctranslate2; hf needs torch and transformers).

    The packaged build leaves torch out, so there it is ``["ct2"]``.
    """
    from desktop.core.reference_stack import reference_stack_available

    found = []
    if importlib.util.find_spec("ctranslate2") is not None:
        found.append("ct2")
    if reference_stack_available():
        found.append("hf")
    return found


def _hf_missing_reason() -> str:
    """The sentence a user gets when asking this build for the hf backend."""
    from desktop.core.errors import BackendUnavailable
    from desktop.core.reference_stack import require_reference_stack

    try:
        require_reference_stack("The hf backend", instead="use the ct2 backend (--backend ct2)")
    except BackendUnavailable as exc:
        return str(exc)
    return "not available"


def _raise(message: str) -> Callable[[], str]:
    def fail() -> str:
        raise RuntimeError(message)

    return fail


def run_self_test(out: TextIO, *, verbose: bool = False, gui: bool = True) -> int:
    """Run every step; return 0 when all passed, 1 otherwise."""
    from desktop import __version__
    from desktop.core.resources import asset_path

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    steps = _Steps(out, verbose)
    out.write(f"Dragoman {__version__} self-test\n")
    with tempfile.TemporaryDirectory(prefix="dragoman-selftest-") as tmp_name:
        tmp = Path(tmp_name)
        s = steps.state

        def import_sample() -> str:
            from desktop.core.ingest.reader import read_document

            s["doc"] = read_document(asset_path("samples", "sample_article_bg.txt"))
            return f"{s['doc'].title[:50]!r}, {len(s['doc'].text)} characters"

        def segment() -> str:
            doc = s["doc"]
            n = len(doc.sentences)
            if n < 5:
                raise RuntimeError(f"only {n} sentences found")
            assert all(doc.text[x.start : x.end] == x.text for x in doc.sentences)
            return f"{len(doc.paragraphs)} paragraphs, {n} sentences"

        def claims() -> str:
            from desktop.core.analysis.claims.finder import find_claims

            found = find_claims(s["doc"])
            if not found:
                raise RuntimeError("no claims found in the sample article")
            return f"{len(found)} claims, kinds {sorted({c.kind for c in found})}"

        def summarise() -> str:
            from desktop.core.analysis.summarize import summarize

            summary = summarize(s["doc"])
            if not summary.sentences:
                raise RuntimeError("empty summary")
            return f"{len(summary.sentences)} sentences ({summary.method})"

        def build_model() -> str:
            from desktop.core.models import ModelStore
            from desktop.core.models.tinymodel import build_tiny_marian

            src = build_tiny_marian(tmp / "tiny-src")
            store = ModelStore(tmp / "store")
            model = store.import_path(src, name="opus-mt-bg-en", convert="ct2" in available_backends())
            s["store"] = store
            s["model"] = model
            if "ct2" in available_backends() and not model.ct2_path:
                raise RuntimeError("the model was installed without its CTranslate2 conversion")
            how = "converted to CTranslate2" if model.ct2_path else "not converted"
            if model.ct2_path and sys.modules.get("torch") is None:
                how += " without torch"  # the packaged build: the numpy converter did it
            return f"{how}, installed in {model.path}"

        steps.run("import sample article", import_sample)
        for name, step in (("segment", segment), ("find claims", claims), ("summarise", summarise)):
            if "doc" in s:
                steps.run(name, step)
            else:
                steps.skip(name, "no article (an earlier step failed)")
        steps.run("build tiny model", build_model)

        backends = available_backends()
        for backend in BACKENDS:
            if backend == "ct2" and backend not in backends:  # every build must have the fast backend
                steps.run("translate (ct2)", _raise("ctranslate2 is not installed"))
                continue
            if backend not in backends:
                steps.skip(f"translate ({backend})", _hf_missing_reason())
                continue

            def translate(backend: str = backend) -> str:
                from desktop.core.jobs import run_job
                from desktop.core.translate.job import translate_document_job

                tr = run_job(
                    translate_document_job(s["doc"], model=s["model"], backend=backend, profile="fast")
                )
                if len(tr.sentences) != len(s["doc"].sentences):
                    raise RuntimeError(f"{len(tr.sentences)} of {len(s['doc'].sentences)} sentences translated")
                if tr.backend != backend:
                    raise RuntimeError(f"asked for {backend}, ran {tr.backend}")
                if not tr.has_headline_of(s["doc"]):
                    raise RuntimeError("the headline was not translated")
                s["translation"] = tr
                return f"{len(tr.sentences)} sentences" + (" and the headline" if tr.title is not None else "")

            if "doc" in s and "model" in s:
                steps.run(f"translate ({backend})", translate)
            else:
                steps.skip(f"translate ({backend})", "no article or no model (an earlier step failed)")

        def briefs() -> str:
            from desktop.core.brief.formats import FORMATS, export_brief
            from desktop.core.brief.model import build_brief
            from desktop.core.jobs import run_job
            from desktop.core.pipeline import analyse_job

            analysis = run_job(analyse_job(s["doc"], s.get("translation")))
            brief = build_brief(s["doc"], analysis, s.get("translation"))
            sizes = []
            for fmt in FORMATS:
                path = export_brief(brief, tmp / f"brief.{fmt}")
                if path.stat().st_size < 200:
                    raise RuntimeError(f"{fmt} brief is suspiciously small")
                sizes.append(f"{fmt} {path.stat().st_size // 1024} kB")
            html = (tmp / "brief.html").read_text(encoding="utf-8")
            if "<script" in html.lower():
                raise RuntimeError("HTML brief contains a script")
            return ", ".join(sizes)

        if "doc" in s:
            steps.run("write briefs", briefs)
        else:
            steps.skip("write briefs", "no article (an earlier step failed)")

        def window() -> str:
            from desktop.gui.selftest_window import self_test_window

            store = s.get("store")
            return self_test_window(s["doc"], models_dir=store.root if store is not None else None)

        if not gui:
            steps.skip("open window", "not asked for")
        elif "doc" in s:
            steps.run("open window", window)
        else:
            steps.skip("open window", "no article (an earlier step failed)")

    out.write("self-test passed\n" if steps.failed == 0 else f"self-test FAILED: {steps.failed} step(s)\n")
    return 0 if steps.failed == 0 else 1
