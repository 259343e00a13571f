#!/usr/bin/env python3
# ruff: noqa
# Verbatim copy of ../shared/tools/peer_pass.py (the reference matching), kept so the tests stand alone.
"""Pass rates of `unionextract.find_quantities` on the peer suites beside this folder.

A case passes when every expected value is among the outputs (a negative case: when there
is no output of the suite's kind). Run it with the Python that has unionextract installed:
    python peer_pass.py [--min=SUITE=RATE ...]
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
import math

# matching
SUBUNIT = {"fen": 0.01, "cent": 0.01, "jiao": 0.1, "美分": 0.01, "分": 0.01, "角": 0.1, "毛": 0.1}


def same(a, b):
    if a is None or b is None:
        return False
    if a == b:
        return True
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0)


def exp_base_value(e):
    """Expected value in the base unit (Duckling's 'cent' is 1/100 of the base)."""
    f = 0.01 if (e.get("unit") or "").lower() == "cent" else 1
    v = e.get("value")
    rng = e.get("range")
    return (None if v is None else v * f), (None if rng is None else [None if x is None else x * f for x in rng])


def matches(e, p, span_level=False):
    if span_level or (e.get("value") is None and e.get("range") is None):
        return p["start"] == e["start"] and p["end"] == e["end"]
    if e["kind"] == "percent" and p["kind"] != "percent":
        return False
    v, rng = exp_base_value(e)
    if v is not None:
        if same(p["value"], v):
            return True
        # a cent/fen amount reported in its own sub-unit
        if e["kind"] == "money" and (e.get("unit") or "").lower() == "cent" and same(p["value"], e["value"]) \
                and (p.get("unit") or "").lower() in SUBUNIT:
            return True
        return False
    lo, hi = rng
    if p.get("range"):
        plo, phi = p["range"]
        return (lo is None or same(plo, lo)) and (hi is None or same(phi, hi))
    if lo is None:
        return same(p["value"], hi)
    if hi is None:
        return same(p["value"], lo)
    return False


def judge(case, outs, span_level=False):
    """(found, exact, missing_items, extra_outputs)"""
    exp = case["expect"]
    if not exp:
        return (not outs), (not outs), [], outs
    missing = []
    used = set()
    for e in exp:
        hit = [i for i, p in enumerate(outs) if matches(e, p, span_level)]
        if not hit and e.get("range") and e["range"][0] is not None and e["range"][1] is not None \
                and not span_level:
            lo, hi = exp_base_value(e)[1]
            a = [i for i, p in enumerate(outs) if same(p["value"], lo)]
            b = [i for i, p in enumerate(outs) if same(p["value"], hi)]
            if a and b:
                hit = a + b
        if hit:
            used.update(hit)
        else:
            missing.append(e)
    extra = [p for i, p in enumerate(outs) if i not in used]
    found = not missing
    return found, found and not extra, missing, extra



SUITES = HERE.parent / "peer-suites"
KINDS = {  # which of our outputs a suite looks at
    "currency": {"money"}, "money": {"money"}, "percent": {"percent"}, "ordinal": {"ordinal"},
}
BEST_PEER = {  # best pass rate of a peer library on the suite
    "recognizers-zh-number": 0.921, "recognizers-zh-percent": 0.914, "recognizers-zh-currency": 0.886,
    "recognizers-zh-ordinal": 0.857, "duckling-zh-numeral": 0.782, "duckling-zh-ordinal": 1.0,
    "duckling-zh-money": 0.486, "jionlp-money-parse": 1.0, "jionlp-money-extract": 1.0,
    "cn2an": 0.978, "cn2an-transform": 1.0,
}


def outputs(fq, text, suite):
    kinds = next((v for k, v in KINDS.items() if k in suite), None)
    out = []
    for q in fq(text):
        get = (lambda k: q.get(k)) if isinstance(q, dict) else (lambda k: getattr(q, k, None))
        kind = str(getattr(get("kind"), "value", get("kind")))
        if kinds and kind not in kinds:
            continue
        v = get("value")
        rng = get("range") or ([get("low"), get("high")] if get("low") is not None or get("high") is not None else None)
        out.append({"start": get("start"), "end": get("end"), "kind": kind, "unit": get("unit"),
                    "value": None if v is None else float(v),
                    "range": None if rng is None else [None if x is None else float(x) for x in rng]})
    return out


def main():
    from unionextract import find_quantities as fq
    mins = {}
    for a in sys.argv[1:]:
        if a.startswith("--min="):
            k, v = a[len("--min="):].split("=")
            mins[k] = float(v)
    rates = {}
    for f in sorted(SUITES.glob("*.jsonl")):
        suite = f.stem
        if suite not in BEST_PEER:
            continue
        n = ok = 0
        for line in f.open(encoding="utf-8"):
            case = json.loads(line)
            n += 1
            try:
                found, *_ = judge(case, outputs(fq, case["input"], suite), suite == "jionlp-money-extract")
            except Exception as e:  # a crash is a failed case
                found = False
            ok += found
        rates[suite] = ok / n if n else 0.0
    for s, r in rates.items():
        print(f"{s:26} {r:6.1%}   best peer {BEST_PEER[s]:6.1%}  {'ahead' if r >= BEST_PEER[s] else 'behind'}")
    short = [f"{s} {rates.get(s, 0):.3f}<{v}" for s, v in mins.items() if rates.get(s, 0) < v]
    ahead = sum(rates[s] >= BEST_PEER[s] for s in rates)
    print(("SHORT: " + "; ".join(short) + "; ") if short else "", end="")
    print(f"ahead of the best peer on {ahead}/{len(rates)} suites")
    sys.exit(1 if short else 0)


if __name__ == "__main__":
    main()
