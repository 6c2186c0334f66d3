"""Summaries: every line points at real source sentences, in order, in both modes."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from desktop.core.analysis.summarize import Summary, SummarySentence, default_length, summarize
from desktop.core.document import Document
from desktop.core.errors import Cancelled, ModelCorrupt, ModelMissing
from desktop.core.ingest.reader import document_from_text
from desktop.core.jobs import CancelToken
from desktop.core.translation import DocumentTranslation, TranslatedSentence

ENGLISH_ARTICLE = """Port of Varna to build a new container terminal

The port of Varna will get a new container terminal worth 310 million leva, the transport minister said on Monday.
The terminal will double the port's container capacity by 2028.
Work on the first phase is due to start next spring.

The project will be paid for with 95 million euros from a European transport programme.
The state port company will cover the rest of the cost of the container terminal.
Officials said the European money covers nearly 60% of the total.

Cargo traffic through the port of Varna rose by 12.5% in the first half of the year.
The port handled 5.8 million tonnes of cargo in that period.
The director said container traffic grew fastest.

Environmental groups asked for a new assessment of the terminal's effect on Varna lake.
The ministry said the assessment had already been approved.
The weather in Varna was sunny.
"""

BULGARIAN_ARTICLE = """Ким Чен-ун иска да се срещне с Путин

Севернокорейският ръководител Ким Чен-ун иска да се срещне в Русия с президента Владимир Путин, каза днес говорителка на Белия дом.
Според американски медии Ким планира да пътува с брониран влак до Владивосток.

Преговорите между Русия и Северна Корея за оръжия активно напредват, заяви Белият дом.
Руският министър на отбраната Сергей Шойгу посети Пхенян през юли.
По време на посещението Шойгу е предложил съвместно военноморско учение.

