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

from bisect import bisect_left
from collections.abc import Iterator

import regex

from .cues import cue, cue_patterns, matches_in, scan
from .doc_cache import per_document, per_sentence
from .periods import _periods_in
from .surface import clean
from .words import tag_words

_LEX = "orgs.yaml"
_ANCHORS = "org_anchors.yaml"
# Matched at a Han character: the run it stands in, from the start its lookbehind reaches
# (group 1, matched backwards) to the match's end; one call where two were made.
_HAN_RUN_AT = regex.compile(r"(?<=(\p{Han}*))\p{Han}+")
_CLAUSE_START = "，,；;：:。！？!?—\n\r\t 　()（）“”\"【】■"
KINDS = ("generic", "union", "company", "name")  # every kind that names an organisation
# Words that never open an organisation's name: a verb, preposition, adverb or conjunction
# before it (`对接…市总工会`, `援助省市总工会`, `也反映出集团`), or, for a word that runs
# across the name's first character, a number or time word too (`…年市总工会`).
_NOT_NAME = ("v", "vn", "vd", "p", "c", "d", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y")
_ACROSS = _NOT_NAME + ("m", "q", "t", "f")
_VERBS = ("v", "vn", "vd")
_WINDOW = 6  # characters before a name read with it, to see the word its first character is in
# Matched backwards: the characters of `words.is_han` that end at a position, in one call.
_HAN_ENDING = regex.compile(r"(?r)[\u4e00-\u9fff]*")


@per_document(maxsize=4)
def _mentions(raw: str, view: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every organisation mention of the document: (start, end, kind, text), in text order.
    A name starts at a word boundary: what the pattern took from the text before it is cut off,
    and a mention that is no name without it is dropped."""
    found: list[tuple[int, int, str]] = []
    taken_spans: list[tuple[int, int]] = []  # sorted: a match of a later kind overlapping one is dropped
    for kind in KINDS:
        for m in find_kind(view, kind):
            a, b = m.span()
            k = bisect_left(taken_spans, (a, b))
            if (k and taken_spans[k - 1][1] > a) or (k < len(taken_spans) and taken_spans[k][0] < b):
                continue
            taken_spans.insert(k, (a, b))
            found.append((a, b, kind))
    names = frozenset(view[a:b] for a, b, kind in found if kind == "union")
    taken = []
    for a, b, kind in found:
        start = _word_start(raw, view, a, b, kind, names)
        if start is not None:
            taken.append((start, b, kind, view[start:b]))
    return tuple(sorted(taken))


def find_kind(view: str, kind: str) -> Iterator[regex.Match]:
    """The matches of one kind over the whole view, as `finditer` gives them.

    A kind with an anchor (`org_anchors.yaml`) matches inside runs of Han characters only, so
    only the runs holding its anchor are searched: the long name patterns cost the engine an
    attempt at every character, and most of a report names no organisation."""
    if kind not in cue_patterns(_ANCHORS):
        yield from scan(_LEX, kind, view)
        return
    for a, b in _anchored_runs(view, kind):
        yield from matches_in(_LEX, kind, view, a, b)


@per_document(maxsize=64)
def _anchored_runs(view: str, kind: str) -> tuple[tuple[int, int], ...]:
    """The runs of Han characters that hold the kind's anchor, in text order.

    Found from the anchor's hits in one search over the view (most runs hold none), each
    widened to the run it stands in and kept if the anchor is found within that run."""
    anchor = cue(_ANCHORS, kind)
    runs: list[tuple[int, int]] = []
    at = 0
    while (hit := anchor.search(view, at)) is not None:
        x = hit.start()
        run = _HAN_RUN_AT.match(view, x)
        if run is None:
            at = x + 1  # in no run
            continue
        a, b = run.start(1), run.end()
        if anchor.search(view, a, b):
            runs.append((a, b))
        at = b  # the other hits of the run tell nothing new
    return tuple(runs)


def _word_start(raw: str, view: str, a: int, b: int, kind: str, names: frozenset[str]) -> int | None:
    if kind == "generic":  # `各级工会`: its pattern says where it starts
        return a
    start = _trim(raw, view, a, b)
    lo = _HAN_ENDING.match(view, max(0, start - _WINDOW), start).start()  # the Han characters before
    words = [(lo + w.start, lo + w.start + len(w.text), w) for w in tag_words(view[lo:b])]
    for ws, we, w in words:
        if ws < start < we and w.tag in _ACROSS and we < b:
            start = we  # `对接黄冈市…`: the verb's last character is no part of the name
    # A run of verbs and function words at the front (`也反映出集团`, `援助省市总工会`), with
    # one word of two characters at least: single characters are often part of an unlisted
    # place (`共青城市`).
    run, first, long_word = start, None, False
    for ws, we, w in words:
        if ws < run or we >= b:
            continue
        if ws > run or w.tag not in _NOT_NAME:
            break
        run, first, long_word = we, first or w, long_word or len(w.text) > 1
    at_head = lo == start
    verb_first = first is not None and first.tag in _VERBS
    if long_word and (not at_head or not verb_first or _names_other(view[start:b], view[run:b], names)):
        start = run
    if start == a:
        return a
    return start if cue(_LEX, kind).fullmatch(view[start:b]) else None


def _names_other(whole: str, rest: str, names: frozenset[str]) -> bool:
    """At the head of a clause a verb may open a place's name (`展览路街道`, `安定区`): it is
    cut off only where what is left is a bare name that the document writes out in full
    elsewhere (`成立区总工会…` beside `西城区总工会`)."""
    if not cue(_LEX, "bare").match(rest):
        return False
    return any(n != whole and n.endswith(rest) and len(n) > len(rest) for n in names)


def _trim(raw: str, view: str, a: int, b: int) -> int:
    """Drop a time phrase glued to the front of a name (`上半年区总工会` -> `区总工会`), or one
    whose last characters the name's pattern took (`2022年市总工会` -> `市总工会`)."""
    for ps, pe, _ in _periods_in(raw, view, max(0, a - _WINDOW), b):
        if ps <= a < pe < b:
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
    if not gap.strip():
        return True  # at the clause head: no time phrase to look for
    for ps, pe, _ in _periods_in(raw, view, head, a):
        gap = gap.replace(view[ps:pe], "")
    gap = cue(_LEX, "opener").sub("", gap)
    return not gap.strip()


@per_document(maxsize=4)
def _mention_heads(raw: str, view: str) -> tuple[list[int], tuple[int, ...]]:
    """The starts of the document's mentions (to bisect) and where each one's name starts
    without a glued time phrase: found once per mention, though every sentence and heading
    holding it asks."""
    mentions = _mentions(raw, view)
    return [m[0] for m in mentions], tuple(_trim(raw, view, m[0], m[1]) for m in mentions)


@per_document(maxsize=8192)
def _subjects(raw: str, view: str, lo: int, hi: int) -> tuple[tuple[int, int, str], ...]:
    mentions = _mentions(raw, view)
    starts, heads = _mention_heads(raw, view)
    out = []
    # Mentions are sorted by start: only those from `lo` on are read.
    for k in range(bisect_left(starts, lo), len(mentions)):
        a, b, kind, _ = mentions[k]
        if a >= hi:
            break
        if b > hi:
            continue
        if _is_subject(raw, view, heads[k], lo):
            out.append((heads[k], b, kind))
    return tuple(out)


def _place_part(name: str) -> str:
    return name.removesuffix("工会").removesuffix("总")


@per_document(maxsize=4096)
def _full_name(raw: str, view: str, a: int, b: int) -> str:
    """The name as written, a bare one written out from the nearest full name before it."""
    name = view[a:b]
    if cue(_LEX, "bare").match(name):
        full = [(s, e) for s, e in _full_unions(raw, view) if (e <= a or s >= b) and e - s > len(name)]
        # Same ending first (`区总工会` <- `东城区总工会`); else the same place with or
        # without 总 (`镇工会` <- `王庆坨镇总工会`).
        same = [x for x in full if view[x[0] : x[1]].endswith(name)]
        place = _place_part(name)
        full = same or [x for x in full if _place_part(view[x[0] : x[1]]).endswith(place)]
        before = [x for x in full if x[1] <= a]
        pick = before[-1] if before else (full[0] if full else None)
        if pick:
            return clean(raw, view, *pick)
    return clean(raw, view, a, b)


@per_document(maxsize=4)
def _full_unions(raw: str, view: str) -> tuple[tuple[int, int], ...]:
    """The spans of the document's unions named in full (not bare), in text order: every bare
    name written out reads them."""
    bare = cue(_LEX, "bare")
    return tuple(
        (a, b) for a, b, kind, text in _mentions(raw, view) if kind == "union" and not bare.match(text)
    )


def main_org(raw: str, view: str, structure) -> str | None:
    """The document's own union: the first union named in the lead, the title, else the text."""
    spans = tuple((b.start, b.end) for b in (structure.lead(), structure.title()) if b is not None)
    return _main_org(raw, view, spans)


@per_document(maxsize=64)
def _main_org(raw: str, view: str, spans: tuple[tuple[int, int], ...]) -> str | None:
    for lo, hi in spans:
        for a, b, kind, text in _mentions(raw, view):
            if kind == "union" and lo <= a < hi:
                if not cue(_LEX, "bare").match(text):
                    return clean(raw, view, a, b)
                # A title's `镇工会` is the town's union signed in full elsewhere.
                full = _full_name(raw, view, a, b)
                if full != clean(raw, view, a, b):
                    return full
    full = _full_unions(raw, view)
    if full:
        return clean(raw, view, *full[0])
    # Never named in full: the bare name (`市总工会`) is as the document names it.
    bare = [(a, b) for a, b, kind, text in _mentions(raw, view) if kind == "union"]
    first = [x for x in bare if any(lo <= x[0] < hi for lo, hi in spans)] or bare
    return clean(raw, view, *first[0]) if first else None


def _from_heading(raw: str, view: str, structure, start: int) -> str | None:
    return _heading_org(raw, view, structure.heading_spans(start))


# Every figure and event of a section reads the same heading chain: searched once per chain.
@per_document(maxsize=1024)
def _heading_org(raw: str, view: str, headings: tuple[tuple[int, int], ...]) -> str | None:
    for start, end in reversed(headings):
        named = _subjects(raw, view, start, end)
        if named:
            return _full_name(raw, view, named[0][0], named[0][1])
        m = cue(_LEX, "place").match(view[start:end] + " ")
        if m:
            place = m.group(0)
            for a, b, kind, text in _mentions(raw, view):
                if kind == "union" and text.startswith(place):
                    return clean(raw, view, a, b)
    return None


@per_document(maxsize=8192)
def _last_union(raw: str, view: str, lo: int, hi: int) -> str | None:
    """The full name of the last union that is a subject of the sentence [lo, hi), if any."""
    unions = [x for x in _subjects(raw, view, lo, hi) if x[2] == "union"]
    return _full_name(raw, view, unions[-1][0], unions[-1][1]) if unions else None


def org_for(raw: str, view: str, structure, start: int, end: int) -> str | None:
    sentence = structure.sentence_at(start)
    if sentence is None:
        return _from_heading(raw, view, structure, start) or main_org(raw, view, structure)
    return org_in_sentence(raw, view, structure, sentence, start)


def org_in_sentence(raw: str, view: str, structure, sentence, start: int) -> str | None:
    """`org_for` of a span at `start` in `sentence`, for callers that know the sentence."""
    found = _subjects(raw, view, sentence.start, sentence.end)
    if found:
        pick = found[0]  # the last one before the span, else the first after it
        for x in found:
            if x[1] <= start:
                pick = x
        return _full_name(raw, view, pick[0], pick[1])
    # Who speaks in a sentence without a subject is the same for every figure and event in it.
    return _carried(raw, view, structure, sentence)


@per_sentence
def _carried(raw: str, view: str, structure, sentence) -> str | None:
    # A union named as the subject earlier in the paragraph still speaks; a company or
    # `各级工会` speaks for its own sentence only.
    name = _union_before(raw, view, structure, sentence)
    if name is not None:
        return name
    # A sentence lies inside its block: every position of it, and of every sentence of the
    # block, has the block's headings; what they give is looked up once per block.
    memo = _block_memo(raw, view)
    if sentence.block not in memo:
        found = _from_heading(raw, view, structure, sentence.start)
        memo[sentence.block] = found or main_org(raw, view, structure)
    return memo[sentence.block]


def _union_before(raw: str, view: str, structure, sentence) -> str | None:
    """The last union that is a subject of an earlier sentence of the paragraph, the nearest
    sentence first. The answer of each sentence is kept: the next one asks the sentence before
    it, then takes that sentence's answer, so a paragraph is walked once, not once for each of
    its sentences."""
    memo = _before_memo(raw, view)
    key = (sentence.start, sentence.end, sentence.block)
    if key in memo:
        return memo[key]
    found = None
    for prev in structure.earlier_in_block(sentence):
        found = _last_union(raw, view, prev.start, prev.end)
        if found is not None:
            break
        before = memo.get((prev.start, prev.end, prev.block), _UNKNOWN)
        if before is not _UNKNOWN:
            found = before  # what the sentences before `prev` give
            break
    memo[key] = found
    return found


_UNKNOWN = object()


@per_document(maxsize=4)
def _before_memo(raw: str, view: str) -> dict:
    """{sentence: the union an earlier sentence of its paragraph names}, for the document
    being read."""
    return {}


@per_document(maxsize=4)
def _block_memo(raw: str, view: str) -> dict:
    """{block index: the organisation its headings, else the document, give}, for the document
    being read."""
    return {}
