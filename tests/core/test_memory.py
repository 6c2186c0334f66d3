"""The translation memory: what is remembered, under which key, and post-edits that win."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from desktop.core.translate.memory import (
    EDITS_TABLE,
    MEMORY_TABLE,
    MemoryKey,
    TranslationMemory,
    normalise_source,
)

KEY = MemoryKey(model="Helsinki-NLP/opus-mt-bg-en", revision="r1", backend="ct2", profile="quality")


def test_normalisation_ignores_spacing_and_unicode_composition() -> None:
    composed = "Кметът на Пловдив й каза"  # й as one code point
    decomposed = "Кметът  на\tПловдив и\u0306 каза "  # й as и + combining breve, odd spaces
    assert normalise_source(decomposed) == normalise_source(composed) == composed


def test_remembers_translations_under_model_revision_backend_and_profile(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "lib.sqlite")
    memory.store([("Кметът на Пловдив.", "The mayor of Plovdiv.", -0.4)], KEY)
    hit = memory.lookup(["Кметът  на Пловдив."], KEY)
    assert hit["Кметът на Пловдив."].text == "The mayor of Plovdiv."
    assert hit["Кметът на Пловдив."].score == -0.4
    for other in (
        MemoryKey(KEY.model, "r2", KEY.backend, KEY.profile),
        MemoryKey(KEY.model, KEY.revision, "hf", KEY.profile),
        MemoryKey(KEY.model, KEY.revision, KEY.backend, "fast"),
        MemoryKey("Helsinki-NLP/opus-mt-tc-big-bg-en", KEY.revision, KEY.backend, KEY.profile),
    ):
        assert memory.lookup(["Кметът на Пловдив."], other) == {}
    assert len(memory) == 1


def test_storing_again_replaces_and_clear_keeps_post_edits(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "lib.sqlite")
    memory.store([("Да.", "Yes.", -0.1)], KEY)
    memory.store([("Да.", "Yeah.", -0.2)], KEY)
    assert memory.lookup(["Да."], KEY)["Да."].text == "Yeah."
    memory.record_edit("Да.", "Indeed.")
    memory.clear()
    assert len(memory) == 0
    assert memory.edits(["Да."]) == {"Да.": "Indeed."}


def test_post_edits_are_kept_apart_per_language_pair_and_can_be_removed(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "lib.sqlite")
    memory.record_edit("Кметът  каза.", "The mayor said.")
    memory.record_edit("Кметът каза.", "The mayor stated.")  # same sentence once normalised: replaces
    assert memory.edits(["Кметът каза."]) == {"Кметът каза.": "The mayor stated."}
    assert memory.edits(["Кметът каза."], pair="en-bg") == {}
    memory.record_edit("Кметът каза.", None)
    assert memory.edits(["Кметът каза."]) == {}


def test_uses_a_database_it_is_given_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    db = Database(path)
    db["documents"].insert({"id": 1, "title": "x"}, pk="id")  # the library's own tables stay untouched
    memory = TranslationMemory(db)
    memory.store([("Да.", "Yes.", None)], KEY)
    assert {MEMORY_TABLE, EDITS_TABLE, "documents"} <= set(db.table_names())
    db.close()
    reopened = TranslationMemory(path)
    assert reopened.lookup(["Да."], KEY)["Да."].text == "Yes."


def test_many_sentences_are_looked_up_in_chunks(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "lib.sqlite")
    items = [(f"Изречение {i}.", f"Sentence {i}.", -0.5) for i in range(1200)]
    memory.store(items, KEY)
    found = memory.lookup([src for src, _, _ in items], KEY)
    assert len(found) == 1200 and found["Изречение 777."].text == "Sentence 777."
