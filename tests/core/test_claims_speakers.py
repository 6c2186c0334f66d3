"""Who said it (issue 12): pronouns and roles resolved in both languages, or honestly unknown;
claim boundaries as a desk sees them; the English brief line from a translated claim."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.analysis.claims.finder import Claim, ensure_segmented, find_claims
from desktop.core.analysis.claims.kinds import ClaimKind
from desktop.core.analysis.claims.lexicon.bg import BG_CUE_LEMMAS, BG_MULTIWORD_CUES
from desktop.core.analysis.claims.lexicon.cues import VERBS, english_cue
from desktop.core.document import Document
from desktop.core.jobs import run_job
from desktop.core.translation import DocumentTranslation

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def claims_of(text: str, lang: str = "bg") -> list[Claim]:
    return find_claims(ensure_segmented(Document(title="", language=lang, text=text)))


def claim_with(claims: list[Claim], words: str) -> Claim:
    hits = [c for c in claims if words in c.content.text]
    assert hits, f"no claim holds {words!r}: {[c.content.text for c in claims]}"
    return hits[0]


# --- pronouns and roles, Bulgarian --------------------------------------------


def test_bulgarian_pronoun_finds_the_person_of_its_gender_not_the_last_name() -> None:
    claims = claims_of(
        "Депутатката Мария Петрова се срещна с министъра Иван Георгиев в понеделник. "
        "Георгиев заяви, че бюджетът е готов. "
        "Тя каза, че опозицията ще гласува против бюджета."
    )
    she = claim_with(claims, "опозицията ще гласува")
    assert she.speaker is not None and she.speaker.text == "Тя"
    assert she.speaker_name == "Мария Петрова"
    assert not she.speaker_unclear
    assert claim_with(claims, "бюджетът е готов").speaker_name == "Иван Георгиев"


def test_bulgarian_past_tense_gender_picks_the_speaker_when_the_subject_is_dropped() -> None:
    # "Заявила" (she) skips the man who spoke last; "Заявил" (he) the woman.
    claims = claims_of(
        "Мария Петрова откри сесията в понеделник. "
        "Иван Георгиев заяви, че бюджетът е готов. "
        "Заявила още, че опозицията ще гласува против."
    )
    assert claim_with(claims, "опозицията ще гласува").speaker_name == "Мария Петрова"
    masculine = claims_of(
        "Иван Георгиев откри сесията в понеделник. "
        "Мария Петрова заяви, че бюджетът не е готов. "
        "Заявил още, че опозицията ще гласува против."
    )
    assert claim_with(masculine, "опозицията ще гласува").speaker_name == "Иван Георгиев"


def test_bulgarian_role_refers_back_but_an_indefinite_role_is_someone_new() -> None:
    claims = claims_of(
        "Министърът на отбраната Петър Иванов заяви, че армията е в готовност. "
        "Министърът добави, че заплатите ще растат. "
        "Говорител на министерството каза, че учението ще продължи три дни. "
        "Говорителят уточни, че в него участват 300 войници."
    )
    assert claim_with(claims, "заплатите ще растат").speaker_name == "Петър Иванов"
    new = claim_with(claims, "учението ще продължи")
    assert new.speaker_name == "говорител на министерството".capitalize()
    later = claim_with(claims, "участват 300 войници")
    assert later.speaker_name == new.speaker_name  # the spokesman, not the minister


def test_a_body_named_once_is_found_by_its_head_noun() -> None:
    claims = claims_of(
        "Световната банка предупреди, че растежът ще се забави. Банката заяви, че бедността ще се увеличи."
    )
    assert claim_with(claims, "бедността ще се увеличи").speaker_name == "Световната банка"


# --- pronouns and roles, English ----------------------------------------------


def test_english_pronoun_and_title_find_the_right_person() -> None:
    claims = claims_of(
        "Ms Sarah Jones met Defence Secretary John Smith on Monday. "
        "Mr Smith said the budget was ready. "
        "She said the opposition would vote against it.",
        "en",
    )
    assert claim_with(claims, "the opposition would vote").speaker_name == "Sarah Jones"
    assert claim_with(claims, "the budget was ready").speaker_name == "John Smith"


def test_english_role_refers_back_to_the_person_just_named() -> None:
    claims = claims_of(
        "New York Senator Charles Schumer said the tapes were stolen. "
        '"Baggage handlers should have background checks," the Democrat senator said.',
        "en",
    )
    assert claim_with(claims, "Baggage handlers").speaker_name == "Charles Schumer"


def test_english_unnamed_officials_of_a_body_speak_for_it() -> None:
    claims = claims_of(
        "The Bank of America has revealed it has lost computer tapes. "
        "Account holders would be notified of any unusual activity, bank officials said.",
        "en",
    )
    assert claim_with(claims, "Account holders").speaker_name == "Bank of America"


# --- honestly unknown ---------------------------------------------------------------


def test_an_unresolvable_speaker_is_unclear_not_guessed() -> None:
    claims = claims_of("Той заяви, че цените ще паднат през есента.")
    claim = claim_with(claims, "цените ще паднат")
    assert claim.kind is ClaimKind.REPORTED
    assert claim.speaker_name is None and claim.speaker_en is None
    assert claim.speaker_confidence == 0.0 and claim.speaker_unclear
    english = claims_of("He said prices would fall in the autumn.", "en")
    assert claim_with(english, "prices would fall").speaker_unclear


def test_function_words_places_and_dates_are_never_speakers() -> None:
    claims = claims_of(
        "В сряда, Варна-запад отбеляза рекорд. Според данни на общината посещенията са се увеличили с 20%. "
        "But the mayor said tourism was growing, officials added.",
        "bg",
    )
    for c in claims:
        assert c.speaker_name not in {"В сряда", "Варна-запад", "But", "the", "Според", "(Според)"}


# --- claim boundaries ---------------------------------------------------------------


def test_two_quotations_in_one_sentence_are_two_claims() -> None:
    claims = claims_of(
        "„Няма да отстъпим“, заяви председателят Иван Петров, „и ще продължим да се борим за справедливост“."
    )
    quotes = [c for c in claims if c.kind is ClaimKind.QUOTE]
    assert len(quotes) == 2
    assert {c.speaker_name for c in quotes} == {"Иван Петров"}
    assert {c.content.text for c in quotes} == {
        "Няма да отстъпим",
        "и ще продължим да се борим за справедливост",
    }


def test_a_quotation_across_sentences_is_one_claim() -> None:
    claims = claims_of(
        "„Преговорите напредват бързо. Очакваме споразумение до края на месеца. Няма да се откажем“, "
        "каза говорителката Мария Иванова."
    )
    quotes = [c for c in claims if c.kind is ClaimKind.QUOTE]
    assert len(quotes) == 1
    assert len(quotes[0].sentence_ids) == 3 and quotes[0].speaker_name == "Мария Иванова"


def test_a_quotation_over_paragraphs_continues_with_its_speaker() -> None:
    claims = claims_of(
        'Mr Blair said: "The Conservative tax plans would put at risk the economic stability of the country.\n\n'
        '"It is a recipe for exactly the same boom and bust economics," he said.',
        "en",
    )
    first = claim_with(claims, "would put at risk")
    assert first.kind is ClaimKind.QUOTE and first.speaker_name == "Blair"


def test_direct_speech_without_quotation_marks_is_reported() -> None:
    bg = claim_with(claims_of("Ще продължим реформите въпреки протестите, казва Ашок Масих."), "реформите")
    assert bg.kind is ClaimKind.REPORTED and bg.speaker_name == "Ашок Масих"
    en = claim_with(
        claims_of("Prime Minister Jane Doe spoke in Leeds. We will carry on with the reforms, she says.", "en"),
        "carry on with the reforms",
    )
    assert en.kind is ClaimKind.REPORTED and en.speaker_name == "Jane Doe"


def test_unmarked_first_person_speech_before_its_cue_is_one_claim() -> None:
    claims = claims_of(
        "Моля президента да ни помогне да заминем. Призоваваме всички да ни подкрепят, казва Ашок Масих."
    )
    claim = claim_with(claims, "Моля президента")
    assert "Призоваваме всички" in claim.content.text and claim.speaker_name == "Ашок Масих"
    assert len([c for c in claims if c.kind is not ClaimKind.FACT]) == 1


def test_a_partial_quote_in_a_that_clause_belongs_to_the_reported_claim() -> None:
    claims = claims_of('Mr Davis said Labour had been responsible for "huge waste and huge overspending".', "en")
    assert [c.kind for c in claims] == [ClaimKind.REPORTED]


def test_requests_are_reported_claims() -> None:
    claims = claims_of("Канада призова Исламабад да гарантира сигурността на журналистите.")
    claim = claim_with(claims, "Исламабад да гарантира")
    assert claim.kind is ClaimKind.REPORTED and claim.speaker_name == "Канада"
    english = claim_with(claims_of("The minister urged Russia to stop the talks.", "en"), "Russia to stop")
    assert english.kind is ClaimKind.REPORTED


# --- English where the reader is English ----------------------------------------------


def test_every_bulgarian_cue_has_an_english_equivalent() -> None:
    assert {lemma for lemma in BG_CUE_LEMMAS.values()} <= set(VERBS)
    for form in BG_CUE_LEMMAS:
        english = english_cue(form)
        assert english is not None and not CYRILLIC.search(english), form
    for pattern in BG_MULTIWORD_CUES:
        sample = re.sub(r"\(\?:([^|)]+)[^)]*\)\??", r"\1", pattern).replace("\\s+", " ")
        assert english_cue(sample) is not None, pattern
    assert english_cue("Според") == "according to"
    assert english_cue("посочила") == "pointed out"
    assert english_cue("По думите") == "in the words of"


def test_the_english_brief_line_of_a_translated_claim_is_wholly_english(tiny_model_with_ct2: Path) -> None:
    from desktop.core.brief.model import build_brief
    from desktop.core.pipeline import analyse_job
    from desktop.core.translate.job import translate_document_job

    text = (
        "Цените на тока ще се вдигнат\n\n"
        "Цените на тока ще се вдигнат с 10 процента от юли, посочи министърката на енергетиката Елена Димитрова. "
        "Според агенцията потреблението е спаднало с 3 процента."
    )
    from desktop.core.ingest.reader import document_from_text

    doc = document_from_text(text, language="bg")
    translation: DocumentTranslation = run_job(
        translate_document_job(doc, model=tiny_model_with_ct2, profile="fast", threads=1)
    )
    analysis = run_job(analyse_job(doc, translation))
    brief = build_brief(doc, analysis, translation)
    lines = [line for line in brief.claims if line.kind != ClaimKind.FACT]
    assert lines
    for line in lines:
        assert not CYRILLIC.search(line.label), line.label
        assert not CYRILLIC.search(line.text), line.text
        assert line.text_bg and CYRILLIC.search(line.text_bg)  # the Bulgarian stays beside it
    labels = " ".join(line.label for line in lines)
    assert "(pointed out)" in labels and "(according to)" in labels
    assert "Elena Dimitrova" in labels  # the translation is garbage; the name is transliterated


def test_the_brief_says_speaker_unclear() -> None:
    from desktop.core.brief.model import SPEAKER_UNCLEAR, build_brief
    from desktop.core.pipeline import analyse_job

    doc = ensure_segmented(Document(title="", language="bg", text="Той заяви, че цените ще паднат през есента."))
    brief = build_brief(doc, run_job(analyse_job(doc)))
    assert [line.label for line in brief.claims] == [f"{SPEAKER_UNCLEAR} (заяви)"]


def test_the_claims_panel_view_says_speaker_unclear_and_marks_speaker_and_content_in_english() -> None:
    from desktop.core.translation import TranslatedSentence, english_layout
    from desktop.gui.adapters import claim_views

    doc = ensure_segmented(
        Document(
            title="",
            language="bg",
            text="Министърката Елена Петрова заяви, че цените ще паднат. Той каза, че заплатите ще растат.",
        )
    )
    english = {
        "p1s1": "Minister Elena Petrova said that prices would fall.",
        "p1s2": "He said that wages would rise.",
    }
    translation = DocumentTranslation(
        tuple(
            TranslatedSentence(s.id, s.index, s.text, english[s.id], -0.5, "tiny", "rev1", "ct2", "fast")
            for s in doc.sentences
        ),
        model="tiny",
        revision="rev1",
        backend="ct2",
        profile="fast",
    )
    layout = english_layout(doc, translation)
    views = {v.text_bg: v for v in claim_views(find_claims(doc, translation), doc, translation, layout)}
    clear = views["цените ще паднат"]
    layout_text = layout.text
    assert clear.speaker == "Elena Petrova" and clear.cue == "stated"
    assert clear.en_speaker is not None and layout_text[clear.en_speaker.start : clear.en_speaker.end].endswith(
        "Elena Petrova"
    )
    assert clear.en_content is not None and layout_text[clear.en_content.start : clear.en_content.end] == "prices would fall"
    # "Той" cannot be Petrova (she): nobody fits, and the panel says so.
    assert views["заплатите ще растат"].speaker == "speaker unclear"
