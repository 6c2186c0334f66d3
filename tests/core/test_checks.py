"""Translation checks: each kind of flag fires on its error and stays quiet on a clean pair."""

from __future__ import annotations

import dataclasses
import json

import pytest

from desktop.core.analysis.checks import (
    KINDS,
    Flag,
    check_translation,
    compare_figures,
    extract_figures,
    find_loop,
)
from desktop.core.document import Document, build_paragraphs
from desktop.core.translation import DocumentTranslation, TranslatedSentence

# Bulgarian sentences and a faithful English for each, with figures written
# the way each language writes them.
CLEAN = [
    (
        "Икономиката на България е нараснала с 3,5% през 2006 г., съобщи статистиката.",
        "Bulgaria's economy grew by 3.5 per cent in 2006, the statistics office said.",
    ),
    (
        "Загубите на компанията възлизат на 1,2 млн. лева, а дългът ѝ е 2,3 млрд. евро.",
        "The company's losses amount to 1.2 million leva, and its debt is 2.3 billion euros.",
    ),
    (
        "Северна Корея е извършила шест ядрени изпитания, а в протеста участваха 10 000 души.",
        "North Korea has carried out six nuclear tests, and 10,000 people took part in the protest.",
    ),
    (
        "Руският министър на отбраната Сергей Шойгу посети Пхенян през юли.",
        "Russian Defence Minister Sergei Shoigu visited Pyongyang in July.",
    ),
    (
        "Срещата ще започне в 16:30 ч. на 24.11.2023 в сградата на парламента.",
        "The meeting will start at 4:30 pm on 24 November 2023 in the parliament building.",
    ),
    (
        "Говорителят на Кремъл Дмитрий Песков заяви, че Русия ще развива връзките си с Пхенян.",
        "Kremlin spokesman Dmitry Peskov said Russia would develop its ties with Pyongyang.",
    ),
    (
        "Преговорите между двете държави за доставка на оръжия активно напредват.",
        "Negotiations between the two countries on the supply of weapons are actively progressing.",
    ),
    (
        "Президентът Володимир Зеленски благодари на съюзниците за помощта.",
        "President Volodymyr Zelensky thanked the allies for their help.",
    ),
]
GLOSSARY = {"Шойгу": "Shoigu", "Зеленски": "Zelensky", "Песков": "Peskov"}


def _pair_doc(
    pairs: list[tuple[str, str]], *, scores: list[float | None] | None = None
) -> tuple[Document, DocumentTranslation]:
    """A document with one sentence per paragraph and its translation."""
    text = "\n\n".join(src for src, _ in pairs)
    spans, pos = [], 0
    for src, _ in pairs:
        spans.append([(pos, pos + len(src))])
        pos += len(src) + 2
    doc = Document(title="Test", language="bg", text=text, paragraphs=build_paragraphs(text, spans))
    translation = DocumentTranslation(
        sentences=tuple(
            TranslatedSentence(
                sentence_id=s.id,
                index=s.index,
                source=s.text,
                text=en,
                score=(scores[i] if scores else -0.25),
            )  # fmt: skip
            for i, (s, (_, en)) in enumerate(zip(doc.sentences, pairs, strict=True))
        )
    )
    return doc, translation


def _with(index: int, english: str) -> list[tuple[str, str]]:
    pairs = list(CLEAN)
    pairs[index] = (pairs[index][0], english)
    return pairs


def _kinds(flags: list[Flag]) -> list[tuple[str, str]]:
    return [(f.sentence_id, f.kind) for f in flags]


def test_a_faithful_translation_raises_no_flag() -> None:
    doc, translation = _pair_doc(CLEAN)
    assert check_translation(doc, translation, glossary=GLOSSARY) == []


# --- numbers -----------------------------------------------------------------------


def test_changed_figure_is_flagged_with_both_values() -> None:
    src = "Руският министър посети Северна Корея за отбелязването на 70 години от края на войната."
    doc, translation = _pair_doc(
        [*CLEAN, (src, "The Russian minister visited North Korea to mark 17 years since the end of the war.")]
    )
    flags = check_translation(doc, translation)
    assert _kinds(flags) == [("p9s1", "numbers")]
    assert flags[0].reason == "The figure 70 in the Bulgarian is missing from the English (it says 17)."
    assert flags[0].detail == {"missing": ["70"], "extra": ["17"]}


