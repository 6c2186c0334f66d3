"""Word lists the claim finder reads: reporting verbs, attribution phrases, roles.

Kept apart from the logic in :mod:`desktop.core.analysis.claims.finder` so a desk editor (or
a maintainer adding a language) can extend a list without touching code. Each
list is a plain tuple of lower-case surface forms; Bulgarian verbs are spelled
out in every form news prose uses (aorist, plural, participles, present and
imperfect), because a dictionary-free matcher cannot inflect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- Bulgarian reporting verbs ----------------------------------------------

#: Perfective verbs by their 3rd-person aorist; the plural (-ха) and the
#: l-participles (-л, -ла, -ли, -ло) are generated from it.
_BG_AORISTS = (
    "каза", "заяви", "обяви", "посочи", "подчерта", "добави", "допълни", "коментира",
    "съобщи", "потвърди", "отбеляза", "припомни", "напомни", "увери", "предупреди", "призова",
    "обясни", "уточни", "заключи", "изтъкна", "поясни", "сподели", "настоя", "разказа",
    "оцени", "призна", "отговори", "информира", "декларира", "прогнозира", "обеща",
    "съобщиха", "цитира", "написа", "алармира", "акцентира", "изчисли",
)
#: Imperfective presents (3rd singular); the plural and the past forms are generated.
_BG_PRESENTS = (
    "казва", "заявява", "обявява", "посочва", "подчертава", "добавя", "допълва",
    "съобщава", "потвърждава", "отбелязва", "припомня", "напомня", "уверява", "предупреждава",
    "призовава", "обяснява", "уточнява", "изтъква", "пояснява", "споделя", "настоява",
    "разказва", "оценява", "признава", "отговаря", "обещава", "информира", "пише",
    "смята", "счита", "твърди", "коментира", "алармира", "цитира",
)
_BG_IRREGULAR = (
    "твърдят", "твърдял", "твърдяла", "твърдели", "твърдеше", "пишат", "писа", "писаха",
    "изтъкнаха", "изтъкнал", "изтъкнала", "изтъкнали", "отрече", "отрекоха", "отрекъл",
    "отрекла", "отрича", "отричат", "смятат", "считат", "настояха", "обещаха",
)

#: Verbs that make an *attribution* (a relay of someone else's statement),
#: not a speaker's own words: "..., предаде Ройтерс".
_BG_ATTRIBUTION_VERBS = ("предаде", "предадоха", "предава", "предават", "предал", "предала", "предали")

#: Multi-word reporting cues (checked before single verbs; regex, lower case).
BG_MULTIWORD_CUES = (
    r"изрази(?:ха|л|ла|ли)?\s+(?:своята\s+|сериозна\s+|силна\s+|дълбока\s+)?"
    r"(?:загриженост|надежда|увереност|съжаление|опасения|опасение|безпокойство|мнение|несъгласие|позиция)",
    r"изразява(?:т|ше)?\s+(?:загриженост|надежда|увереност|съжаление|опасения|безпокойство|мнение)",
    r"даде(?:ха)?\s+да\s+се\s+разбере",
    r"е\s+на\s+мнение",
)


def _bg_forms() -> frozenset[str]:
    forms: set[str] = set(_BG_IRREGULAR)
    for verb in _BG_AORISTS:
        forms.update({verb, verb + "ха", verb + "л", verb + "ла", verb + "ли", verb + "ло"})
    for verb in _BG_PRESENTS:
        forms.add(verb)
        if verb.endswith(("а", "я")):
            forms.update({verb + "т", verb + "л", verb + "ла", verb + "ли", verb + "ше", verb + "ха"})
    return frozenset(forms)


BG_REPORTING_VERBS: frozenset[str] = _bg_forms()
BG_ATTRIBUTION_VERBS: frozenset[str] = frozenset(_BG_ATTRIBUTION_VERBS)

#: Verbs whose complement is a "да"-clause ("призова Русия да спре ...").
BG_DA_VERBS = frozenset(
    f for f in BG_REPORTING_VERBS if f.startswith(("призова", "предупреди", "предупрежда", "настоя", "обеща"))
)

# --- English reporting verbs -------------------------------------------------

_EN_VERBS = (
    "say", "said", "says", "tell", "told", "tells", "state", "stated", "states", "add", "added", "adds",
    "warn", "warned", "warns", "note", "noted", "notes", "claim", "claimed", "claims", "urge", "urged",
    "urges", "announce", "announced", "announces", "recall", "recalled", "recalls", "explain",
    "explained", "explains", "stress", "stressed", "stresses", "emphasised", "emphasized",
    "emphasises", "emphasizes", "insist", "insisted", "insists", "confirm", "confirmed", "confirms",
    "argue", "argued", "argues", "wrote", "writes", "assert", "asserted", "asserts", "admit",
    "admitted", "admits", "deny", "denied", "denies", "declare", "declared", "declares", "commented",
    "comments", "acknowledged", "acknowledges", "alleges", "estimated",
    "estimates", "reiterated", "reiterates", "remarked", "predicted", "predicts", "promised",
    "promises", "assured", "assures", "reminded", "reminds", "concluded", "specified", "clarified",
    "indicated", "indicates", "believe", "believes", "think", "thinks", "pointed", "points",
)
EN_REPORTING_VERBS: frozenset[str] = frozenset(_EN_VERBS)
EN_ATTRIBUTION_VERBS: frozenset[str] = frozenset({"reported", "reports", "report", "reporting"})
EN_MULTIWORD_CUES = (
    r"expresse[sd]\s+(?:its\s+|his\s+|her\s+|their\s+|serious\s+|deep\s+)?(?:concern|hope|regret|confidence)",
    r"pointed\s+out",
    r"points\s+out",
    r"made\s+it\s+clear",
)
EN_DA_VERBS = frozenset(f for f in EN_REPORTING_VERBS if f.startswith(("urge", "warn", "call", "promis", "told")))

# --- Attribution phrases (speaker follows the phrase) ---------------------

#: (regex, needs_source_after) — lower case, matched at word boundaries.
BG_ATTRIBUTION_PHRASES = (
    r"според",
    r"по\s+думите\s+на",
    r"по\s+данни\s+на",
    r"по\s+информация\s+на",
    r"по\s+сведения\s+на",
    r"по\s+оценка\s+на",
    r"по\s+оценки\s+на",
)
#: Possessive "по думите му" forms: the speaker is a clitic pronoun.
BG_ATTRIBUTION_CLITIC = r"по\s+думите\s+(?:му|й|ѝ|им)"
#: Phrases that only name the relay of a statement already attributed in the
#: same sentence ("..., цитирана от Франс прес"); they make a claim of their own
#: only when nothing else in the sentence does.
BG_RELAY_PHRASES = (
    r"цитиран(?:а|о|и)?\s+от",
    r"позовавайки\s+се\s+на",
    r"като\s+се\s+позова(?:ха)?\s+на",
    r"позовава(?:йки)?\s+се\s+на",
)
EN_ATTRIBUTION_PHRASES = (
    r"according\s+to",
    r"in\s+the\s+words\s+of",
    r"as\s+reported\s+by",
)
EN_ATTRIBUTION_CLITIC = r"in\s+(?:his|her|their)\s+words"
EN_RELAY_PHRASES = (
    r"quoted\s+by",
    r"citing",
    r"cited\s+by",
    r"reported\s+by",
)

# --- Speakers ---------------------------------------------------------------

BG_PRONOUNS: dict[str, str] = {
    # pronoun -> gender it refers to ("m", "f", "p" plural)
    "той": "m", "него": "m", "му": "m", "го": "m",
    "тя": "f", "нея": "f", "й": "f", "ѝ": "f", "я": "f",
    "те": "p", "тях": "p", "им": "p", "ги": "p",
}
EN_PRONOUNS: dict[str, str] = {
    "he": "m", "him": "m", "his": "m",
    "she": "f", "her": "f",
    "they": "p", "them": "p", "their": "p",
}
#: First-person "according to me/us" is opinion, not attribution.
BG_FIRST_PERSON = frozenset({"мен", "мене", "нас", "мое", "мен,"})
EN_FIRST_PERSON = frozenset({"me", "us", "my", "our"})

#: Role nouns by class; matched on the word's beginning (stem), lower case.
#: Role classes let "представителката на американското президентство" find the
#: spokeswoman named earlier, and "американското издание" the newspaper.
BG_ROLE_CLASSES: dict[str, tuple[str, ...]] = {
    "spokesperson": ("говорител", "представител", "прессекретар", "пресаташе", "говорителк"),
    "media": ("издание", "изданието", "вестник", "медия", "медията", "сайт", "телевизия", "телевизията",
              "радио", "радиото", "списание", "всекидневник", "ежедневник", "таблоид"),
    "agency": ("агенция", "агенцията"),
    "minister": ("министър", "министъра", "министърът", "министърк", "вицепремиер", "зам.-министър"),
    "president": ("президент", "държавния глава", "държавният глава"),
    "premier": ("премиер", "министър-председател"),
    "mayor": ("кмет", "градоначалник"),
    "official": ("ръководител", "председател", "директор", "шеф", "лидер", "посланик", "губернатор",
                 "икономист", "юрист", "адвокат", "съветник", "командир", "генерал", "депутат",
                 "евродепутат", "комисар", "канцлер", "секретар", "началник", "прокурор", "съдия",
                 "експерт", "анализатор", "професор", "лекар", "епидемиолог", "учен", "служител",
                 "дипломат"),
    "institution": ("министерство", "министерството", "ведомство", "ведомството", "кабинет",
                    "правителство", "правителството", "полиция", "полицията", "армия", "армията",
                    "разузнаване", "разузнаването", "прокуратура", "прокуратурата", "комисия",
                    "комисията", "съвет", "съветът", "кремъл", "щаб", "щабът", "пресслужба",
                    "пресцентър", "организация", "организацията", "сдружение", "партия", "партията"),
}
EN_ROLE_CLASSES: dict[str, tuple[str, ...]] = {
    "spokesperson": ("spokes", "representative", "press secretary"),
    "media": ("newspaper", "paper", "daily", "outlet", "publication", "website", "broadcaster",
              "magazine", "tabloid", "channel"),
    "agency": ("agency", "news agency", "wire"),
    "minister": ("minister",),
    "president": ("president",),
    "premier": ("prime minister", "premier"),
    "mayor": ("mayor",),
    "official": ("official", "head", "chief", "chairman", "director", "leader", "ambassador",
                 "governor", "adviser", "advisor", "commander", "general", "lawmaker", "commissioner",
                 "chancellor", "secretary", "prosecutor", "judge", "expert", "analyst", "professor",
                 "doctor", "scientist", "diplomat", "economist", "lawyer"),
    "institution": ("ministry", "government", "police", "army", "intelligence", "kremlin", "department",
                    "council", "office", "organisation", "organization", "party"),
}
#: Feminine role endings (Bulgarian): "говорителката", "министърката", "представителка".
BG_FEMININE_ROLE = re.compile(r"(?:к[аи]|ката|ките|ница|ницата|иня|инята)$")
EN_FEMININE_ROLE = re.compile(r"(?:woman|women|ess)$")

#: News agencies and media known by name; class matters for role resolution.
BG_AGENCIES = frozenset({
    "бта", "афп", "франс прес", "франс-прес", "ройтерс", "асошиейтед прес", "ап", "блумбърг",
    "йонхап", "тасс", "риа новости", "синхуа", "киодо", "дпа", "анадолу", "ефе", "анса",
    "интерфакс", "укрінформ", "укринформ", "юнхап", "агенция франс прес",
})
BG_MEDIA = frozenset({
    "ню йорк таймс", "вашингтон пост", "уолстрийт джърнъл", "уол стрийт джърнъл", "гардиън",
    "файненшъл таймс", "таймс", "билд", "шпигел", "политико", "аксиос", "си ен ен", "би би си",
    "ал джазира", "франкфуртер алгемайне", "монд", "фигаро", "коммерсант", "известия", "дневник",
    "капитал", "медиапул", "бнт", "бтв", "нова", "бнр", "труд", "24 часа", "сега", "икономист",
    "блумбърг", "ройтерс",
})
EN_AGENCIES = frozenset({
    "afp", "agence france-presse", "reuters", "associated press", "ap", "bloomberg", "yonhap", "tass",
    "ria novosti", "xinhua", "kyodo", "dpa", "anadolu", "efe", "ansa", "interfax", "bta", "ukrinform",
})
EN_MEDIA = frozenset({
    "new york times", "the new york times", "washington post", "wall street journal", "guardian",
    "financial times", "times", "bild", "spiegel", "politico", "axios", "cnn", "bbc", "al jazeera",
    "le monde", "economist",
})

#: Common places/organisations that appear inside a role ("говорителят на
#: Кремъл Дмитрий Песков") and are not part of the person's name.
BG_PLACES = frozenset({
    "русия", "украйна", "кремъл", "кремъла", "сащ", "ес", "северна корея", "южна корея", "корея",
    "китай", "белия дом", "оон", "нато", "франция", "германия", "българия", "москва", "вашингтон",
    "пекин", "киев", "пхенян", "сеул", "токио", "лондон", "париж", "берлин", "брюксел", "софия",
    "турция", "израел", "иран", "индия", "япония", "великобритания", "италия", "испания", "полша",
    "гърция", "румъния", "сърбия", "кндр", "мвнр", "мвр", "мо", "мз", "ек", "еп", "сзо", "бан",
    "европейската комисия", "европейския парламент", "пентагона", "пентагон",
})
EN_PLACES = frozenset({
    "russia", "ukraine", "kremlin", "us", "u.s.", "usa", "eu", "north korea", "south korea", "korea",
    "china", "white house", "un", "nato", "france", "germany", "bulgaria", "moscow", "washington",
    "beijing", "kyiv", "kiev", "pyongyang", "seoul", "tokyo", "london", "paris", "berlin", "brussels",
    "sofia", "turkey", "israel", "iran", "india", "japan", "britain", "pentagon",
})

#: Words that may stand between a cue and its postposed speaker
#: ("..., каза днес говорителката"), or between a subject and its cue.
BG_ADVERBS = frozenset({
    "днес", "вчера", "още", "също", "вече", "отново", "обаче", "пък", "тогава", "официално",
    "публично", "категорично", "изрично", "пред", "журналисти", "медиите", "по-рано", "по-късно",
    "сутринта", "вечерта", "тази", "седмица", "сряда", "неделя", "събота", "петък", "четвъртък",
    "вторник", "понеделник", "късно", "рано", "снощи", "същия", "ден", "от", "своя", "страна",
    "и", "впоследствие", "допълнително", "накратко", "сега", "днес,", "дори", "ясно", "директно",
    "открито", "твърдо", "специално", "лично", "също така", "така",
})
EN_ADVERBS = frozenset({
    "today", "yesterday", "also", "again", "however", "then", "officially", "publicly", "earlier",
    "later", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "in", "a", "statement", "last", "week", "night", "morning", "evening", "this", "further",
    "separately", "previously", "recently", "repeatedly", "now", "clearly", "directly", "openly",
    "already", "just", "still", "once", "twice", "firmly", "strongly",
})
#: Leading time/discourse expressions stripped from a preposed subject
#: ("Ден по-късно говорителя ..." -> "говорителя ...").
BG_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:(?:в|във|на|през|от|до|след|преди|около|тази|този|миналата|миналия|миналото|следващия|"
    r"следващата|същия|същата|последния|последната)\s+)?"
    r"(?:понеделник|вторник|сряда|четвъртък|петък|събота|неделя|деня|ден|вечерта|сутринта|"
    r"седмица|седмицата|месец|месеца|година|годината|\d{1,4}(?:\s*г\.)?|"
    r"януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември)|"
    r"ден\s+по-късно|ден\s+по-рано|по-късно|по-рано|вчера|днес|така|още|междувременно|също|"
    r"тогава|сега|освен\s+това|в\s+същото\s+време|от\s+своя\s+страна|пък|обаче|все\s+пак|"
    r"впоследствие|накрая|и|а|но|след\s+това|от\s+друга\s+страна|на\s+брифинг|пред\s+журналисти)"
    r"[\s,]+",
    re.IGNORECASE,
)
EN_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:on|in|at|last|this|earlier|later)\s+(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|the\s+day|week|month|year|\d{4})|a\s+day\s+later|later|earlier|yesterday|"
    r"today|meanwhile|also|then|so|thus|and|but|however|separately|in\s+a\s+statement)[\s,]+",
    re.IGNORECASE,
)

#: Prepositions that open an adjunct, not part of the speaker's name or title:
#: "каза Салвини пред радио ...", "said Kirby on Wednesday".
BG_ADJUNCT_PREPS = frozenset({"пред", "в", "във", "по", "при", "след", "чрез"})
EN_ADJUNCT_PREPS = frozenset({"in", "on", "during", "at", "after", "before", "while", "to", "via"})

#: Complementisers that open the reported clause.
BG_COMPLEMENTISERS = frozenset({"че", "дали"})
EN_COMPLEMENTISERS = frozenset({"that", "whether"})
BG_RELATIVES = frozenset({"който", "която", "което", "които", "чийто", "чиято"})
EN_RELATIVES = frozenset({"who", "which", "that"})
#: Clause openers after a comma: a subject search never crosses them.
BG_CLAUSE_OPENERS = frozenset({"а", "но", "като", "защото", "тъй", "докато", "ако", "че", "и"})
EN_CLAUSE_OPENERS = frozenset({"and", "but", "while", "as", "because", "although", "if", "that"})
#: Content ends before these (", като ..." is a gerund-like afterthought).
BG_CONTENT_STOPS = re.compile(r",\s+(?:като|докато)\s|;\s")
EN_CONTENT_STOPS = re.compile(r";\s|,\s+(?:while|as)\s")
#: Words that cannot be part of a speaker phrase (finite verbs, clause words).
BG_NOT_IN_SPEAKER = frozenset({
    "е", "са", "се", "ще", "да", "че", "не", "би", "бил", "беше", "бяха", "има", "няма", "който",
    "която", "които", "което", "ако", "защото", "дали", "как", "какво", "това", "тези", "този",
    "тази", "когато", "където", "докато", "откакто", "щом", "макар", "въпреки", "бъде", "бе",
    "го", "ги", "си", "ме", "ни", "ви",
})
EN_NOT_IN_SPEAKER = frozenset({
    "is", "are", "was", "were", "will", "would", "that", "not", "be", "been", "has", "have", "had",
    "which", "who", "if", "because", "whether", "this", "these", "it", "when", "where", "while",
    "although", "since",
})

#: Source nouns that head an attribution ("според последните данни на СЗО").
BG_SOURCE_NOUNS = frozenset({
    "данни", "данните", "информация", "информацията", "източници", "източник", "експерти", "доклад",
    "доклада", "проучване", "проучването", "изследване", "изследването", "анализ", "анализа", "оценка",
    "оценката", "оценки", "прогноза", "прогнозата", "сведения", "учени", "учените", "медии",
    "медиите", "статистика", "статистиката", "думите", "разузнаването", "разузнаване", "представители",
    "официални", "службите", "служби", "властите", "наблюдатели", "анализатори", "социолози",
    "съобщение", "съобщението", "изчисления", "изчисленията", "резултати", "резултатите",
})
EN_SOURCE_NOUNS = frozenset({
    "data", "information", "sources", "source", "experts", "report", "survey", "study", "analysis",
    "estimate", "estimates", "forecast", "figures", "scientists", "media", "statistics", "officials",
    "intelligence", "authorities", "observers", "analysts", "results", "statement",
})

# --- Figures (facts) ------------------------------------------------------

BG_NUMBER_WORDS = frozenset({
    "два", "две", "двама", "три", "трима", "четири", "четирима", "пет", "петима", "шест", "шестима",
    "седем", "осем", "девет", "десет", "единадесет", "дванадесет", "петнадесет", "двадесет",
    "тридесет", "четиридесет", "петдесет", "шестдесет", "седемдесет", "осемдесет", "деветдесет",
    "сто", "двеста", "триста", "стотици", "хиляда", "хиляди", "милион", "милиона", "милиард",
    "милиарда", "десетки", "половин", "трилион", "трилиона", "хил.", "млн.", "млрд.", "млн", "млрд",
    "хил", "двойно", "тройно", "наполовина", "процента", "процент",
})
EN_NUMBER_WORDS = frozenset({
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "trillion",
    "dozen", "dozens", "half", "double", "twice", "percent", "per cent",
})
BG_MONTHS = frozenset({
    "януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври",
    "ноември", "декември",
})
EN_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
})


@dataclass(frozen=True)
class Lexicon:
    """Everything language-specific the claim finder needs, for one language."""

    lang: str
    reporting_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    multiword_cues: tuple[str, ...]
    da_verbs: frozenset[str]
    attribution_phrases: tuple[str, ...]
    attribution_clitic: str
    relay_phrases: tuple[str, ...]
    pronouns: dict[str, str]
    first_person: frozenset[str]
    role_classes: dict[str, tuple[str, ...]]
    feminine_role: re.Pattern[str]
    agencies: frozenset[str]
    media: frozenset[str]
    places: frozenset[str]
    adverbs: frozenset[str]
    leading_adverbial: re.Pattern[str]
    complementisers: frozenset[str]
    relatives: frozenset[str]
    clause_openers: frozenset[str]
    content_stops: re.Pattern[str]
    not_in_speaker: frozenset[str]
    source_nouns: frozenset[str]
    number_words: frozenset[str]
    months: frozenset[str]
    negations: frozenset[str]
    prepositions: frozenset[str]
    adjunct_preps: frozenset[str]


BG = Lexicon(
    lang="bg",
    reporting_verbs=BG_REPORTING_VERBS,
    attribution_verbs=BG_ATTRIBUTION_VERBS,
    multiword_cues=BG_MULTIWORD_CUES,
    da_verbs=BG_DA_VERBS,
    attribution_phrases=BG_ATTRIBUTION_PHRASES,
    attribution_clitic=BG_ATTRIBUTION_CLITIC,
    relay_phrases=BG_RELAY_PHRASES,
    pronouns=BG_PRONOUNS,
    first_person=BG_FIRST_PERSON,
    role_classes=BG_ROLE_CLASSES,
    feminine_role=BG_FEMININE_ROLE,
    agencies=BG_AGENCIES,
    media=BG_MEDIA,
    places=BG_PLACES,
    adverbs=BG_ADVERBS,
    leading_adverbial=BG_LEADING_ADVERBIAL,
    complementisers=BG_COMPLEMENTISERS,
    relatives=BG_RELATIVES,
    clause_openers=BG_CLAUSE_OPENERS,
    content_stops=BG_CONTENT_STOPS,
    not_in_speaker=BG_NOT_IN_SPEAKER,
    source_nouns=BG_SOURCE_NOUNS,
    number_words=BG_NUMBER_WORDS,
    months=BG_MONTHS,
    negations=frozenset({"не", "нито"}),
    prepositions=frozenset({"на", "от", "към", "за", "в", "във", "с", "със", "по", "при", "до", "пред", "след"}),
    adjunct_preps=BG_ADJUNCT_PREPS,
)

EN = Lexicon(
    lang="en",
    reporting_verbs=EN_REPORTING_VERBS,
    attribution_verbs=EN_ATTRIBUTION_VERBS,
    multiword_cues=EN_MULTIWORD_CUES,
    da_verbs=EN_DA_VERBS,
    attribution_phrases=EN_ATTRIBUTION_PHRASES,
    attribution_clitic=EN_ATTRIBUTION_CLITIC,
    relay_phrases=EN_RELAY_PHRASES,
    pronouns=EN_PRONOUNS,
    first_person=EN_FIRST_PERSON,
    role_classes=EN_ROLE_CLASSES,
    feminine_role=EN_FEMININE_ROLE,
    agencies=EN_AGENCIES,
    media=EN_MEDIA,
    places=EN_PLACES,
    adverbs=EN_ADVERBS,
    leading_adverbial=EN_LEADING_ADVERBIAL,
    complementisers=EN_COMPLEMENTISERS,
    relatives=EN_RELATIVES,
    clause_openers=EN_CLAUSE_OPENERS,
    content_stops=EN_CONTENT_STOPS,
    not_in_speaker=EN_NOT_IN_SPEAKER,
    source_nouns=EN_SOURCE_NOUNS,
    number_words=EN_NUMBER_WORDS,
    months=EN_MONTHS,
    negations=frozenset({"not", "never", "n't"}),
    prepositions=frozenset({"of", "at", "for", "in", "from", "to", "with", "by", "on"}),
    adjunct_preps=EN_ADJUNCT_PREPS,
)


def lexicon_for(lang: str) -> Lexicon:
    """The lexicon of ``lang``; anything that is not English reads as Bulgarian."""
    return EN if (lang or "").lower().startswith("en") else BG
