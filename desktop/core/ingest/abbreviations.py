"""Abbreviations that decide whether a period ends a sentence.

The sentence splitter (:mod:`desktop.core.ingest.segment`) meets a period followed by
a capital letter and must decide: "проф. Иванов" goes on, "през 2006 г. Новото
правителство" stops. These tables are that knowledge, kept apart from the
splitting logic so a desk can read and extend them. Entries are lower case,
without the final period; internal periods stay ("т.нар", "гл.серж").

Four kinds, because abbreviations behave differently before a capital:

* ``PREFIX``: always followed by what it qualifies (a title before a name, a
  street before its name, "т.нар." before a term): never the end of a sentence.
* ``FINAL``: may close a sentence ("2006 г.", "3,5 млн.", "и др.", "лв."),
  so a capital after it starts the next sentence.
* ``UNIT_OR_PREFIX``: a unit after a number ("5 т.", "50 ст.", "в 16 ч.",
  "XIX в.") may close a sentence; elsewhere it is a prefix ("т. 3",
  "ст. Загора", "ч. 2", "в. Труд" = the newspaper, "мин. Иванов" = minister).
* ``PLACE_OR_PREFIX``: after a capitalised place adjective it closes
  ("Софийска обл."), elsewhere it leads ("обл. Перник").

``NAME_ABBREVIATIONS`` are capitalised first-name shortenings used like
initials ("Дж. Байдън", "Ал. Константинов", "Хр. Ботев"); single capital
letters are handled as initials by the splitter itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AbbreviationTable:
    """The abbreviation knowledge for one language (see the module docstring)."""

    prefix: frozenset[str]
    final: frozenset[str]
    unit_or_prefix: frozenset[str]
    place_or_prefix: frozenset[str]
    names: frozenset[str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Bulgarian -------------------------------------------------------------------

_BG_PREFIX = _words(
    # titles and ranks before a name
    """
    проф доц акад д-р д-р.мед инж арх адв ас гл.ас ст.ас н.с ст.н.с ст.н.с.i ст.н.с.ii
    чл.-кор чл.кор ген ген.-лейт ген.-майор ген.-полк адм вицеадм контраадм полк подп подполк
    кап капт лейт ст.лейт мл.лейт серж ст.серж мл.серж гл.серж ефр ред.-ефр о.з зам пом
    г-н г-жа г-ца св свв бл
    """
    # places and addresses before a name or number
    """
    ул бул пл гр с о р кв ж.к жк вх ап м-ст мест пк п.к
    """
    # references and connectives before what they introduce
    """
    т.нар напр вж вкл изд срв чл ал стр рис табл фиг прил пар разд кн т.е т.к т.сл
    ок прибл отн съотв бел вр.и.д и.д вр.изп нар мн англ фр нем рус лат вм заб тел
    """
    # English forms that turn up inside Bulgarian news
    """
    mr mrs ms dr prof st gen sen rep gov lt col sgt capt rev hon vs fig
    """
)

_BG_FINAL = _words(
    """
    г гг вв хил млн млрд трлн лв дол щ.д сек см мм км кг мг мл кв.м куб.м кв.км
    др т.н т.м т.г м.г м.м пр.н.е сл.н.е н.е пр.хр сл.хр ред б.р б.ред бел.а бел.пр дм ха к.с
    etc inc ltd co corp jr sr bros a.m p.m
    """
)

_BG_UNIT_OR_PREFIX = _words(
    """
    в т л м ст бр ч мин гр ет кв сп бл хектара
    """
)

_BG_PLACE_OR_PREFIX = _words("обл общ окр р-н")

_BG_NAMES = _words(
    """
    Дж Ив Ал Ат Бл Вл Евг Ек Ем Здр Йор Кр Люб Мл Мих Пл Св Сл Ст Стеф Тод Хр Цв Як
    Th Wm Chas Geo Jas
    """
)

BULGARIAN = AbbreviationTable(
    prefix=_BG_PREFIX - _BG_UNIT_OR_PREFIX,
    final=_BG_FINAL,
    unit_or_prefix=_BG_UNIT_OR_PREFIX,
    place_or_prefix=_BG_PLACE_OR_PREFIX,
    names=_BG_NAMES,
)

#: Prepositions that open a fronted time or place phrase ("През 2006 г. ...", "По
#: спогодба от 1996 г. Русия ..."): before its clause, "г." is not a sentence end.
BG_FRONTING_PREPOSITIONS = _words(
    "в във на по през от до след преди още за към около между според със с сред без въпреки"
)

#: Short words that only occur in a clause (auxiliaries, clitics, conjunctions, the
#: commonest reporting verbs): a phrase holding one already has its verb.
BG_CLAUSE_WORDS = _words(
    "се е са съм си сме сте бе бил била било били ще не беше бяха има няма да че "
    "който която което които каза заяви"
)

#: Number words and multipliers a unit may follow ("пет хил. лв.", "1 млрд. лв.").
BG_NUMBER_WORDS = _words("хил млн млрд трлн хиляди хиляда милион милиона милиард милиарда")

# --- English (the sure cases before pysbd, and the fallback when pysbd fails) ------

ENGLISH = AbbreviationTable(
    prefix=_words(
        """
        mr mrs ms dr prof st gen sen rep gov lt col sgt capt cmdr adm rev hon pres supt det
        messrs mme mlle vs fig no nos vol pp p approx e.g i.e cf gov.-gen
        """
    ),
    final=_words(
        """
        etc inc ltd co corp jr sr bros llc plc a.m p.m u.s u.k e.u u.n
        jan feb mar apr jun jul aug sep sept oct nov dec
        """
    ),
    unit_or_prefix=_words("ft in lb oz km kg cm mm m mi yd"),
    place_or_prefix=_words("ave blvd rd mt"),
    names=_words("Th Wm Chas Geo Jas Jos Benj Robt"),
)


def table_for(lang: str) -> AbbreviationTable:
    """The abbreviation table for a language code ("bg", "en"); Bulgarian is the default."""
    return ENGLISH if lang.lower().startswith("en") else BULGARIAN
