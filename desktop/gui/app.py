"""Start the desktop app: QApplication, theme, the main window, then its work; or the screenshot mode.

Only Qt and light core modules are imported before the window is shown; the
library, the importers and the translation engine load afterwards (first from
a zero-delay timer, then in workers), so the window appears in well under a
second even on a slow machine.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.gui.settings import AppSettings
from desktop.gui.theme import apply_theme, icon

#: How soon a worker thread must hand the GIL back when the UI thread asks for it (Python's
#: default is 5 ms). The UI thread takes and drops the GIL at every Python slot and paint; with
#: two busy workers on two cores each hand-back costs up to the interval, and a repaint that
#: needs a few dozen of them stalled the window past 100 ms (bench/gui_latency.py).
GIL_SWITCH_INTERVAL_S = 0.001

#: Set to a ``time.time()`` value to have the app print, as one JSON line, how
#: long after that moment its window was shown, then exit (bench/gui_latency.py).
STARTUP_PROBE_ENV = "DRAGOMAN_STARTUP_PROBE"


def _warn_about_known_bad_bindings() -> None:
    """PySide6 6.12.0 drops a reference on every Python ``emit()`` under Python 3.11.

    The process then aborts ("deallocating True") after a few hundred signals;
    6.11.x is fine. Say so at once instead of letting the window die later.
    """
    import PySide6

    if sys.version_info < (3, 12) and PySide6.__version__.startswith("6.12."):
        print(
            f"dragoman: warning: PySide6 {PySide6.__version__} has a reference-counting bug on Python "
            f"{sys.version_info.major}.{sys.version_info.minor} that crashes the app; "
            "install PySide6-Essentials<6.12 (see pyproject.toml).",
            file=sys.stderr,
        )


#: Libraries Qt's X11 plugin (xcb) needs that a desktop often lacks, with the Debian/Ubuntu package
#: holding each. Qt 6.5+ fails on the first with "Could not load the Qt platform plugin xcb" and a
#: dozen lines of advice; we name the package instead.
XCB_LIBRARIES = (
    ("xcb-cursor", "libxcb-cursor0"),
    ("xkbcommon-x11", "libxkbcommon-x11-0"),
    ("xcb-icccm", "libxcb-icccm4"),
    ("xcb-keysyms", "libxcb-keysyms1"),
    ("xcb-image", "libxcb-image0"),
    ("xcb-render-util", "libxcb-render-util0"),
)

#: Qt platforms that draw without any display (tests, screenshots on a server).
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")


def display_problem(
    env: Mapping[str, str],
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] | None = None,
) -> str | None:
    """Why Qt could not open a window here, as one sentence with the fix; None when it can.

    Checked before the QApplication exists, because then Qt aborts the process
    with its own message. ``find_library`` (``ctypes.util.find_library``, which
    asks ldconfig) is a parameter so a test can play a machine without a library.
    """
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen in HEADLESS_PLATFORMS:
        return None
    x11, wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    no_display = (
        "Dragoman needs a graphical display and none was found (DISPLAY and WAYLAND_DISPLAY are unset); "
        "start it from a desktop session, or use the command line, which works without one "
        "(for example `dragoman brief ARTICLE.txt -o brief.md`)."
    )
    if chosen.startswith("wayland"):
        return None if wayland else no_display
    if chosen not in ("", "xcb"):
        return None  # a platform we do not know: let Qt speak
    if not x11:
        if wayland and chosen == "":
            return None  # Qt picks its Wayland plugin
        return no_display
    if find_library is None:
        import ctypes.util

        find_library = ctypes.util.find_library
    missing = [package for name, package in XCB_LIBRARIES if find_library(name) is None]
    if missing:
        return (
            f"Qt cannot open a window on this X11 desktop because a system library is missing; install it with "
            f"`sudo apt install {' '.join(missing)}` (Debian/Ubuntu package names) and start again."
        )
    return None


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, created with Dragoman's names and icon when there is none."""
    app = QApplication.instance()
    if app is None:
        _warn_about_known_bad_bindings()
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Dragoman")
    app.setOrganizationName("Dragoman")
    app.setApplicationDisplayName("Dragoman")
    app.setWindowIcon(icon("dragoman"))
    return app


def run_app(
    *,
    file: str | None = None,
    screenshot: str | None = None,
    theme: str | None = None,
    timeout_s: float = 300.0,
) -> int:
    """Open the window (on ``file``, or the last/sample article) and run the event loop.

    With ``screenshot`` the window loads the article, waits for translation
    (when a model is installed) and analysis, saves a PNG of itself and exits
    with status 0 (2 when the article cannot be read). Without a display Qt
    can use (or without a library its X11 plugin needs) it prints one sentence
    with the fix and returns 2 before any window is made.
    """
    if QApplication.instance() is None:
        problem = display_problem(os.environ)
        if problem:
            print(f"dragoman: {problem}", file=sys.stderr)
            return 2
    app = ensure_application()
    settings = AppSettings()
    chosen_theme = theme or settings.theme
    apply_theme(app, chosen_theme)

    from desktop.gui.main_window import MainWindow

    window = MainWindow(settings, theme=chosen_theme, remember_theme=theme is None)
    window.show()

    probe = os.environ.get(STARTUP_PROBE_ENV)
    if probe:
        shown = time.time() - float(probe)
        heavy = sorted(m for m in ("torch", "transformers", "ctranslate2") if m in sys.modules)
        QTimer.singleShot(0, lambda: (print(json.dumps({"window_shown_s": shown, "heavy_modules": heavy})), app.quit()))
        return app.exec()

    if screenshot:
        from desktop.gui.screenshot import ScreenshotRun

        target = file
        if target is None:
            from desktop.gui.theme import sample_article_path

            target = str(sample_article_path())
        run = ScreenshotRun(window, Path(screenshot), timeout_s=timeout_s)
        QTimer.singleShot(0, lambda: (window.start(), run.start(target)))
    else:
        QTimer.singleShot(0, lambda: (window.start(), window.documents.open_initial(file)))
    return app.exec()


def _restore_env(key: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(key, None)
    else:
        os.environ[key] = value
