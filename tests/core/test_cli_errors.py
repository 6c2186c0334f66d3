"""``dragoman segment FILE`` on bad input: one line on stderr, exit status 2, no traceback.

A journalist who opens the wrong file must read what is wrong with it (which
file, and why) in one sentence, not a Python stack. Two cases run the real
command in a subprocess (the console entry point, ``python -m desktop``); the
rest call :func:`desktop.cli.main` in-process, which is the same code path
and much faster.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.ingest.reader import MAX_DOCUMENT_BYTES

EXIT_USER_ERROR = 2


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("statia.txt", "Текст в архив.")
    return buffer.getvalue()


def _write(content: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "statia.txt"
        path.write_bytes(content)
        return path

    return make


def _sparse_too_large(tmp_path: Path) -> Path:
    path = tmp_path / "ogromna.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1024)  # sparse: instant, no disk used
    return path


def _directory(tmp_path: Path) -> Path:
    folder = tmp_path / "statii"
    folder.mkdir()
    return folder


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nyama-takava.txt"


#: case -> (how to make the path, words the message must contain)
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (_write(b""), "the file is empty"),
    "whitespace": (_write(b"  \n\t\n\r\n   "), "only blank space"),
    "pdf": (_write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"), "PDF"),
    "zip": (_write(_zip_bytes()), "ZIP archive"),
    "png": (_write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), "PNG image"),
    "elf": (_write(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120), "program"),
    "too-large": (_sparse_too_large, "20 MB"),
    "undecodable": (_write(bytes(range(0x80, 0xC0)) * 16), "not text in any encoding"),
    "directory": (_directory, "folder, not a file"),
    "missing": (_missing, "no such file"),
}


def _assert_one_clear_line(stderr: str, stdout: str, path: Path, reason: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1, stderr
    line = lines[0]
    assert path.name in line
    assert reason in line
    assert stdout == ""


@pytest.mark.parametrize("case", sorted(CASES))
def test_segment_command_explains_bad_input_in_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = CASES[case]
    path = make(tmp_path)

    status = main(["segment", str(path)])

    captured = capsys.readouterr()
    assert status == EXIT_USER_ERROR
    _assert_one_clear_line(captured.err, captured.out, path, reason)


def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "zaklyuchena.txt"
    path.write_text("Текст, който не може да се прочете.", encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
    else:
        # root reads any file whatever its mode: simulate the refusal instead.
        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("builtins.open", denied)

    status = main(["segment", str(path)])

    captured = capsys.readouterr()
    assert status == EXIT_USER_ERROR
    _assert_one_clear_line(captured.err, captured.out, path, "permission")


@pytest.mark.parametrize("case", ["empty", "pdf"])
def test_real_command_in_a_subprocess(case: str, tmp_path: Path) -> None:
    make, reason = CASES[case]
    path = make(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "desktop", "segment", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )

    assert result.returncode == EXIT_USER_ERROR
    _assert_one_clear_line(result.stderr, result.stdout, path, reason)
    assert result.stderr.startswith("dragoman: ")


def test_a_good_file_still_segments(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The other side of the coin: the same command succeeds on a real article.
    assert main(["segment", str(sample_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "цитиран от БТА" in captured.out
