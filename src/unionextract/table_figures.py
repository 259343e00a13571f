"""Figures of statistical tables: a bare number in a table's value cell is a metric.

A table row names what its numbers count (`基层工会数 | 6941 | 6254`) and a column header often
names the period (`2006年`). The quantity scanner reads such a cell as a bare number, which in
prose is no metric; in a table it is one: a count, a rate when the row (or column) names a
rate or percent, an amount of money when it names 元, 万元 or 亿元 (value in 元, as ever).
"""

from __future__ import annotations

import functools
from decimal import Decimal

import regex

from .cues import cue
from .quantity_lexicons import units
from .records import Approx, Quantity, QuantityKind
from .surface import clean

RULE = "table_cell"
# A label's unit in brackets at its end (`入会率(%)`, `帮扶资金(万元)`, `户数（户）`).
_BRACKETED_UNIT = regex.compile(r"\s*[(（]\s*([^()（）]*?)\s*[)）]\s*$")


def promote(found: list[Quantity], structure, view: str) -> list[Quantity]:
    """`found` with every bare number that fills a table value cell made a metric."""
    return [_as_table_figure(q, structure, view) or q for q in found]


def _as_table_figure(q: Quantity, structure, view: str) -> Quantity | None:
    if q.is_metric or q.kind is not QuantityKind.NUMBER or q.value is None:
        return None
    cell = structure.table_cell_at(q.start)
    if cell is None or not cell.is_value or view[cell.start : cell.end].strip() != view[q.start : q.end]:
        return None
    labels = view[cell.row_label[0] : cell.row_label[1]]
    if cell.column_header:
        labels += " " + view[cell.column_header[0] : cell.column_header[1]]
    if _names_a_rate(view[cell.row_label[0] : cell.row_label[1]]):
        update = {"kind": QuantityKind.PERCENT, "unit": "%", "is_metric": True, "rule": RULE}
        return q.model_copy(update=update)
    for unit, factor in _money_units():
        if unit in labels:
            return q.model_copy(update={"kind": QuantityKind.MONEY, "unit": "元", "value": q.value * factor,
                                        "is_metric": True, "rule": RULE, "approx": Approx.EXACT})
    return q.model_copy(update={"kind": QuantityKind.COUNT, "unit": None, "is_metric": True, "rule": RULE})


def row_and_column(q: Quantity, raw: str, view: str, structure) -> tuple[str | None, str | None]:
    """A table figure's indicator (its row label, as written) and period (a time column header)."""
    cell = structure.table_cell_at(q.start)
    if cell is None or cell.row_label is None:
        return None, None
    indicator = _strip_part_mark(clean(raw, view, *cell.row_label))
    period = None
    # a column header that is a time phrase of the period lexicon (`2006年`, `上半年`, `1-9月`)
    if cell.column_header and cue("periods.yaml", "core").fullmatch(
        view[cell.column_header[0] : cell.column_header[1]].strip()
    ):
        period = clean(raw, view, *cell.column_header)
    return indicator or None, period


def _names_a_rate(label: str) -> bool:
    """A rate's noun ends the label (the indicator lexicon's `rate_end`), or its unit is %."""
    unit = _BRACKETED_UNIT.search(label)
    if unit and unit.group(1) in ("%", "％"):
        return True
    noun = label[: unit.start()] if unit else label.strip()
    return cue("indicator_words.yaml", "rate_end").search(noun.strip()) is not None


@functools.cache
def _money_units() -> tuple[tuple[str, Decimal], ...]:
    """The 元 units of the quantity lexicon a label may name (`帮扶资金(万元)`, `金额 万元`) with their
    factors, longest first and the larger factor first at one length; only forms in 元, because 块 or
    角 in a label are words (板块, 视角), not units."""
    found = (e for e in units().values()
             if e.kind is QuantityKind.MONEY and e.metric and e.form.endswith("元"))
    return tuple((e.form, e.factor) for e in sorted(found, key=lambda e: (-len(e.form), -e.factor)))


@functools.cache
def _part_mark() -> regex.Pattern:
    """A part cue of `parent_cues.yaml` opening a row label."""
    return regex.compile(rf"^(?:{cue('parent_cues.yaml', 'part_of').pattern})[、:：,，]?")


def _strip_part_mark(label: str) -> str:
    """`其中:内资企业` measures 内资企业 (the 其中 says it is a part, which `parent` records)."""
    return _part_mark().sub("", label)
