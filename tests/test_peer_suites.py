"""Peer suites (tests/peer_suites/*.jsonl, copied from ../shared/peer-suites) with the reference matching.

Every case of every scored suite (those of floors.yaml, the suites the reference peer_pass.py scores) is its
own test: it must pass, unless known_differences.yaml lists it with a reason, in which case it must still
fail (strict xfail: a listed case that starts passing fails the run until the list is updated). Each suite
must also keep at least the pass rate recorded in floors.yaml, counted over all its cases.
"""

import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from unionextract import find_quantities

HERE = Path(__file__).resolve().parent / "peer_suites"
_spec = importlib.util.spec_from_file_location("peer_match", HERE / "peer_match.py")
peer_match = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer_match)

FLOORS = yaml.safe_load((HERE / "floors.yaml").read_text(encoding="utf-8"))
_KNOWN_FILE = yaml.safe_load((HERE / "known_differences.yaml").read_text("utf-8"))
KNOWN = {e["id"]: e["reason"] for e in _KNOWN_FILE["entries"]}


def _cases(suite):
    with open(HERE / f"{suite}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


CASES = {suite: _cases(suite) for suite in sorted(FLOORS)}


def _passes(case, suite):
    outs = peer_match.outputs(find_quantities, case["input"], suite)
    found, *_ = peer_match.judge(case, outs, suite == "jionlp-money-extract")
    return found


def _params():
    for suite, cases in CASES.items():
        for case in cases:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[case["id"]])] if case["id"] in KNOWN else []
            yield pytest.param(suite, case, id=case["id"], marks=marks)


@pytest.mark.parametrize("suite,case", list(_params()))
def test_case(suite, case):
    outs = peer_match.outputs(find_quantities, case["input"], suite)
    found, _, missing, extra = peer_match.judge(case, outs, suite == "jionlp-money-extract")
    assert found, f"{case['input']!r}: missing {missing}; found {outs}"


def test_known_differences_name_real_cases():
    ids = {c["id"] for cases in CASES.values() for c in cases}
    assert set(KNOWN) <= ids, sorted(set(KNOWN) - ids)
    assert all(reason.split(":", 1)[0] in ("contract", "disagreement", "gap", "peer strict mode",
                                           "README known disagreement") for reason in KNOWN.values())


@pytest.mark.parametrize("suite", sorted(FLOORS))
def test_suite_floor(suite):
    cases = CASES[suite]
    rate = sum(_passes(c, suite) for c in cases) / len(cases)
    assert rate >= FLOORS[suite], f"{suite}: {rate:.3f} < {FLOORS[suite]}"
