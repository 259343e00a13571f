"""Extraction over Spark DataFrames, computed in the executors.

    from unionextract.spark import extract_dataframe
    out = extract_dataframe(docs)          # docs: columns `id` and `text` (or `path`)
    out.metrics.show(); out.events.show(); out.documents.show()

The three output DataFrames have Spark schemas derived from the Pydantic records
(`spark_schema(Metric)` ...). Decimal values are `DecimalType(38, 6)`: exact for every value
with at most 32 integer digits and 6 decimals; a value that would need rounding fails the
task instead of being rounded (see `_exact_decimal`). Enums are their string values.

Documents are extracted once, in one `mapInArrow` pass whose rows carry a document, a metric
or an event; the three DataFrames are selections of that pass, which is persisted so that
reading all three does not extract twice. Each Python worker builds the extractor once (the
module-level cache below) and reuses it for every batch it is given.

Also a command line: `unionextract extract PATHS --out DIR --engine spark`, or
`spark-submit src/unionextract/spark.py PATHS --out DIR` (the same JSONL files as the
single-machine run). pyspark and pyarrow are imported only when used.
"""

from __future__ import annotations

import argparse
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from unionextract.records import Document, DocumentStatus, Event, ExtractionResult, Metric

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import DataType, StructType

DECIMAL_PRECISION = 38
DECIMAL_SCALE = 6

# The tag of each row of the single extraction pass, and the record type it carries.
_KINDS: dict[str, type[BaseModel]] = {"document": Document, "metric": Metric, "event": Event}


# -- schemas -------------------------------------------------------------------------------


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """(inner type, nullable) of `X | None` / `Optional[X]`."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != len(typing.get_args(annotation)):
            if len(args) != 1:
                raise TypeError(f"no Spark type for union {annotation!r}")
            return args[0], True
    return annotation, False


def spark_type(annotation: Any) -> DataType:
    """The Spark type of one Pydantic field annotation (without its nullability)."""
    from pyspark.sql import types as T

    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return spark_schema(annotation)
        if issubclass(annotation, Enum) or annotation is str:
            return T.StringType()
        if annotation is bool:
            return T.BooleanType()
        if annotation is int:
            return T.LongType()
        if annotation is float:
            return T.DoubleType()
        if annotation is Decimal:
            return T.DecimalType(DECIMAL_PRECISION, DECIMAL_SCALE)
    if typing.get_origin(annotation) in (list, tuple):
        (item,) = {a for a in typing.get_args(annotation) if a is not Ellipsis}
        inner, nullable = _unwrap_optional(item)
        return T.ArrayType(spark_type(inner), containsNull=nullable)
    raise TypeError(f"no Spark type for {annotation!r}")


def spark_schema(model: type[BaseModel]) -> StructType:
    """The Spark schema of a record model: one field per model field, in order.

    A field is nullable exactly when its annotation admits None.
    """
    from pyspark.sql import types as T

    hints = typing.get_type_hints(model)
    fields = []
    for name in model.model_fields:
        inner, nullable = _unwrap_optional(hints[name])
        fields.append(T.StructField(name, spark_type(inner), nullable=nullable))
    return T.StructType(fields)


def _pass_schema() -> StructType:
    from pyspark.sql import types as T

    fields = [T.StructField("record", T.StringType(), nullable=False)]
    fields += [T.StructField(tag, spark_schema(model), nullable=True) for tag, model in _KINDS.items()]
    return T.StructType(fields)


# -- values --------------------------------------------------------------------------------


def _exact_decimal(value: Decimal) -> Decimal:
    """The value at the column's scale, or an error where that would round it."""
    quantum = Decimal(1).scaleb(-DECIMAL_SCALE)
    scaled = value.quantize(quantum)
    if scaled != value or len(scaled.as_tuple().digits) > DECIMAL_PRECISION:
        raise ValueError(f"{value} does not fit DecimalType({DECIMAL_PRECISION}, {DECIMAL_SCALE}) exactly")
    return scaled


