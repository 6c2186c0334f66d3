"""Errors a user can cause, each with one sentence that says what happened.

The CLI prints ``str(error)`` on one line and exits with status 2; the GUI
shows the same sentence in a message box. Anything that is *not* a
``DragomanError`` is a bug and may end in a traceback.
"""

from __future__ import annotations

from pathlib import Path

#: What the operating system's network errors mean, in words, most specific first: a failed
#: name look-up surfaces as "[Errno -2] Name or service not known" (or -3, or the resolver's
#: own wording on macOS and Windows), which tells a journalist nothing.
_NETWORK_REASONS = (
    (("errno -2]", "errno -3]", "name or service not known", "temporary failure in name resolution",
      "failed to resolve", "nodename nor servname", "getaddrinfo failed", "errno 11001"),
     "this machine is offline or cannot look up the server's name"),
    (("network is unreachable", "no route to host"), "this machine has no network connection"),
    (("timed out", "timeout"), "the connection timed out"),
    (("connection refused", "connection reset", "proxy"), "the connection was refused (a firewall or proxy?)"),
    (("certificate verify failed", "ssl"), "the secure connection failed (a proxy or the system clock?)"),
)


def network_reason(exc: BaseException) -> str | None:
    """A plain-words reason for a network failure anywhere in ``exc``'s chain, or None if it is not one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = f"{type(current).__name__} {current}".lower()
        for needles, reason in _NETWORK_REASONS:
            if any(needle in text for needle in needles):
                return reason
        current = current.__cause__ or current.__context__
    return None


class DragomanError(Exception):
    """Base of every error a user can cause or fix.

    ``hint`` is an optional second clause telling the user what to do
    (usually a command), appended to the message.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message.rstrip('.')}. {self.hint}"
        return self.message


# --- documents -----------------------------------------------------------


class UnreadableDocument(DragomanError):
    """A file or text that cannot be turned into a document."""

    def __init__(self, source: str | Path, reason: str, *, hint: str | None = None) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}", hint=hint)


class DocumentNotFound(UnreadableDocument):
    """The path does not exist."""


class DocumentIsDirectory(UnreadableDocument):
    """The path is a folder, not a file."""


class DocumentPermissionDenied(UnreadableDocument):
    """The file exists but may not be read."""


class EmptyDocument(UnreadableDocument):
    """The file holds no text (empty or only whitespace)."""


class BinaryDocument(UnreadableDocument):
    """The bytes are a binary format (PDF, ZIP, image, executable ...)."""


class DocumentTooLarge(UnreadableDocument):
    """The file is bigger than an article can reasonably be."""


class UndecodableDocument(UnreadableDocument):
    """The bytes are not text in any encoding we can recognise."""


class UnsupportedFormat(UnreadableDocument):
    """The file type is not one Dragoman reads."""


class UnsafeArchive(UnreadableDocument):
    """A ``.dragoman`` archive was refused for safety (unsafe names, oversized members)."""


# --- models --------------------------------------------------------------


class ModelError(DragomanError):
    """Base of model-store and translation-backend problems."""


class ModelMissing(ModelError):
    """No installed model matches the request."""


class ModelInvalid(ModelError):
    """A folder or archive is not a usable translation model."""


class ModelCorrupt(ModelError):
    """An installed model's files are damaged or changed."""


class ModelWrongLanguage(ModelError):
    """The model translates a different language pair."""


class ModelImportRejected(ModelError):
    """An archive was refused for safety (traversal, links, size)."""


class ConversionFailed(ModelError):
    """Converting a model to CTranslate2 failed."""


class BackendUnavailable(ModelError):
    """A translation backend's library is not installed or cannot load."""


class DownloadFailed(ModelError):
    """A model download the user asked for did not complete."""


class ModelStoreFull(ModelError):
    """The disk holding the model store has (or would have) no room for an install."""


# --- library and export ----------------------------------------------------


class LibraryError(DragomanError):
    """The desk library could not be opened or written."""


class LibraryLocked(LibraryError):
    """Another process holds the library and it cannot be written now."""


class StorageFull(LibraryError):
    """The disk is full or the location is read-only."""


class LibraryReadOnly(StorageFull):
    """The library is open read-only (its folder or file cannot be written); nothing was changed."""


class LibraryDamaged(LibraryError):
    """The library file is damaged; Dragoman stopped writing to it."""


class NotALibrary(LibraryError):
    """The file is a SQLite database of another program; it was refused and left as it was."""


class ItemNotFound(LibraryError):
    """A document, annotation or brief id that the library does not hold."""


class ExportFailed(DragomanError):
    """A brief or document could not be written."""


class DuplicateDocument(LibraryError):
    """The same article (same SHA-256 of its original bytes) is already in the library.

    ``existing_id`` lets the caller offer to open the stored copy instead.
    """

    def __init__(self, existing_id: int, name: str = "This article", *, hint: str | None = None) -> None:
        self.existing_id = existing_id
        super().__init__(f"{name} is already in the library as #{existing_id}", hint=hint)


class LibraryTooNew(LibraryError):
    """The library file was written by a newer Dragoman whose schema this one does not know."""


# --- jobs ------------------------------------------------------------------


class Cancelled(DragomanError):
    """The user cancelled a running job; what was finished is kept."""

    def __init__(self, message: str = "Cancelled by the user.") -> None:
        super().__init__(message)
