"""The translation memory never writes into a library file the library itself would refuse.

The memory keeps two tables in the library file and used to open it with a
plain ``sqlite3.connect`` and ``CREATE TABLE IF NOT EXISTS``: pointed at
another program's database or a library from a newer Dragoman, ``dragoman
translate`` added its tables to a file ``dragoman library list`` had just
refused and left untouched.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _translate(sample: Path, model: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["translate", str(sample), "--model", str(model), "--profile", "fast"]) == 0
    return capsys.readouterr().out


def test_another_programs_database_is_left_byte_for_byte(
    tmp_path: Path, sample_path: Path, tiny_model_with_ct2: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "notes.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    before = _digest(foreign)
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(foreign))

    out = _translate(sample_path, tiny_model_with_ct2, capsys)

    assert out.strip(), "the article is still translated, only without the memory"
    assert _digest(foreign) == before
    with sqlite3.connect(foreign) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"notes"}


def test_a_library_from_a_newer_dragoman_gets_no_memory_tables(
    tmp_path: Path, sample_path: Path, tiny_model_with_ct2: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.core.library.schema import SCHEMA_VERSION

    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        for table in ("documents", "bodies", "sentences"):
            conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = _digest(newer)
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(newer))

    _translate(sample_path, tiny_model_with_ct2, capsys)

    assert _digest(newer) == before


def test_the_desks_own_library_still_remembers(
    sample_path: Path, tiny_model_with_ct2: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.core.paths import library_path

    _translate(sample_path, tiny_model_with_ct2, capsys)
    with sqlite3.connect(library_path()) as conn:
        remembered = conn.execute("SELECT COUNT(*) FROM translation_memory").fetchone()[0]
    assert remembered > 0
