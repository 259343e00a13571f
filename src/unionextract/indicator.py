"""The indicator of a metric: the shortest phrase of its clause that says what is measured.

After a measure word it is the counted noun phrase, up to the verb (`337名在档困难职工`). Where
the number follows its phrase, it is the verb and noun before it (`培训职工5540人次`,
`发放宣传材料520份`); for a rate, the rate's noun (`合格会员信息采集率`), shared by several when the
text says so (`建制率、签约率均达93.3%` -> both, in `indicators`). The word segmenter sees the
clause text around the quantity only, never the quantity itself, and is used to find where a
noun phrase ends and where the verb before a number starts.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Collection
from typing import NamedTuple

import regex

from . import orgs
from .cues import cue, holds_any, kind_needs, may_match, needed_strings, strip_end
from .doc_cache import per_document
from .records import Quantity, QuantityKind
from .surface import Surface, surface
from .words import Word, tag_words

_LEX = "indicator_words.yaml"
_ORGS_LEX = "orgs.yaml"  # the patterns `orgs.find_kind` searches
_DELIMS = "，,；;：:。！？!?()（）【】■…"
_NOUNISH = ("n", "vn", "a", "b", "l", "i", "j", "m", "q", "nz", "ns", "nt", "nr", "an", "ng", "g", "t")
_FUNCTION = ("p", "uj", "ul", "c", "d", "r", "y", "x")
_RATE_MAX = 10  # longest rate noun kept, in characters: a rate's noun is a short phrase
# Plain character classes: `re` finds them with less overhead per call than `regex`.
_DELIM = re.compile(f"[{re.escape(_DELIMS)}]")
_LAST_DELIM = regex.compile(f"(?r)[{regex.escape(_DELIMS)}]")  # searched from the end
_SENTENCE_STOP = re.compile("[。；;！？!?]")
_LIST_MARK = re.compile("[、和及与]")
_AFTER_LIST_MARK = regex.compile("(?<=[、和及与])")


class _Cues:
    """The patterns of `_LEX` as attributes (`_CUES.light_verb` is `cue(_LEX, "light_verb")`).

    Each is fetched on first use and kept as an attribute: a metric reads a dozen of them, and
    an attribute costs less than a call of the cached `cue` each time."""

    def __getattr__(self, kind: str) -> regex.Pattern:
        pattern = cue(_LEX, kind)
        setattr(self, kind, pattern)
        return pattern


_CUES = _Cues()


class IndicatorResult(NamedTuple):  # a tuple: one per metric, built cheaply
    indicator: str | None
    indicators: tuple[str, ...]


# The same clause texts come back for every figure of a sentence; the answer depends on the
# text alone.
@per_document(maxsize=4096)
def _strip_left(text: str) -> tuple[str, int]:
    """Drop link words at the end and opener words at the front; return text and its offset."""
    stripped = strip_end(_LEX, "link", text)
    if stripped != text:  # a second pass finds nothing where the first took nothing
        text = strip_end(_LEX, "link", stripped)
    m = _CUES.examples.match(text) if may_match(_LEX, "examples", text) else None
    off = m.end() if m and m.end() < len(text) else 0
    m = _CUES.lead.match(text, off)
    off = m.end() if m else off
    while off < len(text) and text[off] in "、和及与":
        off += 1
    return text[off:], off


def _noun_phrase_after(words: list[Word]) -> str:
    out: list[Word] = []
    starts_verb = bool(words) and (words[0].is_verb or words[0].tag == "zg")
    depth = 0
    for k, w in enumerate(words):
        depth += (w.text in _OPENERS) - (w.text in _CLOSERS)
        if out and depth <= 0 and w.text[0].isascii() and w.text[0].isdigit():
            break  # a date or another figure starts (`工会会员 8月1日起…`), unless in a label
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
    return "".join(w.text for w in out).rstrip("、和及与")


def _continues(words: list[Word], k: int) -> bool:
    """A conjunction inside a noun list (`先进个人和集体代表`), not before a new clause."""
    rest = words[k + 1 :]
    return bool(rest) and not rest[0].is_verb and rest[0].tag in _NOUNISH


_CLOSERS = "”」》’\""
_OPENERS = "“「《‘"
_QUOTE = re.compile(f"[{_OPENERS}{_CLOSERS}]")


@functools.cache
def _org_needs() -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """Each organisation kind with the strings one of which its every match holds."""
    return tuple((kind, kind_needs(_ORGS_LEX, kind)) for kind in orgs.KINDS)


@per_document(maxsize=4096)
def _after_org(text: str) -> str:
    """What follows the last organisation named in `text`: a name is the org, not the measure."""
    # Most clauses name none: one search, not a test of each kind's strings in turn.
    any_need = needed_strings(_ORGS_LEX, *orgs.KINDS)
    if any_need is not None and any_need.search(text) is None:
        return text
    end = 0
    for kind, needles in _org_needs():
        # Most clauses name no organisation of most kinds: no search needed (`may_match`).
        if needles is not None and not holds_any(text, needles):
            continue
        for m in orgs.find_kind(text, kind):
            end = max(end, m.end())
    return text[end:] if end < len(text) else text


def _verb_phrase_before(text: str) -> str:
    text = _after_org(text)
    words = tag_words(text)
    quoted, verbs = _verbs_unquoted(words, text)
    if not verbs and words and words[0].tag == "p":
        # `在…地区投资`: a phrase opened by a preposition says where or for whom; what is
        # measured is the verb, or verbal noun, after it.
        acts = [k for k, w in enumerate(words) if w.tag in ("v", "vn") and k > 0 and k not in quoted]
        verbs = acts[-1:]
    start = verbs[-1] if verbs else 0
    # A verb right after another verb is one compound act (`走访慰问`, `追讨欠薪`, `评选出`):
    # the phrase starts at the first of the run.
    while start > 0 and start - 1 in verbs and words[start - 1].text not in "为给向":
        start -= 1
    # A verb inside a `、` list belongs to one item (`发放慰问金、差额补贴养老金`): the phrase
    # starts at the verb before the list.
    first_item = next((k for k, w in enumerate(words) if w.text == "、"), None) if "、" in text else None
    in_item = start > 0 and (words[start - 1].text == "、" or any(w.tag == "uj" for w in words[start:]))
    if first_item is not None and start > first_item and in_item:
        before = [k for k in verbs if k < first_item]
        if before:
            start = before[-1]
    # A tally adverb, a time word or a closing quote ends what came before
    # (`保障活动共理赔`, `额外再奖励`, `…计划”受益`, `今天`): the phrase starts after it.
    for k in range(len(words) - 2, -1, -1):
        w = words[k]
        closes = w.text in _CLOSERS
        if closes:
            # A quote opened at the phrase's start or inside it closes a label of the phrase.
            opened = max((j for j in range(k) if words[j].text in _OPENERS), default=-2)
            # ... unless a verb follows it: then the label named what the verb is about.
            if opened >= start - 1 and not words[k + 1].is_verb:
                start = min(start, opened)
                break
        if w.tag in ("d", "t") or closes:
            if k + 1 > start:
                start = k + 1
            break
    if verbs or start:
        return text[words[start].start :]  # the words from `start` on, as they stand in `text`
    return text


def _verbs_unquoted(words: tuple[Word, ...], text: str) -> tuple[Collection[int], list[int]]:
    """The words of `text` inside quotes, and the verbs outside them but the last word: a verb
    inside quotes belongs to a label (`“劳模进企业”活动`), never starts the phrase."""
    last = len(words) - 1
    if _QUOTE.search(text) is None:  # most phrases: no depth of quotes to follow
        return (), [k for k in range(last) if words[k].is_verb]
    depth, quoted, verbs = 0, set(), []
    for k, w in enumerate(words):
        depth += (w.text in _OPENERS) - (w.text in _CLOSERS)
        if depth > 0:
            quoted.add(k)
        elif w.is_verb and k < last:
            verbs.append(k)
    return quoted, verbs


def _person_noun(phrase: str, unit: str | None) -> str:
    """After a measure word that counts people (or organisations), the phrase ends at its last
    person (organisation) noun: what follows is what was done to them or by them."""
    for unit_kind, head_kind in (("person_unit", "person_head"), ("org_unit", "org_head")):
        if unit and getattr(_CUES, unit_kind).match(unit):
            ends = [m.end() for m in getattr(_CUES, head_kind).finditer(phrase)]
            return phrase[: ends[-1]] if ends else phrase
    return phrase


def _widen(words: list[Word], unit: str | None) -> str:
    """A one-character phrase (`新`, cut before `就业形态劳动者`) names nothing: read on to the
    person or organisation noun that the measure word counts, else up to a function word."""
    text = "".join(w.text for w in words)
    for unit_kind, head_kind in (("person_unit", "person_head"), ("org_unit", "org_head")):
        if unit and getattr(_CUES, unit_kind).match(unit):
            m = getattr(_CUES, head_kind).search(text, 1)
            if m:
                return text[: m.end()]
    out = []
    for w in words:
        if w.tag in _FUNCTION or (w.text[0].isascii() and w.text[0].isdigit()):
            break
        out.append(w.text)
    return "".join(out)


def _purpose(text: str) -> tuple[int, str]:
    """The purpose of a funded sum in the text after it (`为3500名…人员投保互助保障活动`):
    the last verb of the clause with the noun phrase after it; (offset, phrase)."""
    words = tag_words(text)
    for k in range(len(words) - 2, 0, -1):
        if words[k].is_verb and not _CUES.light_verb.match(words[k].text):
            # The verb with the verbs and verbal nouns right before it (`投保互助保障活动`),
            # up to the end of its clause.
            while k > 1 and words[k - 1].tag in ("v", "vn") and words[k - 1].text not in "为给向":
                k -= 1
            a = words[k].start
            end = next((j for j in range(a, len(text)) if text[j] in _DELIMS), len(text))
            return a, text[a:end]
    return 0, ""


def _rate_noun(text: str) -> str:
    text = _after_org(text)
    start = len(text)  # where the noun starts: it ends with the text
    for w in reversed(tag_words(text)):
        if w.tag in ("p", "uj", "c", "r", "x") or _CUES.rate_stop.match(w.text):
            break
        if start < len(text) and len(text) - w.start > _RATE_MAX:
            break
        start = w.start
    return text[start:]


def _split_shared(text: str) -> tuple[str, ...]:
    """`建制率、签约率` -> both, when every item is a rate's noun."""
    items = [x for x in _LIST_MARK.split(text) if x]
    if len(items) > 1 and all(_CUES.rate_end.search(x) for x in items):
        return tuple(items)
    return ()


