"""Operations on the library: bringing articles in, reading one back, listing, searching, opening the library."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.core.errors import UnreadableDocument
from desktop.core.library.store import Library
from desktop.core.operations.articles import (
    export_archive,
    import_file,
    import_text,
    known_article,
    load_article,
    open_file,
)
from desktop.core.operations.library import (
    SNIPPETS_PER_ARTICLE,
    list_articles,
    open_desk_library,
    search_articles,
    search_library,
)
from desktop.core.paths import library_path
from tests.core.library_helpers import make_translation


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library(tmp_path / "desk.sqlite") as lib:
        yield lib


def test_a_file_goes_into_the_library_once(library: Library, sample_path: Path) -> None:
    first = import_file(library, sample_path)
    assert not first.existed and first.sentences > 5 and first.title
    assert library.original(first.doc_id) == sample_path.read_bytes()
    again = import_file(library, sample_path)
    assert again.existed and again.doc_id == first.doc_id
    assert len(library.list_documents()) == 1


def test_an_unreadable_file_says_which_and_why(library: Library, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(UnreadableDocument) as raised:
        import_file(library, empty)
    assert "empty.txt" in str(raised.value)
    assert library.list_documents() == []


def test_pasted_text_becomes_an_article_and_the_same_text_opens_it_again(library: Library) -> None:
    text = "Министърът заяви днес, че бюджетът ще бъде приет.\n\n„Няма да вдигаме данъците“, каза той."
    first = import_text(library, text)
    assert not first.existed
    assert library.get_document(first.doc_id).meta.name == "clipboard"
    assert import_text(library, text).doc_id == first.doc_id


def test_a_colleagues_dragoman_file_opens_with_the_work_on_it(library: Library, sample_path: Path, tmp_path: Path) -> None:
    doc_id = import_file(library, sample_path).doc_id
    library.add_annotation(doc_id, "bg", 0, 8, "note", text="for the colleague")
    handover = export_archive(library, doc_id, tmp_path / "handover.dragoman")

    with Library(tmp_path / "colleague.sqlite") as theirs:
        opened = open_file(theirs, handover)
        assert not opened.existed
        assert [a.text for a in theirs.annotations(opened.doc_id)] == ["for the colleague"]
        assert open_file(theirs, handover).existed  # a second time: the stored copy


def test_load_article_reads_everything_the_reading_view_shows(library: Library, sample_path: Path) -> None:
    doc_id = import_file(library, sample_path).doc_id
    loaded = load_article(library, doc_id)
    assert loaded.translation is None and loaded.analysis is None and loaded.brief is None and not loaded.complete

    doc = loaded.document
    library.save_translation(doc_id, make_translation(doc, title_en="Headline"))
    library.add_annotation(doc_id, "en", 0, 5)
    library.save_claims(doc_id, [{"id": "c1", "kind": "quote", "sentence_ids": ["p1s1"], "score": 0.5}])
    library.save_brief(doc_id, "# Brief", {"title": "x"})
    loaded = load_article(library, doc_id)
    assert loaded.translation is not None and loaded.complete
    assert [a.side for a in loaded.annotations] == ["en"]
    assert loaded.brief == {"title": "x"}
    assert known_article(library, doc_id) and not known_article(library, doc_id + 1) and not known_article(library, None)


def test_a_translation_without_its_headline_is_not_complete(library: Library, sample_path: Path) -> None:
    doc_id = import_file(library, sample_path).doc_id
    doc = library.get_document(doc_id)
    library.save_translation(doc_id, make_translation(doc))  # an article translated before headlines were
    assert not load_article(library, doc_id).complete


def test_listing_says_when_there_are_more(library: Library) -> None:
    for i in range(4):
        import_text(library, f"Новина номер {i}: министърът каза, че ще има избори.")
    listing = list_articles(library, limit=3)
    assert len(listing.documents) == 3 and listing.more
    everything = list_articles(library)
    assert len(everything.documents) == 4 and not everything.more
    assert list_articles(library, limit=4).more is False


def test_search_finds_words_in_either_language_and_an_empty_query_nothing(library: Library, sample_path: Path) -> None:
    doc_id = import_file(library, sample_path).doc_id
    hits = search_library(library, "терминал")
    assert hits and {h.doc_id for h in hits} == {doc_id}
    assert search_library(library, "   ") == []


def test_search_groups_matches_by_article_with_a_count(library: Library) -> None:
    """27 matching sentences in one article are one entry with a count, not 27 rows (issue 13, case 12)."""
    many = import_text(library, "Бюджетът\n\n" + " ".join(f"Бюджетът за {i} година е приет." for i in range(27)))
    few = import_text(library, "Изборите\n\nМинистърът каза, че бюджетът ще бъде приет. Изборите са в неделя.")
    found = search_articles(library, "бюджетът")
    by_id = {a.doc_id: a for a in found.articles}
    assert set(by_id) == {many.doc_id, few.doc_id} and len(found.articles) == 2
    assert by_id[many.doc_id].count >= 27 and len(by_id[many.doc_id].hits) == SNIPPETS_PER_ARTICLE
    assert by_id[few.doc_id].count == 1 and not found.capped
    assert all(h.doc_id == a.doc_id for a in found.articles for h in a.hits)
    capped = search_articles(library, "бюджетът", limit=5)
    assert capped.capped and capped.matches == 5  # the counts are "at least" (the GUI shows "5+")


def test_the_library_path_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(tmp_path / "a.sqlite"))
    assert library_path() == tmp_path / "a.sqlite"
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(tmp_path))  # a folder: library.sqlite inside it
    assert library_path() == tmp_path / "library.sqlite"
    assert Library().path == library_path()


def test_the_desk_library_stands_in_a_temporary_one_and_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    desk = open_desk_library(folder)
    try:
        assert desk.problem is not None and "folder" in desk.problem and "temporary library" in desk.problem
        assert desk.library.path != folder
        import_text(desk.library, "Министърът заяви днес, че бюджетът ще бъде приет.")  # work is not refused
    finally:
        desk.library.close()


def test_a_library_locked_by_another_process_is_named_busy(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    Library(path).close()
    other = sqlite3.connect(path)  # another process keeping the library to itself
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        desk = open_desk_library(path, busy_timeout=0.2)
        try:
            assert desk.problem is not None
            assert "busy" in desk.problem and str(path) not in str(desk.library.path)
        finally:
            desk.library.close()
    finally:
        other.rollback()
        other.close()
    desk = open_desk_library(path)
    assert desk.problem is None and desk.library.path == path
    desk.library.close()
