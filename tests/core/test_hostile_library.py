"""Issue 16, libraries: a damaged, newer, foreign or read-only library is left as found, and said so.

Damage is made the way a bad sector makes it: one page of the file
overwritten with garbage, the 100-byte header left intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import (
    LibraryDamaged,
    LibraryReadOnly,
    LibraryTooNew,
    NotALibrary,
    UnreadableDocument,
)
from desktop.core.library import opening
from desktop.core.library.archive import export_document, import_document
from desktop.core.library.schema import SCHEMA_VERSION
from desktop.core.library.store import Library
from tests.core.library_helpers import BG_TEXT, make_document, make_translation


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name))


def _build(path: Path, n: int = 3) -> None:
    with Library(path) as lib:
        for i in range(n):
            doc_id = lib.add_document(
                make_document(f"{BG_TEXT}\n\nБрой {i + 1}.", title=f"Статия {i + 1}", name=f"a{i}.txt"),
                f"{BG_TEXT}{i}".encode(),
            )
            lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
            lib.save_edit(doc_id, "p1s2", f"The meeting may be this month ({i + 1}).")
            lib.add_annotation(doc_id, "bg", 0, 10, "note", text=f"бележка {i + 1}")
        lib.glossary_set("Кърби", "Kirby")


def _damage(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` with garbage (the file header stays intact)."""
    conn = sqlite3.connect(path)
    root, size = (
        conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0],
        conn.execute("PRAGMA page_size").fetchone()[0],
    )
    conn.close()
    assert root > 1
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * size)


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()


# --- 5. a library damaged in the middle -------------------------------------------------------


def test_a_damaged_library_stops_taking_writes_and_is_moved_aside_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path)
    _damage(path, "annotations")

    lib = Library(path)  # checked a moment ago: opens without a check
    assert len(lib.list_documents()) == 3  # what is readable still reads
    with pytest.raises(LibraryDamaged, match="damaged, so Dragoman stopped writing to it"):
        lib.annotations(1)
    with pytest.raises(LibraryDamaged):
        lib.add_document(make_document("Нов текст за проба.", title="Нова", name="new.txt"))
    lib.close()
    assert _count(path) == 3  # nothing more was written into the damaged file

    again = Library(path)  # the next open checks, and keeps the promise: moved aside
    aside = again.recovered_from
    assert aside is not None and aside.exists() and aside.name.startswith("library.sqlite.corrupt-")
    assert again.message is not None and "\n" not in again.message
    assert f"dragoman library recover {aside}" in again.message
    assert again.list_documents() == []
    again.add_document(make_document())  # the new library takes writes
    again.close()


def test_readable_rows_are_recovered_into_the_new_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path)
    _damage(path, "annotations")
    opening.mark_damaged(path)  # as the first error in the test above left it
    with Library(path) as lib:
        assert lib.recovered_from is not None
        before = _digest(lib.recovered_from)
        report = lib.recover(lib.recovered_from, use_cli=False)
        assert (report.recovered, report.lost, report.method) == (3, 0, "row by row")
        assert report.glossary == 1 and "\n" not in report.summary()
        assert all("notes and highlights could not be read" in line for line in report.partial)
        titles = sorted(d.title for d in lib.list_documents())
        assert titles == ["Статия 1", "Статия 2", "Статия 3"]
        doc_id = lib.list_documents()[0].id
        translation = lib.load_translation(doc_id)
        assert translation is not None and translation.get("p1s2").edited  # the journalist's edit came back
        assert lib.glossary_map() == {"Кърби": "Kirby"}
        assert lib.recover(lib.recovered_from, use_cli=False).already_there == 3  # never twice
        assert _digest(lib.recovered_from) == before  # the damaged file was only read


def test_lost_sentences_are_split_again_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path, n=2)
    _damage(path, "sentences")
    opening.mark_damaged(path)
    with Library(path) as lib:
        report = lib.recover(lib.recovered_from or Path(), use_cli=False)
        assert report.recovered == 2 and report.lost == 0
        assert all("split again" in line for line in report.partial)
        doc = lib.get_document(lib.list_documents()[0].id)
        assert doc.text.startswith(BG_TEXT) and len(doc.sentences) >= 5


