"""The translation job: batches, order, streaming, cancel, memory, long sentences, caps, CLI."""

from __future__ import annotations

import json
from collections.abc import Generator, Sequence
from pathlib import Path

import pytest

from desktop.core.document import Document, build_paragraphs
from desktop.core.errors import Cancelled, ModelWrongLanguage
from desktop.core.jobs import CancelToken, Progress, run_job
from desktop.core.models.tinymodel import build_tiny_marian
from desktop.core.translate.backends import Hypothesis, TranslationBackend, load_backend
from desktop.core.translate.job import (
    split_long_sentence,
    translate_document_job,
    translate_sentences,
)
from desktop.core.translate.memory import TranslationMemory
from desktop.core.translate.profiles import PROFILES, output_cap
from desktop.core.translation import TITLE_ID, DocumentTranslation

PARAGRAPHS = [
    [
        "Министърът на финансите обяви днес, че бюджетът ще бъде внесен в парламента до края на месеца.",
        "По думите му дефицитът няма да надхвърли три процента.",
    ],
    [
        "„Няма да повишаваме данъците“, каза той.",
        "Опозицията поиска изслушване.",
        "Инфлацията през октомври е била 4,2 процента на годишна база, съобщи статистическият институт.",
    ],
    ["Президентът ще посети Брюксел в понеделник.", "Цените на храните са се увеличили с 6,1 процента."],
]


def make_doc(paragraphs: list[list[str]], *, language: str = "bg", title: str = "Тест") -> Document:
    """A segmented document built directly (no dependence on the segmenter's choices)."""
    text_parts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    pos = 0
    for p_i, para in enumerate(paragraphs):
        if p_i:
            text_parts.append("\n\n")
            pos += 2
        para_spans = []
        for s_i, sentence in enumerate(para):
            if s_i:
                text_parts.append(" ")
                pos += 1
            para_spans.append((pos, pos + len(sentence)))
            text_parts.append(sentence)
            pos += len(sentence)
        spans.append(para_spans)
    text = "".join(text_parts)
    return Document(title=title, language=language, text=text, paragraphs=build_paragraphs(text, spans))


class Recording:
    """Wraps a real backend and records every batch it is asked to translate."""

    def __init__(self, inner: TranslationBackend) -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.max_tokens = inner.max_tokens
        self.fallback_reason = inner.fallback_reason
        self.batches: list[list[str]] = []
        self.beams: list[int] = []
        self.caps: list[list[int]] = []

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(sentences)

    def translate_batch(
        self, sentences: Sequence[str], *, beam_size: int, max_lengths: Sequence[int], min_length: int = 0
    ) -> list[Hypothesis]:
        self.batches.append(list(sentences))
        self.beams.append(beam_size)
        self.caps.append(list(max_lengths))
        return self.inner.translate_batch(sentences, beam_size=beam_size, max_lengths=max_lengths, min_length=min_length)

    @property
    def sentences_sent(self) -> list[str]:
        return [s for batch in self.batches for s in batch]


@pytest.fixture(scope="module")
def ct2_backend(tiny_model_with_ct2: Path) -> TranslationBackend:
    return load_backend(tiny_model_with_ct2, "ct2", threads=1)


@pytest.fixture
def backend(ct2_backend: TranslationBackend) -> Recording:
    return Recording(ct2_backend)


def drain(job: Generator[Progress, None, DocumentTranslation]) -> tuple[list[Progress], DocumentTranslation]:
    events: list[Progress] = []
    result = run_job(job, events.append)
    return events, result


def test_loads_an_uninstalled_folder_and_translates_every_sentence_in_order(tiny_model_with_ct2: Path) -> None:
    doc = make_doc(PARAGRAPHS)
    events, result = drain(translate_document_job(doc, model=tiny_model_with_ct2, profile="fast", threads=1))
    ids = [s.id for s in doc.iter_sentences()]
    assert [t.sentence_id for t in result.sentences] == ids
    assert [t.source for t in result.sentences] == [s.text for s in doc.iter_sentences()]
    assert result.is_complete(doc)
    assert result.backend == "ct2" and result.profile == "fast"
    assert all(t.text and t.score is not None and t.score <= 0 for t in result.sentences)
    # The headline is translated too, and counted: the English brief's heading.
    assert result.title is not None and result.title.source == "Тест" and result.title_text
    assert result.get(TITLE_ID) is result.title and result.title not in result.sentences
    assert events[-1].done == events[-1].total == len(ids) + 1


