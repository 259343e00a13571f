"""One test per example of the attribution and table example files, run through the whole pipeline."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from examples_format import attr_value, load_examples
from unionextract import extract_text

EXAMPLE_DIR = Path(__file__).resolve().parents[1] / "corpora" / "examples"
EXAMPLES = [ex for name in ("attribution.txt", "tables.txt") for ex in load_examples(EXAMPLE_DIR / name)]
# Warning keys name a kind of warning; the record carries a sentence.
WARNING_KINDS = {
    "parts_sum": "parts sum to",
    "part_exceeds": "part exceeds its whole",
    "rate_above_100": "rate above 100%",
    "same_figure": "same figure as metric",
}


def _params():
    for ex in EXAMPLES:
        marks = [pytest.mark.xfail(strict=True, reason=ex.xfail)] if ex.xfail else []
        yield pytest.param(ex, id=ex.id, marks=marks)


def _check(metric, key, want, by_start):
    if key == "indicators":
        assert metric.indicators == (want.split("+") if want else []), key
    elif key == "value":
        assert metric.value == Decimal(want), key
    elif key == "status":
        assert metric.status.value == want, key
    elif key == "parent":
        got = None if metric.parent is None else by_start[metric.parent]
        assert got == (None if want is None else int(want)), key
    elif key == "warning":
        if want is None:
            assert metric.warnings == [], key
        else:
            assert any(WARNING_KINDS[want] in w for w in metric.warnings), (key, metric.warnings)
    else:
        assert getattr(metric, key) == want, (key, getattr(metric, key))


@pytest.mark.parametrize("ex", list(_params()))
def test_attribution_example(ex):
    result = extract_text(ex.text)
    if ex.negative:
        assert result.metrics == []
        return
    spans = {(m.start, m.end): m for m in result.metrics}
    # `parent=N` counts the line's marks, so map a metric's index to its mark's position.
    mark_of = {}
    for n, mark in enumerate(ex.marks):
        metric = spans.get((mark.start, mark.end))
        assert metric is not None, f"no metric at {mark.text!r}: {[m.text for m in result.metrics]}"
        mark_of[metric.i] = n
    for mark in ex.marks:
        metric = spans[(mark.start, mark.end)]
        for key, value in mark.attrs.items():
            _check(metric, key, attr_value(value), mark_of)
