"""The organisation whose work a span reports, as named in the document.

Order (ANNOTATION.md): the subject organisation of the span's sentence (the nearest one before
it, else the first after it); a union that is the subject of an earlier sentence of the same
paragraph; the headings that scope the passage (an organisation named in one, or a heading that
opens with a place, `月坛街道 现阶段工作成果`, read as the union of that place named elsewhere in the
document); else the document's main union (first named in the lead, title or text). An
organisation counts as a subject only at the head of a clause (after a time phrase or a
connective at most): `联合区人社局…`, `被区人社局评为…`, `落实市总…` do not make it one. A
department (`经济生活部`) is never matched, so its figures go to the union it belongs to. A bare
name (`区总工会`) is written out as the nearest full name with the same ending.
"""

from __future__ import annotations

import functools

from .cues import cue
from .periods import find_periods
from .surface import clean

_LEX = "orgs.yaml"
_CLAUSE_START = "，,；;：:。！？!?—\n\r\t 　()（）“”\"【】■"
_KINDS = ("generic", "union", "company", "name")


@functools.lru_cache(maxsize=4)
def _mentions(raw: str, view: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every organisation mention of the document: (start, end, kind, text), in text order."""
    taken: list[tuple[int, int, str, str]] = []
    for kind in _KINDS:
        for m in cue(_LEX, kind).finditer(view):
            a, b = m.span()
            if any(a < e and s < b for s, e, _, _ in taken):
                continue
            taken.append((a, b, kind, view[a:b]))
    return tuple(sorted(taken))


def _trim(raw: str, view: str, a: int, b: int) -> int:
    """Drop a time phrase glued to the front of a name (`上半年区总工会` -> `区总工会`)."""
    for ps, pe, _ in find_periods(raw, view, a, b):
        if ps == a and pe < b:
            a = pe
    return a


def _in_title_quotes(view: str, a: int, lo: int) -> bool:
    before = view[lo:a]
    return before.count("《") > before.count("》")


def _is_subject(raw: str, view: str, a: int, lo: int) -> bool:
    """Nothing but a time phrase or a connective stands between the clause head and `a`."""
    if _in_title_quotes(view, a, lo):
        return False
    head = a
    while head > lo and view[head - 1] not in _CLAUSE_START:
        head -= 1
    gap = view[head:a]
    for ps, pe, _ in find_periods(raw, view, head, a):
        gap = gap.replace(view[ps:pe], "")
    gap = cue(_LEX, "opener").sub("", gap)
    return not gap.strip()


@functools.lru_cache(maxsize=8192)
def _subjects(raw: str, view: str, lo: int, hi: int) -> tuple[tuple[int, int, str], ...]:
    out = []
    for a, b, kind, _ in _mentions(raw, view):
        if a < lo or b > hi:
            continue
        a = _trim(raw, view, a, b)
        if _is_subject(raw, view, a, lo):
            out.append((a, b, kind))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _full_name(raw: str, view: str, a: int, b: int) -> str:
    """The name as written, a bare one written out from the nearest full name before it."""
    name = view[a:b]
    if cue(_LEX, "bare").match(name):
        full = [
            (_trim(raw, view, s, e), e) for s, e, kind, text in _mentions(raw, view)
            if kind == "union" and text.endswith(name) and (e <= a or s >= b)
        ]
        full = [(s, e) for s, e in full if e - s > len(name)]
        before = [x for x in full if x[1] <= a]
        pick = before[-1] if before else (full[0] if full else None)
        if pick:
            return clean(raw, view, *pick)
    return clean(raw, view, a, b)


def main_org(raw: str, view: str, structure) -> str | None:
    """The document's own union: the first union named in the lead, the title, else the text."""
    spans = tuple((b.start, b.end) for b in (structure.lead(), structure.title()) if b is not None)
    return _main_org(raw, view, spans)


@functools.lru_cache(maxsize=64)
def _main_org(raw: str, view: str, spans: tuple[tuple[int, int], ...]) -> str | None:
    for lo, hi in spans:
        for a, b, kind, text in _mentions(raw, view):
            if kind == "union" and lo <= a < hi and not cue(_LEX, "bare").match(text):
                return clean(raw, view, a, b)
    for a, b, kind, text in _mentions(raw, view):
        if kind == "union" and not cue(_LEX, "bare").match(text):
            return clean(raw, view, a, b)
    return None


def _from_heading(raw: str, view: str, structure, start: int) -> str | None:
    for heading in reversed(structure.headings_of(start)):
        named = _subjects(raw, view, heading.start, heading.end)
        if named:
            return _full_name(raw, view, named[0][0], named[0][1])
        m = cue(_LEX, "place").match(view[heading.start : heading.end] + " ")
        if m:
            place = m.group(0)
            for a, b, kind, text in _mentions(raw, view):
                if kind == "union" and text.startswith(place):
                    return clean(raw, view, a, b)
    return None


def org_for(raw: str, view: str, structure, start: int, end: int) -> str | None:
    sentence = structure.sentence_at(start)
    if sentence is not None:
        found = _subjects(raw, view, sentence.start, sentence.end)
        before = [x for x in found if x[1] <= start]
        pick = before[-1] if before else (found[0] if found else None)
        if pick:
            return _full_name(raw, view, pick[0], pick[1])
        # A union named as the subject earlier in the paragraph still speaks; a company or
        # `各级工会` speaks for its own sentence only.
        block = structure.blocks[sentence.block]
        for prev in reversed([x for x in structure.sentences_of(block) if x.end <= sentence.start]):
            unions = [x for x in _subjects(raw, view, prev.start, prev.end) if x[2] == "union"]
            if unions:
                return _full_name(raw, view, unions[-1][0], unions[-1][1])
    return _from_heading(raw, view, structure, start) or main_org(raw, view, structure)
