"""Events: the union activities a report describes, one per clause, typed, with their arguments.

Triggers are found once per text (`triggers.scan_triggers`); each clause (cut at a `并` joining two
activities) yields at most one event, headed as `event_heads.choose_head` decides. Then:
- a later mention of the same activity in the same block, not introduced afresh by a light verb,
  is folded into the first (`…签订了…协议书，其中…，6家…全部签订…` is one signing);
- a clause opening with 其中 and giving a figure tells a part of the activity before it, as do the
  clauses after it in the sentence (`发展会员…，其中百人企业建会75家，独立建会228家`);
- the clauses after a programme (`开展…送温暖活动，…，走访慰问企业50家`) or right after an activity
  introduced by a light verb (`实施精准帮扶救助，入户走访、慰问…`) tell what was done in it: an
  activity of the same type there, not introduced afresh, is part of it;
- a title, heading or caption names an event only when the body does not mention that activity;
- each metric goes to the event of its clause, else to the nearest event before it in its
  sentence, else to the nearest after it;
- date, org and status come from the attribution functions, as for metrics.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from . import orgs, periods, status
from .event_heads import Head, choose_head, split_segments
from .records import Event, EventType, Metric, Status, trusted
from .segment import BlockKind, Sentence, Structure
from .triggers import TriggerEntry, TriggerHit, scan_triggers, trigger_entries

# Table cells name what a figure counts, like headings: not a report of an activity.
NON_BODY = frozenset({BlockKind.TITLE, BlockKind.HEADING, BlockKind.CAPTION, BlockKind.TABLE_CELL})
# How much text before a title's or caption's trigger describes the activity, and how many of its
# character pairs a body clause must share to be taken as mentioning the same activity.
CONTEXT_CHARS = 6
SHARED_PAIRS = 2
# How much text on each side of a trigger tells two mentions of one activity apart.
WINDOW = 8
PART_MARK = "其中"


@dataclass(slots=True)
class _Candidate:
    head: Head
    clause: int
    sentence: int
    block: int
    body: bool
    metrics: list[int]
    merged_into: _Candidate | None = None
    around: frozenset[str] | None = None  # cached `_surroundings`


def _hits_by_clause(structure: Structure, hits: list[TriggerHit]) -> Iterator[tuple[int, list[TriggerHit]]]:
    """The hits lying wholly inside each clause, for the clauses holding any (most hold none), in
    text order."""
    clauses = structure.clauses
    starts = structure.clause_starts()
    # Hits come in text order, so those of one clause come together: each run is cut off as the
    # next clause's first hit comes, with no table of clauses. A clause holds a few hits at most,
    # and most hold none: one bisect per hit costs less than walking every clause.
    index, inside = -1, []
    for h in hits:
        k = bisect_right(starts, h.start) - 1
        if k >= 0 and h.end <= clauses[k].end:
            if k != index:
                if inside:
                    yield index, inside
                index, inside = k, []
            inside.append(h)
    if inside:
        yield index, inside


def _candidates(view: str, structure: Structure) -> list[_Candidate]:
    out: list[_Candidate] = []
    purposeful = _purposeful()
    clauses, sentences, blocks = structure.clauses, structure.sentences, structure.blocks
    for index, inside in _hits_by_clause(structure, scan_triggers(view)):
        for h in inside:
            if h.is_activity or h.type is not None:
                break
        else:  # only block words and untyped light verbs: nothing to head an event
            continue
        clause = clauses[index]
        sentence = sentences[clause.sentence]
        block = blocks[sentence.block]
        body = block.kind not in NON_BODY
        for seg in split_segments(view, clause.start, clause.end, inside):
            head = choose_head(view, seg, inside, body)
            if head is not None:
                if head.key in purposeful:
                    head = _by_purpose(view, head, purposeful[head.key], sentence.end)
                out.append(_Candidate(head, clause.index, sentence.index, block.index, body, []))
    return out


@functools.cache
def _purposeful() -> dict[str, TriggerEntry]:
    """The lexicon entries whose activity depends on its purpose, by term (a handful)."""
    return {e.term: e for e in trigger_entries() if e.purpose_type is not None}


def _by_purpose(view: str, head: Head, entry: TriggerEntry, sentence_end: int) -> Head:
    """Retype an activity whose lexicon entry depends on its purpose, told later in the sentence."""
    rest = view[head.end : sentence_end]
    if any(cue in rest for cue in entry.purpose_cues):
        return replace(head, type=entry.purpose_type)
    return head


def _has_figure(c: _Candidate, starts: list[int]) -> bool:
    """Whether a metric starts in the candidate's segment (`starts`: the metrics' starts, sorted)."""
    lo, hi = c.head.segment
    k = bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi


def _fold_parts(view: str, cands: list[_Candidate], metrics: list[Metric]) -> None:
    """A clause opening with 其中 and giving a figure tells a part of the activity before it in its
    sentence (`签订…协议书，其中单独签约90份`): one event with it when the type is the same. The
    clauses after it that give figures of the same type go on listing parts
    (`其中百人企业建会75家，独立建会228家`). Without a figure, 其中 picks out one of those
    concerned, who may have done something else (`…，其中李萌荣获全国五一劳动奖章`)."""
    whole: _Candidate | None = None
    starts = sorted(m.start for m in metrics)  # every candidate of a sentence after the first asks
    for prev, c in zip(cands, cands[1:], strict=False):
        if c.sentence != prev.sentence:
            whole = None
            continue
        if c.head.type is not prev.head.type or c.head.light or not _has_figure(c, starts):
            continue
        if view[c.head.segment[0] : c.head.segment[1]].lstrip().startswith(PART_MARK):
            whole = prev.merged_into or prev
            c.merged_into = whole
        elif whole is not None and whole.head.type is c.head.type:
            c.merged_into = whole


def _fold_programme_parts(structure: Structure, cands: list[_Candidate]) -> None:
    """An activity of the same type told, not introduced afresh, in a later clause of the sentence
    of a programme (`开展…送温暖活动，发放…，走访慰问企业50家`), or in the clause right after an
    activity introduced by a light verb (`实施精准帮扶救助，入户走访、慰问…`), is done within it."""
    for k, c in enumerate(cands):
        if c.merged_into is not None or c.head.light:
            continue
        for j in range(k - 1, -1, -1):  # back from c, without copying the candidates before it
            prev = cands[j]
            if prev.sentence != c.sentence:
                break
            if prev.merged_into is not None or prev.head.type is not c.head.type:
                continue
            next_clause = structure.clauses[prev.clause].end == structure.clauses[c.clause].start
            if prev.head.general or (prev.head.light and next_clause):
                c.merged_into = prev
            break


def _pairs(text: str) -> set[str]:
    if text.isalpha():  # most windows: no digit, mark or space to leave out
        return {text[i : i + 2] for i in range(len(text) - 1)}
    return {a + b for a, b in zip(text, text[1:], strict=False) if a.isalpha() and b.isalpha()}


def _surroundings(view: str, structure: Structure, c: _Candidate) -> frozenset[str]:
    """The character pairs just before and just after a trigger, within its sentence."""
    if c.around is None:
        s = structure.sentences[c.sentence]
        before = view[max(s.start, c.head.start - WINDOW) : c.head.start]
        after = view[c.head.end : min(s.end, c.head.end + WINDOW)]
        c.around = frozenset(_pairs(before) | _pairs(after))
    return c.around


def _fold_restatements(view: str, structure: Structure, cands: list[_Candidate]) -> None:
    """Mark a restated activity as part of its first mention: same block, type and key, not
    introduced afresh by a light verb, and told with the same words around it."""
    seen: dict[tuple[int, EventType, str], list[_Candidate]] = {}
    for c in cands:
        key = (c.block, c.head.type, c.head.key)
        earlier = seen.setdefault(key, [])
        if earlier and not c.head.light:  # the words around a first mention are read only if needed
            mine = _surroundings(view, structure, c)
            for e in earlier:
                if len(mine & _surroundings(view, structure, e)) >= SHARED_PAIRS:
                    c.merged_into = e
                    break
        if c.merged_into is None:
            earlier.append(c)


def _shares_pairs(pairs: set[str], text: str) -> bool:
    """Whether `text` holds at least SHARED_PAIRS of `pairs` (character pairs of letters, so one
    found in `text` is one of its `_pairs`): a few substring tests instead of all of its pairs."""
    found = 0
    for pair in pairs:
        if pair in text:
            found += 1
            if found >= SHARED_PAIRS:
                return True
    return False


def _drop_restated_headings(view: str, structure: Structure, cands: list[_Candidate]) -> None:
    """A title, heading or caption is an event only when the body does not mention the activity."""
    body = [c for c in cands if c.body and c.merged_into is None]
    clauses = structure.clauses
    for c in cands:
        if c.body or c.merged_into is not None:
            continue
        clause = clauses[c.clause]
        # The words naming the activity: a few characters before the trigger and the trigger itself,
        # and its object after it,
        # less its lexicon word (two 培训 are not one training for sharing the word).
        lo, hi = max(clause.start, c.head.start - CONTEXT_CHARS), min(clause.end, c.head.end + CONTEXT_CHARS)
        named = view[lo:hi]
        context = _pairs(named) - _pairs(c.head.key)
        for b in body:
            if b.head.type is not c.head.type:
                continue
            other = clauses[b.clause]
            same_word = b.head.key == c.head.key and not context
            if same_word or _shares_pairs(context, view[other.start : other.end]):
                c.merged_into = b
                break


def _link_metrics(structure: Structure, cands: list[_Candidate], metrics: list[Metric]) -> None:
    live: dict[int, list[_Candidate]] = {}  # sentence -> its events, in text order
    # clause -> its segments, each with the event it is part of, in text order (a segment has one
    # candidate at most: the first segment holding a figure owns it)
    by_clause: dict[int, list[tuple[tuple[int, int], _Candidate]]] = {}
    for c in cands:
        target = c
        while target.merged_into is not None:
            target = target.merged_into
        if target is c:
            live.setdefault(c.sentence, []).append(c)
        by_clause.setdefault(c.clause, []).append((c.head.segment, target))
    clause_at = structure.clause_at
    for m in metrics:
        start = m.start
        clause = clause_at(start)
        if clause is None:
            continue
        owner = None
        for seg, t in by_clause.get(clause.index, ()):
            if seg[0] <= start < seg[1]:
                owner = t
                break
        if owner is None:
            # the nearest event before the figure in its sentence, else the nearest after it
            # (a sentence's events come in text order)
            for c in live.get(clause.sentence, ()):
                if c.head.start >= start:
                    if owner is None:
                        owner = c
                    break
                owner = c
        if owner is not None:
            owner.metrics.append(m.i)


def find_events(
    raw: str, view: str, structure: Structure, metrics: list[Metric], doc: str = "<text>"
) -> list[Event]:
    """The events of one document, numbered in text order and named by `doc`."""
    cands = _candidates(view, structure)
    _fold_parts(view, cands, metrics)
    _fold_programme_parts(structure, cands)
    _fold_restatements(view, structure, [c for c in cands if c.merged_into is None])
    _drop_restated_headings(view, structure, cands)
    _link_metrics(structure, cands, metrics)
    out = []
    sentences = structure.sentences
    for c in cands:
        if c.merged_into is not None:
            continue
        h = c.head
        sentence = sentences[c.sentence]
        i = len(out)
        date, org, state = _attribution(raw, view, structure, sentence, h)
        # Built without validating (`records.trusted`): every value is of its field's type already,
        # and an event is made for every activity of every document.
        out.append(
            trusted(
                Event,
                {
                    "doc": doc,
                    "i": i,
                    "id": f"{doc}#e{i}",
                    "type": h.type,
                    "trigger": raw[h.start : h.end],
                    "start": h.start,
                    "end": h.end,
                    "date": date,
                    "org": org,
                    "status": state,
                    # one figure or none, as a rule: nothing to sort
                    "metrics": c.metrics if len(c.metrics) < 2 else sorted(set(c.metrics)),
                    "rule": f"trigger:{h.key}",
                    "sentence_start": sentence.start,
                    "sentence_end": sentence.end,
                },
            )
        )
    return out


def _attribution(
    raw: str, view: str, structure: Structure, sentence: Sentence, h: Head
) -> tuple[str | None, str | None, Status]:
    """Date, org and status of an event, as for metrics, asked of the sentence its head lies in
    (known already: not looked up three times)."""
    return (
        periods.period_in_sentence(raw, view, structure, sentence, h.start),
        orgs.org_in_sentence(raw, view, structure, sentence, h.start),
        status.status_in_sentence(view, structure, sentence, h.told_end or h.end),
    )
