"""English word lists for the claim finder (English articles, and claims placed in a translation).

Lists are general (reporting verbs, roles, agencies, places); no entry
comes from a particular article.
"""

from __future__ import annotations

import re

from desktop.core.analysis.claims.lexicon.model import Lexicon

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
    "saying", "accused", "accuses", "revealed", "reveals", "asked", "asks", "demanded", "demands",
    "appealed", "suggested", "suggests", "conceded", "disclosed", "maintained", "cautioned", "urging",
    "warning", "adding", "insisting", "arguing", "questioned", "announcing", "calling",
    "reported", "reports", "report", "reporting",
)

EN_REPORTING_VERBS: frozenset[str] = frozenset(_EN_VERBS)

#: No English verb makes an attribution by itself: "Shops reported strong sales" is
#: reported speech (an attribution uses a phrase: "according to").
EN_ATTRIBUTION_VERBS: frozenset[str] = frozenset()

EN_MULTIWORD_CUES = (
    r"expresse[sd]\s+(?:its\s+|his\s+|her\s+|their\s+|serious\s+|deep\s+)?(?:concern|hope|regret|confidence)",
    r"pointed\s+out",
    r"points\s+out",
    r"made\s+it\s+clear",
)

EN_DA_VERBS = frozenset(
    f for f in EN_REPORTING_VERBS if f.startswith(("urg", "warn", "call", "promis", "told", "ask", "demand", "appeal"))
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

EN_PRONOUNS: dict[str, str] = {
    "he": "m", "him": "m", "his": "m",
    "she": "f", "her": "f",
    "they": "p", "them": "p", "their": "p",
}

EN_FIRST_PERSON = frozenset({"me", "us", "my", "our"})

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
                 "doctor", "scientist", "diplomat", "economist", "lawyer", "senator", "officer",
                 "congressman", "congresswoman", "executive", "founder", "manager", "researcher", "candidate"),
    "family": ("husband", "wife", "mother", "father", "daughter"),
    "institution": ("ministry", "government", "police", "army", "intelligence", "kremlin", "department",
                    "council", "office", "organisation", "organization", "party"),
}

EN_FEMININE_ROLE = re.compile(r"(?:woman|women|ess)$")

EN_AGENCIES = frozenset({
    "afp", "agence france-presse", "reuters", "associated press", "ap", "bloomberg", "yonhap", "tass",
    "ria novosti", "xinhua", "kyodo", "dpa", "anadolu", "efe", "ansa", "interfax", "bta", "ukrinform",
})

EN_MEDIA = frozenset({
    "new york times", "the new york times", "washington post", "wall street journal", "guardian",
    "financial times", "times", "bild", "spiegel", "politico", "axios", "cnn", "bbc", "al jazeera",
    "le monde", "economist",
})

EN_PLACES = frozenset({
    "russia", "ukraine", "kremlin", "us", "u.s.", "usa", "eu", "north korea", "south korea", "korea",
    "china", "white house", "un", "nato", "france", "germany", "bulgaria", "moscow", "washington",
    "beijing", "kyiv", "kiev", "pyongyang", "seoul", "tokyo", "london", "paris", "berlin", "brussels",
    "sofia", "turkey", "israel", "iran", "india", "japan", "britain", "pentagon",
})

EN_ADVERBS = frozenset({
    "today", "yesterday", "also", "again", "however", "then", "officially", "publicly", "earlier",
    "later", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "in", "a", "statement", "last", "week", "night", "morning", "evening", "this", "further",
    "separately", "previously", "recently", "repeatedly", "now", "clearly", "directly", "openly",
    "already", "just", "still", "once", "twice", "firmly", "strongly", "reportedly", "allegedly",
})

EN_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:on|in|at|last|this|earlier|later)\s+(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|the\s+day|week|month|year|\d{4})|a\s+day\s+later|later|earlier|yesterday|"
    r"today|meanwhile|also|then|so|thus|and|but|however|separately|in\s+a\s+statement)[\s,]+",
    re.IGNORECASE,
)

EN_ADJUNCT_PREPS = frozenset({"in", "on", "during", "at", "after", "before", "while", "to", "via"})

EN_COMPLEMENTISERS = frozenset({"that", "whether"})

EN_RELATIVES = frozenset({"who", "which", "that"})

EN_CLAUSE_OPENERS = frozenset({"and", "but", "while", "as", "because", "although", "if", "that"})

EN_CONTENT_STOPS = re.compile(r";\s|,\s+(?:while|as)\s")

EN_NOT_IN_SPEAKER = frozenset({
    "is", "are", "was", "were", "will", "would", "that", "not", "be", "been", "has", "have", "had",
    "which", "who", "if", "because", "whether", "this", "these", "it", "when", "where", "while",
    "although", "since",
})

EN_SOURCE_NOUNS = frozenset({
    "data", "information", "sources", "source", "experts", "report", "survey", "study", "analysis",
    "estimate", "estimates", "forecast", "figures", "scientists", "media", "statistics", "officials",
    "intelligence", "authorities", "observers", "analysts", "results", "statement",
})

EN_NUMBER_WORDS = frozenset({
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "trillion",
    "dozen", "dozens", "half", "double", "twice", "percent", "per cent",
})

EN_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
})

#: Stems that make a name an organisation's ("Bank of America", "Blu-Ray Association").
EN_ORG_WORDS = (
    "bank", "association", "organisation", "organization", "party", "council", "ministry", "university",
    "company", "agency", "institute", "fund", "commission", "parliament", "government", "service",
    "corporation", "corp", "inc", "ltd", "plc", "union", "federation", "committee", "foundation",
    "academy", "court", "department", "office", "group", "board", "authority", "alliance", "society",
    "centre", "center", "institution", "trust", "network", "studios", "laboratories",
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
    org_words=EN_ORG_WORDS,
    auxiliaries=frozenset({"has", "have", "had"}),
    anaphors=frozenset({"this", "that"}),
    object_cues=("accus", "urged", "urges", "denied", "denies", "rejected", "rejects", "demanded", "demands",
                 "asked", "asks", "called", "concern", "hope", "regret"),
    indefinite=frozenset({"a", "an", "another", "one", "some"}),
    gendered_titles={"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lord": "m", "lady": "f"},
)
