"""The run's store: documents (with their text), metrics, events, warnings and errors.

`Store` is the interface the batch runner, the exports and the review page use; `SQLiteStore`
is the embedded default (one file, `DIR/unionextract.sqlite`). Another engine mirrors the same
methods. Every document is written in one transaction, so a run killed at any moment leaves
each document either stored whole or not at all, and documents are keyed by their name:
storing a name again replaces what was there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from . import __version__
from .records import SCHEMA_VERSION
from .store_reading import StoreReading

STORE_SCHEMA_VERSION = 1
DEFAULT_DB_NAME = "unionextract.sqlite"


@dataclass
class StoredDocument:
    """One document's outcome, ready to store (records already serialised by the worker)."""

    doc: str
    path: str
    sha256: str
    status: str
    reason: str | None = None
    encoding: str | None = None
    format: str | None = None
    script: str | None = None
    characters: int = 0
    text: str | None = None
    document_json: str = "{}"
    metrics: list[dict] = field(default_factory=list)  # {"i", "json", columns...}
    events: list[dict] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, message, traceback)


class Store(Protocol):
    def stored_sha256(self, doc: str) -> str | None: ...
    def put(self, outcome: StoredDocument) -> None: ...
    def iter_documents(self, with_text: bool = False) -> Iterator[dict]: ...
    def iter_metrics(self) -> Iterator[dict]: ...
    def iter_events(self) -> Iterator[dict]: ...
    def counts(self) -> dict[str, int]: ...
    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    encoding TEXT,
    format TEXT,
    script TEXT,
    characters INTEGER NOT NULL DEFAULT 0,
    n_metrics INTEGER NOT NULL DEFAULT 0,
    n_events INTEGER NOT NULL DEFAULT 0,
    text TEXT,
    record TEXT NOT NULL,
    extracted_at TEXT NOT NULL,
    tool_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_seq ON documents(seq);
CREATE TABLE IF NOT EXISTS metrics (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc TEXT NOT NULL, i INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, unit TEXT, approx TEXT,
    indicator TEXT, org TEXT, period TEXT, status TEXT, parent INTEGER, rule TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (document_id, i)
);
CREATE TABLE IF NOT EXISTS events (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc TEXT NOT NULL, i INTEGER NOT NULL, type TEXT NOT NULL, trigger TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, date TEXT, org TEXT, status TEXT,
    metrics TEXT, rule TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (document_id, i)
);
CREATE TABLE IF NOT EXISTS warnings (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc TEXT NOT NULL, source TEXT NOT NULL, message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc TEXT NOT NULL, stage TEXT NOT NULL, message TEXT NOT NULL, traceback TEXT
);
CREATE INDEX IF NOT EXISTS warnings_doc ON warnings(document_id);
CREATE INDEX IF NOT EXISTS errors_doc ON errors(document_id);
"""

METRIC_COLUMNS = ("doc", "i", "start", "end", "text", "kind", "value", "unit", "approx", "indicator",
                  "org", "period", "status", "parent", "rule")
EVENT_COLUMNS = ("doc", "i", "type", "trigger", "start", "end", "date", "org", "status", "metrics", "rule")


class StoreVersionError(RuntimeError):
    """A database written by an incompatible version of the store."""


class SQLiteStore(StoreReading):
    """The embedded store. One writer (the runner's main process); readers may come and go."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            if not self.path.is_file():
                raise FileNotFoundError(f"no database at {self.path}")
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path)
            # WAL: a killed writer never corrupts the file and readers are not blocked;
            # NORMAL sync is durable against a killed process (not a power cut), and fast
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.row_factory = sqlite3.Row
        if not readonly:
            self._migrate()
        self._check_version()

    # --- setup ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.conn:
            self.conn.executescript(_SCHEMA)
            self.conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?), "
                "('record_schema_version', ?), ('created_at', ?), ('created_by', ?)",
                (str(STORE_SCHEMA_VERSION), SCHEMA_VERSION, _now(), f"unionextract {__version__}"),
            )

    def _check_version(self) -> None:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None or int(row[0]) != STORE_SCHEMA_VERSION:
            found = row[0] if row else "none"
            raise StoreVersionError(
                f"{self.path}: store schema version {found}, this version reads {STORE_SCHEMA_VERSION}"
            )

    def meta(self) -> dict[str, str]:
        return {k: v for k, v in self.conn.execute("SELECT key, value FROM meta")}

    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # --- writing -------------------------------------------------------------------------
    def put(self, o: StoredDocument) -> None:
        """Store one document and all it carries, replacing any earlier version: one transaction."""
        c = self.conn
        with c:
            old = c.execute("SELECT id, seq FROM documents WHERE doc=?", (o.doc,)).fetchone()
            if old is not None:
                seq = old["seq"]
                c.execute("DELETE FROM documents WHERE id=?", (old["id"],))
            else:
                seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
            cur = c.execute(
                "INSERT INTO documents(seq, doc, path, sha256, status, reason, encoding, format, script,"
                " characters, n_metrics, n_events, text, record, extracted_at, tool_version)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (seq, o.doc, o.path, o.sha256, o.status, o.reason, o.encoding, o.format, o.script,
                 o.characters, len(o.metrics), len(o.events), o.text, o.document_json, _now(),
                 __version__),
            )
            doc_id = cur.lastrowid
            for sql, rows in record_inserts(doc_id, o):
                c.executemany(sql, rows)

    # --- reading (streams, in input order): StoreReading -----------------------------------
    def _all(self, sql: str, params: tuple = ()) -> list[dict]:
        return [dict(row) for row in self.conn.execute(sql, params).fetchall()]

    def _stream(self, sql: str, params: tuple = ()) -> Iterator[dict]:
        for row in self.conn.execute(sql, params):
            yield dict(row)


