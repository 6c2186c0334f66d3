"""Key claims: a segmented document (and its translation, if any) in; ranked ``Claim`` records out.

Stages, run by :mod:`.reading` in reading order: candidates per kind
(:mod:`.quotes`, :mod:`.rules` for reported speech and attributions,
:mod:`.facts`), speaker resolution (:mod:`.speakers` for every noun phrase
and subject, :mod:`.coreference` for pronouns and roles), then
de-duplication and ranking (:mod:`.ranking`); :mod:`.english` places a claim
in the translation and :mod:`.finder` is the public API. :class:`.kinds.ClaimKind`
is the one list of kinds. Never stores, translates or downloads anything;
no rule or lexicon names a particular article.
"""
