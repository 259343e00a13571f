"""One input file -> one `StoredDocument`, in a worker process. Never raises.

Everything a worker returns is plain data (records already serialised to JSON), so the main
process only writes. Where the run's store is the embedded SQLite one, a worker process stores
its documents itself (`open_writer`) and hands back only what the run still needs: that keeps
the main process from becoming the bottleneck of many workers. Runs the same under the "fork"
and "spawn" start methods: this module is imported fresh by a spawned worker and keeps no state
between files but that connection.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sqlite3
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from .io.jsonl import decimal_text, dumps
from .io.readers import (
    MissingDependency,
    UnsupportedFormat,
    is_document,
    read_bytes,
    read_document,
    sha256_of,
)
from .records import Document, DocumentStatus
from .store import EVENT_ROW, METRIC_ROW, SQLiteStore, StoredDocument, StoreVersionError, json_list
from .text import UnreadableInput

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Test hook, unset in normal use: `fail=GLOB` makes extraction of matching doc names raise,
# `exit=GLOB` kills the worker process on them (as a crash in a library would), `sleep=SECONDS`
# slows every extraction down (to interrupt a run half way). Parts are joined by `;`.
FAULT_ENV = "UNIONEXTRACT_FAULTS"


class InjectedFault(RuntimeError):
    """The failure asked for by the test hook."""


@dataclass(frozen=True)
class Task:
    path: str
    doc: str
    known_sha256: str | None = None  # the stored version's hash: equal content is skipped
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    seq: int | None = None  # its place in input order, where the worker stores it (`open_writer`)


@dataclass(frozen=True)
class AlreadyStored:
    doc: str
    seq: int | None = None  # the place in input order it still has to be moved to (None: no move)


@dataclass(frozen=True)
class Written:
    """A document its worker has stored: what the run still needs of it (its outcome for the
    summary, its JSONL lines for the files written as the run goes)."""

    doc: str
    status: str
    reason: str | None
    jsonl: tuple[str, str, str]  # see `jsonl_lines`


def jsonl_lines(o: StoredDocument) -> tuple[str, str, str]:
    """A stored document's lines of documents.jsonl, metrics.jsonl and events.jsonl (each of the
    last two empty, or lines joined and ended by a newline)."""
    return (o.document_json + "\n",
            "".join(row[_METRIC_RECORD] + "\n" for row in o.metrics),
            "".join(row[_EVENT_RECORD] + "\n" for row in o.events))


_METRIC_RECORD = METRIC_ROW.index("record")
_EVENT_RECORD = EVENT_ROW.index("record")
_writer: SQLiteStore | None = None  # this worker process's own connection to the run's store
_turn = None  # the lock the run's workers take turns at the store with (`open_writer`)
# How long a worker waits for its turn before it writes anyway: the store stays right without
# the lock (SQLite serialises its writers), the lock only spares them SQLite's waits.
_TURN_TIMEOUT = 30.0


def open_writer(database: str, turn=None) -> None:
    """Start of a worker process: from now on it stores its documents in the SQLite store at
    `database` itself (`process_chunk`).

    `turn`: a lock shared by the run's workers (`multiprocessing.Lock`), held while one
    stores. Without it, a worker that finds the store busy is put to sleep by SQLite for one
    to tens of milliseconds, however soon the other is done; waiting on the lock, it goes on
    the moment the other lets go."""
    global _writer, _turn
    _turn = turn
    try:
        _writer = SQLiteStore(database)
    except (sqlite3.Error, StoreVersionError):
        _writer = None  # then the main process stores what this one extracts, and says why it cannot


def process_chunk(tasks: list[Task]) -> list[StoredDocument | AlreadyStored | Written]:
    """`process` for a few files at once (one handover between processes, not one a file); each
    document stored here if this process has a writer."""
    return [_stored(task, process(task)) for task in tasks]


def _stored(task: Task, outcome: StoredDocument | AlreadyStored) -> StoredDocument | AlreadyStored | Written:
    if isinstance(outcome, StoredDocument):
        outcome.seq = task.seq
    if _writer is None:
        return outcome
    try:
        with _my_turn():
            if isinstance(outcome, AlreadyStored):
                if outcome.seq is not None:
                    _writer.place(outcome.doc, outcome.seq)
                return AlreadyStored(outcome.doc)
            _writer.put(outcome)
    except sqlite3.Error:
        return outcome  # the main process stores it, and says why if it cannot either
    return Written(outcome.doc, outcome.status, outcome.reason, jsonl_lines(outcome))


@contextlib.contextmanager
def _my_turn():
    """This worker's turn at the store, if the run shares a lock (`open_writer`)."""
    held = _turn is not None and _turn.acquire(timeout=_TURN_TIMEOUT)
    try:
        yield
    finally:
        if held:
            _turn.release()