Северна Корея е извършила шест ядрени изпитания от 2006 г. насам.
Времето в Пхенян беше облачно.
"""

SCRIPT = "Kim wants to meet Putin in Russia. Shoigu visited Pyongyang recently!"
KIM_ENGLISH = [
    "Kim Jong-un wants to meet Putin in Russia, a White House spokeswoman said today.",
    "According to US media, Kim plans to travel to Vladivostok by armoured train.",
    "Arms talks between Russia and North Korea are actively advancing, the White House said.",
    "Russian defence minister Sergei Shoigu visited Pyongyang in July.",
    "During the visit, Shoigu proposed a joint naval exercise.",
    "North Korea has carried out six nuclear tests since 2006.",
    "The weather in Pyongyang was cloudy.",
]


def _english_doc(text: str = ENGLISH_ARTICLE) -> Document:
    return document_from_text(text, language="en")


def _translation(doc: Document, english: list[str]) -> DocumentTranslation:
    return DocumentTranslation(
        sentences=tuple(
            TranslatedSentence(sentence_id=s.id, index=s.index, source=s.text, text=en, score=-0.3)
            for s, en in zip(doc.sentences, english, strict=True)
        )
    )


def _assert_points_into(doc: Document, summary: Summary) -> None:
    indexes = {s.id: s.index for s in doc.sentences}
    order = []
    for line in summary.sentences:
        assert line.source_ids, f"line without provenance: {line.text!r}"
        for sid in line.source_ids:
            assert sid in indexes, f"{sid} is not a sentence of the document"
        order.append(indexes[line.source_ids[0]])
    assert order == sorted(order)


# --- extractive ------------------------------------------------------------------------


def test_each_summary_line_is_a_source_sentence_in_document_order() -> None:
    doc = _english_doc()
    summary = summarize(doc)
    _assert_points_into(doc, summary)
    assert summary.method == "extractive"
    for line in summary.sentences:
        assert len(line.source_ids) == 1
        assert line.text == doc.sentence(line.source_ids[0]).text.strip()
        assert line.machine_written is False


def test_summary_leaves_out_filler_and_keeps_the_story() -> None:
    summary = summarize(_english_doc(), sentences=3)
    texts = " ".join(s.text for s in summary.sentences)
    assert "weather" not in texts
    assert "container terminal" in texts


def test_default_length_grows_with_the_article() -> None:
    assert [default_length(n) for n in (0, 2, 6, 11, 12, 24, 25, 80)] == [0, 2, 3, 3, 4, 4, 5, 5]
    doc = _english_doc()
    assert len(summarize(doc).sentences) == default_length(len(doc.sentences)) == 4


@pytest.mark.parametrize("k", [1, 2, 5])
def test_requested_length_is_honoured(k: int) -> None:
    doc = _english_doc()
    summary = summarize(doc, sentences=k)
    assert len(summary.sentences) == k
    _assert_points_into(doc, summary)


def test_asking_for_more_lines_than_the_article_has_returns_all_of_it() -> None:
    doc = _english_doc("Short one\n\nThe port will grow. The minister said so.")
    summary = summarize(doc, sentences=10)
    assert [s.source_ids[0] for s in summary.sentences] == [s.id for s in doc.sentences]


def test_the_same_fact_is_not_picked_twice() -> None:
    repeated = "The port of Varna will get a new container terminal worth 310 million leva."
    text = ENGLISH_ARTICLE.replace("The weather in Varna was sunny.", repeated)
    summary = summarize(_english_doc(text), sentences=4)
    texts = [s.text for s in summary.sentences]
    near_copies = [t for t in texts if "new container terminal worth 310 million" in t]
    assert len(near_copies) == 1


def test_bulgarian_article_is_summarised_before_any_translation() -> None:
    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    summary = summarize(doc, sentences=3)
    _assert_points_into(doc, summary)
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in s.text) for s in summary.sentences)
    assert all(s.text_en is None for s in summary.sentences)
    assert "облачно" not in " ".join(s.text for s in summary.sentences)


def test_sample_article_summary(sample_path: Path) -> None:
    if not sample_path.is_file():
        pytest.skip("the sample article is not there yet")
    from desktop.core.ingest.reader import read_document

    doc = read_document(sample_path)
    summary = summarize(doc)
    assert 3 <= len(summary.sentences) <= 5
    _assert_points_into(doc, summary)


def test_english_of_each_line_comes_from_the_translation_and_edits_win() -> None:
    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    translation = _translation(doc, KIM_ENGLISH)
    picked = summarize(doc, sentences=3).sentences
    edited_id = picked[0].source_ids[0]
    translation = translation.with_edit(edited_id, "EDITED: Kim wants to meet Putin.")
    missing_id = picked[1].source_ids[0]
    translation = DocumentTranslation(
        sentences=tuple(t for t in translation.sentences if t.sentence_id != missing_id)
    )

    summary = summarize(doc, sentences=3, translation=translation)
    by_id = {s.source_ids[0]: s for s in summary.sentences}
    assert by_id[edited_id].text_en == "EDITED: Kim wants to meet Putin."
    assert by_id[missing_id].text_en is None  # not translated yet: no English, no error
    third = summary.sentences[2]
    assert third.text_en == translation.text_for(third.source_ids[0])


def test_summary_round_trips_through_json() -> None:
    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    summary = summarize(doc, translation=_translation(doc, KIM_ENGLISH))
    data = json.loads(json.dumps(dataclasses.asdict(summary), ensure_ascii=False))
    assert Summary.from_dict(data) == summary
    line = SummarySentence(text="x", source_ids=("p1s1", "p2s1"), machine_written=True, text_en="x")
    assert SummarySentence.from_dict(dataclasses.asdict(line)) == line


def test_unsegmented_document_is_segmented_first() -> None:
    doc = Document(
        title="Port", language="en", text="The port will grow. The minister said so. Work starts soon."
    )
    summary = summarize(doc, sentences=2)
    assert len(summary.sentences) == 2
    assert all(s.source_ids[0].startswith("p1s") for s in summary.sentences)


# --- quality on shared data -------------------------------------------------------------


def _bench_module() -> object:
    path = Path(__file__).resolve().parents[2] / "bench" / "summary_eval.py"
    spec = importlib.util.spec_from_file_location("summary_eval", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("summary_eval", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.slow
def test_rouge_beats_lexrank_on_bbc_dev(shared_dir: Path) -> None:
    bench = _bench_module()
    articles = bench.load_articles(shared_dir / "eval" / "bbc_news_dev")  # type: ignore[attr-defined]
    assert len(articles) == 100
    r1, r2, rl = bench.rouge(articles, bench.dragoman)  # type: ignore[attr-defined]
    lex1, lex2, lexl = bench.LEXRANK_QUOTED  # type: ignore[attr-defined]  # 67 / 56 / 66
    assert r1 > lex1 and r2 > lex2 and rl > lexl, (r1, r2, rl)


# --- abstractive -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scripted_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny BART that always writes SCRIPT: two sentences resting on known sources."""
    from tests.fixtures.tinysummarizer import build_tiny_summarizer

    out = tmp_path_factory.mktemp("tiny-bart") / "tiny-summarizer"
    return build_tiny_summarizer(out, KIM_ENGLISH, script=SCRIPT)


