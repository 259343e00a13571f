"""Scoring predictions against gold, as the annotation contract defines it.

A predicted metric matches a gold metric of the same document when the spans overlap, the
kinds are equal and the values are equal (relative 1e-9); one gold to at most one
prediction, largest overlap first. On matched pairs `unit`, `approx`, `status` count when
equal, and `indicator`, `org`, `period` when their character-overlap F1 is at least 0.5.
An event matches when the types are equal and the trigger spans overlap.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

EQUAL_FIELDS = ("unit", "approx", "status")
TEXT_FIELDS = ("indicator", "org", "period")
EVENT_FIELDS = ("status", "date", "org")


def load_jsonl(path: str | Path) -> dict[str, list[dict]]:
    """Records grouped by document (its file name: folders do not matter)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc}") from exc
            by_doc[str(rec["doc"]).rsplit("/", 1)[-1]].append(rec)
    return by_doc


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def same_value(a, b) -> bool:
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def char_f1(gold, pred) -> float:
    """Bag-of-characters F1; None equals only None."""
    if gold is None or pred is None:
        return float(gold is None and pred is None)
    gold, pred = str(gold), str(pred)
    if not gold and not pred:
        return 1.0
    common = sum((Counter(gold) & Counter(pred)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def pair_up(golds: list[dict], preds: list[dict], compatible: Callable[[dict, dict], bool]):
    """One-to-one pairs, largest overlap first (ties: gold order, then prediction order)."""
    candidates = sorted(
        (-_overlap(g, p), gi, pi)
        for gi, g in enumerate(golds)
        for pi, p in enumerate(preds)
        if _overlap(g, p) > 0 and compatible(g, p)
    )
    used_gold, used_pred, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((golds[gi], preds[pi]))
    return pairs


def prf(tp: int, n_gold: int, n_pred: int) -> dict:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "gold": n_gold, "pred": n_pred}


def _field_rates(pairs: Iterable[tuple[dict, dict]], equal: tuple[str, ...], text: tuple[str, ...]) -> dict:
    hits, total = Counter(), 0
    for g, p in pairs:
        total += 1
        for k in equal:
            hits[k] += g.get(k) == p.get(k)
        for k in text:
            hits[k] += char_f1(g.get(k), p.get(k)) >= 0.5
    return {k: (round(hits[k] / total, 4) if total else None) for k in (*equal, *text)}


def score_metrics(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> dict:
    """Precision, recall, F1 and field accuracy; documents absent from gold are ignored."""
    all_pairs, span_tp, n_gold, n_pred = [], 0, 0, 0
    for doc, golds in gold.items():
        preds = pred.get(doc, [])
        n_gold += len(golds)
        n_pred += len(preds)
        span_tp += len(pair_up(golds, preds, lambda g, p: True))
        all_pairs += pair_up(
            golds, preds, lambda g, p: g["kind"] == p.get("kind") and same_value(g["value"], p.get("value"))
        )
    out = prf(len(all_pairs), n_gold, n_pred)
    out["span_only"] = prf(span_tp, n_gold, n_pred)
    out["fields"] = _field_rates(all_pairs, EQUAL_FIELDS, TEXT_FIELDS)
    return out


def score_events(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> dict:
    all_pairs, n_gold, n_pred = [], 0, 0
    for doc, golds in gold.items():
        preds = pred.get(doc, [])
        n_gold += len(golds)
        n_pred += len(preds)
        all_pairs += pair_up(golds, preds, lambda g, p: g["type"] == p.get("type"))
    out = prf(len(all_pairs), n_gold, n_pred)
    out["fields"] = _field_rates(all_pairs, ("status",), ("date", "org"))
    return out


def score_files(gold_metrics, pred_metrics, gold_events=None, pred_events=None) -> dict:
    out = {"metrics": score_metrics(load_jsonl(gold_metrics), load_jsonl(pred_metrics))}
    if gold_events and pred_events:
        out["events"] = score_events(load_jsonl(gold_events), load_jsonl(pred_events))
    return out
