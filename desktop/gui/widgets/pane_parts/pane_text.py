"""Plain text geometry for the reading panes: offsets, marks, and what changed between two texts.

No widget here: Python offsets <-> Qt's UTF-16 positions (:class:`OffsetMap`),
the painted ranges (:class:`Mark`), and the few paragraphs a streamed batch
or an edit changed (:func:`changed_pieces`), so a pane replaces only those.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: A pane never gets narrower than this many characters of its reading font: below
#: it, words break mid-word ("Владиво/сток"); the side panels give way first.
READABLE_CHARS = 32
#: Ordinary Bulgarian text, to measure a character of average width in the reading font.
MEASURE_TEXT = "Държавното пристанище Варна ще получи нов контейнерен терминал, обяви министърът."


class OffsetMap:
    """Python string offsets <-> Qt (UTF-16) document positions for one text."""

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt positions of the astral characters, for the reverse direction.
        self._astral_qt = [pos + k for k, pos in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        if not self._astral:
            return position
        return position - bisect.bisect_right(self._astral_qt, position - 1)


@dataclass(frozen=True)
class Mark:
    """One painted range in a pane (Python offsets into the pane's text)."""

    start: int
    end: int
    kind: str  # claim kind, or "highlight" / "note"
    key: str = ""  # claim or annotation id
    role: str = "content"  # for claims: "content", "speaker" or "cue"
    tip: str = ""
    colour: str | None = None  # annotations: a colour name or #rrggbb


PARAGRAPH_BREAK = "\n\n"


def changed_pieces(old: str, new: str) -> list[tuple[int, int, str]]:
    """Replacements (old start, old end, new text) that turn ``old`` into ``new``.

    Both texts are laid out paragraph by paragraph (blank-line separated), and
    a streamed batch or an edit changes a few paragraphs: replacing only those
    keeps Qt from laying out the whole article again. When the paragraph count
    differs, one replacement covers the span between the common prefix and
    suffix.
    """
    old_paras, new_paras = old.split(PARAGRAPH_BREAK), new.split(PARAGRAPH_BREAK)
    if len(old_paras) == len(new_paras):
        pieces = []
        pos = 0
        for before, after in zip(old_paras, new_paras, strict=True):
            if before != after:
                pieces.append((pos, pos + len(before), after))
            pos += len(before) + len(PARAGRAPH_BREAK)
        return pieces
    prefix = common_prefix(old, new)
    suffix = common_prefix(old[prefix:][::-1], new[prefix:][::-1])
    return [(prefix, len(old) - suffix, new[prefix : len(new) - suffix])]


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of two strings."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # binary search on slices: C speed instead of a Python loop
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo
