"""``dragoman brief`` translates with the desk's translation memory, as the app does."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from desktop.cli import main
from desktop.core.ingest.reader import read_document
from desktop.core.operations.translating import open_memory


def _brief(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(argv)


def test_brief_reads_a_correction_the_desk_made_and_no_memory_ignores_it(
    sample_path: Path, tiny_model_with_ct2: Path, tmp_path: Path
) -> None:
    lead = read_document(sample_path).sentences[0]
    open_memory().record_edit(lead.text, "The desk corrected this lead sentence.")  # in $DRAGOMAN_LIBRARY
    out = tmp_path / "brief.md"
    base = ["brief", str(sample_path), "-o", str(out), "--model", str(tiny_model_with_ct2), "--profile", "fast"]
    assert _brief(base) == 0
    assert "The desk corrected this lead sentence." in out.read_text(encoding="utf-8")
    assert _brief([*base, "--no-memory"]) == 0
    assert "The desk corrected this lead sentence." not in out.read_text(encoding="utf-8")


def test_brief_fills_the_memory_so_translate_serves_it_again(
    sample_path: Path, tiny_model_with_ct2: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    assert _brief(["brief", str(sample_path), "-o", str(out), "--model", str(tiny_model_with_ct2)]) == 0
    assert len(open_memory()) >= len(read_document(sample_path).sentences)
