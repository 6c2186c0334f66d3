"""Text normalisation and title/header detection for imported articles.

Every later stage (segmentation, translation, claims, highlights, the
library's search) points into ``Document.text`` by character offsets, so the
text is made canonical once, here, before anything measures it: one form of
each letter (NFC), one kind of line break, ordinary spaces, no invisible
characters. Typographic quotes and dashes are *kept*: they are part of the
article (quotes mark direct speech for the claim finder) and a journalist
expects to see them as published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that only get in the way of offsets and search:
# zero-width space/non-joiner/joiner, word joiner, BOM inside the text, soft
# hyphen (a line-break hint from the web page's layout, not part of the word),
# and the invisible "function application"/separators some CMSs emit.
_REMOVED = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u2061\u2062\u2063\u2064\u180e"),
    None,
)

# Line and paragraph separators become the line breaks they mean.
_LINE_BREAKS = {0x2028: "\n", 0x2029: "\n\n", 0x0B: "\n", 0x0C: "\n\n", 0x85: "\n"}

# C0/C1 control characters and lone surrogates (a broken clipboard) carry no text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_TRAILING_SPACE_RE = re.compile(r" +$", re.MULTILINE)
_BLANK_LINES_RE = re.compile(r"\n\n\n+")


# Every Unicode space separator (category Zs) other than the plain space, and
# the tab: NBSP (U+00A0), the narrow NBSP (U+202F) that typesetting puts
# before units, figure space (U+2007), thin and hair spaces, the ideographic
# space. A reader sees a space, so search and tokenisers must see one too.
_SPACES = {cp: " " for cp in (0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
_TRANSLATE: dict[int, str | None] = {**_SPACES, **_LINE_BREAKS, **_REMOVED}
# str.translate with a dict looks up every character (seconds for a 5 MB file);
# a regex touches only the few characters that need replacing.
_SPECIAL_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TRANSLATE)) + "]")


def _replace_special(match: re.Match[str]) -> str:
    return _TRANSLATE[ord(match.group())] or ""


def normalize_text(text: str) -> str:
    """Return the canonical form of ``text`` that all offsets refer to.

    Steps, in an order that keeps the function idempotent: CRLF/CR -> LF;
    invisible characters removed and exotic spaces/tabs -> space; stray
    control characters removed; Unicode NFC (after the removals, so that a
    zero-width space between a letter and its accent cannot block
    composition); trailing spaces on each line stripped; three or more line
    breaks (two or more blank lines) collapsed into one blank line; leading
    and trailing blank space of the whole text removed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPECIAL_RE.sub(_replace_special, text)
    text = _CONTROL_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if " \n" in text or text.endswith(" "):
        text = _TRAILING_SPACE_RE.sub("", text)
    # A line of spaces is blank: after the strip above it is empty, so the
    # collapse below sees it as a blank line.
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


# --- title -------------------------------------------------------------------

TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 200

_SENTENCE_END_RE = re.compile(r"[.:;,…]$")
#: Units and abbreviations a headline may end with ("... за 310 млн. лв."):
#: their full stop does not make the line a sentence.
_TITLE_FINAL_ABBREVIATIONS = frozenset(
    {"лв", "г", "гг", "млн", "млрд", "хил", "бр", "др", "км", "м", "кв", "ст", "ч", "мин", "сек",
     "т.н", "т.е", "сл.н.е", "пр.н.е", "евро", "Inc", "Ltd", "Co", "etc", "U.S", "a.m", "p.m"}
)  # fmt: skip
_LAST_WORD_RE = re.compile(r"(\S+)\.$")


def looks_like_title(line: str, *, next_line: str | None) -> bool:
    """Whether the first line of an article reads as its headline.

    A headline is short (at most 25 words and 200 characters), has letters,
    and does not end like a sentence (no final full stop, colon, comma or
    ellipsis; "?" and "!" are allowed, headlines ask and exclaim; a unit such
    as "млн. лв." may end it). It must be
    followed by more text; when that text continues on the very next line
    with a lower-case letter, the first line is the start of a hard-wrapped
    paragraph, not a headline.
    """
    line = line.strip()
    if not line or next_line is None:
        return False
    if len(line) > TITLE_MAX_CHARS or len(line.split()) > TITLE_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    if _SENTENCE_END_RE.search(line) and not _ends_in_abbreviation(line):
        return False
    # No blank line between: a wrapped paragraph continues in lower case.
    first_letter = next((ch for ch in next_line if ch.isalpha()), "")
    return not first_letter.islower()


def _ends_in_abbreviation(line: str) -> bool:
    m = _LAST_WORD_RE.search(line)
    return m is not None and m.group(1) in _TITLE_FINAL_ABBREVIATIONS and not line.endswith("..")


def split_title(text: str) -> tuple[str | None, str]:
    """Split normalised ``text`` into (title or None, body).

    The body is what follows the title line, leading blank space removed;
    when there is no title the body is ``text`` unchanged.
    """
    first, sep, rest = text.partition("\n")
    if not sep:
        return None, text
    next_line = rest.split("\n", 1)[0]
    if not rest.strip() or not looks_like_title(first, next_line=next_line):
        return None, text
    return first.strip(), rest.lstrip()


# --- wire-service header ---------------------------------------------------------


@dataclass(frozen=True)
class WireHeader:
    """The four header lines of a wire-service/shared-task export."""

    record_id: str
    language: str
    date: str
    url: str


_HEADER_RE = re.compile(
    r"\A(?P<id>[^\s]{1,64})\n"
    r"(?P<lang>[a-z]{2,3})\n"
    r"(?P<date>\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]*)?)\n"
    r"(?P<url>(?:https?|ftp)://[^\n]+)\n"  # exports sometimes break a URL with a space
)


def split_wire_header(text: str) -> tuple[WireHeader | None, str]:
    """Recognise an export that starts ``id / language / date / URL`` on four lines.

    Returns the header and the rest of the text (whose first line is then the
    title); or (None, text) when the text does not start that way. Only this
    exact shape is recognised: anything looser would eat the first lines of
    ordinary articles.
    """
    m = _HEADER_RE.match(text)
    if m is None:
        return None, text
    header = WireHeader(m["id"], m["lang"], m["date"][:10], m["url"].strip())
    return header, text[m.end() :].lstrip()