def test_the_headline_goes_first_alone_and_a_document_without_one_starts_with_its_first_sentence(
    backend: Recording,
) -> None:
    events, result = drain(translate_document_job(make_doc(PARAGRAPHS), backend=backend, max_batch_tokens=64))
    assert backend.batches[0] == ["Тест"]
    assert [t.sentence_id for t in next(e for e in events if e.payload).payload] == [TITLE_ID]
    assert result.title is not None and result.title.index < 0

    backend.batches.clear()
    events, result = drain(translate_document_job(make_doc(PARAGRAPHS, title=""), backend=backend))
    assert backend.batches[0] == [PARAGRAPHS[0][0]]
    assert result.title is None and len(result.sentences) == 7


def test_streams_one_event_per_batch_with_that_batchs_sentences(backend: Recording) -> None:
    doc = make_doc(PARAGRAPHS)
    events, result = drain(translate_document_job(doc, backend=backend, max_batch_tokens=64))
    batch_events = [e for e in events if e.payload]
    assert len(batch_events) == len(backend.batches) >= 3
    # The first batch is the headline alone: English shows at once.
    assert [t.sentence_id for t in batch_events[0].payload] == [TITLE_ID]
    streamed = [t.sentence_id for e in batch_events for t in e.payload]
    assert sorted(streamed) == sorted([TITLE_ID, *(s.id for s in doc.iter_sentences())])
    assert [e.done for e in batch_events] == sorted(e.done for e in batch_events)
    assert all(e.stage == "translate" and e.total == 8 and e.rate is not None for e in batch_events)
    assert result.sentences == tuple(sorted(result.sentences, key=lambda t: t.index))


def test_batches_respect_the_token_budget_and_group_by_length(backend: Recording) -> None:
    doc = make_doc(PARAGRAPHS)
    drain(translate_document_job(doc, backend=backend, max_batch_tokens=64))
    for batch in backend.batches:
        counts = backend.count_tokens(batch)
        assert len(batch) * max(counts) <= 64 or len(batch) == 1
    # The headline and the lead sentence go first, each alone; then shortest first.
    assert backend.batches[:2] == [["Тест"], [PARAGRAPHS[0][0]]]
    later = [max(backend.count_tokens(b)) for b in backend.batches[2:]]
    assert later == sorted(later)


def test_cancel_after_the_first_batch_keeps_what_is_done_and_stops(backend: Recording) -> None:
    doc = make_doc(PARAGRAPHS)
    token = CancelToken()
    received = []
    job = translate_document_job(doc, backend=backend, cancel=token, max_batch_tokens=64)
    with pytest.raises(Cancelled):
        for event in job:
            if event.payload:
                received.extend(event.payload)
                token.cancel()
    assert len(backend.batches) == 1
    assert [t.sentence_id for t in received] == [TITLE_ID]


def test_a_repeated_sentence_is_translated_once(backend: Recording) -> None:
    again = PARAGRAPHS[0][1]
    doc = make_doc([[PARAGRAPHS[0][0], again], [again, "Нещо съвсем друго.", again]])
    _, result = drain(translate_document_job(doc, backend=backend))
    assert backend.sentences_sent.count(again) == 1
    repeated = [t for t in result.sentences if t.source == again]
    assert len(repeated) == 3 and len({t.text for t in repeated}) == 1


