"""The four kinds of claim, defined once for the finder, the brief, the GUI and the CLI.

A kind's value is the word stored in the library and printed by
``dragoman claims`` ("quote", "reported", "attribution", "fact"); its label
and colour are the legend a reader learns in the app and finds again in the
exported brief. :class:`ClaimKind` is a ``str`` enum, so a kind compares
equal to its stored word and serialises to it in JSON.
"""

from __future__ import annotations

from enum import StrEnum


class ClaimKind(StrEnum):
    """What a claim is, in the order the legend shows the kinds."""

    QUOTE = "quote"  # content wholly in quotation marks
    REPORTED = "reported"  # a reporting verb ("заяви", "said"), no quotation marks
    ATTRIBUTION = "attribution"  # a phrase names the source ("според", "according to")
    FACT = "fact"  # an unattributed statement with a checkable figure

    @classmethod
    def parse(cls, value: str) -> ClaimKind | None:
        """The kind named ``value`` ("quote"), or None for anything else (a brief's "summary" line)."""
        try:
            return cls(value)
        except ValueError:
            return None

    @property
    def label(self) -> str:
        """The long name shown in the legend and the brief ("Reported speech")."""
        return _LABELS[self]

    @property
    def short_label(self) -> str:
        """The one-word name for narrow places (the claims list, the legend bar)."""
        return _SHORT_LABELS[self]

    @property
    def colour(self) -> str:
        """The legend colour (#rrggbb); the GUI derives light and dark tints from it."""
        return _COLOURS[self]

    @property
    def attributed(self) -> bool:
        """True for the kinds that have a speaker (all but facts)."""
        return self is not ClaimKind.FACT


_LABELS = {
    ClaimKind.QUOTE: "Direct quote",
    ClaimKind.REPORTED: "Reported speech",
    ClaimKind.ATTRIBUTION: "Attribution",
    ClaimKind.FACT: "Checkable fact",
}
_SHORT_LABELS = {
    ClaimKind.QUOTE: "Quote",
    ClaimKind.REPORTED: "Reported",
    ClaimKind.ATTRIBUTION: "Attribution",
    ClaimKind.FACT: "Fact",
}
_COLOURS = {
    ClaimKind.QUOTE: "#f6c85f",  # amber
    ClaimKind.REPORTED: "#6fb3e0",  # blue
    ClaimKind.ATTRIBUTION: "#b39ddb",  # violet
    ClaimKind.FACT: "#8bd3a5",  # green
}
