"""Bytes -> text: recognise binary files and find the encoding of a text file.

Bulgarian articles reach a news desk as UTF-8, as UTF-16 saved by Windows
tools, and still as Windows-1251 or KOI8-R from older systems and mail
archives. The encoding is read from the bytes, never from the file name.

For the single-byte Cyrillic encodings charset-normalizer alone is not
reliable: Windows-1251, KOI8-R and Mac Cyrillic map the same byte values to
different Cyrillic letters, and on a short text each decoding "looks like
Cyrillic". So every candidate decoding is scored by how Bulgarian it reads:
letter frequencies measured on Bulgarian news prose, upper-case letters in the
middle of words (KOI8-R read as Windows-1251 swaps the cases), words that mix
Cyrillic and Latin letters, and symbols that do not occur in prose.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass

from desktop.core.errors import BinaryDocument, UndecodableDocument, UnsupportedFormat

# --- binary signatures -------------------------------------------------------------

#: (magic bytes at offset 0, what it is in words) -> BinaryDocument.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"\xca\xfe\xba\xbe", "a program (Mach-O or Java class file)"),
    (b"\xcf\xfa\xed\xfe", "a program (Mach-O executable)"),
    (b"\xce\xfa\xed\xfe", "a program (Mach-O executable)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"\xfd7zXZ\x00", "a compressed (xz) file"),
    (b"(\xb5/\xfd", "a compressed (zstd) file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS\x00", "an audio file (Ogg)"),
    (b"ID3\x02", "an audio file (MP3)"),
    (b"ID3\x03", "an audio file (MP3)"),
    (b"ID3\x04", "an audio file (MP3)"),
    (b"fLaC", "an audio file (FLAC)"),
    (b"\x1aE\xdf\xa3", "a video file (Matroska/WebM)"),
)

_BINARY_ADVICE = {b"%PDF-": "; copy the article's text out of it and paste it into Dragoman"}

#: Formats that are documents, just not ones Dragoman reads -> UnsupportedFormat.
_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office file (.doc/.xls); save it as .docx or .txt",
    ),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def sniff_binary(data: bytes, source: str) -> None:
    """Raise a named error when ``data`` is a known binary or unsupported format.

    ZIP files are *not* handled here: a ZIP may be a .docx, which the caller
    recognises by its content (see ``ingest_formats.zip_kind``).
    """
    head = data[:64]
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            advice = _BINARY_ADVICE.get(magic, "")
            raise BinaryDocument(source, f"this is {what}, not a text document{advice}")
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        raise BinaryDocument(source, "this is a compressed (bzip2) file, not a text document")
    if head.startswith(b"RIFF") and len(head) >= 12:
        kind = {b"WEBP": "a WebP image", b"WAVE": "an audio file (WAV)", b"AVI ": "a video file (AVI)"}
        raise BinaryDocument(
            source, f"this is {kind.get(head[8:12], 'a RIFF media file')}, not a text document"
        )
    if head[4:8] == b"ftyp":
        raise BinaryDocument(source, "this is a video or audio file (MP4/MOV), not a text document")
    if head.startswith(b"MZ") and b"\x00" in head:
        raise BinaryDocument(source, "this is a program (Windows executable), not a text document")
    for magic, what in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormat(source, f"this is {what}")


# --- Bulgarian letter model -------------------------------------------------------

#: Share (%) of each letter among Cyrillic letters in Bulgarian news prose,
#: counted on some 54,000 letters of 2018-2023 agency copy.
_BG_LETTER_PERCENT: dict[str, float] = {
    "а": 13.0, "и": 9.5, "о": 8.1, "е": 7.9, "т": 7.5, "н": 7.0, "с": 6.3, "р": 4.9,
    "в": 4.3, "д": 3.8, "п": 3.2, "к": 3.1, "л": 2.9, "б": 2.3, "м": 2.2, "з": 2.2,
    "я": 2.1, "ъ": 1.85, "у": 1.4, "г": 1.3, "х": 0.95, "ч": 0.83, "й": 0.71, "ж": 0.69,
    "щ": 0.57, "ц": 0.5, "ш": 0.44, "ф": 0.22, "ю": 0.2, "ѝ": 0.02, "ь": 0.02,
}  # fmt: skip
_BG_LOGP = {ch: math.log(p / 100) for ch, p in _BG_LETTER_PERCENT.items()}

_LOGP_LATIN = math.log(1 / 26)  # ASCII letters: neutral, about a uniform alphabet
_LOGP_LATIN_ACCENTED = math.log(0.01)  # é, ü, č ... real but rarer
_LOGP_OTHER_CYRILLIC = math.log(0.0005)  # ы, э, ђ, ї ...: not Bulgarian
_LOGP_ODD = math.log(0.0003)  # any other letter or a symbol prose does not use
_CASE_PENALTY = math.log(0.02)  # "доМ": lower case then upper case inside a word
_MIXED_SCRIPT_PENALTY = math.log(0.002)  # a word with Cyrillic and Latin letters

#: Punctuation and symbols that ordinary news prose uses (no penalty).
_PROSE_SYMBOLS = frozenset(".,;:!?-()[]{}\"'«»„“”‘’‚‹›–—―…%/\\№€$£¥§°+=*&@#<>|~^_•·±×©®™‰\u00a0")

#: Score (mean log-probability per letter) below which a decoding is rejected.
#: Bulgarian prose scores about -3.0 and Latin-alphabet text about -3.3;
#: random bytes and wrong Cyrillic decodings score -4.5 and lower.
PLAUSIBLE_SCORE = -4.1

_WORD_RE = re.compile(r"[^\W\d_]+")
# The first two visible characters of the text, of each paragraph and of each sentence.
_SENTENCE_START_RE = re.compile(r"(?:\A|[.!?]\s+|\n\s*\n)\s*(\S)(\S?)")
_OPENERS = frozenset("\"'„“«‚‘‹([-–—")
#: A sentence that starts with a symbol, or with an opening quote and then
#: neither a capital nor a digit: what a wrong Cyrillic decoding does to capital letters
#: (Windows-1251 "З" read as Mac Cyrillic is "«").
_START_PENALTY = math.log(0.02)
# Quotes stuck to the wrong side of a word ("на»талия") and a no-break space
# beside an ordinary space: what capitals become in a wrong Cyrillic decoding.
_GLUED_RE = re.compile(
    r"[^\W\d_][«„‚‹€‰™†‡•]"  # an opening quote or a symbol right after a letter
    r"|[»”…›€‰™†‡•][^\W\d_]"  # a closing quote or a symbol right before a letter
    r"|(?:^|\s)[’»›][^\W\d_]"  # a closing quote at the start of a word
    r"|(?:^|\s)\u00a0|\u00a0(?:\s|$)"  # a no-break space beside a space
)
_GLUED_PENALTY = math.log(0.02)
#: Score of a decoding that has no letters at all: plausible, but any decoding
#: that yields real words beats it.
_NO_LETTERS_SCORE = -3.5


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_basic_latin_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def prose_score(text: str) -> float:
    """Mean log-probability per letter of ``text`` under a "Bulgarian or Latin prose" model.

    Higher is more plausible. Letters are scored by Bulgarian frequency
    (Cyrillic) or a flat Latin rate; unexpected symbols, control characters,
    case swaps inside words, mixed-script words and sentences that start with a
    stray symbol are penalised. Text with no letters scores a neutral -3.5.
    """
    total = 0.0
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            lower = ch.lower()
            if lower in _BG_LOGP:
                total += _BG_LOGP[lower]
            elif _is_basic_latin_letter(ch):
                total += _LOGP_LATIN
            elif _is_cyrillic(ch):
                total += _LOGP_OTHER_CYRILLIC
            elif "\u00c0" <= ch <= "\u024f":
                total += _LOGP_LATIN_ACCENTED
            else:
                total += _LOGP_ODD
        elif ch.isspace() or ch.isdigit() or ch in _PROSE_SYMBOLS:
            continue
        else:
            count += 1
            total += _LOGP_ODD
    for word in _WORD_RE.findall(text):
        has_cyr = any(_is_cyrillic(c) for c in word)
        if has_cyr and any(_is_basic_latin_letter(c) for c in word):
            total += _MIXED_SCRIPT_PENALTY
        for a, b in zip(word, word[1:], strict=False):
            if a.islower() and b.isupper():
                total += _CASE_PENALTY
    for first, second in _SENTENCE_START_RE.findall(text):
        if first.isalnum():
            continue
        if first in _OPENERS and (not second or second.isupper() or second.isdigit()):
            continue
        total += _START_PENALTY
    total += _GLUED_PENALTY * len(_GLUED_RE.findall(text))
    if count == 0:
        return _NO_LETTERS_SCORE
    return total / count


# --- decoding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes and the encoding that was used (a Python codec name)."""

    text: str
    encoding: str


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Single-byte Cyrillic encodings, in order of how common they are for Bulgarian text.
CYRILLIC_CANDIDATES: tuple[str, ...] = ("cp1251", "koi8_r", "mac_cyrillic", "iso8859_5", "cp866")

