"""Issue 16, articles: hostile input is refused before it costs memory, and crafted files keep their text.

The bomb and stream cases run on small synthetic inputs with the limits
lowered through the modules' own constants (the test hook), so they are
quick and still go through the real code path.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import DocumentTooLarge
from desktop.core.ingest import formats, reader
from desktop.core.ingest.reader import document_from_bytes, read_document


def _docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _rewrite_part(data: bytes, part: str, change: object) -> bytes:
    """A copy of a .docx with one part's XML text passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            raw = zin.read(info)
            if info.filename == part:
                raw = change(raw.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            zout.writestr(info, raw)
    return out.getvalue()


# --- 1. a .docx zip bomb -------------------------------------------------------------------


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 400 kB of repeated text compresses to a few kB: a small-scale bomb.
    bomb = _docx_bytes("Заглавие", "Това е изречение. " * 22_000)
    assert len(bomb) < 60_000
    monkeypatch.setattr(formats, "MAX_DOCX_EXPANDED_BYTES", 300_000)
    parsed: list[bytes] = []
    import docx

    real = docx.Document
    monkeypatch.setattr(docx, "Document", lambda *a, **k: parsed.append(b"") or real(*a, **k))
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)

    with pytest.raises(DocumentTooLarge) as info:
        read_document(path)
    assert "bomb.docx" in str(info.value) and "unpacks to" in str(info.value)
    assert parsed == []  # python-docx never saw it

    assert main(["segment", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unpacks to" in err[0]


def test_a_docx_with_too_much_markup_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _docx_bytes("Заглавие", "Това е изречение. " * 5_000)
    monkeypatch.setattr(formats, "MAX_DOCX_XML_BYTES", 50_000)
    with pytest.raises(DocumentTooLarge, match="text markup"):
        document_from_bytes(bomb, name="a.docx")


def test_a_huge_mimetype_member_is_never_read_to_sniff_the_format(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", b"a" * 5_000_000)  # compresses to a few kB
        zf.writestr("notes.txt", "x")
    reads: list[str] = []
    real_read = zipfile.ZipFile.read

    def spy(self: zipfile.ZipFile, name: object, pwd: bytes | None = None) -> bytes:
        reads.append(str(getattr(name, "filename", name)))
        return real_read(self, name, pwd)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "read", spy)
    assert formats.zip_kind(out.getvalue()) == "zip"
    assert "mimetype" not in reads


def test_an_ordinary_docx_still_opens() -> None:
    doc = document_from_bytes(_docx_bytes("Заглавие", "Първо изречение. Второ изречение."), name="a.docx")
    assert doc.title == "Заглавие" and doc.text == "Първо изречение. Второ изречение."


# --- 2. standard input is capped while it is read ---------------------------------------------


class _Endless(io.RawIOBase):
    """``yes 'Това е изречение.' | head -c 5000000``, counting what was taken from it."""

    def __init__(self, size: int = 5_000_000) -> None:
        self.taken = 0
        self.size = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        line = "Това е изречение.\n".encode()
        n = min(len(buffer), self.size - self.taken)
        chunk = (line * (n // len(line) + 1))[:n]
        buffer[:n] = chunk
        self.taken += n
        return n


def test_standard_input_is_read_only_up_to_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(reader, "MAX_DOCUMENT_BYTES", 100_000)
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless, buffer_size=8192)))
    assert main(["segment", "-"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "stdin" in err[0] and "more than" in err[0]
    # Limit + 1 byte, plus at most one read-ahead buffer: never the whole stream.
    assert endless.taken <= 100_001 + 8192


def test_standard_input_under_the_limit_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_DOCUMENT_BYTES", 1_000)
    data = "Заглавие\n\nТова е изречение. И още едно.\n".encode()
    assert reader.read_stream(io.BytesIO(data)) == data
    assert reader.read_stream(io.BytesIO(b"x" * 1_000)) == b"x" * 1_000
    with pytest.raises(DocumentTooLarge):
        reader.read_stream(io.BytesIO(b"x" * 1_001))


# --- 12. a .docx with an external entity ------------------------------------------------------


def test_a_docx_entity_reference_keeps_the_text_around_it_and_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ПАРОЛА-12345", encoding="utf-8")

    def inject(xml: str) -> str:
        head, sep, rest = xml.partition("?>")
        doctype = f'<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file://{secret}"><!ENTITY inner "ВЪТРЕШЕН">]>'
        return head + sep + doctype + rest.replace("МАРКЕР", "&ext;").replace("ЗНАК", "&inner;")

    data = _rewrite_part(
        _docx_bytes("Заглавие", "Преди МАРКЕР след препратката.", "Втори ЗНАК абзац."), "word/document.xml", inject
    )
    doc = document_from_bytes(data, name="entity.docx")
    assert "Преди" in doc.text and "след препратката." in doc.text
    assert "Втори" in doc.text and "абзац." in doc.text
    assert "ПАРОЛА" not in doc.text and "ВЪТРЕШЕН" not in doc.text
