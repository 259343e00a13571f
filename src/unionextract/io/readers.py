"""Readers: a file's text, exactly, with what we know of how it was stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..text import UnreadableInput, decode

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})


class UnsupportedFormat(ValueError):
    """A file whose format we do not read, with the reason."""


@dataclass(frozen=True)
class DocumentContent:
    text: str
    encoding: str | None
    format: str
    sha256: str


def read_document(path: Path) -> DocumentContent:
    """The text of a file, by its suffix; raises UnreadableInput or UnsupportedFormat."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        if not data:
            raise UnreadableInput("empty file")
        raw = decode(data)
        return DocumentContent(raw.text, raw.encoding, "txt", digest)
    raise UnsupportedFormat(f"unsupported format {suffix!r}")


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES
