"""Article import: encodings, formats, normalisation, titles and bad input.

Every test here is something a journalist would notice: an article in an old
Windows encoding shows as gibberish, a web page's menu ends up in the
translation, a PDF opened by mistake gives a traceback instead of a sentence.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.document import Document
from desktop.core.errors import (
    BinaryDocument,
    DocumentIsDirectory,
    DocumentNotFound,
    DocumentPermissionDenied,
    DocumentTooLarge,
    DragomanError,
    EmptyDocument,
    UndecodableDocument,
    UnreadableDocument,
    UnsupportedFormat,
)
from desktop.core.ingest.normalize import normalize_text, split_title
from desktop.core.ingest.reader import (
    MAX_DOCUMENT_BYTES,
    detect_language,
    document_from_bytes,
    document_from_text,
    read_document,
)

TITLE = "Общината одобри бюджета на Пловдив за 2024 г."
BODY = (
    "Общинският съвет в Пловдив прие бюджета на града за 2024 г. с 31 гласа „за“. "
    "Той е в размер на 612 млн. лв., с 9% повече от миналогодишния.\n\n"
    "„Това е бюджет на развитието. Най-много средства отиват за училищата“, "
    "каза кметът Костадин Димитров. Според опозицията приходите са надценени.\n\n"
    "Щастливи ли са жителите? Ще разберем през юли, каза зам.-кметът Ю. Жекова."
)
ARTICLE = f"{TITLE}\n\n{BODY}\n"

SHORT_TEXTS = [
    "Здравей, свят!",
    "Министърът подаде оставка.",
    "Кметът на Варна заяви днес, че няма да се кандидатира.",
    "Цената е 5 лв.",
    "Щастие и мир",
    "Тя каза „да“.",
    "Юли",
]


def _in_charset(text: str, codec: str) -> str:
    """KOI8-R has no „“ quotes: texts typed in it use straight ones."""
    if codec == "koi8_r":
        return text.replace("„", '"').replace("“", '"')
    return text


def _paragraphs(doc: Document) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.paragraphs]


def _assert_offsets(doc: Document) -> None:
    previous_end = 0
    for sentence in doc.sentences:
        assert 0 <= previous_end <= sentence.start < sentence.end <= len(doc.text)
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text != ""
        previous_end = sentence.end


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-16-be-bom", "utf-16-be"),
        ("utf-16-le", "utf-16-le"),  # no BOM: recognised from the zero/0x04 bytes
        ("cp1251", "cp1251"),
        ("koi8_r", "koi8_r"),
    ],
)
def test_each_encoding_gives_the_same_article(tmp_path: Path, codec: str, label: str) -> None:
    if codec == "utf-16-be-bom":
        data = b"\xfe\xff" + ARTICLE.encode("utf-16-be")
    else:
        data = _in_charset(ARTICLE, codec).encode(codec)
    path = tmp_path / "statia.txt"
    path.write_bytes(data)

    doc = read_document(path)

    assert doc.title == TITLE
    assert doc.text == _in_charset(BODY, codec)
    assert doc.language == "bg"
    assert doc.meta.encoding == label
    assert doc.meta.sha256 == hashlib.sha256(data).hexdigest()
    assert "\ufeff" not in doc.text and "\ufeff" not in doc.title
    assert doc.sentences[0].text.startswith("Общинският съвет")


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_short_texts_in_single_byte_encodings(codec: str, text: str) -> None:
    text = _in_charset(text, codec)
    doc = document_from_bytes(text.encode(codec), name="kratko.txt")
    assert doc.text == text
    assert doc.meta.encoding == codec


def test_koi8_and_cp1251_are_told_apart_on_the_same_letters() -> None:
    # The same bytes read as the other encoding give swapped-case gibberish; the
    # Bulgarian check must not be fooled by "it is Cyrillic either way".
    text = "Пристанище Бургас"
    assert document_from_bytes(text.encode("koi8_r"), name="a.txt").text == text
    assert document_from_bytes(text.encode("cp1251"), name="a.txt").text == text


def test_cp1251_text_named_html_or_md_is_still_decoded(tmp_path: Path) -> None:
    doc = document_from_bytes(ARTICLE.encode("cp1251"), name="statia.md")
    assert doc.title == TITLE
    assert doc.meta.format == "md"
    assert doc.meta.encoding == "cp1251"


def test_utf8_with_bom_keeps_the_first_letter_of_the_title() -> None:
    doc = document_from_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), name="bom.txt")
    assert doc.title == TITLE


def test_latin_text_in_windows_1252_is_not_read_as_cyrillic() -> None:
    text = "Grüße aus München: Bürgermeister Müller sagte, die Straße werde gesperrt."
    doc = document_from_bytes(text.encode("cp1252"), name="de.txt")
    assert doc.text == text
    assert doc.language == "en"  # not Bulgarian: only Bulgarian and English are told apart


def test_utf8_file_with_one_damaged_byte_is_still_read() -> None:
    data = ARTICLE.encode("utf-8")
    cut = data.index("Той".encode())
    damaged = data[:cut] + b"\xff" + data[cut:]
    doc = document_from_bytes(damaged, name="damaged.txt")
    assert doc.meta.encoding == "utf-8"
    assert "Той е в размер" in doc.text
    assert "\ufffd" in doc.text  # the damage is shown, not hidden


# --- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="bg"><head><meta charset="{charset}">
<title>Рибарите в Созопол протестират | Черноморски новини</title>
<meta name="author" content="Анелия Петкова">
<meta property="article:published_time" content="2024-05-21T10:15:00+03:00">
<link rel="canonical" href="https://example.bg/novini/sozopol-ribari">
</head><body>
<nav><ul><li><a href="/">Начало</a></li><li><a href="/sport">Спорт и развлечения</a></li>
<li><a href="/login">Вход за абонати</a></li></ul></nav>
<article>
<h1>Рибарите в Созопол протестират</h1>
<time datetime="2024-05-21">21 май 2024</time>
<p>Около 150 рибари от Созопол и Несебър блокираха днес пристанището в знак на протест срещу новите квоти за улов на калкан.</p>
<p>„Квотата е намалена с 30%. Така не можем да изхраним семействата си“, каза председателят на сдружението Димитър Стоянов.</p>
<p>Според Изпълнителната агенция по рибарство квотите се определят от Европейската комисия и не могат да бъдат променяни на национално ниво.</p>
</article>
<aside>Най-четени: Времето през уикенда ще бъде слънчево</aside>
<footer>© 2024 Черноморски новини. Всички права запазени. Политика за бисквитките.</footer>
</body></html>
"""


