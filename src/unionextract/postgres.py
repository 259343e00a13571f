"""The run's store in PostgreSQL: the same tables and methods as the SQLite store.

    unionextract extract reports/ --out out/ --db postgresql://user@host/dbname
    unionextract export --db postgresql://user@host/dbname --format csv --out tables/

Each document is written in one transaction that upserts its `documents` row by name
(`doc`, unique) and replaces its metrics, events, warnings and errors, so running the same
inputs again adds no duplicates; unchanged documents (same content hash) are not extracted
again at all. `value` is `NUMERIC` here (exact, and summable in SQL); rows read back carry it
as exact decimal text, as the SQLite store does. psycopg 3 (the `postgres` extra) is imported
only when a PostgreSQL store is opened.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal

from .store import (
    StoredDocument,
    check_schema_version,
    document_row,
    initial_meta,
    quoted_columns,
    record_inserts,
    schema_statements,
)
from .store_reading import StoreReading


class StoreUnavailable(OSError):
    """The database cannot be reached or used (a connection error, a missing driver)."""


class PostgresStore(StoreReading):
    """The store on a PostgreSQL server, reached by a `postgresql://` URL."""

    PARAM = "%s"
    # the tables of warnings and errors have no key: ctid keeps their order within a document
    INSERTION_ORDER = "ctid"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as exc:
            raise StoreUnavailable("PostgreSQL needs psycopg: pip install 'unionextract[postgres]'") from exc
        self.url = url
        try:
            self.conn = psycopg.connect(url, row_factory=dict_row, autocommit=True)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
        # each method opens its own transaction (`conn.transaction()`); nested reads, as the
        # review page makes (a document's metrics inside the walk over documents), get savepoints
        # and server-side cursors of their own
        self._cursors = itertools.count()
        if not readonly:
            self._migrate()
        self._check_version()

    # --- setup ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.conn.transaction():
            # two runs creating the tables at once would race on the catalogue: serialise them
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('unionextract-schema'))")
            for statement in schema_statements("postgresql"):
                self.conn.execute(statement)
            self.conn.execute(*initial_meta(self.PARAM))

    def _check_version(self) -> None:
        with self.conn.transaction():
            exists = self.conn.execute("SELECT to_regclass('meta') AS t").fetchone()["t"]
            row = None
            if exists:
                row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        check_schema_version(self.url, row["value"] if row else None)

    def set_meta(self, key: str, value: str) -> None:
        with self.conn.transaction():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = %s",
                (key, value, value),
            )

    # --- writing -------------------------------------------------------------------------
    def put(self, o: StoredDocument) -> None:
        """Store one document and all it carries, replacing any earlier version: one transaction."""
        row = document_row(o)
        update = ", ".join(f'"{k}" = EXCLUDED."{k}"' for k in row if k != "doc")
        c = self.conn
        with c.transaction(), c.cursor() as cur:
            # the document keeps its id and place (seq) when stored again
            doc_id = cur.execute(
                f"INSERT INTO documents({quoted_columns(row)}) VALUES ({', '.join(['%s'] * len(row))})"
                f" ON CONFLICT (doc) DO UPDATE SET {update} RETURNING id",
                list(row.values()),
            ).fetchone()["id"]
            for table in ("metrics", "events", "warnings", "errors"):
                cur.execute(f"DELETE FROM {table} WHERE document_id = %s", (doc_id,))
            for sql, rows in record_inserts(doc_id, o, "%s", _metric_value):
                cur.executemany(sql, rows)

    # --- reading (in input order) ----------------------------------------------------------
    def _all(self, sql: str, params: tuple = ()) -> list[dict]:
        with self.conn.transaction():
            return self.conn.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: tuple = ()) -> Iterator[dict]:
        """Rows through a server-side cursor: a large store is never held in memory at once."""
        name = f"unionextract_read_{next(self._cursors)}"
        with self.conn.transaction(), self.conn.cursor(name=name) as cur:
            cur.itersize = 2000
            cur.execute(sql, params)
            for row in cur:
                yield _plain_row(row)


def _metric_value(value: str | None) -> Decimal | None:
    # the worker serialises values as exact decimal text; the column is NUMERIC
    return Decimal(value) if value is not None else value


def _plain_row(row: dict) -> dict:
    """A row as the SQLite store gives it: NUMERIC values as exact decimal text."""
    from .io.jsonl import decimal_text

    value = row.get("value")
    if isinstance(value, Decimal):
        row = dict(row)
        row["value"] = decimal_text(value)
    return row
