"""One legend for claim kinds, annotations and markers, in a light and a dark version.

Every claim kind has a tint (background), an ink (underline and list swatch)
and an underline *style*, so kinds stay distinguishable without colour
(printouts, colour-blind readers): quote = solid, reported = dashed,
attribution = dotted, fact = wavy. The panes, the claims list and the legend
all read from here, and the hues are the legend colours of
:class:`~desktop.core.analysis.claims.kinds.ClaimKind` (the one list of kinds,
which the brief and the CLI use too), so app and exported brief agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat

from desktop.core.analysis.claims.kinds import ClaimKind

UnderlineStyle = QTextCharFormat.UnderlineStyle
#: The claim kinds in legend order (the enum's order), for lists and legends.
CLAIM_KINDS: tuple[ClaimKind, ...] = tuple(ClaimKind)


@dataclass(frozen=True)
class KindStyle:
    """How one claim kind looks in one theme."""

    kind: str
    label: str
    tint: str  # background behind the claim text
    ink: str  # underline and swatch colour
    underline: UnderlineStyle
    pattern: str  # words for the legend tooltip: how to tell it without colour
    description: str = ""  # the brief's long label ("Reported speech")


_UNDERLINES = {
    ClaimKind.QUOTE: (UnderlineStyle.SingleUnderline, "solid underline"),
    ClaimKind.REPORTED: (UnderlineStyle.DashUnderline, "dashed underline"),
    ClaimKind.ATTRIBUTION: (UnderlineStyle.DotLine, "dotted underline"),
    ClaimKind.FACT: (UnderlineStyle.WaveUnderline, "wavy underline"),
}


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` blended with ``other`` (``share`` of ``other``), as #rrggbb."""
    a, b = QColor(colour), QColor(other)
    channels = (
        round(a.red() * (1 - share) + b.red() * share),
        round(a.green() * (1 - share) + b.green() * share),
        round(a.blue() * (1 - share) + b.blue() * share),
    )
    return "#{:02x}{:02x}{:02x}".format(*channels)


def _kind_styles(theme: str) -> dict[str, KindStyle]:
    """The kinds' legend colours made into tints and inks for a theme."""
    styles: dict[str, KindStyle] = {}
    for kind in ClaimKind:
        base = kind.colour
        if theme == "dark":
            tint, ink = mix(base, "#1b1e23", 0.70), mix(base, "#ffffff", 0.10)
        else:
            tint, ink = mix(base, "#ffffff", 0.60), mix(base, "#000000", 0.38)
        underline, pattern = _UNDERLINES[kind]
        styles[kind] = KindStyle(kind, kind.short_label, tint, ink, underline, pattern, kind.label)
    return styles


_LIGHT = _kind_styles("light")
_DARK = _kind_styles("dark")


@dataclass(frozen=True)
class Palette:
    """Every colour the reading panes use, for one theme."""

    name: str
    kinds: dict[str, KindStyle]
    hover: QColor  # translucent, painted over claim tints
    selected: QColor
    edited_ink: str
    flag_ink: str
    gutter_bg: str
    muted_ink: str
    annotation_colours: dict[str, str]  # name -> colour for highlights
    note_tint: str

    def kind(self, kind: str) -> KindStyle:
        return self.kinds.get(kind, self.kinds["fact"])


def _rgba(hex_colour: str, alpha: int) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


LIGHT = Palette(
    name="light",
    kinds=_LIGHT,
    hover=_rgba("#5b7fa6", 45),
    selected=_rgba("#3b82f6", 60),
    edited_ink="#00695c",
    flag_ink="#c62828",
    gutter_bg="#f3f4f6",
    muted_ink="#6b7280",
    annotation_colours={"yellow": "#fff176", "green": "#b9f6ca", "pink": "#f8bbd0", "blue": "#b3e5fc"},
    note_tint="#fff3a8",
)

DARK = Palette(
    name="dark",
    kinds=_DARK,
    hover=_rgba("#9db8d9", 50),
    selected=_rgba("#60a5fa", 70),
    edited_ink="#4dd0b5",
    flag_ink="#ff7b72",
    gutter_bg="#23262b",
    muted_ink="#9aa3ad",
    annotation_colours={"yellow": "#6b5d14", "green": "#1e5a3a", "pink": "#6a2a45", "blue": "#1c4a66"},
    note_tint="#5e5218",
)


def palette_for(theme: str) -> Palette:
    return DARK if theme == "dark" else LIGHT


def annotation_colour(palette: Palette, name: str | None) -> str:
    """A stored colour name (or a #rrggbb value) as a colour for this theme."""
    if not name:
        return palette.annotation_colours["yellow"]
    if name.startswith("#"):
        return name
    return palette.annotation_colours.get(name, palette.annotation_colours["yellow"])
