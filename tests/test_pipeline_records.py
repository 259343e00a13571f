"""Metrics are built without validation (`records.trusted`): each must be what validating its
values makes, field by field, type by type."""

from __future__ import annotations

from examples_format import seed_and_example_texts
from unionextract import extract_text
from unionextract.records import Metric, Rejection, trusted


def _same(built, validated) -> None:
    assert list(built.__dict__) == list(validated.__dict__) == list(type(built).model_fields)
    for name, value in validated.__dict__.items():
        mine = built.__dict__[name]
        assert type(mine) is type(value) and mine == value, (name, mine, value)
    assert built.model_fields_set == validated.model_fields_set
    assert built == validated and built.model_dump_json() == validated.model_dump_json()


def test_every_metric_and_rejection_is_what_validation_makes():
    metrics = rejections = 0
    for k, text in enumerate(seed_and_example_texts()):
        result = extract_text(text, doc=f"t{k}")
        for metric in result.metrics:
            _same(metric, Metric.model_validate(dict(metric.__dict__)))
            metrics += 1
        for rejection in result.rejections:
            _same(rejection, Rejection.model_validate(dict(rejection.__dict__)))
            rejections += 1
    assert metrics > 500 and rejections > 300


def test_trusted_is_model_validate_on_typed_values():
    values = Metric.model_validate({
        "doc": "d", "i": 0, "id": "d#m0", "start": 0, "end": 2, "text": "3人", "kind": "count", "value": "3",
        "rule": "count", "sentence_start": 0, "sentence_end": 2,
    }).__dict__
    _same(trusted(Metric, dict(values)), Metric.model_validate(dict(values)))
