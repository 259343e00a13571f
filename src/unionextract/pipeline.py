"""The one place that knows the order of the stages.

read raw -> equal-length normalised view -> structure -> quantities -> metrics ->
attribution -> events -> assembled, span-checked records.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from . import attribution, events, quantities, segment, table_figures
from .records import (
    Document,
    ExtractionResult,
    Metric,
    Rejection,
    trusted,
)
from .text import detect_script, normalise, read_text


class SpanMismatch(AssertionError):
    """A record whose text is not the raw text at its span: a bug, never expected."""


def extract_text(
    text: str,
    doc: str = "<text>",
    *,
    path: str | None = None,
    encoding: str | None = None,
    format: str = "txt",
    sha256: str | None = None,
) -> ExtractionResult:
    """Extract the metrics and events of one document's raw text.

    `doc` names the document in every record; offsets index `text` as given. `sha256` is the
    hash of the stored bytes when the text came from a file (else that of the UTF-8 text).
    """
    view = normalise(text)
    structure = segment.segment(view)
    found = table_figures.promote(quantities.scan(text, view), structure, view)
    metric_quantities = [q for q in found if q.is_metric]
    # the fields of a found quantity are of the record's types already (see `_metric`)
    rejections = [
        trusted(Rejection, {"doc": doc, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
                            "rule": q.rule})
        for q in found
        if not q.is_metric
    ]
    attributions = attribution.attribute(text, view, structure, metric_quantities)
    metrics = [
        _metric(doc, i, q, a, structure)
        for i, (q, a) in enumerate(zip(metric_quantities, attributions, strict=True))
    ]
    event_records = events.find_events(text, view, structure, metrics, doc)
    document = Document(
        id=doc,
        path=path or doc,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        characters=len(text),
        encoding=encoding,
        format=format,
        script=detect_script(text, view),
    )
    result = ExtractionResult(document=document, metrics=metrics, events=event_records, rejections=rejections)
    check_spans(text, result)
    return result


def _metric(doc: str, i: int, q, a: attribution.Attribution, structure) -> Metric:
    """A metric: what its quantity says, its attribution, the sentence it stands in.

    A metric is made for every figure of every document, from values of the scan and the
    attribution that are of the fields' types already (`tests/test_pipeline_records.py`): built
    without validating (`records.trusted`), but for a figure with no value, which validation
    refuses as ever."""
    sentence = structure.sentence_at(q.start)
    s_start, s_end = (sentence.start, sentence.end) if sentence else (q.start, q.end)
    values = {
        "doc": doc, "i": i, "id": f"{doc}#m{i}", "start": q.start, "end": q.end, "text": q.text,
        "kind": q.kind, "value": q.value, "unit": q.unit, "approx": q.approx,
        "indicator": a.indicator, "indicators": list(a.indicators), "org": a.org, "period": a.period,
        "period_resolved": a.period_resolved, "status": a.status, "parent": a.parent, "rule": q.rule,
        "sentence_start": s_start, "sentence_end": s_end, "warnings": list(a.warnings),
    }
    if q.value.__class__ is not Decimal:
        return Metric.model_validate(values)
    return trusted(Metric, values)


def check_spans(raw: str, result: ExtractionResult) -> None:
    """Every record's text is the raw text at its span."""
    for rec in result.metrics:
        if raw[rec.start : rec.end] != rec.text:
            _mismatch(raw, rec, rec.text)
    for rec in result.events:
        if raw[rec.start : rec.end] != rec.trigger:
            _mismatch(raw, rec, rec.trigger)
    for rec in result.rejections:
        if raw[rec.start : rec.end] != rec.text:
            _mismatch(raw, rec, rec.text)


def _mismatch(raw: str, rec, text: str) -> None:
    raise SpanMismatch(f"{rec.doc} {rec.start}-{rec.end}: {text!r} != {raw[rec.start:rec.end]!r}")


def extract_file(path: str | Path, doc: str | None = None) -> ExtractionResult:
    """Read a file exactly (detecting its encoding) and extract it."""
    from .io.readers import read_document

    path = Path(path)
    content = read_document(path)
    return extract_text(
        content.text,
        doc=doc or path.name,
        path=str(path),
        encoding=content.encoding,
        format=content.format,
        sha256=content.sha256,
    )


__all__ = ["extract_text", "extract_file", "check_spans", "SpanMismatch", "read_text"]
