"""One test per example of the files checked through the whole pipeline.

`attribution.txt` (indicator, org, period, status, parent, warnings), `tables.txt` (figures of
statistical tables) and `audit_*.txt` (report styles the seed documents lack). A mark checks the
metric found at its span for every key it gives; a negative line must give no metric.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from examples_format import attr_value, load_examples
from unionextract import extract_text

EXAMPLE_DIR = Path(__file__).resolve().parents[1] / "corpora" / "examples"
FILES = [EXAMPLE_DIR / name for name in ("attribution.txt", "tables.txt")]
FILES += sorted(EXAMPLE_DIR.glob("audit_*.txt"))
EXAMPLES = [ex for path in FILES for ex in load_examples(path)]
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


def _check(metric, key, want, mark_of):
    if key == "indicators":
        assert list(metric.indicators) == (want.split("+") if want else []), key
    elif key == "value":
        assert metric.value == Decimal(want), (key, metric.value)
    elif key == "parent":
        parent = metric.parent
        got = None if parent is None else mark_of.get(parent, f"unmarked metric {parent}")
        assert got == (None if want is None else int(want)), (key, got)
    elif key == "warning":
        if want is None:
            assert metric.warnings == [], key
        else:
            assert any(WARNING_KINDS[want] in w for w in metric.warnings), (key, metric.warnings)
    elif key in ("kind", "approx", "status"):
        assert getattr(metric, key).value == want, (key, getattr(metric, key).value)
    else:
        assert getattr(metric, key) == want, (key, getattr(metric, key))


def test_the_examples_have_positives_and_negatives():
    assert len(EXAMPLES) >= 150
    assert any(ex.negative for ex in EXAMPLES) and any(not ex.negative for ex in EXAMPLES)


@pytest.mark.parametrize("ex", list(_params()))
def test_pipeline_example(ex):
    result = extract_text(ex.text)
    if ex.negative:
        assert result.metrics == [], [m.text for m in result.metrics]
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