@pytest.fixture(scope="module")
def html_doc() -> Document:
    return document_from_bytes(PAGE.format(charset="utf-8").encode("utf-8"), name="page.html")


def test_html_keeps_the_article_and_drops_the_page_furniture(html_doc: Document) -> None:
    assert html_doc.meta.format == "html"
    assert html_doc.text.startswith("Около 150 рибари")
    assert "Квотата е намалена с 30%." in html_doc.text
    for furniture in ("Начало", "Спорт и развлечения", "Вход за абонати", "Всички права", "бисквитките"):
        assert furniture not in html_doc.text
    assert len(html_doc.paragraphs) == 3  # one paragraph per <p>


def test_html_metadata(html_doc: Document) -> None:
    assert html_doc.title == "Рибарите в Созопол протестират"
    assert html_doc.title not in html_doc.text  # the headline is not repeated as the first line
    assert html_doc.meta.author == "Анелия Петкова"
    assert html_doc.meta.date == "2024-05-21"
    assert html_doc.meta.url == "https://example.bg/novini/sozopol-ribari"
    assert html_doc.language == "bg"


def test_html_in_windows_1251_with_declared_charset() -> None:
    data = PAGE.format(charset="windows-1251").encode("cp1251")
    doc = document_from_bytes(data, name="page.htm")
    assert doc.title == "Рибарите в Созопол протестират"
    assert "председателят на сдружението Димитър Стоянов" in doc.text


def test_html_saved_as_utf8_with_an_old_charset_declaration() -> None:
    data = PAGE.format(charset="windows-1251").encode("utf-8")
    doc = document_from_bytes(data, name="resaved.html")
    assert doc.meta.encoding == "utf-8"
    assert doc.title == "Рибарите в Созопол протестират"


