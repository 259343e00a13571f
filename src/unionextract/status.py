"""Planned or actual: by cue in the sentence, else by the heading of the section.

The last cue before the span's end decides (`在今年应完成的53项任务中，上半年已完成14项`: the
14 is actual, the 53 planned). Without a cue, the innermost heading with a cue decides: a plan
heading (`目标计划`, `【下半年重点目标】`) makes its section planned.
"""

from __future__ import annotations

import functools

import regex

from .cues import cue
from .records import Status

_LEX = "status_cues.yaml"


@functools.lru_cache(maxsize=1024)
def is_plan_heading(text: str) -> bool:
    return bool(cue(_LEX, "plan_heading").search(regex.sub(r"\s", "", text)))


def _last_cue(view: str, start: int, end: int) -> Status | None:
    last, status = -1, None
    for kind, value in (("planned", Status.PLANNED), ("actual", Status.ACTUAL)):
        for m in cue(_LEX, kind).finditer(view, start, end):
            if m.start() > last:
                last, status = m.start(), value
    return status


def status_for(raw: str, view: str, structure, start: int, end: int) -> Status:
    sentence = structure.sentence_at(start)
    if sentence is not None:
        found = _last_cue(view, sentence.start, min(end, sentence.end))
        if found is not None:
            return found
    for heading in reversed(structure.headings_of(start)):
        text = view[heading.start : heading.end]
        if is_plan_heading(text):
            return Status.PLANNED
        if cue(_LEX, "done_heading").search(text):
            return Status.ACTUAL
    return Status.ACTUAL
