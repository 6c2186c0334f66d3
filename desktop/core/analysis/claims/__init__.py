"""Key claims: sentences in, ranked :class:`Claim` records out.

Stages: candidates per kind (quotes, reported speech, attributions, checkable
facts), speaker resolution, then de-duplication and ranking. Rules and
lexicons are general; nothing names a particular article.
"""
