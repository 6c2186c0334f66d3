"""Operations on an open article: the edits-win rule, edits, annotations, translate-, analyse- and brief-and-store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.errors import Cancelled
from desktop.core.ingest.reader import read_document
from desktop.core.jobs import CancelToken, run_job
from desktop.core.library.store import Library
from desktop.core.operations.analysing import analyse_and_store, store_analysis
from desktop.core.operations.annotations import (
    add_annotation,
    apply_moves,
    delete_annotation,
    move_annotations,
    set_note_text,
    shift_annotations,
)
from desktop.core.operations.articles import import_file, load_article
from desktop.core.operations.briefs import (
    brief_file_job,
    brief_from_data,
    build_article_brief,
    export_and_keep_brief,
)
from desktop.core.operations.edits import edit_sentence, keep_edits, with_saved_edit
from desktop.core.operations.models import chosen_translation_model, default_model_entry
from desktop.core.operations.translating import open_memory, translate_and_store
from desktop.core.translate.cache import forget_backends
from desktop.core.translation import DocumentTranslation, english_layout
from tests.core.library_helpers import make_document, make_translation


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library(tmp_path / "desk.sqlite") as lib:
        yield lib


@pytest.fixture
def stored(library: Library) -> int:
    """A small article with its machine translation in the library."""
    doc_id = library.add_document(make_document())
    library.save_translation(doc_id, make_translation(library.get_document(doc_id)))
    return doc_id


# --- the edits-win rule ------------------------------------------------------------------


def test_a_machine_rerun_never_replaces_a_journalists_edit() -> None:
    doc = make_document()
    machine = make_translation(doc)
    edited = machine.with_edit("p1s2", "The summit may be this month.")
    rerun = [replace(t, text=f"again: {t.text}") for t in machine.sentences]
    merged = keep_edits(edited, rerun)
    assert merged.get("p1s2").final == "The summit may be this month."
    assert merged.get("p1s2").text == "again: " + machine.get("p1s2").text  # the new machine text kept beside it
    assert merged.get("p1s1").final.startswith("again: ")


def test_an_incoming_edit_wins_over_the_one_on_screen() -> None:
    doc = make_document()
    current = make_translation(doc).with_edit("p1s1", "old edit")
    incoming = replace(current.get("p1s1"), edited_text="newer edit")
    assert keep_edits(current, [incoming]).get("p1s1").final == "newer edit"


def test_the_first_batch_or_the_result_gives_the_header() -> None:
    doc = make_document()
    machine = make_translation(doc, model="m1")
    first = keep_edits(None, machine.sentences[:2])
    assert first.model == "m1" and len(first.sentences) == 2
    result = DocumentTranslation(sentences=machine.sentences, model="m2", revision="r2", backend="hf", profile="fast")
    done = keep_edits(first.with_edit("p1s1", "mine"), result.all_sentences, header=result)
    assert (done.model, done.backend, done.profile) == ("m2", "hf", "fast")
    assert done.get("p1s1").final == "mine" and done.is_complete(doc)
    assert keep_edits(None, []).sentences == ()


# --- editing -----------------------------------------------------------------------------------


def test_an_edit_is_saved_and_remembered_and_undoing_it_forgets_it(library: Library, stored: int) -> None:
    saved = edit_sentence(library, stored, "p1s2", "The summit may be this month.")
    assert saved.edited and library.load_translation(stored).get("p1s2").edited_text == saved.edited_text
    memory = open_memory(library.path)
    assert list(memory.edits([saved.source]).values()) == ["The summit may be this month."]
    restored = edit_sentence(library, stored, "p1s2", None)
    assert not restored.edited and memory.edits([saved.source]) == {}


def test_a_sentence_not_translated_yet_can_be_translated_by_hand(library: Library) -> None:
    doc_id = library.add_document(make_document())
    partial = make_translation(library.get_document(doc_id), english={})
    partial = DocumentTranslation(sentences=partial.sentences[:1])
    saved = edit_sentence(library, doc_id, "p3s1", "By hand.")
    shown = with_saved_edit(partial, saved)
    assert shown.text_for("p3s1") == "By hand." and shown.text_for("p1s1") is not None


# --- annotations ---------------------------------------------------------------------------------


def test_english_notes_stay_on_their_words_when_a_sentence_above_changes(library: Library, stored: int) -> None:
    doc = library.get_document(stored)
    before = library.load_translation(stored)
    old = english_layout(doc, before)
    start, end = old.spans["p1s2"]
    note = add_annotation(library, stored, "en", start + 4, start + 11, kind="note", text="check")
    bg_note = add_annotation(library, stored, "bg", 0, 5)
    words = old.text[start + 4 : start + 11]

    after = before.with_edit("p1s1", "Short.")
    new = english_layout(doc, after)
    moves = shift_annotations(library.annotations(stored), old, new)
    assert [m.id for m in moves] == [note]  # the Bulgarian note never moves
    assert move_annotations(library, moves) == 1
    moved = library.get_annotation(note)
    assert new.text[moved.start : moved.end] == words
    assert apply_moves(library.annotations(stored), moves) == library.annotations(stored)
    assert library.get_annotation(bg_note).start == 0


def test_an_annotation_deleted_meanwhile_is_skipped_when_moving(library: Library, stored: int) -> None:
    doc = library.get_document(stored)
    old = english_layout(doc, library.load_translation(stored))
    note = add_annotation(library, stored, "en", old.spans["p2s1"][0], old.spans["p2s1"][0] + 3)
    new = english_layout(doc, library.load_translation(stored).with_edit("p1s1", "A."))
    moves = shift_annotations(library.annotations(stored), old, new)
    delete_annotation(library, note)
    assert move_annotations(library, moves) == 0


def test_a_note_emptied_becomes_a_highlight_and_undo_puts_back_exactly(library: Library, stored: int) -> None:
    note = add_annotation(library, stored, "bg", 0, 5, kind="note", text="call him")
    assert set_note_text(library, note, "  ").kind == "highlight"
    assert set_note_text(library, note, " again ").text == "again"
    back = set_note_text(library, note, "", kind="note")  # what undo does
    assert (back.text, back.kind) == ("", "note")


# --- translate-, analyse- and brief-and-store (the tiny model) ----------------------------------


@pytest.fixture
def sample_doc_id(library: Library, sample_path: Path) -> int:
    return import_file(library, sample_path).doc_id


def test_translate_and_store_keeps_every_batch_as_it_finishes(
    library: Library, sample_doc_id: int, tiny_model_with_ct2: Path
) -> None:
    forget_backends()
    doc = library.get_document(sample_doc_id)
    edit_sentence(library, sample_doc_id, "p1s1", "The journalist's words.")  # before the machine gets there
    job = translate_and_store(library, sample_doc_id, model=str(tiny_model_with_ct2), backend="ct2", profile="fast")
    seen: set[str] = set()
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            result = stop.value
            break
        if event.payload:
            seen |= {t.sentence_id for t in event.payload}
            stored_now = library.load_translation(sample_doc_id)
            assert seen <= set(stored_now.by_id)  # stored before the batch is handed on
    assert result.is_complete(doc)
    kept = library.load_translation(sample_doc_id)
    assert kept.is_complete(doc) and kept.backend == "ct2" and kept.profile == "fast"
    assert kept.get("p1s1").final == "The journalist's words."

    # A second run comes from the translation memory.
    again = run_job(translate_and_store(library, sample_doc_id, model=str(tiny_model_with_ct2), backend="ct2",
                                        profile="fast"))
    assert all(t.cached for t in again.sentences if t.sentence_id != "p1s1")


def test_cancelling_translate_and_store_keeps_what_was_done(
    library: Library, sample_doc_id: int, tiny_model_with_ct2: Path
) -> None:
    token = CancelToken()
    job = translate_and_store(library, sample_doc_id, model=str(tiny_model_with_ct2), backend="ct2",
                              profile="quality", cancel=token)
    handed: set[str] = set()
    with pytest.raises(Cancelled):
        for event in job:
            if event.payload:
                handed |= {t.sentence_id for t in event.payload}
                token.cancel()
    stored = library.load_translation(sample_doc_id)
    assert handed and set(stored.by_id) == handed


def test_analyse_and_store_keeps_claims_and_does_not_write_them_twice(library: Library, sample_doc_id: int) -> None:
    doc = library.get_document(sample_doc_id)
    analysis = run_job(analyse_and_store(library, sample_doc_id, doc, None))
    assert analysis.claims and len(library.load_claims(sample_doc_id)) == len(analysis.claims)
    updated = library.list_documents()[0].updated_at
    assert store_analysis(library, sample_doc_id, analysis) is False
    assert library.list_documents()[0].updated_at == updated
    assert load_article(library, sample_doc_id).analysis is not None


def test_an_exported_brief_is_kept_with_the_article(library: Library, sample_doc_id: int, tmp_path: Path) -> None:
    doc = library.get_document(sample_doc_id)
    analysis = run_job(analyse_and_store(library, sample_doc_id, doc, None))
    brief = build_article_brief(doc, analysis, None)
    written = export_and_keep_brief(library, sample_doc_id, brief, tmp_path / "brief.html", "html")
    assert written.is_file() and brief.title in written.read_text(encoding="utf-8")
    (kept,) = library.briefs(sample_doc_id)
    assert kept.format == "html"
    assert brief_from_data(kept.data) == brief  # reopening the article shows the brief as it was sent
    assert library.list_documents()[0].status == "briefed"


def test_the_brief_job_uses_the_desks_translation_memory(sample_path: Path, tiny_model_with_ct2: Path,
                                                        tmp_path: Path) -> None:
    doc = read_document(sample_path)
    lead = doc.sentences[0]
    open_memory().record_edit(lead.text, "The desk's own English of the lead.")
    out = tmp_path / "brief.md"
    written = run_job(brief_file_job(doc, out, model=str(tiny_model_with_ct2), profile="fast"))
    assert written.path == out and written.missing_model is None
    assert "The desk's own English of the lead." in out.read_text(encoding="utf-8")
    run_job(brief_file_job(doc, out, model=str(tiny_model_with_ct2), profile="fast", use_memory=False))
    assert "The desk's own English of the lead." not in out.read_text(encoding="utf-8")


def test_without_a_model_the_brief_says_why_the_english_is_missing(sample_path: Path, tmp_path: Path) -> None:
    forget_backends()
    doc = read_document(sample_path)
    written = run_job(brief_file_job(doc, tmp_path / "brief.md"))
    assert written.missing_model and "install" in written.missing_model.lower()


# --- models --------------------------------------------------------------------------------------


def test_which_model_would_translate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> None:
    from desktop.core.models import ModelStore

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "store"))
    assert chosen_translation_model() is None
    ModelStore(tmp_path / "store").import_path(tiny_model_dir, name="opus-mt-bg-en")
    chosen = chosen_translation_model("not-installed")
    assert chosen is not None and chosen.name == "opus-mt-bg-en" and "bg→en" in chosen.description
    assert default_model_entry().name == "opus-mt-bg-en" and default_model_entry().size_mb > 0
