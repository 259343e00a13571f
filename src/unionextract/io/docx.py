"""The text of a .docx: body paragraphs and table cells in document order, one a line."""

from __future__ import annotations

import io
import zipfile

from ..text import UnreadableInput


def docx_text(data: bytes) -> str:
    from .readers import require

    docx = require("docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableInput(f"corrupt or truncated .docx: {exc}") from exc
    except Exception as exc:  # python-docx raises its own types for broken packages
        raise UnreadableInput(f"corrupt .docx: {type(exc).__name__}: {exc}") from exc
    return "\n".join(_blocks(document))


def _blocks(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    # iter_inner_content keeps paragraphs and tables in the order they appear
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = _unique_cells(row.cells)
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in cells))
    return lines


def _unique_cells(cells) -> list:
    # a merged cell is returned once per grid column it spans: keep it once
    seen, out = set(), []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out