def open_store(target: str | Path, *, readonly: bool = False) -> SQLiteStore:
    """The store at a path: a database file, or a folder holding `unionextract.sqlite`; or a
    `postgresql://` URL (the PostgreSQL store, same methods)."""
    if isinstance(target, str) and target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(target, readonly=readonly)
    path = Path(target)
    if path.is_dir():
        path = path / DEFAULT_DB_NAME
    return SQLiteStore(path, readonly=readonly)


def record_inserts(doc_id: int, o: StoredDocument, param: str = "?", metric_cell=None):
    """The INSERT statements, each with its rows, that store a document's records.

    `param` is the database's placeholder; `metric_cell(column, value)` converts a metric's cell
    where a database wants another type (PostgreSQL's NUMERIC takes a Decimal).
    """

    def marks(n: int) -> str:
        return ", ".join([param] * n)

    cell = metric_cell or (lambda column, value: value)
    metric_sql = f"INSERT INTO metrics(document_id, {_cols(METRIC_COLUMNS)}, record) "
    event_sql = f"INSERT INTO events(document_id, {_cols(EVENT_COLUMNS)}, record) "
    return [
        (metric_sql + f"VALUES ({marks(len(METRIC_COLUMNS) + 2)})",
         [(doc_id, *(cell(k, m[k]) for k in METRIC_COLUMNS), m["json"]) for m in o.metrics]),
        (event_sql + f"VALUES ({marks(len(EVENT_COLUMNS) + 2)})",
         [(doc_id, *(e[k] for k in EVENT_COLUMNS), e["json"]) for e in o.events]),
        (f"INSERT INTO warnings(document_id, doc, source, message) VALUES ({marks(4)})",
         [(doc_id, o.doc, s, m) for s, m in o.warnings]),
        (f"INSERT INTO errors(document_id, doc, stage, message, traceback) VALUES ({marks(5)})",
         [(doc_id, o.doc, s, m, t) for s, m, t in o.errors]),
    ]


def _cols(names) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def json_list(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)