#: How many bytes are scored when guessing: plenty for a verdict, fast for 20 MB.
SAMPLE_BYTES = 32_768

# Control bytes that never occur in text (keeps tab, LF, VT, FF, CR and ESC).
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20)))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without a byte-order mark by where its zero bytes fall.

    In UTF-16LE, Latin text has a zero in every second (odd) byte and Cyrillic
    text a 0x04 there; spaces and punctuation also give 0x00 or 0x20. When
    nearly all "high" bytes are from that small set, and the text decodes and
    reads as prose, it is UTF-16.
    """
    if len(data) < 4:
        return None
    even = data[: len(data) - len(data) % 2]
    for encoding, high in (("utf-16-le", even[1::2]), ("utf-16-be", even[0::2])):
        common = sum(1 for b in high if b in (0x00, 0x04, 0x20))
        if common < 0.9 * len(high) or high.count(0) + high.count(4) < 0.5 * len(high):
            continue
        text = _strict(even, encoding)
        if text is not None and prose_score(text[: SAMPLE_BYTES // 2]) >= PLAUSIBLE_SCORE:
            return text
    return None


def _control_share(data: bytes) -> float:
    sample = data[:SAMPLE_BYTES]
    return sum(1 for b in sample if b in _CONTROL_BYTES) / max(1, len(sample))


def _charset_normalizer_guesses(sample: bytes) -> list[str]:
    """Encodings charset-normalizer finds plausible for ``sample``, best first."""
    from charset_normalizer import from_bytes

    return [match.encoding for match in from_bytes(sample)][:3]


def decode_text(data: bytes, source: str) -> Decoded:
    """Decode the bytes of a text file, detecting the encoding from the content.

    Order: a byte-order mark; zero bytes (UTF-16 without BOM, else binary);
    strict UTF-8 (pure ASCII is UTF-8); then the single-byte Cyrillic
    encodings and charset-normalizer's guesses, scored by :func:`prose_score`
    on a sample. Raises :class:`BinaryDocument` for binary data and
    :class:`UndecodableDocument` when no decoding reads as text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise UndecodableDocument(
                    source, f"the file says it is {encoding.upper()} but its bytes are damaged"
                )
            label = "utf-8" if encoding == "utf-8-sig" else encoding
            if label != "utf-8":
                label += "-be" if bom in (codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE) else "-le"
            return Decoded(text.lstrip("\ufeff"), label)

    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            encoding = "utf-16-le" if data[1:2] in (b"\x00", b"\x04", b"\x20") else "utf-16-be"
            return Decoded(text, encoding)
        raise BinaryDocument(source, "the file contains binary data, not text")
    if _control_share(data) > 0.01:
        raise BinaryDocument(source, "the file contains binary data, not text")

    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")

    sample = data[:SAMPLE_BYTES]
    # Try UTF-8 again on the sample cut at a character boundary: a file that is
    # UTF-8 except for a few damaged bytes is still UTF-8, with the damage shown.
    utf8 = sample.decode("utf-8", errors="replace")
    if utf8.count("\ufffd") <= max(1, len(utf8) // 1000) and prose_score(utf8) >= PLAUSIBLE_SCORE:
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8")

    candidates = list(CYRILLIC_CANDIDATES)
    for guess in _charset_normalizer_guesses(sample):
        name = codecs.lookup(guess).name
        if name not in candidates and name not in ("utf-8", "ascii"):
            candidates.append(name)

    best: tuple[float, int, str] | None = None
    for rank, encoding in enumerate(candidates):
        decoded = _strict(sample, encoding)
        if decoded is None:
            continue
        score = prose_score(decoded)
        # Higher score wins; on a tie, the more common encoding (lower rank).
        if best is None or score > best[0] + 1e-9:
            best = (score, rank, encoding)
    if best is None or best[0] < PLAUSIBLE_SCORE:
        raise UndecodableDocument(
            source,
            "the file is not text in any encoding Dragoman recognises (UTF-8, UTF-16, Windows-1251, KOI8-R)",
        )
    encoding = best[2]
    text = _strict(data, encoding)
    if text is None:  # a byte the sample did not contain is undefined: show it, don't fail
        text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding)
