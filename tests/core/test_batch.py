"""``dragoman batch``: a folder of good and bad files, resuming, and the same rows from every runner.

Driven as a desk uses it (the CLI on a folder, the library read back) on
the tiny model. Ray runs on a local 2-CPU instance started once for the
module; the local-process runner is compared with it in the same test, so
both start-ups are paid once.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.analysis.summarize import Summary
from desktop.core.batch.sweep import BatchOptions, batch_job
from desktop.core.jobs import CancelToken, run_job
from desktop.core.library.store import Library

ARTICLES = {
    "port.txt": (
        "Пристанище Варна ще има нов терминал\n\n"
        "Министърът на транспорта Стефан Маринов обяви днес, че терминалът ще струва 310 млн. лв. "
        "„Това е най-голямата инвестиция в Черноморието“, каза Маринов. Строителството започва през април."
    ),
    "budget.md": (
        "# Бюджетът за 2025 г. е приет\n\n"
        "Народното събрание прие бюджета с 121 гласа „за“. Финансовият министър Людмила Петкова заяви, "
        "че дефицитът ще бъде 3% от БВП. Опозицията твърди, че приходите са надценени с 2 млрд. лв."
    ),
    "sofia.html": (
        "<html><head><title>Нова линия на метрото в София</title></head><body><h1>Нова линия на метрото"
        "</h1><p>Кметът Васил Терзиев съобщи, че третата линия ще бъде удължена до 2026 г. "
        "Според него пътниците ще се увеличат с 40 000 на ден.</p></body></html>"
    ),
}


def _write_folder(root: Path) -> Path:
    folder = root / "morning"
    (folder / "wires").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "wires" / "empty.txt").write_bytes(b"")
    (folder / "wires" / "photo.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "wires" / "broken.txt").write_bytes(b"\xef\xbb\xbf" + "Заглавие".encode() + b"\xff\xfe\xfa\xc0")
    with zipfile.ZipFile(folder / "wires" / "agency.zip", "w") as archive:
        archive.writestr(
            "bta/mayor.txt",
            "Кметът на Пловдив обеща нов парк\n\nКметът Костадин Димитров каза, че паркът ще бъде готов до юни.",
        )
        archive.writestr("bta/inner.zip", b"PK\x05\x06" + b"\0" * 18)
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Path:
    """A model store holding the tiny model as the default opus-mt-bg-en."""
    from desktop.core.models import ModelStore

    models = tmp_path_factory.mktemp("batch-store") / "models"
    ModelStore(models).import_path(tiny_model_dir, name="opus-mt-bg-en")
    return models


@pytest.fixture
def desk(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's library file, with the tiny model installed."""
    monkeypatch.setenv("DRAGOMAN_MODELS", str(store))
    library = tmp_path / "desk.sqlite"
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(library))
    return library


