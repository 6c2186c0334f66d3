"""The translation model a desk chooses: "Standard" (opus-mt-bg-en) or "Best" (opus-mt-tc-big-bg-en).

Two Helsinki-NLP models translate Bulgarian to English. The default,
opus-mt-bg-en, is the fast one; opus-mt-tc-big-bg-en is a transformer-big
(three times the weights) whose model card reports BLEU 42.9 on FLORES-101
against 36.2 for the default, and which translates several times slower on a
CPU (bench/translate_bench.py, the tc-big rows). The CLI (``--model
best|standard``), the GUI's Models dialog and the settings all name the
choice through this module, so the words, the model names and the sizes
(read from ``models/manifest.toml``, the one list of models) are the same
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelChoice:
    """One choice: its key (``standard`` / ``best``), the model it names, and how to describe it."""

    key: str
    title: str
    model: str
    speed: str
    size_mb: int | None = None

    @property
    def label(self) -> str:
        """What a menu shows: "Standard — opus-mt-bg-en, fastest (300 MB)"."""
        size = f" ({self.size_mb:,} MB)" if self.size_mb else ""
        return f"{self.title} — {self.model}, {self.speed}{size}"


STANDARD = ModelChoice("standard", "Standard", "opus-mt-bg-en", "fastest")
BEST = ModelChoice("best", "Best", "opus-mt-tc-big-bg-en", "slower")
CHOICES = (STANDARD, BEST)


def translation_choices(manifest: Path | None = None) -> list[ModelChoice]:
    """The choices with their download sizes from the manifest (``manifest``: default, the app's own)."""
    from dataclasses import replace

    from desktop.core.errors import ModelError
    from desktop.core.models.manifest import load_manifest

    if manifest is None:
        from desktop.core.paths import manifest_path

        manifest = manifest_path()
    try:
        sizes = {entry.name: entry.size_mb for entry in load_manifest(manifest)}
    except (ModelError, OSError):
        sizes = {}
    return [replace(choice, size_mb=sizes.get(choice.model)) for choice in CHOICES]


def model_for_choice(value: str | None) -> str | None:
    """The model name for ``best`` or ``standard`` (any case); any other value (a name, a folder) unchanged."""
    if value is None:
        return None
    for choice in CHOICES:
        if value.strip().lower() == choice.key:
            return choice.model
    return value


def choice_for_model(name: str | None) -> ModelChoice | None:
    """The choice that names model ``name`` (``None``: the default model, i.e. Standard), or None."""
    if not name:
        return STANDARD
    return next((c for c in CHOICES if c.model == name), None)
