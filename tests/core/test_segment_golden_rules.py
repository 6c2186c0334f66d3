"""Sentence splitting keeps e-mail addresses, URLs and file names whole, and splits numbered items.

Two cases from pySBD's own golden-rule suite that pySBD passes and Dragoman
failed (issue 13, case 17), in both languages' paths.
"""

from __future__ import annotations

import pytest

from desktop.core.ingest.segment import split_sentences


def sentences(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_an_email_address_is_never_split(lang: str) -> None:
    text = "Her email is Jane.Doe@example.com. I sent her an email."
    assert sentences(text, lang) == ["Her email is Jane.Doe@example.com.", "I sent her an email."]


def test_a_bulgarian_sentence_keeps_its_email_address() -> None:
    text = "Пишете на Ivan.Petrov@mail.bg. Отговорът идва бързо."
    assert sentences(text, "bg") == ["Пишете на Ivan.Petrov@mail.bg.", "Отговорът идва бързо."]


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize(
    "text, inside",
    [
        ("See https://www.Example.com/News.Today for more. Then read on.", "https://www.Example.com/News.Today"),
        ("The file is called Report.Final.docx and it is short. Read it.", "Report.Final.docx"),
        ("Go to www.Dnevnik.Bg/Politika today. It is there.", "www.Dnevnik.Bg/Politika"),
    ],
)
def test_urls_and_file_names_are_never_split(lang: str, text: str, inside: str) -> None:
    got = sentences(text, lang)
    assert any(inside in s for s in got), got
    assert len(got) == 2


@pytest.mark.parametrize("lang", ["en", "bg"])
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
        ("a) The first item b) The second item c) The third list item",
         ["a) The first item", "b) The second item", "c) The third list item"]),
    ],
)
def test_numbered_items_without_punctuation_are_split(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_bulgarian_numbered_items() -> None:
    text = "1) Първата точка 2) Втората точка 3) Третата точка"
    assert sentences(text, "bg") == ["1) Първата точка", "2) Втората точка", "3) Третата точка"]


@pytest.mark.parametrize(
    "text",
    [
        "Цената се вдигна с 2) процента според някои.",  # a stray bracket is not a list
        "Вижте т. 3) от закона и чл. 4) от наредбата.",  # references, not a list: no run from 1
        "He scored 3) goals in 2) games.",
    ],
)
def test_a_stray_number_and_bracket_is_not_a_list(text: str) -> None:
    lang = "en" if text.isascii() else "bg"
    assert sentences(text, lang) == [text]