def _plain(value: Any) -> Any:
    """A record's Python dump made of what Arrow takes: enums as values, exact decimals."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return _exact_decimal(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record_row(record: BaseModel) -> dict[str, Any]:
    return _plain(record.model_dump(mode="python"))


def to_records(rows: typing.Iterable[Any], model: type[BaseModel]) -> list[BaseModel]:
    """Spark rows (or dicts) of one output DataFrame back to typed records."""
    out = []
    for row in rows:
        data = row.asDict(recursive=True) if hasattr(row, "asDict") else dict(row)
        out.append(model.model_validate(data))
    return out


# -- the executor side ---------------------------------------------------------------------

_EXTRACTOR: Callable[..., ExtractionResult] | None = None


def _extractor() -> Callable[..., ExtractionResult]:
    """The pipeline's `extract_text`, imported and warmed once per Python worker.

    Spark reuses its Python workers across tasks, so lexicons and compiled patterns are
    loaded once per worker, not once per batch.
    """
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from unionextract.pipeline import extract_text

        extract_text("工会", doc="<warm-up>")  # loads the lexicons the first document would
        _EXTRACTOR = extract_text
    return _EXTRACTOR


def _failed(doc: str, path: str | None, exc: Exception) -> Document:
    return Document(
        id=doc,
        path=path or doc,
        sha256="",
        characters=0,
        status=DocumentStatus.FAILED,
        reason=f"{type(exc).__name__}: {exc}",
    )


def extract_one(doc: str, text: str | None, path: str | None) -> ExtractionResult | Document:
    """One document's result, or its failed Document record: one bad input never stops a job."""
    extract = _extractor()
    try:
        if text is None:
            from unionextract.io.readers import read_document

            content = read_document(Path(path))
            return extract(
                content.text,
                doc=doc,
                path=path,
                encoding=content.encoding,
                format=content.format,
                sha256=content.sha256,
            )
        return extract(text, doc=doc, path=path)
    except Exception as exc:  # recorded in the documents output, with its reason
        return _failed(doc, path, exc)


def _rows(result: ExtractionResult | Document) -> Iterator[dict[str, Any]]:
    if isinstance(result, Document):
        yield {"record": "document", "document": record_row(result)}
        return
    yield {"record": "document", "document": record_row(result.document)}
    for m in result.metrics:
        yield {"record": "metric", "metric": record_row(m)}
    for e in result.events:
        yield {"record": "event", "event": record_row(e)}


def _arrow_mapper(id_col: str, text_col: str | None, path_col: str | None, schema_json: str):
    """The function run by `mapInArrow` over each partition's batches of input rows."""

    def run(batches):
        import pyarrow as pa
        from pyspark.sql.pandas.types import to_arrow_schema
        from pyspark.sql.types import StructType

        out_schema = to_arrow_schema(StructType.fromJson(_json_loads(schema_json)))
        for batch in batches:
            cols = batch.to_pydict()
            n = batch.num_rows
            ids = cols[id_col] if id_col in cols else [None] * n
            texts = cols[text_col] if text_col else [None] * n
            paths = cols[path_col] if path_col else [None] * n
            rows: list[dict[str, Any]] = []
            for doc, text, path in zip(ids, texts, paths, strict=True):
                if doc is None:
                    doc = Path(path).name if path else "<text>"
                rows.extend(_rows(extract_one(doc, text, path)))
            yield pa.RecordBatch.from_pylist(rows, schema=out_schema)

    return run


def _json_loads(text: str) -> Any:
    import json

    return json.loads(text)


# -- the driver side -----------------------------------------------------------------------


@dataclass
class SparkExtraction:
    """The three outputs of one extraction pass, with the pass itself."""

    passes: DataFrame
    documents: DataFrame
    metrics: DataFrame
    events: DataFrame

    def unpersist(self) -> None:
        self.passes.unpersist()


def extract_dataframe(
    df: DataFrame,
    *,
    id_col: str = "id",
    text_col: str | None = "text",
    path_col: str | None = None,
    persist: bool = True,
) -> SparkExtraction:
    """Extract every document of `df` in the executors.

    Give either `text_col` (the raw text; `id_col` names each document) or `path_col` (files
    the executors can read; the id defaults to the file name when `id_col` is absent).
    """
    from pyspark.sql import functions as F

    if path_col is not None:
        text_col = None
    if text_col is None and path_col is None:
        raise ValueError("give text_col or path_col")
    wanted = [c for c in (id_col, text_col, path_col) if c and c in df.columns]
    if (text_col or path_col) not in wanted:
        raise ValueError(f"column {(text_col or path_col)!r} not in {df.columns}")
    schema = _pass_schema()
    passes = df.select(*wanted).mapInArrow(_arrow_mapper(id_col, text_col, path_col, schema.json()), schema)
    if persist:
        passes = passes.persist()

    def part(tag: str) -> DataFrame:
        return passes.where(F.col("record") == tag).select(f"{tag}.*")

    return SparkExtraction(passes, part("document"), part("metric"), part("event"))


