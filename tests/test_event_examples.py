"""One test per line of corpora/examples/events*.txt, run through the whole pipeline."""

from pathlib import Path

import pytest

from examples_format import load_examples
from unionextract.pipeline import extract_text

EXAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "examples"
FILES = sorted(EXAMPLES.glob("events*.txt"))
CASES = [ex for f in FILES for ex in load_examples(f)]


def _params():
    for ex in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=ex.xfail)] if ex.xfail else []
        yield pytest.param(ex, id=ex.id, marks=marks)


# Examples are sentences of body text: a line without final punctuation would be read as a title.
FINAL = "。！？；"


def _document(text: str) -> str:
    return text if text.endswith(tuple(FINAL)) else text + "。"


def _overlaps(event, mark) -> bool:
    return event.start < mark.end and mark.start < event.end


@pytest.mark.parametrize("ex", list(_params()))
def test_example(ex):
    events = extract_text(_document(ex.text)).events
    found = [(e.type.value, e.trigger) for e in events]
    if ex.negative:
        assert events == [], f"{ex.id}: unexpected events {found}"
        return
    assert len(events) == len(ex.marks), f"{ex.id}: want {len(ex.marks)} events, got {found}"
    for mark in ex.marks:
        at = [e for e in events if _overlaps(e, mark) and e.type.value == mark.attrs["type"]]
        assert at, f"{ex.id}: no {mark.attrs['type']} event at {mark.text!r}; found {found}"
        event = at[0]
        if "status" in mark.attrs:
            assert event.status.value == mark.attrs["status"], f"{ex.id}: status {event.status.value}"
        if "metrics" in mark.attrs:
            assert len(event.metrics) == int(mark.attrs["metrics"]), f"{ex.id}: metrics {event.metrics}"


def test_every_file_has_positives_and_negatives():
    assert FILES, "no event example files"
    assert any(ex.negative for ex in CASES) and any(not ex.negative for ex in CASES)
