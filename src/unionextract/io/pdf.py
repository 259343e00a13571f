"""The text layer of a PDF, page by page. A PDF without one (a scan) is unsupported.

A text layer is laid out for print, not for reading: Chinese fonts often map characters to
their Kangxi-radical look-alikes (`⼯` for `工`), runs are separated by spaces (`23 万`), and
paragraphs are broken at every line end. The text is repaired for those three, so that
`23 万会员` reads `23万会员` and a sentence is not cut in two by a line end.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field

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
    return "\n".join(reflow(p) for p in pages), warnings


# Kangxi radicals and CJK radical supplement: NFKC maps each to the one ideograph it looks like
_RADICALS = re.compile(r"[\u2e80-\u2fdf]")
_WIDE = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019"
# a space beside a Chinese character or punctuation mark is a layout artefact, not text
_SPACE = re.compile(rf"(?<=[{_WIDE}]) +(?=[^ ])|(?<=[^ ]) +(?=[{_WIDE}])")
_SENTENCE_END = tuple("。！？；：…!?;:)）】」』”")


class Lookalike(BaseModel):
    model_config = ConfigDict(extra="forbid")

    radical: str = Field(min_length=1, max_length=1)
    char: str = Field(min_length=1, max_length=1)


@functools.cache
def _lookalikes() -> dict[str, str]:
    from ..lexicon import load_lexicon

    return {e.radical: e.char for e in load_lexicon("radical_lookalikes.yaml", Lookalike)}


def _radical(m: re.Match) -> str:
    ch = m.group()
    if ch in _lookalikes():
        return _lookalikes()[ch]
    mapped = unicodedata.normalize("NFKC", ch)
    return mapped if len(mapped) == 1 else ch


def reflow(page: str) -> str:
    """One page's text with look-alike radicals mapped, layout spaces removed and the lines
    of a paragraph joined (a line that fills the measure and does not end a sentence)."""
    page = _RADICALS.sub(_radical, page)
    lines = [_SPACE.sub("", line.rstrip()) for line in page.split("\n")]
    lengths = sorted(len(x) for x in lines if x)
    if not lengths:
        return ""
    full = lengths[int(0.9 * (len(lengths) - 1))]  # the measure: a full line's length
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out:
            out[-1] += line
        else:
            out.append(line)
        joining = bool(line) and len(line) >= 0.85 * full and not line.endswith(_SENTENCE_END)
    return "\n".join(out).strip("\n")
