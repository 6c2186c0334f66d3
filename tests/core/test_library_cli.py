"""``dragoman library ...`` run in-process: tables, duplicates, exits and one-line errors."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop.cli import library_cmd
from desktop.core.errors import DragomanError
from desktop.core.library.store import Library
from tests.core.library_helpers import BG_TEXT, make_document, make_translation


def run_cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """What ``dragoman library ...`` prints and returns, as desktop.cli.main would run it."""
    parser = argparse.ArgumentParser(prog="dragoman")
    library_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["library", *argv])
    try:
        code = int(args.func(args) or 0)
    except DragomanError as exc:
        print(f"dragoman: {exc}", file=sys.stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    with Library(path) as lib:
        doc_id = lib.add_document(make_document(), BG_TEXT.encode())
        lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
        lib.save_edit(doc_id, "p1s2", "The summit may be this month.")
        lib.add_annotation(doc_id, "bg", 0, 10, "note", text="звънни на Сеул")
        lib.add_document(make_document("Кафе в центъра на София.", title="Градът", name="c.txt"))
    return path


def test_list(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--library", str(lib_path), "list"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "DATE", "UPDATED", "(UTC)", "TITLE"]
    assert lines[1].startswith("#2") and "new" in lines[1] and "Градът" in lines[1]
    assert lines[2].startswith("#1") and "edited" in lines[2] and "2026-11-24" in lines[2]


def test_list_uses_the_environment_and_says_when_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(tmp_path / "env.sqlite"))
    code, out, _ = run_cli(["list"], capsys)
    assert code == 0 and "empty" in out and "env.sqlite" in out


def test_search(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--library", str(lib_path), "search", "summit"], capsys)
    assert code == 0
    assert "#1" in out and "EN" in out and "p1s2" in out and "[summit]" in out
    code, out, _ = run_cli(["--library", str(lib_path), "search", "Сеул"], capsys)
    assert "note" in out and "[Сеул]" in out
    code, out, _ = run_cli(["--library", str(lib_path), "search", '"Кърби'], capsys)
    assert code == 0 and "[Кърби]" in out
    code, out, _ = run_cli(["--library", str(lib_path), "search", "Вашингтон"], capsys)
    assert code == 0 and "No matches" in out


def test_show(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--library", str(lib_path), "show", "1"], capsys)
    assert code == 0
    assert "Ким Чен-ун иска среща с Путин" in out
    assert "status: edited" in out and "edited: 1" in out and "notes: 1" in out
    assert "p2s1" in out and "Джон Кърби" in out and "John Kirby" in out
    assert "✎ The summit may be this month." in out
    assert "звънни на Сеул" in out


def test_missing_document_is_one_line_exit_2(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--library", str(lib_path), "show", "99"], capsys)
    assert code == 2 and out == ""
    assert err.strip() == "dragoman: The library holds no document #99"


def test_export_import_and_duplicate(lib_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "kim.dragoman"
    code, out, _ = run_cli(["--library", str(lib_path), "export", "1", "-o", str(out_file)], capsys)
    assert code == 0 and out_file.is_file() and "Exported #1" in out

    code, out, _ = run_cli(["--library", str(lib_path), "import", str(out_file)], capsys)
    assert code == 0
    assert out.strip() == "kim.dragoman is already in the library as #1."
    with Library(lib_path) as lib:
        assert len(lib.list_documents()) == 2

    other = tmp_path / "colleague.sqlite"
    code, out, _ = run_cli(["--library", str(other), "import", str(out_file)], capsys)
    assert code == 0 and "Imported kim.dragoman as #1" in out
    with Library(other) as lib:
        assert lib.load_translation(1).text_for("p1s2") == "The summit may be this month."

    code, out, err = run_cli(["--library", str(lib_path), "export", "1", "-o", str(out_file)], capsys)
    assert code == 2 and "already exists" in err


def test_export_default_name(
    lib_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = run_cli(["--library", str(lib_path), "export", "2"], capsys)
    assert code == 0
    assert (tmp_path / "2-градът.dragoman").is_file()


def test_import_of_garbage_is_one_line(lib_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.dragoman"
    bad.write_text("hello")
    code, _, err = run_cli(["--library", str(lib_path), "import", str(bad)], capsys)
    assert code == 2 and "not a ZIP archive" in err and err.count("\n") == 1


def test_delete(lib_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no prompt possible
    code, _, err = run_cli(["--library", str(lib_path), "delete", "2"], capsys)
    assert code == 2 and "--yes" in err
    code, out, _ = run_cli(["--library", str(lib_path), "delete", "2", "--yes"], capsys)
    assert code == 0 and "Deleted #2" in out
    with Library(lib_path) as lib:
        assert [d.id for d in lib.list_documents()] == [1]


def test_add_an_article_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("desktop.core.ingest.reader")
    article = tmp_path / "kim.txt"
    article.write_text("Ким иска среща с Путин\n\n" + BG_TEXT, encoding="utf-8")
    lib_path = tmp_path / "desk.sqlite"
    code, out, _ = run_cli(["--library", str(lib_path), "add", str(article)], capsys)
    assert code == 0 and out.startswith("Added kim.txt as #1")
    code, out, _ = run_cli(["--library", str(lib_path), "add", str(article)], capsys)
    assert code == 0 and out.strip() == "kim.txt is already in the library as #1."
    with Library(lib_path) as lib:
        assert len(lib.list_documents()) == 1
        assert lib.original(1) == article.read_bytes()
        assert lib.get_document(1).sentences
    code, _, err = run_cli(["--library", str(lib_path), "add", str(tmp_path / "missing.txt")], capsys)
    assert code == 2 and "missing.txt" in err


def test_a_damaged_library_is_reported_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "desk.sqlite"
    path.write_bytes(b"garbage" * 100)
    code, out, err = run_cli(["--library", str(path), "list"], capsys)
    assert code == 0 and "empty" in out
    assert "moved aside" in err and ".corrupt-" in err
