"""The file name an export suggests: a readable Latin form of the headline.

A desk sends briefs by e-mail and keeps them on shared drives, where a
Cyrillic or punctuation-laden name turns into ``%D0%9F...`` or breaks a
script. The headline is transliterated with the same rules as names in the
claims (:func:`desktop.core.analysis.transliterate.transliterate_name`), then
reduced to letters, digits and single dashes. This is the one place that rule
lives; the app's save dialogs ask :func:`suggested_file_name`.
"""

from __future__ import annotations

import re
import unicodedata

#: Longest stem suggested: a whole headline makes an unwieldy file name.
MAX_STEM = 60


def file_stem(title: str, fallback: str = "brief") -> str:
    """``title`` as a short ASCII file stem ("Премиерът каза..." -> "Premierat-kaza"); ``fallback`` if nothing is left."""
    from desktop.core.analysis.transliterate import transliterate_name

    latin = transliterate_name(title or "")
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", ascii_text)
    stem = ""
    for word in words:
        longer = f"{stem}-{word}" if stem else word
        if len(longer) > MAX_STEM:
            break
        stem = longer
    if not stem and words:  # one very long word: cut it
        stem = words[0][:MAX_STEM]
    return stem or fallback


def suggested_file_name(title: str, extension: str, fallback: str = "brief") -> str:
    """The name a save dialog proposes for an export of the article titled ``title``."""
    return f"{file_stem(title, fallback)}.{extension.lstrip('.')}"
