"""Planned or actual: by cue in the sentence, else by the heading of the section.

The last cue before the span's end decides (`在今年应完成的53项任务中，上半年已完成14项`: the
14 is actual, the 53 planned). Without a cue, the innermost heading with a cue decides: a plan
heading (`目标计划`, `【下半年重点目标】`) makes its section planned.
"""

from __future__ import annotations

import functools
import re

import regex

from .cues import cue, cue_patterns, first_at, needed_characters, needed_strings
from .doc_cache import per_document
from .records import Status
from .words import tag_words

_LEX = "status_cues.yaml"
_SPACE = regex.compile(r"\s")
# The kinds `_last_cue` reads, each of which can make a cue.
_CUE_KINDS = ("planned", "actual", "future_marker", "plan_verb", "planned_clause")


@functools.cache
def _any_cue() -> regex.Pattern:
    """All cue kinds in one alternation: wherever one kind matches, the alternation finds a
    match too, so a span it finds nothing in holds no cue. Most sentences hold none, and one
    search settles them instead of one per kind."""
    patterns = cue_patterns(_LEX)
    kinds = [patterns[k].pattern for k in _CUE_KINDS if k in patterns]
    return regex.compile("|".join(f"(?:{p})" for p in kinds) or r"(?!)")


@functools.cache
def _cue_characters() -> re.Pattern | None:
    """Characters one of which every cue holds (None: unknown). Searched for with `re`, far
    faster than the alternation: a span without them holds no cue, and most spans have none."""
    classes = [needed_characters(_LEX, k) for k in _CUE_KINDS if k in cue_patterns(_LEX)]
    if not classes or any(c is None for c in classes):
        return None
    return re.compile("[" + "".join(c.pattern[1:-1] for c in classes) + "]")  # one class of all


@functools.cache
def _cue_strings() -> re.Pattern | None:
    """The strings one of which every cue holds, in one search (None: unknown). Sharper than
    `_cue_characters`: `有`, `要` or `下` stand in most sentences, `有望`, `要完成` or `下一步`
    in few."""
    return needed_strings(_LEX, *(k for k in _CUE_KINDS if k in cue_patterns(_LEX)))


@per_document(maxsize=1024)
def is_plan_heading(text: str) -> bool:
    chars = needed_characters(_LEX, "plan_heading")
    if chars is not None and not chars.search(text):
        return False  # most headings: no copy without spaces, no search
    return bool(cue(_LEX, "plan_heading").search(_SPACE.sub("", text)))


def _cue_words(kind: str, view: str, start: int, end: int, before: int, after: int):
    """(match, words around it, index of its word) for each cue of `kind` that is a word of its
    own, not a part of a longer word (`将近`, `计划生育`), and not the last word of its window."""
    for m in cue(_LEX, kind).finditer(view, start, end):
        lo = max(start, m.start() - before)
        words = tag_words(view[lo : min(end, m.end() + after)])
        at = next((k for k, w in enumerate(words) if lo + w.start == m.start()), None)
        if at is not None and words[at].text == m.group(0) and at + 1 < len(words):
            yield m, words, at


@per_document(maxsize=2048)
def _future(view: str, start: int, end: int) -> tuple[int, ...]:
    """Where a future marker stands as a word of its own before a verb or an adverb."""
    out = []
    for m, words, at in _cue_words("future_marker", view, start, end, before=2, after=6):
        after = words[at + 1]
        if not (after.is_verb or after.tag in ("d", "p")):  # `将在…`, `争取于…`
            continue
        stop = cue(_LEX, "clause_end").search(view, m.end(), end)
        if cue(_LEX, "modifier_mark").search(view, m.end(), stop.start() if stop else end):
            continue  # `将涉及职工利益的问题纳入…`: a noun phrase, so `把`
        out.append(m.start())
    return tuple(out)


