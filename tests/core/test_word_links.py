"""Word links and word confidence: from the decoding pass of both backends to the library, checks and brief."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest

from desktop.core.analysis.checks import LOW_SCORE, check_translation
from desktop.core.document import Document, build_paragraphs
from desktop.core.library.schema import SCHEMA_VERSION
from desktop.core.library.store import Library
from desktop.core.translate.backends import load_backend, model_from_path
from desktop.core.translate.job import translate_document_job
from desktop.core.translation import DocumentTranslation, TranslatedSentence
from desktop.core.wordlinks import (
    UNSURE_PROBABILITY,
    WordLinks,
    join_links,
    links_from_tokens,
    unsure_spans,
    words_of_pieces,
)

SENTENCES = [
    "Министърът на финансите обяви днес бюджета.",
    "Кметът на Пловдив съобщи за ремонта на площада.",
]


def _check_table(links: WordLinks, source: str, english: str) -> None:
    """Every English word links to Bulgarian words, the links read back, and each word is found in the text."""
    assert links.target_words, "the translation has words"
    assert "".join(links.target_words) == english.replace(" ", "")
    assert "".join(links.source_words) == source.replace(" ", "")
    for i in range(len(links.target_words)):
        sources = links.sources_of(i)
        assert sources, f"English word {links.target_words[i]!r} links to no Bulgarian word"
        for s in sources:
            assert 0 <= s < len(links.source_words)
            assert i in links.targets_of(s)  # and back
    for s in range(len(links.source_words)):
        for i in links.targets_of(s):
            assert s in links.sources_of(i)
    assert all(0.0 < p <= 1.0 for p in links.confidence)


@pytest.mark.parametrize("backend_name", ["ct2", "hf"])
@pytest.mark.parametrize("beam", [1, 4])
def test_a_tiny_model_translation_links_every_english_word_to_the_bulgarian_and_back(
    tiny_model_with_ct2: Path, backend_name: str, beam: int
) -> None:
    backend = load_backend(model_from_path(tiny_model_with_ct2), backend_name)
    assert backend.name == backend_name
    hyps = backend.translate_batch(SENTENCES, beam_size=beam, max_lengths=[12, 12])
    for sentence, hyp in zip(SENTENCES, hyps, strict=True):
        assert hyp.links is not None
        _check_table(hyp.links, sentence, hyp.text)
        # The confidence is the decoder's own: the words' least likely pieces
        # cannot be more likely than the sentence's mean says on average.
        assert min(hyp.links.confidence) <= math.exp(hyp.score) + 1e-6


def test_both_backends_link_the_same_words(tiny_model_with_ct2: Path) -> None:
    ref = model_from_path(tiny_model_with_ct2)
    ct2 = load_backend(ref, "ct2").translate_batch(SENTENCES, beam_size=1, max_lengths=[10, 10])
    hf = load_backend(ref, "hf").translate_batch(SENTENCES, beam_size=1, max_lengths=[10, 10])
    for a, b in zip(ct2, hf, strict=True):
        assert a.text == b.text
        assert a.links is not None and b.links is not None
        assert a.links.target_words == b.links.target_words
        assert a.links.links == b.links.links
        assert a.links.confidence == pytest.approx(b.links.confidence, rel=1e-3)


def test_pieces_fold_into_words_at_the_boundary_mark() -> None:
    words, owner = words_of_pieces(["▁Мин", "ист", "ърът", "▁", "„", "▁каза", ",", "</s>"])
    assert words == ["Министърът", "„", "каза,"]
    assert owner == [0, 0, 0, 1, 1, 2, 2, -1]


def test_a_word_links_to_the_source_word_its_pieces_attend_to_and_keeps_its_least_likely_piece() -> None:
    source = ["▁Кмет", "ът", "▁говори", "</s>"]
    target = ["▁The", "▁may", "or", "▁speaks"]
    attention = [[0.9, 0.05, 0.03, 0.02], [0.1, 0.6, 0.2, 0.1], [0.1, 0.1, 0.3, 0.5], [0.0, 0.1, 0.8, 0.1]]
    # "or" attends most to </s>: the most attended real piece (говори) counts.
    links = links_from_tokens(source, target, attention, [math.log(0.9), math.log(0.8), math.log(0.3), 0.0])
    assert links.target_words == ("The", "mayor", "speaks")
    assert links.links == ((0,), (0, 1), (1,))
    assert links.confidence == pytest.approx((0.9, 0.3, 1.0))
    assert links.unsure() == (1,)
    assert links.targets_of(0) == (0, 1)
    assert WordLinks.from_json(links.to_json()) == WordLinks(
        links.source_words, links.target_words, links.links, tuple(round(p, 4) for p in links.confidence)
    )
    joined = join_links([links, links])
    assert joined is not None and joined.links[3:] == ((2,), (2, 3), (3,))
    assert join_links([links, None]) is None


def _one_sentence(english: str, links: WordLinks | None, *, edited: str | None = None) -> tuple[Document, DocumentTranslation]:
    text = "Кметът говори днес."
    doc = Document(title="T", language="bg", text=text, paragraphs=build_paragraphs(text, [[(0, len(text))]]))
    t = TranslatedSentence("p1s1", 0, text, english, score=-0.2, links=links, edited_text=edited)
    return doc, DocumentTranslation(sentences=(t,))


def _links(probabilities: tuple[float, ...]) -> WordLinks:
    return WordLinks(("Кметът", "говори", "днес."), ("The", "mayor", "speaks", "today."),
                     ((0,), (0,), (1,), (2,)), probabilities)  # fmt: skip


def test_unsure_words_are_those_below_one_half_and_the_sentence_check_uses_the_same_rule() -> None:
    assert UNSURE_PROBABILITY == 0.5
    sure = _links((0.9, 0.5, 0.99, 0.7))  # 0.5 exactly is not below the threshold
    doc, tr = _one_sentence("The mayor speaks today.", sure)
    assert sure.unsure() == ()
    assert unsure_spans("The mayor speaks today.", sure) == []
    assert [f.kind for f in check_translation(doc, tr)] == []

    doubtful = _links((0.9, 0.49, 0.99, 0.2))
    doc, tr = _one_sentence("The mayor speaks today.", doubtful)
    assert doubtful.unsure() == (1, 3)
    assert unsure_spans("The mayor speaks today.", doubtful) == [(4, 9), (17, 23)]
    (flag,) = check_translation(doc, tr)
    assert flag.kind == LOW_SCORE and flag.detail["words"] == ["mayor", "today."]
    assert "unsure of some words" in flag.reason


def test_an_edited_sentence_has_no_word_links_and_no_unsure_marks() -> None:
    doc, tr = _one_sentence("The mayor speaks today.", _links((0.1, 0.1, 0.1, 0.1)), edited="The mayor spoke today.")
    (t,) = tr.sentences
    assert t.links is not None and t.word_links is None
    assert unsure_spans(t.final, t.word_links) == []
    assert check_translation(doc, tr) == []


def test_the_job_carries_links_and_the_library_keeps_them(tiny_model_with_ct2: Path, tmp_path: Path) -> None:
    from desktop.core.ingest.reader import document_from_text

    doc = document_from_text("Министърът на финансите обяви днес бюджета. Кметът съобщи за ремонта.", language="bg")
    backend = load_backend(model_from_path(tiny_model_with_ct2), "ct2")
    job = translate_document_job(doc, backend=backend, profile="fast")
    try:
        while True:
            next(job)
    except StopIteration as stop:
        translation = stop.value
    for t in translation.sentences:
        assert t.links is not None
        _check_table(t.links, t.source, t.text)
    with Library(tmp_path / "lib.sqlite") as lib:
        doc_id = lib.add_document(doc)
        lib.save_translation(doc_id, translation)
        back = lib.load_translation(doc_id)
        assert back is not None
        for a, b in zip(translation.sentences, back.sentences, strict=True):
            assert b.links is not None and b.links.links == a.links.links  # type: ignore[union-attr]
            assert b.links.confidence == pytest.approx(a.links.confidence, abs=1e-4)  # type: ignore[union-attr]
        first = back.sentences[0].sentence_id
        edited = lib.save_edit(doc_id, first, "A hand-made sentence.")
        assert edited.word_links is None  # the GUI falls back to the sentence link
        # A re-run served from a memory without links keeps the links of the same machine text.
        lib.save_translation(doc_id, [TranslatedSentence(s.sentence_id, s.index, s.source, s.text, -0.1)
                                      for s in translation.sentences])  # fmt: skip
        again = lib.load_translation(doc_id)
        assert again is not None and all(s.links is not None for s in again.sentences)


def test_a_version_3_library_gains_the_links_column_and_its_translations_have_none(tmp_path: Path) -> None:
    from desktop.core.library.schema import migrate, schema_version

    path = tmp_path / "v3.sqlite"
    with Library(path) as lib:
        doc_id = lib.add_document(_one_sentence("x", None)[0])
        lib.save_translation(doc_id, _one_sentence("The mayor speaks today.", None)[1])
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE translations DROP COLUMN links")
    conn.execute("DROP TABLE batch_results")  # v5 came after: a real v3 file has neither
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Library(path) as lib:
        assert schema_version(lib.db) == SCHEMA_VERSION
        assert migrate(lib.db) == []
        columns = [r[1] for r in lib.db.execute("PRAGMA table_info(translations)").fetchall()]
        assert "links" in columns
        tr = lib.load_translation(doc_id)
        assert tr is not None and tr.text_for("p1s1") == "The mayor speaks today." and tr.sentences[0].links is None


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_the_brief_marks_unsure_words_only_when_asked(tmp_path: Path, fmt: str) -> None:
    import zipfile

    from desktop.core.brief.formats import export_brief
    from desktop.core.brief.model import build_brief
    from desktop.core.jobs import run_job
    from desktop.core.pipeline import analyse_job

    doc, tr = _one_sentence("The mayor speaks today.", _links((0.9, 0.3, 0.95, 0.8)))
    analysis = run_job(analyse_job(doc, tr))
    plain = build_brief(doc, analysis, tr)
    marked = build_brief(doc, analysis, tr, mark_unsure=True)
    assert [m for r in plain.rows for m in r.marks if m.kind == "unsure"] == []
    (mark,) = [m for r in marked.rows for m in r.marks if m.kind == "unsure"]
    assert "The mayor speaks today."[mark.start : mark.end] == "mayor"

    def written(brief: object, name: str) -> str:
        out = export_brief(brief, tmp_path / f"{name}.{fmt}")  # type: ignore[arg-type]
        if fmt == "docx":
            with zipfile.ZipFile(out) as z:
                return z.read("word/document.xml").decode("utf-8")
        if fmt == "pdf":  # compressed streams: checked through the markup it is drawn from, below
            assert out.read_bytes().startswith(b"%PDF")
            return ""
        return out.read_text(encoding="utf-8")

    off, on = written(plain, "plain"), written(marked, "marked")
    if fmt == "pdf":
        from desktop.core.brief.pdf import _underlined

        assert _underlined("The mayor -- speaks", [(4, 9)]) == "The --mayor-- \u2010\u2010 speaks"
        return
    assert "unsure of these words" not in off and "unsure of these words" in on
    if fmt == "md":
        assert "<u>mayor</u>" in on and "<u>mayor</u>" not in off
    elif fmt == "html":
        assert '<mark class="k-unsure">mayor</mark>' in on and 'k-unsure">mayor' not in off
    elif fmt == "docx":
        assert on.count('w:val="dotted"') > off.count('w:val="dotted"')
