"""The last stage: one claim per statement, then a score that orders the list.

:func:`dedupe` keeps one candidate where rules overlap (a quotation and the
reported speech around it, a relay around an attribution);
:func:`substantial` drops fragments too short to be statements; :func:`score` combines the kind,
the check-worthiness model (:mod:`.score`), the figures and how sure the
speaker is into one number in [0, 1], most check-worthy first.
"""

from __future__ import annotations

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.score import checkworthiness, text_features
from desktop.core.analysis.claims.text import word_count


def _covers(outer: tuple[int, int], inner: tuple[int, int], slack: int = 2) -> bool:
    return outer[0] - slack <= inner[0] and inner[1] <= outer[1] + slack


def _length(span: tuple[int, int]) -> int:
    return max(1, span[1] - span[0])


def dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One claim per statement.

    Nested claims keep the outer one when the speaker is the same ("Кърби
    припомни, че ..., според него ..."); the inner one when the outer only
    relays it — its content holds the inner claim's cue ("„...“, каза
    Малук, предаде БТА"; "Според Вашингтон ..., отбелязва АФП") — or when the
    inner carries most of the outer content under another speaker.
    """
    drop: set[int] = set()
    for a_i, a in enumerate(cands):
        for b_i, b in enumerate(cands):
            if a_i == b_i or a_i in drop or b_i in drop:
                continue
            if not _covers(a.content, b.content):
                continue
            if a.content == b.content and a_i > b_i:
                continue  # handled from the other side
            same = (a.entity is not None and a.entity is b.entity) or (
                a.speaker_name is not None and a.speaker_name == b.speaker_name
            )
            relays = b.cue is not None and a.content[0] <= b.cue[0] and b.cue[1] <= a.content[1]
            if same or a.content == b.content:
                drop.add(b_i)
            elif relays or _length(b.content) >= 0.6 * _length(a.content):
                drop.add(a_i)
    return [c for i, c in enumerate(cands) if i not in drop]


def claim_region(cand: Candidate, sentence_end: int) -> tuple[int, int]:
    """Characters a claim occupies: content, cue and speaker, and after a postposed cue the sentence's rest."""
    spans = [cand.content] + [s for s in (cand.cue, cand.speaker) if s is not None]
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    if cand.cue is not None and cand.content[1] <= cand.cue[0]:
        end = max(end, sentence_end)
    return start, end


def substantial(cand: Candidate, text: str) -> bool:
    """Enough words to be a statement: "според нея решение" is not a claim."""
    words = word_count(text[cand.content[0] : cand.content[1]])
    return words >= (1 if cand.kind is ClaimKind.QUOTE else 3 if cand.kind is ClaimKind.ATTRIBUTION else 2)


_KIND_BASE = {ClaimKind.QUOTE: 0.62, ClaimKind.REPORTED: 0.58, ClaimKind.ATTRIBUTION: 0.54, ClaimKind.FACT: 0.46}


def score(cand: Candidate, text: str, lex: Lexicon) -> float:
    """How check-worthy a claim is (0..1): its kind, the check-worthiness model, figures, a named speaker."""
    content = text[cand.content[0] : cand.content[1]]
    feats = text_features(content, lex.lang)
    worth = checkworthiness(content, lex.lang, feats=feats)
    value = _KIND_BASE[cand.kind] + 0.3 * (worth - 0.3)
    if cand.kind is not ClaimKind.FACT:
        if cand.entity is not None:
            value += 0.1
        elif cand.speaker_name is None:
            value -= 0.12
    if feats.get("figure"):
        value += 0.08
    words = word_count(content)
    if words < 4:
        value -= 0.25
    elif words > 60:
        value -= 0.05
    return round(max(0.0, min(1.0, value)), 4)
