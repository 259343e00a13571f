"""The text layer of a PDF, page by page. A PDF without one (a scan) is unsupported."""

from __future__ import annotations

import io

from ..text import UnreadableInput


def pdf_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    from .readers import UnsupportedFormat, require

    pypdf = require("pypdf")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == 0:
            raise UnsupportedFormat("encrypted PDF (a password is needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnsupportedFormat:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise UnreadableInput(f"corrupt or truncated PDF: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise UnreadableInput("PDF without pages")
    if not any(p.strip() for p in pages):
        raise UnsupportedFormat(
            f"PDF without a text layer ({len(pages)} page(s), a scan?): OCR it first"
        )
    empty = [str(n) for n, p in enumerate(pages, 1) if not p.strip()]
    warnings = (f"pdf pages without text: {', '.join(empty)}",) if empty else ()
    return "\n".join(p.rstrip("\n") for p in pages), warnings
