"""Where a speaker phrase is: after a cue, after "според", before a cue, or opening the sentence.

* :func:`np_after` — the phrase after a postposed cue ("..., каза днес
  говорителката ... Адриен Уотсън", "..., said Kirby on Wednesday");
* :func:`np_after_attribution` — the source after "според" / "according to";
* :func:`subject_before` — the subject of a preposed cue ("Кърби припомни, че");
* :func:`sentence_subject` — the noun phrase opening a sentence, for a
  coordinated verb ("..., но настоя") and for the subjects the tracker keeps.

Token ranges only; what the phrase says is :mod:`.phrase`'s call.
"""

from __future__ import annotations

import re

from desktop.core.analysis.claims.lexicon import Lexicon
from desktop.core.analysis.claims.lexicon.words import role_match
from desktop.core.analysis.claims.text import QUOTE_CHARS, STOP_PUNCT, Token, is_cue_token, is_title


def np_after(
    tokens: list[Token], i: int, lex: Lexicon, *, skip_adverbs: bool = True
) -> tuple[int, int] | None:
    """Token range [i, j) of the speaker phrase that starts at ``i`` (after a cue)."""
    n = len(tokens)
    if skip_adverbs:
        while i < n and tokens[i].low in lex.adverbs and (not tokens[i].is_cap or tokens[i].low in _TIME_WORDS):
            i += 1
        # "..., се казва в доклада на Световната банка": the document's author speaks.
        if i + 1 < n and tokens[i].low in {"в", "във", "in"} and _DOCUMENTS.match(tokens[i + 1].low):
            k = i + 2
            if k < n and tokens[k].low in {"на", "by", "of"} and k + 1 < n:
                i = k + 1
            elif k < n and not tokens[k].is_word or k >= n:
                return (i + 1, k)
        # "коментира пред местни медии проф. Г. Иванов": skip the adjunct to the speaker.
        if i < n and tokens[i].low in lex.adjunct_preps:
            k = i + 1
            while (
                k < n
                and k <= i + 8
                and tokens[k].is_word
                and not (tokens[k].is_cap or is_title(tokens[k]) or role_like(tokens[k], lex))
            ):
                k += 1
            if (
                k < n
                and k <= i + 8
                and (tokens[k].is_cap or is_title(tokens[k]) or role_like(tokens[k], lex))
            ):
                i = k
    start = i
    in_quote = False
    while i < n:
        t = tokens[i]
        if t.text in QUOTE_CHARS:
            if not in_quote:
                k = i + 1
                while k < n and tokens[k].text not in QUOTE_CHARS:
                    k += 1
                if sum(1 for x in tokens[i + 1 : k] if x.is_word) > 5:
                    break  # a quotation follows the speaker, not a quoted name
            in_quote = not in_quote
            i += 1
            continue
        if not in_quote:
            if t.text == "(" and i + 2 < n and tokens[i + 2].text == ")" and tokens[i + 1].text.isupper():
                i += 3  # "Световната здравна организация (СЗО) Тедрос ..."
                continue
            if t.text in STOP_PUNCT:
                break
            if t.low in lex.relatives or t.low in lex.complementisers:
                break
            if t.low in {
                "като",
                "цитиран",
                "цитирана",
                "цитирани",
                "цитирано",
                "позовавайки",
                "quoted",
                "citing",
                "according",
                "adding",
                "who",
                "which",
            }:
                break
            if (
                i > start
                and t.low in lex.adjunct_preps
                and (tokens[i - 1].is_cap or tokens[i - 1].low in lex.pronouns)
            ):
                break  # "Салвини пред радио ...", "Kirby on Wednesday", "той по повод ..."
            if lex.lang == "en" and i > start and (is_cue_token(t, lex) or t.low in lex.not_in_speaker):
                break
        i += 1
        if i - start > 20:
            return None
    if i > start + 1 and tokens[start].low in {"от", "from"} and (
        tokens[start + 1].is_cap or role_like(tokens[start + 1], lex) or tokens[start + 1].text in QUOTE_CHARS
        or tokens[start + 1].low in lex.source_nouns or tokens[start + 1].low.endswith(("ата", "ите", "ото"))
    ):
        start += 1  # "..., предупредиха от Световната банка": the body speaks
    if i == start or tokens[start].low in lex.prepositions:
        return None  # "..., настоява за оставка": an object, not a speaker
    return start, i


