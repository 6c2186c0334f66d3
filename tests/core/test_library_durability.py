"""Nothing is lost: a killed process, a damaged file, a second window, a full or read-only disk."""

from __future__ import annotations

import copy
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.core.errors import LibraryError, LibraryLocked, StorageFull
from desktop.core.library.store import Library
from tests.core.library_helpers import BG_TEXT, make_document, make_translation

# --- a process killed while saving ----------------------------------------------------------

_CHILD = r"""
import sys
from desktop.core.library.store import Library

lib = Library(sys.argv[1])
doc_id = int(sys.argv[2])
n = 0
while True:
    lib.add_annotation(doc_id, "bg", 0, 4, "note", text=f"note {n}")
    lib.save_edit(doc_id, "p1s1", f"edit {n}")
    n += 1
    print(n, flush=True)  # only after both actions are committed
"""


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [5, 40])
def test_sigkill_mid_save_loses_nothing_committed(tmp_path: Path, repo_root: Path, kill_after: int) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as lib:
        doc_id = lib.add_document(make_document())
        lib.save_translation(doc_id, make_translation(lib.get_document(doc_id)))
    env = {**os.environ, "PYTHONPATH": str(repo_root)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), str(doc_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=repo_root,
        env=env,
        text=True,
    )
    reported = 0
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 120
        while reported < kill_after:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the child stopped early: {child.stderr.read() if child.stderr else ''}")
            reported = int(line)
            assert time.monotonic() < deadline, "the child is far too slow"
        os.kill(child.pid, signal.SIGKILL)  # mid-loop: possibly inside a transaction
        child.wait(timeout=30)
        # Lines already written to the pipe were committed before they were printed.
        for line in child.stdout.read().split():
            reported = max(reported, int(line))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL

    with Library(path) as lib:
        assert lib.recovered_from is None
        assert lib.check() == "ok"
        notes = lib.annotations(doc_id)
        assert len(notes) >= reported
        assert [n.text for n in notes[:reported]] == [f"note {i}" for i in range(reported)]
        translation = lib.load_translation(doc_id)
        assert translation is not None
        last_edit = translation.text_for("p1s1")
        assert last_edit is not None and last_edit.startswith("edit ")
        assert int(last_edit.split()[1]) >= reported - 1
        # The library is fully usable afterwards.
        lib.add_annotation(doc_id, "bg", 0, 1, "highlight")


# --- a damaged or foreign file -------------------------------------------------------------------


def _valid_library_bytes(tmp_path: Path) -> bytes:
    src = tmp_path / "src.sqlite"
    with Library(src) as lib:
        lib.add_document(make_document())
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return src.read_bytes()


@pytest.mark.parametrize("kind", ["random", "text", "truncated-header", "header-then-garbage", "truncated-pages"])
def test_a_damaged_file_is_moved_aside_and_a_new_library_started(tmp_path: Path, kind: str) -> None:
    good = _valid_library_bytes(tmp_path)
    content = {
        "random": os.urandom(8192),
        "text": "Това е бележка, а не база данни.\n".encode() * 50,
        "truncated-header": good[:50],
        "header-then-garbage": good[:100] + os.urandom(3 * 4096),
        "truncated-pages": good[:4096] + good[4096 * 2 : 4096 * 3],
    }[kind]
    path = tmp_path / "library.sqlite"
    path.write_bytes(content)
    (tmp_path / "library.sqlite-wal").write_bytes(os.urandom(100))  # a stale side file must go too

    with Library(path) as lib:
        aside = lib.recovered_from
        assert aside is not None
        assert re.fullmatch(r"library\.sqlite\.corrupt-\d{8}-\d{6}", aside.name)
        assert aside.read_bytes() == content  # the old file is kept, byte for byte
        if kind in ("random", "text", "truncated-header"):
            # Recognised before SQLite touched it: the side file moves with it.
            assert (tmp_path / f"{aside.name}-wal").exists()
        assert lib.message is not None and str(aside) in lib.message and "new" in lib.message
        assert lib.list_documents() == []
        doc_id = lib.add_document(make_document())
        assert lib.get_document(doc_id).text == BG_TEXT
        assert lib.check() == "ok"
    with Library(path) as again:  # a healthy library is opened as is next time
        assert again.recovered_from is None
        assert len(again.list_documents()) == 1


