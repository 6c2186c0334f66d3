"""Word lists the claim finder reads: reporting verbs, attribution phrases, roles, places.

Kept apart from the logic so a desk editor (or a maintainer adding a
language) can extend a list without touching code: :mod:`.bg` and
:mod:`.en` hold each language's lists as plain lower-case tuples and sets,
:mod:`.model` the :class:`Lexicon` they fill, :mod:`.cues` the English
equivalent of every Bulgarian cue, and :mod:`.words` the small word tests
(role nouns, definiteness, names) built on them. In: nothing; out: data.
"""

from __future__ import annotations

from desktop.core.analysis.claims.lexicon.bg import BG
from desktop.core.analysis.claims.lexicon.en import EN
from desktop.core.analysis.claims.lexicon.model import Lexicon

__all__ = ["BG", "EN", "Lexicon", "lexicon_for"]


def lexicon_for(lang: str) -> Lexicon:
    """The lexicon of ``lang``; anything that is not English reads as Bulgarian."""
    return EN if (lang or "").lower().startswith("en") else BG
