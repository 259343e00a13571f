"""`unionextract extract`: the batch runner.

Inputs are walked in a stable order and extracted by a pool of worker processes with a
bounded number of files in flight, handed over a few at a time; each document is written to
the store in one transaction, in its place in input order. With the embedded SQLite store the
workers write their documents themselves (the main process only counts them and writes the
JSONL lines they hand back); with another store the main process writes them as they come.
A run killed at any moment is resumed by running it again: stored documents whose content is
unchanged are skipped (`--force` redoes them). At the end the JSONL files and the review page
are regenerated from the store, so they are complete and duplicate-free however many runs it
took.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import multiprocessing
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .io.walk import iter_inputs
from .progress import Progress
from .records import Document, DocumentStatus
from .store import (
    DEFAULT_DB_NAME,
    SQLiteStore,
    StoredDocument,
    StoreVersionError,
    open_store,
)
from .worker import (
    DEFAULT_MAX_BYTES,
    AlreadyStored,
    Task,
    Written,
    jsonl_lines,
    open_writer,
    process,
    process_chunk,
    warm,
)

# Exit codes (documented in docs/batch.md)
EXIT_OK = 0  # every input extracted (or already stored)
EXIT_SOME_FAILED = 1  # the run completed, but some documents failed or are unsupported
EXIT_USAGE = 2  # bad command line (argparse's own code)
EXIT_STORE = 3  # the output folder or its database cannot be used
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C; what was stored stays stored

JSONL_FILES = ("documents.jsonl", "metrics.jsonl", "events.jsonl")
# Files handed to a worker at once: one handover (pickling, a wake-up of the pool's threads)
# serves several small documents, a cost that otherwise weighs on many small ones.
CHUNK = 4


@dataclass
class Summary:
    total: int = 0
    extracted: int = 0
    already: int = 0
    failed: int = 0
    unsupported: int = 0
    skipped: int = 0

    def line(self) -> str:
        return (f"{self.total} inputs: {self.extracted} extracted, {self.already} already stored, "
                f"{self.failed} failed, {self.unsupported} unsupported, {self.skipped} not documents")


def run_extract(args: argparse.Namespace) -> int:
    out: Path = args.out
    quiet = getattr(args, "quiet", False)
    try:
        out.mkdir(parents=True, exist_ok=True)
        db = getattr(args, "db", None)  # --db: another store (a PostgreSQL URL) in place of DIR's SQLite
        store = open_store(db) if db else SQLiteStore(out / DEFAULT_DB_NAME)
    except (OSError, sqlite3.Error, StoreVersionError) as exc:
        print(f"error: cannot use {out}: {exc}", file=sys.stderr)
        return EXIT_STORE
    paths = list(args.paths)
    # workers write to the embedded store themselves, each through its own connection
    writer = str(store.path) if isinstance(store, SQLiteStore) and args.workers > 1 else None
    # The workers first: forked before the inputs are walked, they carry none of the walk's
    # memory (a run of many files would otherwise weigh on every worker, not just here).
    pool = start_pool(args.workers, args.start_method, writer)
    try:
        return _run(args, store, out, quiet, paths, pool, writer)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _run(args: argparse.Namespace, store, out: Path, quiet: bool, paths: list,
         pool: ProcessPoolExecutor | None, writer: str | None) -> int:
    total = sum(1 for _ in iter_inputs(paths))  # a counting pass: nothing kept in memory
    progress = Progress(total, quiet=quiet)
    summary = Summary(total=total)
    max_bytes = int(getattr(args, "max_mb", None) or DEFAULT_MAX_BYTES / 2**20) * 2**20
    # Each input is handed its place in input order after all stored before the run, so that
    # the run's documents come in its input order however its workers' writes interleave, and
    # after an interrupted run too (an input stored by then is moved to its new place). Another
    # store is written by this process alone, in input order: new documents come last there.
    last = store.last_seq() if isinstance(store, SQLiteStore) else None
    tasks = (
        Task(str(path), doc, None if args.force else store.stored_sha256(doc), args.force, max_bytes,
             None if last is None else last + k)
        for k, (path, doc) in enumerate(iter_inputs(paths), 1)
    )
    # A run on an empty store writes the JSONL files as it goes; any other is exported at the end.
    streamed = JsonlAsStored(out) if store.document_count() == 0 else None
    interrupted = False
    try:
        for outcome in run_tasks(tasks, workers=args.workers, start_method=args.start_method, pool=pool,
                                 writer=writer):
            _record(store, outcome, summary, progress, streamed)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
    try:
        if streamed is None or not streamed.finish(complete=not interrupted, stored=store.document_count()):
            write_jsonl(store, out)
        if not getattr(args, "no_review", False):
            from .review import write_review

            write_review(store, out / "review.html", max_docs=getattr(args, "review_max_docs", 1000))
    finally:
        store.close()
    if not quiet:
        # each failure was printed as it happened; the summary counts them and says where they are
        bad = summary.failed or summary.unsupported
        where = " (reasons in documents.jsonl and the errors table)" if bad else ""
        print(summary.line() + f" -> {out}{where}", file=sys.stderr)
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if summary.failed or summary.unsupported else EXIT_OK


def _record(store: SQLiteStore, outcome: StoredDocument | AlreadyStored | Written, summary: Summary,
            progress: Progress, streamed: JsonlAsStored | None = None) -> None:
    if isinstance(outcome, AlreadyStored):
        if outcome.seq is not None:  # else its worker has moved it
            store.place(outcome.doc, outcome.seq)
        summary.already += 1
    else:
        if not isinstance(outcome, Written):  # else its worker has stored it
            store.put(outcome)
        if streamed is not None:
            streamed.add(outcome.jsonl if isinstance(outcome, Written) else jsonl_lines(outcome))
        status = outcome.status
        if status == DocumentStatus.OK.value:
            summary.extracted += 1
        elif status == DocumentStatus.SKIPPED.value:
            summary.skipped += 1
        else:
            if status == DocumentStatus.UNSUPPORTED.value:
                summary.unsupported += 1
            else:
                summary.failed += 1
            line = f"{status}: {outcome.doc}: {outcome.reason}"
            progress.message(line)
    progress.update()


def start_pool(workers: int, start_method: str | None = None,
               writer: str | None = None) -> ProcessPoolExecutor | None:
    """The worker processes of a run of `workers` > 1, started now; None for a run in-process.

    `writer`: the SQLite database each worker stores its documents in (`worker.open_writer`).

    Forked workers share the parent's loaded pipeline (lexicons, compiled patterns): it is loaded
    once, here, and frozen, so that the collector of a worker leaves those objects alone and
    their memory pages stay shared.
    """
    if workers <= 1:
        return None
    context = multiprocessing.get_context(start_method) if start_method else None
    # the workers store in turns, taken at a lock of their own (`open_writer`)
    turn = (context or multiprocessing).Lock() if writer else None
    stores = {"initializer": open_writer, "initargs": (writer, turn)} if writer else {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, **stores)
    if (context or multiprocessing).get_start_method() == "fork":
        _load_and_freeze()
        pool.submit(int).result()  # forks every worker now
    return pool


def _load_and_freeze() -> None:
    """Load the pipeline (lexicons, compiled patterns, the word table) and freeze it: the
    collector no longer walks those long-lived objects at each full collection of a long run
    (`gc.unfreeze` at the run's end). They hold no garbage to find."""
    with contextlib.suppress(Exception):  # a broken pipeline fails each document on its own
        warm()
    gc.freeze()


def run_tasks(tasks: Iterable[Task], *, workers: int = 1, start_method: str | None = None,
              window: int | None = None, pool: ProcessPoolExecutor | None = None,
              writer: str | None = None) -> Iterator[StoredDocument | AlreadyStored | Written]:
    """Outcomes in the order of `tasks`, with at most `window` files in flight.

    `pool`: the workers already started by `start_pool` (else they are started here, storing in
    `writer` if given); it is shut down at the end either way.
    """
    if workers <= 1:
        _load_and_freeze()  # as the workers of a pool are
        try:
            for task in tasks:
                yield process(task)
        finally:
            gc.unfreeze()
        return
    window = window or workers * 3 * CHUNK
    # chunks no larger than lets every worker have two in flight: none waits on another's
    size = max(1, min(CHUNK, window // (2 * workers)))
    tasks = iter(tasks)
    pending: deque = deque()
    in_flight = 0
    pool = pool or start_pool(workers, start_method, writer)
    try:
        while True:
            while in_flight + size <= window or not pending:
                chunk = list(itertools.islice(tasks, size))
                if not chunk:
                    break
                pending.append((chunk, _submit(pool, chunk)))
                in_flight += len(chunk)
            if not pending:
                return
            chunk, future = pending.popleft()
            in_flight -= len(chunk)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                # A worker died (a crash in a library, out of memory): every file in flight is
                # lost with the pool, and any of them may be the cause. The files of the head
                # chunk are run again, each alone in a new pool: one that breaks it too is the
                # culprit and is recorded as failed; the other chunks are resubmitted.
                rest = [c for c, _ in pending]
                pool.shutdown(wait=False, cancel_futures=True)
                outcomes = []
                pool = start_pool(workers, start_method, writer)
                for task in chunk:
                    try:
                        outcomes += pool.submit(process_chunk, [task]).result()
                    except BrokenProcessPool:
                        outcomes.append(_worker_died(task))
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = start_pool(workers, start_method, writer)
                pending = deque((c, _submit(pool, c)) for c in rest)
            yield from outcomes
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        gc.unfreeze()


def _submit(pool: ProcessPoolExecutor, chunk: list[Task]) -> Future:
    try:
        return pool.submit(process_chunk, chunk)
    except BrokenProcessPool as exc:
        # a worker died since the last result came: this chunk is run again when its turn comes
        lost: Future = Future()
        lost.set_exception(exc)
        return lost


def _worker_died(task: Task) -> StoredDocument:
    from .io.jsonl import dumps

    reason = "worker process died while extracting (out of memory or a crash)"
    fmt = Path(task.path).suffix.lower().lstrip(".") or "txt"
    doc = Document(id=task.doc, path=task.path, sha256="", characters=0, format=fmt,
                   status=DocumentStatus.FAILED, reason=reason)
    return StoredDocument(doc=task.doc, path=task.path, sha256="", status="failed", reason=reason,
                          document_json=dumps(doc), errors=[("worker", reason, None)], seq=task.seq)


class JsonlAsStored:
    """The JSONL files of a run that starts on an empty store, written as documents are stored.

    Every document stored then takes its place in input order after all stored before it, so
    appending its records in input order gives what `write_jsonl` would export, without reading
    the store again at the end. The files are written beside the final ones and put in place by
    `finish` only if the run completed and the store holds exactly the documents written (no
    input stored twice under one name): else the
    caller exports from the store, which is always right.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written = 0
        self.failed = False
        self._open = contextlib.ExitStack()  # the files stay open for the run: `finish` closes them
        self.files = []
        for name in JSONL_FILES:
            fh = open(out / (name + ".tmp"), "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            self.files.append(self._open.enter_context(fh))

    def add(self, lines: tuple[str, str, str]) -> None:
        """A stored document's lines (`worker.jsonl_lines`)."""
        if self.failed:
            return
        try:
            for fh, text in zip(self.files, lines, strict=True):
                fh.write(text)
        except OSError:
            self.failed = True  # a full disk, say: the export from the store will tell
        self.written += 1

    def finish(self, *, complete: bool, stored: int) -> bool:
        """Put the files in place if they hold every stored document; False when they do not."""
        keep = complete and not self.failed and stored == self.written
        try:
            self._open.close()
        except OSError:
            keep = False  # a write that failed on closing
        for name in JSONL_FILES:
            tmp = self.out / (name + ".tmp")
            if keep:
                os.replace(tmp, self.out / name)
            else:
                tmp.unlink(missing_ok=True)
        return keep


def write_jsonl(store: SQLiteStore, out: Path) -> None:
    """documents/metrics/events.jsonl from the store, streamed, each replaced atomically."""
    for name in JSONL_FILES:
        tmp = out / (name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for records in store.iter_records(name.removesuffix(".jsonl")):
                fh.write("\n".join(records))
                fh.write("\n")
        os.replace(tmp, out / name)