def test_two_recoveries_in_one_second_keep_both_old_files(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    asides = []
    for _ in range(2):
        path.write_bytes(b"not a database at all" * 10)
        with Library(path) as lib:
            asides.append(lib.recovered_from)
    assert asides[0] != asides[1]
    assert all(a is not None and a.exists() for a in asides)


def test_an_empty_file_is_a_new_library_not_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    path.touch()
    with Library(path) as lib:
        assert lib.recovered_from is None
        lib.add_document(make_document())


# --- two windows on one library ----------------------------------------------------------------


def test_two_instances_see_each_others_work(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as a, Library(path) as b:
        doc_id = a.add_document(make_document())
        assert b.get_document(doc_id).title == make_document().title
        b.save_edit(doc_id, "p1s1", "Edited in window B.")
        assert a.load_translation(doc_id).text_for("p1s1") == "Edited in window B."
        a.add_annotation(doc_id, "bg", 0, 3, "note", text="от A")
        assert [n.text for n in b.annotations(doc_id)] == ["от A"]


def test_concurrent_writes_from_two_instances_all_land(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as setup:
        doc_id = setup.add_document(make_document())
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            with Library(path) as lib:
                for i in range(30):
                    lib.add_annotation(doc_id, "bg", 0, 2, "note", text=f"{tag}{i}")
                    lib.save_edit(doc_id, "p1s2", f"{tag}{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    with Library(path) as lib:
        texts = {n.text for n in lib.annotations(doc_id)}
        assert texts == {f"{t}{i}" for t in "ab" for i in range(30)}
        assert lib.check() == "ok"


def test_a_library_busy_too_long_says_so(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as a, Library(path, busy_timeout=0.2) as b:
        doc_id = a.add_document(make_document())
        with a.batch():
            a.add_annotation(doc_id, "bg", 0, 1, "note", text="held")
            with pytest.raises(LibraryLocked) as caught:
                b.add_annotation(doc_id, "bg", 0, 1, "note", text="blocked")
            assert "another Dragoman" in str(caught.value)
            # Reading is never blocked by a writer.
            assert b.get_document(doc_id).title
        b.add_annotation(doc_id, "bg", 0, 1, "note", text="later")
        assert [n.text for n in a.annotations(doc_id)] == ["held", "later"]


# --- a full or read-only disk ---------------------------------------------------------------------


def test_a_full_disk_is_reported_and_the_work_can_be_saved_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    lib = Library(path)
    try:
        first = lib.add_document(make_document())
        # Cap the file at its current size: SQLite then fails exactly as on a full disk.
        pages = lib.db.execute("PRAGMA page_count").fetchone()[0]
        lib.db.execute(f"PRAGMA max_page_count = {pages}")
        big = make_document(BG_TEXT + "\n\n" + "Дълъг абзац без край. " * 500, title="Голяма статия")
        kept = copy.deepcopy(big)
        with pytest.raises(StorageFull) as caught:
            lib.add_document(big, b"x" * 200_000)
        message = str(caught.value)
        assert "full" in message and str(path) in message and "\n" not in message
        assert big == kept  # the caller still holds everything
        assert [d.id for d in lib.list_documents()] == [first]  # no half-saved document
        assert lib.check() == "ok"

        elsewhere = lib.save_as(tmp_path / "elsewhere" / "lib.sqlite")
        assert lib.path == elsewhere
        second = lib.add_document(big, b"x" * 200_000)
        assert {d.id for d in lib.list_documents()} == {first, second}
        assert lib.get_document(second) == big
    finally:
        lib.close()
    with pytest.raises(LibraryError, match="already exists"):
        Library(tmp_path / "other.sqlite").save_as(elsewhere)


def test_a_simulated_disk_full_error_during_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same sentence when the error comes from the OS rather than a page cap."""
    lib = Library(tmp_path / "lib.sqlite")
    doc_id = lib.add_document(make_document())
    real_touch = Library._touch

    def full(self: Library, conn: sqlite3.Connection, doc: int, now: str) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Library, "_touch", full)
    with pytest.raises(StorageFull, match="full"):
        lib.save_edit(doc_id, "p1s1", "lost?")
    monkeypatch.setattr(Library, "_touch", real_touch)
    assert lib.load_translation(doc_id) is None  # rolled back as a whole
    lib.save_edit(doc_id, "p1s1", "saved now")
    assert lib.load_translation(doc_id).text_for("p1s1") == "saved now"
    lib.close()


def test_a_read_only_library_is_reported(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as lib:
        doc_id = lib.add_document(make_document())
        lib.db.execute("PRAGMA query_only = ON")  # what a read-only mount looks like to SQLite
        with pytest.raises(StorageFull, match="read-only"):
            lib.add_annotation(doc_id, "bg", 0, 3, "note", text="x")
        assert lib.get_document(doc_id).title  # reading still works


def test_an_impossible_location_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageFull, match="Could not create the library folder"):
        Library(blocker / "sub" / "lib.sqlite")