def process(task: Task) -> StoredDocument | AlreadyStored:
    path = Path(task.path)
    fmt = path.suffix.lower().lstrip(".") or "txt"
    if not is_document(path):
        return _outcome(task, "", DocumentStatus.SKIPPED, f"not a document format ({path.suffix})", fmt)
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # read_bytes says why it cannot be read
    if size > task.max_bytes:
        return _outcome(task, "", DocumentStatus.FAILED,
                        f"file too large: {size / 2**20:.1f} MB over the {task.max_bytes / 2**20:.0f} MB "
                        "limit (raise --max-mb to extract it)", fmt, stage="read")
    try:
        data = read_bytes(path)
    except UnreadableInput as exc:
        return _outcome(task, "", DocumentStatus.FAILED, str(exc), fmt, stage="read")
    digest = sha256_of(data)
    if not task.force and task.known_sha256 == digest:
        return AlreadyStored(task.doc, task.seq)
    try:
        content = read_document(path, data)
    except UnsupportedFormat as exc:
        return _outcome(task, digest, DocumentStatus.UNSUPPORTED, str(exc), fmt)
    except (UnreadableInput, MissingDependency) as exc:
        return _outcome(task, digest, DocumentStatus.FAILED, str(exc), fmt, stage="read")
    except Exception as exc:  # a reader bug must not stop the batch either
        return _outcome(task, digest, DocumentStatus.FAILED, f"{type(exc).__name__}: {exc}", fmt,
                        stage="read", tb=traceback.format_exc())
    del data
    try:
        _faults(task.doc)
        from .pipeline import extract_text

        result = extract_text(content.text, doc=task.doc, path=task.path, encoding=content.encoding,
                              format=content.format, sha256=content.sha256)
    except Exception as exc:
        reason = f"extraction failed: {type(exc).__name__}: {exc}"
        return _outcome(task, digest, DocumentStatus.FAILED, reason, content.format, stage="extract",
                        tb=traceback.format_exc(), text=content.text, encoding=content.encoding)
    return serialise(task, result, content.text, content.warnings)


# A short text that runs every stage once: enough to load the lexicons and compile the patterns.
_WARM_TEXT = "2016年，区总工会召开职工代表大会，3000多名职工参加，发放慰问金127.41万元，覆盖率95%。"


def warm() -> None:
    """Load the pipeline's lexicons and compile its patterns in this process now.

    Called by a parent about to fork its workers: they inherit all of it, instead of each
    loading its own copy (CPU time on a shared machine, and memory).
    """
    from .pipeline import extract_text

    extract_text(_WARM_TEXT)


def serialise(task: Task, result, text: str, reader_warnings=()) -> StoredDocument:
    d = result.document
    # rows in the store's column order (METRIC_ROW, EVENT_ROW), made here so that the process
    # that writes the store does no per-record work but the insert itself
    metrics = [
        (m.doc, m.i, m.start, m.end, m.text, m.kind.value, decimal_text(m.value), m.unit, m.approx.value,
         m.indicator, m.org, m.period, m.status.value, m.parent, m.rule, dumps(m))
        for m in result.metrics
    ]
    events = [
        (e.doc, e.i, e.type.value, e.trigger, e.start, e.end, e.date, e.org, e.status.value,
         json_list(e.metrics), e.rule, dumps(e))
        for e in result.events
    ]
    warnings = [("reader", w) for w in reader_warnings]
    warnings += [(f"metric {m.i}", w) for m in result.metrics for w in m.warnings]
    return StoredDocument(
        doc=task.doc, path=task.path, sha256=d.sha256, status=d.status.value, reason=d.reason,
        encoding=d.encoding, format=d.format, script=d.script.value, characters=d.characters, text=text,
        document_json=dumps(d), metrics=metrics, events=events, warnings=warnings,
    )


def _outcome(task: Task, digest: str, status: DocumentStatus, reason: str, fmt: str, *,
             stage: str | None = None, tb: str | None = None, text: str | None = None,
             encoding: str | None = None) -> StoredDocument:
    document = Document(id=task.doc, path=task.path, sha256=digest, characters=len(text or ""),
                        encoding=encoding, format=fmt, status=status, reason=reason)
    errors = [(stage, reason, tb)] if stage else []
    return StoredDocument(
        doc=task.doc, path=task.path, sha256=digest, status=status.value, reason=reason, encoding=encoding,
        format=fmt, characters=len(text or ""), text=text, document_json=dumps(document), errors=errors,
    )


def _faults(doc: str) -> None:
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    for part in spec.split(";"):
        key, _, value = part.partition("=")
        if key == "sleep":
            time.sleep(float(value))
        elif key == "fail" and fnmatch.fnmatch(doc, value):
            raise InjectedFault(f"injected failure for {doc}")
        elif key == "exit" and fnmatch.fnmatch(doc, value):
            os._exit(70)
