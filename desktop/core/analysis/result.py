"""What the analysis stage hands on: one plain record per document.

It lives in the analysis package (not in the pipeline that fills it) so the
brief can name it without depending on the layer above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.core.analysis.checks import Flag
    from desktop.core.analysis.claims.finder import Claim
    from desktop.core.analysis.summarize import Summary


@dataclass(frozen=True)
class Analysis:
    """Everything the analysis stage found in one document."""

    claims: list[Claim]
    summary: Summary
    flags: list[Flag] = field(default_factory=list)
