"""Exports of a store: CSV for Excel, JSONL, Parquet; fixed columns whatever the format."""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal

import pytest

from conftest import SEEDS
from unionextract.cli import main
from unionextract.export import DOCUMENT_COLUMNS, EVENT_COLUMNS, METRIC_COLUMNS, ExportError, export
from unionextract.store import open_store


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    for p in SEEDS[:3]:
        (src / p.name).write_bytes(p.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(src), "--out", str(out), "--quiet", "--no-review"]) == 1
    return out


def counts(store_dir):
    with open_store(store_dir, readonly=True) as store:
        return store.counts()


def test_csv_is_utf8_with_bom_and_crlf_for_excel(store_dir, tmp_path):
    assert main(["export", str(store_dir), "--format", "csv", "--out", str(tmp_path)]) == 0
    raw = (tmp_path / "metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= counts(store_dir)["metrics"] + 1
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line feeds outside quoted cells
    with open(tmp_path / "metrics.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == METRIC_COLUMNS
    assert len(rows) - 1 == counts(store_dir)["metrics"]
    lines = (store_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    jsonl = [json.loads(line, parse_float=Decimal) for line in lines]
    by_id = {r[2]: dict(zip(METRIC_COLUMNS, r, strict=True)) for r in rows[1:]}
    for m in jsonl:
        row = by_id[m["id"]]
        assert row["text"] == m["text"] and row["kind"] == m["kind"]
        assert Decimal(row["value"]) == m["value"] and "E" not in row["value"]
        assert int(row["start"]) == m["start"]
    with open(tmp_path / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        docs = list(csv.DictReader(fh))
    assert tuple(docs[0]) == DOCUMENT_COLUMNS
    assert {d["doc"]: d["status"] for d in docs}["empty.txt"] == "failed"
    with open(tmp_path / "events.csv", encoding="utf-8-sig", newline="") as fh:
        assert tuple(next(csv.reader(fh))) == EVENT_COLUMNS


def test_money_values_stay_exact(store_dir, tmp_path):
    with open_store(store_dir, readonly=True) as store:
        export(store, "csv", tmp_path)
    with open(tmp_path / "metrics.csv", encoding="utf-8-sig", newline="") as fh:
        values = {r["text"]: r["value"] for r in csv.DictReader(fh)}
    assert values.get("127.41万元") == "1274100"


def test_jsonl_export_has_the_same_columns(store_dir, tmp_path):
    db = str(store_dir / "unionextract.sqlite")
    assert main(["export", db, "--format", "jsonl", "--out", str(tmp_path), "--with-text"]) == 0
    docs = [json.loads(line) for line in (tmp_path / "documents.jsonl").open(encoding="utf-8")]
    assert tuple(docs[0]) == (*DOCUMENT_COLUMNS, "text")
    assert docs[0]["text"] == SEEDS[0].read_text(encoding="utf-8")
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").open(encoding="utf-8")]
    assert len(events) == counts(store_dir)["events"]
    assert all(tuple(e) == EVENT_COLUMNS for e in events)


def test_parquet_round_trips(store_dir, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["export", str(store_dir), "--format", "parquet", "--out", str(tmp_path)]) == 0
    table = pq.read_table(tmp_path / "metrics.parquet")
    assert tuple(table.column_names) == METRIC_COLUMNS
    assert table.num_rows == counts(store_dir)["metrics"]
    assert str(table.schema.field("start").type) == "int64"
    assert pq.read_table(tmp_path / "documents.parquet").num_rows == counts(store_dir)["documents"]


def test_parquet_without_pyarrow_says_how_to_install_it(store_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    needs = pytest.raises(ExportError, match=r"unionextract\[parquet\]")
    with open_store(store_dir, readonly=True) as store, needs:
        export(store, "parquet", tmp_path)
    assert main(["export", str(store_dir), "--format", "parquet", "--out", str(tmp_path)]) == 3
    assert "pip install" in capsys.readouterr().err


def test_export_of_a_missing_database_fails_cleanly(tmp_path, capsys):
    assert main(["export", str(tmp_path / "none.sqlite"), "--out", str(tmp_path / "x")]) == 3
    assert "cannot open" in capsys.readouterr().err