def test_html_is_recognised_by_content_whatever_the_name() -> None:
    doc = document_from_bytes(PAGE.format(charset="utf-8").encode("utf-8"), name="saved.txt")
    assert doc.meta.format == "html"
    assert "<p>" not in doc.text and "Начало" not in doc.text


def test_html_import_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("import tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    doc = document_from_bytes(PAGE.format(charset="utf-8").encode("utf-8"), name="page.html")
    assert doc.meta.url == "https://example.bg/novini/sozopol-ribari"


def test_tiny_html_page_still_gives_its_text() -> None:
    doc = document_from_bytes("<html><body><p>Кратка новина.</p></body></html>".encode(), name="m.html")
    assert doc.text == "Кратка новина."


def test_html_page_without_text_is_empty() -> None:
    with pytest.raises(EmptyDocument, match="page.html"):
        document_from_bytes(b"<html><head><title></title></head><body><script>x=1</script></body></html>",
                            name="page.html")  # fmt: skip


# --- DOCX --------------------------------------------------------------------------------


def _docx_bytes(*, title_property: str = "", heading: str | None = None, author: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title_property
    if author is not None:
        document.core_properties.author = author
    if heading is not None:
        document.add_heading(heading, level=1)
    document.add_paragraph("Министърът на земеделието Георги Тахов обяви мерки за 40 млн. лв.")
    document.add_paragraph("")  # empty paragraphs in Word do not make empty paragraphs here
    document.add_paragraph("„Помощта ще стигне до всички стопани“, каза той пред БНТ.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_heading_title() -> None:
    data = _docx_bytes(heading="Помощ за земеделците след градушките", author="Иван Колев")
    doc = document_from_bytes(data, name="helper.docx")
    assert doc.meta.format == "docx"
    assert doc.title == "Помощ за земеделците след градушките"
    assert _paragraphs(doc) == [
        "Министърът на земеделието Георги Тахов обяви мерки за 40 млн. лв.",
        "„Помощта ще стигне до всички стопани“, каза той пред БНТ.",
    ]
    assert doc.meta.author == "Иван Колев"
    assert doc.meta.sha256 == hashlib.sha256(data).hexdigest()


def test_docx_title_from_document_properties() -> None:
    doc = document_from_bytes(_docx_bytes(title_property="Мерки след градушките"), name="a.docx")
    assert doc.title == "Мерки след градушките"
    assert doc.text.startswith("Министърът на земеделието")
    assert doc.meta.author is None  # python-docx's placeholder author is not a byline


def test_docx_recognised_by_content_when_misnamed() -> None:
    doc = document_from_bytes(_docx_bytes(heading="Заглавие на статията"), name="statia.txt")
    assert doc.meta.format == "docx"
    assert doc.title == "Заглавие на статията"


def test_corrupt_docx_is_a_clear_error() -> None:
    data = _docx_bytes(heading="Заглавие")
    broken = data[: len(data) // 2]  # a download cut off half way
    with pytest.raises(UnreadableDocument, match=r"broken\.docx: the Word document is damaged"):
        document_from_bytes(broken, name="broken.docx")


def test_docx_name_on_a_text_file_is_refused_in_words() -> None:
    with pytest.raises(UnreadableDocument, match="not a Word document"):
        document_from_bytes("Просто текст.".encode(), name="fake.docx")


def test_other_office_files_are_unsupported_with_advice() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormat, match=r"sheet\.xlsx: this is an Excel workbook.*\.docx or \.txt"):
        document_from_bytes(buffer.getvalue(), name="sheet.xlsx")


# --- Markdown -----------------------------------------------------------------------------

MARKDOWN = """# Нов мост над Дунав

Строителството на **новия мост** при Русе започва през _2025 г._, съобщи
[Агенция „Пътна инфраструктура“](https://example.bg/api).

![снимка на моста](most.jpg)

> „Мостът ще бъде готов за 36 месеца“, каза министърът.

- Дължина: 2,2 км
- Цена: 450 млн. евро

## Какво следва

Обществената поръчка ще бъде обявена до `30 юни`.
"""


def test_markdown_markup_is_stripped_lightly() -> None:
    doc = document_from_bytes(MARKDOWN.encode(), name="most.md")
    assert doc.meta.format == "md"
    assert doc.title == "Нов мост над Дунав"
    assert "Строителството на новия мост при Русе започва през 2025 г., съобщи" in doc.text
    assert "Агенция „Пътна инфраструктура“." in doc.text
    assert "„Мостът ще бъде готов за 36 месеца“, каза министърът." in doc.text
    assert "Дължина: 2,2 км" in doc.text
    assert "Какво следва" in doc.text
    assert "до 30 юни." in doc.text
    for markup in ("#", "**", "_2025", "](", "![", "> ", "`", "most.jpg", "- Дължина"):
        assert markup not in doc.text


def test_markdown_front_matter_gives_source_details() -> None:
    text = "---\ntitle: Нов мост над Дунав\ndate: 2024-06-01\nauthor: Елена Маринова\n---\n\nТекстът на статията.\n"
    doc = document_from_bytes(text.encode(), name="most.md")
    assert doc.title == "Нов мост над Дунав"
    assert (doc.meta.date, doc.meta.author) == ("2024-06-01", "Елена Маринова")
    assert doc.text == "Текстът на статията."


# --- pasted text ----------------------------------------------------------------------------


def test_pasted_text() -> None:
    pasted = ARTICLE.replace("\n", "\r\n")
    doc = document_from_text(pasted)
    assert doc.meta.format == "paste"
    assert doc.meta.name == "clipboard"
    assert doc.meta.path is None
    assert doc.meta.sha256 == hashlib.sha256(pasted.encode("utf-8")).hexdigest()
    assert doc.title == TITLE
    assert doc.text == BODY
    _assert_offsets(doc)


def test_pasted_english_text_is_english_and_language_can_be_forced() -> None:
    text = "The mayor of Varna said on Monday that the port will grow. He gave no figures."
    assert document_from_text(text).language == "en"
    assert document_from_text(text, language="bg").language == "bg"


@pytest.mark.parametrize("blank", ["", "   ", "\n\n\t \n", "\u200b\u00a0\ufeff"])
def test_pasting_nothing_is_a_clear_error(blank: str) -> None:
    with pytest.raises(EmptyDocument, match="clipboard"):
        document_from_text(blank)


# --- normalisation --------------------------------------------------------------------------


def test_normalisation_of_spaces_and_invisible_characters() -> None:
    raw = (
        "Цената е 5\u00a0лв. и 3\u202f%, телефон 0888\u2007123.\r\n"
        "Ху\u00adдо\u00adжест\u00adве\u00adна гале\u200bрия, ZWJ\u200dтук, BOM\ufeffвътре.\r"
        "Колона\tс\tтабулации.   \n"
    )
    assert normalize_text(raw) == (
        "Цената е 5 лв. и 3 %, телефон 0888 123.\n"
        "Художествена галерия, ZWJтук, BOMвътре.\n"
        "Колона с табулации."
    )


def test_normalisation_keeps_typographic_quotes_and_dashes() -> None:
    text = "„Така“ – каза той. «Да» — ‘не’ и “може би”."
    assert normalize_text(text) == text


def test_normalisation_composes_letters_nfc() -> None:
    # "й" typed as и + combining breve, "ѝ" as и + combining grave.
    assert normalize_text("Кра\u0438\u0306 на н\u0438\u0300 думата") == "Край на нѝ думата"


def test_normalisation_collapses_blank_lines_and_trailing_spaces() -> None:
    assert normalize_text("\n\nПърви.  \n \n\n\n\nВтори.\t\n\n\n") == "Първи.\n\nВтори."


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


# --- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first_line",
    [
        "Кметът на Варна подаде оставка",
        "Ще има ли нов бюджет?",
        "Бюджетът на София ще бъде 2,1 млрд. лв.",
        "Трюдо: Канада преговаря с Пакистан",
    ],
)
def test_first_line_that_reads_as_a_headline_becomes_the_title(first_line: str) -> None:
    doc = document_from_text(f"{first_line}\n\nТекстът започва тук. Продължава тук.")
    assert doc.title == first_line
    assert doc.text == "Текстът започва тук. Продължава тук."


@pytest.mark.parametrize(
    "text",
    [
        # A whole first sentence, with its full stop.
        "Кметът на Варна подаде оставка днес.\n\nТой не обясни защо.",
        # A long first paragraph without a full stop is not a headline either.
        " ".join(["дума"] * 30) + "\n\nВтори абзац.",
        # A hard-wrapped paragraph: the second line continues in lower case.
        "Кметът на Варна подаде оставка днес\nсутринта, съобщиха от общината.",
        # One line only.
        "Само един ред без точка",
    ],
)
def test_first_line_that_is_not_a_headline_stays_in_the_body(text: str) -> None:
    doc = document_from_text(text)
    assert doc.text == normalize_text(text)
    assert doc.title  # a stand-in title from the first words, for the library list
    assert len(doc.title.split()) <= 11


def test_split_title_directly() -> None:
    assert split_title("Заглавие\n\nТекст.") == ("Заглавие", "Текст.")
    assert split_title("Изречение.\n\nТекст.") == (None, "Изречение.\n\nТекст.")


def test_headline_repeated_as_first_body_line_is_not_kept_twice() -> None:
    doc = document_from_text("Пожар в Пирин\n\nПожар в Пирин\n\nГорят 200 декара гора.")
    assert doc.title == "Пожар в Пирин"
    assert doc.text == "Горят 200 декара гора."


def test_wire_service_header_fills_date_and_url() -> None:
    text = (
        "bg-42\nbg\n2019-03-08\nhttps://example.bg/novini/42\n"
        "Стачка в градския транспорт на София\n\n"
        "Шофьорите на автобуси в София стачкуват от 6 ч. сутринта. Искат 15% увеличение.\n"
    )
    doc = document_from_bytes(text.encode("cp1251"), name="bg-42.txt")
    assert doc.title == "Стачка в градския транспорт на София"
    assert doc.meta.date == "2019-03-08"
    assert doc.meta.url == "https://example.bg/novini/42"
    assert doc.text.startswith("Шофьорите на автобуси")
    assert "bg-42" not in doc.text


def test_detect_language() -> None:
    assert detect_language("Министърът каза, че NATO и ЕС ще помогнат.") == "bg"
    assert detect_language("The minister said NATO will help, цитиран от БТА.") == "en"
    assert detect_language("2024 — 15%") == "bg"  # no letters: the app's source language


# --- the project's sample and the shared corpus ------------------------------------------------


def test_sample_article_opens_as_a_bulgarian_news_story(sample_path: Path) -> None:
    doc = read_document(sample_path)
    assert doc.language == "bg"
    assert doc.meta.encoding == "utf-8"
    assert doc.title.startswith("Пристанище Варна")
    assert 6 <= len(doc.paragraphs) <= 10
    assert 450 <= len((doc.title + " " + doc.text).split()) <= 600
    for needle in (
        "цитиран от БТА",
        "По думите му",
        "Според",
        "млн. лв.",
        "евро",
        "%",
        "2024 г.",
        "проф.",
        "д-р",
    ):
        assert needle in doc.text
    _assert_offsets(doc)


@pytest.mark.shared
def test_shared_news_exports_read_with_header(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus" / "bg_news").glob("*.txt"))
    assert files
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        doc = read_document(path)
        assert doc.meta.date == lines[2].strip(), path.name
        assert doc.meta.url == lines[3].strip(), path.name  # one has a space inside: kept
        assert doc.title == " ".join(lines[4].split()), path.name
        assert doc.language == "bg"
        assert doc.sentences, path.name
        assert not doc.text.startswith(lines[0])
        _assert_offsets(doc)


@pytest.mark.shared
def test_seed_article_has_no_headline_line(shared_dir: Path) -> None:
    doc = read_document(shared_dir / "corpus" / "seed_kim_putin_bg.txt")
    assert doc.text.startswith("Севернокорейският държавен ръководител Ким Чен-ун")
    assert doc.title.endswith("…")


# --- bad input -----------------------------------------------------------------------------------

BINARY_SAMPLES = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", "JPEG image"),
    "gif": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff", "GIF image"),
    "elf": (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, "program"),
    "exe": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48, "program"),
    "nul": ("Текст с нулеви байтове".encode() + b"\x00\x00\x01\x02\x00" * 20, "binary data"),
}


@pytest.mark.parametrize("kind", sorted(BINARY_SAMPLES))
def test_binary_bytes_with_a_text_name_are_refused(kind: str) -> None:
    data, what = BINARY_SAMPLES[kind]
    with pytest.raises(BinaryDocument, match=rf"^article\.txt: .*{what}") as info:
        document_from_bytes(data, name="article.txt")
    assert "\n" not in str(info.value)


def test_plain_zip_is_refused_as_an_archive() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "бележки")
    with pytest.raises(BinaryDocument, match=r"^article\.txt: this is a ZIP archive"):
        document_from_bytes(buffer.getvalue(), name="article.txt")


