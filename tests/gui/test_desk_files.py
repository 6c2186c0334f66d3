"""Save dialogs of a desk: the last folder used, a Latin file name (issue 13, case 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import make_window, wait_idle


def test_export_starts_in_the_last_folder_with_a_latin_name(qtbot, recorder, sample_path, tmp_path, monkeypatch):
    asked: list[str] = []
    answers = [tmp_path / "desk" / "first.dragoman", tmp_path / "desk" / "second.dragoman"]
    (tmp_path / "desk").mkdir()

    def fake_save(parent: Any, title: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(answers.pop(0)), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    window = make_window(qtbot, recorder)
    del window.dialogs.ask_save_path  # the real dialog, over the patched QFileDialog
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    assert any("\u0400" <= ch <= "\u04ff" for ch in window.doc.title)  # a Cyrillic headline

    window.briefs.export_document()
    wait_idle(qtbot, window)
    first = Path(asked[0])
    assert first.parent == Path.home()  # nothing saved yet: home
    assert first.name.endswith(".dragoman") and first.name.isascii() and first.stem[:1].isalpha()
    window.close()

    again = make_window(qtbot, recorder)  # the next start remembers the folder
    del again.dialogs.ask_save_path
    again.documents.open_initial(None)
    wait_idle(qtbot, again)
    again.briefs.export_document()
    wait_idle(qtbot, again)
    assert Path(asked[1]).parent == tmp_path / "desk"
    assert (tmp_path / "desk" / "second.dragoman").is_file() and recorder.errors == []
    again.close()
