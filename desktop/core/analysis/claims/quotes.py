"""Quotation candidates: text wholly inside quotation marks, with its cue and speaker.

„...“, "...", «...» and “...” pairs are found per paragraph (a quotation may
run over several sentences; it is one claim). The cue and speaker may follow
("...", заяви X / "...," said X / "...," X said) or precede (X заяви: "..." /
Проф. Плочев: "..."). A short quoted title with no cue is a name, not a
quotation. Where the speaker phrase is comes from :mod:`.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.analysis.claims.candidate import Candidate
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.speakers import np_after, subject_before
from desktop.core.analysis.claims.text import STOP_PUNCT, is_cue_token, tokenize, trim, word_count


@dataclass(frozen=True)
class Quote:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


_OPENERS = {"„": '“”"', "«": "»", "“": '”"', '"': '"', "‚": "‘’'"}


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Pairs of quotation marks in ``text[start:end]``, left to right, not nested."""
    quotes: list[Quote] = []
    i = start
    while i < end:
        closers = _OPENERS.get(text[i])
        if closers is not None:
            j = i + 1
            while j < end and text[j] not in closers and text[j] != "\n":
                j += 1
            if j < end and text[j] in closers:
                quotes.append(Quote(i, j))
                i = j + 1
                continue
        i += 1
    return quotes


def quote_candidate(text: str, q: Quote, para_start: int, para_end: int, lex: Lexicon) -> Candidate | None:
    """A quotation and, when the text gives them, its cue and speaker on either side."""
    inner = trim(text, q.open + 1, q.close, strip=" \t\n,")
    words = word_count(text[inner[0] : inner[1]])
    if words == 0:
        return None
    cue_span: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    # After: "...", заяви X.  /  "...," said X.  /  "...," X said.
    after_toks = tokenize(text, q.close + 1, para_end)
    i = 0
    while i < len(after_toks) and after_toks[i].text in {",", ".", "-", "–", "—", "!", "?"} and i < 3:
        i += 1
    inner_punct = text[q.open + 1 : q.close].rstrip()[-1:] in {",", ".", "!", "?", "…"}
    if i > 0 or inner_punct:
        k = i
        while (
            k < len(after_toks)
            and after_toks[k].low in lex.adverbs
            and not after_toks[k].is_cap
            and k < i + 3
        ):
            k += 1
        if k < len(after_toks) and is_cue_token(after_toks[k], lex):
            cue_span = (after_toks[k].start, after_toks[k].end)
            rng = np_after(after_toks, k + 1, lex)
            if rng is not None:
                speaker = trim(text, after_toks[rng[0]].start, after_toks[rng[1] - 1].end)
        elif lex.lang == "en":
            # '"...," Kirby said.' / '"...," the spokeswoman said.'
            for k2 in range(k, min(k + 8, len(after_toks))):
                if after_toks[k2].text in STOP_PUNCT:
                    break
                if is_cue_token(after_toks[k2], lex):
                    if k2 > k:
                        cue_span = (after_toks[k2].start, after_toks[k2].end)
                        speaker = trim(text, after_toks[k].start, after_toks[k2 - 1].end)
                    break
        else:
            # Multi-word cue right after the quote ("..." изрази надежда X).
            region = text[after_toks[k].start : para_end].lower() if k < len(after_toks) else ""
            for pattern in lex.multiword_cues:
                m = re.match(pattern, region)
                if m:
                    s = after_toks[k].start
                    cue_span = (s, s + m.end())
                    rest = [t for t in after_toks if t.start >= cue_span[1]]
                    rng = np_after(rest, 0, lex)
                    if rng is not None:
                        speaker = trim(text, rest[rng[0]].start, rest[rng[1] - 1].end)
                    break
    if cue_span is None:
        # Before: X заяви: "..."  /  заяви X: "..."  /  Проф. Плочев: "..."
        before = text[para_start : q.open]
        if re.search(r"[:,]\s*$", before):
            clause_start = max(before.rfind(". "), before.rfind("! "), before.rfind("? "))
            c0 = para_start + (clause_start + 2 if clause_start >= 0 else 0)
            toks = tokenize(text, c0, q.open)
            while toks and toks[-1].text in {":", ","}:
                toks.pop()
            for k in range(len(toks) - 1, -1, -1):
                if is_cue_token(toks[k], lex):
                    cue_span = (toks[k].start, toks[k].end)
                    if k + 1 < len(toks):
                        rng = np_after(toks, k + 1, lex)
                        if rng is not None:
                            speaker = trim(text, toks[rng[0]].start, toks[rng[1] - 1].end)
                    if speaker is None:
                        subj = subject_before(toks, 0, k, text, lex)
                        if subj is not None:
                            speaker = trim(text, toks[subj[0]].start, toks[subj[1] - 1].end)
                    break
            if (
                cue_span is None
                and before.rstrip().endswith(":")
                and 0 < len(toks) <= 6
                and any(t.is_cap for t in toks)
            ):
                speaker = trim(text, toks[0].start, toks[-1].end)
    inner_text = text[inner[0] : inner[1]]
    if (
        cue_span is None
        and speaker is None
        and not (words >= 8 or (words >= 4 and re.search(r"[,.!?;:…]", inner_text)))
    ):
        return None  # a title or a name in quotes, not a quotation
    pos = speaker[0] if speaker else (cue_span[0] if cue_span else q.open)
    return Candidate(ClaimKind.QUOTE, inner, cue_span, speaker, pos=pos, implicit_speaker=speaker is None)