def test_old_word_file_is_unsupported_with_advice() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(UnsupportedFormat, match=r"old\.doc: .*old Microsoft Office file.*\.docx"):
        document_from_bytes(data, name="old.doc")


def test_undecodable_bytes_are_refused() -> None:
    data = bytes(range(0x80, 0xC0)) * 8
    with pytest.raises(UndecodableDocument, match=r"^weird\.txt: .*not text in any encoding"):
        document_from_bytes(data, name="weird.txt")


@pytest.mark.parametrize(("content", "reason"), [(b"", "is empty"), (b" \n\t\r\n  \n", "only blank space")])
def test_empty_and_blank_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "prazno.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyDocument, match=reason) as info:
        read_document(path)
    assert str(info.value).startswith(str(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFound, match="no such file"):
        read_document(tmp_path / "nyama.txt")
    with pytest.raises(DocumentNotFound):
        read_document(tmp_path / "nyama" / "statia.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentIsDirectory, match="folder, not a file"):
        read_document(tmp_path)


def test_file_over_the_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ogromen.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no 20 MB written to disk

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened although it is too large")

    monkeypatch.setattr("builtins.open", no_reading)
    with pytest.raises(DocumentTooLarge, match=r"ogromen\.txt: the file is 20\.0 MB, more than the 20 MB"):
        read_document(path)


def test_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(DocumentTooLarge):
        document_from_bytes(b"a" * (MAX_DOCUMENT_BYTES + 1), name="big.txt")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "zaklyuchen.txt"
    path.write_text("Текст.", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    # Tests may run as root, where chmod 000 does not stop reading: simulate it.
    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(DocumentPermissionDenied, match=r"zaklyuchen\.txt: you do not have permission"):
        read_document(path)


def test_unsupported_format_name_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="'pdfx' is not a format"):
        document_from_bytes(b"text", name="x", fmt="pdfx")


# --- properties ------------------------------------------------------------------------------------


# Random bytes are mostly control characters (refused as binary at once); bytes
# from the printable and high range reach the encoding detection instead.
_TEXTLIKE_BYTES = st.lists(st.integers(0x20, 0xFF) | st.sampled_from([0x0A, 0x0D, 0x09]), max_size=2048).map(
    bytes
)


@given(
    data=st.binary(max_size=2048) | _TEXTLIKE_BYTES,
    suffix=st.sampled_from([".txt", ".md", "", ".csv", ".docx"]),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_bytes_give_a_document_or_a_named_error(data: bytes, suffix: str) -> None:
    try:
        doc = document_from_bytes(data, name=f"x{suffix}")
    except DragomanError as exc:
        assert str(exc).startswith(f"x{suffix}: ")
        assert "\n" not in str(exc)
    else:
        _assert_offsets(doc)


@given(data=st.binary(max_size=1024))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_bytes_as_html_give_a_document_or_a_named_error(data: bytes) -> None:
    try:
        doc = document_from_bytes(b"<html><body><p>" + data, name="x.html")
    except DragomanError:
        pass
    else:
        _assert_offsets(doc)


@given(st.text(max_size=1500))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_gives_sentences_that_slice_back(text: str) -> None:
    try:
        doc = document_from_text(text)
    except EmptyDocument:
        assert normalize_text(text) == ""
        return
    assert doc.text == doc.text.strip() != ""
    _assert_offsets(doc)
    # No visible character is lost between the text and its sentences.
    assert "".join(s.text for s in doc.sentences).split() == [] or "".join(
        "".join(s.text for s in doc.sentences).split()
    ) == "".join(doc.text.split())