def test_dropped_and_invented_figures_are_flagged() -> None:
    doc, translation = _pair_doc(
        _with(0, "Bulgaria's economy grew by 3.5 per cent, the statistics office said.")
    )
    (flag,) = check_translation(doc, translation)
    assert (
        flag.kind == "numbers"
        and flag.reason == "The figure 2006 in the Bulgarian is missing from the English."
    )

    doc, translation = _pair_doc(
        _with(3, "Russian Defence Minister Sergei Shoigu visited Pyongyang in July 2023.")
    )
    (flag,) = check_translation(doc, translation)
    assert (
        flag.kind == "numbers"
        and flag.reason == "The English has the figure 2023, which is not in the Bulgarian."
    )


def test_number_words_are_compared_by_value() -> None:
    doc, translation = _pair_doc(
        _with(2, "North Korea has carried out seven nuclear tests, and 10,000 people took part.")
    )
    (flag,) = check_translation(doc, translation)
    assert flag.kind == "numbers"
    assert "шест (6)" in flag.reason and "seven (7)" in flag.reason


def test_scale_words_must_agree() -> None:
    doc, translation = _pair_doc(
        _with(1, "The company's losses amount to 1.2 million leva, and its debt is 2.3 million euros.")
    )
    (flag,) = check_translation(doc, translation)
    assert flag.kind == "numbers" and "2,3 млрд." in flag.reason


@pytest.mark.parametrize(
    ("bulgarian", "english"),
    [
        ("ръст от 3,5%", "growth of 3.5%"),
        ("ръст от 3,5 процента", "growth of 3.5 percent"),
        ("през 2006 г.", "in 2006"),
        ("1,5 млн. души", "1,500,000 people"),
        ("1,5 млн. души", "1.5m people"),
        ("9,3 млрд. долара", "$9.3bn"),
        ("10 000 души", "10,000 people"),
        ("двадесет и пет войници", "twenty-five soldiers"),
        ("шестима войници", "6 soldiers"),
        ("през 90-те години", "in the 1990s"),
        ("в 16:30 ч.", "at 4.30 p.m."),
    ],
)
def test_equivalent_figures_match(bulgarian: str, english: str) -> None:
    missing, extra = compare_figures(bulgarian, english)
    assert (missing, extra) == ([], []), (extract_figures(bulgarian, "bg"), extract_figures(english, "en"))


def test_an_edit_that_fixes_the_figure_clears_the_flag() -> None:
    pairs = _with(0, "Bulgaria's economy grew by 5.3 per cent in 2006, the statistics office said.")
    doc, translation = _pair_doc(pairs)
    assert _kinds(check_translation(doc, translation)) == [("p1s1", "numbers")]
    fixed = translation.with_edit(
        "p1s1", "Bulgaria's economy grew by 3.5 per cent in 2006, the statistics office said."
    )
    assert check_translation(doc, fixed) == []


# --- Cyrillic, loops, length, score -----------------------------------------------------------


def test_cyrillic_left_in_the_english_is_flagged() -> None:
    doc, translation = _pair_doc(_with(3, "Russian Defence Minister Sergei Шойгу visited Pyongyang in July."))
    (flag,) = check_translation(doc, translation)
    assert flag.kind == "cyrillic" and '"Шойгу"' in flag.reason
    assert flag.detail == {"text": ["Шойгу"]}


def test_a_repetition_loop_is_flagged() -> None:
    looped = (
        "Negotiations between the two countries on the supply of weapons of weapons of weapons of weapons."
    )
    doc, translation = _pair_doc(_with(6, looped))
    flags = check_translation(doc, translation)
    assert ("p7s1", "loop") in _kinds(flags)
    flag = next(f for f in flags if f.kind == "loop")
    assert flag.severity == "error" and '"of weapons"' in flag.reason


def test_loop_needs_real_repetition() -> None:
    assert find_loop(["he", "said", "very", "very", "clearly"]) is None
    assert find_loop(["the", "war", "the", "war", "ended"]) is None
    assert find_loop(["the", "the", "the"]) == (["the"], 3)
    assert find_loop(["talks", "on", "the", "border", "talks", "on", "the", "border"]) == (
        ["talks", "on", "the", "border"],
        2,
    )


def test_a_much_shorter_english_is_flagged_against_the_articles_own_ratio() -> None:
    doc, translation = _pair_doc(_with(6, "Negotiations."))
    flags = check_translation(doc, translation)
    assert _kinds(flags) == [("p7s1", "length")]
    assert "shorter" in flags[0].reason and flags[0].detail is not None
    assert flags[0].detail["ratio"] < 0.3


