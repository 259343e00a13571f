"""Readers: a file's text, exactly, with what we know of how it was stored.

Plain text is decoded as stored (offsets index the file's characters). For the other formats
the text is *extracted* (paragraphs of a .docx, the article of a web page, the text layer of
a PDF); offsets then index that extracted text, which the store keeps beside the records.
The format libraries live in the `formats` extra and are imported only when needed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..text import UnreadableInput, decode

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
DOCX_SUFFIXES = frozenset({".docx"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
# Formats we recognise as documents but cannot read: reported with the reason.
KNOWN_UNSUPPORTED = {
    ".doc": "legacy Word .doc (binary format) is not read: save it as .docx",
    ".wps": "WPS Writer .wps is not read: save it as .docx",
    ".rtf": "RTF is not read: save it as .docx or .txt",
    ".odt": "OpenDocument .odt is not read: save it as .docx",
}
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | set(KNOWN_UNSUPPORTED)


class UnsupportedFormat(ValueError):
    """A file whose format we do not read, with the reason."""


class MissingDependency(ImportError):
    """A format library (an optional extra) that is not installed."""


@dataclass(frozen=True)
class DocumentContent:
    text: str
    encoding: str | None
    format: str
    sha256: str
    # notes about the reading worth keeping (a PDF page without text, the HTML block chosen)
    warnings: tuple[str, ...] = ()


def is_document(path: Path) -> bool:
    """Whether a file's name says it is a document (as opposed to data, images, archives...)."""
    suffix = path.suffix.lower()
    return suffix in DOCUMENT_SUFFIXES or suffix == ""


def is_supported(path: Path) -> bool:
    suffix = path.suffix.lower()
    return is_document(path) and suffix not in KNOWN_UNSUPPORTED


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; anything else (a folder, a device, a pipe) is unreadable."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise UnreadableInput(f"cannot open: {exc.strerror} (a dangling link?)") from exc
    except OSError as exc:
        raise UnreadableInput(f"cannot open: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise UnreadableInput(f"cannot read: {what}")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}") from exc


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, data: bytes | None = None) -> DocumentContent:
    """The text of a file, by its suffix; raises UnreadableInput or UnsupportedFormat.

    `data` are the file's bytes when the caller has read them already.
    """
    path = Path(path)
    if data is None:
        data = read_bytes(path)
    digest = sha256_of(data)
    suffix = path.suffix.lower()
    if suffix in KNOWN_UNSUPPORTED:
        raise UnsupportedFormat(KNOWN_UNSUPPORTED[suffix])
    if not data:
        raise UnreadableInput("empty file")
    if suffix in TEXT_SUFFIXES or suffix == "":
        raw = decode(data)
        return DocumentContent(raw.text, raw.encoding, "txt", digest)
    if suffix in DOCX_SUFFIXES:
        from .docx import docx_text

        return DocumentContent(docx_text(data), None, "docx", digest)
    if suffix in HTML_SUFFIXES:
        from .html import html_text

        page = html_text(data)
        return DocumentContent(page.text, page.encoding, "html", digest, page.warnings)
    if suffix in PDF_SUFFIXES:
        from .pdf import pdf_text

        text, warnings = pdf_text(data)
        return DocumentContent(text, None, "pdf", digest, warnings)
    raise UnsupportedFormat(f"unsupported format {suffix!r}")


def require(module: str, extra: str = "formats"):
    """Import an optional library, or say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(
            f"{module} is not installed: pip install 'unionextract[{extra}]'"
        ) from exc
