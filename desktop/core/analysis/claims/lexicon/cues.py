"""The English of every Bulgarian cue: what the English brief prints after a speaker.

"Elena Dimitrova (Според): ..." is no use to an English reader. Every verb
in :mod:`.bg` (by the verb a form belongs to: "казала" -> "каза"), every
multi-word cue and every attribution and relay phrase has an English
equivalent here, in the past tense news English uses ("said", "pointed
out", "according to"). A test checks that no Bulgarian cue is left without one.
"""

from __future__ import annotations

import re

from desktop.core.analysis.claims.lexicon.bg import BG_CUE_LEMMAS

#: Bulgarian verb (aorist or present, as listed in :mod:`.bg`) -> English.
VERBS: dict[str, str] = {
    "каза": "said", "казва": "said", "заяви": "stated", "заявява": "stated", "обяви": "announced",
    "обявява": "announced", "посочи": "pointed out", "посочва": "pointed out", "подчерта": "stressed",
    "подчертава": "stressed", "добави": "added", "добавя": "added", "допълни": "added", "допълва": "added",
    "коментира": "commented", "съобщи": "reported", "съобщава": "reported", "съобщиха": "reported",
    "потвърди": "confirmed", "потвърждава": "confirmed", "отбеляза": "noted", "отбелязва": "noted",
    "припомни": "recalled", "припомня": "recalled", "напомни": "reminded", "напомня": "reminded",
    "увери": "assured", "уверява": "assured", "предупреди": "warned", "предупреждава": "warned",
    "призова": "urged", "призовава": "urged", "обясни": "explained", "обяснява": "explained",
    "уточни": "specified", "уточнява": "specified", "заключи": "concluded", "изтъкна": "pointed out",
    "изтъква": "pointed out", "поясни": "clarified", "пояснява": "clarified", "сподели": "said",
    "споделя": "said", "настоя": "insisted", "настоява": "insisted", "разказа": "recounted",
    "разказва": "recounted", "оцени": "assessed", "оценява": "assessed", "призна": "admitted",
    "признава": "admitted", "отговори": "replied", "отговаря": "replied", "информира": "informed",
    "декларира": "declared", "прогнозира": "forecast", "обеща": "promised", "обещава": "promised",
    "цитира": "quoted", "написа": "wrote", "пише": "wrote", "алармира": "warned", "акцентира": "stressed",
    "изчисли": "calculated", "поиска": "demanded", "помоли": "asked", "моли": "asked", "апелира": "appealed",
    "отхвърли": "rejected", "отхвърля": "rejected", "опроверга": "denied", "възрази": "objected",
    "обвини": "accused", "обвинява": "accused", "оповести": "announced", "разкри": "revealed",
    "попита": "asked", "сигнализира": "signalled", "предаде": "reported", "предава": "reported",
    "заплаши": "threatened", "предрече": "predicted", "сочи": "indicated", "смята": "believes",
    "счита": "believes", "твърди": "claimed", "отрече": "denied", "очаква": "expects",
}

#: Multi-word cues and phrases (regex over the lower-case Bulgarian) -> English.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?загриженост", "expressed concern"),
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?надежда", "expressed hope"),
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?увереност", "expressed confidence"),
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?съжаление", "expressed regret"),
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?(?:опасения|опасение|безпокойство)", "voiced fears"),
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?(?:мнение|позиция)", "gave the view"),
    (r"(?:изрази|обяви|изразява)\w*\s+(?:\w+\s+)?несъгласие", "disagreed"),
    (r"даде\w*\s+да\s+се\s+разбере", "indicated"),
    (r"даде\w*\s+сигнал", "signalled"),
    (r"се\s+казва", "it says"),
    (r"се\s+посочва", "it points out"),
    (r"се\s+твърди", "it claims"),
    (r"се\s+подчертава", "it stresses"),
    (r"се\s+отбелязва", "it notes"),
    (r"се\s+съобщава", "it reports"),
    (r"се\s+уточнява", "it specifies"),
    (r"е\s+на\s+мнение", "believes"),
    (r"по\s+думите\s+на", "in the words of"),
    (r"по\s+думите\s+(?:му|й|ѝ|им)", "in the words of"),
    (r"по\s+думите", "in the words of"),
    (r"по\s+данни\s+на", "according to data from"),
    (r"по\s+информация\s+на", "according to information from"),
    (r"по\s+сведения\s+на", "according to"),
    (r"по\s+оценк[аи]\s+на", "according to estimates by"),
    (r"става\s+ясно\s+от", "according to"),
    (r"сочат\s+данни", "data show"),
    (r"цитиран\w*\s+от", "quoted by"),
    (r"позова\w*\s+се\s+на|като\s+се\s+позова\w*\s+на", "citing"),
    (r"според", "according to"),
)


def english_cue(bulgarian: str) -> str | None:
    """The English for a Bulgarian cue as it stands in the text ("посочила" -> "pointed out")."""
    low = " ".join(bulgarian.lower().split())
    for pattern, english in PHRASES:
        if re.fullmatch(pattern, low) or re.match(pattern + r"(?!\w)", low):
            return english
    lemma = BG_CUE_LEMMAS.get(low)
    if lemma is None and " " in low:
        lemma = BG_CUE_LEMMAS.get(low.split()[-1])
    return VERBS.get(lemma) if lemma is not None else None
