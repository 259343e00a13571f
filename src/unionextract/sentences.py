"""Splitting a block into sentences and a sentence into clauses, on the normalised view.

Marks inside a matched quotation or bracket never split (`“…；…”`, `(第一个4指…;…)`), except a
sentence-final mark that the closing quote directly follows (`…温暖。”`): the sentence then
ends after the closer. Clause commas between digits are thousands separators (`1,500`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .headings import CLOSERS, PAIRS

SENTENCE_END = frozenset("。!?;")
# 、 is not here: it joins the members of a list inside one clause.
CLAUSE_END = frozenset(",:;")
# Quotes written with one character for both sides pair up in order.
_SYMMETRIC = frozenset('"')


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def strip(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_space(view[start]):
        start += 1
    while end > start and _is_space(view[end - 1]):
        end -= 1
    return start, end


_BRACKETS = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + "]")
_SENTENCE_MARKS = re.compile("[" + re.escape("".join(SENTENCE_END)) + "]")
_CLAUSE_MARKS = re.compile("[" + re.escape("".join(CLAUSE_END)) + "]")


def protected(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outermost matched quotations and brackets of `view[start:end]`, as (opener, closer)
    positions in order. Unmatched openers and closers are ignored."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    open_symmetric: dict[str, int] = {}
    for m in _BRACKETS.finditer(view, start, end):
        ch, i = m.group(), m.start()
        if ch in _SYMMETRIC:
            if ch in open_symmetric:
                pairs.append((open_symmetric.pop(ch), i))
            else:
                open_symmetric[ch] = i
        elif ch in PAIRS:
            stack.append((PAIRS[ch], i))
        elif stack:
            # Close the innermost opener this closer matches; openers above it were unmatched.
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    pairs.append((stack[k][1], i))
                    del stack[k:]
                    break
    pairs.sort()
    outer: list[tuple[int, int]] = []
    for o, c in pairs:
        if outer and o < outer[-1][1]:
            if c > outer[-1][1]:  # crossing pairs: treat them as one protected stretch
                outer[-1] = (outer[-1][0], c)
            continue
        outer.append((o, c))
    return outer


def _enclosing(intervals: list[tuple[int, int]], openers: list[int], i: int) -> tuple[int, int] | None:
    k = bisect_right(openers, i - 1) - 1  # last opener strictly before i
    if k >= 0 and i < intervals[k][1]:
        return intervals[k]
    return None


def split_sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped sentence spans of the block `view[start:end]`; they cover all its text."""
    intervals = protected(view, start, end)
    openers = [o for o, _ in intervals]
    cuts: list[int] = []
    last = start
    for m in _SENTENCE_MARKS.finditer(view, start, end):
        i = m.start()
        if i < last:
            continue
        inside = _enclosing(intervals, openers, i)
        if inside is not None and m.group() == ";":
            continue
        j = i + 1
        # Runs of final marks (?!, 。。) and the closers behind them stay in the sentence.
        while j < end and view[j] in SENTENCE_END:
            j += 1
        while j < end and view[j] in CLOSERS:
            j += 1
        if inside is None or j - 1 >= inside[1]:
            cuts.append(j)
            last = j
    return _pieces(view, start, end, cuts)


def split_clauses(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped clause spans of the sentence `view[start:end]`."""
    intervals = protected(view, start, end)
    openers = [o for o, _ in intervals]
    cuts = []
    for m in _CLAUSE_MARKS.finditer(view, start, end - 1):
        i = m.start()
        if _enclosing(intervals, openers, i) is not None:
            continue
        if m.group() in ",:" and i > 0 and view[i - 1].isdigit() and view[i + 1].isdigit():
            continue
        cuts.append(i + 1)
    return _pieces(view, start, end, cuts)


def _pieces(view: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    out = []
    prev = start
    for c in [*cuts, end]:
        s, e = strip(view, prev, c)
        if s < e:
            out.append((s, e))
        prev = c
    return out
