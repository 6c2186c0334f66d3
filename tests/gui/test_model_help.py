"""No model, or a download that fails: one sentence and the next step in the window (issue 13, case 14)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import wait_idle


def test_a_failed_download_is_one_sentence_with_import_beside_it(qtbot, window, recorder, sample_path, tmp_path,
                                                                 monkeypatch):
    import huggingface_hub

    def offline(*args: Any, **kwargs: Any) -> Any:
        raise OSError("[Errno -2] Name or service not known")

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "no-models"))
    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", offline)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    asked: list[str] = []
    monkeypatch.setattr("desktop.gui.widgets.models_dialog.ask_model_source", lambda parent: asked.append("import"))
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    panel = window.reading.model_panel
    recorder.answer = True
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    assert recorder.errors == []  # no box with a raw error
    sentence = panel.failure.text()
    assert panel.failure.isVisible() and "offline" in sentence
    assert "Errno" not in sentence and "dragoman models" not in sentence and sentence.count(". ") == 0
    assert panel.failure_import_button.isVisible() and panel.failure_import_button.isEnabled()
    qtbot.mouseClick(panel.failure_import_button, Qt.MouseButton.LeftButton)
    assert asked == ["import"]


def test_translate_without_a_model_says_so_and_offers_the_models_dialog(qtbot, window, recorder, sample_path,
                                                                        tmp_path, monkeypatch):
    from desktop.gui.widgets.models_dialog import ModelsDialog

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "no-models"))
    opened: list[bool] = []
    monkeypatch.setattr(ModelsDialog, "exec", lambda self: opened.append(True) or 0)
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)

    recorder.answer = False
    window.act_translate.trigger()  # Ctrl+T
    assert len(recorder.questions) == 1 and "No translation model is installed" in recorder.questions[0]
    assert opened == [] and window.reading.en_stack.currentWidget() is window.reading.model_panel
    recorder.answer = True
    window.act_translate.trigger()
    assert opened == [True]
    wait_idle(qtbot, window)