def test_a_much_longer_english_is_flagged() -> None:
    padded = (
        CLEAN[6][1]
        + " The talks, which began last year, have been described by diplomats as productive and useful, and officials on both sides expect them to continue for several more months at least."
    )
    doc, translation = _pair_doc(_with(6, padded))
    flags = check_translation(doc, translation)
    assert _kinds(flags) == [("p7s1", "length")] and "longer" in flags[0].reason


def test_empty_english_is_flagged() -> None:
    doc, translation = _pair_doc(_with(5, ""))
    flags = check_translation(doc, translation)
    assert ("p6s1", "length") in _kinds(flags)


def test_low_model_score_is_flagged_unless_the_journalist_edited_it() -> None:
    scores: list[float | None] = [-0.2] * len(CLEAN)
    scores[4] = -1.8
    doc, translation = _pair_doc(CLEAN, scores=scores)
    flags = check_translation(doc, translation)
    assert _kinds(flags) == [("p5s1", "low_score")]
    assert "-1.80" in flags[0].reason
    edited = translation.with_edit("p5s1", CLEAN[4][1])
    assert check_translation(doc, edited) == []


# --- glossary -----------------------------------------------------------------------------


def test_glossary_name_spelled_another_way_is_flagged() -> None:
    doc, translation = _pair_doc(
        _with(3, "Russian Defence Minister Sergei Shoygu visited Pyongyang in July.")
    )
    (flag,) = check_translation(doc, translation, glossary=GLOSSARY)
    assert flag.kind == "glossary"
    assert flag.reason == 'The desk glossary spells "Шойгу" as "Shoigu", but the English has "Shoygu".'


def test_glossary_matches_an_inflected_bulgarian_name() -> None:
    src = "Посещението на Зеленския в Брюксел продължи два дни."
    doc, translation = _pair_doc([*CLEAN, (src, "Zelenskiy's visit to Brussels lasted two days.")])
    flags = check_translation(doc, translation, glossary=GLOSSARY)
    assert _kinds(flags) == [("p9s1", "glossary")]
    assert flags[0].detail is not None and flags[0].detail["found_in_source"] == "Зеленския"

    doc, translation = _pair_doc([*CLEAN, (src, "Zelensky's visit to Brussels lasted two days.")])
    assert check_translation(doc, translation, glossary=GLOSSARY) == []


def test_glossary_is_quiet_when_the_name_is_not_in_the_source() -> None:
    doc, translation = _pair_doc(CLEAN)
    assert check_translation(doc, translation, glossary={"Путин": "Putin"}) == []


# --- data -----------------------------------------------------------------------------------


def test_flags_round_trip_through_json_and_cover_every_kind() -> None:
    pairs = list(CLEAN)
    pairs[0] = (pairs[0][0], "Bulgaria's economy grew by 5.3 per cent in 2006, the statistics office said.")
    pairs[3] = (pairs[3][0], "Russian Defence Minister Sergei Шойгу visited Pyongyang in July.")
    pairs[5] = (
        pairs[5][0],
        "Kremlin spokesman Dmitry Peskow said Russia would develop its ties with Pyongyang.",
    )
    pairs[6] = (pairs[6][0], "Negotiations of weapons of weapons of weapons of weapons between countries.")
    pairs[7] = (pairs[7][0], "Zelensky.")
    scores: list[float | None] = [-0.2] * len(pairs)
    scores[4] = -2.5
    doc, translation = _pair_doc(pairs, scores=scores)
    flags = check_translation(doc, translation, glossary=GLOSSARY)
    assert {f.kind for f in flags} == set(KINDS)
    order = [int(f.sentence_id[1:].split("s")[0]) for f in flags]
    assert order == sorted(order)
    data = json.loads(json.dumps([dataclasses.asdict(f) for f in flags], ensure_ascii=False))
    assert [Flag.from_dict(d) for d in data] == flags
    assert all(f.reason.endswith(".") and f.reason[0].isupper() for f in flags)


def test_untranslated_sentences_are_skipped() -> None:
    doc, translation = _pair_doc(CLEAN)
    partial = DocumentTranslation(sentences=translation.sentences[:3])
    assert check_translation(doc, partial) == []


def test_metres_and_millions_both_read_from_m() -> None:
    assert compare_figures("бягане на 100 м", "the 100m race") == ([], [])
    assert compare_figures("5 млн. паунда", "£5m") == ([], [])
