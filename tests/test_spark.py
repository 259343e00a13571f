"""Spark extraction on a real local Spark (local[2]) equals the single-machine extraction."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from conftest import SEEDS, read_raw
from system_programs import missing, need_module
from unionextract.records import Document, DocumentStatus, Event, Metric


@pytest.fixture(scope="module")
def spark():
    need_module("pyspark")
    need_module("pyarrow")
    if shutil.which("java") is None:
        missing("java (a JVM for Spark)")
    from unionextract.spark import get_session

    conf = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2"}
    session = get_session("local[2]", "unionextract-tests", conf)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def seeds_by_text(spark):
    from unionextract.spark import extract_dataframe

    rows = [(p.name, read_raw(p)) for p in SEEDS]
    # two partitions, so that both Python workers extract
    df = spark.createDataFrame(rows, "id string, text string").repartition(2)
    out = extract_dataframe(df)
    yield {
        "documents": out.documents.collect(),
        "metrics": out.metrics.collect(),
        "events": out.events.collect(),
    }
    out.unpersist()


def _by_key(records):
    return {(r.doc, r.i): r for r in records}


def test_schema_follows_the_records():
    need_module("pyspark")
    from pyspark.sql import types as T

    from unionextract.spark import spark_schema

    schema = spark_schema(Metric)
    assert schema.fieldNames() == list(Metric.model_fields)
    assert schema["value"].dataType == T.DecimalType(38, 6)
    assert not schema["value"].nullable
    assert schema["unit"].nullable and schema["parent"].nullable
    assert schema["indicators"].dataType == T.ArrayType(T.StringType(), containsNull=False)
    assert isinstance(schema["period_resolved"].dataType, T.StructType)
    assert spark_schema(Event)["metrics"].dataType == T.ArrayType(T.LongType(), containsNull=False)


def test_decimals_are_exact_or_refused():
    from unionextract.spark import _exact_decimal

    assert _exact_decimal(Decimal("1274100")) == Decimal("1274100")
    assert _exact_decimal(Decimal("93.3")) == Decimal("93.3")
    with pytest.raises(ValueError):
        _exact_decimal(Decimal("0.0000001"))


def test_spark_equals_local_on_the_seeds(seeds_by_text, seed_results):
    from unionextract.spark import to_records

    local_metrics = [m for _, r in seed_results.values() for m in r.metrics]
    local_events = [e for _, r in seed_results.values() for e in r.events]
    local_docs = {r.document.id: r.document for _, r in seed_results.values()}
    assert local_metrics, "the seeds have metrics: an empty comparison would prove nothing"

    metrics = to_records(seeds_by_text["metrics"], Metric)
    events = to_records(seeds_by_text["events"], Event)
    docs = {d.id: d for d in to_records(seeds_by_text["documents"], Document)}
    assert _by_key(metrics) == _by_key(local_metrics)
    assert len(metrics) == len(local_metrics)
    assert _by_key(events) == _by_key(local_events)
    assert len(events) == len(local_events)
    assert docs == local_docs


def test_values_stay_exact_decimals(seeds_by_text):
    money = [r for r in seeds_by_text["metrics"] if r["kind"] == "money"]
    assert money
    assert all(isinstance(r["value"], Decimal) for r in money)


def test_paths_column_and_a_bad_file(spark, tmp_path, seed_results):
    from unionextract.spark import extract_dataframe, to_records

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    rows = [(str(SEEDS[0]),), (str(bad),)]
    out = extract_dataframe(spark.createDataFrame(rows, "path string"), path_col="path")
    try:
        docs = {d.id: d for d in to_records(out.documents.collect(), Document)}
        metrics = to_records(out.metrics.collect(), Metric)
    finally:
        out.unpersist()
    assert docs["empty.txt"].status == DocumentStatus.FAILED and docs["empty.txt"].reason
    seed = SEEDS[0].name
    assert docs[seed].status == DocumentStatus.OK
    assert docs[seed].sha256 == seed_results[seed][1].document.sha256
    assert [m.text for m in metrics] == [m.text for m in seed_results[seed][1].metrics]


def test_command_line_writes_what_the_local_run_writes(spark, tmp_path):
    from unionextract.cli import main

    seeds = tmp_path / "in"
    seeds.mkdir()
    for p in sorted(SEEDS, key=lambda p: p.stat().st_size)[:2]:  # two suffice: keep the test short
        shutil.copy(p, seeds / p.name)
    local, on_spark = tmp_path / "local", tmp_path / "spark"
    assert main(["extract", str(seeds), "--out", str(local), "--quiet", "--no-review"]) == 0
    argv = ["extract", str(seeds), "--out", str(on_spark), "--quiet", "--no-review", "--engine", "spark"]
    assert main(argv) == 0
    for name in ("documents.jsonl", "metrics.jsonl", "events.jsonl"):
        expected = (local / name).read_text(encoding="utf-8").splitlines()
        assert (on_spark / name).read_text(encoding="utf-8").splitlines() == expected, name
    assert len((local / "metrics.jsonl").read_text(encoding="utf-8").splitlines()) > 0
