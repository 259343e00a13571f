"""`unionextract export`: a store's documents, metrics and events as tables.

The columns are fixed (below, and in docs/batch.md) whatever the format. CSV is written for
Excel users in China: UTF-8 with a byte-order mark (`utf-8-sig`, so Excel does not read it
as GBK) and CRLF line ends. Values of metrics are exact decimal text (`1274100`, `93.3`);
lists (`indicators`, `warnings`, an event's `metrics`) are JSON arrays.
Parquet needs pyarrow (the `parquet` extra), imported only for that format.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .store import SQLiteStore
from .stored import STORE_UNUSABLE, with_readonly_store

DOCUMENT_COLUMNS = ("doc", "path", "sha256", "status", "reason", "format", "encoding", "script",
                    "characters", "n_metrics", "n_events", "extracted_at")
METRIC_COLUMNS = ("doc", "i", "id", "start", "end", "text", "kind", "value", "unit", "approx",
                  "indicator", "indicators", "org", "period", "period_start", "period_end", "status",
                  "parent", "rule", "sentence_start", "sentence_end", "warnings")
EVENT_COLUMNS = ("doc", "i", "id", "type", "trigger", "start", "end", "date", "org", "status",
                 "metrics", "rule", "sentence_start", "sentence_end")
INT_COLUMNS = frozenset({"i", "start", "end", "parent", "sentence_start", "sentence_end", "characters",
                         "n_metrics", "n_events"})
TABLES = ("documents", "metrics", "events")


class ExportError(RuntimeError):
    """An export that cannot be written (a missing optional library, say)."""


def _record(row: dict) -> dict:
    # the record JSON is parsed with exact decimals: `value` stays 127.41, never 127.40999…
    from decimal import Decimal

    return json.loads(row["record"], parse_float=Decimal)


def _text(value) -> str | None:
    from .io.jsonl import decimal_text

    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int,)):
        return str(value)
    if hasattr(value, "as_tuple"):
        return decimal_text(value)
    return str(value)


def metric_rows(store: SQLiteStore) -> Iterator[dict]:
    for row in store.iter_metrics():
        r = _record(row)
        period = r.get("period_resolved") or {}
        yield {
            **{k: r.get(k) for k in METRIC_COLUMNS},
            "value": _text(r["value"]),
            "indicators": json.dumps(r.get("indicators") or [], ensure_ascii=False),
            "period_start": period.get("start"),
            "period_end": period.get("end"),
            "warnings": json.dumps(r.get("warnings") or [], ensure_ascii=False),
        }


def event_rows(store: SQLiteStore) -> Iterator[dict]:
    for row in store.iter_events():
        r = _record(row)
        yield {**{k: r.get(k) for k in EVENT_COLUMNS}, "metrics": json.dumps(r.get("metrics") or [])}


def document_rows(store: SQLiteStore, with_text: bool = False) -> Iterator[dict]:
    for row in store.iter_documents(with_text=with_text):
        out = {k: row.get(k) for k in DOCUMENT_COLUMNS}
        if with_text:
            out["text"] = row.get("text")
        yield out


def _tables(store: SQLiteStore, with_text: bool):
    doc_cols = DOCUMENT_COLUMNS + (("text",) if with_text else ())
    return {
        "documents": (doc_cols, document_rows(store, with_text)),
        "metrics": (METRIC_COLUMNS, metric_rows(store)),
        "events": (EVENT_COLUMNS, event_rows(store)),
    }


def export(store: SQLiteStore, fmt: str, out: Path, *, with_text: bool = False) -> list[Path]:
    """Write `documents`, `metrics` and `events` files into the folder `out`; return their paths."""
    if fmt == "parquet":
        pa, pq = _pyarrow()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (columns, rows) in _tables(store, with_text).items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            _write_csv(path, columns, rows)
        elif fmt == "jsonl":
            _write_jsonl(path, columns, rows)
        elif fmt == "parquet":
            _write_parquet(pa, pq, path, columns, rows)
        else:
            raise ExportError(f"unknown format {fmt!r}")
        written.append(path)
    return written


def _write_csv(path: Path, columns, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else _text(row.get(c)) for c in columns])


def _write_jsonl(path: Path, columns, rows) -> None:
    from .io.jsonl import dumps

    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(dumps({c: row.get(c) for c in columns}))
            fh.write("\n")


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError(
            "Parquet export needs pyarrow: pip install 'unionextract[parquet]'"
        ) from exc
    return pa, pq


def _write_parquet(pa, pq, path: Path, columns, rows, batch: int = 5000) -> None:
    schema = pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.string()) for c in columns])
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict] = []
        for row in rows:
            chunk.append({c: _cell(c, row.get(c)) for c in columns})
            if len(chunk) >= batch:  # bounded memory: row groups of `batch` rows
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        if chunk:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def _cell(column: str, value):
    if value is None:
        return None
    return int(value) if column in INT_COLUMNS else _text(value)


def run_export(args: argparse.Namespace) -> int:
    return with_readonly_store(args.db, lambda store: _export_and_list(store, args))


def _export_and_list(store, args: argparse.Namespace) -> int:
    try:
        written = export(store, args.format, args.out, with_text=args.with_text)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return STORE_UNUSABLE
    for path in written:
        print(path)
    return 0
