"""The foundation's promises: exact spans, JSON round trip, schema, encodings, CLI and scoring."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import opencc
import pytest

from conftest import CORPORA, ROOT, SEEDS, SHARED, read_raw
from unionextract import ExtractionResult, extract_file, extract_text
from unionextract.io.jsonl import dumps
from unionextract.records import SCHEMA_VERSION

SNAPSHOT = ROOT / "tests" / "snapshots" / "schema.json"


def test_every_record_of_every_corpus_document_has_an_exact_span():
    docs = sorted(p for p in CORPORA.rglob("*.txt") if "examples" not in p.parts)
    assert len(docs) >= 5
    for path in docs:
        raw = read_raw(path)
        result = extract_text(raw, doc=path.name)
        for m in result.metrics:
            assert raw[m.start : m.end] == m.text, (path.name, m)
            assert m.sentence_start <= m.start < m.end <= m.sentence_end
        for e in result.events:
            assert raw[e.start : e.end] == e.trigger, (path.name, e)
        for r in result.rejections:
            assert raw[r.start : r.end] == r.text


def test_seeds_yield_metrics_of_each_kind(seed_results):
    kinds = {m.kind.value for _, result in seed_results.values() for m in result.metrics}
    assert {"count", "money", "percent"} <= kinds
    for _, result in seed_results.values():
        assert all(isinstance(m.value, Decimal) for m in result.metrics)


def test_json_round_trip_is_exact(seed_results):
    for _, result in seed_results.values():
        text = result.model_dump_json()
        assert ExtractionResult.model_validate_json(text) == result
        for m in result.metrics:
            line = json.loads(dumps(m), parse_float=Decimal, parse_int=Decimal)
            assert Decimal(line["value"]) == m.value


def test_json_lines_write_money_as_exact_numbers():
    result = extract_text("发放慰问金127.41万元。")
    (money,) = [m for m in result.metrics if m.kind.value == "money"]
    assert '"value": 1274100,' in dumps(money)


def test_schema_snapshot():
    schema = ExtractionResult.model_json_schema()
    if not SNAPSHOT.exists():  # first run writes it; review and commit the file
        SNAPSHOT.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert schema == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "the output schema changed: bump SCHEMA_VERSION and update tests/snapshots/schema.json"
    )
    assert SCHEMA_VERSION == "1.0"


def _comparable(result):
    return (
        [(m.start, m.end, m.text, m.kind, m.value, m.unit, m.approx) for m in result.metrics],
        [(e.start, e.end, e.type) for e in result.events],
    )


@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-8-sig"])
def test_encoded_copies_give_the_same_records(tmp_path, codec):
    path = SEEDS[0]
    raw = read_raw(path)
    copy = tmp_path / path.name
    copy.write_bytes(raw.encode(codec))
    original = extract_text(raw, doc=path.name)
    again = extract_file(copy)
    if codec == "utf-8-sig":  # the BOM stays a character, so offsets shift by one
        assert [m.start - 1 for m in again.metrics] == [m.start for m in original.metrics]
        return
    assert _comparable(again) == _comparable(original)
    assert again.document.encoding.replace("-le", "") in {codec, "utf-16"}


def test_big5_copy_of_a_traditional_seed_gives_the_same_records(tmp_path):
    converter = opencc.OpenCC("s2t")
    raw = "".join(ch for ch in converter.convert(read_raw(SEEDS[1])) if _big5_ok(ch))
    copy = tmp_path / "big5.txt"
    copy.write_bytes(raw.encode("big5"))
    again = extract_file(copy)
    assert again.document.encoding in {"cp950", "big5hkscs"}
    assert again.document.script.value == "traditional"
    assert _comparable(again) == _comparable(extract_text(raw))
    assert again.metrics, "a traditional copy of a seed has metrics"


def _big5_ok(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def _extract_seeds(out):
    cmd = [sys.executable, "-m", "unionextract", "extract", str(CORPORA / "seeds"), "--out", str(out)]
    cmd.append("--quiet")
    return subprocess.run(cmd, capture_output=True, text=True)


def _run_json(*cmd):
    proc = subprocess.run([sys.executable, *cmd], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_cli_extract_writes_three_files_for_the_seeds(tmp_path):
    out = tmp_path / "out"
    proc = _extract_seeds(out)
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in docs) == sorted(p.name for p in SEEDS)
    metrics = [json.loads(line) for line in (out / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {m["doc"] for m in metrics} == {p.name for p in SEEDS}
    for m in metrics:
        raw = read_raw(CORPORA / "seeds" / m["doc"])
        assert raw[m["start"] : m["end"]] == m["text"]
    assert (out / "events.jsonl").exists()


def test_cli_schema_prints_json_schema():
    proc = subprocess.run([sys.executable, "-m", "unionextract", "schema"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "Metric" in json.loads(proc.stdout)["$defs"]


REFERENCE_SCORER = SHARED / "tools" / "score.py"


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="../shared is not beside the project")
def test_eval_agrees_with_the_reference_scorer(tmp_path):
    out = tmp_path / "out"
    assert _extract_seeds(out).returncode == 0
    gold_m, gold_e = CORPORA / "gold" / "seeds.metrics.jsonl", CORPORA / "gold" / "seeds.events.jsonl"
    pred_m, pred_e = out / "metrics.jsonl", out / "events.jsonl"
    args = [str(gold_m), str(pred_m), "--events", str(gold_e), str(pred_e), "--json"]
    ours = _run_json("-m", "unionextract", "eval", *args)
    ref = _run_json(str(REFERENCE_SCORER), *args)
    for key in ("precision", "recall", "f1", "tp", "gold", "pred"):
        assert ours["metrics"][key] == ref["metrics"][key]
        assert ours["events"][key] == ref["events"][key]
    assert ours["metrics"]["fields"] == ref["metrics"]["fields"]
    assert ours["events"]["fields"] == ref["events"]["fields"]
    assert ours["metrics"]["span_only"]["f1"] == ref["metrics"]["span_only"]["f1"]
