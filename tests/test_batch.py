"""The batch runner end to end: formats, encodings, bad inputs, parallel workers, resuming.

The command runs for real in a subprocess (as a user runs it), on an archive made from the
seed reports in a temporary folder.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from archive_fixtures import BIG5_DOC, bad_files, good_files
from conftest import ROOT, SEEDS, read_raw
from unionextract.progress import Progress
from unionextract.runner import EXIT_SOME_FAILED, EXIT_STORE, run_tasks
from unionextract.worker import FAULT_ENV, AlreadyStored, Task

FIELDS = ("text", "kind", "value", "unit", "approx", "indicator", "org", "period", "status", "parent")


def cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop(FAULT_ENV, None) if env is None or FAULT_ENV not in env else None
    return subprocess.run([sys.executable, "-m", "unionextract", *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=600, **kw)


def db_rows(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def metric_fields(records) -> list[tuple]:
    return [tuple(json.dumps(r[f], ensure_ascii=False) for f in FIELDS) for r in records]


def stored_metrics(db: Path, doc: str) -> list[dict]:
    rows = db_rows(db, "SELECT m.record FROM metrics m JOIN documents d ON d.id = m.document_id "
                       "WHERE d.doc=? ORDER BY m.i", (doc,))
    return [json.loads(r[0]) for r in rows]


def expected_metrics(text: str, doc: str = "x") -> list[dict]:
    from unionextract import extract_text
    from unionextract.io.jsonl import dumps

    return [json.loads(dumps(m)) for m in extract_text(text, doc=doc).metrics]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    good = good_files(root)
    bad = bad_files(root)
    (root / "notes.csv").write_text("not,a,report\n", encoding="utf-8")
    out = root.parent / (root.name + "-out")
    run = cli("extract", str(root), "--out", str(out), "--workers", "2", "--start-method", "spawn",
              env={FAULT_ENV: "fail=bad/boom.txt"})
    return root, out, good, bad, run


def test_run_completes_and_says_how_many_failed(archive):
    root, out, good, bad, run = archive
    assert run.returncode == EXIT_SOME_FAILED, run.stderr
    assert f"{len(good)} extracted" in run.stderr
    n_failed = len(bad) - 2  # the scan and the .doc are unsupported, not failed
    assert f"{n_failed} failed, 2 unsupported, 1 not documents" in run.stderr
    for doc in bad:
        assert doc in run.stderr


def test_every_good_document_is_stored_once_with_the_metrics_of_its_original(archive):
    root, out, good, bad, run = archive
    db = out / "unionextract.sqlite"
    rows = db_rows(db, "SELECT doc, status, text, format, encoding FROM documents")
    assert Counter(r[0] for r in rows) == Counter({d: 1 for d in [*good, *bad, "notes.csv"]})
    by_doc = {r[0]: r for r in rows}
    for doc, origin in good.items():
        _, status, text, fmt, encoding = by_doc[doc]
        assert status == "ok", doc
        got = stored_metrics(db, doc)
        assert got, doc
        assert all(text[m["start"]:m["end"]] == m["text"] for m in got), doc
        if doc == BIG5_DOC:
            assert encoding in {"cp950", "big5hkscs"} and text == origin
            want = expected_metrics(origin)
        else:
            want = expected_metrics(read_raw(ROOT / "corpora" / "seeds" / origin))
        assert metric_fields(got) == metric_fields(want), doc
    assert by_doc["gb/seed1.gb18030.txt"][4] == "gb18030"
    assert by_doc["office/seed2.docx"][3] == "docx" and by_doc["web/seed3.html"][3] == "html"


def test_every_bad_input_is_recorded_with_its_reason(archive):
    root, out, good, bad, run = archive
    db = out / "unionextract.sqlite"
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = {json.loads(line)["id"]: json.loads(line) for line in lines}
    errors = {r[0]: r[1] for r in db_rows(db, "SELECT doc, message FROM errors")}
    for doc, word in bad.items():
        record = docs[doc]
        assert record["status"] in ("failed", "unsupported"), doc
        assert word.lower() in record["reason"].lower(), (doc, record["reason"])
        if record["status"] == "failed":
            assert word.lower() in errors[doc].lower()
    assert docs["bad/scan.pdf"]["status"] == docs["bad/legacy.doc"]["status"] == "unsupported"
    assert docs["notes.csv"]["status"] == "skipped"
    # the document that broke the extractor keeps its text, so it can be looked at
    assert db_rows(db, "SELECT length(text) FROM documents WHERE doc='bad/boom.txt'")[0][0] > 1000


def test_outputs_are_in_input_order_and_match_the_store(archive):
    root, out, good, bad, run = archive
    docs = [json.loads(line)["id"] for line in (out / "documents.jsonl").open(encoding="utf-8")]
    assert docs == sorted(docs)  # one folder given: input order is the sorted relative paths
    metrics = [json.loads(line) for line in (out / "metrics.jsonl").open(encoding="utf-8")]
    assert [(m["doc"], m["i"]) for m in metrics] == sorted((m["doc"], m["i"]) for m in metrics)
    assert len(metrics) == db_rows(out / "unionextract.sqlite", "SELECT COUNT(*) FROM metrics")[0][0]
    assert (out / "review.html").stat().st_size > 10_000
    seed = SEEDS[0].name
    assert [m for m in metrics if m["doc"] == f"seeds/{seed}"] == expected_metrics(
        read_raw(SEEDS[0]), doc=f"seeds/{seed}")


def test_files_written_as_documents_are_stored_equal_the_export_of_the_store(archive, tmp_path):
    # the first run started on an empty store: its JSONL files were written as it went
    from unionextract.runner import JSONL_FILES, write_jsonl
    from unionextract.store import SQLiteStore

    root, out, good, bad, run = archive
    with SQLiteStore(out / "unionextract.sqlite", readonly=True) as store:
        write_jsonl(store, tmp_path)
    for name in JSONL_FILES:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name
        assert not (out / (name + ".tmp")).exists()


def test_files_written_as_stored_are_dropped_unless_they_hold_every_stored_document(tmp_path):
    from unionextract.runner import JSONL_FILES, JsonlAsStored
    from unionextract.store import StoredDocument
    from unionextract.worker import jsonl_lines

    def one(doc: str) -> tuple[str, str, str]:
        return jsonl_lines(StoredDocument(doc=doc, path=doc, sha256="", status="ok",
                                          document_json=f'{{"id": "{doc}"}}'))

    for complete, stored, kept in ((True, 2, True), (True, 1, False), (False, 2, False)):
        out = tmp_path / f"{complete}-{stored}"
        out.mkdir()
        streamed = JsonlAsStored(out)
        streamed.add(one("a"))
        streamed.add(one("b"))  # stored 1: a name came twice and the store kept one of them
        assert streamed.finish(complete=complete, stored=stored) is kept
        assert sorted(p.name for p in out.iterdir()) == (sorted(JSONL_FILES) if kept else [])
    assert (tmp_path / "True-2" / "documents.jsonl").read_text() == '{"id": "a"}\n{"id": "b"}\n'


def test_rerun_skips_stored_documents_and_tries_failures_again(archive):
    root, out, good, bad, run = archive
    again = cli("extract", str(root), "--out", str(out), "--no-review")
    assert again.returncode == EXIT_SOME_FAILED
    # boom.txt no longer fails (no fault asked for this time): it is extracted and replaced
    assert "1 extracted" in again.stderr and f"{len(good) + 2 + 0} already stored" in again.stderr
    db = out / "unionextract.sqlite"
    assert db_rows(db, "SELECT status FROM documents WHERE doc='bad/boom.txt'") == [("ok",)]
    assert db_rows(db, "SELECT COUNT(*) FROM errors WHERE doc='bad/boom.txt'") == [(0,)]
    ids = [json.loads(line)["id"] for line in (out / "metrics.jsonl").open(encoding="utf-8")]
    assert len(ids) == len(set(ids))


def test_killed_run_resumes_to_every_document_exactly_once(tmp_path):
    src = tmp_path / "archive"
    good = good_files(src)
    bad = bad_files(src)
    (src / "copies").mkdir()
    n_copies = 8
    for k in range(n_copies):
        for p in SEEDS:
            (src / "copies" / f"{k:03d}_{p.name}").write_bytes(p.read_bytes())
    total = len(good) + len(bad) + n_copies * len(SEEDS)
    out = tmp_path / "out"
    db = out / "unionextract.sqlite"
    env = {**os.environ, FAULT_ENV: "sleep=0.05"}
    proc = subprocess.Popen([sys.executable, "-m", "unionextract", "extract", str(src), "--out", str(out),
                             "--workers", "2", "--quiet"], cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if db_rows(db, "SELECT COUNT(*) FROM documents")[0][0] >= 15:
                    break
            except sqlite3.OperationalError:  # no database or no tables yet
                pass
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # kill -9 the run and its workers
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    killed_at = db_rows(db, "SELECT COUNT(*) FROM documents")[0][0]
    finished = db_rows(db, "SELECT COUNT(*) FROM documents WHERE status IN ('ok', 'unsupported')")[0][0]
    assert 15 <= killed_at < total

    resumed = cli("extract", str(src), "--out", str(out), "--workers", "2")
    assert resumed.returncode == EXIT_SOME_FAILED, resumed.stderr  # the bad files are still bad
    assert f"{finished} already stored" in resumed.stderr
    assert db_rows(db, "SELECT COUNT(*), COUNT(DISTINCT doc) FROM documents") == [(total, total)]
    statuses = Counter(s for (s,) in db_rows(db, "SELECT status FROM documents"))
    assert statuses == {"ok": len(good) + n_copies * len(SEEDS) + 1, "failed": len(bad) - 3, "unsupported": 2}
    per_seed = {p.name: len(expected_metrics(read_raw(p))) for p in SEEDS}
    counts = dict(db_rows(db, "SELECT d.doc, COUNT(m.i) FROM documents d LEFT JOIN metrics m "
                              "ON m.document_id = d.id WHERE d.doc LIKE 'copies/%' GROUP BY d.id"))
    assert len(counts) == n_copies * len(SEEDS)
    assert all(counts[doc] == per_seed[doc[len("copies/000_"):]] for doc in counts)
    lines = [json.loads(x) for x in (out / "documents.jsonl").open(encoding="utf-8")]
    assert len(lines) == total == len({d["id"] for d in lines})
    assert [d["id"] for d in lines] == sorted(d["id"] for d in lines)
    metric_ids = [json.loads(x)["id"] for x in (out / "metrics.jsonl").open(encoding="utf-8")]
    assert len(metric_ids) == len(set(metric_ids))
    assert len(metric_ids) == db_rows(db, "SELECT COUNT(*) FROM metrics")[0][0]
    assert (out / "review.html").stat().st_size > 10_000


def test_in_flight_files_are_bounded_and_results_come_in_input_order(tmp_path):
    for p in SEEDS:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    pulled = 0

    def tasks():
        nonlocal pulled
        for k in range(12):
            pulled += 1
            yield Task(str(tmp_path / SEEDS[k % len(SEEDS)].name), f"d{k:02d}",
                       known_sha256=None if k % 3 else "no match")
    seen = []
    for outcome in run_tasks(tasks(), workers=2, window=3):
        seen.append(outcome.doc)
        assert pulled <= len(seen) + 3
    assert seen == [f"d{k:02d}" for k in range(12)]


def test_unchanged_content_is_reported_as_already_stored(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SEEDS[0].read_bytes())
    import hashlib

    digest = hashlib.sha256(SEEDS[0].read_bytes()).hexdigest()
    [o] = run_tasks([Task(str(path), "a.txt", known_sha256=digest)])
    assert isinstance(o, AlreadyStored)
    [o] = run_tasks([Task(str(path), "a.txt", known_sha256=digest, force=True)])
    assert o.status == "ok"


def test_output_folder_that_cannot_be_used_exits_3(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("extract", str(SEEDS[0]), "--out", str(blocker / "out"), "--quiet")
    assert r.returncode == EXIT_STORE and "cannot use" in r.stderr


def test_progress_writes_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(4, stream=stream, interval=0)
    for _ in range(4):
        progress.update()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4 and lines[-1].startswith("progress: 4/4 docs,") and "docs/s" in lines[-1]
    assert "ETA" in lines[0]
    quiet = io.StringIO()
    Progress(4, stream=quiet, quiet=True, interval=0).update()
    assert quiet.getvalue() == ""


def test_progress_draws_a_bar_with_rate_and_eta_on_a_terminal():
    pytest.importorskip("tqdm")
    import pty

    master, slave = pty.openpty()
    with open(slave, "w", encoding="utf-8", closefd=True) as stream:
        progress = Progress(3, stream=stream)
        for _ in range(3):
            time.sleep(0.05)
            progress.update()
        progress.close()
    import select

    chunks = []
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunks.append(os.read(master, 65536))
        except OSError:  # the other end is closed and all was read
            break
    os.close(master)
    drawn = b"".join(chunks).decode("utf-8", "replace")
    assert "3/3" in drawn and "doc/s" in drawn and "<00:00" in drawn  # count, rate, time left


def test_a_worker_that_dies_fails_only_its_own_document(tmp_path, monkeypatch):
    for p in SEEDS:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.setenv(FAULT_ENV, "exit=d03")
    tasks = [Task(str(tmp_path / SEEDS[k % len(SEEDS)].name), f"d{k:02d}") for k in range(6)]
    outcomes = list(run_tasks(tasks, workers=2, window=4))
    assert [o.doc for o in outcomes] == [t.doc for t in tasks]
    assert [o.status for o in outcomes] == ["ok", "ok", "ok", "failed", "ok", "ok"]
    assert "worker process died" in outcomes[3].reason


def test_the_same_relative_name_under_two_folders_is_stored_twice(tmp_path):
    from unionextract.io.walk import iter_inputs

    for archive in ("archive-a", "archive-b"):
        (tmp_path / archive / "2023").mkdir(parents=True)
        (tmp_path / archive / "2023" / "report.txt").write_text("发放慰问金12万元。", encoding="utf-8")
    (tmp_path / "single.txt").write_text("培训职工50人次。", encoding="utf-8")
    given = [tmp_path / "archive-a", tmp_path / "archive-b", tmp_path / "single.txt"]
    names = [name for _, name in iter_inputs(given)]
    assert names == ["2023/report.txt", "archive-b/2023/report.txt", "single.txt"]
    # one folder given: names stay its relative paths, as the contract's `doc` says
    assert [name for _, name in iter_inputs([tmp_path / "archive-b"])] == ["2023/report.txt"]


def _ids(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (out / "documents.jsonl").open(encoding="utf-8")]


def test_each_run_stores_its_inputs_in_input_order_whatever_the_workers(tmp_path):
    # workers store their documents themselves, so their writes interleave; the places handed
    # out in input order keep the outputs those of one process
    src = tmp_path / "src"
    src.mkdir()
    for k in (0, 2, 4, 6):
        (src / f"{k}.txt").write_bytes(SEEDS[k % len(SEEDS)].read_bytes())
    outs = {w: tmp_path / f"out-{w}" for w in (1, 2)}
    for w, out in outs.items():
        assert cli("extract", str(src), "--out", str(out), "--workers", str(w), "--quiet").returncode == 0
    for k in (1, 3, 5):  # new files between stored ones: the rerun puts them in their places
        (src / f"{k}.txt").write_bytes(SEEDS[k % len(SEEDS)].read_bytes())
    for w, out in outs.items():
        rerun = cli("extract", str(src), "--out", str(out), "--workers", str(w))
        assert rerun.returncode == 0 and "3 extracted, 4 already stored" in rerun.stderr
        assert _ids(out) == [f"{k}.txt" for k in range(7)]
    for name in ("documents.jsonl", "metrics.jsonl", "events.jsonl"):
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name


def test_a_run_resumed_after_workers_stored_out_of_order_ends_in_input_order(tmp_path):
    # what a killed run with two workers can leave: some later documents stored, earlier ones not
    src = tmp_path / "src"
    src.mkdir()
    for k in range(6):
        (src / f"{k}.txt").write_bytes(SEEDS[k % len(SEEDS)].read_bytes())
    out = tmp_path / "out"
    assert cli("extract", str(src), "--out", str(out), "--workers", "2", "--quiet").returncode == 0
    conn = sqlite3.connect(out / "unionextract.sqlite")
    with conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM documents WHERE doc IN ('1.txt', '3.txt')")
    conn.close()
    for workers in ("2", "1"):
        resumed = cli("extract", str(src), "--out", str(out), "--workers", workers)
        assert resumed.returncode == 0, resumed.stderr
        assert _ids(out) == [f"{k}.txt" for k in range(6)]


def test_workers_store_their_documents_and_hand_back_their_lines(tmp_path):
    from unionextract.store import SQLiteStore
    from unionextract.worker import Written

    db = tmp_path / "u.sqlite"
    SQLiteStore(db).close()
    tasks = [Task(str(SEEDS[k]), f"d{k}", seq=10 + k) for k in range(3)]
    outcomes = list(run_tasks(tasks, workers=2, writer=str(db)))
    assert [type(o) for o in outcomes] == [Written] * 3
    assert db_rows(db, "SELECT doc, seq FROM documents ORDER BY seq") == [("d0", 10), ("d1", 11), ("d2", 12)]
    n_metrics = db_rows(db, "SELECT COUNT(*) FROM metrics")[0][0]
    assert n_metrics == sum(o.jsonl[1].count("\n") for o in outcomes) > 0


def test_workers_that_cannot_open_the_store_hand_their_documents_back(tmp_path):
    not_a_database = tmp_path / "folder"
    not_a_database.mkdir()
    tasks = [Task(str(SEEDS[0]), "d0", seq=1)]
    [outcome] = run_tasks(tasks, workers=2, writer=str(not_a_database))
    assert outcome.status == "ok" and outcome.metrics and outcome.seq == 1


def test_a_worker_stores_at_its_turn_and_lets_go_of_it(tmp_path, monkeypatch):
    import multiprocessing

    from unionextract import worker
    from unionextract.store import SQLiteStore

    db = tmp_path / "u.sqlite"
    SQLiteStore(db).close()
    turn = multiprocessing.Lock()
    monkeypatch.setattr(worker, "_writer", None)
    monkeypatch.setattr(worker, "_turn", None)
    worker.open_writer(str(db), turn)
    [written] = worker.process_chunk([Task(str(SEEDS[0]), "d0", seq=1)])
    assert isinstance(written, worker.Written)
    assert turn.acquire(block=False)  # released once stored
    # a turn that never comes (its holder hung) delays the writer, never stops it
    monkeypatch.setattr(worker, "_TURN_TIMEOUT", 0.05)
    [written] = worker.process_chunk([Task(str(SEEDS[1]), "d1", seq=2)])
    assert isinstance(written, worker.Written)
    turn.release()
    assert db_rows(db, "SELECT doc FROM documents ORDER BY seq") == [("d0",), ("d1",)]
    worker._writer.close()
