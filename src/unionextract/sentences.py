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


# What `strip` drops: every character `str.isspace` accepts (none lies above U+3000), and the
# byte-order mark.
_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + "\ufeff"
_SPACE_SET = frozenset(_SPACES)


def strip(view: str, start: int, end: int) -> tuple[int, int]:
    text = view[start:end]
    kept = text.lstrip(_SPACES)
    start += len(text) - len(kept)
    return start, start + len(kept.rstrip(_SPACES))


_BRACKETS = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + "]")
_SENTENCE_MARKS = re.compile("[" + re.escape("".join(SENTENCE_END)) + "]")
_CLAUSE_MARKS = re.compile("[" + re.escape("".join(CLAUSE_END)) + "]")
_MARKS = re.compile("[" + re.escape("".join(SENTENCE_END | CLAUSE_END)) + "]")


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
    if not pairs:
        return pairs
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
    return _sentences(view, start, end, protected(view, start, end))


def split_clauses(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped clause spans of the sentence `view[start:end]`."""
    return _clauses(view, start, end, protected(view, start, end))


def split_block(view: str, start: int, end: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """The sentences of the block `view[start:end]`, each with its clauses: `split_sentences`,
    then `split_clauses` of each sentence. Most blocks hold no quotation or bracket, and then
    neither they nor their sentences have anything protected."""
    if _BRACKETS.search(view, start, end) is None:
        return _split_unprotected(view, start, end)
    search = _BRACKETS.search
    return [
        # most sentences of such a block hold none of its brackets: nothing to protect there
        (s, e, _clauses(view, s, e, [] if search(view, s, e) is None else protected(view, s, e)))
        for s, e in _sentences(view, start, end, protected(view, start, end))
    ]


def _split_unprotected(view: str, start: int, end: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """`split_block` of a block with nothing protected, in one pass over its marks."""
    sentence_cuts: list[int] = []
    clause_marks: list[int] = []
    last = start
    for m in _MARKS.finditer(view, start, end):
        i = m.start()
        mark = m.group()
        if mark in CLAUSE_END and not (
            mark in ",:" and i > 0 and view[i - 1].isdigit() and view[i + 1 : i + 2].isdigit()
        ):
            clause_marks.append(i)
        if mark in SENTENCE_END and i >= last:
            last = _sentence_cut(view, i, end)
            sentence_cuts.append(last)
    out = []
    k = 0
    for s, e in _pieces(view, start, end, sentence_cuts):
        while k < len(clause_marks) and clause_marks[k] < s:
            k += 1
        cuts = []
        while k < len(clause_marks) and clause_marks[k] < e - 1:  # a sentence's last mark cuts nothing
            cuts.append(clause_marks[k] + 1)
            k += 1
        out.append((s, e, _pieces(view, s, e, cuts)))
    return out


def _sentence_cut(view: str, i: int, end: int) -> int:
    """Where a sentence ending with the mark at `i` ends: runs of final marks (?!, 。。) and the
    closers behind them stay in the sentence."""
    j = i + 1
    while j < end and view[j] in SENTENCE_END:
        j += 1
    while j < end and view[j] in CLOSERS:
        j += 1
    return j


def _sentences(view: str, start: int, end: int, intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    openers = [o for o, _ in intervals]
    cuts: list[int] = []
    last = start
    for m in _SENTENCE_MARKS.finditer(view, start, end):
        i = m.start()
        if i < last:
            continue
        inside = _enclosing(intervals, openers, i) if intervals else None
        if inside is not None and m.group() == ";":
            continue
        j = _sentence_cut(view, i, end)
        if inside is None or j - 1 >= inside[1]:
            cuts.append(j)
            last = j
    return _pieces(view, start, end, cuts)


def _clauses(view: str, start: int, end: int, intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    openers = [o for o, _ in intervals]
    cuts = []
    for m in _CLAUSE_MARKS.finditer(view, start, end - 1):
        i = m.start()
        if intervals and _enclosing(intervals, openers, i) is not None:
            continue
        if m.group() in ",:" and i > 0 and view[i - 1].isdigit() and view[i + 1].isdigit():
            continue
        cuts.append(i + 1)
    return _pieces(view, start, end, cuts)


def _pieces(view: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    out = []
    prev = start
    cuts.append(end)
    for c in cuts:
        if prev < c and view[prev] not in _SPACE_SET and view[c - 1] not in _SPACE_SET:
            out.append((prev, c))  # most pieces: nothing to strip
        else:
            s, e = strip(view, prev, c)
            if s < e:
                out.append((s, e))
        prev = c
    return out