def test_second_run_is_served_from_memory_without_calling_the_backend(backend: Recording, tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "library.sqlite")
    doc = make_doc(PARAGRAPHS)
    _, first = drain(translate_document_job(doc, backend=backend, memory=memory))
    calls = len(backend.batches)
    events, second = drain(translate_document_job(doc, backend=backend, memory=memory))
    assert len(backend.batches) == calls  # not called again
    assert all(t.cached for t in second.sentences)
    assert [t.text for t in second.sentences] == [t.text for t in first.sentences]
    assert len([e for e in events if e.payload]) == 1  # one "from memory" event
    # Whitespace and Unicode composition differences do not defeat the memory.
    spaced = make_doc([[PARAGRAPHS[0][0].replace(" ", "  ")]])
    _, third = drain(translate_document_job(spaced, backend=backend, memory=memory))
    assert third.sentences[0].cached and len(backend.batches) == calls


def test_another_profile_is_not_served_from_the_memory(backend: Recording, tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "library.sqlite")
    doc = make_doc([PARAGRAPHS[1]])
    drain(translate_document_job(doc, backend=backend, memory=memory, profile="quality"))
    _, fast = drain(translate_document_job(doc, backend=backend, memory=memory, profile="fast"))
    assert not any(t.cached for t in fast.sentences)
    assert backend.beams[0] == PROFILES["quality"].beam_size == 4
    assert backend.beams[-1] == PROFILES["fast"].beam_size == 1


def test_a_post_edit_wins_over_the_machine_translation(backend: Recording, tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "library.sqlite")
    doc = make_doc(PARAGRAPHS)
    _, before = drain(translate_document_job(doc, backend=backend, memory=memory))
    source = PARAGRAPHS[1][0]
    memory.record_edit(source, '"We will not raise taxes," he said.')
    _, after = drain(translate_document_job(doc, backend=backend, memory=memory))
    edited = after.get("p2s1")
    assert edited.final == '"We will not raise taxes," he said.'
    assert edited.text == before.get("p2s1").text  # machine text kept beside it
    assert after.get("p1s1").edited_text is None


def test_a_sentence_over_the_model_limit_is_split_and_rejoined_without_loss(backend: Recording) -> None:
    clause = "министърът обяви днес нов план за пътищата в страната"
    long_sentence = "; ".join(f"{clause} номер {i}" for i in range(60)) + "."
    assert backend.count_tokens([long_sentence])[0] > 512
    doc = make_doc([[long_sentence, "Кратко изречение."]])
    _, result = drain(translate_document_job(doc, backend=backend, profile="fast"))
    sent = [s for s in backend.sentences_sent if s not in ("Кратко изречение.", "Тест")]
    parts = split_long_sentence(long_sentence, backend.count_tokens, 512)
    assert len(parts) >= 2 and sorted(sent) == sorted(parts)  # each part translated once
    assert all(n <= 512 for n in backend.count_tokens(parts))
    assert " ".join(parts) == long_sentence  # nothing dropped
    assert all(p.endswith(";") for p in parts[:-1])  # cut at clause boundaries
    assert len(result.sentences) == 2
    assert result.get("p1s1").source == long_sentence


