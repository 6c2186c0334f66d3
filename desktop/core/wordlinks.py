"""Word links and word confidence: which Bulgarian words each English word came from, and how sure the model was.

Both come out of the decoding pass itself, never a second look at the model's
answer by another model: the decoder's cross-attention says which source
token each target token attended to most, and the probability of each chosen
token says how sure the model was. A backend hands over, per sentence, its
source and target sentencepiece pieces, one attention row per target piece
and one log-probability per target piece; :func:`links_from_tokens` folds
pieces into words at sentencepiece's ``▁`` word boundaries.

A :class:`WordLinks` names its words (so the GUI finds them in the sentence's
text by a left-to-right search, whatever spacing the detokeniser produced)
and links them both ways. A journalist's edit has no links (the words are no
longer the model's): the GUI falls back to lighting the whole sentence.

One rule in one place: :data:`UNSURE_PROBABILITY` decides which words are
"unsure" -- for the dotted underline in the English pane, the brief's
optional marks and the per-sentence low-confidence check.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

#: A word whose least likely piece has a probability below this is "unsure"
#: (the threshold Firefox Translations' quality estimation uses).
UNSURE_PROBABILITY = 0.5

_BOUNDARY = "▁"
_SPECIAL = frozenset({"</s>", "<unk>", "<pad>", "<s>"})


@dataclass(frozen=True)
class WordLinks:
    """English words of one machine translation, linked to the Bulgarian words they came from.

    ``links[i]`` are the indices in ``source_words`` of the Bulgarian words
    English word ``i`` attended to; ``confidence[i]`` is the probability of its
    least likely piece (0..1).
    """

    source_words: tuple[str, ...]
    target_words: tuple[str, ...]
    links: tuple[tuple[int, ...], ...]
    confidence: tuple[float, ...]

    def sources_of(self, target_index: int) -> tuple[int, ...]:
        """Bulgarian word indices linked to English word ``target_index``."""
        return self.links[target_index] if 0 <= target_index < len(self.links) else ()

    def targets_of(self, source_index: int) -> tuple[int, ...]:
        """English word indices linked to Bulgarian word ``source_index`` (the links read backwards)."""
        return tuple(i for i, srcs in enumerate(self.links) if source_index in srcs)

    def unsure(self, threshold: float = UNSURE_PROBABILITY) -> tuple[int, ...]:
        """Indices of the English words the model was unsure of."""
        return tuple(i for i, p in enumerate(self.confidence) if p < threshold)

    def to_json(self) -> str:
        return json.dumps(
            {
                "src": list(self.source_words),
                "tgt": list(self.target_words),
                "links": [list(x) for x in self.links],
                "prob": [round(p, 4) for p in self.confidence],
            },
            ensure_ascii=False,
        )

    @staticmethod
    def from_json(text: str | None) -> WordLinks | None:
        """The stored links, or None for none (or for a value this version cannot read)."""
        if not text:
            return None
        try:
            data = json.loads(text)
            src = tuple(str(w) for w in data["src"])
            tgt = tuple(str(w) for w in data["tgt"])
            links = tuple(tuple(int(i) for i in row if 0 <= int(i) < len(src)) for row in data["links"])
            prob = tuple(float(p) for p in data["prob"])
        except (ValueError, KeyError, TypeError):
            return None
        if len(links) != len(tgt) or len(prob) != len(tgt):
            return None
        return WordLinks(src, tgt, links, prob)


def words_of_pieces(pieces: Sequence[str]) -> tuple[list[str], list[int]]:
    """Words of a sentencepiece sequence and, per piece, its word's index (-1 for special pieces).

    A piece starting with ``▁`` starts a word; a bare ``▁`` starts one that the
    next piece fills.
    """
    words: list[str] = []
    owner: list[int] = []
    for piece in pieces:
        if piece in _SPECIAL:
            owner.append(-1)
            continue
        text = piece.replace(_BOUNDARY, "")
        if words and (words[-1] == "" or not piece.startswith(_BOUNDARY)):
            words[-1] += text  # a piece inside a word, or the word a bare "▁" started
        else:
            words.append(text)
        owner.append(len(words) - 1)
    if words and words[-1] == "":
        words.pop()
        owner = [o if o < len(words) else -1 for o in owner]
    return words, owner


def links_from_tokens(
    source_pieces: Sequence[str],
    target_pieces: Sequence[str],
    attention: Sequence[Sequence[float]],
    log_probs: Sequence[float],
) -> WordLinks:
    """Fold piece-level attention and probabilities into a :class:`WordLinks`.

    ``attention[j]`` is target piece ``j``'s weights over ``source_pieces``;
    each target piece links to the source word of its most attended real
    (non-special) piece. A word's confidence is its least likely piece's.
    """
    src_words, src_owner = words_of_pieces(source_pieces)
    tgt_words, tgt_owner = words_of_pieces(target_pieces)
    links: list[set[int]] = [set() for _ in tgt_words]
    worst: list[float] = [1.0 for _ in tgt_words]
    for j, word in enumerate(tgt_owner):
        if word < 0:
            continue
        row = attention[j] if j < len(attention) else ()
        best, best_w = -1, -1.0
        for k, weight in enumerate(row[: len(src_owner)]):
            if src_owner[k] >= 0 and weight > best_w:
                best, best_w = src_owner[k], float(weight)
        if best >= 0:
            links[word].add(best)
        if j < len(log_probs):
            worst[word] = min(worst[word], math.exp(min(0.0, float(log_probs[j]))))
    return WordLinks(tuple(src_words), tuple(tgt_words), tuple(tuple(sorted(x)) for x in links), tuple(worst))


def join_links(parts: Sequence[WordLinks | None]) -> WordLinks | None:
    """One sentence's links from the links of its parts (a long sentence is translated in parts)."""
    if not parts or any(p is None for p in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    src: list[str] = []
    tgt: list[str] = []
    links: list[tuple[int, ...]] = []
    prob: list[float] = []
    for part in parts:
        assert part is not None
        offset = len(src)
        src.extend(part.source_words)
        tgt.extend(part.target_words)
        links.extend(tuple(i + offset for i in row) for row in part.links)
        prob.extend(part.confidence)
    return WordLinks(tuple(src), tuple(tgt), tuple(links), tuple(prob))


def word_spans(text: str, words: Sequence[str]) -> list[tuple[int, int] | None]:
    """Where each word lies in ``text``, found left to right (None for a word not found).

    The detokeniser and sentencepiece's normalisation may space or spell a
    word slightly differently from the text shown; a word that cannot be
    found is skipped rather than guessed.
    """
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for word in words:
        if not word:
            spans.append(None)
            continue
        at = text.find(word, pos)
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(word)))
        pos = at + len(word)
    return spans


#: What the dotted underline means, in the words every face (pane legend, brief) uses.
UNSURE_LEGEND = "The model was unsure of these words — check them against the Bulgarian."


def unsure_spans(text: str, links: WordLinks | None) -> list[tuple[int, int]]:
    """Character spans in ``text`` (the sentence's machine English) of the words the model was unsure of."""
    if links is None:
        return []
    spans = word_spans(text, links.target_words)
    return [span for i in links.unsure() if (span := spans[i]) is not None]
