"""Before the window: no display, or a missing X11 library, is one sentence with the fix (issue 13, case 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.gui.app import display_problem

ROOT = Path(__file__).resolve().parents[2]


def _without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def test_no_display_at_all_says_so_and_names_the_command_line():
    problem = display_problem({}, platform="linux", find_library=lambda name: f"lib{name}.so")
    assert problem is not None and "display" in problem and "command line" in problem
    assert problem.count(". ") == 0  # one sentence


def test_a_missing_xcb_cursor_names_the_debian_package():
    def no_cursor(name: str) -> str | None:
        return None if name == "xcb-cursor" else f"lib{name}.so"

    problem = display_problem({"DISPLAY": ":0"}, platform="linux", find_library=no_cursor)
    assert problem is not None and "apt install libxcb-cursor0`" in problem


def test_a_working_desktop_or_a_headless_platform_passes():
    found = lambda name: f"lib{name}.so"  # noqa: E731
    assert display_problem({"DISPLAY": ":0"}, platform="linux", find_library=found) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux", find_library=found) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux", find_library=lambda n: None) is None
    assert display_problem({}, platform="darwin") is None


def test_the_app_without_a_display_exits_2_with_the_sentence():
    env = _without("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main(['gui']))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().startswith("dragoman: Dragoman needs a graphical display")
    assert "Qt" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