def test_split_prefers_clause_punctuation_then_commas_then_spaces() -> None:
    def count(texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    assert split_long_sentence("едно две три", count, 10) == ["едно две три"]
    assert split_long_sentence("а б в; г д е, ж з", count, 6) == ["а б в;", "г д е, ж з"]
    assert split_long_sentence("а б, в г, д е", count, 4) == ["а б,", "в г,", "д е"]
    assert split_long_sentence("а б в г д е", count, 3) == ["а б", "в г", "д е"]


def test_output_is_capped_relative_to_the_input(backend: Recording) -> None:
    texts = ["Кметът.", PARAGRAPHS[0][0]]
    out = translate_sentences(texts, backend=backend, profile="fast")
    counts = backend.count_tokens(texts)
    caps = dict(zip(backend.sentences_sent, [c for batch in backend.caps for c in batch], strict=True))
    for text, n in zip(texts, counts, strict=True):
        assert caps[text] == output_cap(n) == min(512, 2 * n + 10)
    assert output_cap(400) == 512
    # The random model never emits </s>, so its output runs exactly to the cap and no further.
    hyps = backend.inner.translate_batch(texts, beam_size=1, max_lengths=[output_cap(n) for n in counts])
    assert [h.tokens for h in hyps] == [output_cap(n) for n in counts]
    assert len(out) == 2


def test_a_model_for_another_language_pair_is_refused(tmp_path: Path) -> None:
    en_bg = build_tiny_marian(tmp_path / "opus-mt-en-bg", ["The minister said so today."], src_lang="en", tgt_lang="bg")
    with pytest.raises(ModelWrongLanguage) as info:
        translate_sentences(["Кметът на Пловдив."], model=en_bg)
    assert "translates English to Bulgarian" in str(info.value)


def test_an_english_document_is_refused_by_a_bg_en_model(backend: Recording) -> None:
    doc = make_doc([["The minister said so."]], language="en")
    with pytest.raises(ModelWrongLanguage, match="needs English to English"):
        drain(translate_document_job(doc, backend=backend))
    assert backend.batches == []


def test_unknown_profile_is_a_programming_error(backend: Recording) -> None:
    with pytest.raises(ValueError, match="profile"):
        translate_sentences(["Кметът."], backend=backend, profile="turbo")


# --- the CLI -------------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Заглавие на статията\n\n" + "\n\n".join(" ".join(p) for p in PARAGRAPHS) + "\n", encoding="utf-8")
    return path


def test_cli_prints_aligned_pairs(
    article: Path, tiny_model_with_ct2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    code = main(["translate", str(article), "--model", str(tiny_model_with_ct2), "--profile", "fast", "--threads", "1"])
    out = capsys.readouterr().out
    assert code == 0
    blocks = out.rstrip("\n").split("\n\n")
    assert len(blocks) >= 6
    title_bg, title_en = blocks[0].split("\n")  # the headline first, as a pair
    assert title_bg == "Заглавие на статията" and title_en
    first_bg, first_en = blocks[1].split("\n")
    assert first_bg.startswith("Министърът на финансите") and first_en


def test_cli_json_has_ids_scores_and_provenance(
    article: Path, tiny_model_with_ct2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    code = main(["translate", str(article), "--model", str(tiny_model_with_ct2), "--json", "--no-memory"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["backend"] == "ct2" and data["profile"] == "quality"
    first = data["sentences"][0]
    assert first["id"] == "p1s1" and first["source"].startswith("Министърът")
    assert data["title"] == "Заглавие на статията" and isinstance(data["title_en"], str) and data["title_en"]
    assert all(isinstance(s["score"], float) and s["score"] <= 0 for s in data["sentences"])


def test_cli_reports_a_bad_model_in_one_line(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    empty = tmp_path / "not-a-model"
    empty.mkdir()
    code = main(["translate", str(article), "--model", str(empty)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "not a translation model" in err and "Traceback" not in err


def test_cli_remembers_translations_in_the_library(
    article: Path, tiny_model_with_ct2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import main

    argv = ["translate", str(article), "--model", str(tiny_model_with_ct2), "--json", "--profile", "fast"]
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(argv) == 0
    second = json.loads(capsys.readouterr().out)
    assert not any(s["cached"] for s in first["sentences"])
    assert all(s["cached"] for s in second["sentences"])
    assert [s["text"] for s in first["sentences"]] == [s["text"] for s in second["sentences"]]


def test_a_blank_sentence_is_not_sent_to_the_model(backend: Recording) -> None:
    out = translate_sentences(["  ", "Кметът на Пловдив."], backend=backend)
    assert [t.text for t in out][0] == "" and out[1].text
    assert backend.sentences_sent == ["Кметът на Пловдив."]


def test_a_stand_in_title_is_not_translated_as_a_headline(backend: Recording) -> None:
    from desktop.core.ingest.reader import document_from_text

    pasted = document_from_text(
        "Министърът на финансите обяви днес, че бюджетът ще бъде внесен в парламента до края на месеца. "
        "Опозицията поиска изслушване.",
        name="clipboard",
    )
    assert pasted.title.endswith("…")  # the first words, standing in for a headline
    _, result = drain(translate_document_job(pasted, backend=backend))
    assert result.title is None and "…" not in " ".join(backend.sentences_sent)