def test_a_folder_with_bad_files_finishes_and_every_good_article_is_in_the_library(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write_folder(tmp_path)
    briefs = tmp_path / "briefs"
    assert main(["batch", str(folder), "--json", "--brief-dir", str(briefs), "--format", "html"]) == 0
    out = json.loads(capsys.readouterr().out)
    bad = {Path(b["file"].split(".zip:")[-1]).name: b["reason"] for b in out["bad"]}
    assert set(bad) == {"empty.txt", "photo.txt", "broken.txt", "inner.zip"}
    assert "empty" in bad["empty.txt"] and "binary" in bad["photo.txt"]
    assert all("\n" not in reason for reason in bad.values())
    assert out["done"] == 4 and out["already_done"] == 0 and not out["stopped"]
    scores = [r["score"] for r in out["ranking"]]
    assert len(scores) == 4 and scores == sorted(scores, key=lambda s: -(s or 0.0))
    assert all(r["top_claim"] for r in out["ranking"]) and any(r["speaker"] for r in out["ranking"])
    assert len(list(briefs.glob("*.html"))) == 4
    with Library(desk) as lib:
        docs = lib.list_documents()
        assert len(docs) == 4
        for doc in docs:
            translation = lib.load_translation(doc.id)
            document = lib.get_document(doc.id)
            assert translation is not None and translation.is_complete(document)
            assert lib.load_claims(doc.id)
            summary = Summary.from_dict(lib.load_summary(doc.id) or {})
            assert summary.sentences
            assert lib.latest_brief(doc.id) is not None


def test_a_stopped_batch_resumes_without_redoing_done_articles_and_keeps_edits(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write_folder(tmp_path)
    token = CancelToken()

    def stop_after_first(event: object) -> None:
        if getattr(event, "message", "").startswith("1 done"):
            token.cancel()  # what the CLI's Ctrl-C does

    with Library(desk) as lib:
        first = run_job(batch_job(lib, [folder], BatchOptions(), cancel=token), stop_after_first)
        assert first.stopped and len(first.done) == 1
        done_id = first.done[0]
        sentence = lib.get_document(done_id).sentences[0]
        lib.save_edit(done_id, sentence.id, "The desk's own wording.")
        before = lib.db.execute(
            "SELECT max(updated_at) FROM translations WHERE doc_id = ?", [done_id]
        ).fetchone()
    assert main(["batch", str(folder), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["already_done"] == 1 and second["done"] == 3
    with Library(desk) as lib:
        after = lib.db.execute(
            "SELECT max(updated_at) FROM translations WHERE doc_id = ?", [done_id]
        ).fetchone()
        assert after == before  # not translated again
    # Another profile redoes every article, and the journalist's edit still wins.
    assert main(["batch", str(folder), "--json", "--profile", "quality"]) == 0
    third = json.loads(capsys.readouterr().out)
    assert third["done"] == 4 and third["already_done"] == 0
    with Library(desk) as lib:
        translation = lib.load_translation(done_id)
        assert translation is not None and translation.text_for(sentence.id) == "The desk's own wording."


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a batch stored, keyed by the article's bytes hash (ids and times left out)."""
    conn = sqlite3.connect(path)
    try:
        return {
            "translations": conn.execute(
                "SELECT d.sha256, t.sentence_id, t.machine_text, t.edited_text, t.model, t.profile "
                "FROM translations t JOIN documents d ON d.id = t.doc_id ORDER BY d.sha256, t.idx, t.sentence_id"
            ).fetchall(),
            "claims": conn.execute(
                "SELECT d.sha256, c.idx, c.score, c.data FROM claims c JOIN documents d ON d.id = c.doc_id "
                "ORDER BY d.sha256, c.idx"
            ).fetchall(),
            "flags": conn.execute(
                "SELECT d.sha256, f.idx, f.data FROM flags f JOIN documents d ON d.id = f.doc_id "
                "ORDER BY d.sha256, f.idx"
            ).fetchall(),
            "results": conn.execute(
                "SELECT sha256, model, profile, summary, title_en, top_claim, speaker, score "
                "FROM batch_results ORDER BY sha256"
            ).fetchall(),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def local_ray() -> object:
    """A local Ray of 2 CPUs for this module (skipped, saying why, when Ray cannot start here)."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_and_local_processes_store_the_same_rows_as_one_job(
    desk: Path,
    tmp_path: Path,
    local_ray: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _write_folder(tmp_path)
    stored = {}
    for label, extra in (("jobs1", []), ("jobs2", ["--jobs", "2"]), ("ray", ["--ray", "auto"])):
        library = tmp_path / f"{label}.sqlite"
        monkeypatch.setenv("DRAGOMAN_LIBRARY", str(library))
        assert main(["batch", str(folder), "--json", *extra]) == 0
        assert json.loads(capsys.readouterr().out)["done"] == 4
        stored[label] = _rows(library)
    assert stored["jobs1"]["results"] and stored["jobs1"]["translations"]
    assert stored["jobs2"] == stored["jobs1"]
    assert stored["ray"] == stored["jobs1"]


def test_ray_asked_for_without_ray_installed_says_how_to_get_it(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    assert main(["batch", str(_write_folder(tmp_path)), "--ray", "auto"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install dragoman[cluster]" in err[0]
    assert not desk.exists()  # nothing was started, nothing written
