"""The English brief: content, provenance links, and every export format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from desktop.core.brief.formats import export_brief
from desktop.core.brief.model import Brief, build_brief
from desktop.core.errors import ExportFailed, StorageFull
from desktop.core.ingest.reader import document_from_text
from desktop.core.jobs import run_job
from desktop.core.pipeline import analyse_job
from desktop.core.translation import DocumentTranslation, TranslatedSentence

HOSTILE = (
    "Заглавие <script>alert(1)</script>\n\n"
    'Министърът каза, че "><img src=x onerror=alert(2)> е опасно. '
    "Според БТА цената е 5 млн. лв. <iframe src=https://evil.example></iframe>\n"
)


def _fake_translation(doc) -> DocumentTranslation:  # type: ignore[no-untyped-def]
    """An English side whose every sentence names its source id, so links can be checked."""
    return DocumentTranslation(
        tuple(
            TranslatedSentence(s.id, s.index, s.text, f"English of {s.id}.", -0.5, "tiny", "rev1", "ct2", "fast")
            for s in doc.sentences
        ),
        model="tiny",
        revision="rev1",
        backend="ct2",
        profile="fast",
    )


@pytest.fixture()
def sample_doc(sample_path: Path):  # type: ignore[no-untyped-def]
    from desktop.core.ingest.reader import read_document

    return read_document(sample_path)


def _brief(doc, translation=None) -> Brief:  # type: ignore[no-untyped-def]
    analysis = run_job(analyse_job(doc, translation))
    return build_brief(doc, analysis, translation)


def test_brief_lines_point_to_real_sentences(sample_doc) -> None:  # type: ignore[no-untyped-def]
    tr = _fake_translation(sample_doc)
    brief = _brief(sample_doc, tr)
    ids = {s.id for s in sample_doc.sentences}
    assert 3 <= len(brief.summary) <= 5
    assert brief.claims, "the sample article has attributed statements"
    for line in (*brief.summary, *brief.claims, *brief.flags):
        assert line.sentence_ids and set(line.sentence_ids) <= ids
    # Summary lines are the English of the sentences they cite.
    for line in brief.summary:
        assert line.text == " ".join(f"English of {i}." for i in line.sentence_ids)
    assert brief.provenance.model == "tiny" and brief.provenance.backend == "ct2"
    assert brief.missing_translation_notice is None
    assert Brief.from_dict(brief.to_dict()) == brief


def test_brief_without_translation_says_english_is_missing(sample_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    brief = _brief(sample_doc)
    assert not brief.translated
    assert "No translation model is installed" in (brief.missing_translation_notice or "")
    md = export_brief(brief, tmp_path / "b.md").read_text(encoding="utf-8")
    assert "English missing" in md and "dragoman models download opus-mt-bg-en" in md


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_format_is_written(sample_doc, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    brief = _brief(sample_doc, _fake_translation(sample_doc))
    out = export_brief(brief, tmp_path / f"brief.{fmt}")
    data = out.read_bytes()
    assert len(data) > 500
    if fmt == "docx":
        with zipfile.ZipFile(out) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert sample_doc.title.split()[0] in xml
        assert 'w:anchor="s_p1s1"' in xml or "w:anchor=" in xml  # internal links to sentence rows
        assert "w:shd" in xml  # claim highlights in legend colours
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
        assert b"DejaVu" in data  # the Cyrillic font is embedded
    else:
        text = data.decode("utf-8")
        assert sample_doc.sentences[0].text[:20] in text or "p1s1" in text


def test_pdf_text_has_the_cyrillic_title(sample_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = export_brief(_brief(sample_doc), tmp_path / "b.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert sample_doc.title.split()[0] in text


def test_html_escapes_hostile_article_text(tmp_path: Path) -> None:
    doc = document_from_text(HOSTILE, language="bg")
    tr = DocumentTranslation(
        tuple(
            TranslatedSentence(s.id, s.index, s.text, f'Said "><img src=x onerror=alert(3)> {s.id}', -0.3, "m", "r", "ct2", "fast")
            for s in doc.sentences
        ),
        model="m",
    )
    html = export_brief(_brief(doc, tr), tmp_path / "b.html").read_text(encoding="utf-8")
    tags = _tags(html)
    assert {"script", "img", "iframe", "link", "object", "embed"}.isdisjoint(t for t, _ in tags)
    for _tag, attrs in tags:
        assert not any(name.startswith("on") for name, _ in attrs), attrs
        assert not any(name in ("src", "href") and re.match(r"\s*(https?:|//|javascript:)", value or "") for name, value in attrs)
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "Content-Security-Policy" in html and "script-src 'none'" in html


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every real element of an HTML text with its attributes (escaped text is not a tag)."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_markdown_escapes_raw_html(tmp_path: Path) -> None:
    doc = document_from_text(HOSTILE, language="bg")
    md = export_brief(_brief(doc), tmp_path / "b.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "<img" not in md and "<iframe" not in md


def test_bad_extension_and_missing_folder_are_one_sentence(sample_doc, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    brief = _brief(sample_doc)
    with pytest.raises(ExportFailed, match=r"\.md, \.html, \.docx or \.pdf"):
        export_brief(brief, tmp_path / "brief.odt")
    with pytest.raises(ExportFailed, match="does not exist"):
        export_brief(brief, tmp_path / "nope" / "brief.md")


def test_full_disk_keeps_the_previous_brief(sample_doc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    target = tmp_path / "brief.md"
    target.write_text("previous brief", encoding="utf-8")
    brief = _brief(sample_doc)

    def full(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageFull, match="disk is full"):
        export_brief(brief, target)
    assert target.read_text(encoding="utf-8") == "previous brief"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]  # no stray temp file
