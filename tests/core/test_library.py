"""The desk library: documents, translations, edits, notes, claims, briefs, glossary, search, migrations."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core.errors import DuplicateDocument, ItemNotFound, LibraryError, LibraryTooNew
from desktop.core.library.schema import SCHEMA_VERSION, migrate, schema_version
from desktop.core.library.search import fts_query
from desktop.core.library.store import Library, default_library_path
from desktop.core.translation import TranslatedSentence
from tests.core.library_helpers import BG_TEXT, FakeClaim, make_document, make_translation


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library.sqlite")
    yield library
    library.close()


# --- location -------------------------------------------------------------------------


def test_default_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(tmp_path / "desk" / "lib.sqlite"))
    with Library() as library:
        assert library.path == tmp_path / "desk" / "lib.sqlite"
        library.add_document(make_document())
    assert (tmp_path / "desk" / "lib.sqlite").is_file()
    # A folder in the variable means "the library file inside it".
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(tmp_path / "desk"))
    assert default_library_path() == tmp_path / "desk" / "library.sqlite"


def test_default_location_without_the_variable_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRAGOMAN_LIBRARY")
    path = default_library_path()
    assert path.name == "library.sqlite"
    assert "dragoman" in str(path).lower()


def test_the_file_is_in_wal_mode_with_foreign_keys(lib: Library) -> None:
    assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema_version(lib.db) == SCHEMA_VERSION


# --- documents --------------------------------------------------------------------------


def test_a_document_comes_back_exactly_as_stored(lib: Library) -> None:
    doc = make_document()
    original = BG_TEXT.encode("cp1251")
    doc_id = lib.add_document(doc, original)
    again = lib.get_document(doc_id)
    assert again == doc
    assert [(s.id, s.start, s.end) for s in again.sentences] == [(s.id, s.start, s.end) for s in doc.sentences]
    assert all(again.text[s.start : s.end] == s.text for s in again.sentences)
    assert lib.original(doc_id) == original


def test_an_unsegmented_paste_is_stored_too(lib: Library) -> None:
    doc = make_document().with_paragraphs(())
    doc_id = lib.add_document(doc)
    assert lib.get_document(doc_id) == doc
    assert lib.original(doc_id) is None


def test_the_same_article_twice_is_recognised(lib: Library) -> None:
    original = BG_TEXT.encode("utf-8")
    first = lib.add_document(make_document(), original)
    with pytest.raises(DuplicateDocument) as caught:
        lib.add_document(make_document(title="renamed"), original)
    assert caught.value.existing_id == first
    assert f"#{first}" in str(caught.value)
    assert len(lib.list_documents()) == 1
    assert lib.find_by_sha256(hashlib.sha256(original).hexdigest()) == first
    second = lib.add_document(make_document(), original, allow_duplicate=True)
    assert second != first
    assert len(lib.list_documents()) == 2


def test_pastes_are_recognised_by_their_text(lib: Library) -> None:
    lib.add_document(make_document())
    with pytest.raises(DuplicateDocument):
        lib.add_document(make_document())
    lib.add_document(make_document(BG_TEXT + " Още едно изречение."))


def test_list_shows_status_and_most_recent_first(lib: Library) -> None:
    old = lib.add_document(make_document(name="a.txt"), b"a")
    new = lib.add_document(make_document(name="b.txt", date=None), b"b")
    listed = lib.list_documents()
    assert [d.id for d in listed] == [new, old]
    assert listed[1].date == "2026-11-24"  # the article's own date
    assert listed[0].date == listed[0].imported_at[:10]  # else the import day
    assert {d.status for d in listed} == {"new"}

    doc = lib.get_document(old)
    lib.save_translation(old, make_translation(doc))
    assert lib.list_documents()[0].id == old
    assert lib.list_documents()[0].status == "translated"
    lib.save_edit(old, "p1s2", "The meeting could happen this month.")
    assert lib.list_documents()[0].status == "edited"
    lib.save_brief(old, "# Brief", {"lines": []})
    assert lib.list_documents()[0].status == "briefed"


def test_rename_keeps_offsets(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    lib.set_title(doc_id, "Нова титла")
    again = lib.get_document(doc_id)
    assert again.title == "Нова титла"
    assert again.paragraphs == make_document().paragraphs


def test_delete_removes_everything_attached(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
    note = lib.add_annotation(doc_id, "bg", 0, 10, "note", text="провери Кърби")
    lib.save_brief(doc_id, "# Brief")
    lib.delete_document(doc_id)
    assert lib.list_documents() == []
    assert lib.search("Кърби") == []
    with pytest.raises(ItemNotFound):
        lib.get_document(doc_id)
    with pytest.raises(ItemNotFound):
        lib.get_annotation(note)
    with pytest.raises(ItemNotFound, match="no document #"):
        lib.delete_document(doc_id)


def test_ids_are_never_reused(lib: Library) -> None:
    first = lib.add_document(make_document())
    lib.delete_document(first)
    assert lib.add_document(make_document()) != first


# --- translations and edits ---------------------------------------------------------------


def test_translation_round_trip_and_streamed_batches(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    doc = lib.get_document(doc_id)
    full = make_translation(doc)
    assert lib.load_translation(doc_id) is None
    lib.save_translation(doc_id, full.sentences[:2])  # first batch, as the engine streams it
    partial = lib.load_translation(doc_id)
    assert partial is not None and [t.sentence_id for t in partial.sentences] == ["p1s1", "p1s2"]
    assert partial.model == "opus-mt-bg-en"
    lib.save_translation(doc_id, full.sentences[2:])
    assert lib.load_translation(doc_id) == full
    assert lib.load_translation(doc_id).is_complete(doc)


def test_an_edit_wins_and_survives_retranslation(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    doc = lib.get_document(doc_id)
    lib.save_translation(doc_id, make_translation(doc))
    saved = lib.save_edit(doc_id, "p1s1", "Kim Jong-un wants to meet Putin in Russia.")
    assert saved.final == "Kim Jong-un wants to meet Putin in Russia."
    # A new machine run (another model) must not throw the journalist's work away.
    lib.save_translation(doc_id, make_translation(doc, model="opus-mt-tc-big-bg-en"))
    t = lib.load_translation(doc_id)
    assert t is not None
    assert t.model == "opus-mt-tc-big-bg-en"
    assert t.text_for("p1s1") == "Kim Jong-un wants to meet Putin in Russia."
    lib.save_edit(doc_id, "p1s1", None)
    t = lib.load_translation(doc_id)
    assert t is not None and t.get("p1s1").edited_text is None
    assert lib.list_documents()[0].status == "translated"


def test_a_sentence_can_be_translated_by_hand(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    lib.save_edit(doc_id, "p3s1", "Exports grew by 17 percent.")
    t = lib.load_translation(doc_id)
    assert t is not None and t.text_for("p3s1") == "Exports grew by 17 percent."
    assert t.get("p3s1").text == ""


def test_unknown_sentences_are_refused(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    with pytest.raises(ItemNotFound, match="p9s9"):
        lib.save_edit(doc_id, "p9s9", "x")
    stray = TranslatedSentence(sentence_id="p9s9", index=9, source="x", text="y")
    with pytest.raises(ItemNotFound, match="p9s9"):
        lib.save_translation(doc_id, [stray])
    assert lib.load_translation(doc_id) is None


# --- claims, flags, briefs, glossary -------------------------------------------------------


def test_claims_from_dataclasses_or_dicts_come_back_as_dicts(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    claims = [
        FakeClaim(id="c1", kind="quote", speaker="Джон Кърби", score=0.9, spans=((0, 10),)),
        {"id": "c2", "kind": "figure", "text": "17 процента", "score": 0.7},
    ]
    given = copy.deepcopy(claims)
    lib.save_claims(doc_id, claims)
    assert claims == given  # inputs are never changed
    loaded = lib.load_claims(doc_id)
    assert loaded[0] == {"id": "c1", "kind": "quote", "speaker": "Джон Кърби", "score": 0.9, "spans": [[0, 10]]}
    assert loaded[1] == claims[1]
    lib.save_claims(doc_id, claims[1:])
    assert [c["id"] for c in lib.load_claims(doc_id)] == ["c2"]
    lib.save_flags(doc_id, [{"kind": "number", "sentence_id": "p3s1"}])
    assert lib.load_flags(doc_id) == [{"kind": "number", "sentence_id": "p3s1"}]


def test_every_brief_is_kept_and_the_latest_wins(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    assert lib.latest_brief(doc_id) is None
    lib.save_brief(doc_id, "# First", {"n": 1})
    lib.save_brief(doc_id, "# Second", {"n": 2, "lines": [{"text": "Kim", "sources": ["p1s1"]}]}, format="html")
    latest = lib.latest_brief(doc_id)
    assert latest is not None
    assert (latest.markdown, latest.format, latest.data["n"]) == ("# Second", "html", 2)
    assert [b.markdown for b in lib.briefs(doc_id)] == ["# First", "# Second"]


def test_glossary(lib: Library) -> None:
    lib.glossary_set("Белия дом", "the White House")
    lib.glossary_set(" Кърби ", "Kirby", note="John Kirby, NSC")
    lib.glossary_set("Кърби", "John Kirby")
    assert lib.glossary_get("Кърби").en == "John Kirby"
    assert lib.glossary_get("Кърби").note == ""
    assert [e.bg for e in lib.glossary_all()] == ["Белия дом", "Кърби"]
    assert lib.glossary_map() == {"Белия дом": "the White House", "Кърби": "John Kirby"}
    assert lib.glossary_delete("Кърби") is True
    assert lib.glossary_delete("Кърби") is False
    assert lib.glossary_get("Кърби") is None
    with pytest.raises(ValueError):
        lib.glossary_set("  ", "x")


# --- annotations ---------------------------------------------------------------------------


def test_annotations_add_update_delete(lib: Library) -> None:
    doc_id = lib.add_document(make_document())
    hl = lib.add_annotation(doc_id, "bg", 24, 34, "highlight", colour="#ffd54f")
    note = lib.add_annotation(doc_id, "en", 0, 12, "note", text="check the spelling")
    listed = lib.annotations(doc_id)
    assert [a.id for a in listed] == [hl, note]
    first = lib.get_annotation(hl)
    assert (first.side, first.start, first.end, first.colour) == ("bg", 24, 34, "#ffd54f")
    changed = lib.update_annotation(hl, colour=None, text="Ким", kind="note")
    assert (changed.colour, changed.text, changed.kind, changed.start) == (None, "Ким", "note", 24)
    assert changed.updated_at >= first.updated_at
    assert changed.created_at == first.created_at
    assert lib.get_annotation(hl) == changed
    assert [a.id for a in lib.annotations(doc_id, side="en")] == [note]
    lib.delete_annotation(note)
    assert [a.id for a in lib.annotations(doc_id)] == [hl]
    with pytest.raises(ItemNotFound):
        lib.delete_annotation(note)
    with pytest.raises(ItemNotFound):
        lib.update_annotation(note, text="x")


@pytest.mark.parametrize(
    ("side", "start", "end", "kind"),
    [("fr", 0, 1, "note"), ("bg", 5, 2, "note"), ("bg", -1, 2, "note"), ("bg", 0, 1, "sticker"), ("bg", 0, 10**6, "note")],
)
def test_impossible_annotations_are_refused(lib: Library, side: str, start: int, end: int, kind: str) -> None:
    doc_id = lib.add_document(make_document())
    with pytest.raises(ValueError):
        lib.add_annotation(doc_id, side, start, end, kind)
    assert lib.annotations(doc_id) == []


def test_actions_on_a_missing_document_name_it(lib: Library) -> None:
    for action in (
        lambda: lib.add_annotation(42, "bg", 0, 1),
        lambda: lib.save_brief(42, "x"),
        lambda: lib.save_claims(42, []),
        lambda: lib.load_translation(42),
        lambda: lib.save_edit(42, "p1s1", "x"),
    ):
        with pytest.raises(ItemNotFound, match="#42"):
            action()


# --- search ----------------------------------------------------------------------------------


@pytest.fixture
def searchable(lib: Library) -> tuple[Library, int]:
    doc_id = lib.add_document(make_document())
    lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
    lib.save_edit(doc_id, "p1s2", "The summit could happen this month.")
    lib.add_annotation(doc_id, "bg", 0, 10, "note", text="Обади се на кореспондента в Сеул")
    other = lib.add_document(make_document("Кафе и café в центъра на София.", title="Градът", name="c.txt"))
    lib.save_translation(other, make_translation(lib.get_document(other), english={"p1s1": "Coffee in Sofia."}))
    return lib, doc_id


def test_search_finds_bulgarian_in_any_case_and_inflection(searchable: tuple[Library, int]) -> None:
    lib, doc_id = searchable
    hits = lib.search("КЪРБИ")
    assert [(h.doc_id, h.field, h.sentence_id) for h in hits] == [(doc_id, "bg", "p2s1")]
    assert "[Кърби]" in hits[0].snippet
    assert hits[0].title == "Ким Чен-ун иска среща с Путин"
    # A stem finds the inflected form (говорителката).
    assert [h.sentence_id for h in lib.search("говорител")] == ["p1s1"]
    # Two words: both must match, in any order.
    assert [h.sentence_id for h in lib.search("Пхенян Шойгу")] == ["p2s2"]
    assert lib.search("Пхенян Вашингтон") == []


def test_search_finds_english_edited_and_machine_text(searchable: tuple[Library, int]) -> None:
    lib, doc_id = searchable
    edited = lib.search("summit")
    assert [(h.field, h.sentence_id) for h in edited] == [("en", "p1s2")]
    assert "[summit]" in edited[0].snippet
    # The machine wording the journalist replaced is still findable.
    assert [(h.field, h.sentence_id) for h in lib.search("meeting may")] == [("en", "p1s2")]
    assert [h.sentence_id for h in lib.search("pyongyang")] == ["p2s2"]


def test_search_finds_notes_titles_and_folds_accents(searchable: tuple[Library, int]) -> None:
    lib, doc_id = searchable
    notes = lib.search("кореспондента")
    assert [(h.field, h.doc_id) for h in notes] == [("note", doc_id)]
    assert notes[0].annotation_id == lib.annotations(doc_id)[0].id
    assert [h.field for h in lib.search("Градът")] == ["title"]
    cafe = lib.search("cafe")
    assert {h.field for h in cafe} == {"bg"}
    assert "[café]" in cafe[0].snippet or "[Кафе]" in cafe[0].snippet


def test_search_limits_and_filters_by_document(searchable: tuple[Library, int]) -> None:
    lib, doc_id = searchable
    assert len(lib.search("в", limit=50)) >= 2
    assert len(lib.search("София Путин", limit=1)) <= 1
    assert all(h.doc_id == doc_id for h in lib.search("Путин", doc_id=doc_id))
    assert lib.search("Кафе", doc_id=doc_id) == []


def test_search_follows_edits_and_deleted_notes(searchable: tuple[Library, int]) -> None:
    lib, doc_id = searchable
    lib.save_edit(doc_id, "p3s1", "Shipments rose sharply.")
    assert [h.sentence_id for h in lib.search("shipments")] == ["p3s1"]
    note = lib.annotations(doc_id)[0]
    lib.update_annotation(note.id, text="Друг текст")
    assert lib.search("кореспондента") == []
    lib.delete_annotation(note.id)
    assert lib.search("Друг") == []


@pytest.mark.parametrize(
    "query",
    ['"Кърби', "AND (", "OR", "NOT Путин", "NEAR(Ким Путин)", "*", "Пу*тин", '"', '""', "(((", "-Путин",
     "col:Путин", "text: Путин", "^Путин", "Ким + Путин", "'; DROP TABLE documents; --", "{bg}", "\\", "\x00",
     "", "   ", "Кърби\"AND\"", "Путин" * 200, " ".join(["Путин"] * 100)],
)
def test_hostile_queries_never_crash(searchable: tuple[Library, int], query: str) -> None:
    lib, _ = searchable
    hits = lib.search(query)
    assert isinstance(hits, list)
    assert len(lib.list_documents()) == 2


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('"Кърби') == '"Кърби"*'
    assert fts_query("AND (") == '"AND"*'
    assert fts_query('"Джон Кърби" 17') == '"Джон Кърби"* "17"'
    assert fts_query("a b") == '"a" "b"'
    assert fts_query("!!! ((( ") is None


# --- migrations ----------------------------------------------------------------------------

_V1_ROWS = [
    (
        "INSERT INTO documents (id, title, source_name, source_format, sha256, language, status, imported_at, "
        "updated_at, meta, translation_meta, paragraphs) VALUES (1, 'Стара статия', 'old.txt', 'txt', ?, 'bg', "
        "'edited', '2026-01-01T00:00:00+00:00', '2026-01-02T00:00:00+00:00', ?, NULL, '[[0, 0, 31]]')",
        ("a" * 64, json.dumps({"name": "old.txt", "format": "txt"})),
    ),
    ("INSERT INTO bodies (doc_id, text, original) VALUES (1, 'Кърби говори днес. Путин мълчи.', ?)", (b"old bytes",)),
    ("INSERT INTO sentences (doc_id, sentence_id, idx, paragraph, start, \"end\", text) "
     "VALUES (1, 'p1s1', 0, 0, 0, 18, 'Кърби говори днес.')", ()),
    ("INSERT INTO sentences (doc_id, sentence_id, idx, paragraph, start, \"end\", text) "
     "VALUES (1, 'p1s2', 1, 0, 19, 31, 'Путин мълчи.')", ()),
    ("INSERT INTO translations (doc_id, sentence_id, idx, source, machine_text, edited_text, updated_at) "
     "VALUES (1, 'p1s1', 0, 'Кърби говори днес.', 'Kirby talks today.', 'Kirby spoke today.', '2026-01-02')", ()),
    ("INSERT INTO annotations (doc_id, side, start, \"end\", kind, text, created_at) "
     "VALUES (1, 'bg', 0, 5, 'note', 'стара бележка', '2026-01-01T10:00:00+00:00')", ()),
    ("INSERT INTO briefs (doc_id, created_at, format, markdown, data) "
     "VALUES (1, '2026-01-03', 'markdown', '# Old brief', '{}')", ()),
    ("INSERT INTO glossary (bg, en) VALUES ('Кърби', 'Kirby')", ()),
]


def _old_library(path: Path, version: int) -> None:
    """A library exactly as a Dragoman at schema ``version`` left it, with work in it."""
    db = Database(sqlite3.connect(str(path), isolation_level=None), execute_plugins=False)
    migrate(db, target=version)
    assert schema_version(db) == version
    if version >= 1:
        for sql, params in _V1_ROWS:
            db.conn.execute(sql, params)
    if version >= 2:
        db.conn.execute("UPDATE annotations SET colour = '#ff0000', updated_at = created_at")
        db.conn.execute("INSERT INTO flags (doc_id, idx, data) VALUES (1, 0, '{\"kind\": \"number\"}')")
    db.close()


@pytest.mark.parametrize("version", list(range(SCHEMA_VERSION)))
def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite"
    _old_library(path, version)
    with Library(path) as lib:
        assert schema_version(lib.db) == SCHEMA_VERSION
        assert lib.recovered_from is None
        if version >= 1:
            doc = lib.get_document(1)
            assert doc.title == "Стара статия"
            assert [s.text for s in doc.sentences] == ["Кърби говори днес.", "Путин мълчи."]
            assert lib.original(1) == b"old bytes"
            assert lib.load_translation(1).text_for("p1s1") == "Kirby spoke today."
            (note,) = lib.annotations(1)
            assert note.text == "стара бележка"
            assert note.updated_at == note.created_at  # filled in by v2
            assert note.colour == ("#ff0000" if version >= 2 else None)
            assert lib.latest_brief(1).markdown == "# Old brief"
            assert lib.glossary_get("Кърби").en == "Kirby"
            assert lib.load_flags(1) == ([{"kind": "number"}] if version >= 2 else [])
            # v3's search indexes what the old library already held...
            assert [(h.field, h.sentence_id) for h in lib.search("Кърби")] == [("bg", "p1s1")]
            assert [h.field for h in lib.search("spoke")] == ["en"]
            assert [h.field for h in lib.search("talks")] == ["en"]  # the machine text behind the edit
            assert [h.field for h in lib.search("бележка")] == ["note"]
            assert [h.field for h in lib.search("статия")] == ["title"]
        # ...and new work is indexed and coloured as usual.
        doc_id = lib.add_document(make_document())
        ann = lib.add_annotation(doc_id, "bg", 0, 5, "note", colour="#00ff00", text="нова бележка")
        assert lib.get_annotation(ann).colour == "#00ff00"
        assert [h.annotation_id for h in lib.search("нова бележка")] == [ann]
        # v5: an upgraded article is not "done by a batch" until one finishes it.
        assert not lib.batch_done(doc_id, "sha", "model@1", "fast")
        lib.save_batch_result(doc_id, sha256="sha", model="model@1", profile="fast", summary={}, score=0.5)
        assert lib.batch_done(doc_id, "sha", "model@1", "fast")
        assert not lib.batch_done(doc_id, "sha", "model@1", "quality")
        assert lib.check() == "ok"


def test_each_step_is_recorded_and_upgrading_twice_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    db = Database(sqlite3.connect(str(path), isolation_level=None), execute_plugins=False)
    assert migrate(db, target=1) == [1]
    assert migrate(db) == list(range(2, SCHEMA_VERSION + 1))
    assert migrate(db) == []
    db.close()


def test_a_library_from_a_newer_dragoman_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    Library(path).close()
    conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryTooNew, match="newer Dragoman"):
        Library(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_folder_is_not_a_library(tmp_path: Path) -> None:
    (tmp_path / "lib.sqlite").mkdir()
    with pytest.raises(LibraryError, match="folder"):
        Library(tmp_path / "lib.sqlite")


def test_nothing_is_written_outside_the_library_file(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as library:
        library.add_document(make_document())
    leftovers = {p.name for p in tmp_path.iterdir()} - {"lib.sqlite", "lib.sqlite-wal", "lib.sqlite-shm"}
    assert leftovers == set()
    assert os.path.getsize(tmp_path / "lib.sqlite") > 0


def test_search_lists_newest_documents_first_or_by_relevance(lib: Library) -> None:
    older = lib.add_document(make_document("Путин и Путин, и пак Путин.", title="Стара", name="o.txt"))
    newer = lib.add_document(make_document("Днес Путин замина за Пекин с делегация.", title="Путин", name="n.txt"))
    recent = lib.search("Путин")
    assert [(h.doc_id, h.field) for h in recent] == [(newer, "title"), (newer, "bg"), (older, "bg")]
    best = lib.search("Путин", order="relevance", fields=("bg",))
    assert best[0].doc_id == older  # three mentions in a short sentence outrank one
    assert best[0].rank <= best[1].rank
    with pytest.raises(ValueError):
        lib.search("Путин", order="random")


def test_an_ingested_article_round_trips(lib: Library, sample_path: Path) -> None:
    ingest = pytest.importorskip("desktop.core.ingest.reader")
    doc = ingest.read_document(sample_path)
    doc_id = lib.add_document(doc, sample_path.read_bytes())
    assert lib.get_document(doc_id) == doc
    # Ingest's hash of the file and the library's agree, so a re-import is recognised.
    with pytest.raises(DuplicateDocument):
        lib.add_document(ingest.read_document(sample_path))