def test_tiny_summarizer_has_the_hugging_face_layout(scripted_model: Path) -> None:
    names = {p.name for p in scripted_model.iterdir()}
    assert {"config.json", "generation_config.json", "model.safetensors", "vocab.json", "merges.txt"} <= names
    assert (scripted_model / "model.safetensors").stat().st_size < 400_000


def test_abstractive_lines_are_machine_written_and_linked_to_their_sources(scripted_model: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive

    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    ids = [s.id for s in doc.sentences]
    summary = summarize_abstractive(doc, _translation(doc, KIM_ENGLISH), model_dir=scripted_model)
    assert summary.method == "abstractive"
    assert summary.model == scripted_model.name
    assert [s.text for s in summary.sentences] == [
        "Kim wants to meet Putin in Russia.",
        "Shoigu visited Pyongyang recently!",
    ]
    assert all(s.machine_written and s.text_en == s.text for s in summary.sentences)
    first, second = summary.sentences
    assert ids[0] in first.source_ids  # "Kim ... wants to meet Putin in Russia"
    assert ids[3] in second.source_ids  # "Shoigu visited Pyongyang in July"
    assert ids[6] not in first.source_ids + second.source_ids  # the weather supports nothing


def test_abstractive_respects_max_sentences(scripted_model: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive

    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    summary = summarize_abstractive(
        doc, _translation(doc, KIM_ENGLISH), model_dir=scripted_model, max_sentences=1
    )
    assert [s.text for s in summary.sentences] == ["Kim wants to meet Putin in Russia."]


def test_invented_abstractive_lines_fall_back_to_extractive(tmp_path: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive
    from tests.fixtures.tinysummarizer import build_tiny_summarizer

    model = build_tiny_summarizer(tmp_path / "m", KIM_ENGLISH, script="Bananas grow quickly!")
    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    summary = summarize_abstractive(doc, _translation(doc, KIM_ENGLISH), model_dir=model)
    assert summary.method == "extractive (abstractive output did not match the article)"
    assert summary.sentences and not any(s.machine_written for s in summary.sentences)
    _assert_points_into(doc, summary)


def test_empty_abstractive_output_falls_back_and_says_so(tmp_path: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive
    from tests.fixtures.tinysummarizer import build_tiny_summarizer

    model = build_tiny_summarizer(tmp_path / "m", KIM_ENGLISH, script="!")
    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    translation = _translation(doc, KIM_ENGLISH)
    summary = summarize_abstractive(doc, translation, model_dir=model)
    assert summary.method == "extractive (abstractive model produced no text)"
    assert all(s.text_en == translation.text_for(s.source_ids[0]) for s in summary.sentences)


def test_missing_summariser_raises_model_missing(tmp_path: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive

    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    with pytest.raises(ModelMissing, match="not installed"):
        summarize_abstractive(doc, _translation(doc, KIM_ENGLISH), model_dir=tmp_path / "nowhere")


def test_broken_summariser_raises_model_corrupt(tmp_path: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{ this is not json", encoding="utf-8")
    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    with pytest.raises(ModelCorrupt) as info:
        summarize_abstractive(doc, _translation(doc, KIM_ENGLISH), model_dir=broken)
    message = str(info.value)
    assert "could not be loaded" in message and str(broken) in message
    assert "\n" not in message


def test_cancelled_abstractive_summary_stops(scripted_model: Path) -> None:
    from desktop.core.analysis.abstractive import summarize_abstractive

    doc = document_from_text(BULGARIAN_ARTICLE, language="bg")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        summarize_abstractive(doc, _translation(doc, KIM_ENGLISH), model_dir=scripted_model, cancel=token)


# --- command line --------------------------------------------------------------------------


def test_cli_prints_summary_lines_with_their_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    path = tmp_path / "article.txt"
    path.write_text(BULGARIAN_ARTICLE, encoding="utf-8")
    assert main(["summarize", str(path), "--sentences", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith("[p") for line in lines)

    assert main(["summarize", str(path), "--json", "-k", "3", "--lang", "bg"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["language"] == "bg" and data["method"] == "extractive"
    indexes = [s["source_indexes"][0] for s in data["sentences"]]
    assert len(indexes) == 3 and indexes == sorted(indexes)
    assert all(s["source_ids"][0].startswith("p") for s in data["sentences"])


def test_cli_missing_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    assert main(["summarize", str(tmp_path / "absent.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("dragoman:") and "\n" not in err