def _ends_with_verb(text: str) -> bool:
    """Whether the last word of `text`, a particle `ul` (`了`) aside, is a verb."""
    words = [w for w in tag_words(text) if w.tag != "ul"] if text else []
    return bool(words) and words[-1].is_verb


def _bounds(s: Surface, qa: int, qb: int, others: list[tuple[int, int]]) -> tuple[int, int]:
    before = _LAST_DELIM.search(s.view, 0, qa)
    lb = before.end() if before else 0
    after = _DELIM.search(s.view, qb)
    rb = after.start() if after else len(s.view)
    for a, b in others:
        if b <= qa:
            lb = max(lb, b)
        elif a >= qb:
            rb = min(rb, a)
    return lb, rb


def _found(s: Surface, a: int, text: str, indicators: tuple[str, ...] = ()) -> IndicatorResult:
    """The indicator `text`, found at `a` in `s.view`, in raw characters; `indicators`: the
    phrases of `text` that share the figure."""
    if not text:
        return IndicatorResult(None, ())
    if not indicators:  # most metrics: no generator to build for nothing
        return IndicatorResult(s.raw_text(a, a + len(text)), ())
    named = tuple(s.raw_text(a + text.find(x), a + text.find(x) + len(x)) for x in indicators)
    return IndicatorResult(s.raw_text(a, a + len(text)), named)


