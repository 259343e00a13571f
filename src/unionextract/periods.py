"""The time phrase that scopes a span, as written, and its dates where the document says enough.

Search order (ANNOTATION.md): the sentence (the nearest phrase before the span), earlier
sentences of the same paragraph (unless the sentence opens with a new item: `此外`), the
headings that scope the passage (innermost first; a plan heading such as `目标计划` starts a new
time frame, so headings above it are not used), else none. Adjacent phrases join (`今年` +
`上半年`, `截至` + `11月30日`, `今年上半年` + `以来`).
"""

from __future__ import annotations

import calendar

import regex

from .cues import cue, needed_characters, needed_strings, scan
from .doc_cache import per_document, per_sentence
from .records import Period, trusted
from .status import is_plan_heading
from .surface import surface
from .words import tag_words

_LEX = "periods.yaml"
_OPENERS = " \t\r\n\u3000“\"在于"


# Sentences and headings are searched once for every metric and event they scope; the
# document strings are the same objects each time, so the key hashes in constant time.
@per_document(maxsize=8192)
def _periods_in(raw: str, view: str, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """Period phrases in raw [start, end): (raw start, raw end, text without line breaks)."""
    needed = needed_characters(_LEX, "core")
    if needed is not None and not needed.search(view, start, end):
        return ()  # most windows and many sentences: a character every phrase holds is missing
    s = surface(raw, view, start, end)
    text = s.view
    strings = needed_strings(_LEX, "core")
    if strings is not None and not strings.search(text):
        return ()  # many spans hold a needed character (the `2` of `12家`) but no string (`20`)
    cores = [(m.start(), m.end()) for m in scan(_LEX, "core", text)]
    merged: list[list[int]] = []
    for a, b in cores:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    if not merged:
        return ()
    prefix, suffix = cue(_LEX, "prefix"), cue(_LEX, "suffix")
    out = []
    for a, b in merged:
        for m in prefix.finditer(text, max(0, a - 4), a):
            if m.end() == a:
                a = m.start()
                break
        m = suffix.match(text, b)
        if m:
            b = m.end()
        a = _after_preposition(text, a, b)
        if cue(_LEX, "comparison").search(text, max(0, a - 3), a):
            continue  # `比去年增加…`: the year compared with scopes nothing
        out.append((s.index[a], s.index[b - 1] + 1, s.raw_text(a, b)))
    return tuple(out)


def _after_preposition(text: str, a: int, b: int) -> int:
    if cue(_LEX, "preposition").match(text, a, b):
        words = tag_words(text[a:b])
        if len(words) > 1 and len(words[0].text) == 1 and words[0].tag == "p":
            return a + 1
    return a


def period_for(raw: str, view: str, structure, start: int, end: int) -> str | None:
    sentence = structure.sentence_at(start)
    if sentence is None:
        return _heading_period(raw, view, structure.heading_spans(start))
    return period_in_sentence(raw, view, structure, sentence, start)


def period_in_sentence(raw: str, view: str, structure, sentence, start: int) -> str | None:
    """`period_for` of a span at `start` in `sentence`, for callers that know the sentence."""
    hit = None
    for phrase in _periods_in(raw, view, sentence.start, sentence.end):
        if phrase[1] <= start:  # the nearest phrase before the span
            hit = phrase[2]
    if hit:
        return hit
    # What scopes a sentence from outside it is the same for every figure and event in it.
    return _carried(raw, view, structure, sentence)


@per_sentence
def _carried(raw: str, view: str, structure, sentence) -> str | None:
    """The period an earlier sentence of the paragraph, else a heading, gives a sentence."""
    if not cue(_LEX, "break").match(view, sentence.start):
        found = _period_before(raw, view, structure, sentence)
        if found is not None:
            return found
    # A sentence lies inside its block: every position of it, and of every sentence of the
    # block, has the block's headings; what they give is looked up once per block.
    memo = _block_memo(raw, view)
    if sentence.block not in memo:
        memo[sentence.block] = _heading_period(raw, view, structure.heading_spans(sentence.start))
    return memo[sentence.block]


def _period_before(raw: str, view: str, structure, sentence) -> str | None:
    """The phrase that opens an earlier sentence of the paragraph, the nearest sentence first.
    The answer of each sentence is kept: the next one asks the sentence before it, then takes
    that sentence's answer, so a paragraph is walked once, not once for each of its sentences."""
    memo = _before_memo(raw, view)
    key = (sentence.start, sentence.end, sentence.block)
    if key in memo:
        return memo[key]
    found = None
    for prev in structure.earlier_in_block(sentence):
        found = _opening_period(raw, view, prev.start, prev.end)
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
    """{sentence: the phrase that opens an earlier sentence of its paragraph}, for the document
    being read."""
    return {}


@per_document(maxsize=4)
def _block_memo(raw: str, view: str) -> dict:
    """{block index: the period its headings give}, for the document being read."""
    return {}


# Every figure and event of a paragraph asks the sentences before its own.
@per_document(maxsize=8192)
def _opening_period(raw: str, view: str, start: int, end: int) -> str | None:
    """The phrase that opens the sentence, if one does. Only such a phrase scopes what follows
    (`截至目前，…。…`); one inside a clause (`…工作，全年新增…`) scopes that clause alone."""
    found = _periods_in(raw, view, start, end)
    if found and not view[start : found[0][0]].strip(_OPENERS):
        return found[0][2]
    return None


# Every figure and event of a section reads the same heading chain: searched once per chain.
@per_document(maxsize=1024)
def _heading_period(raw: str, view: str, headings: tuple[tuple[int, int], ...]) -> str | None:
    for start, end in reversed(headings):
        found = _periods_in(raw, view, start, end)
        if found:
            return found[0][2]
        if is_plan_heading(view[start:end]):
            return None
    return None


# --- resolution to dates ---------------------------------------------------------------

_SPACE = regex.compile(r"\s")
_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_MONTH_DAY = regex.compile(r"(?<!\d)(\d{1,2})月(?:(\d{1,2})[日号]|(上旬|中旬|下旬))?")
_HALVES = {"上半年": ((1, 1), (6, 30)), "下半年": ((7, 1), (12, 31))}


@per_document(maxsize=8)
def _doc_year(view: str, title: tuple[int, int] | None, lead: tuple[int, int] | None) -> int | None:
    for span in (title, lead):
        if span:
            m = _YEAR.search(view, *span)
            if m:
                return int(m.group(1))
    return None


def _span(block):
    return (block.start, block.end) if block is not None else None


def resolve_period(label: str, view: str, structure) -> Period | None:
    """Dates for a period label: its own year, else the year of the title or lead."""
    return _period(label, view, _span(structure.title()), _span(structure.lead()))


# The same few labels scope most figures of a document: the record is built once per label
# (it is frozen, so the figures can share it) and cleared with the other per-document caches.
# Its fields are strings of `_resolve`'s own making: built without validating.
@per_document(maxsize=1024)
def _period(label: str, view: str, title: tuple[int, int] | None,
            lead: tuple[int, int] | None) -> Period | None:
    dates = _resolve(label, view, title, lead)
    return trusted(Period, {"label": label, "start": dates[0], "end": dates[1]}) if dates else None


def _resolve(label: str, view: str, title: tuple[int, int] | None,
             lead: tuple[int, int] | None) -> tuple[str, str] | None:
    text = _SPACE.sub("", label)
    m = _YEAR.search(text)
    year = int(m.group(1)) if m else _doc_year(view, title, lead)
    if year is None:
        return None
    if "去年" in text or "上年" in text:
        year -= 1
    elif "明年" in text:
        year += 1
    for key, ((m1, d1), (m2, d2)) in _HALVES.items():
        if key in text:
            return f"{year}-{m1:02d}-{d1:02d}", f"{year}-{m2:02d}-{d2:02d}"
    md = _MONTH_DAY.search(text)
    if md:
        month = int(md.group(1))
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        if md.group(2):
            day = min(int(md.group(2)), last)
            lo = hi = f"{year}-{month:02d}-{day:02d}"
        elif md.group(3):
            a, b = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, last)}[md.group(3)]
            lo, hi = f"{year}-{month:02d}-{a:02d}", f"{year}-{month:02d}-{b:02d}"
        else:
            lo, hi = f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}"
        if text.startswith(("截至", "截止", "到")):
            lo = f"{year}-01-01"
        return lo, hi
    if m or any(k in text for k in ("今年", "全年", "本年", "去年", "上年", "明年", "当年")):
        return f"{year}-01-01", f"{year}-12-31"
    return None
