"""First run, dropping files, settings, the models dialog and model downloads."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.core.jobs import Progress
from desktop.core.library.store import Library
from desktop.gui.settings import AppSettings, settings_path
from tests.gui.conftest import make_window, wait_idle


def test_first_run_opens_the_sample_article(qtbot, window, sample_path):
    window.documents.open_initial(None)
    wait_idle(qtbot, window)
    assert window.doc is not None
    assert window.doc.text[:30] in sample_path.read_text(encoding="utf-8")
    assert AppSettings().first_run_done
    window.close()


def test_second_start_reopens_the_last_article(qtbot, recorder, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Заглавие\n\nПремиерът каза, че бюджетът ще бъде приет до петък.\n", encoding="utf-8")
    first = make_window(qtbot, recorder)
    first.documents.open_initial(None)  # first run: the sample
    wait_idle(qtbot, first)
    first.documents.open_path(str(article))
    wait_idle(qtbot, first)
    doc_id = first.doc_id
    first.close()
    second = make_window(qtbot, recorder)
    second.documents.open_initial(None)
    wait_idle(qtbot, second)
    assert second.doc_id == doc_id
    second.close()


def test_dropping_a_file_on_the_window_opens_it(qtbot, window, tmp_path):
    article = tmp_path / "dropped.txt"
    article.write_text("Новина\n\nКметът обяви, че ремонтът ще струва 12 млн. лв.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    wait_idle(qtbot, window)
    assert window.doc is not None and "12 млн. лв." in window.doc.text
    assert str(article.resolve()) in AppSettings().recent_files
    window.recent_menu.aboutToShow.emit()
    assert any("dropped.txt" in a.text() for a in window.recent_menu.actions())


def test_settings_dialog_saves_to_the_config_folder(qtbot, window):
    from desktop.gui.widgets.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.profile.setCurrentIndex(dialog.profile.findData("fast"))
    dialog.backend.setCurrentIndex(dialog.backend.findData("hf"))
    dialog.threads.setValue(2)
    dialog.font_size.setValue(15)
    dialog.accept()
    fresh = AppSettings()
    assert (fresh.profile, fresh.backend, fresh.threads, fresh.font_size) == ("fast", "hf", 2, 15)
    path = settings_path()
    assert path is not None and path.is_file() and "fast" in path.read_text()


def test_models_dialog_lists_verifies_and_removes(qtbot, window, tiny_store, tmp_path, monkeypatch):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(tiny_store, store)
    monkeypatch.setenv("DRAGOMAN_MODELS", str(store))
    from desktop.gui.widgets.models_dialog import ModelsDialog

    dialog = ModelsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "opus-mt-bg-en"
    assert "kB" in dialog.table.item(0, 2).text() or "MB" in dialog.table.item(0, 2).text()
    dialog.table.selectRow(0)
    dialog.verify_selected()
    qtbot.waitUntil(lambda: "every file matches" in dialog.status.text(), timeout=20_000)
    # Damage a file: verify names it.
    (store / "opus-mt-bg-en" / "vocab.json").write_text("{}", encoding="utf-8")
    dialog.verify_selected()
    qtbot.waitUntil(lambda: "vocab.json" in dialog.status.text(), timeout=20_000)
    monkeypatch.setattr("desktop.gui.widgets.models_dialog.QMessageBox.question",
                        lambda *a, **k: __import__("PySide6.QtWidgets").QtWidgets.QMessageBox.StandardButton.Yes)
    dialog.remove_selected()
    assert dialog.table.rowCount() == 0
    assert not (store / "opus-mt-bg-en").exists()
    dialog.close()


def test_download_button_asks_then_shows_progress_and_translates(qtbot, window, recorder, sample_path, tiny_store,
                                                                   tmp_path, monkeypatch):
    """The download path, with the network replaced by a local copy of the model."""
    import shutil

    from desktop.core.models import ModelStore

    monkeypatch.setenv("DRAGOMAN_MODELS", str(tmp_path / "store"))
    seen: list[Progress] = []

    def fake_download(self: ModelStore, name: str, *, cancel: Any = None) -> Generator[Progress, None, Any]:
        for done in (0, 50, 100):
            yield Progress("download", done, 100, f"downloading {name}", rate=2e6)
        staging = tmp_path / "fetched"
        shutil.copytree(Path(tiny_store) / name, staging)
        return (yield from self.import_job(staging, name=name, cancel=cancel))

    monkeypatch.setattr(ModelStore, "download_job", fake_download)
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    panel = window.reading.model_panel
    panel.on_progress = lambda event, _orig=panel.on_progress: (seen.append(event), _orig(event))  # type: ignore[method-assign]

    recorder.answer = False
    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    assert recorder.questions and "MB" in recorder.questions[-1]
    assert not window.runner.running("model")  # the user said no: nothing is fetched
    recorder.answer = True
    window.models.download_model()
    qtbot.waitUntil(lambda: window.translation is not None, timeout=60_000)
    wait_idle(qtbot, window, timeout=60_000)
    assert recorder.errors == []
    assert window.translation.is_complete(window.doc)
    assert window.reading.en_stack.currentWidget() is window.reading.en_pane


def test_export_and_open_a_dragoman_document(qtbot, recorder, sample_path, tmp_path, monkeypatch):
    window = make_window(qtbot, recorder)
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    window.reading.bg_pane.select_range(0, 8)
    recorder.texts.append("for the colleague")
    window.annotator.note_selection()
    out = tmp_path / "handover.dragoman"
    recorder.save_paths.append(str(out))
    window.briefs.export_document()
    wait_idle(qtbot, window)
    assert out.is_file() and recorder.errors == []
    window.close()

    # The colleague's machine: another library.
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(tmp_path / "colleague.sqlite"))
    colleague = make_window(qtbot, recorder)
    colleague.documents.open_path(str(out))
    wait_idle(qtbot, colleague)
    assert colleague.doc is not None
    assert [a.text for a in colleague.article.annotations] == ["for the colleague"]
    assert len(Library().list_documents()) == 1
    colleague.close()


def test_the_window_is_usable_at_a_small_size(qtbot, window, sample_path):
    window.resize(760, 560)
    window.documents.open_path(str(sample_path))
    wait_idle(qtbot, window)
    QApplication.processEvents()
    assert window.reading.bg_pane.width() > 150 and window.tabs.width() > 100
    assert window.reading.bg_pane.viewport().mapTo(window, QPoint(0, 0)).y() < 200


def test_models_dialog_offers_standard_and_best_and_remembers_the_choice(
    qtbot, window, tiny_store, tmp_path, monkeypatch
):
    import shutil

    from desktop.core.models import ModelStore
    from desktop.core.models.tinymodel import build_tiny_marian
    from desktop.gui.widgets.models_dialog import ModelsDialog

    store = tmp_path / "store"
    shutil.copytree(tiny_store, store)
    monkeypatch.setenv("DRAGOMAN_MODELS", str(store))
    window.models.invalidate()
    dialog = ModelsDialog(window, settings=window.settings)
    dialog.models_changed.connect(window.models.invalidate)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.choice_box
    standard, best = box.buttons["opus-mt-bg-en"], box.buttons["opus-mt-tc-big-bg-en"]
    assert standard.text() == "Standard — opus-mt-bg-en, fastest (300 MB)" and standard.isChecked()
    assert best.text() == "Best — opus-mt-tc-big-bg-en, slower (475 MB) — not installed" and not best.isEnabled()

    ModelStore(store).import_path(build_tiny_marian(tmp_path / "big", tc_big_traits=True), name="opus-mt-tc-big-bg-en")
    dialog.refresh()
    assert best.isEnabled() and best.text() == "Best — opus-mt-tc-big-bg-en, slower (475 MB)"
    qtbot.mouseClick(best, Qt.MouseButton.LeftButton, pos=QPoint(8, best.height() // 2))
    assert best.isChecked() and not standard.isChecked()
    assert "opus-mt-tc-big-bg-en" in dialog.status.text()
    assert window.model_label.text().startswith("model: opus-mt-tc-big-bg-en")
    assert AppSettings().model == "opus-mt-tc-big-bg-en"  # remembered for the next start

    qtbot.mouseClick(standard, Qt.MouseButton.LeftButton, pos=QPoint(8, standard.height() // 2))
    assert window.settings.model == "opus-mt-bg-en"
    assert window.model_label.text().startswith("model: opus-mt-bg-en")


def test_settings_offer_standard_or_best_too(qtbot, window, tiny_store, tmp_path, monkeypatch):
    import shutil

    from desktop.core.models import ModelStore
    from desktop.core.models.tinymodel import build_tiny_marian
    from desktop.gui.widgets.settings_dialog import SettingsDialog

    store = tmp_path / "store"
    shutil.copytree(tiny_store, store)
    monkeypatch.setenv("DRAGOMAN_MODELS", str(store))
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    labels = [dialog.model.itemText(i) for i in range(dialog.model.count())]
    assert labels == [
        "Standard — opus-mt-bg-en, fastest (300 MB)",
        "Best — opus-mt-tc-big-bg-en, slower (475 MB) — not installed",
    ]
    assert dialog.model.currentData() == "opus-mt-bg-en"
    assert not dialog.model.model().item(1).isEnabled()  # not installed: listed, cannot be picked
    dialog.reject()

    ModelStore(store).import_path(build_tiny_marian(tmp_path / "big", tc_big_traits=True), name="opus-mt-tc-big-bg-en")
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.model.setCurrentIndex(dialog.model.findData("opus-mt-tc-big-bg-en"))
    dialog.accept()
    assert AppSettings().model == "opus-mt-tc-big-bg-en"
