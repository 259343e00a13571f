"""The PostgreSQL store against a real server that this module starts on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import SEEDS
from system_programs import missing, need_module

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    # the server refuses to run as root: there it runs as the `postgres` system user
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            missing("runuser (to run PostgreSQL as the postgres user)")
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="module")
def pg_url():
    need_module("psycopg")
    bin_dir = next((d for d in PG_BIN_DIRS if (d / "initdb").exists() and (d / "pg_ctl").exists()), None)
    if bin_dir is None:
        missing("PostgreSQL server binaries (initdb, pg_ctl)")
    tmp = Path(tempfile.mkdtemp(prefix="unionextract-pg-"))
    data = tmp / "data"
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                                    "--auth=trust", "-E", "UTF8", "--locale=C"]), **run)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off"
    subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(tmp / "server.log"), "-w", "start"]), **run)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_server_user(stop), capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def fresh_db(pg_url):
    """A new, empty database for one test."""
    import psycopg

    name = f"t_{os.urandom(4).hex()}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_url.rsplit("/", 1)[0] + "/" + name


def _seed_dir(tmp_path: Path, n: int = 2) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SEEDS, key=lambda p: p.stat().st_size)[:n]:
        shutil.copy(p, folder / p.name)
    return folder


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_extract_into_postgres_equals_the_sqlite_run_and_is_idempotent(fresh_db, tmp_path):
    from unionextract.cli import main
    from unionextract.postgres import PostgresStore

    seeds = _seed_dir(tmp_path)
    local, pg = tmp_path / "local", tmp_path / "pg"
    assert main(["extract", str(seeds), "--out", str(local), "--quiet", "--no-review"]) == 0
    assert main(["extract", str(seeds), "--out", str(pg), "--quiet", "--no-review", "--db", fresh_db]) == 0
    for name in ("documents.jsonl", "metrics.jsonl", "events.jsonl"):
        assert _lines(pg / name) == _lines(local / name), name
    with PostgresStore(fresh_db) as store:
        first = store.counts()
    assert first["documents"] == 2 and first["metrics"] == len(_lines(local / "metrics.jsonl")) > 0

    # again, and again forced to re-extract: still one copy of everything
    assert main(["extract", str(seeds), "--out", str(pg), "--quiet", "--no-review", "--db", fresh_db]) == 0
    argv = ["extract", str(seeds), "--out", str(pg), "--quiet", "--no-review", "--db", fresh_db, "--force"]
    assert main(argv) == 0
    with PostgresStore(fresh_db) as store:
        assert store.counts() == first
        docs = list(store.iter_documents())
    assert [d["doc"] for d in docs] == sorted(p.name for p in seeds.iterdir())
    assert len({d["id"] for d in docs}) == 2


def test_values_are_exact_numeric_in_sql(fresh_db, tmp_path):
    import psycopg

    from unionextract.cli import main
    from unionextract.io.jsonl import decimal_text
    from unionextract.store import SQLiteStore

    seeds = _seed_dir(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", str(seeds), "--out", str(out), "--quiet", "--no-review", "--db", fresh_db]) == 0
    with psycopg.connect(fresh_db) as conn:
        rows = conn.execute("SELECT doc, i, value FROM metrics ORDER BY doc, i").fetchall()
        assert conn.execute("SELECT pg_typeof(value)::text FROM metrics LIMIT 1").fetchone()[0] == "numeric"
    local = tmp_path / "local"
    assert main(["extract", str(seeds), "--out", str(local), "--quiet", "--no-review"]) == 0
    with SQLiteStore(local / "unionextract.sqlite") as sqlite:
        expected = sorted((m["doc"], m["i"], m["value"]) for m in sqlite.iter_metrics())
    assert [(d, i, decimal_text(v)) for d, i, v in rows] == expected


def test_export_from_postgres(fresh_db, tmp_path):
    from unionextract.cli import main

    seeds = _seed_dir(tmp_path)
    assert main(["extract", str(seeds), "--out", str(tmp_path / "run"), "--quiet", "--no-review",
                 "--db", fresh_db]) == 0
    assert main(["export", "--db", fresh_db, "--format", "jsonl", "--out", str(tmp_path / "pg")]) == 0
    assert main(["extract", str(seeds), "--out", str(tmp_path / "local"), "--quiet", "--no-review"]) == 0
    lite = ["export", str(tmp_path / "local"), "--format", "jsonl", "--out", str(tmp_path / "lite")]
    assert main(lite) == 0
    for name in ("metrics.jsonl", "events.jsonl"):
        assert _lines(tmp_path / "pg" / name) == _lines(tmp_path / "lite" / name), name


def test_review_page_reads_postgres(fresh_db, tmp_path):
    from unionextract.cli import main

    seeds = _seed_dir(tmp_path, 1)
    out = tmp_path / "run"
    assert main(["extract", str(seeds), "--out", str(out), "--quiet", "--db", fresh_db]) == 0
    page = (out / "review.html").read_text(encoding="utf-8")
    assert next(seeds.iterdir()).name in page


def test_unreachable_server_is_a_clear_error(tmp_path):
    need_module("psycopg")
    from unionextract.cli import main

    url = f"postgresql://postgres@127.0.0.1:{_free_port()}/postgres?connect_timeout=2"
    seeds = _seed_dir(tmp_path, 1)
    assert main(["extract", str(seeds), "--out", str(tmp_path / "o"), "--quiet", "--db", url]) == 3
