"""Issue 16 at the command line: one line and exit 2 where a user erred, plain words where the library cannot be written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.core.library.store import Library
from tests.core.library_helpers import BG_TEXT, make_document
from tests.core.test_hostile_library import _build, _count, _damage

ENGLISH = (
    "Port of Varna to get a new container terminal\n\n"
    "The port of Varna will get a new container terminal worth 310 million leva, the transport minister said. "
    "Construction is expected to start next spring and last two years.\n"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err.strip().splitlines()


# --- 10. ids beyond 64 bits -----------------------------------------------------------------


@pytest.mark.parametrize("action", [["show"], ["export"], ["delete", "--yes"]])
def test_an_id_beyond_64_bits_is_one_line_and_exit_2(
    action: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.sqlite"
    with Library(path) as lib:
        lib.add_document(make_document())
    huge = str(2**64 + 5)
    code, _, err = _run(["library", "--library", str(path), action[0], huge, *action[1:]], capsys)
    assert code == 2 and len(err) == 1 and "id that large" in err[0]
    assert _count(path) == 1


# --- 11. briefs of English articles, unknown model names -----------------------------------------


@pytest.fixture()
def installed_tiny(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core.models import ModelStore

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "store"))
    ModelStore().import_path(tiny_model_dir, name="opus-mt-bg-en", convert=False)


def test_a_brief_of_an_english_article_says_it_is_already_english(
    installed_tiny: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "english.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    out_md = tmp_path / "brief.md"
    code, _, err = _run(["brief", str(article), "-o", str(out_md)], capsys)
    assert code == 0
    assert err == ["dragoman: the article is already in English; it was not translated"]
    text = out_md.read_text(encoding="utf-8")
    assert "already in English" in text and "No translation model is installed" not in text


def test_brief_with_an_unknown_model_name_is_an_error_listing_the_installed_models(
    installed_tiny: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(f"Заглавие\n\n{BG_TEXT}\n", encoding="utf-8")
    out_md = tmp_path / "brief.md"
    code, _, err = _run(["brief", str(article), "-o", str(out_md), "--model", "nosuchname"], capsys)
    assert code == 2 and len(err) == 1
    assert "nosuchname is not installed" in err[0] and "installed: opus-mt-bg-en" in err[0]
    assert not out_md.exists()


# --- 5 and 7 at the command line ------------------------------------------------------------


def test_library_commands_on_a_damaged_library_move_it_aside_and_recover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.sqlite"
    _build(path)
    _damage(path, "annotations")
    code, _, err = _run(["library", "--library", str(path), "show", "1"], capsys)
    assert code == 2 and len(err) == 1 and "stopped writing to it" in err[0]

    article = tmp_path / "new.txt"
    article.write_text(f"Заглавие\n\n{BG_TEXT}\n", encoding="utf-8")
    code, out, err = _run(["library", "--library", str(path), "add", str(article)], capsys)
    assert code == 0 and "moved aside" in err[0] and "dragoman library recover" in err[0]
    assert "Added new.txt as #1" in out  # into the new library, not the damaged one

    code, out, err = _run(["library", "--library", str(path), "recover", "--row-by-row"], capsys)
    assert code == 0 and out.startswith("Recovered 3 of 3 articles")
    code, out, _ = _run(["library", "--library", str(path), "list"], capsys)
    assert out.count("\n") == 1 + 4


def test_library_list_in_a_read_only_folder_lists_and_add_says_why_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "desk.sqlite"
    _build(path, n=2)
    real = os.access

    def access(p: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(p).resolve().is_relative_to(folder.resolve()):
            return False
        return real(p, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    code, out, err = _run(["library", "--library", str(path), "list"], capsys)
    assert code == 0 and "Статия 1" in out and "Статия 2" in out
    assert len(err) == 1 and "read-only" in err[0] and "changes cannot be saved there" in err[0]
    article = tmp_path / "new.txt"
    article.write_text(f"Заглавие\n\n{BG_TEXT}\n", encoding="utf-8")
    code, _, err = _run(["library", "--library", str(path), "add", str(article)], capsys)
    assert code == 2 and err[-1].startswith("dragoman: Could not save the document") and "read-only" in err[-1]
