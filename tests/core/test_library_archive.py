"""``.dragoman`` files: exact round trip, duplicates, and refusing hostile or damaged archives."""

from __future__ import annotations

import dataclasses
import json
import os
import zipfile
from pathlib import Path

import pytest

from desktop.core.errors import (
    DocumentNotFound,
    DuplicateDocument,
    ExportFailed,
    UnreadableDocument,
    UnsafeArchive,
    UnsupportedFormat,
)
from desktop.core.library import archive as library_archive
from desktop.core.library.archive import export_document, import_document, read_archive, record_members
from desktop.core.library.store import Annotation, DocumentRecord, Library
from tests.core.library_helpers import BG_TEXT, FakeClaim, make_document, make_translation


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library(tmp_path / "desk.sqlite")
    yield library
    library.close()


def _worked_document(lib: Library) -> int:
    """A document with every kind of work on it."""
    doc_id = lib.add_document(make_document(), BG_TEXT.encode("cp1251"))
    lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
    lib.save_edit(doc_id, "p2s1", "\"As we have said, we will keep watching,\" John Kirby said.")
    lib.add_annotation(doc_id, "bg", 24, 34, "highlight", colour="#ffd54f")
    lib.add_annotation(doc_id, "en", 0, 19, "note", text="Проверка: кой е говорителят?")
    lib.save_claims(doc_id, [FakeClaim(id="c1", kind="quote", speaker="Джон Кърби", score=0.8, spans=((0, 5),))])
    lib.save_flags(doc_id, [{"kind": "number", "sentence_id": "p3s1", "message": "17 -> 17"}])
    lib.save_brief(doc_id, "# Old brief", {"n": 1})
    lib.save_brief(doc_id, "# Ким и Путин\n\n- Kim wants to meet Putin [p1s1]", {"lines": [{"sources": ["p1s1"]}]})
    return doc_id


def _without_ids(record: DocumentRecord) -> DocumentRecord:
    return dataclasses.replace(
        record,
        annotations=tuple(dataclasses.replace(a, id=0, doc_id=0) for a in record.annotations),
        briefs=tuple(dataclasses.replace(b, id=0, doc_id=0) for b in record.briefs),
    )


def test_export_then_import_round_trips_everything(lib: Library, tmp_path: Path) -> None:
    doc_id = _worked_document(lib)
    out = export_document(lib, doc_id, tmp_path / "kim.dragoman")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        assert zf.read("brief.md").decode().startswith("# Ким и Путин")
    assert {"manifest.json", "document.json", "original.bin", "translation.json", "annotations.json",
            "claims.json", "briefs.json"} <= names
    assert (manifest["format"], manifest["version"]) == ("dragoman-document", 1)
    assert manifest["app_version"]

    with Library(tmp_path / "colleague.sqlite") as other:
        new_id = import_document(other, out)
        assert _without_ids(other.export_record(new_id)) == _without_ids(lib.export_record(doc_id))
        assert other.list_documents()[0].status == "briefed"
        assert other.original(new_id) == BG_TEXT.encode("cp1251")
        assert [h.field for h in other.search("говорителят")] == ["note"]


def test_a_paste_without_original_round_trips(lib: Library, tmp_path: Path) -> None:
    doc_id = lib.add_document(make_document())
    out = export_document(lib, doc_id, tmp_path / "paste.dragoman")
    with zipfile.ZipFile(out) as zf:
        assert "original.bin" not in zf.namelist()
        assert "translation.json" not in zf.namelist()
    with Library(tmp_path / "other.sqlite") as other:
        new_id = import_document(other, out)
        assert other.export_record(new_id) == lib.export_record(doc_id)
        assert other.load_translation(new_id) is None


def test_importing_the_same_article_again_names_the_stored_copy(lib: Library, tmp_path: Path) -> None:
    doc_id = _worked_document(lib)
    out = export_document(lib, doc_id, tmp_path / "kim.dragoman")
    with pytest.raises(DuplicateDocument) as caught:
        import_document(lib, out)
    assert caught.value.existing_id == doc_id
    assert len(lib.list_documents()) == 1
    copy_id = import_document(lib, out, on_duplicate="new")
    assert copy_id != doc_id
    assert len(lib.list_documents()) == 2


def test_export_refuses_to_overwrite_and_writes_no_partial_file(lib: Library, tmp_path: Path) -> None:
    doc_id = _worked_document(lib)
    out = export_document(lib, doc_id, tmp_path / "kim.dragoman")
    with pytest.raises(ExportFailed, match="already exists"):
        export_document(lib, doc_id, out)
    export_document(lib, doc_id, out, overwrite=True)
    with pytest.raises(ExportFailed):
        export_document(lib, doc_id, tmp_path / "no-such-folder" / "x.dragoman")
    assert sorted(p.name for p in tmp_path.iterdir() if "dragoman" in p.name) == ["kim.dragoman"]


# --- hostile and damaged files ----------------------------------------------------------------


def _archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def good_members(lib: Library) -> dict[str, bytes]:
    return record_members(lib.export_record(_worked_document(lib)))


def _edit_json(members: dict[str, bytes], name: str, change: object) -> dict[str, bytes]:
    data = json.loads(members[name])
    change(data)  # type: ignore[operator]
    return {**members, name: json.dumps(data).encode()}


