"""Shared test fixtures: offscreen Qt, the sample article, ../shared when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never reach the network from a test, even by accident.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

pytest_plugins = ["tests.fixtures.models"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "assets" / "samples" / "sample_article_bg.txt"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The project's own Bulgarian sample article (assets/samples)."""
    return SAMPLE


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real model store and library."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("DRAGOMAN_MODELS", str(base / "models"))
    monkeypatch.setenv("DRAGOMAN_LIBRARY", str(base / "library.sqlite"))
    monkeypatch.setenv("DRAGOMAN_CONFIG", str(base / "config"))
    # The ct2 backend decodes a headline differently on a busy machine
    # (backends.ct2.machine_busy): tests see an idle one, whatever else runs here.
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
