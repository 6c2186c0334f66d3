"""Export defects a desk hit (issue 13, cases 4-7): each test reproduces one.

Run on the tiny test model's real translation where the English matters.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from desktop.core.brief.formats import FORMATS, export_brief, render
from desktop.core.brief.model import Brief, build_brief
from desktop.core.errors import ExportFailed
from desktop.core.ingest.reader import document_from_text
from desktop.core.jobs import run_job
from desktop.core.pipeline import analyse_job
from desktop.core.translate.job import translate_document_job
from desktop.core.translation import DocumentTranslation, english_layout

ARTICLE = (
    "Министърът обяви нов план\n\n"
    "Министърът на финансите заяви, че бюджетът ще бъде внесен до края на месеца. "
    "Дефицитът ще бъде 3 процента, посочи той.\n\n"
    "Според БТА цената е 5 млн. лв. Опозицията поиска оставка."
)


@dataclass(frozen=True)
class Mark:
    """A highlight or note as the library stores it (side, offsets, kind, note text)."""

    side: str
    start: int
    end: int
    kind: str
    text: str = ""


def _translated(doc: Any, model: Path) -> DocumentTranslation:
    return run_job(translate_document_job(doc, model=str(model), profile="fast", threads=1))


def _brief(doc: Any, translation: DocumentTranslation | None, annotations: list[Mark] | None = None) -> Brief:
    analysis = run_job(analyse_job(doc, translation))
    if annotations is None:
        return build_brief(doc, analysis, translation)
    return build_brief(doc, analysis, translation, annotations=annotations)


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


class _PdfSpy:
    """Records what the PDF writer puts on the page, in order (fpdf2 stores glyph ids, not text)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from fpdf import FPDF

        self.calls: list[tuple[str, str, Any]] = []
        self._depth = 0
        for name in ("write", "multi_cell", "cell", "ln"):
            real = getattr(FPDF, name)

            def spy(pdf: Any, *args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
                if self._depth == 0:  # what the brief's writer asked for, not fpdf2's own inner calls
                    text = kwargs.get("text", args[2] if _name in ("multi_cell", "cell") and len(args) > 2 else "")
                    if _name == "write":
                        text = kwargs.get("text", args[1] if len(args) > 1 else "")
                    self.calls.append((_name, str(text), kwargs.get("link")))
                self._depth += 1
                try:
                    return _real(pdf, *args, **kwargs)
                finally:
                    self._depth -= 1

            monkeypatch.setattr(FPDF, name, spy)

    @property
    def text(self) -> str:
        return " ".join(t for _, t, _ in self.calls)


# --- case 4: a headline longer than 255 characters --------------------------------------------


def test_a_docx_brief_with_a_very_long_headline_is_written(tmp_path: Path, tiny_model_with_ct2: Path) -> None:
    # A desk renames the article (the library keeps any title) or a web page's <title> runs long.
    headline = "Министърът обяви " + "много дълъг план за бюджета и пристанището " * 8
    assert len(headline) > 255
    doc = replace(document_from_text(ARTICLE), title=headline.strip())
    tr = replace(_translated(doc, tiny_model_with_ct2), title=None)  # keep the Bulgarian heading
    brief = _brief(doc, tr)
    assert len(brief.heading) > 255
    out = export_brief(brief, tmp_path / "brief.docx")
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    title = core.split("<dc:title>")[1].split("</dc:title>")[0]
    assert 0 < len(title) <= 255 and title.endswith("…")
    assert brief.heading.strip()[:40] in _docx_text(out)  # the heading itself is whole


def test_a_writer_that_fails_says_so_in_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import desktop.core.brief.docx as docx_writer

    def broken(brief: Brief) -> bytes:
        raise ValueError("exceeded 255 char limit")

    monkeypatch.setattr(docx_writer, "to_docx_bytes", broken)
    doc = document_from_text(ARTICLE)
    with pytest.raises(ExportFailed) as err:
        export_brief(_brief(doc, None), tmp_path / "brief.docx")
    message = str(err.value)
    assert "Word (DOCX) brief could not be written" in message and "\n" not in message
    assert not (tmp_path / "brief.docx").exists()


# --- case 5: notes and highlights --------------------------------------------------------------


def test_notes_and_highlights_are_in_every_format(tmp_path: Path, tiny_model_with_ct2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = document_from_text(ARTICLE)
    tr = _translated(doc, tiny_model_with_ct2)
    second = doc.sentences[1]  # "Дефицитът ще бъде 3 процента, посочи той."
    start = doc.text.index("3 процента")
    layout = english_layout(doc, tr)
    en_start, en_end = layout.spans[doc.sentences[0].id]
    marks = [
        Mark("bg", start, start + len("3 процента"), "note", "Check the figure with the ministry"),
        Mark("bg", doc.text.index("Опозицията"), doc.text.index("Опозицията") + len("Опозицията"), "highlight"),
        Mark("en", en_start, min(en_end, en_start + 12), "note", "Awkward English"),
    ]
    brief = _brief(doc, tr, marks)
    assert [n.kind for n in brief.notes] == ["note", "note", "highlight"]
    assert brief.notes[0].sentence_ids == (doc.sentences[0].id,) and brief.notes[0].side == "en"
    assert brief.notes[1].sentence_ids == (second.id,) and brief.notes[1].label == "3 процента"

    md = export_brief(brief, tmp_path / "b.md").read_text(encoding="utf-8")
    assert f"**Note on {second.id} (Bulgarian):** “3 процента” — Check the figure with the ministry" in md
    assert "Awkward English" in md and "**Highlighted in" in md
    assert "<mark>Опозицията</mark>" in md and "<mark>3 процента</mark>" in md

    html = export_brief(brief, tmp_path / "b.html").read_text(encoding="utf-8")
    assert f"Note on {second.id} (Bulgarian)" in html and f'href="#s-{second.id}"' in html
    assert '<mark class="k-highlight">Опозицията</mark>' in html

    docx_xml = _docx_text(export_brief(brief, tmp_path / "b.docx"))
    assert "Check the figure with the ministry" in docx_xml and "“Опозицията”" in docx_xml

    spy = _PdfSpy(monkeypatch)
    export_brief(brief, tmp_path / "b.pdf")
    assert "Check the figure with the ministry" in spy.text and "Your notes and highlights" in spy.text
    assert "“Опозицията”" in spy.text


def test_an_english_note_without_english_is_left_out_not_misplaced() -> None:
    doc = document_from_text(ARTICLE)
    brief = _brief(doc, None, [Mark("en", 0, 5, "note", "orphan")])
    assert brief.notes == ()


# --- case 6: checks show their sentence, links stay with their line ------------------------------


def test_checks_quote_their_sentence_and_pdf_links_follow_their_line(
    tmp_path: Path, tiny_model_with_ct2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = document_from_text(ARTICLE)
    brief = _brief(doc, _translated(doc, tiny_model_with_ct2))  # the random tiny model's English gets flagged
    assert brief.flags
    for line in brief.flags:
        sid = line.sentence_ids[0]
        assert "“" in line.text and line.text != sid
    md = export_brief(brief, tmp_path / "b.md").read_text(encoding="utf-8")
    check_lines = md.split("## Check before filing")[1].split("##")[0]
    assert "“" in check_lines

    spy = _PdfSpy(monkeypatch)
    export_brief(brief, tmp_path / "b.pdf")
    # Every sentence link is written inline right after its line's text, before the line ends.
    for i, (name, text, link) in enumerate(spy.calls):
        if name == "write" and text.strip().startswith("[p") and link is not None:
            before = [c[0] for c in spy.calls[max(0, i - 2) : i]]
            assert "ln" not in before and "multi_cell" not in before, spy.calls[i - 3 : i + 1]


# --- case 7: exported files are readable by others, as any saved file ---------------------------


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_an_export_gets_the_usual_permissions(tmp_path: Path, umask: int, expected: int) -> None:
    doc = document_from_text(ARTICLE)
    brief = _brief(doc, None)
    old = os.umask(umask)
    try:
        out = export_brief(brief, tmp_path / "brief.md")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == expected


def test_replacing_an_export_keeps_the_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    target.write_text("OLD-CONTENT", encoding="utf-8")
    target.chmod(0o640)
    export_brief(_brief(document_from_text(ARTICLE), None), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "OLD-CONTENT" not in target.read_text(encoding="utf-8")


def test_every_format_still_renders_without_notes() -> None:
    brief = _brief(document_from_text(ARTICLE), None)
    for fmt in FORMATS:
        assert render(brief, fmt)
