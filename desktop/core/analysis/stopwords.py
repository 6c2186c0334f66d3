"""Function words of Bulgarian and English, left out when sentences are compared.

Two sentences are alike for a summary when they share *content* words (names,
nouns, verbs of the story), not because both contain "и", "на" or "the". The
lists are hand-made for news prose: pronouns, prepositions, conjunctions,
particles, auxiliaries and the reporting verbs ("каза", "said") that join
almost every quoted sentence to every other one.
"""

from __future__ import annotations


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


BULGARIAN: frozenset[str] = _wordlist(
    """
    а аз ако ала бе без би бил била били било бъдат бъде бъдем бъдете бъдеш бях бяха бяхме бяхте
    беше в във вас ваш ваша ваше ваши вече ви вие всеки всички всичко всяка всяко всякакви всякакъв
    вместо върху въпреки г га ги го горе да дали два двама двамата две двете де дори до докато
    докога долу е едва един една едно ето за зад заедно защо защото и из или им има имат имаше й
    каза казаха казва как каква какво както какъв като кога когато което които кой който колко която
    къде където към ли м ме между мен ми мнозина мога могат може мой моя мое мои му на над нас наш
    наша наше наши не него нея ни ние нищо нито но нов нова нови ново някога някой някои някакъв
    някаква някакво няколко няма нямат нещо о обаче около освен особено от отново още пак по поради
    после почти през при про пред преди след сега си сме сте са със също сам сама само свой своя
    свое свои т та така такава такива такъв там те тези теб ти то това този тоя тук тъй тя тях у уж
    чак че чрез ще щеше щом щото я як заяви заявил заявила посочи посочил посочила добави добавил
    добавила съобщи съобщил съобщила отбеляза отбелязва подчерта казал казала според думите
    """
)

ENGLISH: frozenset[str] = _wordlist(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can cannot could couldn't did didn't do does doesn't doing don't
    down during each few for from further had hadn't has hasn't have haven't having he he'd he'll
    he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
    isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or
    other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't
    so some such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those through to too under until up very was wasn't we we'd
    we'll we're we've were weren't what what's when when's where where's which while who who's whom
    why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself
    yourselves said says say told tells according mr mrs ms just now one may might must shall
    """
)


def stopwords_for(language: str) -> frozenset[str]:
    """The stop words of a language; both lists for anything else (mixed text)."""
    if language == "bg":
        return BULGARIAN
    if language == "en":
        return ENGLISH
    return BULGARIAN | ENGLISH
