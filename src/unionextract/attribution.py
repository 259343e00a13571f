"""Attribution of metrics: indicator, org, period, status, parent, and consistency warnings.

Each field has its own finder module (`indicator`, `orgs`, `periods`, `status`, `parents`);
this module runs them for every metric of a document in text order.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

import regex

from .doc_cache import forget_previous_document
from .indicator import IndicatorResult, indicator_for
from .orgs import org_for, org_in_sentence
from .parents import consistency_warnings, find_parents
from .periods import period_for, period_in_sentence, resolve_period
from .records import Period, Quantity, Status
from .status import status_for, status_in_sentence
from .table_figures import RULE as TABLE_RULE
from .table_figures import row_and_column


class Attribution(NamedTuple):  # a tuple: one is built for every figure, cheaply
    indicator: str | None = None
    indicators: tuple[str, ...] = ()
    org: str | None = None
    period: str | None = None
    period_resolved: Period | None = None
    status: Status = Status.ACTUAL
    parent: int | None = None
    warnings: tuple[str, ...] = ()


# List bullets and ornaments (●, ■, ★, ◆, •) that pages put before an item; quotes and
# brackets stay, since they are part of a labelled indicator.
_BULLETS = regex.compile(r"^[\p{So}•·・\s]+")


def _without_bullets(indicator: str | None) -> str | None:
    if not indicator:
        return indicator
    if indicator[0].isalnum():  # most labels open with a Han character: no bullet, no space
        return indicator
    bullets = _BULLETS.match(indicator)  # anchored at the start: one match at most
    return (indicator[bullets.end() :] if bullets else indicator) or None


def attribute(raw: str, view: str, structure, metrics: list[Quantity]) -> list[Attribution]:
    forget_previous_document()  # the finders' caches serve one document at a time
    # The sentence of each figure, looked up once: the parents and every finder below read it.
    sentences = [structure.sentence_at(m.start) for m in metrics]
    parents = find_parents(view, structure, metrics, sentences)
    warnings = consistency_warnings(view, metrics, parents)
    out: list[Attribution] = []
    previous: IndicatorResult | None = None
    previous_sentence = None
    resolved: dict[str, Period | None] = {}  # the few labels of a document, each resolved once
    starts = [m.start for m in metrics]  # metrics come in text order
    span, others = None, []
    for k, q in enumerate(metrics):
        start = q.start
        sentence = sentences[k]
        if sentence is None or sentence is not previous_sentence:  # else as for the figure before
            span = (sentence.start, sentence.end) if sentence else (start, q.end)
            others = metrics[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]
        ind = indicator_for(raw, view, span, q, others, previous if sentence is previous_sentence else None)
        previous, previous_sentence = ind, sentence
        if sentence is None:
            period = period_for(raw, view, structure, start, q.end)
            org = org_for(raw, view, structure, start, q.end)
            status = status_for(raw, view, structure, start, q.end)
        else:
            period = period_in_sentence(raw, view, structure, sentence, start)
            org = org_in_sentence(raw, view, structure, sentence, start)
            status = status_in_sentence(view, structure, sentence, q.end)
        indicator, indicators = ind.indicator, ind.indicators
        if q.rule == TABLE_RULE:  # a table's row label says what its figures measure
            indicator, column_period = row_and_column(q, raw, view, structure)
            indicators, period = (), column_period or period
        indicator = _without_bullets(indicator)
        if period and period not in resolved:
            resolved[period] = resolve_period(period, view, structure)
        out.append(
            _new_attribution(
                (
                    indicator,
                    indicators or ((indicator,) if indicator else ()),
                    org,
                    period,
                    resolved[period] if period else None,  # period_resolved
                    status,
                    parents[k],
                    tuple(warnings[k]),
                )
            )
        )
    return out


def _new_attribution(fields: tuple) -> Attribution:
    """`Attribution(*fields)`, the fields in the class's order: the tuple is made as it stands,
    where the class's own constructor, which reads its arguments as keywords, costs several
    times as much for each figure."""
    return tuple.__new__(Attribution, fields)
