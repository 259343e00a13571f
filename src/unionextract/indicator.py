"""The indicator of a metric: the shortest phrase of its clause that says what is measured.

After a measure word it is the counted noun phrase, up to the verb (`337名在档困难职工`). Where
the number follows its phrase, it is the verb and noun before it (`培训职工5540人次`,
`发放宣传材料520份`); for a rate, the rate's noun (`合格会员信息采集率`), shared by several when the
text says so (`建制率、签约率均达93.3%` -> both, in `indicators`). The word segmenter sees the
clause text around the quantity only, never the quantity itself, and is used to find where a
noun phrase ends and where the verb before a number starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .cues import cue
from .records import Quantity, QuantityKind
from .surface import Surface, surface
from .words import Word, tag_words

_LEX = "indicator_words.yaml"
_DELIMS = "，,；;：:。！？!?()（）【】■…"
_NOUNISH = ("n", "vn", "a", "b", "l", "i", "j", "m", "q", "nz", "ns", "nt", "nr", "an", "ng", "g", "t")
_RATE_MAX = 10  # longest rate noun kept, in characters: a rate's noun is a short phrase


@dataclass(frozen=True)
class IndicatorResult:
    indicator: str | None
    indicators: tuple[str, ...]


def _strip_left(text: str) -> tuple[str, int]:
    """Drop link words at the end and opener words at the front; return text and its offset."""
    for _ in range(2):
        text = cue(_LEX, "link").sub("", text)
    m = cue(_LEX, "examples").match(text)
    off = m.end() if m and m.end() < len(text) else 0
    m = cue(_LEX, "lead").match(text, off)
    off = m.end() if m else off
    while off < len(text) and text[off] in "、和及与":
        off += 1
    return text[off:], off


def _noun_phrase_after(words: list[Word]) -> str:
    out: list[Word] = []
    starts_verb = bool(words) and (words[0].is_verb or words[0].tag == "zg")
    for k, w in enumerate(words):
        stop = w.is_verb or w.tag in ("d", "p", "r", "ul", "uz", "y", "c", "f") or w.text in "中内里"
        if out and stop and not (w.tag == "c" and _continues(words, k)):
            break
        if w.tag == "uj" and not starts_verb:
            break
        if w.tag == "x" and w.text not in "“”\"《》「」‘’·、":
            break
        if not out and w.tag in ("p", "d", "c", "uj", "ul", "x") and w.text not in "“\"《「":
            break
        out.append(w)
    text = "".join(w.text for w in out).rstrip("、和及与")
    return text


def _continues(words: list[Word], k: int) -> bool:
    """A conjunction inside a noun list (`先进个人和集体代表`), not before a new clause."""
    rest = words[k + 1 :]
    return bool(rest) and not rest[0].is_verb and rest[0].tag in _NOUNISH


def _verb_phrase_before(text: str) -> str:
    words = tag_words(text)
    verbs = [k for k, w in enumerate(words) if w.is_verb and k < len(words) - 1]
    if verbs:
        return "".join(w.text for w in words[verbs[-1] :])
    return text


def _rate_noun(text: str) -> str:
    words = tag_words(text)
    out: list[Word] = []
    length = 0
    for w in reversed(words):
        if w.tag in ("p", "uj", "c", "r") or w.text in ("实现", "达到", "达") or w.tag == "x":
            break
        if out and length + len(w.text) > _RATE_MAX:
            break
        out.insert(0, w)
        length += len(w.text)
    return "".join(w.text for w in out)


def _split_shared(text: str) -> tuple[str, ...]:
    """`建制率、签约率` -> both, when every item is a rate's noun."""
    items = [x for x in regex.split(r"[、和及与]", text) if x]
    if len(items) > 1 and all(cue(_LEX, "rate_end").search(x) for x in items):
        return tuple(items)
    return ()


def _bounds(s: Surface, qa: int, qb: int, others: list[tuple[int, int]]) -> tuple[int, int]:
    lb = max((k + 1 for k in range(qa) if s.view[k] in _DELIMS), default=0)
    rb = next((k for k in range(qb, len(s.view)) if s.view[k] in _DELIMS), len(s.view))
    for a, b in others:
        if b <= qa:
            lb = max(lb, b)
        elif a >= qb:
            rb = min(rb, a)
    return lb, rb


def indicator_for(raw: str, view: str, sentence_span: tuple[int, int], q: Quantity,
                  others: list[Quantity], previous: IndicatorResult | None = None) -> IndicatorResult:
    """`others`: the other metrics of the sentence; `previous`: the indicator of the metric just
    before in the same sentence (a figure restated, `确定为235人`, or given twice, `1人次5000元`)."""
    s = surface(raw, view, *sentence_span)
    qa, qb = s.pos(q.start), s.pos(q.end)
    spans = [(s.pos(o.start), s.pos(o.end)) for o in others if o.start != q.start]
    lb, rb = _bounds(s, qa, qb, spans)
    left_raw = s.view[lb:qa]
    left, off = _strip_left(left_raw)
    left_at = lb + off
    right_text = s.view[qb:rb]
    runs_into_next = rb < len(s.view) and s.view[rb] not in _DELIMS
    if runs_into_next and "、" in right_text:
        right_text = right_text[: right_text.rfind("、")]

    def out(a: int, text: str, indicators=()) -> IndicatorResult:
        if not text:
            return IndicatorResult(None, ())
        named = tuple(s.raw_text(a + text.find(x), a + text.find(x) + len(x)) for x in indicators)
        return IndicatorResult(s.raw_text(a, a + len(text)), named)

    if q.kind is QuantityKind.PERCENT:
        rate = _rate_noun(left)
        if rate and cue(_LEX, "spread").search(left_raw):
            # `建制率、签约率均达…`: the rates listed before 均 share the figure.
            items = regex.split(r"(?<=[、和及与])", left)
            listed = ""
            for item in reversed(items):
                bare = item.rstrip("、和及与")
                if not cue(_LEX, "rate_end").search(bare):
                    break
                listed = item + listed
            stripped, _ = _strip_left(listed)
            if len(stripped) > len(rate):
                rate = stripped
        if rate:
            spread = bool(cue(_LEX, "spread").search(left_raw))
            shared = (_split_shared(rate) or (rate,)) if spread else ()
            return out(left_at + len(left) - len(rate), rate, shared)
        cut = left.rfind("的")
        if cut > 0:
            phrase = _verb_phrase_before(left[:cut])
            return out(left_at + cut - len(phrase), phrase)

    right_words = tag_words(right_text) if right_text else []
    if right_words and q.kind is not QuantityKind.PERCENT:
        first = right_words[0]
        left_is_verb = bool(left) and all(w.is_verb for w in tag_words(left))
        if first.is_verb and not left_is_verb:
            if not left or cue(_LEX, "light_verb").match(left):
                return out(qb, right_text)
        else:
            phrase = _noun_phrase_after(right_words)
            if phrase:
                return out(qb, phrase)
    if not left or cue(_LEX, "light_verb").match(left):
        if previous is not None and previous.indicator:
            return previous
        return IndicatorResult(None, ())
    phrase = _verb_phrase_before(left)
    return out(left_at + len(left) - len(phrase), phrase)
