"""Small documents and translations for the library tests (no segmenter or model needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.document import Document, SourceMeta, build_paragraphs
from desktop.core.translation import TITLE_ID, TITLE_INDEX, DocumentTranslation, TranslatedSentence

BG_TEXT = (
    "Севернокорейският лидер Ким Чен-ун иска да се срещне с Владимир Путин в Русия, "
    "каза днес говорителката на Белия дом. Срещата може да се състои този месец.\n\n"
    "„Както вече сме казвали, ще следим внимателно“, заяви Джон Кърби. "
    "Той припомни визитата на министъра Сергей Шойгу в Пхенян.\n\n"
    "Според агенцията износът на страната е нараснал със 17 процента за година."
)

EN_BY_ID = {
    "p1s1": "North Korean leader Kim Jong-un wants to meet Vladimir Putin in Russia, "
    "the White House spokeswoman said today.",
    "p1s2": "The meeting may take place this month.",
    "p2s1": "\"As we have said, we will watch closely,\" said John Kirby.",
    "p2s2": "He recalled the visit of minister Sergei Shoigu to Pyongyang.",
    "p3s1": "According to the agency, the country's exports grew by 17 percent in a year.",
}

_SENTENCE = re.compile(r"\S[^.!?]*[.!?]+[“”\"]?")


def segment(text: str) -> list[list[tuple[int, int]]]:
    """Paragraphs split on blank lines, sentences on . ! ? (enough for these texts)."""
    spans: list[list[tuple[int, int]]] = []
    pos = 0
    for block in text.split("\n\n"):
        start = text.index(block, pos)
        pos = start + len(block)
        spans.append([(start + m.start(), start + m.end()) for m in _SENTENCE.finditer(block)])
    return spans


def make_document(
    text: str = BG_TEXT,
    *,
    title: str = "Ким Чен-ун иска среща с Путин",
    language: str = "bg",
    name: str = "kim.txt",
    sha256: str | None = None,
    date: str | None = "2026-11-24",
) -> Document:
    return Document(
        title=title,
        language=language,
        text=text,
        meta=SourceMeta(name=name, path=f"/tmp/{name}", format="txt", encoding="utf-8", sha256=sha256, date=date),
        paragraphs=build_paragraphs(text, segment(text)),
    )


def make_translation(
    doc: Document,
    *,
    english: dict[str, str] | None = None,
    model: str = "opus-mt-bg-en",
    title_en: str | None = None,
) -> DocumentTranslation:
    english = EN_BY_ID if english is None else english
    headline = TranslatedSentence(
        sentence_id=TITLE_ID, index=TITLE_INDEX, source=doc.title, text=title_en or "", score=-0.2,
        model=model, revision="abc123", backend="ct2", profile="quality",
    )
    return DocumentTranslation(
        title=headline if title_en is not None else None,
        sentences=tuple(
            TranslatedSentence(
                sentence_id=s.id,
                index=s.index,
                source=s.text,
                text=english.get(s.id, f"English of {s.id}"),
                score=-0.25 - s.index / 100,
                model=model,
                revision="abc123",
                backend="ct2",
                profile="quality",
            )
            for s in doc.iter_sentences()
        ),
        model=model,
        revision="abc123",
        backend="ct2",
        profile="quality",
    )


@dataclass(frozen=True)
class FakeClaim:
    """Shaped like the claim finder's dataclass: stored via asdict."""

    id: str
    kind: str
    speaker: str
    score: float
    spans: tuple[tuple[int, int], ...]
