"""Quantity recognition: every number-bearing expression of a text, metric or not.

One combined `regex` pass over the normalised view (same length as the raw text, so match
positions are raw offsets). Alternatives are tried in order at each position: the named
not-a-metric patterns of `lexicons/not_metric_patterns.yaml` first, then the quantity grammar

    [第] [before-marker] [“] number|百分之N|vague [”] [余|多] [万|亿] [unit] [after-marker]

with units, markers and counted nouns from `lexicons/`. Each match becomes one `Quantity` with
the rule that decided it.

Vague amounts: forms that state an order of magnitude with an approximation (`百余次`, `逾千人`,
`近万个`, `上百人`) have a value (100 over, 1000 over, 10000 about, 100 over) and are metrics. Forms
that state no value at all (`数十`, `几万`, `数万人`, `十几个`, `三五百`) are NOT metrics: they carry
`value=None` and the bounds they imply in `low`/`high` (`数万` -> 10000..100000), rule
`vague_no_value`.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import regex

from .numerals import parse_numeral
from .quantity_lexicons import approx_markers, count_nouns, not_metric_patterns, units
from .records import Approx, Quantity, QuantityKind
from .text import normalise

__all__ = ["find_quantities", "scan_quantities"]

_CN = "零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿卅兆"
_ARABIC = r"(?:\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d.])|\d+(?:\.\d+)?)"
_NUMBER = (
    rf"(?:{_ARABIC}(?:[十百千万亿兆]+(?:\d+[十百千]?)*)?"
    rf"|[{_CN}]+(?:点[零〇一二三四五六七八九]+[万亿]*)?)"
)
_VAGUE = (
    r"(?:(?:数|几|若干)[十百千万亿]+"
    r"|(?:[一二两三四五六七八九]?十|[百千万])几[十百千万亿]*"
    r"|几[十百千万亿]*"
    r"|[一二两三四五六七八九][两二三四五六七八九][十百千万亿]+)"
)
_LABEL_MAX = 10  # longest quoted label, in characters; longer quotes are clauses
_QUOTES_OPEN = "“\"‘《「"
_QUOTES_CLOSE = "”\"’》」"


def _alt(forms) -> str:
    return "|".join(regex.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@functools.cache
def _grammar() -> tuple[regex.Pattern, list]:
    excl = not_metric_patterns()
    unit_alt = _alt(units())
    before = _alt(m.form for m in approx_markers() if m.position == "before")
    inner = _alt(m.form for m in approx_markers() if m.position == "inner")
    after = _alt(m.form for m in approx_markers() if m.position == "after")
    parts = [f"(?P<x{i}>{p.pattern})" for i, p in enumerate(excl)]
    main = (
        r"(?P<ord>第\s?)?"
        rf"(?P<pre>{before})?"
        r"(?P<q1>(?<=[“\"]))?"
        r"(?:(?P<pct>百分之|千分之)(?P<pnum>" + _NUMBER + ")"
        rf"|(?P<frac>{_NUMBER}分之{_NUMBER})"
        rf"|(?P<vague>{_VAGUE})"
        rf"|(?P<num>\d+\r?\n\d+(?=[ \t]?(?:{unit_alt}))|{_NUMBER}))"
        r"(?P<q2>[”\"])?"
        rf"(?P<inner>{inner})?"
        r"(?P<mag>[万亿]+)?"
        rf"(?:[ \t]{{0,2}}(?P<unit>{unit_alt}))?"
        rf"(?P<sub>(?<=[元块圆])(?:[0-9一二两三四五六七八九]+[角毛](?:[0-9一二两三四五六七八九]+分?)?"
        r"|[0-9一二两三四五六七八九](?![0-9一二两三四五六七八九十百千万亿])))?"
        rf"(?P<post>{after})?"
    )
    parts.append(f"(?P<main>{main})")
    return regex.compile("|".join(parts)), list(excl)


def find_quantities(text: str) -> list[Quantity]:
    """Every number-bearing expression of `text`, in text order, non-overlapping."""
    return scan_quantities(text, normalise(text))


def scan_quantities(raw: str, view: str) -> list[Quantity]:
    """As `find_quantities`, on a view already normalised (`text.normalise(raw)`)."""
    pattern, excl = _grammar()
    out: list[Quantity] = []
    for m in pattern.finditer(view):
        if m.group("main") is None:
            idx = next(i for i in range(len(excl)) if m.group(f"x{i}") is not None)
            s, e = m.span()
            if e > s:
                out.append(Quantity(start=s, end=e, text=raw[s:e], kind=excl[idx].kind, rule=excl[idx].name))
            continue
        q = _quantity(m, raw, view)
        if q is not None and q.end > q.start:
            out.append(q)
    return out


_POSITION = {"pre": "before", "inner": "inner", "post": "after"}


def _approx(m) -> Approx:
    for group in ("pre", "inner", "post"):
        form = m.group(group)
        if form:
            for marker in approx_markers():
                if marker.form == form and marker.position == _POSITION[group]:
                    return marker.approx
    return Approx.EXACT


def _quantity(m, raw: str, view: str) -> Quantity | None:
    unit_form = m.group("unit")
    entry = units().get(unit_form) if unit_form else None
    pre = m.group("pre")
    # the span: from a leading marker or the number to the unit (after-markers and outer quotes excluded)
    start = m.start("pre") if pre else m.start("pct") if m.group("pct") else m.start()
    if m.group("ord"):
        start = m.start("ord")
    end_groups = ("sub", "unit", "mag", "inner", "q2", "pnum", "frac", "vague", "num")
    end = next(m.end(g) for g in end_groups if m.group(g) is not None)
    if m.group("q2") and end == m.end("q2"):
        end = m.start("q2")  # a closing quote with nothing of the quantity after it
    text = raw[start:end]

    def make(kind, rule, value=None, unit=None, is_metric=False, approx=Approx.EXACT, low=None, high=None):
        return Quantity(start=start, end=end, text=text, kind=kind, value=value, unit=unit, approx=approx,
                        low=low, high=high, is_metric=is_metric, rule=rule)

    approx = _approx(m)
    if m.group("ord"):
        return make(QuantityKind.ORDINAL, "ordinal", value=parse_numeral(m.group("num") or ""))
    if m.group("pct"):
        v = parse_numeral(m.group("pnum"))
        if v is None:
            return None
        if m.group("pct") == "千分之":
            v = v / 10
        return make(QuantityKind.PERCENT, "percent_words", value=v, unit="%", is_metric=True, approx=approx)
    if m.group("frac"):
        return make(QuantityKind.NUMBER, "fraction", value=parse_numeral(m.group("frac")))
    num_text = m.group("num") or m.group("vague")
    mag = m.group("mag") or ""
    if m.group("vague"):
        low, high = _vague_bounds(m.group("vague") + mag)
        scale = entry.factor if entry else Decimal(1)
        kind = entry.kind if entry else QuantityKind.NUMBER
        return make(kind, "vague_no_value", unit=entry.recorded_unit if entry else None, approx=approx,
                    low=None if low is None else low * scale, high=None if high is None else high * scale)
    if pre and _vague_only(pre) and not regex.fullmatch(r"[百千万亿]+", num_text):
        return None  # 上 is only a marker before a bare magnitude (上百, 上千)
    value = parse_numeral(num_text.replace("\n", "").replace("\r", "") + mag)
    if value is None:
        return None
    label = _quoted_label(m, view)
    if label:
        return make(QuantityKind.NUMBER, "quoted_label", value=value)
    if _next_to_letters(view, m.start("num"), end):
        return make(QuantityKind.CODE, "code")
    if entry is None:
        return _unitless(m, view, make, value, approx, mag)
    value = value * entry.factor
    if m.group("sub"):
        value += _sub_units(m.group("sub"))
    kind = entry.kind
    if kind in (QuantityKind.DATE, QuantityKind.DURATION) and entry.form == "年":
        is_year = regex.fullmatch(r"\d{4}|[零〇一二三四五六七八九]{4}", num_text) is not None
        kind = QuantityKind.DATE if is_year else QuantityKind.DURATION
    if not entry.metric:
        rule = {QuantityKind.DATE: "date", QuantityKind.TIME: "clock_time", QuantityKind.DURATION: "duration",
                QuantityKind.PERCENTAGE_POINT: "percentage_point", QuantityKind.MONEY: "foreign_currency"}
        return make(kind, rule.get(kind, "non_metric_unit"), value=value, unit=entry.recorded_unit,
                    approx=approx)
    if m.group("post") in ("以上", "以下") and _category_follows(view, m.end("post")):
        return make(kind, "category_threshold", value=value, unit=entry.recorded_unit, approx=approx)
    if kind == QuantityKind.COUNT and num_text == "一" and not mag and not pre:
        return make(kind, "determiner_one", value=value, unit=entry.recorded_unit)
    rule = {QuantityKind.COUNT: "count", QuantityKind.MONEY: "money", QuantityKind.PERCENT: "percent"}[kind]
    return make(kind, rule, value=value, unit=entry.recorded_unit, is_metric=True, approx=approx)


def _unitless(m, view, make, value, approx, mag):
    """A number with no unit: a count when a counted noun follows, else a bare number."""
    num_text = m.group("num")
    after = m.end()
    follows = view[after : after + 6]
    has_magnitude = bool(mag) or regex.search(r"[万亿]$", num_text) is not None
    if m.group("post") in ("以上", "以下") and _category_follows(view, m.end("post")):
        return make(QuantityKind.COUNT, "category_threshold", value=value, approx=approx)
    if any(follows.startswith(n) for n in count_nouns()):
        return make(QuantityKind.COUNT, "count_noun", value=value, is_metric=True, approx=approx)
    if has_magnitude and follows[:1] and regex.match(r"\p{Han}", follows[:1]):
        return make(QuantityKind.COUNT, "count_magnitude_noun", value=value, is_metric=True, approx=approx)
    return make(QuantityKind.NUMBER, "bare_number", value=value, approx=approx)


def _vague_only(form: str) -> bool:
    return any(mk.form == form and mk.vague_only for mk in approx_markers())


def _vague_bounds(s: str) -> tuple[Decimal | None, Decimal | None]:
    """Bounds a vague numeral implies: 数万 -> 10000..100000, 十几 -> 10..20, 三五百 -> 300..500."""
    m = regex.fullmatch(r"([一二两三四五六七八九])([两二三四五六七八九])([十百千万亿]+)", s)
    if m:
        scale = parse_numeral("一" + m.group(3)) or Decimal(1)
        return parse_numeral(m.group(1)) * scale, parse_numeral(m.group(2)) * scale
    head, sep, tail = s.partition("几") if "几" in s else (s.partition("数") if s.startswith("数") else
                                                          s.partition("若干"))
    scale = parse_numeral("一" + tail) if tail else Decimal(1)
    scale = scale or Decimal(1)
    if head:  # 十几, 二十几万, 百几
        base = parse_numeral(head)
        if base is None:
            return None, None
        step = Decimal(10) if head.endswith("十") else base / 10 if base >= 100 else Decimal(10)
        return base * scale, (base + step) * scale
    return scale, scale * 10


def _sub_units(sub: str) -> Decimal:
    """角/毛 and 分 after 元/块 (五元三毛, 123元1角1分, 一块五)."""
    m = regex.fullmatch(r"([^角毛]+)[角毛](?:([^分]+)分?)?", sub)
    if m:
        total = (parse_numeral(m.group(1)) or 0) / 10
        if m.group(2):
            total += (parse_numeral(m.group(2)) or 0) / 100
        return Decimal(total)
    return (parse_numeral(sub) or Decimal(0)) / 10


def _quoted_label(m, view: str) -> bool:
    """A number inside short quotes with other characters: “七五”普法, “四个意识”, “五元看大片”.

    Not a label: a quantity that is all the quote holds (“41%”), a quote that ends right before the
    quantity's unit (“1059”人), or a long quoted clause (a quoted contract term holds real amounts).
    """
    s = m.start("num") if m.group("num") else m.start()
    if m.group("q1") is not None and m.group("q2"):
        return m.group("unit") is None  # “1059”人 keeps its unit; “三八” is a label
    left = view[max(0, s - _LABEL_MAX) : s]
    opened = max(left.rfind(c) for c in _QUOTES_OPEN)
    if opened < 0 or any(c in left[opened + 1 :] for c in _QUOTES_CLOSE + "\n"):
        return False
    e = m.end()
    right = view[e : e + _LABEL_MAX]
    closes = [right.find(c) for c in _QUOTES_CLOSE if c in right]
    if not closes:
        return False
    close = min(closes)
    if any(c in right[:close] for c in _QUOTES_OPEN + "\n。；;"):
        return False
    inside_before = len(left) - opened - 1
    if inside_before == 0 and close == 0:
        return False  # the quote holds the quantity alone
    return inside_before + (e - s) + close <= _LABEL_MAX


def _next_to_letters(view: str, start: int, end: int) -> bool:
    before = view[start - 1 : start]
    after = view[end : end + 1]
    return bool(regex.match(r"[A-Za-z]", before) or regex.match(r"[A-Za-z]", after))


def _category_follows(view: str, pos: int) -> bool:
    """`百人以上企业`: a threshold naming a category when a counted noun follows 以上/以下."""
    follows = view[pos : pos + 8].lstrip("的")
    return any(follows.startswith(n) for n in count_nouns())
