"""The claim finder: kinds, speakers, spans in both languages, ranking, CLI, real-data recall."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.cli import main as cli_main
from desktop.core.analysis.claims.finder import Claim, ensure_segmented, find_claims, score_text
from desktop.core.analysis.transliterate import english_name, transliterate_name
from desktop.core.document import Document
from desktop.core.translation import DocumentTranslation, TranslatedSentence


def doc_of(text: str, lang: str = "bg") -> Document:
    return ensure_segmented(Document(title="", language=lang, text=text))


def only(claims: list[Claim], kind: str) -> list[Claim]:
    return [c for c in claims if c.kind == kind]


def assert_spans_slice(
    doc: Document, claims: list[Claim], translation: DocumentTranslation | None = None
) -> None:
    for c in claims:
        for span in (c.content, c.speaker, c.cue):
            if span is not None:
                assert doc.text[span.start : span.end] == span.text
                assert span.text.strip() == span.text and span.text
        for sid in c.sentence_ids:
            s = doc.sentence(sid)
            assert s.start < c.content.end and c.content.start < s.end or c.kind == "quote"
        if c.en is not None:
            assert translation is not None
            en = translation.text_for(c.en.sentence_id)
            assert en is not None
            for span in (c.en.content, c.en.speaker, c.en.cue):
                if span is not None:
                    assert en[span.start : span.end] == span.text


# --- kinds, Bulgarian ------------------------------------------------------------


def test_bulgarian_reported_speech_before_and_after_the_speaker() -> None:
    doc = doc_of(
        "Министърът на финансите Асен Василев заяви, че дефицитът ще остане под контрол. "
        "Цените на горивата ще растат и през зимата, казала икономистката Петя Колева."
    )
    claims = find_claims(doc)
    reported = only(claims, "reported")
    assert len(reported) == 2
    first = next(c for c in reported if c.cue and c.cue.text == "заяви")
    assert first.speaker_name == "Асен Василев"
    assert first.content.text == "дефицитът ще остане под контрол"
    second = next(c for c in reported if c.cue and c.cue.text == "казала")
    assert second.speaker_name == "Петя Колева"
    assert second.content.text.startswith("Цените на горивата ще растат")
    assert_spans_slice(doc, claims)


def test_bulgarian_plural_and_multiword_cues() -> None:
    doc = doc_of(
        "От БСП заявиха, че ще гласуват против бюджета. Премиерът изрази загриженост, че реформата се бави."
    )
    claims = find_claims(doc)
    cues = {c.cue.text for c in claims if c.cue}
    assert {"заявиха", "изрази загриженост"} <= cues
    bsp = next(c for c in claims if c.cue and c.cue.text == "заявиха")
    assert bsp.speaker_name == "БСП"
    assert_spans_slice(doc, claims)


def test_bulgarian_quote_with_cue_after_it() -> None:
    doc = doc_of("„Няма да отстъпим нито крачка“, заяви председателят на парламента Иван Петров.")
    claims = find_claims(doc)
    quote = only(claims, "quote")[0]
    assert quote.content.text == "Няма да отстъпим нито крачка"
    assert quote.cue is not None and quote.cue.text == "заяви"
    assert quote.speaker_name == "Иван Петров"
    assert not only(claims, "reported")  # the cue belongs to the quotation
    assert_spans_slice(doc, claims)


def test_quotation_spanning_two_sentences_lists_both() -> None:
    doc = doc_of(
        '"Преговорите напредват бързо. Очакваме споразумение до края на месеца", '
        "каза говорителката на министерството Мария Иванова."
    )
    assert len(doc.sentences) == 2
    quote = only(find_claims(doc), "quote")[0]
    assert quote.sentence_ids == ("p1s1", "p1s2")
    assert quote.content.text.startswith("Преговорите напредват")
    assert quote.content.text.endswith("до края на месеца")
    assert quote.speaker_name == "Мария Иванова"


def test_short_quoted_name_is_not_a_quotation() -> None:
    doc = doc_of('Вестник "Дневник" публикува анализа в неделя.')
    assert not only(find_claims(doc), "quote")


def test_bulgarian_attributions() -> None:
    doc = doc_of(
        "Според Министерството на здравеопазването броят на заразените расте. "
        "Пожарът е унищожил складовете, цитирана от БТА."
    )
    claims = find_claims(doc)
    attributions = only(claims, "attribution")
    speakers = {c.speaker.text for c in attributions if c.speaker}
    assert "Министерството на здравеопазването" in speakers
    assert "БТА" in speakers
    ministry = next(c for c in attributions if c.speaker and c.speaker.text.startswith("Министерството"))
    assert ministry.content.text == "броят на заразените расте"
    assert ministry.cue is not None and ministry.cue.text == "Според"
    assert_spans_slice(doc, claims)


def test_bulgarian_facts_with_figures_and_number_words() -> None:
    doc = doc_of(
        "Безработицата е 5,4% през 2023 г. "
        "Северна Корея е извършила шест ядрени изпитания. "
        "Времето беше хубаво."
    )
    facts = only(find_claims(doc), "fact")
    assert [f.sentence_ids for f in facts] == [("p1s1",), ("p1s2",)]
    assert all(f.speaker is None and f.cue is None and f.speaker_name is None for f in facts)


def test_figure_inside_a_reported_claim_is_not_a_separate_fact() -> None:
    doc = doc_of("Кметът Иван Иванов каза, че ремонтът ще струва 3 милиона лева.")
    claims = find_claims(doc)
    assert [c.kind for c in claims] == ["reported"]


# --- speakers --------------------------------------------------------------------

ARTICLE = (
    "Войната ще продължи още месеци, каза говорителката на Кремъл Мария Петрова. "
    "Тя добави, че преговори няма да има.\n\n"
    "Министърът на отбраната Иван Иванов заяви, че армията е готова. "
    "Той допълни, че учението ще започне в понеделник.\n\n"
    "По думите ѝ Москва е готова за дълъг конфликт. "
    "Представителката на Кремъл подчерта, че санкциите не действат.\n\n"
    'Вестник "Файненшъл таймс" съобщи, че банките губят пари. '
    "Загубите растат всяка седмица, посочва британското издание."
)


def test_pronouns_and_roles_resolve_to_the_named_speaker() -> None:
    doc = doc_of(ARTICLE)
    claims = find_claims(doc)
    by_cue = {c.cue.text.lower(): c for c in claims if c.cue}
    assert by_cue["добави"].speaker is not None and by_cue["добави"].speaker.text == "Тя"
    assert by_cue["добави"].speaker_name == "Мария Петрова"
    assert by_cue["допълни"].speaker_name == "Иван Иванов"  # "той": the latest man, not Petrova
    assert by_cue["по думите"].speaker_name == "Мария Петрова"  # "ѝ": feminine
    assert by_cue["подчерта"].speaker_name == "Мария Петрова"  # a role: the spokeswoman
    assert by_cue["посочва"].speaker_name == "Файненшъл таймс"  # "the British paper"
    assert by_cue["посочва"].speaker is not None and by_cue["посочва"].speaker.text == "британското издание"
    assert_spans_slice(doc, claims)


def test_pronoun_with_no_named_speaker_stays_unnamed() -> None:
    doc = doc_of("Той каза, че всичко е наред.")
    claim = find_claims(doc)[0]
    assert claim.speaker is not None and claim.speaker.text == "Той"
    assert claim.speaker_name is None


# --- English ---------------------------------------------------------------------


def test_english_kinds() -> None:
    doc = doc_of(
        '"We will not give up," Smith told reporters. '
        "The minister said that inflation would fall. "
        "According to Reuters, the talks will resume next week. "
        "Unemployment rose to 5.4% in 2023.",
        "en",
    )
    claims = find_claims(doc)
    kinds = {c.kind for c in claims}
    assert kinds == {"quote", "reported", "attribution", "fact"}
    quote = only(claims, "quote")[0]
    assert quote.content.text == "We will not give up" and quote.speaker_name == "Smith"
    reported = only(claims, "reported")[0]
    assert reported.content.text == "inflation would fall"
    assert reported.speaker is not None and reported.speaker.text == "The minister"
    attribution = only(claims, "attribution")[0]
    assert attribution.speaker_name == "Reuters"
    assert attribution.content.text == "the talks will resume next week"
    assert all(c.en is None for c in claims)
    assert_spans_slice(doc, claims)


def test_english_postposed_speaker_and_pronoun() -> None:
    doc = doc_of(
        "Russia will receive weapons, White House spokeswoman Adrienne Watson said. "
        "She added that the talks were advancing.",
        "en",
    )
    claims = find_claims(doc)
    added = next(c for c in claims if c.cue and c.cue.text == "added")
    assert added.speaker_name == "Adrienne Watson"
    said = next(c for c in claims if c.cue and c.cue.text == "said")
    assert said.content.text == "Russia will receive weapons"


SEED_LIKE = (
    "Ким Чен-ун иска да се срещне с Путин, каза днес говорителката на Белия дом Адриен Уотсън. "
    "Той добави, че Русия ще получи оръжия, каза Джон Кърби.\n\n"
    '"Призоваваме Пхенян да прекрати преговорите", подчерта Кърби. '
    "Северна Корея е извършила шест ядрени изпитания от 2006 г."
)
SEED_LIKE_EN = [
    "Kim Jong-un wants to meet Putin, White House spokeswoman Adrienne Watson said today.",
    "He added that Russia would receive weapons, said John Kirby.",
    '"We call on Pyongyang to stop the negotiations," Kirby stressed.',
    "North Korea has carried out six nuclear tests since 2006.",
]


def translation_of(doc: Document, english: list[str]) -> DocumentTranslation:
    return DocumentTranslation(
        sentences=tuple(
            TranslatedSentence(sentence_id=s.id, index=s.index, source=s.text, text=en)
            for s, en in zip(doc.sentences, english, strict=True)
        )
    )


def test_english_spans_follow_the_translation() -> None:
    doc = doc_of(SEED_LIKE)
    assert len(doc.sentences) == 4
    tr = translation_of(doc, SEED_LIKE_EN)
    claims = find_claims(doc, tr)
    assert_spans_slice(doc, claims, tr)
    watson = next(c for c in claims if c.speaker_name == "Адриен Уотсън")
    assert watson.speaker_en == "Adrienne Watson"  # as the translation spells it, not "Adrien Wotson"
    assert watson.en is not None and watson.en.sentence_id == "p1s1"
    assert watson.en.cue is not None and watson.en.cue.text == "said"
    assert watson.en.speaker is not None and watson.en.speaker.text.endswith("Adrienne Watson")
    assert watson.en.content is not None and watson.en.content.text == "Kim Jong-un wants to meet Putin"
    quote = only(claims, "quote")[0]
    assert quote.speaker_en == "John Kirby"  # "Кърби" resolved to the full name, English as translated
    assert quote.en is not None and quote.en.content is not None
    assert quote.en.content.text == "We call on Pyongyang to stop the negotiations"
    assert quote.en.cue is not None and quote.en.cue.text == "stressed"
    fact = only(claims, "fact")[0]
    assert fact.en is not None and fact.en.content is not None and "six nuclear tests" in fact.en.content.text


def test_without_translation_names_are_transliterated_and_en_is_none() -> None:
    claims = find_claims(doc_of(SEED_LIKE))
    watson = next(c for c in claims if c.speaker_name == "Адриен Уотсън")
    assert watson.en is None
    assert watson.speaker_en == "Adrien Wotson"


def test_glossary_wins_over_translation_and_transliteration() -> None:
    doc = doc_of(SEED_LIKE)
    tr = translation_of(doc, SEED_LIKE_EN)
    claims = find_claims(doc, tr, glossary={"Адриен Уотсън": "A. Watson", "Кърби": "Kirby"})
    assert {c.speaker_en for c in claims if c.speaker_name == "Адриен Уотсън"} == {"A. Watson"}
    assert {c.speaker_en for c in claims if c.speaker_name == "Джон Кърби"} == {"John Kirby"}


def test_transliteration_fixes() -> None:
    assert transliterate_name("Дмитрий Песков") == "Dmitry Peskov"
    assert transliterate_name("Сергей Шойгу") == "Sergei Shoigu"
    assert transliterate_name("Ню Йорк таймс") == "New York Times"
    assert "ă" not in transliterate_name("Кърби")
    assert english_name("Кърби", english_texts=["Kirby said so."]) == "Kirby"


# --- ranking, data, text scoring ---------------------------------------------------


def test_ranked_by_score_and_limited() -> None:
    doc = doc_of(ARTICLE)
    claims = find_claims(doc)
    assert len(claims) >= 6
    scores = [c.score for c in claims]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    top = find_claims(doc, limit=3)
    assert [c.id for c in top] == [c.id for c in claims[:3]]
    assert len({c.id for c in claims}) == len(claims)


def test_claims_round_trip_through_json() -> None:
    doc = doc_of(SEED_LIKE)
    tr = translation_of(doc, SEED_LIKE_EN)
    for claim in find_claims(doc, tr):
        data = json.loads(json.dumps(asdict(claim), ensure_ascii=False))
        assert Claim.from_dict(data) == claim


def test_unsegmented_document_is_segmented_first() -> None:
    raw = Document(title="", language="bg", text="Кърби каза, че преговорите напредват.")
    claims = find_claims(raw)
    assert claims and claims[0].sentence_ids == ("p1s1",)


def test_score_text_separates_claims_from_chatter() -> None:
    is_claim, score = score_text("Осем нови случая на COVID-19 бяха доказани у нас https://t.co/s4i0stF5Ef")
    assert is_claim is True and 0.0 <= score <= 1.0
    is_claim, score = score_text("Знам, че и вие имате нужда от добри новини, соу https://t.co/UaDeOK6La7")
    assert is_claim is False and 0.0 <= score <= 1.0


def test_cli_each_line_prints_one_json_object_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tweets.txt"
    path.write_text(
        "Осем нови случая на COVID-19 бяха доказани у нас\nЗнам, че и вие имате нужда от добри новини\n",
        encoding="utf-8",
    )
    assert cli_main(["claims", "--each-line", str(path), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["is_claim"] for r in records] == [True, False]
    assert all(isinstance(r["score"], float) and 0.0 <= r["score"] <= 1.0 for r in records)


def test_cli_lists_claims_of_an_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "article.txt"
    path.write_text(SEED_LIKE, encoding="utf-8")
    assert cli_main(["claims", str(path), "--json", "--limit", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["claims"]) == 2
    assert data["claims"][0]["score"] >= data["claims"][1]["score"]
    assert cli_main(["claims", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Адриен Уотсън" in out and "подчерта" in out


def test_cli_missing_file_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["claims", "--each-line", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.txt" in err


# --- real data -------------------------------------------------------------------


@pytest.mark.shared
def test_seed_article_gold_recall(shared_dir: Path) -> None:
    from bench.evaluation.claims import evaluate_seed, read_seed

    result = evaluate_seed(shared_dir)
    assert result.found >= 16, result.missed
    assert result.claims < result.sentences + 3  # not every sentence, not a flood
    doc, _ = read_seed(shared_dir)
    assert_spans_slice(doc, find_claims(doc))


@pytest.mark.shared
def test_ct22_dev_beats_the_baselines(shared_dir: Path) -> None:
    from bench.evaluation.claims import evaluate_ct22

    result = evaluate_ct22(shared_dir)
    assert result.claim_f1 > result.claim_f1_digit + 0.05
    assert result.check_map > result.check_map_random + 0.2


_PIECES = [
    "каза",
    "заяви",
    ",",
    ".",
    '"',
    "„",
    "“",
    "«",
    "»",
    "според",
    "По",
    "думите",
    "му",
    "Той",
    "тя",
    "Кърби",
    "Джон",
    "че",
    "5",
    "%",
    "2006",
    "г.",
    "шест",
    "говорителят",
    "на",
    "Белия",
    "дом",
    "-",
    ":",
    "said",
    "that",
    "according",
    "to",
    "He",
    "\n\n",
    "цитирана",
    "от",
    "БТА",
    "който",
    "обяви",
    "не",
    "предаде",
    "Ройтерс",
    "изрази",
    "загриженост",
    "told",
]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=40),
    st.lists(st.sampled_from(_PIECES), max_size=15),
    st.sampled_from(["bg", "en"]),
)
@settings(max_examples=60, deadline=None)
def test_any_text_gives_spans_that_slice_back(pieces: list[str], english: list[str], lang: str) -> None:
    doc = doc_of(" ".join(pieces), lang)
    tr = translation_of(doc, [" ".join(english)] * len(doc.sentences))
    claims = find_claims(doc, tr)
    assert all(0.0 <= c.score <= 1.0 for c in claims)
    assert_spans_slice(doc, claims, tr if lang == "bg" else None)


def test_titles_coordination_and_institutions() -> None:
    doc = doc_of(
        "Кметът на Варна Петър Николов приветства решението, но настоя държавата да плати пътя. "
        "Той посочи, че улиците не издържат. "
        "„Без нов път ще има задръствания“, каза градоначалникът.\n\n"
        "Според изпълнителния директор на пристанището д-р Елена Димитрова товарооборотът е нараснал с 12,5%. "
        "Тя уточни, че най-голям ръст има при зърното.\n\n"
        "„Парите не са проблемът, проблемът е администрацията“, коментира пред местни медии проф. Г. Иванов. "
        "От министерството отговориха, че докладът ще бъде публикуван."
    )
    claims = find_claims(doc)
    by_cue = {c.cue.text: c for c in claims if c.cue}
    assert by_cue["настоя"].speaker_name == "Петър Николов"  # shares the sentence's subject
    assert by_cue["посочи"].speaker_name == "Петър Николов"
    assert by_cue["каза"].speaker_name == "Петър Николов"  # "градоначалникът" = the mayor
    assert by_cue["Според"].speaker_name == "Елена Димитрова"
    assert by_cue["Според"].content.text.startswith("товарооборотът")
    assert by_cue["уточни"].speaker_name == "Елена Димитрова"  # "тя", though "директор" is masculine
    assert by_cue["коментира"].speaker_name == "Г. Иванов"
    assert by_cue["отговориха"].speaker_name == "министерството"  # an institution is not a person
    assert_spans_slice(doc, claims)


def test_claim_kinds_are_one_enum_stored_as_their_word() -> None:
    from desktop.core.analysis.claims.kinds import ClaimKind

    doc = doc_of("„Няма да отстъпим нито крачка“, заяви председателят на парламента Иван Петров.")
    claim = only(find_claims(doc), "quote")[0]
    assert claim.kind is ClaimKind.QUOTE
    stored = json.loads(json.dumps(claim.to_dict()))
    assert stored["kind"] == "quote"
    assert Claim.from_dict(stored).kind is ClaimKind.QUOTE
    assert [k.value for k in ClaimKind] == ["quote", "reported", "attribution", "fact"]
