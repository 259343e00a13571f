"""The SQLite store: one transaction per document, keyed by name, read back in input order."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import SEEDS, read_raw
from unionextract.store import (
    STORE_SCHEMA_VERSION,
    SQLiteStore,
    StoredDocument,
    StoreVersionError,
    open_store,
)
from unionextract.worker import Task, serialise


def outcome(name: str, text: str):
    from unionextract import extract_text

    result = extract_text(text, doc=name)
    return serialise(Task(path=name, doc=name), result, text)


def test_tables_and_schema_version(tmp_path):
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"documents", "metrics", "events", "warnings", "errors", "meta"} <= tables
        assert store.meta()["schema_version"] == str(STORE_SCHEMA_VERSION)
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(documents)")}
        assert {"text", "sha256", "status", "reason", "encoding", "format", "script"} <= columns


def test_put_stores_document_text_and_records(tmp_path):
    text = read_raw(SEEDS[0])
    o = outcome("a.txt", text)
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.put(o)
        doc = next(store.iter_documents(with_text=True))
        assert doc["text"] == text and doc["status"] == "ok" and doc["n_metrics"] == len(o.metrics) > 0
        metrics = list(store.iter_metrics())
        assert [m["i"] for m in metrics] == list(range(len(o.metrics)))
        assert all(text[m["start"]:m["end"]] == m["text"] for m in metrics)
        assert len(list(store.iter_events())) == len(o.events)


def test_storing_a_name_again_replaces_it_and_keeps_its_place(tmp_path):
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.put(outcome("a.txt", read_raw(SEEDS[0])))
        store.put(outcome("b.txt", read_raw(SEEDS[1])))
        store.put(outcome("a.txt", read_raw(SEEDS[2])))
        docs = list(store.iter_documents())
        assert [d["doc"] for d in docs] == ["a.txt", "b.txt"]
        expected = sum(len(outcome("x", read_raw(SEEDS[k])).metrics) for k in (1, 2))
        assert store.counts()["metrics"] == expected


def test_a_failing_document_write_leaves_nothing_behind(tmp_path):
    o = outcome("a.txt", read_raw(SEEDS[0]))
    o.metrics.append(o.metrics[0])  # the same (document, i) twice: the insert fails mid-way
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.put(o)
        assert store.counts()["documents"] == 0 and store.counts()["metrics"] == 0


def test_stored_hash_only_for_finished_documents(tmp_path):
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        store.put(StoredDocument(doc="bad.txt", path="bad.txt", sha256="abc", status="failed", reason="x",
                                 errors=[("read", "x", None)]))
        good = outcome("a.txt", read_raw(SEEDS[0]))
        store.put(good)
        assert store.stored_sha256("bad.txt") is None  # failures are tried again
        assert store.stored_sha256("a.txt") == good.sha256 != ""
        assert store.stored_sha256("missing.txt") is None
        assert [e["doc"] for e in store.iter_rows("errors")] == ["bad.txt"]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreVersionError, match="99"):
        SQLiteStore(path)


def test_open_store_accepts_the_output_folder(tmp_path):
    SQLiteStore(tmp_path / "unionextract.sqlite").close()
    with open_store(tmp_path, readonly=True) as store:
        assert store.counts()["documents"] == 0
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "nothing.sqlite", readonly=True)
