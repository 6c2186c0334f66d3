"""The file name an export suggests is a readable Latin form of the headline (issue 13, case 7)."""

from __future__ import annotations

import pytest

from desktop.core.brief.naming import MAX_STEM, suggested_file_name


@pytest.mark.parametrize(
    ("title", "ext", "expected"),
    [
        ("Премиерът каза: „бюджетът ще бъде приет“", "md", "Premierat-kaza-byudzhetat-shte-bade-priet.md"),
        ("Джон Кърби в София", "pdf", "John-Karbi-v-Sofiya.pdf"),
        ("", "dragoman", "brief.dragoman"),
        ("„…“ — !!!", "docx", "brief.docx"),
    ],
)
def test_a_headline_becomes_a_latin_file_name(title: str, ext: str, expected: str) -> None:
    assert suggested_file_name(title, ext) == expected


def test_a_long_headline_is_cut_at_a_word() -> None:
    name = suggested_file_name("Правителството " * 40, "html")
    stem = name.removesuffix(".html")
    assert stem.isascii() and 0 < len(stem) <= MAX_STEM and not stem.endswith("-")
    assert stem.split("-")[-1] == "Pravitelstvoto"
