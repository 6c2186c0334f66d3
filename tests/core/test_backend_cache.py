"""One backend cache for the CLI, the GUI and batches (desktop.core.translate.cache)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.translate.cache import forget_backends, loaded_backend, start_loading


def test_a_model_is_loaded_once_and_kept_until_forgotten(tiny_model_with_ct2: Path) -> None:
    forget_backends()
    first = loaded_backend(str(tiny_model_with_ct2), "ct2", 1, profile="fast")
    assert loaded_backend(str(tiny_model_with_ct2), "auto", 1, profile="quality") is first
    assert start_loading(str(tiny_model_with_ct2), "ct2", threads=1).result(timeout=60) is first
    forget_backends()
    assert loaded_backend(str(tiny_model_with_ct2), "ct2", 1) is not first
    forget_backends()


def test_a_missing_model_is_reported_by_the_future(tmp_path: Path) -> None:
    import pytest

    from desktop.core.errors import ModelError

    empty = tmp_path / "not-a-model"
    empty.mkdir()
    with pytest.raises(ModelError):
        start_loading(str(empty), "ct2").result(timeout=60)