def indicator_for(raw: str, view: str, sentence_span: tuple[int, int], q: Quantity,
                  others: list[Quantity], previous: IndicatorResult | None = None) -> IndicatorResult:
    """`others`: the other metrics of the sentence; `previous`: the indicator of the metric just
    before in the same sentence (a figure restated, `确定为235人`, or given twice, `1人次5000元`)."""
    s = surface(raw, view, *sentence_span)
    index = s.index  # `s.pos` inlined: asked for every other figure of the sentence
    qa, qb = bisect_left(index, q.start), bisect_left(index, q.end)
    spans = [(bisect_left(index, o.start), bisect_left(index, o.end)) for o in others if o.start != q.start]
    lb, rb = _bounds(s, qa, qb, spans)
    left_raw = s.view[lb:qa]
    exists = _CUES.existence.match(left_raw) if may_match(_LEX, "existence", left_raw) else None
    if exists:  # `公司现有…`: the subject and the verb of existence say nothing measured
        lb += exists.end()
        left_raw = s.view[lb:qa]
    if q.kind is QuantityKind.PERCENT:
        origin = _CUES.origin.search(left_raw)
        left_raw = left_raw[: origin.start()] if origin else left_raw
    left, off = _strip_left(left_raw)
    left_at = lb + off
    right_text = s.view[qb:rb]
    # The clause after the figure up to the end of the sentence or a semicolon: a funded sum's
    # purpose may follow a comma (`投入30万元为2500名…人员，送上…慰问品`).
    stop_at = _SENTENCE_STOP.search(s.view, qb)
    stop = stop_at.start() if stop_at else len(s.view)
    right_full = s.view[qb:stop]
    runs_into_next = rb < len(s.view) and s.view[rb] not in _DELIMS
    if runs_into_next and "、" in right_text:
        right_text = right_text[: right_text.rfind("、")]

    if q.kind is QuantityKind.PERCENT:
        label = _CUES.label_count.search(left)
        if label:  # `实现两个100%`: the count names the label, not the rate
            left = strip_end(_LEX, "link", left[: label.start()])
        rate = _rate_noun(left)
        spread = bool(_CUES.spread.search(left_raw))
        if rate and spread:
            # `建制率、签约率均达…`: the rates listed before 均 share the figure.
            items = _AFTER_LIST_MARK.split(left)
            listed = ""
            for item in reversed(items):
                bare = item.rstrip("、和及与")
                if not _CUES.rate_end.search(bare):
                    break
                listed = item + listed
            stripped, _ = _strip_left(listed)
            # `各街道工会建会率、…`, `两家企业的集体合同签订率、…`: the organisation and what
            # stands before `的` are whose rates they are, not part of the first rate's noun.
            stripped = _after_org(stripped)
            stripped = stripped[stripped.rfind("的") + 1 :]
            if len(stripped) > len(rate):
                rate = stripped
        if rate:
            shared = (_split_shared(rate) or (rate,)) if spread else ()
            return _found(s, left_at + len(left) - len(rate), rate, shared)
        cut = left.rfind("的")
        if cut > 0:
            phrase = _verb_phrase_before(left[:cut])
            return _found(s, left_at + cut - len(phrase), phrase)

    if left_raw.rstrip().endswith("、"):
        # The figure opens a new item of a list: what stands before it is the item before.
        left = ""
    # `8家单位89人办理…`: the noun before the figure is the counted noun of the figure before.
    after_figure = any(b == lb for _, b in spans)
    funded = q.kind is QuantityKind.MONEY and _CUES.funding.match(left)
    if funded and _CUES.purpose.match(right_full):
        at, phrase = _purpose(right_full)
        if phrase:
            return _found(s, qb + at, phrase)
    if previous is not None and previous.indicator and _CUES.restate.match(left):
        return previous
    # A rate's phrase stands before it: the words after it are never read.
    right_words = tag_words(right_text) if right_text and q.kind is not QuantityKind.PERCENT else ()
    if right_words:
        first = right_words[0]
        light = bool(left) and _CUES.light_verb.match(left)
        # `开展了两期急救培训`: after a verb the figure counts its object, even one that
        # opens with a verb-like word.
        if first.is_verb and (light or not _ends_with_verb(left)):
            if not left or after_figure or light:
                # `809家建会单位完成了…`, `120位坚守岗位的环卫工人在…`: a person or organisation
                # noun ends the counted phrase where a new predicate follows it; `89人办理职工
                # 住院医疗`: a noun after it means the people do what the phrase says.
                cut = _person_noun(right_text, q.unit)
                rest = tag_words(right_text[len(cut) :]) if len(cut) < len(right_text) else []
                if rest and rest[0].tag in _NOUNISH and rest[0].tag not in ("d", "t"):
                    people = bool(q.unit) and _CUES.person_unit.match(q.unit)
                    cut = right_text if people else cut
                return _found(s, qb, cut)
        else:
            phrase = _noun_phrase_after(right_words)
            if len(phrase) == 1:
                phrase = _widen(right_words, q.unit)
            # A second measure word, a marker after the unit (`以上`) or another figure
            # (`509栋247 780平方米`) names no counted thing: the phrase before the figure does.
            named = not (_CUES.unit_noun.match(phrase) or _CUES.not_noun.match(phrase))
            if phrase and named and not phrase[0].isdigit():
                return _found(s, qb, _person_noun(phrase, q.unit))
    if not left or _CUES.light_verb.match(left):
        if previous is not None and previous.indicator:
            return previous
        return IndicatorResult(None, ())
    if exists:  # after the verb of existence stands a noun phrase only
        return _found(s, left_at, left)
    phrase = _verb_phrase_before(left)
    return _found(s, left_at + len(left) - len(phrase), phrase)