def test_the_check_runs_on_open_when_the_last_one_is_old(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path)
    conn = sqlite3.connect(path)
    conn.execute(f"UPDATE {opening.HEALTH_TABLE} SET checked_at = '2020-01-01T00:00:00+00:00'")
    conn.commit()
    conn.close()
    _damage(path, "annotations")
    with Library(path) as lib:
        assert lib.recovered_from is not None and "integrity check" in (lib.message or "")


def test_a_healthy_library_records_its_check_and_is_not_checked_again_at_once(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path)
    with Library(path) as lib:
        assert not opening.check_due(lib.db.conn, path)
        assert lib.recovered_from is None and lib.message is None


def _recover_works(tool: str | None) -> bool:
    if tool is None:
        return False
    done = subprocess.run([tool, ":memory:", ".recover"], capture_output=True, check=False)
    return done.returncode == 0


def test_recovery_uses_the_sqlite3_tool_when_its_recover_works_and_reads_row_by_row_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _build(path, n=2)
    _damage(path, "annotations")
    opening.mark_damaged(path)
    with Library(path) as lib:
        report = lib.recover(lib.recovered_from or Path())
    tool = shutil.which("sqlite3")
    expected = "sqlite3 .recover" if _recover_works(tool) else "row by row"
    assert report.method == expected and report.recovered == 2


# --- 6. newer and foreign files are refused before anything changes ------------------------------


def _plain_db(path: Path, statements: list[str]) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_library_from_a_newer_dragoman_in_rollback_mode_is_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    _plain_db(
        path,
        [
            "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT)",
            "CREATE TABLE bodies (doc_id INTEGER PRIMARY KEY, text TEXT)",
            "CREATE TABLE sentences (id INTEGER PRIMARY KEY, text TEXT)",
            "INSERT INTO documents (title) VALUES ('from the future')",
            f"PRAGMA user_version = {SCHEMA_VERSION + 1}",
        ],
    )
    before = _digest(path)
    with pytest.raises(LibraryTooNew, match="left as it was"):
        Library(path)
    assert _digest(path) == before
    assert _side_files(path) == []  # no -wal, -shm or -journal either


