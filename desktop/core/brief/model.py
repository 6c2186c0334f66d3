"""The English brief: what a desk files, every line pointing back to its source.

A :class:`Brief` is plain data built from a document, its translation (when a
model was installed) and the :class:`~desktop.core.pipeline.Analysis`. Each
summary, claim and flag line carries the ids of the sentences it rests on, so
every exporter can link the line to the side-by-side text, and the GUI can
jump to the sentence when a line is clicked.

The writers (:mod:`.markdown`, :mod:`.html`, :mod:`.docx`, :mod:`.pdf`) import
this module, never the reverse; :func:`desktop.core.brief.formats.export_brief`
picks one by file extension.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from desktop import __version__
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon.cues import english_cue
from desktop.core.document import Document
from desktop.core.translation import DocumentTranslation, TranslatedSentence, english_layout
from desktop.core.wordlinks import unsure_spans

#: The mark kind of a word the model was unsure of.
UNSURE = "unsure"

if TYPE_CHECKING:
    from desktop.core.analysis.claims.finder import Claim
    from desktop.core.analysis.result import Analysis

@dataclass(frozen=True)
class BriefLine:
    """One line of the brief and the source sentences it points to."""

    kind: str  # summary | claim kind (quote/reported/attribution/fact) | flag
    text: str  # English when translated, else the Bulgarian source
    sentence_ids: tuple[str, ...]
    label: str = ""  # "Speaker (cue)" for claims, the flag kind for flags
    text_bg: str = ""
    machine_written: bool = False  # abstractive summary sentences
    score: float | None = None
    side: str = ""  # notes and highlights: "bg" or "en", the pane they were made in


@dataclass(frozen=True)
class ClaimMark:
    """A highlight in the side-by-side table: a span inside one sentence."""

    kind: str
    side: str  # bg | en
    start: int  # relative to the sentence text on that side
    end: int


@dataclass(frozen=True)
class SentenceRow:
    """One row of the side-by-side table."""

    sentence_id: str
    paragraph: int
    bg: str
    en: str | None
    edited: bool = False
    marks: tuple[ClaimMark, ...] = ()
    flagged: bool = False


@dataclass(frozen=True)
class Provenance:
    """Where the English came from, so a reader can judge and reproduce it."""

    model: str | None
    revision: str | None
    backend: str | None
    profile: str | None
    summary_method: str
    app_version: str = __version__
    created_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


@dataclass(frozen=True)
class Brief:
    """An English brief with provenance; see the module docstring."""

    title: str
    source: str
    date: str | None
    translated: bool
    summary: tuple[BriefLine, ...]
    claims: tuple[BriefLine, ...]
    flags: tuple[BriefLine, ...]
    rows: tuple[SentenceRow, ...]
    provenance: Provenance
    title_en: str | None = None
    #: The journalist's own work: notes (``kind`` "note": ``text`` is the note,
    #: ``label`` the passage it is on) and highlights (``kind`` "highlight":
    #: ``text`` is the passage), each with the sentence it belongs to.
    notes: tuple[BriefLine, ...] = ()
    source_language: str = "bg"  # "en": the article was English already, nothing to translate
    #: Words the model was unsure of are marked (kind "unsure", English side) -- off unless asked for.
    unsure_marked: bool = False

    @property
    def heading(self) -> str:
        """The brief's heading: the English headline when it was translated, else the source's."""
        return self.title_en or self.title

    @property
    def original_title(self) -> str | None:
        """The source headline, shown under an English heading (None when the heading is the source's)."""
        return self.title if self.title_en and self.title_en != self.title else None

    @property
    def missing_translation_notice(self) -> str | None:
        """The sentence shown instead of English when no model was installed."""
        if self.translated:
            return None
        if self.source_language == "en":
            return "The article is already in English, so it was not translated."
        return (
            "No translation model is installed, so this brief shows the Bulgarian source only. "
            "Install one with `dragoman models download opus-mt-bg-en` (connected machine) "
            "or `dragoman models import PATH` (offline), then build the brief again."
        )

    @property
    def provenance_text(self) -> str:
        """One sentence saying where the English came from, for every format's footer."""
        p = self.provenance
        if self.translated:
            engine = (
                f"Translated by {p.model} (revision {p.revision or 'unknown'}), "
                f"backend {p.backend}, profile {p.profile}."
            )
        else:
            engine = "Not translated (no model installed)."
        return f"{engine} Summary: {p.summary_method}. Dragoman {p.app_version}, {p.created_at}."

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        def lines(items: list[dict[str, Any]]) -> tuple[BriefLine, ...]:
            return tuple(BriefLine(**{**i, "sentence_ids": tuple(i["sentence_ids"])}) for i in items)

        rows = tuple(
            SentenceRow(**{**r, "marks": tuple(ClaimMark(**m) for m in r["marks"])}) for r in data["rows"]
        )
        return cls(
            title=data["title"],
            source=data["source"],
            date=data.get("date"),
            translated=data["translated"],
            summary=lines(data["summary"]),
            claims=lines(data["claims"]),
            flags=lines(data["flags"]),
            rows=rows,
            provenance=Provenance(**data["provenance"]),
            title_en=data.get("title_en"),
            notes=lines(data.get("notes", [])),
            source_language=data.get("source_language", "bg"),
            unsure_marked=bool(data.get("unsure_marked", False)),
        )


def _sentence_text(doc: Document, translation: DocumentTranslation | None, sid: str) -> tuple[str, str | None]:
    bg = doc.sentence(sid).text
    en = translation.text_for(sid) if translation is not None else None
    return bg, en


#: The label of a claim whose speaker the text does not let us name with confidence.
SPEAKER_UNCLEAR = "Speaker unclear"
#: The English label of a speaker the article leaves unnamed when the translation gives no words for it.
UNNAMED_SPEAKER = "Unnamed source"


def claim_line(claim: Claim, doc: Document, translation: DocumentTranslation | None) -> BriefLine:
    """Render one claim as ``Speaker (cue): claim``.

    With a translation the line is wholly English: the speaker's English form,
    the cue from the English cue table (else as the translation words it) and
    the claim's English; the Bulgarian stays in ``text_bg`` and the
    side-by-side table. Without one it is the Bulgarian as found. A speaker
    the text does not let us name with confidence reads "Speaker unclear".
    """
    kind = ClaimKind(claim.kind)
    bg_sentence = doc.sentence(claim.sentence_ids[0])
    text_bg = claim.content.text if claim.content else bg_sentence.text
    en_text: str | None = None
    if translation is not None:
        en_parts = [translation.text_for(sid) for sid in claim.sentence_ids]
        if claim.en is not None and claim.en.content is not None and len(claim.sentence_ids) == 1:
            en_text = claim.en.content.text
        elif all(p is not None for p in en_parts):
            en_text = " ".join(p for p in en_parts if p)
    if translation is not None:
        cue = english_cue(claim.cue.text) if claim.cue is not None else None
        if cue is None and claim.en is not None and claim.en.cue is not None:
            cue = claim.en.cue.text
        speaker = claim.speaker_en or (claim.en.speaker.text if claim.en and claim.en.speaker else None)
        if speaker is None and claim.speaker_name is not None:
            speaker = UNNAMED_SPEAKER
    else:
        cue = claim.cue.text if claim.cue is not None else None
        speaker = claim.speaker_name or (claim.speaker.text if claim.speaker else None)
    if kind.attributed and claim.speaker_unclear:
        speaker = SPEAKER_UNCLEAR
    if speaker and cue:
        label = f"{speaker} ({cue})"
    elif speaker:
        label = speaker
    else:
        label = kind.label
    return BriefLine(
        kind=kind.value,
        text=(en_text or text_bg).strip(),
        sentence_ids=tuple(claim.sentence_ids),
        label=label,
        text_bg=text_bg,
        score=claim.score,
    )


def _marks(doc: Document, claims: list[Claim]) -> dict[str, list[ClaimMark]]:
    """Per-sentence highlight spans on both sides, from document-level claim spans."""
    marks: dict[str, list[ClaimMark]] = {}
    for claim in claims:
        if claim.content is not None:
            for sid in claim.sentence_ids:
                s = doc.sentence(sid)
                start, end = max(claim.content.start, s.start), min(claim.content.end, s.end)
                if start < end:
                    marks.setdefault(sid, []).append(ClaimMark(claim.kind, "bg", start - s.start, end - s.start))
        if claim.en is not None and claim.en.content is not None:
            marks.setdefault(claim.en.sentence_id, []).append(
                ClaimMark(claim.kind, "en", claim.en.content.start, claim.en.content.end)
            )
    return marks


def build_brief(
    doc: Document,
    analysis: Analysis,
    translation: DocumentTranslation | None = None,
    *,
    max_summary: int = 5,
    annotations: Sequence[BriefAnnotation] = (),
    mark_unsure: bool = False,
) -> Brief:
    """Assemble a brief from a document, its analysis and (optionally) its translation.

    ``annotations`` are the journalist's highlights and notes (the library's
    :class:`~desktop.core.library.records.Annotation` records fit): each is
    listed with its sentence and marked in the side-by-side table.
    ``mark_unsure`` marks the English words the model was unsure of (kind
    ``"unsure"``; edited sentences have none), a dotted underline in every format.
    """
    has_translation = translation is not None and len(translation.sentences) > 0
    tr = translation if has_translation else None

    summary: list[BriefLine] = []
    for s in analysis.summary.sentences[:max_summary]:
        ids = tuple(s.source_ids)
        if s.machine_written:
            text = s.text
        elif tr is not None:
            text = " ".join(filter(None, (tr.text_for(i) for i in ids))) or s.text
        else:
            text = s.text
        bg = " ".join(doc.sentence(i).text for i in ids if _has(doc, i))
        summary.append(BriefLine("summary", text, ids, text_bg=bg, machine_written=s.machine_written))

    claims = [claim_line(c, doc, tr) for c in analysis.claims]

    flags: list[BriefLine] = []
    for f in analysis.flags:
        bg, en = _sentence_text(doc, tr, f.sentence_id)
        # The reason alone ("p1s1: 70 -> 17") sends the reader hunting; the
        # sentence itself, shortened, says at once which one to check.
        text = f"{f.reason} — “{shorten(en or bg)}”"
        flags.append(BriefLine("flag", text, (f.sentence_id,), label=f.kind, text_bg=bg))

    flagged = {f.sentence_id for f in analysis.flags}
    marks = _marks(doc, analysis.claims)
    notes = _annotation_lines(doc, tr, annotations, marks)
    rows = []
    for sent in doc.iter_sentences():
        t = tr.get(sent.id) if tr is not None else None
        rows.append(
            SentenceRow(
                sentence_id=sent.id,
                paragraph=sent.paragraph,
                bg=sent.text,
                en=t.final if t is not None else None,
                edited=bool(t is not None and t.edited),
                marks=tuple(marks.get(sent.id, ())) + (_unsure_marks(t) if mark_unsure else ()),
                flagged=sent.id in flagged,
            )
        )

    provenance = Provenance(
        model=tr.model if tr is not None else None,
        revision=tr.revision if tr is not None else None,
        backend=tr.backend if tr is not None else None,
        profile=tr.profile if tr is not None else None,
        summary_method=analysis.summary.method,
    )
    return Brief(
        title=doc.title or doc.meta.name or "Untitled article",
        source=doc.meta.url or doc.meta.name or "",
        date=doc.meta.date,
        translated=has_translation,
        summary=tuple(summary),
        claims=tuple(claims),
        flags=tuple(flags),
        rows=tuple(rows),
        provenance=provenance,
        title_en=tr.title_text if tr is not None else None,
        notes=tuple(notes),
        source_language=doc.language,
        unsure_marked=mark_unsure and tr is not None,
    )


def _unsure_marks(t: TranslatedSentence | None) -> tuple[ClaimMark, ...]:
    if t is None:
        return ()
    return tuple(ClaimMark(UNSURE, "en", a, b) for a, b in unsure_spans(t.final, t.word_links))


#: Longest passage or sentence quoted in a line of the brief.
QUOTE_CHARS = 90


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` on one line, cut at a word boundary with "…" when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(",;:—– ") + "…"


class BriefAnnotation(Protocol):
    """What the brief needs of a highlight or note (the library's Annotation has it)."""

    side: str  # bg | en
    start: int  # into Document.text (bg) or the English layout text (en)
    end: int
    kind: str  # highlight | note
    text: str  # the note; empty for a plain highlight


def _annotation_lines(
    doc: Document,
    tr: DocumentTranslation | None,
    annotations: Sequence[BriefAnnotation],
    marks: dict[str, list[ClaimMark]],
) -> list[BriefLine]:
    """One line per note or highlight, in reading order; their passages added to ``marks``."""
    layout = english_layout(doc, tr) if tr is not None else None
    found: list[tuple[int, int, BriefLine]] = []
    for a in annotations:
        if a.side == "bg":
            text, spans = doc.text, {s.id: (s.start, s.end) for s in doc.sentences}
        elif a.side == "en" and layout is not None:
            text, spans = layout.text, layout.spans
        else:
            continue  # English notes with no English to anchor them
        start, end = max(0, a.start), min(len(text), a.end)
        covered = [sid for sid, (s0, s1) in spans.items() if s0 < end and start < s1]
        if start >= end or not covered:
            continue
        kind = "note" if a.kind == "note" else "highlight"
        for sid in covered:
            s0, s1 = spans[sid]
            lo, hi = max(start, s0), min(end, s1)
            marks.setdefault(sid, []).append(ClaimMark(kind, a.side, lo - s0, hi - s0))
        passage = shorten(text[start:end])
        line = (
            BriefLine("note", a.text.strip(), tuple(covered), label=passage, side=a.side)
            if kind == "note"
            else BriefLine("highlight", passage, tuple(covered), side=a.side)
        )
        order = doc.sentence(covered[0]).index
        found.append((order, start, line))
    return [line for _, _, line in sorted(found, key=lambda t: (t[0], t[1]))]


def _has(doc: Document, sid: str) -> bool:
    try:
        doc.sentence(sid)
    except KeyError:
        return False
    return True
