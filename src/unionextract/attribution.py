"""Attribution of metrics: indicator, org, period, status, parent, and consistency warnings.

Each field has its own finder module (`indicator`, `orgs`, `periods`, `status`, `parents`);
this module runs them for every metric of a document in text order.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from .doc_cache import forget_previous_document
from .indicator import IndicatorResult, indicator_for
from .orgs import org_for
from .parents import consistency_warnings, find_parents
from .periods import period_for, resolve_period
from .records import Period, Quantity, Status
from .status import status_for
from .table_figures import RULE as TABLE_RULE
from .table_figures import row_and_column


@dataclass(frozen=True)
class Attribution:
    indicator: str | None = None
    indicators: tuple[str, ...] = ()
    org: str | None = None
    period: str | None = None
    period_resolved: Period | None = None
    status: Status = Status.ACTUAL
    parent: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


# List bullets and ornaments (●, ■, ★, ◆, •) that pages put before an item; quotes and
# brackets stay, since they are part of a labelled indicator.
_BULLETS = regex.compile(r"^[\p{So}•·・\s]+")


def _without_bullets(indicator: str | None) -> str | None:
    if not indicator:
        return indicator
    bullets = _BULLETS.match(indicator)  # anchored at the start: one match at most
    return (indicator[bullets.end() :] if bullets else indicator) or None


def attribute(raw: str, view: str, structure, metrics: list[Quantity]) -> list[Attribution]:
    forget_previous_document()  # the finders' caches serve one document at a time
    parents = find_parents(view, structure, metrics)
    warnings = consistency_warnings(view, metrics, parents)
    out: list[Attribution] = []
    previous: IndicatorResult | None = None
    previous_sentence = None
    starts = [m.start for m in metrics]  # metrics come in text order
    for k, q in enumerate(metrics):
        sentence = structure.sentence_at(q.start)
        span = (sentence.start, sentence.end) if sentence else (q.start, q.end)
        others = metrics[bisect_left(starts, span[0]) : bisect_left(starts, span[1])]
        ind = indicator_for(raw, view, span, q, others, previous if sentence == previous_sentence else None)
        previous, previous_sentence = ind, sentence
        period = period_for(raw, view, structure, q.start, q.end)
        indicator, indicators = ind.indicator, ind.indicators
        if q.rule == TABLE_RULE:  # a table's row label says what its figures measure
            indicator, column_period = row_and_column(q, raw, view, structure)
            indicators, period = (), column_period or period
        indicator = _without_bullets(indicator)
        out.append(
            Attribution(
                indicator=indicator,
                indicators=indicators or ((indicator,) if indicator else ()),
                org=org_for(raw, view, structure, q.start, q.end),
                period=period,
                period_resolved=resolve_period(period, view, structure) if period else None,
                status=status_for(raw, view, structure, q.start, q.end),
                parent=parents[k],
                warnings=tuple(warnings[k]),
            )
        )
    return out