def test_another_programs_sqlite_file_is_refused_in_one_line_and_never_adopted(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    _plain_db(
        path,
        ["CREATE TABLE contacts (name TEXT, phone TEXT)", "INSERT INTO contacts VALUES ('Ivan', '+359 2 000')"],
    )
    before = _digest(path)
    with pytest.raises(NotALibrary) as info:
        Library(path)
    assert "\n" not in str(info.value) and "another program" in str(info.value)
    assert _digest(path) == before and _side_files(path) == []


def test_an_empty_sqlite_file_or_one_holding_only_the_translation_memory_is_adopted(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    _plain_db(empty, ["PRAGMA user_version = 0"])
    with Library(empty) as lib:
        assert lib.list_documents() == []
    memory_only = tmp_path / "memory.sqlite"
    _plain_db(memory_only, ["CREATE TABLE translation_memory (key TEXT PRIMARY KEY, text TEXT)"])
    with Library(memory_only) as lib:
        lib.add_document(make_document())


# --- 7. a library in a read-only folder --------------------------------------------------------


@pytest.fixture()
def read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding a library that this process may not write to.

    Root writes anywhere, so under root the folder's permissions are
    simulated through ``os.access`` (what Dragoman asks); otherwise they are real.
    """
    folder = tmp_path / "shared-drive"
    folder.mkdir()
    _build(folder / "library.sqlite", n=2)
    if getattr(os, "geteuid", lambda: -1)() == 0:
        real = os.access

        def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
            if mode & os.W_OK and Path(path).resolve().is_relative_to(folder.resolve()):
                return False
            return real(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    else:
        (folder / "library.sqlite").chmod(0o444)
        folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_a_library_in_a_read_only_folder_opens_read_only_for_reading_and_export(
    read_only_folder: Path, tmp_path: Path
) -> None:
    path = read_only_folder / "library.sqlite"
    before = _digest(path)
    with Library(path) as lib:
        assert lib.read_only
        assert lib.message is not None and "changes cannot be saved there" in lib.message
        docs = lib.list_documents()
        assert len(docs) == 2
        assert lib.get_document(docs[0].id).text.startswith(BG_TEXT)
        assert lib.search("Кърби")
        out = export_document(lib, docs[0].id, tmp_path / "out.dragoman")
        assert out.exists()
        with pytest.raises(LibraryReadOnly, match="open read-only") as info:
            lib.add_annotation(docs[0].id, "bg", 0, 3, "note", text="x")
        assert "\n" not in str(info.value)
    assert _digest(path) == before


def test_a_missing_library_in_a_read_only_folder_is_one_sentence(read_only_folder: Path) -> None:
    with pytest.raises(LibraryReadOnly, match="folder cannot be written"):
        Library(read_only_folder / "other.sqlite")


# --- 8. crafted .dragoman files ---------------------------------------------------------------


@pytest.fixture()
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "source.sqlite"
    _build(path, n=1)
    with Library(path) as lib:
        return export_document(lib, 1, tmp_path / "article.dragoman")


def _craft(src: Path, dest: Path, member: str, change: Any) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dest


def _json_change(edit: Any) -> Any:
    def change(text: str) -> str:
        value = json.loads(text)
        edit(value)
        return json.dumps(value, ensure_ascii=False)

    return change


@pytest.mark.parametrize(
    ("member", "change", "why"),
    [
        ("translation.json", _json_change(lambda t: t["sentences"][0].update(score=float("nan"))), "NaN"),
        ("claims.json", lambda t: '[{"id": "c1", "kind": "quote", "score": 1e999}]', "finite"),
        (
            "annotations.json",
            _json_change(lambda a: a.append({**a[0], "side": "en", "start": 0, "end": 10**15})),
            "out of range",
        ),
        ("document.json", _json_change(lambda d: d["paragraphs"][0].update(start=10**9, end=-7)), "outside the text"),
        (
            "document.json",
            _json_change(lambda d: d["paragraphs"][0]["sentences"][0].update(text="Нещо друго.")),
            "does not match the text",
        ),
        (
            "annotations.json",
            _json_change(lambda a: a.append({**a[0], "side": "en", "start": 0, "end": 50_000})),
            "English note points past the end",
        ),
    ],
    ids=["nan-score", "infinite-score", "note-at-10^15", "paragraph-10^9..-7", "sentence-text", "english-note"],
)
def test_a_crafted_document_file_is_refused_naming_that_file_and_the_library_stays_healthy(
    exported: Path, tmp_path: Path, member: str, change: Any, why: str
) -> None:
    crafted = _craft(exported, tmp_path / "crafted.dragoman", member, change)
    with Library(tmp_path / "desk.sqlite") as lib:
        with pytest.raises(UnreadableDocument) as info:
            import_document(lib, crafted)
        message = str(info.value)
        assert "crafted.dragoman" in message and why in message and "library file" not in message
        assert lib.list_documents() == [] and not lib.damaged
        assert import_document(lib, exported) == 1  # the library itself is fine


def test_non_finite_scores_never_reach_the_library_as_json(tmp_path: Path) -> None:
    from dataclasses import replace

    with Library(tmp_path / "desk.sqlite") as lib:
        doc_id = lib.add_document(make_document())
        translation = make_translation(lib.get_document(doc_id))
        nan = replace(translation, sentences=tuple(replace(t, score=float("nan")) for t in translation.sentences))
        lib.save_translation(doc_id, nan)
        stored = lib.load_translation(doc_id)
        assert stored is not None and all(t.score is None for t in stored.sentences)
        lib.save_claims(doc_id, [{"id": "c1", "kind": "quote", "score": float("inf")}])
        assert lib.db.conn.execute("SELECT score FROM claims").fetchone()[0] is None