def np_after_attribution(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """The source phrase after "според"/"according to": a name, pronoun or short noun phrase.

    Without a parser the end of the phrase is a guess: a capitalised run (with
    "на"/"of" chains), a pronoun, or up to a source noun ("данни", "информация")
    plus its "на ..." complement; never past a comma.
    """
    n = len(tokens)
    if i >= n:
        return None
    t = tokens[i]
    if t.low in _POSSESSIVES and i + 1 < n and tokens[i + 1].is_word and not tokens[i + 1].is_cap:
        # "according to its backers", "според нейни съседки": the noun is the source.
        return i, i + 2
    if t.low in lex.pronouns or t.low in lex.first_person:
        return i, i + 1
    j = i
    if t.text in QUOTE_CHARS:
        k = i + 1
        while k < n and tokens[k].text not in QUOTE_CHARS:
            k += 1
        j = min(n, k + 1)
    elif t.is_cap:
        while j < n and (tokens[j].is_cap or tokens[j].text in {"-"}) and tokens[j].text not in STOP_PUNCT:
            j += 1
    else:
        if t.low in {"the", "a", "an"} and i + 1 < n:
            i += 1
        k = i
        head = None
        while k < n and k < i + 4 and tokens[k].is_word and tokens[k].low not in lex.prepositions:
            if tokens[k].low in lex.source_nouns or role_like(tokens[k], lex):
                head = k
                break
            k += 1
        if head is None:
            # Fall back to one word, or adjectives and their noun ("според
            # американски официални лица"); "-ите"/"-ата" endings are left alone,
            # nouns have them too ("според критиците строгите закони ...").
            head = i
            while (
                head + 1 < n
                and head < i + 3
                and tokens[head + 1].is_word
                and _CLEAR_ADJ.search(tokens[head].low)
                and tokens[head + 1].low not in lex.prepositions
            ):
                head += 1
        j = head + 1
        if j < n and tokens[j].text in QUOTE_CHARS:
            # "университета „Джонс Хопкинс“": the noun and its name
            k = j + 1
            while k < n and tokens[k].text not in QUOTE_CHARS and k < j + 6:
                k += 1
            if k < n and tokens[k].text in QUOTE_CHARS:
                j = k + 1
    # "на САЩ", "of the US", "на Министерството на здравеопазването"
    while j + 1 < n and tokens[j].low in {"на", "от", "към", "of", "at", "from"}:
        k = j + 1
        if k < n and tokens[k].low in {"the", "a", "an"}:
            k += 1
        if k >= n:
            break
        if tokens[k].is_cap or tokens[k].text in QUOTE_CHARS:
            k2 = k
            if tokens[k].text in QUOTE_CHARS:
                k2 = k + 1
                while k2 < n and tokens[k2].text not in QUOTE_CHARS:
                    k2 += 1
                k2 += 1
            else:
                while k2 < n and tokens[k2].is_cap:
                    k2 += 1
            j = k2
        elif tokens[k].is_word and tokens[k].low not in lex.not_in_speaker:
            j = k + 1
            # "на нейни съседки", "на местните съдебни органи": modifiers take their noun along.
            while (
                j < n
                and j - k < 4
                and tokens[j].is_word
                and not tokens[j].is_cap
                and _ADJ_LIKE.search(tokens[j - 1].low)
                and tokens[j].low not in lex.not_in_speaker
                and tokens[j].low not in lex.prepositions
                and not (lex.lang == "bg" and _BG_DEFINITE_WORD.search(tokens[j].low))  # a new noun phrase
            ):
                j += 1
        else:
            break
    # "Според изпълнителния директор на пристанището д-р Елена Димитрова ...":
    # a titled or two-word name right after the role is the person.
    if not tokens[i].is_cap and j < n and (is_title(tokens[j]) or _two_word_name(tokens, j, lex)):
        k = j + 1 if is_title(tokens[j]) else j
        while k < n and tokens[k].is_cap:
            k += 1
        j = k
    return i, min(j, n)


def _two_word_name(tokens: list[Token], j: int, lex: Lexicon) -> bool:
    if j + 1 >= len(tokens) or not (tokens[j].is_cap and tokens[j + 1].is_cap):
        return False
    pair = f"{tokens[j].low} {tokens[j + 1].low}"
    return pair not in lex.places and tokens[j].low not in lex.places


_ADJ_LIKE = re.compile(
    r"(?:ски|ска|ско|ските|ския|ският|ската|ското|ната|ното|ните|ния|ният|ни|на|но|ова|ово|ови|ева|еви|"
    r"ата|ото|ите|ия|ият)$|^(?:нейн|негов|техн|наш|ваш|свои|свой|своя)"
)


_CLEAR_ADJ = re.compile(r"(?:ски|ска|ско|ския|ският|ската|ското|ските|ния|ният|ната|ното|ните|ен|на|но)$")


def role_like(tok: Token, lex: Lexicon) -> bool:
    """Whether ``tok`` is a role noun ("говорителката", "министърът", "spokesman")."""
    return role_match(tok.text, lex) is not None


def subject_before(
    tokens: list[Token], first: int, cue: int, text: str, lex: Lexicon
) -> tuple[int, int] | None:
    """Token range of the subject of a preposed cue ("Кърби припомни", "Ден по-късно говорителя ... заяви")."""
    j = cue - 1
    while j >= first and (
        (tokens[j].low in lex.adverbs and not tokens[j].is_cap)
        or tokens[j].low in lex.auxiliaries
        or (tokens[j].low in _RAISING and j + 1 <= cue)
    ):
        j -= 1
    closed = j >= first and tokens[j].text == ","  # "Peter Nielson, who is ..., said"
    if closed:
        j -= 1
    end = j
    start = j + 1
    crossed: int | None = None
    while start > first:
        t = tokens[start - 1]
        if (
            t.text == ","
            and crossed is None
            and start <= end
            and start - 2 >= first
            and tokens[start - 2].is_word
            and all(x.is_cap for x in tokens[start : end + 1])
        ):
            # Perhaps an apposition: "another spokesman for the Council, John Kirby, said".
            crossed = start
            start -= 1
            continue
        if t.text == "," and crossed is None and start <= end:
            # A name, then its apposition: "Ашик Масих, съпругът на Асия Биби, каза",
            # "EA, a leading games developer, added".
            k = start - 2
            while k >= first and (tokens[k].is_cap or tokens[k].text in "-'’"):
                k -= 1
            opens = k < first or tokens[k].text in {".", "!", "?", ";", ":", "(", "—", "–"} or (
                tokens[k].low in lex.clause_openers or tokens[k].low in lex.adverbs
            )
            if opens and k + 1 <= start - 2 and tokens[k + 1].is_cap and not tokens[start].is_cap:
                start = k + 1
            break
        if t.text in QUOTE_CHARS:
            # A quoted name (вестник "Файненшъл таймс") belongs to the subject; a
            # quotation ('..., " Kirby said') ends it.
            k = start - 2
            while k >= first and tokens[k].text not in QUOTE_CHARS:
                k -= 1
            inside = tokens[k + 1 : start - 1]
            if k < first or not inside or len(inside) > 5 or any(x.text in STOP_PUNCT for x in inside):
                break
            start = k
            continue
        if (
            t.low in lex.relatives
            and (closed or not any(x.low in lex.pronouns for x in tokens[start : end + 1]))
            and start - 2 >= first
            and tokens[start - 2].text == ","
            and start <= end
        ):
            # "Peter Nielson, who is UKIP Scotland chairman, said": the noun phrase before the relative clause.
            k = start - 4  # the head noun is start - 3; its modifiers and names come before it
            while k >= first and (
                tokens[k].is_cap or tokens[k].text in QUOTE_CHARS or _ADJ_LIKE.search(tokens[k].low) or role_like(tokens[k], lex)
            ):
                k -= 1
            if start - 3 >= first and tokens[start - 3].is_word:
                start, end = k + 1, start - 3
            break
        if t.text in {".", "!", "?", ";", ":", ",", "(", ")"}:
            break
        if t.low in lex.clause_openers and t.low not in {"и", "and"}:
            break
        start -= 1
    if crossed is not None:
        head = tokens[start : crossed - 1]
        if not any(role_like(x, lex) for x in head) or any(x.low in lex.not_in_speaker for x in head):
            start = crossed
    if start > end:
        return None
    # Cut after the last word that cannot belong to a speaker phrase (outside quoted names).
    quoted = False
    for k in range(end, start - 1, -1):
        if tokens[k].text in QUOTE_CHARS:
            quoted = not quoted
            continue
        if not quoted and (tokens[k].low in lex.not_in_speaker or tokens[k].low in lex.complementisers):
            start = k + 1
            break
    if start > end:
        return None
    # Drop leading time and discourse words ("В сряда", "Ден по-късно", "Така").
    while start <= end:
        rest = text[tokens[start].start : tokens[end].end]
        m = lex.leading_adverbial.match(rest + " ")
        if not m or m.end() == 0:
            break
        cut = tokens[start].start + m.end()
        k = start
        while k <= end and tokens[k].start < cut:
            k += 1
        if k == start:
            break
        start = k
    if start > end:
        return None
    # "Ашик Масих във видеопослание до АФП казва": the adjunct is not the speaker.
    for k in range(start + 1, end + 1):
        if tokens[k].low in lex.adjunct_preps and tokens[k - 1].is_cap:
            end = k - 1
            break
    # "... е много чувствително и министърът ... заяви": the subject starts after "и".
    for k in range(end - 1, start, -1):
        if (
            tokens[k].low in {"и", "and"}
            and not tokens[k - 1].is_cap
            and (tokens[k + 1].is_cap or role_like(tokens[k + 1], lex))
            and not role_like(tokens[k - 1], lex)
        ):
            start = k + 1
            break
    # "и"/"а" open the clause; "От БСП заявиха" names БСП.
    if tokens[start].low in {"и", "а", "но", "and", "but", "от", "from"} and start < end:
        start += 1
    if start > end or end - start > 16:
        return None
    return start, end + 1


#: Only the first word of a Bulgarian noun phrase takes the article: one after it starts another.
_BG_DEFINITE_WORD = re.compile(r"(?:ите|ята|ата|ото|ът|ят)$")
#: Documents a statement is "in": "се казва в доклада на Световната банка".
_DOCUMENTS = re.compile(
    r"^(?:доклад|съобщени|обръщени|изявлени|позици|писм|бележк|анализ|стати|интервю|декларац|report|statement|letter)"
)

#: Possessive determiners before a source noun.
_POSSESSIVES = frozenset(
    {"its", "his", "her", "their", "нейни", "негови", "техни", "нейните", "неговите", "техните"}
)
_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
#: Days written with a capital in English, never a speaker ("said on Saturday").
_TIME_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
#: Words between a subject and its cue in "is alleged to have said", "appears to have told".
_RAISING = frozenset({"to", "alleged", "appears", "appear", "seems", "seem", "reportedly", "is", "are", "was", "were"})


def sentence_subject(tokens: list[Token], lex: Lexicon) -> tuple[int, int] | None:
    """The noun phrase opening a sentence, when it names someone ("Кметът на Варна Петър Николов").

    An English definite noun phrase counts too ("The bank gave ..., but said"):
    the determiner and the nouns after it, up to the first verb-like word.
    """
    if lex.lang == "en" and len(tokens) > 1 and tokens[0].low in _DETERMINERS:
        k = 1
        while k < len(tokens) and k < 4 and tokens[k].is_word and not verb_like(tokens[k], lex):
            k += 1
        return (0, k) if k > 1 else None
    k = 0
    named = False
    while k < len(tokens):
        t = tokens[k]
        if t.is_cap or is_title(t):
            named = named or (t.is_cap and k > 0) or role_like(t, lex)
        elif t.low in {"и", "and"} and k > 0 and tokens[k - 1].is_cap and k + 1 < len(tokens) and tokens[k + 1].is_cap:
            pass  # "страните в Централна и Източна Европа"
        elif not (
            t.low in lex.prepositions or role_like(t, lex) or _ADJ_LIKE.search(t.low) or t.text in "-–"
        ):
            break
        k += 1
    if k == 0 or not named or k > 12:
        return None
    return 0, k


def named_subject(tokens: list[Token], text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The capitalised subject opening a sentence after its time words ("Вчера Мулук каза", "Gordon Brown has").

    Used to remember who a sentence is about, so "той" or "the Chancellor" in
    the next one can find them. A phrase after a preposition ("В Китай ...")
    is not a subject.
    """
    if not tokens:
        return None
    start = 0
    m = lex.leading_adverbial.match(text[tokens[0].start : tokens[-1].end] + " ")
    if m and m.end() > 0:
        cut = tokens[0].start + m.end()
        while start < len(tokens) and tokens[start].start < cut:
            start += 1
    if start < len(tokens) and tokens[start].low in lex.prepositions:
        # "In his speech, Mr Blair ...", "В понеделник, ...": a leading phrase closed by a comma.
        comma = next((k for k in range(start, min(start + 7, len(tokens))) if tokens[k].text == ","), None)
        if comma is not None:
            start = comma + 1
    while start < len(tokens) and (tokens[start].low in {"the", "a", "an"} or tokens[start].text == ","):
        start += 1
    if start >= len(tokens) or not tokens[start].is_cap or tokens[start].low in lex.prepositions:
        return None
    n = len(tokens)
    end = start
    while end < n and (
        tokens[end].is_cap
        or (tokens[end].low == "of" and end + 1 < n and tokens[end + 1].is_cap)
        or (role_like(tokens[end], lex) and end + 1 < n and tokens[end + 1].is_cap)  # "Tory leader Michael Howard"
    ):
        end += 1
    if end < len(tokens) and tokens[end].is_word and not tokens[end].is_cap and end - start <= 4:
        return start, end
    return None


def verb_like(tok: Token, lex: Lexicon) -> bool:
    """An English word that ends a subject: an auxiliary, a cue, a past form, a function word."""
    low = tok.low
    return (
        low in lex.auxiliaries
        or low in lex.not_in_speaker
        or is_cue_token(tok, lex) is not None
        or low.endswith("ed")
        or low in lex.adverbs
        or low in {"gave", "made", "took", "got", "went", "came", "said", "told", "has", "had", "did", "met", "won", "lost"}
    )
