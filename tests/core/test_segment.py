"""Sentence segmentation: where a Bulgarian or English news article is cut into sentences."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.evaluation.segmentation import GoldText, evaluate, pysbd_spans, rebuild_text, score_spans
from desktop.cli import main
from desktop.core.document import Document
from desktop.core.ingest import segment as segment_module
from desktop.core.ingest.segment import segment_document, segment_text, split_sentences


def sents(text: str, lang: str = "bg") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


# --- Bulgarian abbreviations and initials --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Лекцията изнесе проф. Иванов от БАН.",
        "Офисът е на ул. Раковски 12 в гр. София.",
        "Срещата е на бул. Витоша, а не на пл. Славейков.",
        "Роден е в с. Лозен, обл. Перник, през 1950 г. в семейство на учители.",
        "Говори ген. Петров, т.е. началникът на щаба.",
        "Това е т.нар. Зелена сделка на ЕС.",
        "Има и други примери, напр. Германия и Франция.",
        "Докладът е на ст.н.с. Петрова от института.",
        "Той намушкал гл.серж. Александров, а после и гл. серж. Василев.",
        "Интерпол се събра на о. Родос вчера.",
        "Книгата излиза от изд. „Абагар“ тази есен.",
        "Цената е 3.5 млн. лв. без ДДС.",
        "Заседанието е в 16 ч. днес.",
        "Поканени са министри, депутати и др. гости.",
        "Тя е била пребита на 12 т.м. вечерта.",
        "Статията в. „Труд“ излезе вчера.",
        "Сделката е за 898 млн.лв. в левове и валута.",
        "Диагнозата постави д-р Петров.",
        "Градът е в Софийска обл. и е малък.",
    ],
)
def test_abbreviation_inside_a_sentence_does_not_end_it(text: str) -> None:
    assert sents(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Писмото подписа В. Путин.",
        "В Белия дом Дж. Байдън прие делегацията.",
        "Според Дж.У. Буш войната е приключила.",
        "Коментира проф. Г. Иванов от УНСС.",
        "Н.В. Симеон II пристигна вчера.",
        "Поемата на Хр. Ботев е прочетена.",
    ],
)
def test_initials_before_a_surname_do_not_end_a_sentence(text: str) -> None:
    assert sents(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Партията управлява окончателно от 1948 г. Новото правителство забранява опозицията.",
            ["Партията управлява окончателно от 1948 г.", "Новото правителство забранява опозицията."],
        ),
        (
            "Хората са внесли 898 млн. лв. Това е рекорд.",
            ["Хората са внесли 898 млн. лв.", "Това е рекорд."],
        ),
        (
            "Продадоха Пампорово за $ 11 млн. Разлепват доносниците.",
            ["Продадоха Пампорово за $ 11 млн.", "Разлепват доносниците."],
        ),
        (
            "Констатирахме смъртта в 16,57 ч. За това време той може да лекува.",
            ["Констатирахме смъртта в 16,57 ч.", "За това време той може да лекува."],
        ),
        (
            "В класацията влизат и хора, починали през XIX в. За анкетираните това е важно.",
            ["В класацията влизат и хора, починали през XIX в.", "За анкетираните това е важно."],
        ),
        (
            "Участват Стефан Данаилов, Стоян Кралев и др. Георги Лазаров е режисьор.",
            ["Участват Стефан Данаилов, Стоян Кралев и др.", "Георги Лазаров е режисьор."],
        ),
        (
            "Заплатата в болницата е 166 лв. БСП иска промяна.",
            ["Заплатата в болницата е 166 лв.", "БСП иска промяна."],
        ),
    ],
)
def test_abbreviation_that_ends_a_sentence_before_a_capital(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_a_year_closing_a_fronted_phrase_does_not_end_the_sentence() -> None:
    text = "По спогодба от 1996 г. Русия е изпълнила ангажимента си."
    assert sents(text) == [text]
    text = "През 2006 г. Новото правителство обяви реформа."
    assert sents(text) == [text]


def test_an_acronym_ending_a_sentence_is_not_read_as_an_abbreviation() -> None:
    # "АП" is not "ап." (апартамент), "САЩ." is a normal sentence end.
    assert sents("Дългът е 10 млн., припомниха от АП. По време на войната е закрит.") == [
        "Дългът е 10 млн., припомниха от АП.",
        "По време на войната е закрит.",
    ]


def test_list_numbers_at_the_head_of_a_line_stay_with_their_item() -> None:
    assert sents("1. Първа точка от дневния ред.\n2. Втора точка.") == [
        "1. Първа точка от дневния ред.",
        "2. Втора точка.",
    ]


# --- punctuation, quotes and ellipses ----------------------------------------------------------


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert sents("Страх ли те е? Не! Добре тогава.") == ["Страх ли те е?", "Не!", "Добре тогава."]


def test_ellipsis_before_a_capital_ends_a_sentence_but_not_before_lower_case() -> None:
    assert sents("Идва времето на плащане на данъците... Да влезем в НАТО.") == [
        "Идва времето на плащане на данъците...",
        "Да влезем в НАТО.",
    ]
    assert sents("Чакахме… и той дойде.") == ["Чакахме… и той дойде."]
    assert sents("Ще ви стане ясно!... Щом си дойде жената, тръгнахме.") == [
        "Ще ви стане ясно!...",
        "Щом си дойде жената, тръгнахме.",
    ]


def test_attribution_after_a_quote_stays_with_the_quote() -> None:
    assert sents("„Това е краят. Няма връщане“, каза той.")[-1] == "Няма връщане“, каза той."
    assert sents("„Стига!“ – извика тя и излезе.") == ["„Стига!“ – извика тя и излезе."]
    assert sents('"Ще дойда." , каза той.') == ['"Ще дойда." , каза той.']
    assert sents("„Защо?“ попита детето.") == ["„Защо?“ попита детето."]


def test_a_quote_holding_several_sentences_keeps_its_closing_quote_and_speaker() -> None:
    text = "„Много сме щастливи. Господ чу молитвите ни“, каза Юсеф Надиим. Той плака."
    assert sents(text) == [
        "„Много сме щастливи.",
        "Господ чу молитвите ни“, каза Юсеф Надиим.",
        "Той плака.",
    ]


def test_consecutive_quoted_sentences_are_separate() -> None:
    text = '"Почти не влизам в спорове." "Много се гордея с работата си." Втори недостатък е друг.'
    assert sents(text) == [
        '"Почти не влизам в спорове."',
        '"Много се гордея с работата си."',
        "Втори недостатък е друг.",
    ]


def test_sentences_glued_without_a_space_are_separated() -> None:
    # Common in text taken out of web pages.
    assert sents("Тя е в чужбина, предаде БТА.Франция вече прие молбата.") == [
        "Тя е в чужбина, предаде БТА.",
        "Франция вече прие молбата.",
    ]
    assert sents('Помощ поискаха от САЩ."Водим разговори", каза той.') == [
        "Помощ поискаха от САЩ.",
        '"Водим разговори", каза той.',
    ]


# --- layout: paragraphs, headlines, datelines --------------------------------------------------------


def test_headline_dateline_and_byline_without_punctuation_are_their_own_sentences() -> None:
    text = "Убиха съветник на Ругова\nСОФИЯ\nИван Петров\nСъветникът бе застрелян вчера. Полицията разследва."
    assert sents(text) == [
        "Убиха съветник на Ругова",
        "СОФИЯ",
        "Иван Петров",
        "Съветникът бе застрелян вчера.",
        "Полицията разследва.",
    ]


def test_a_line_break_after_an_abbreviation_does_not_cut_the_sentence() -> None:
    assert sents("Лекцията изнесе проф.\nИванов от БАН.") == ["Лекцията изнесе проф.\nИванов от БАН."]


def test_a_blank_line_always_ends_a_paragraph_and_sentence() -> None:
    text = "Лекцията изнесе проф.\n\nИванов от БАН.\n \t\nКрай на"
    paragraphs = segment_text(text, "bg")
    assert [[text[s:e] for s, e in p] for p in paragraphs] == [
        ["Лекцията изнесе проф."],
        ["Иванов от БАН."],
        ["Край на"],
    ]


def test_windows_line_endings_are_one_line_break_not_a_blank_line() -> None:
    text = "Първо изречение.\r\nВторо изречение.\r\n\r\nНов абзац."
    paragraphs = segment_text(text, "bg")
    assert len(paragraphs) == 2
    assert [text[s:e] for s, e in paragraphs[0]] == ["Първо изречение.", "Второ изречение."]


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert segment_text("", "bg") == []
    assert segment_text(" \n\n\t \n", "bg") == []
    assert split_sentences("   ", "en") == []


def test_segment_document_assigns_paragraph_ids_and_offsets() -> None:
    text = "Първо изречение. Второ изречение.\n\nТрето изречение."
    doc = segment_document(Document(title="T", language="bg", text=text))
    assert [s.id for s in doc.sentences] == ["p1s1", "p1s2", "p2s1"]
    assert [s.text for s in doc.sentences] == ["Първо изречение.", "Второ изречение.", "Трето изречение."]
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)
    assert doc.paragraphs[1].start == text.index("Трето")


def test_sample_article_sentences_slice_back(sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    spans = split_sentences(text, "bg")
    assert len(spans) >= 20
    assert all(text[s:e] == text[s:e].strip() and e > s for s, e in spans)
    assert any(text[s:e].endswith("проф. Г. Иванов.") for s, e in spans)


# --- English ---------------------------------------------------------------------------------------


def test_english_abbreviations_and_sentences() -> None:
    text = "Mr. Smith met Dr. Jones at 5 p.m. on Monday. They talked about the U.S. economy. It grew."
    assert sents(text, "en") == [
        "Mr. Smith met Dr. Jones at 5 p.m. on Monday.",
        "They talked about the U.S. economy.",
        "It grew.",
    ]


def test_english_uses_the_same_layout_rules() -> None:
    text = "Snow Patrol split\nLONDON\nThe band said it was over. Fans were upset.\n\nMore soon"
    assert [[text[s:e] for s, e in p] for p in segment_text(text, "en")] == [
        ["Snow Patrol split", "LONDON", "The band said it was over.", "Fans were upset."],
        ["More soon"],
    ]


def test_english_closing_quote_stays_with_its_sentence() -> None:
    text = 'He said: "If you get them elsewhere, you won\'t get in." Fans were warned.'
    assert sents(text, "en") == [
        'He said: "If you get them elsewhere, you won\'t get in."',
        "Fans were warned.",
    ]


def test_english_still_splits_when_pysbd_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> list[int]:
        raise RuntimeError("pysbd broke")

    monkeypatch.setattr(segment_module, "pysbd_cuts", broken)
    assert sents("Mr. Smith arrived in the U.S. capital. He met St. John there.", "en") == [
        "Mr. Smith arrived in the U.S. capital.",
        "He met St. John there.",
    ]


# --- properties: any text, never a crash, spans always valid ------------------------------------------

_NEWSY = st.text(
    alphabet=st.sampled_from(list("абвгдеБВГДЕПСТXIabcMrs .....!?…\"„“”»«()-–—,:;\n\n \t\r12гпрофлвмлнчтДжU")),
    max_size=300,
)


def _assert_valid(text: str, paragraphs: list[list[tuple[int, int]]]) -> None:
    last = 0
    for paragraph in paragraphs:
        assert paragraph, "no empty paragraphs"
        for start, end in paragraph:
            assert last <= start < end <= len(text)
            piece = text[start:end]
            assert piece == piece.strip() and piece
            last = end


@pytest.mark.parametrize("lang", ["bg", "en"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=300), _NEWSY))
def test_any_text_gives_ordered_stripped_spans(lang: str, text: str) -> None:
    paragraphs = segment_text(text, lang)
    _assert_valid(text, paragraphs)
    assert split_sentences(text, lang) == [span for p in paragraphs for span in p]
    # Nothing but whitespace is ever left out.
    covered = set()
    for start, end in split_sentences(text, lang):
        covered.update(range(start, end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


# --- the command line -----------------------------------------------------------------------------------

_ARTICLE = "Заглавие\n\nПрез 1948 г. проф. Иванов замина. Той се върна през 1950 г. Новото правителство го прие.\n"


def test_cli_prints_one_sentence_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(_ARTICLE, encoding="utf-8")
    assert main(["segment", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "През 1948 г. проф. Иванов замина.",
        "Той се върна през 1950 г.",
        "Новото правителство го прие.",
    ]


def test_cli_json_gives_ids_and_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(_ARTICLE, encoding="utf-8")
    assert main(["segment", str(path), "--json", "--lang", "bg"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["p1s1", "p1s2", "p1s3"]
    assert set(records[0]) == {"id", "text", "start", "end"}
    assert records[1]["text"] == "Той се върна през 1950 г."
    assert records[1]["end"] - records[1]["start"] == len(records[1]["text"])


def test_cli_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = b"Headline\n\nMr. Smith arrived. He left.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["segment", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Mr. Smith arrived.", "He left."]


def test_cli_missing_file_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", str(tmp_path / "absent.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("dragoman:")


# --- scoring ---------------------------------------------------------------------------------------------


def test_rebuilt_text_joins_sentences_by_their_last_character() -> None:
    gold = rebuild_text([["Заглавие", "Първо.", "Второ"], ["Друг документ."]])
    assert gold.text == "Заглавие\nПърво. Второ\n\nДруг документ."
    assert [gold.text[:e].split()[-1] for e in gold.ends] == ["Заглавие", "Първо.", "Второ", "документ."]


def test_scoring_counts_boundaries_not_whitespace() -> None:
    gold = GoldText(text="Аз. Ти.", ends=(3, 7), documents=1)
    assert score_spans(gold, [(0, 3), (4, 7)]).f1 == 1.0
    half = score_spans(gold, [(0, 7)])
    assert (half.precision, half.recall) == (1.0, 0.5)


@pytest.mark.shared
def test_ud_bulgarian_dev_f1(shared_dir: Path) -> None:
    path = shared_dir / "eval" / "ud_bg_btb_dev.conllu"
    if not path.is_file():
        pytest.skip("UD Bulgarian BTB dev set not in ../shared/eval")
    baseline = evaluate(path, pysbd_spans)
    assert 0.97 <= baseline.f1 <= 0.98, "the harness no longer reproduces pysbd's published score"
    assert evaluate(path).f1 >= 0.985
