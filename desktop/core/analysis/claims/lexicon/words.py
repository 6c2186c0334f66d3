"""Word tests built on the lists: is this a role noun, is it definite, what gender is this name.

Each answers a question about one word or one name, with no context; the
speaker rules (:mod:`desktop.core.analysis.claims.speakers`) and the
resolver (:mod:`desktop.core.analysis.claims.speakers.coreference`) combine them.
"""

from __future__ import annotations

import re

from desktop.core.analysis.claims.lexicon.model import Lexicon
from desktop.core.analysis.names import first_name_gender

#: Bulgarian endings of a definite noun after its stem: "говорителят",
#: "говорителя", "говорителката", "министърът", "представителите".
_BG_DEFINITE = re.compile(r"(?:ът|ят|та|то|те|ата|ята|ите|ия)$")
#: Male first names that end like female ones.
_BG_MALE_IN_A = frozenset({"никола", "илия", "кузма", "лука", "сава", "тома", "фома", "йовча"})


def role_match(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """(class, stem) of a role noun such as "говорителката" -> ("spokesperson", "говорител")."""
    low = word.lower()
    for cls, stems in lex.role_classes.items():
        for stem in stems:
            if " " in stem:
                continue
            if low.startswith(stem) and len(low) <= len(stem) + 6:
                return cls, stem
    return None


def role_class(word: str, lex: Lexicon) -> str | None:
    """The class of a role noun ("minister", "media", ...), or None."""
    match = role_match(word, lex)
    return match[0] if match else None


def definite_role(word: str, stem: str, lex: Lexicon, previous: str = "") -> bool:
    """Whether a role noun is definite ("говорителят", "the spokesman"): then it refers back.

    An indefinite one ("говорител на министерството", "a spokesman",
    "another official") introduces a new speaker. Bulgarian marks it on the
    noun, or on an adjective before it ("висшият представител"); English with
    the determiner (``previous``), and a bare plural ("officials said") is
    indefinite.
    """
    if previous.lower() in lex.indefinite:
        return False
    low = word.lower()
    if lex.lang == "bg":
        rest = low[len(stem) :] if low.startswith(stem) else low
        return bool(_BG_DEFINITE.search(rest)) or bool(_BG_DEFINITE.search(previous.lower()) and len(previous) > 3)
    if previous.lower() in {"the", "his", "her", "its", "their", "this", "that"}:
        return True
    return not (low.endswith("s") and not low.endswith("ss"))


def name_gender(name: str, lex: Lexicon) -> str | None:
    """Gender a personal name shows: its first name, or a Bulgarian surname's ending."""
    words = name.split()
    if not words:
        return None
    if len(words) > 1:
        title = words[0].rstrip(".").lower()
        if title in lex.gendered_titles:
            return lex.gendered_titles[title]
        known = first_name_gender(words[0])
        if known is not None:
            return known
    if lex.lang != "bg":
        return None
    last = words[-1].lower()
    if re.search(r"(?:ова|ева|ска|ина|цка)$", last):
        return "f"
    if re.search(r"(?:ов|ев|ски|ин|цки)$", last):
        return "m"
    if len(words) > 1:
        first = words[0].lower()
        if first.endswith(("а", "я")) and first not in _BG_MALE_IN_A:
            return "f"
    return None


def is_org_name(name: str, lex: Lexicon) -> bool:
    """Whether a name is an organisation's: it holds a word such as "банка", "Bank", "Inc"."""
    words = re.findall(r"[^\W\d_]+", name.lower())
    return any(w.startswith(stem) and len(w) <= len(stem) + 5 for w in words for stem in lex.org_words)


def plural_verb(word: str, lex: Lexicon) -> bool:
    """Whether a Bulgarian cue is plural ("заявиха", "казват", "твърдели"): its speaker is a group."""
    low = word.lower()
    if lex.lang != "bg":
        return low in {"say", "tell", "claim", "warn", "insist", "argue", "believe", "think"}
    return low.endswith(("ха", "ли", "ат", "ят"))


def nominative(phrase: str, lex: Lexicon) -> str:
    """A speaker phrase as a subject reads: "говорителя на Кремъл" -> "говорителят на Кремъл".

    Bulgarian marks a masculine noun as subject with the full article (-ът/-ят)
    and elsewhere with the short one (-а/-я); a speaker's canonical form is the
    subject's. Only role nouns are touched; names never decline.
    """
    if lex.lang != "bg":
        return phrase
    words = phrase.split(" ")
    for k, word in enumerate(words):
        match = role_match(word, lex)
        if match is None:
            continue
        stem = match[1]
        low = word.lower()
        if low == stem + "а" and not stem.endswith(("к", "ц")):
            words[k] = word[:-1] + "ът"
        elif low == stem + "я":
            words[k] = word[:-1] + "ят"
        break
    return " ".join(words)
