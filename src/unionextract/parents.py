"""Part-whole links between metrics (`其中`, `包括`, `…中有`) and consistency warnings.

A part follows a `其中` cue in the same sentence (a cue opening a sentence refers to the
sentence before). Its whole is the nearest metric before the cue with the same unit, else the
nearest before the cue of the same kind (a rate is no part of a count).
The parts run on while each is in the clause of the part before it or
has the unit of the first part (`新建会5家，其中独立工会1家，社区联合工会小组4家，发展会员42人`:
the 42 is not a part). Warnings: a part larger than its whole, parts summing above the whole, a
rate above 100% that is not a growth or completion rate, the same figure stated twice.
"""

from __future__ import annotations

from bisect import bisect_left

from .cues import cue, first_at, needed_characters
from .records import Quantity, QuantityKind

_LEX = "parent_cues.yaml"
_DISTINCT_COUNT = 100


def _same_unit(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and (a.unit == b.unit or a.kind is not QuantityKind.COUNT)


def find_parents(
    view: str, structure, metrics: list[Quantity], sentence_of: list | None = None
) -> list[int | None]:
    """`sentence_of`: the sentence of each metric, where the caller has looked them up."""
    parents: list[int | None] = [None] * len(metrics)
    if sentence_of is None:
        sentence_of = [structure.sentence_at(m.start) for m in metrics]
    starts = [m.start for m in metrics]  # metrics come in text order
    part_of = cue(_LEX, "part_of")
    # A character every part cue holds: most spans lack it and need no search.
    part_chars = needed_characters(_LEX, "part_of")
    whole_in = cue(_LEX, "whole_in")
    # The figures of the current sentence followed by `…中`, in text order: each figure of a
    # sentence looks for its whole among them, not among all figures before it.
    openers: list[int] = []
    first_part_char = -1
    for k, m in enumerate(metrics):
        sent = sentence_of[k]
        if k and sentence_of[k - 1] is sent:
            if sent is not None and whole_in.match(view, metrics[k - 1].end):
                openers.append(k - 1)
        else:
            openers = []  # a new sentence: the figures before it are no wholes
            # where the sentence's first character of a part cue stands: one search a sentence
            first_part_char = first_at(part_chars, view, sent.start, sent.end) if sent else -1
        if sent is None:
            continue
        last_cue = None
        if first_part_char < m.start:
            for last_cue in part_of.finditer(view, sent.start, m.start):  # noqa: B007 - the last one counts
                pass
        if last_cue is None:
            _whole_in(metrics, openers, k, parents)
            continue
        at = last_cue.start()
        lo = sent.start
        if not view[sent.start : at].strip(" \t\r\n“\"，,"):
            prev = structure.sentence_at(sent.start - 1) if sent.start > 0 else None
            lo = prev.start if prev is not None else sent.start
        # Metrics are in text order: those starting in [lo, at) and before k, by bisection.
        wholes = range(bisect_left(starts, lo, 0, k), bisect_left(starts, at, 0, k))
        if not wholes:
            continue
        parts = [j for j in range(bisect_left(starts, at, 0, k + 1), k + 1) if sentence_of[j] is sent]
        chain_ok = True
        for a, b in zip(parts, parts[1:], strict=False):
            same_clause = structure.clause_at(metrics[a].start) == structure.clause_at(metrics[b].start)
            if not (same_clause or _same_unit(metrics[b], metrics[parts[0]])):
                chain_ok = False
        if not chain_ok:
            continue
        same = [j for j in wholes if _same_unit(metrics[j], m)]
        # A share (`其中一线职工占比达75%`) is no part of a count or a sum: a part is of the
        # kind of its whole.
        kin = [j for j in wholes if metrics[j].kind == m.kind]
        pick = same or kin
        if pick:
            parents[k] = pick[-1]
    return parents


def _whole_in(metrics, openers, k, parents) -> None:
    """`在…53项改革任务中，…14项`: a figure before `…中` is the whole of later same-unit ones.
    `openers`: the figures before `k` in its sentence that a `…中` follows; the nearest counts."""
    for j in reversed(openers):
        if _same_unit(metrics[j], metrics[k]):
            parents[k] = j
            return


def consistency_warnings(view: str, metrics: list[Quantity], parents: list[int | None]) -> list[list[str]]:
    warnings: list[list[str]] = [[] for _ in metrics]
    sums: dict[int, list[int]] = {}
    for k, p in enumerate(parents):
        if p is None or metrics[k].value is None or metrics[p].value is None:
            continue
        sums.setdefault(p, []).append(k)
        if _same_unit(metrics[k], metrics[p]) and metrics[k].value > metrics[p].value:
            warnings[k].append(f"part exceeds its whole (metric {p})")
    for p, parts in sums.items():
        same = [metrics[j].value for j in parts if _same_unit(metrics[j], metrics[p])]
        if len(same) > 1 and sum(same) > metrics[p].value:
            warnings[p].append(f"parts sum to {sum(same)}, above the whole")
    for k, m in enumerate(metrics):
        if m.kind is QuantityKind.PERCENT and m.value is not None and m.value > 100:
            context = view[max(0, m.start - 12) : m.start]
            if not cue(_LEX, "growth").search(context):
                warnings[k].append("rate above 100% that is not a growth or completion rate")
    seen: dict[tuple, int] = {}
    for k, m in enumerate(metrics):
        key = (m.kind, m.value, m.unit)
        # Small counts recur by chance (`2个`, `1场`); a repeated large count, sum or rate is
        # the same figure told twice (headline and body).
        if m.kind is QuantityKind.COUNT and (m.value is None or m.value < _DISTINCT_COUNT):
            continue
        if key in seen:
            warnings[k].append(f"same figure as metric {seen[key]}")
        else:
            seen.setdefault(key, k)
    return warnings