@per_document(maxsize=2048)
def _plan_verbs(view: str, start: int, end: int) -> tuple[int, ...]:
    """Where `计划` stands as a verb: a word of its own after a clause break, a time word, an
    adverb or an organisation (the subject), before a word of the clause."""
    out = []
    for m, words, at in _cue_words("plan_verb", view, start, end, before=4, after=4):
        if cue(_LEX, "clause_end").match(words[at + 1].text):
            continue
        before = words[at - 1] if at > 0 else None
        subject = before is None or before.tag in ("t", "d", "x") or before.text.endswith("工会")
        if subject or cue(_LEX, "clause_end").match(view, m.start() - 1):
            out.append(m.start())
    return tuple(out)


def _last_cue(view: str, start: int, end: int) -> Status | None:
    chars = _cue_characters()
    if chars is not None and not chars.search(view, start, end):
        return None
    return _cue_decides(view, start, end)


def _cue_decides(view: str, start: int, end: int) -> Status | None:
    """`_last_cue` past its test for cue characters: for a span that holds one (or where they
    are unknown)."""
    if not _any_cue().search(view, start, end):
        return None
    last, status = -1, None
    for kind, value in (("planned", Status.PLANNED), ("actual", Status.ACTUAL)):
        for m in cue(_LEX, kind).finditer(view, start, end):
            if m.start() > last:
                last, status = m.start(), value
    for pos in _future(view, start, end) + _plan_verbs(view, start, end):
        if pos > last:
            last, status = pos, Status.PLANNED
    for m in cue(_LEX, "planned_clause").finditer(view, start, end):
        if m.start() > last and not cue(_LEX, "clause_end").search(view, m.end(), end):
            last, status = m.start(), Status.PLANNED
    return status


def status_for(raw: str, view: str, structure, start: int, end: int) -> Status:
    sentence = structure.sentence_at(start)
    if sentence is None:
        return _heading_status(view, structure.heading_spans(start))
    return status_in_sentence(view, structure, sentence, end)


def status_in_sentence(view: str, structure, sentence, end: int) -> Status:
    """`status_for` of a span ending at `end` in `sentence`, for callers that know the sentence."""
    first_cue, by_headings = _sentence_statuses(view, structure, sentence)
    stop = min(end, sentence.end)
    if stop > first_cue:
        found = _cue_decides(view, sentence.start, stop)
        if found is not None:
            return found
    return by_headings


def _sentence_statuses(view: str, structure, sentence) -> tuple[int, Status]:
    """What decides the status of a span in the sentence but the span's end, found once for
    a sentence and read by each of its figures and events (one look-up for both):

    - where the first string a cue needs starts in the sentence (its end if none; -1 if the
      strings are unknown): a span from the sentence's start that ends there holds no cue.
      Most sentences hold none, or none before a figure, and need no search for each;
    - the status the headings give, for a span without a cue."""
    memo = _sentence_memo(view)
    key = (sentence.start, sentence.end, sentence.block)
    found = memo.get(key)
    if found is None:
        first_cue = first_at(_cue_strings(), view, sentence.start, sentence.end)
        found = memo[key] = (first_cue, _block_status(view, structure, sentence))
    return found


def _block_status(view: str, structure, sentence) -> Status:
    """The status the headings of the sentence's block give."""
    # A sentence lies inside its block: every position of it, and of every sentence of the
    # block, has the block's headings, the same for every figure and event there.
    memo = _headings_memo(view)
    status = memo.get(sentence.block)
    if status is None:
        status = memo[sentence.block] = _heading_status(view, structure.heading_spans(sentence.start))
    return status


@per_document(maxsize=4)
def _sentence_memo(view: str) -> dict:
    """{sentence: (where the first string a cue needs starts in it, the status its headings
    give)}, for the document being read."""
    return {}


@per_document(maxsize=4)
def _headings_memo(view: str) -> dict:
    """{block index: the status its headings give}, for the document being read."""
    return {}


# Every figure and event of a section reads the same heading chain: decided once per chain.
@per_document(maxsize=1024)
def _heading_status(view: str, headings: tuple[tuple[int, int], ...]) -> Status:
    for start, end in reversed(headings):
        text = view[start:end]
        if is_plan_heading(text):
            return Status.PLANNED
        # A heading that says what will be done (`下半年将…`) scopes its section.
        found = _last_cue(view, start, end)
        if found is not None:
            return found
        if cue(_LEX, "done_heading").search(text):
            return Status.ACTUAL
    return Status.ACTUAL
