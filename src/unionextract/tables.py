"""Statistical tables that a web page served flattened to text, cells split by `|`.

A table arrives as a run of cells with `|` between them, one cell a line or a row a line:

    指 标 | 2006年 | 2005年 | 基层工会数 | 6941 | 6254 | 工会会员数 | 1356885 | 1248255

Rows are read from the cells' own shape: a row is a text cell (its label) followed by number
cells; the text cells before the first row are the header (an optional corner cell, then one
header per column). A stray `|` in prose (`(记者) |`) makes no table: it takes at least
`MIN_ROWS` rows with numbers. One pass over the view, each cell classified by one pattern.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Two rows with numbers make a table; one row behind a stray `|` is too little to tell.
MIN_ROWS = 2

_SEPARATOR = "|"
# A cell holding a number (with thousands separators, a sign, a percent or a magnitude), or a
# placeholder for a missing value.
_NUMBER = re.compile(r"[-+−]?[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:[%‰]|[万亿千百])?|[-—–…/]+")
_CELL = re.compile(r"[^|\n]+")


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a flattened table; spans are `[start, end)` raw offsets."""

    table: int  # which table of the document, in order
    row: int  # 0 = the header row (when the table has one), then the data rows in order
    column: int  # 0 = the row-label column, then the value columns in order
    start: int
    end: int
    row_label: tuple[int, int] | None  # span of this row's label cell; None on the label itself
    column_header: tuple[int, int] | None  # span of this column's header cell, None if unknown

    @property
    def is_value(self) -> bool:
        return self.column > 0 and self.row_label is not None


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    pipe_before: bool  # a `|` ties this cell to the one before it
    line_has_pipe: bool
    numeric: bool


def _tokens(view: str) -> list[_Token]:
    out: list[_Token] = []
    last_end = 0
    line_start, line_pipe = -1, False
    for m in _CELL.finditer(view):
        text = m.group()
        stripped = text.strip()
        if not stripped:
            continue
        start = m.start() + (len(text) - len(text.lstrip()))
        end = start + len(stripped)
        between = view[last_end:start]
        nl = between.rfind("\n")
        if nl >= 0 or line_start < 0:  # a new line: look at it once, whole
            line_start = last_end + nl + 1
            line_end = view.find("\n", start)
            line_pipe = _SEPARATOR in view[line_start : len(view) if line_end < 0 else line_end]
        # A `|` ties two cells when it stands between them on their line or on a line of its
        # own; one that opens the next line (`| 2021年 |`) ties nothing to a line without bars.
        parts = between.split("\n")
        tie = _SEPARATOR in between if len(parts) == 1 else any(_SEPARATOR in x for x in parts[1:-1])
        out.append(_Token(start, end, tie, line_pipe,
                          _NUMBER.fullmatch(stripped) is not None))
        last_end = end
    return out


def _regions(tokens: list[_Token]) -> list[list[_Token]]:
    """Runs of cells that `|` ties together: a `|` between two cells, or two rows of cells
    that both carry `|` (`a | 1 | 2` on one line, `b | 3 | 4` on the next)."""
    regions: list[list[_Token]] = []
    current: list[_Token] = []
    for t in tokens:
        tied = bool(current) and (t.pipe_before or (t.line_has_pipe and current[-1].line_has_pipe))
        if not tied:
            if len(current) > 1:
                regions.append(current)
            current = []
        current.append(t)
    if len(current) > 1:
        regions.append(current)
    return regions


def _rows(region: list[_Token]) -> list[tuple[int, int]]:
    """(label index, number of value cells) of each text cell followed by number cells."""
    rows = []
    i = 0
    while i < len(region):
        if not region[i].numeric:
            j = i + 1
            while j < len(region) and region[j].numeric:
                j += 1
            if j > i + 1:
                rows.append((i, j - i - 1))
            i = j
        else:
            i += 1
    return rows


def _table(region: list[_Token], index: int) -> list[TableCell]:
    rows = _rows(region)
    if len(rows) < MIN_ROWS:
        return []
    columns = Counter(n for _, n in rows).most_common(1)[0][0]
    first_label = rows[0][0]
    # Text cells before the first row: the corner and the column headers, when they fit.
    lead = [t for t in region[:first_label] if not t.numeric]
    headers: list[_Token] = []
    corner: _Token | None = None
    if len(lead) >= columns:
        headers = lead[-columns:]
        if len(lead) > columns:
            corner = lead[-columns - 1]
    cells: list[TableCell] = []
    if headers:
        if corner is not None:
            cells.append(TableCell(index, 0, 0, corner.start, corner.end, None, None))
        for c, h in enumerate(headers, start=1):
            cells.append(TableCell(index, 0, c, h.start, h.end, None, None))
    first_row = 1 if headers else 0
    # Rows run on while each text cell is followed by numbers; the first that is not (a note
    # under the table) ends it.
    expected = first_label
    for r, (label_at, n) in enumerate(rows):
        if label_at != expected:
            break
        label = region[label_at]
        label_span = (label.start, label.end)
        row = first_row + r
        cells.append(TableCell(index, row, 0, label.start, label.end, None,
                               (corner.start, corner.end) if corner is not None else None))
        for c in range(1, n + 1):
            v = region[label_at + c]
            head = headers[c - 1] if c <= len(headers) else None
            cells.append(TableCell(index, row, c, v.start, v.end, label_span,
                                   (head.start, head.end) if head is not None else None))
        expected = label_at + n + 1
    return cells


def find_tables(view: str) -> list[TableCell]:
    """Every cell of every flattened table in the view, in text order."""
    if _SEPARATOR not in view:
        return []
    cells: list[TableCell] = []
    index = 0
    for region in _regions(_tokens(view)):
        found = _table(region, index)
        if found:
            cells.extend(found)
            index += 1
    return sorted(cells, key=lambda c: c.start)
