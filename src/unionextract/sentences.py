"""Splitting a block into sentences and a sentence into clauses, on the normalised view.

Marks inside a matched quotation or bracket never split (`“…；…”`, `(第一个4指…;…)`), except a
sentence-final mark that the closing quote directly follows (`…温暖。”`): the sentence then
ends after the closer. Clause commas between digits are thousands separators (`1,500`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

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
# The comma and the colon: they end a clause, never a sentence.
_CLAUSE_ONLY = frozenset(CLAUSE_END - SENTENCE_END)
# Every mark and every quotation mark or bracket, one character at a time: one pass over a
# block finds all that `split_block` looks at (a pattern of one class of characters scans
# several times faster than one with groups and alternatives).
_MARKS_AND_BRACKETS = re.compile(
    "[" + re.escape("".join(sorted(SENTENCE_END | CLAUSE_END)) + "".join(PAIRS) + "".join(CLOSERS)) + "]"
)
_MARK_CHARS = SENTENCE_END | CLAUSE_END


def protected(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outermost matched quotations and brackets of `view[start:end]`, as (opener, closer)
    positions in order. Unmatched openers and closers are ignored."""
    return _outermost([(m.group(), m.start()) for m in _BRACKETS.finditer(view, start, end)])


def _outermost(brackets: list[tuple[str, int]]) -> list[tuple[int, int]]:
    """`protected`, given the quotation marks and brackets of the text: (character, position)
    in order."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    open_symmetric: dict[str, int] = {}
    for ch, i in brackets:
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
    then `split_clauses` of each sentence. Most blocks hold no matched quotation or bracket,
    and then neither they nor their sentences have anything protected."""
    marks: list[int] = []
    brackets: list[tuple[str, int]] = []
    for m in _MARKS_AND_BRACKETS.finditer(view, start, end):
        ch = m.group()
        if ch in _MARK_CHARS:
            marks.append(m.start())
        else:
            brackets.append((ch, m.start()))
    if not brackets:
        return _split(view, start, end, marks, ())
    intervals = _outermost(brackets)
    if all(view.find(q, start, end) < 0 for q in _SYMMETRIC):
        # Without a quote that opens and closes alike, no matched pair straddles a sentence end,
        # so the block's protected stretches are its sentences' own: found once, not per sentence.
        return _split(view, start, end, marks, intervals)
    search = _BRACKETS.search
    return [
        # most sentences of such a block hold none of its brackets: nothing to protect there
        (s, e, _clauses(view, s, e, [] if search(view, s, e) is None else protected(view, s, e)))
        for s, e in _sentences(view, start, end, intervals)
    ]


def _split(
    view: str, start: int, end: int, marks: list[int], intervals: Sequence[tuple[int, int]]
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """`split_block` in one pass over the block's marks (their positions, in order), given its
    protected stretches: a run of sentence-final marks and the closers behind it ends a
    sentence, a clause mark ends a clause (a sentence's last mark cuts nothing); inside a
    protected stretch, only a final mark other than `;` whose run reaches past the stretch's
    closer ends anything."""
    out = []
    prev = start  # where the current sentence begins, before stripping
    cuts: list[int] = []  # clause cuts of the current sentence
    k, n = 0, len(intervals)  # the first protected stretch that ends after the mark
    j = start  # the end of the last run of final marks read
    for i in marks:
        if i < j:  # a mark of that run
            continue
        inside = False
        if n:
            while k < n and intervals[k][1] <= i:
                k += 1
            inside = k < n and intervals[k][0] < i
        if view[i] in _CLAUSE_ONLY:  # between digits a thousands separator
            if not inside and not (i > 0 and view[i - 1].isdigit() and view[i + 1 : i + 2].isdigit()):
                cuts.append(i + 1)
            continue
        # the run of final marks, and the closers behind it
        j = i + 1
        while j < end and view[j] in SENTENCE_END:
            j += 1
        while j < end and view[j] in CLOSERS:
            j += 1
        run = view[i:j]
        if inside:
            if j - 1 < intervals[k][1] or run.lstrip(";")[:1] not in SENTENCE_END:
                continue
        elif ";" in run:  # a semicolon ends a clause as well as a sentence
            cuts.extend(i + d + 1 for d, ch in enumerate(run) if ch == ";" and i + d < j - 1)
        s = prev
        if view[s] in _SPACE_SET:
            s = j - len(view[s:j].lstrip(_SPACES))
        out.append((s, j, _pieces(view, s, j, cuts)))
        cuts = []
        prev = j
    if prev < end:
        s, e = strip(view, prev, end)
        if s < e:
            if cuts and cuts[-1] == e:  # a sentence's last mark cuts nothing
                cuts.pop()
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