@pytest.mark.parametrize(
    "evil_name", ["../evil.txt", "/etc/evil", "a/../../evil", "C:/evil", "dir\\..\\evil", "ok/./../../x"]
)
def test_unsafe_member_names_are_refused(tmp_path: Path, good_members: dict[str, bytes], evil_name: str) -> None:
    path = _archive(tmp_path / "evil.dragoman", {**good_members, evil_name: b"x"})
    with Library(tmp_path / "fresh.sqlite") as fresh:
        with pytest.raises(UnsafeArchive, match="unsafe file name"):
            import_document(fresh, path)
        assert fresh.list_documents() == []


def test_a_zip_bomb_stops_at_the_size_cap(
    tmp_path: Path, good_members: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_archive, "MAX_MEMBER_BYTES", 100_000)
    path = _archive(tmp_path / "bomb.dragoman", {**good_members, "original.bin": b"\0" * 5_000_000})
    assert path.stat().st_size < 50_000  # tiny on disk, huge unpacked
    with pytest.raises(UnsafeArchive, match="limit"):
        read_archive(path)


def test_a_member_that_lies_about_its_size_is_still_capped(
    tmp_path: Path, good_members: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _archive(tmp_path / "liar.dragoman", {**good_members, "original.bin": b"\0" * 300_000})
    # Rewrite the declared uncompressed size (local header and central directory) to 10 bytes.
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo("original.bin").header_offset
    raw[local + 22 : local + 26] = (10).to_bytes(4, "little")
    central = raw.find(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len("original.bin")] != b"original.bin":
        central = raw.find(b"PK\x01\x02", central + 4)
        assert central > 0
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    monkeypatch.setattr(library_archive, "MAX_MEMBER_BYTES", 100_000)
    with pytest.raises(UnreadableDocument, match="damaged"):
        read_archive(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text, not an archive", "not a ZIP archive"),
        (os.urandom(4096), "not a ZIP archive"),
        (b"PK\x03\x04" + b"\0" * 40, "not a ZIP archive"),
        (b"", "not a ZIP archive"),
    ],
)
def test_garbage_is_not_a_dragoman_document(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "garbage.dragoman"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument, match=message):
        read_archive(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFound):
        read_archive(tmp_path / "nothing.dragoman")


def test_a_zip_that_is_not_ours(tmp_path: Path) -> None:
    path = _archive(tmp_path / "other.zip", {"readme.txt": b"hello"})
    with pytest.raises(UnreadableDocument, match="manifest.json is missing"):
        read_archive(path)
    path = _archive(tmp_path / "other2.zip", {"manifest.json": b'{"format": "epub"}'})
    with pytest.raises(UnreadableDocument, match="not a Dragoman document"):
        read_archive(path)


def test_a_newer_format_version_is_refused(tmp_path: Path, good_members: dict[str, bytes]) -> None:
    members = _edit_json(good_members, "manifest.json", lambda m: m.update(version=99))
    with pytest.raises(UnsupportedFormat, match="newer Dragoman"):
        read_archive(_archive(tmp_path / "new.dragoman", members))


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        ("document.json", None, "document.json is not valid JSON"),
        ("translation.json", None, "translation.json is not valid JSON"),
        ("document.json", lambda d: d.update(text=42), "'text' has the wrong type"),
        ("document.json", lambda d: d.pop("paragraphs"), "'paragraphs' is missing"),
        ("document.json", lambda d: d["paragraphs"][0]["sentences"][0].update(end=10**6), "outside the text"),
        ("document.json", lambda d: d["paragraphs"][0]["sentences"][0].update(start=True), "wrong type"),
        ("document.json", lambda d: d.update(sha256="0" * 64), "does not match"),
        ("translation.json", lambda d: d["sentences"][0].update(sentence_id="p99s1"), "unknown sentence"),
        ("annotations.json", lambda d: d[0].update(side="../../etc"), "unknown side"),
        ("annotations.json", lambda d: d.append("not an object"), "expected an object"),
        ("claims.json", lambda d: d.append(7), "list of objects"),
        ("briefs.json", lambda d: d[0].update(data=[1, 2]), "wrong type"),
    ],
)
def test_damaged_members_are_refused_with_one_sentence(
    lib: Library, tmp_path: Path, good_members: dict[str, bytes], member: str, change: object, message: str
) -> None:
    if change is None:
        members = {**good_members, member: b"\xff\xfe{not json"}
    else:
        members = _edit_json(good_members, member, change)
    path = _archive(tmp_path / "damaged.dragoman", members)
    with Library(tmp_path / "fresh.sqlite") as fresh:
        with pytest.raises(UnreadableDocument, match=message) as caught:
            import_document(fresh, path)
        assert "\n" not in str(caught.value)
        assert fresh.list_documents() == []


def test_a_record_that_fails_half_way_leaves_nothing_behind(lib: Library) -> None:
    record = lib.export_record(_worked_document(lib))
    bad = dataclasses.replace(
        record,
        annotations=(*record.annotations, Annotation(0, 0, "bg", 5, 1, "note", None, "", "", "")),
    )
    with pytest.raises(ValueError):
        lib.import_record(bad, allow_duplicate=True)
    assert len(lib.list_documents()) == 1
    assert lib.db.execute("SELECT count(*) FROM sentences").fetchone()[0] == len(record.document.sentences)
