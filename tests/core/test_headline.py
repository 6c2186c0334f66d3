"""The headline is translated first and travels everywhere the English does: library, archive, brief."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desktop.core.brief.formats import export_brief
from desktop.core.brief.model import build_brief
from desktop.core.errors import ItemNotFound
from desktop.core.jobs import run_job
from desktop.core.library.archive import export_document, import_document
from desktop.core.library.store import Library
from desktop.core.pipeline import analyse_job
from desktop.core.translation import TITLE_ID
from tests.core.library_helpers import make_document, make_translation

HEADLINE_EN = "Kim Jong-un wants a meeting with Putin"


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library.sqlite")
    yield library
    library.close()


def test_the_english_headline_is_kept_in_the_library_and_its_edit_wins(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    doc = lib.get_document(doc_id)
    lib.save_translation(doc_id, make_translation(doc, title_en=HEADLINE_EN))
    stored = lib.load_translation(doc_id)
    assert stored is not None and stored.title_text == HEADLINE_EN
    assert stored.title is not None and stored.title.source == doc.title
    assert TITLE_ID not in {t.sentence_id for t in stored.sentences}  # the body stays the body
    lib.save_edit(doc_id, TITLE_ID, "Kim wants to meet Putin")
    assert lib.load_translation(doc_id).title_text == "Kim wants to meet Putin"
    hits = lib.search("Kim wants")  # the English headline is searchable
    assert any(h.field == "en" and h.sentence_id == TITLE_ID for h in hits)


def test_a_translation_made_before_headlines_lacks_the_headline_until_it_is_translated() -> None:
    doc = make_document()
    assert not make_translation(doc).has_headline_of(doc)  # the window translates it on opening
    assert make_translation(doc, title_en=HEADLINE_EN).has_headline_of(doc)
    bare = make_document(title="")
    assert make_translation(bare).has_headline_of(bare)  # nothing to translate


def test_a_document_without_a_headline_refuses_a_headline_translation(lib: Library) -> None:
    doc_id = lib.add_document(make_document(title=""))
    doc = lib.get_document(doc_id)
    with pytest.raises(ItemNotFound):
        lib.save_translation(doc_id, make_translation(doc, title_en=HEADLINE_EN))


def test_the_english_headline_survives_an_archive_round_trip(lib: Library, tmp_path: Path) -> None:
    doc_id = lib.add_document(make_document())
    lib.save_translation(doc_id, make_translation(lib.get_document(doc_id), title_en=HEADLINE_EN))
    out = export_document(lib, doc_id, tmp_path / "kim.dragoman")
    with zipfile.ZipFile(out) as zf:
        data = json.loads(zf.read("translation.json"))
    # Beside the body's sentences, so that a reader that predates headlines ignores it.
    assert data["title"]["text"] == HEADLINE_EN
    assert all(s["sentence_id"] != TITLE_ID for s in data["sentences"])
    with Library(tmp_path / "colleague.sqlite") as other:
        new_id = import_document(other, out)
        assert other.load_translation(new_id).title_text == HEADLINE_EN


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_brief_is_headed_in_english_with_the_original_beneath(tmp_path: Path, fmt: str) -> None:
    doc = make_document()
    translation = make_translation(doc, title_en=HEADLINE_EN)
    brief = build_brief(doc, run_job(analyse_job(doc, translation)), translation)
    assert brief.heading == HEADLINE_EN and brief.original_title == doc.title
    out = export_brief(brief, tmp_path / f"brief.{fmt}")
    if fmt == "docx":
        import docx

        paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
        assert paragraphs[0] == HEADLINE_EN and f"Original headline: {doc.title}" in paragraphs
        return
    text = out.read_text(encoding="utf-8")
    if fmt == "md":
        assert text.startswith(f"# {HEADLINE_EN}\n") and doc.title in text.split("##")[0]
    else:
        assert f"<h1>{HEADLINE_EN}</h1>" in text and f'<span lang="bg">{doc.title}</span>' in text


def test_without_an_english_headline_the_brief_keeps_the_source_one() -> None:
    doc = make_document()
    translation = make_translation(doc)
    brief = build_brief(doc, run_job(analyse_job(doc, translation)), translation)
    assert brief.heading == doc.title and brief.original_title is None
