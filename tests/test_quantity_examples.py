"""One test per line of corpora/examples/quantities*.txt and not_metrics*.txt."""

from decimal import Decimal
from pathlib import Path

import pytest

from examples_format import attr_value, load_examples
from unionextract import find_quantities

EXAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "examples"
FILES = sorted(EXAMPLES.glob("quantities*.txt")) + sorted(EXAMPLES.glob("not_metrics*.txt"))
CASES = [ex for f in FILES for ex in load_examples(f)]


def _params():
    for ex in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=ex.xfail)] if ex.xfail else []
        yield pytest.param(ex, id=ex.id, marks=marks)


def _check(attr, expected, q):
    got = getattr(q, attr)
    got = getattr(got, "value", got)
    if attr == "value":
        return (got is None) if expected is None else (got is not None and Decimal(got) == Decimal(expected))
    if attr == "is_metric":
        return str(got).lower() == str(expected).lower()
    return (got is None) if expected is None else str(got) == expected


@pytest.mark.parametrize("ex", list(_params()))
def test_example(ex):
    found = find_quantities(ex.text)
    metrics = [q for q in found if q.is_metric]
    if ex.negative:
        assert metrics == [], f"{ex.id}: unexpected metrics {[(q.text, q.rule) for q in metrics]}"
        return
    for mark in ex.marks:
        at = [q for q in found if q.start == mark.start and q.end == mark.end]
        assert at, f"{ex.id}: nothing at {mark.text!r}; found {[(q.text, q.rule) for q in found]}"
        q = at[0]
        if "type" not in mark.attrs:
            assert q.is_metric or mark.attrs.get("is_metric") == "false", f"{ex.id}: {q.text!r} not a metric"
        for key, value in mark.attrs.items():
            assert _check(key, attr_value(value), q), f"{ex.id}: {key}: want {value}, got {getattr(q, key)}"
