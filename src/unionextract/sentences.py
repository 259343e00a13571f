"""Splitting a block into sentences and a sentence into clauses, on the normalised view.

Marks inside a matched quotation or bracket never split (`“…；…”`, `(第一个4指…;…)`), except a
sentence-final mark that the closing quote directly follows (`…温暖。”`): the sentence then
ends after the closer. Clause commas between digits are thousands separators (`1,500`).
"""

from __future__ import annotations

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


def depths(view: str, start: int, end: int) -> list[int]:
    """Nesting depth of each position of `view[start:end]` in matched quotes/brackets.

    An opener and its closer are at the outer depth; what lies between them one deeper.
    Unmatched openers and closers are ignored.
    """
    n = end - start
    diff = [0] * (n + 1)
    stack: list[tuple[str, int]] = []
    open_symmetric: dict[str, int] = {}
    for i in range(start, end):
        ch = view[i]
        if ch in _SYMMETRIC:
            if ch in open_symmetric:
                o = open_symmetric.pop(ch)
                diff[o + 1 - start] += 1
                diff[i - start] -= 1
            else:
                open_symmetric[ch] = i
        elif ch in PAIRS:
            stack.append((PAIRS[ch], i))
        elif ch in CLOSERS and stack:
            # Close the innermost opener this closer matches; openers above it were unmatched.
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    o = stack[k][1]
                    diff[o + 1 - start] += 1
                    diff[i - start] -= 1
                    del stack[k:]
                    break
    out, d = [], 0
    for k in range(n):
        d += diff[k]
        out.append(d)
    return out


def split_sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped sentence spans of the block `view[start:end]`; they cover all its text."""
    depth = depths(view, start, end)
    cuts = []
    i = start
    while i < end:
        ch = view[i]
        if ch in SENTENCE_END and (depth[i - start] == 0 or ch != ";"):
            j = i + 1
            # Runs of final marks (?!, 。。) and the closers behind them stay in the sentence.
            while j < end and view[j] in SENTENCE_END:
                j += 1
            while j < end and view[j] in CLOSERS:
                j += 1
            if depth[j - 1 - start] == 0 or (depth[i - start] == 0):
                cuts.append(j)
                i = j
                continue
        i += 1
    return _pieces(view, start, end, cuts)


def split_clauses(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped clause spans of the sentence `view[start:end]`."""
    depth = depths(view, start, end)
    cuts = []
    for i in range(start, end - 1):
        ch = view[i]
        if ch in CLAUSE_END and depth[i - start] == 0:
            if ch in ",:" and view[i - 1 : i].isdigit() and view[i + 1].isdigit():
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