def extract_metrics(df: DataFrame, **kwargs) -> DataFrame:
    return extract_dataframe(df, persist=False, **kwargs).metrics


def extract_events(df: DataFrame, **kwargs) -> DataFrame:
    return extract_dataframe(df, persist=False, **kwargs).events


def extract_documents(df: DataFrame, **kwargs) -> DataFrame:
    return extract_dataframe(df, persist=False, **kwargs).documents


# -- command line --------------------------------------------------------------------------


def get_session(
    master: str | None = None, app_name: str = "unionextract", conf: dict[str, str] | None = None
) -> SparkSession:
    import os
    import sys

    from pyspark.sql import SparkSession

    # local workers must run this interpreter, the one where unionextract is installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_extract_spark(
    paths: list[str],
    out: Path,
    *,
    db: str | None = None,
    master: str | None = None,
    quiet: bool = False,
    review: bool = False,
) -> int:
    """The files under `paths`, extracted by Spark, stored as `unionextract extract` stores them.

    The records are stored (in DIR/unionextract.sqlite, or the `db` store) one document a
    transaction, in input order, and DIR's JSONL files are written from the store: the same
    files as the single-machine run. Executors read the files, so they must see the same paths;
    documents' texts are not stored (the review page shows their records only). The records are
    brought to the driver: for corpora larger than its memory use `extract_dataframe` and write
    its DataFrames with Spark's own writers.
    """
    from unionextract.io.walk import iter_inputs
    from unionextract.runner import write_jsonl
    from unionextract.store import DEFAULT_DB_NAME, SQLiteStore, open_store
    from unionextract.worker import Task, serialise

    inputs = [(str(path.resolve()), name) for path, name in iter_inputs(paths)]
    out.mkdir(parents=True, exist_ok=True)
    store = open_store(db) if db else SQLiteStore(out / DEFAULT_DB_NAME)
    spark = get_session(master)
    result = extract_dataframe(spark.createDataFrame(inputs, "path string, id string"), path_col="path")
    n_failed = 0
    try:
        documents = {d.id: d for d in to_records(result.documents.collect(), Document)}
        metrics: dict[str, list[Metric]] = {}
        for m in sorted(to_records(result.metrics.collect(), Metric), key=lambda m: m.i):
            metrics.setdefault(m.doc, []).append(m)
        events: dict[str, list[Event]] = {}
        for e in sorted(to_records(result.events.collect(), Event), key=lambda e: e.i):
            events.setdefault(e.doc, []).append(e)
        for path, name in inputs:
            document = documents[name]
            n_failed += document.status != DocumentStatus.OK
            extraction = ExtractionResult(
                document=document, metrics=metrics.get(name, []), events=events.get(name, [])
            )
            stored = serialise(Task(path, name), extraction, None)
            if document.status != DocumentStatus.OK:
                stored.errors.append(("extract", document.reason or "", None))
            store.put(stored)
        write_jsonl(store, out)
        if review:
            from unionextract.review import write_review

            write_review(store, out / "review.html")
    finally:
        result.unpersist()
        store.close()
    if not quiet:
        print(f"{len(inputs) - n_failed} documents extracted, {n_failed} failed -> {out}")
    return 1 if n_failed else 0


def main(argv: list[str] | None = None) -> int:
    """`spark-submit src/unionextract/spark.py PATHS --out DIR` (master from spark-submit)."""
    parser = argparse.ArgumentParser(prog="unionextract-spark")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--master", default=None, help="e.g. local[2]; spark-submit's own when absent")
    parser.add_argument("--db", default=None, help="a postgresql:// store instead of DIR's SQLite")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    return run_extract_spark(args.paths, args.out, db=args.db, master=args.master, quiet=args.quiet)


if __name__ == "__main__":
    import sys

    sys.exit(main())
